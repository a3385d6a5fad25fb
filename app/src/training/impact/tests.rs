//! The estimator against statsmodels: panels and expected numbers made by
//! `tests/reference/impact_reference.py` (committed in `tests/fixtures/impact_*.json`).

use super::inference::{self, Method, analyse, assignments, choose, holm};
use super::panel::Panel;
use serde_json::Value;

fn fixture(text: &str) -> (Panel, Value) {
    let v: Value = serde_json::from_str(text).expect("fixture JSON");
    let panel: Panel = serde_json::from_value(v["panel"].clone()).expect("panel");
    (panel, v)
}

fn small() -> (Panel, Value) {
    fixture(include_str!("../../../../tests/fixtures/impact_small.json"))
}

fn big() -> (Panel, Value) {
    fixture(include_str!(
        "../../../../tests/fixtures/impact_cluster.json"
    ))
}

fn counts() -> (Panel, Value) {
    fixture(include_str!(
        "../../../../tests/fixtures/impact_counts.json"
    ))
}

fn close(a: f64, b: &Value, tol: f64, what: &str) {
    let b = b
        .as_f64()
        .unwrap_or_else(|| panic!("{what}: no reference value"));
    assert!(
        (a - b).abs() <= tol * b.abs().max(1.0),
        "{what}: {a} against statsmodels {b}"
    );
}

#[test]
fn the_two_way_fixed_effects_fit_and_its_cr1_error_equal_statsmodels() {
    for (panel, v) in [small(), big()] {
        let r = &v["cluster"];
        let fit = panel
            .twfe(&panel.y, &[panel.att_regressor(&panel.treated)])
            .unwrap();
        close(fit.coef[0], &r["estimate"], 1e-9, "ATT");
        close(fit.cov[0][0].sqrt(), &r["std_error"], 1e-9, "CR1 error");
        let a = inference::cluster(&panel, &panel.y).unwrap();
        close(a.att.estimate, &r["estimate"], 1e-9, "ATT");
        close(a.att.ci_low.unwrap(), &r["ci_low"], 1e-9, "ci_low");
        close(a.att.ci_high.unwrap(), &r["ci_high"], 1e-9, "ci_high");
        close(a.att.p_value, &r["p_value"], 1e-7, "p");
        close(a.mde, &r["mde"], 1e-9, "MDE");
        assert_eq!(a.method, Method::Cluster);
        for (i, (month, e)) in a.event_study.iter().enumerate() {
            let x = &r["event_study"][i];
            assert_eq!(x["month"], *month);
            close(e.estimate, &x["estimate"], 1e-9, "event estimate");
            close(e.ci_low.unwrap(), &x["ci_low"], 1e-9, "event ci_low");
            close(e.ci_high.unwrap(), &x["ci_high"], 1e-9, "event ci_high");
            close(e.p_value, &x["p_value"], 1e-7, "event p");
        }
        close(
            a.pre_trend_p.unwrap(),
            &r["pre_trend_p"],
            1e-7,
            "joint pre-test",
        );
    }
}

#[test]
fn on_a_balanced_panel_the_fixed_effects_fit_is_the_difference_of_unit_changes() {
    let (panel, _) = small();
    let fit = panel
        .twfe(&panel.y, &[panel.att_regressor(&panel.treated)])
        .unwrap();
    let d = panel.unit_changes(&panel.y);
    let (mut t, mut c, mut nt, mut nc) = (0.0, 0.0, 0.0, 0.0);
    for (i, x) in d.iter().enumerate() {
        if panel.treated[i] {
            t += x;
            nt += 1.0;
        } else {
            c += x;
            nc += 1.0;
        }
    }
    assert!((fit.coef[0] - (t / nt - c / nc)).abs() < 1e-10);
}

/// The second outcome (minus the proven complaints of a unit-month: small whole numbers,
/// many zeros) through the same estimator, against statsmodels.
#[test]
fn a_panel_of_complaint_counts_gives_the_statsmodels_numbers_too() {
    let (panel, v) = counts();
    assert!(
        panel
            .y
            .iter()
            .flatten()
            .all(|x| x.fract() == 0.0 && *x <= 0.0)
    );
    let r = &v["cluster"];
    let fit = panel
        .twfe(&panel.y, &[panel.att_regressor(&panel.treated)])
        .unwrap();
    close(fit.coef[0], &r["estimate"], 1e-9, "ATT");
    close(fit.cov[0][0].sqrt(), &r["std_error"], 1e-9, "CR1 error");
    let r = &v["randomization"];
    let a = analyse(&panel, &panel.y).unwrap();
    assert_eq!(a.method, Method::Randomization, "3 treated units");
    assert_eq!(a.assignments as u64, r["assignments"].as_u64().unwrap());
    close(a.att.estimate, &r["estimate"], 1e-9, "ATT");
    close(a.att.p_value, &r["p_value"], 1e-12, "p");
    close(a.att.ci_low.unwrap(), &r["ci_low"], 1e-6, "ci_low");
    close(a.att.ci_high.unwrap(), &r["ci_high"], 1e-6, "ci_high");
    close(a.mde, &r["mde"], 1e-9, "MDE");
}

#[test]
fn randomization_inference_equals_an_enumeration_of_every_assignment() {
    let (panel, v) = small();
    let r = &v["randomization"];
    let a = analyse(&panel, &panel.y).unwrap();
    assert_eq!(a.method, Method::Randomization, "3 treated units");
    assert_eq!(a.assignments as u64, r["assignments"].as_u64().unwrap());
    close(a.att.estimate, &r["estimate"], 1e-9, "ATT");
    close(a.att.p_value, &r["p_value"], 1e-12, "p");
    close(a.att.ci_low.unwrap(), &r["ci_low"], 1e-6, "ci_low");
    close(a.att.ci_high.unwrap(), &r["ci_high"], 1e-6, "ci_high");
    close(a.mde, &r["mde"], 1e-9, "MDE");
    for (i, (month, e)) in a.event_study.iter().enumerate() {
        let x = &r["event_study"][i];
        assert_eq!(x["month"], *month);
        close(e.estimate, &x["estimate"], 1e-9, "event estimate");
        close(e.p_value, &x["p_value"], 1e-12, "event p");
    }
    close(
        a.pre_trend_p.unwrap(),
        &r["pre_trend_p"],
        1e-12,
        "joint pre-test",
    );
}

/// A comparison row without two of its months: it takes part through its own months (each
/// against the month's movement over the complete rows), the event study uses the complete
/// rows; against the reference's numpy version of the test (which equals the statsmodels one
/// on the balanced panel).
#[test]
fn a_comparison_row_with_missing_months_is_compared_on_its_own_months() {
    let (_, v) = small();
    let y: Vec<Vec<f64>> = v["gappy_panel"]["y"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r.as_array()
                .unwrap()
                .iter()
                .map(|c| c.as_f64().unwrap_or(f64::NAN))
                .collect()
        })
        .collect();
    let mut panel: Panel = serde_json::from_value(v["panel"].clone()).unwrap();
    panel.y = y.clone();
    assert!(y[6][2].is_nan() && y[6][9].is_nan());
    let r = &v["gappy"];
    let a = analyse(&panel, &y).unwrap();
    assert_eq!(a.method, Method::Randomization);
    close(a.att.estimate, &r["estimate"], 1e-9, "ATT");
    close(a.att.p_value, &r["p_value"], 1e-12, "p");
    close(a.att.ci_low.unwrap(), &r["ci_low"], 1e-6, "ci_low");
    close(a.att.ci_high.unwrap(), &r["ci_high"], 1e-6, "ci_high");
    close(a.mde, &r["mde"], 1e-9, "MDE");
    for (w, x) in a.weights.iter().zip(r["weights"].as_array().unwrap()) {
        close(*w, x, 1e-9, "weight");
    }
    assert_eq!(a.event_study.len(), 11);
    for (i, (month, e)) in a.event_study.iter().enumerate() {
        let x = &r["event_study"][i];
        assert_eq!(x["month"], *month);
        close(
            e.estimate,
            &x["estimate"],
            1e-9,
            "event estimate (complete rows)",
        );
        close(e.p_value, &x["p_value"], 1e-12, "event p");
    }
    // On the balanced panel the filled changes are the plain ones.
    let (full, _) = small();
    for (a, b) in full
        .filled_changes(&full.y)
        .iter()
        .zip(full.unit_changes(&full.y))
    {
        assert!((a - b).abs() < 1e-9);
    }
}

#[test]
fn the_interval_holds_exactly_the_effects_the_test_does_not_reject() {
    let (panel, _) = small();
    let a = inference::randomization(&panel, &panel.y);
    let (lo, hi) = (a.att.ci_low.unwrap(), a.att.ci_high.unwrap());
    assert!(lo < a.att.estimate && a.att.estimate < hi);
    // Shifting the treated units' post cells by tau moves the estimate by tau; tau at the
    // interval's ends is just (not) rejected.
    let shifted = |tau: f64| {
        let y: Vec<Vec<f64>> = panel
            .y
            .iter()
            .enumerate()
            .map(|(i, r)| {
                r.iter()
                    .enumerate()
                    .map(|(j, v)| v - tau * f64::from(u8::from(panel.treated[i] && panel.post(j))))
                    .collect()
            })
            .collect();
        inference::randomization(&panel, &y).att.p_value
    };
    assert!(shifted(lo + 1e-6) > 0.05 && shifted(hi - 1e-6) > 0.05);
    assert!(shifted(lo - 1e-3) <= 0.05 && shifted(hi + 1e-3) <= 0.05);
}

#[test]
fn many_assignments_are_drawn_with_a_fixed_seed_and_include_the_observed_one() {
    assert_eq!(choose(8, 3), 56);
    assert_eq!(choose(40, 3), 9_880);
    assert_eq!(assignments(8, &[0, 1, 2]).len(), 56);
    let observed = [4, 17, 30];
    let a = assignments(40, &observed);
    assert_eq!(a.len(), inference::MAX_ASSIGNMENTS);
    assert_eq!(a[0], observed);
    assert_eq!(a, assignments(40, &observed), "the same draws every time");
    assert!(
        a.iter()
            .all(|s| s.len() == 3 && s.windows(2).all(|w| w[0] < w[1]))
    );
}

#[test]
fn many_treated_units_use_clustered_errors() {
    let (panel, _) = big();
    assert_eq!(analyse(&panel, &panel.y).unwrap().method, Method::Cluster);
}

/// Twelve trained units against three comparison units: clustered errors would rest on
/// three clusters, so randomization inference answers (C(15, 12) = 455 assignments).
#[test]
fn few_comparison_units_use_randomization_even_with_many_treated() {
    let (panel, _) = big();
    let mut controls = 0;
    let keep: Vec<usize> = (0..panel.treated.len())
        .filter(|&i| {
            panel.treated[i] || {
                controls += 1;
                controls <= 3
            }
        })
        .collect();
    let few = Panel {
        units: keep.iter().map(|&i| panel.units[i].clone()).collect(),
        rel: panel.rel.clone(),
        treated: keep.iter().map(|&i| panel.treated[i]).collect(),
        y: keep.iter().map(|&i| panel.y[i].clone()).collect(),
    };
    assert_eq!(few.treated.iter().filter(|t| **t).count(), 12);
    let a = analyse(&few, &few.y).unwrap();
    assert_eq!(a.method, Method::Randomization);
    assert_eq!(a.assignments, 455);
    assert!(!inference::uses_clusters(12, 9) && inference::uses_clusters(10, 10));
}

#[test]
fn holm_adjusts_step_down_and_keeps_order() {
    let p = holm(&[0.01, 0.04, 0.03]);
    assert_eq!(p, vec![0.03, 0.06, 0.06]);
    assert_eq!(holm(&[0.5]), vec![0.5]);
    assert_eq!(holm(&[0.6, 0.9]), vec![1.0, 1.0]);
}

/// The ANCOVA bound against statsmodels' OLS of each unit's mean after on the treated
/// indicator and its mean before, with every assignment enumerated.
#[test]
fn the_ancova_bound_equals_statsmodels() {
    let (panel, v) = small();
    let a = inference::ancova(&panel, &panel.y).unwrap();
    let r = &v["ancova"];
    close(a.estimate, &r["estimate"], 1e-9, "ANCOVA");
    close(a.p_value, &r["p_value"], 1e-12, "ANCOVA p");
    close(a.ci_low.unwrap(), &r["ci_low"], 1e-6, "ANCOVA ci_low");
    close(a.ci_high.unwrap(), &r["ci_high"], 1e-6, "ANCOVA ci_high");
}

/// The report of a simulated panel whose trained units are the three lowest.
fn report_on_the_lowest(effect: f64, seed: u64) -> super::report::ImpactReport {
    use super::report::{Inputs, UnitInfo, build, month_of};
    use super::simulate::{Design, Selection, panel};
    use crate::survey::index::Totals;
    use chrono::NaiveDate;
    use rand::SeedableRng;
    use std::collections::BTreeMap;
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let p = panel(&Design::default(), effect, Selection::Lowest, &mut rng);
    let start = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap();
    let sm = month_of(start);
    // A cell whose IKM is `v`: every element's mean score v / 25.
    let cell = |v: f64| {
        let mut t = Totals {
            responses: 100_000,
            ..Totals::default()
        };
        for k in 0..9 {
            t.answered[k] = 100_000;
            t.sums[k] = (v / 25.0 * 100_000.0).round() as i64;
        }
        t
    };
    let ids: Vec<i32> = (1..=40).collect();
    let cells = ids
        .iter()
        .zip(&p.y)
        .map(|(id, row)| {
            let by_month: BTreeMap<i32, Totals> = p
                .rel
                .iter()
                .zip(row)
                .map(|(k, v)| (sm + k, cell(*v)))
                .collect();
            (*id, by_month)
        })
        .collect();
    build(&Inputs {
        program_id: 1,
        start,
        end: start,
        units: ids
            .iter()
            .zip(&p.treated)
            .filter(|(_, t)| **t)
            .map(|(id, _)| *id)
            .collect(),
        targets: Vec::new(),
        tree: ids
            .iter()
            .map(|id| UnitInfo {
                id: *id,
                code: format!("u{id}"),
                name: format!("Unit {id}"),
                parent: None,
            })
            .collect(),
        others: Vec::new(),
        cells,
        today: NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(),
        registered_on: NaiveDate::from_ymd_opt(2025, 12, 1).unwrap(),
        comparison: None,
        conduct: None,
    })
}

/// Units chosen for a low "before", through the whole report: the ANCOVA is given beside
/// the difference-in-differences; a direction only when both find it.
#[test]
fn a_report_on_the_lowest_units_gives_a_direction_only_when_the_ancova_bound_agrees() {
    use super::Verdict;
    // A real +6: both find it, so "improved" stands, with the warning and the bound shown.
    let r = report_on_the_lowest(6.0, 11);
    assert!(r.selection_warning);
    let bound = r.ancova.clone().unwrap();
    assert!(bound.p_value < 0.05 && bound.estimate > 0.0, "{bound:?}");
    assert_eq!(r.verdict, Verdict::Improved);
    // No effect: regression to the mean makes the difference-in-differences "find" a rise
    // now and then; the ANCOVA does not agree, so no direction.
    let mut seen = 0;
    for seed in 0..300 {
        let r = report_on_the_lowest(0.0, seed);
        let bound = r.ancova.clone().unwrap();
        if r.p_value.unwrap() < 0.05 && bound.p_value >= 0.05 {
            assert_eq!(r.verdict, Verdict::Inconclusive, "seed {seed}");
            assert!(r.reasons.iter().any(|x| x.code == "selection_on_outcome"));
            assert!(r.estimate.is_some() && r.before_after.is_some());
            seen += 1;
            if seen == 2 {
                break;
            }
        }
    }
    assert!(
        seen > 0,
        "some null panel where only the difference-in-differences rejects"
    );
}

/// The closed-form test inversion against a brute-force scan of tau, with overlaps `b` above
/// 1 in size (the ANCOVA can give them) as well as below.
#[test]
fn the_test_inversion_equals_a_scan_even_when_overlaps_exceed_one() {
    use rand::{Rng, SeedableRng};
    let mut rng = rand::rngs::StdRng::seed_from_u64(5);
    for case in 0..30 {
        let est = rng.random_range(-3.0..3.0);
        let mut a = vec![est];
        let mut b = vec![1.0];
        for _ in 0..199 {
            a.push(rng.random_range(-4.0..4.0));
            // A third of the overlaps beyond 1 in size.
            b.push(if rng.random_bool(0.33) {
                rng.random_range(1.05..2.5) * if rng.random_bool(0.5) { 1.0 } else { -1.0 }
            } else {
                rng.random_range(-0.95..0.95)
            });
        }
        let accepted = |tau: f64| {
            let stat = (est - tau).abs();
            a.iter()
                .zip(&b)
                .filter(|(x, z)| (*x - tau * *z).abs() >= stat - 1e-9 * stat.max(1.0))
                .count() as f64
                / a.len() as f64
                > 0.05
        };
        let grid: Vec<f64> = (-40_000..=40_000).map(|i| f64::from(i) * 0.005).collect();
        let inside: Vec<f64> = grid.iter().copied().filter(|t| accepted(*t)).collect();
        let (lo, hi) = super::inference::invert_test(&a, &b, est);
        let (glo, ghi) = (inside[0], inside[inside.len() - 1]);
        match lo {
            Some(l) => assert!(
                (l - glo).abs() < 0.006,
                "case {case}: low {l} against {glo}"
            ),
            None => assert!(glo <= -199.9, "case {case}: unbounded below, scan {glo}"),
        }
        match hi {
            Some(h) => assert!(
                (h - ghi).abs() < 0.006,
                "case {case}: high {h} against {ghi}"
            ),
            None => assert!(ghi >= 199.9, "case {case}: unbounded above, scan {ghi}"),
        }
    }
}

/// A small province for the eligibility rules: office 1 with UPTDs 2 and 3, offices 4 to 12
/// on their own, every unit with a cell in every month (some noise, so that variances are
/// not zero). The program trains UPTD 2 and offices 4 and 5 in January 2026.
fn province(others: Vec<super::report::OtherProgram>, gaps: &[i32]) -> super::report::ImpactReport {
    use super::report::{Inputs, UnitInfo, build, month_of};
    use crate::survey::index::Totals;
    use chrono::NaiveDate;
    use rand::{Rng, SeedableRng};
    use std::collections::{BTreeMap, HashMap};
    let start = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap();
    let sm = month_of(start);
    let mut rng = rand::rngs::StdRng::seed_from_u64(9);
    let tree: Vec<UnitInfo> = (1..=12)
        .map(|id| UnitInfo {
            id,
            code: format!("u{id}"),
            name: format!("Unit {id}"),
            parent: (id == 2 || id == 3).then_some(1),
        })
        .collect();
    let mut cells: HashMap<i32, BTreeMap<i32, Totals>> = HashMap::new();
    for id in 1..=12 {
        for m in sm - 7..=sm + 7 {
            if gaps.contains(&id) && m == sm + 2 {
                continue;
            }
            let n = 40;
            let total = (9.0 * n as f64 * (3.0 + 0.2 * rng.random::<f64>())) as i64;
            let mut t = Totals {
                responses: n,
                ..Totals::default()
            };
            for k in 0..9 {
                t.answered[k] = n;
                t.sums[k] = total / 9;
            }
            cells.entry(id).or_default().insert(m, t);
        }
    }
    build(&Inputs {
        program_id: 1,
        start,
        end: start,
        units: vec![2, 4, 5],
        targets: Vec::new(),
        tree,
        others,
        cells,
        today: NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(),
        registered_on: NaiveDate::from_ymd_opt(2025, 12, 1).unwrap(),
        comparison: None,
        conduct: None,
    })
}

fn other(
    units: Vec<i32>,
    start: (i32, u32),
    registered: (i32, u32),
) -> super::report::OtherProgram {
    use chrono::NaiveDate;
    let day = NaiveDate::from_ymd_opt(start.0, start.1, 2).unwrap();
    super::report::OtherProgram {
        name: "Program lain".into(),
        registered_on: NaiveDate::from_ymd_opt(registered.0, registered.1, 1).unwrap(),
        start: day,
        end: day,
        units,
    }
}

#[test]
fn a_unit_trained_again_leaves_its_whole_office_out_of_the_comparison() {
    let r = province(vec![other(vec![2], (2026, 4), (2026, 3))], &[]);
    let reason = |code: &str| {
        r.excluded_units
            .iter()
            .find(|e| e.code == code)
            .map(|e| e.reason.as_str())
    };
    assert_eq!(reason("u2"), Some("trained_again"));
    assert_eq!(reason("u3"), Some("same_office_as_trained"));
    assert!(reason("u1").is_some());
    assert!(
        r.control_units
            .iter()
            .all(|u| u.code != "u1" && u.code != "u3")
    );
    assert_eq!(r.treated_units.len(), 2);
}

#[test]
fn a_program_registered_after_the_window_closed_cannot_move_the_verdict() {
    let before = province(Vec::new(), &[]);
    let late = province(vec![other(vec![2], (2026, 4), (2026, 12))], &[]);
    assert_eq!(late.treated_units.len(), 3, "UPTD 2 still credited");
    assert_eq!(late.estimate, before.estimate);
    assert_eq!(late.caveats.len(), 1);
    assert_eq!(late.caveats[0].reason, "trained_again_later");
    // A training that ended just before the window (its effect may still be growing)
    // counts like one inside it.
    let just_before = province(vec![other(vec![4], (2025, 6), (2025, 5))], &[]);
    assert!(
        just_before
            .excluded_units
            .iter()
            .any(|e| e.code == "u4" && e.reason == "trained_again")
    );
}

#[test]
fn the_complete_comparison_offices_alone_must_be_enough() {
    // Every comparison office but two misses a month: they stay compared, listed, but the
    // month-by-month comparison would rest on two offices, so no verdict.
    let gappy: Vec<i32> = (8..=12).collect();
    let r = province(Vec::new(), &gappy);
    assert!(
        r.reasons
            .iter()
            .any(|x| x.code == "few_controls" && x.detail == "2"),
        "{:?}",
        r.reasons
    );
    // With enough complete ones, the others are compared on their own months.
    let r = province(Vec::new(), &[6, 7]);
    assert!(r.reasons.is_empty(), "{:?}", r.reasons);
    assert_eq!(r.missing_months.len(), 2);
    assert!(r.estimate.is_some());
}
