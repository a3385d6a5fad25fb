use super::*;

fn block(n: usize, score: u8, low: usize) -> Totals {
    let mut t = Totals::default();
    for i in 0..n {
        let s = if i < low { score - 1 } else { score };
        let mut r = [Some(s); 9];
        if i % 4 == 0 {
            r[6] = Some(s.saturating_sub(1).max(1));
        }
        t.add_response(r);
    }
    t
}

#[test]
fn a_clear_fall_fires_and_names_the_element_that_fell_most() {
    let blocks: Vec<Totals> = (0..12).map(|k| block(40, 4, 10 + k % 3)).collect();
    let mut recent = block(40, 3, 15);
    // U7 falls further.
    let mut extra = Totals::default();
    for _ in 0..10 {
        let mut r = [Some(3); 9];
        r[6] = Some(1);
        extra.add_response(r);
    }
    recent.merge(&extra);
    let f = test(&recent, &blocks).unwrap();
    assert!(f.drop > 15.0, "{f:?}");
    assert!(f.fires());
    assert_eq!(f.element, Element::U7);
}

#[test]
fn a_month_like_the_others_does_not_fire_and_thin_data_is_not_tested() {
    let blocks: Vec<Totals> = (0..12).map(|k| block(40, 4, 10 + k % 5)).collect();
    let recent = block(40, 4, 13);
    let f = test(&recent, &blocks).unwrap();
    assert!(!f.fires(), "{f:?}");
    assert!(test(&block(5, 3, 0), &blocks).is_none(), "five responses");
    assert!(
        test(&recent, &blocks[..3]).is_none(),
        "three months of history"
    );
}

#[test]
fn months_that_wobble_widen_the_noise() {
    let steady: Vec<Totals> = (0..12).map(|_| block(40, 4, 12)).collect();
    let wobbly: Vec<Totals> = (0..12)
        .map(|k| block(40, 4, if k % 2 == 0 { 2 } else { 24 }))
        .collect();
    let recent = block(40, 4, 20);
    let a = test(&recent, &steady).unwrap();
    let b = test(&recent, &wobbly).unwrap();
    assert!(b.se > a.se * 1.5, "{} vs {}", b.se, a.se);
}

#[test]
fn one_fall_raises_one_alarm_until_it_has_been_quiet() {
    assert_eq!(step(true, None), Step::Raise);
    assert_eq!(step(true, Some(1)), Step::Refire);
    assert_eq!(step(false, Some(1)), Step::Nothing);
    assert_eq!(step(true, Some(QUIET_DAYS)), Step::Refire);
    assert_eq!(step(true, Some(QUIET_DAYS + 1)), Step::Raise);
    assert_eq!(step(false, None), Step::Nothing);
}
