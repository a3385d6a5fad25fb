//! The satisfaction index (IKM) of PermenPANRB 14/2017: NRR per element, IKM with weights of
//! exactly 1/9, the A-D grade, and the Krejcie-Morgan minimum sample.
//!
//! Values are computed from integer sums and rounded once, at the end, half up, so that
//! all-4 answers give exactly 100.00 and grade boundaries are decided on the rounded value
//! as the regulation does.

use super::domain::{ELEMENT_COUNT, Element};
#[cfg(feature = "ssr")]
pub use super::moments::{DayMoments, Moments};
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
/// Running sums of a set of responses: per element the number who answered and the sum of
/// their scores, and the second moments that give each index its interval: those of the
/// responses, and those of the days they came in (zero when the days are not known, as for
/// responses added one by one).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    pub responses: i64,
    pub answered: [i64; ELEMENT_COUNT],
    pub sums: [i64; ELEMENT_COUNT],
    pub moments: Moments,
    pub days: DayMoments,
    /// Who answered (kept beside the sums; not part of any index).
    pub profile: super::profile::Profile,
}

#[cfg(feature = "ssr")]
impl Totals {
    /// Adds one response's scores (`None` where an element was not answered).
    pub fn add_response(&mut self, scores: [Option<u8>; ELEMENT_COUNT]) {
        self.responses += 1;
        for (i, s) in scores.iter().enumerate() {
            if let Some(s) = s {
                self.answered[i] += 1;
                self.sums[i] += i64::from(*s);
            }
        }
        self.moments.add_response(&scores);
    }

    /// Adds another set of sums to this one.
    pub fn merge(&mut self, other: &Totals) {
        self.responses += other.responses;
        for i in 0..ELEMENT_COUNT {
            self.answered[i] += other.answered[i];
            self.sums[i] += other.sums[i];
        }
        self.moments.merge(&other.moments);
        self.days.merge(&other.days);
        self.profile.merge(&other.profile);
    }

    /// Adds the responses of one day (a service's, or of responses that may share its
    /// cause): their sums, and the day as one draw of the days' moments.
    pub fn add_day(&mut self, day: &Totals) {
        self.merge(day);
        self.days.merge(&day.as_day());
    }

    /// The moments that one day with these sums adds to the days' (these sums taken as one
    /// day's).
    pub fn as_day(&self) -> DayMoments {
        DayMoments::of_day(self.responses, &self.answered, &self.sums)
    }

    /// These sums less `other`'s, which they include (a window of a running total).
    pub fn minus(&self, other: &Totals) -> Totals {
        let mut t = *self;
        t.responses -= other.responses;
        for i in 0..ELEMENT_COUNT {
            t.answered[i] -= other.answered[i];
            t.sums[i] -= other.sums[i];
        }
        t.moments = self.moments.minus(&other.moments);
        t.days = self.days.minus(&other.days);
        t.profile = self.profile.minus(&other.profile);
        t
    }

    /// The IKM before rounding (25 x the mean of the nine NRRs), for statistics on many
    /// cells; `None` when some element has no answer.
    pub fn ikm_value(&self) -> Option<f64> {
        if self.answered.contains(&0) {
            return None;
        }
        let nrr: f64 = (0..ELEMENT_COUNT)
            .map(|i| self.sums[i] as f64 / self.answered[i] as f64)
            .sum();
        Some(25.0 * nrr / ELEMENT_COUNT as f64)
    }

    /// One element's NRR x 25 before rounding; `None` when nobody answered it.
    pub fn element_value(&self, e: Element) -> Option<f64> {
        let n = self.answered[e.index()];
        (n > 0).then(|| 25.0 * self.sums[e.index()] as f64 / n as f64)
    }

    /// The index of these responses, or `None` when some element has no answer at all.
    pub fn index(&self) -> Option<Index> {
        if self.answered.contains(&0) {
            return None;
        }
        let spread = super::interval::Spread::of(self);
        let elements = Element::ALL.map(|e| {
            let (s, n) = (self.sums[e.index()], self.answered[e.index()]);
            ElementIndex {
                element: e,
                nrr: Fixed::new(round_half_up(s as i128 * 10_000, n as i128), 4),
                index: Fixed::new(round_half_up(s as i128 * 2_500, n as i128), 2),
                ci: spread.as_ref().and_then(|v| v.element(e)),
            }
        });
        Some(Index {
            ikm: Fixed::new(self.ikm_hundredths(), 2),
            elements,
            ci: spread.as_ref().and_then(|v| v.ikm()),
        })
    }

    /// IKM x 100, rounded half up: 25/9 x sum of NRR_i, computed exactly as a fraction.
    fn ikm_hundredths(&self) -> i64 {
        // sum_i(s_i / n_i) = sum_i(s_i * L / n_i) / L with L the lcm of the n_i; exact while
        // it fits (always when every element was answered by everybody, L = n).
        let l = self.answered.iter().try_fold(1_i128, |acc, &n| {
            let n = n as i128;
            let l = acc / gcd(acc, n) * n;
            (l < 1_i128 << 80).then_some(l)
        });
        match l {
            Some(l) => {
                let num: i128 = (0..ELEMENT_COUNT)
                    .map(|i| self.sums[i] as i128 * (l / self.answered[i] as i128))
                    .sum();
                round_half_up(num * 2_500, l * 9)
            }
            None => {
                let nrr: f64 = (0..ELEMENT_COUNT)
                    .map(|i| self.sums[i] as f64 / self.answered[i] as f64)
                    .sum();
                (nrr * 2_500.0 / 9.0).round() as i64
            }
        }
    }
}

#[cfg(feature = "ssr")]
fn gcd(a: i128, b: i128) -> i128 {
    if b == 0 { a } else { gcd(b, a % b) }
}

#[cfg(feature = "ssr")]
/// `num / den` rounded half up, for non-negative operands.
fn round_half_up(num: i128, den: i128) -> i64 {
    ((2 * num + den) / (2 * den)) as i64
}

/// A decimal value kept as an integer count of 10^-scale units, so comparisons are exact.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Fixed {
    units: i64,
    scale: u8,
}

impl Fixed {
    #[cfg(feature = "ssr")]
    fn new(units: i64, scale: u8) -> Self {
        Fixed { units, scale }
    }
    /// The value as a float (for JSON and charts).
    pub fn to_f64(self) -> f64 {
        self.units as f64 / 10_f64.powi(i32::from(self.scale))
    }
    /// The value in hundredths, for an index rounded to 2 decimals.
    pub fn hundredths(self) -> i64 {
        debug_assert_eq!(self.scale, 2);
        self.units
    }
    /// Formatted with its decimals and the given decimal separator.
    pub fn format(self, sep: char) -> String {
        let p = 10_i64.pow(u32::from(self.scale));
        format!(
            "{}{}{:0w$}",
            self.units / p,
            sep,
            self.units % p,
            w = usize::from(self.scale)
        )
    }
}

/// The 95 % interval of an index (on its 25-100 scale), and the standard error and degrees
/// of freedom it came from, for tests of change between periods. How it is computed, and
/// why, is in `docs/intervals.md` and `interval.rs`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Interval {
    pub low: f64,
    pub high: f64,
    pub se: f64,
    pub df: f64,
}

impl Interval {
    /// The lower end rounded to 2 decimals (as the index), for JSON and tables.
    pub fn low_2dp(&self) -> f64 {
        (self.low * 100.0).round() / 100.0
    }

    /// The upper end rounded to 2 decimals.
    pub fn high_2dp(&self) -> f64 {
        (self.high * 100.0).round() / 100.0
    }
}

/// One element's NRR (4 decimals) and its index NRR x 25 (2 decimals), with the index's
/// interval (`None` below two responses).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct ElementIndex {
    pub element: Element,
    pub nrr: Fixed,
    pub index: Fixed,
    pub ci: Option<Interval>,
}

/// The index of a set of responses: IKM (2 decimals) and per-element figures, with the
/// IKM's interval (`None` below two responses).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Index {
    pub ikm: Fixed,
    pub elements: [ElementIndex; ELEMENT_COUNT],
    pub ci: Option<Interval>,
}

impl Index {
    /// The grade of the IKM.
    pub fn grade(&self) -> Grade {
        Grade::of(self.ikm)
    }
}

/// Mutu pelayanan: A (Sangat Baik) to D (Tidak Baik).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Grade {
    A,
    B,
    C,
    D,
}

impl Grade {
    /// The grade of an index value rounded to 2 decimals (25.00..100.00).
    pub fn of(value: Fixed) -> Grade {
        match value.hundredths() {
            8831.. => Grade::A,
            7661.. => Grade::B,
            6500.. => Grade::C,
            _ => Grade::D,
        }
    }
    /// The letter.
    pub fn letter(self) -> &'static str {
        match self {
            Grade::A => "A",
            Grade::B => "B",
            Grade::C => "C",
            Grade::D => "D",
        }
    }
    /// The official Indonesian label of the unit's performance (kinerja unit pelayanan).
    pub fn label_id(self) -> &'static str {
        match self {
            Grade::A => "Sangat Baik",
            Grade::B => "Baik",
            Grade::C => "Kurang Baik",
            Grade::D => "Tidak Baik",
        }
    }
}

/// Krejcie & Morgan minimum sample for a population of `n` people served in the period
/// (chi-square 3.841, P = Q = 0.5, d = 0.05), rounded up.
pub fn min_sample(population: u64) -> u64 {
    if population == 0 {
        return 0;
    }
    let n = population as f64;
    let s = 3.841 * n * 0.25 / (0.0025 * (n - 1.0) + 3.841 * 0.25);
    // Guard against 79.000000001 becoming 80 through float noise.
    (s - 1e-9).ceil() as u64
}

/// The index of one scope (unit, service, all) over a period, with its sample status.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// Number of responses counted.
    pub responses: i64,
    /// `None` when there is no response to compute from.
    pub index: Option<Index>,
    /// Krejcie-Morgan minimum sample, `None` when the number of people served is unknown.
    pub min_sample: Option<u64>,
}

impl Report {
    #[cfg(feature = "ssr")]
    /// Builds the report of some sums, given the people served in the period if known.
    pub fn of(totals: &Totals, population: Option<u64>) -> Report {
        Report {
            responses: totals.responses,
            index: totals.index(),
            min_sample: population.map(min_sample),
        }
    }

    /// Whether the sample reached the minimum (`None` when the minimum is unknown).
    pub fn sample_reached(&self) -> Option<bool> {
        self.min_sample.map(|m| self.responses as u64 >= m)
    }
}

/// One row of the public index table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnitReport {
    pub code: String,
    pub name: String,
    /// 0 for a top-level unit, 1 for a UPTD under it, ...
    pub depth: u8,
    pub report: Report,
}

impl UnitReport {
    /// Its unit's code, name and depth, for a unit list (`web::unit_list`).
    pub fn unit(&self) -> (&str, &str, u8) {
        (&self.code, &self.name, self.depth)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Builds totals where every element was answered by `n` people with the given sums.
    fn totals(n: i64, sums: [i64; 9]) -> Totals {
        Totals {
            responses: n,
            answered: [n; 9],
            sums,
            ..Totals::default()
        }
    }

    #[test]
    fn the_worked_check_of_the_reference_gives_80_28_grade_b() {
        let idx = totals(10, [35, 31, 26, 39, 32, 34, 36, 29, 27])
            .index()
            .unwrap();
        assert_eq!(idx.ikm.format('.'), "80.28");
        assert_eq!(idx.grade(), Grade::B);
        assert_eq!(idx.grade().label_id(), "Baik");
        let u3 = idx.elements[Element::U3.index()];
        assert_eq!(u3.nrr.format('.'), "2.6000");
        assert_eq!(u3.index.format('.'), "65.00");
        assert_eq!(Grade::of(u3.index), Grade::C);
        let u4 = idx.elements[Element::U4.index()];
        assert_eq!(u4.index.format('.'), "97.50");
        assert_eq!(Grade::of(u4.index), Grade::A);
    }

    #[test]
    fn all_answers_four_give_exactly_100() {
        let idx = totals(7, [28; 9]).index().unwrap();
        assert_eq!(idx.ikm.hundredths(), 10_000);
        assert_eq!(idx.grade(), Grade::A);
    }

    #[test]
    fn all_answers_one_give_exactly_25() {
        let idx = totals(3, [3; 9]).index().unwrap();
        assert_eq!(idx.ikm.format('.'), "25.00");
        assert_eq!(idx.grade(), Grade::D);
    }

    #[test]
    fn grade_boundaries_apply_to_the_rounded_value() {
        let h = |units| Fixed::new(units, 2);
        assert_eq!(Grade::of(h(8831)), Grade::A);
        assert_eq!(Grade::of(h(8830)), Grade::B);
        assert_eq!(Grade::of(h(7661)), Grade::B);
        assert_eq!(Grade::of(h(7660)), Grade::C);
        assert_eq!(Grade::of(h(6500)), Grade::C);
        assert_eq!(Grade::of(h(6499)), Grade::D);
    }

    #[test]
    fn a_value_just_below_a_boundary_that_rounds_up_to_it_gets_the_higher_grade() {
        // 400 responses, element sums totalling 12719: IKM = 12719 x 25 / 3600 = 88.3263...
        // -> 88.33 (A); 12718 gives 88.3194 -> 88.32 (A); 12717 -> 88.3125 -> 88.31 (A);
        // 12716 -> 88.3055... -> 88.31 (A), 12715 -> 88.2986 -> 88.30 (B).
        let mut sums = [1413; 9];
        sums[0] = 1413 + (12716 - 1413 * 9);
        assert_eq!(totals(400, sums).index().unwrap().ikm.format('.'), "88.31");
        assert_eq!(totals(400, sums).index().unwrap().grade(), Grade::A);
        sums[0] -= 1;
        assert_eq!(totals(400, sums).index().unwrap().ikm.format('.'), "88.30");
        assert_eq!(totals(400, sums).index().unwrap().grade(), Grade::B);
    }

    #[test]
    fn rounding_the_weight_to_0_111_would_be_wrong_and_is_not_done() {
        // With w = 0.111 all-4 answers give 99.90; the exact weight gives 100.
        let idx = totals(1, [4; 9]).index().unwrap();
        assert_eq!(idx.ikm.format('.'), "100.00");
    }

    #[test]
    fn unequal_answer_counts_use_each_elements_own_count() {
        let mut t = totals(2, [8; 9]);
        t.answered[8] = 1;
        t.sums[8] = 2; // U9 answered by one person with 2: NRR 2.0
        // (8 x 4 + 2) / 9 x 25 = 94.444.. -> 94.44
        assert_eq!(t.index().unwrap().ikm.format('.'), "94.44");
    }

    #[test]
    fn no_responses_give_no_index() {
        assert_eq!(Totals::default().index(), None);
    }

    #[test]
    fn add_response_and_merge_keep_sums() {
        let mut a = Totals::default();
        a.add_response([Some(4); 9]);
        let mut b = Totals::default();
        b.add_response([
            Some(2),
            None,
            Some(2),
            Some(2),
            Some(2),
            Some(2),
            Some(2),
            Some(2),
            Some(2),
        ]);
        a.merge(&b);
        assert_eq!(a.responses, 2);
        assert_eq!(a.answered[1], 1);
        assert_eq!(a.sums[0], 6);
    }

    #[test]
    fn krejcie_morgan_matches_the_published_table() {
        for (n, s) in [
            (100, 80),
            (300, 169),
            (1_000, 278),
            (10_000, 370),
            (1_000_000, 384),
        ] {
            assert_eq!(min_sample(n), s, "N = {n}");
        }
        assert_eq!(min_sample(0), 0);
        assert_eq!(min_sample(1), 1);
    }
}
