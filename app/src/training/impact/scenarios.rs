//! Calibration of the whole report (who is compared, the estimate, the verdict) in the
//! situations a province produces, by simulation: a unit tree of offices and UPTDs, shocks
//! an office shares with its UPTDs, serially correlated months, thin and thick units, units
//! trained again by a later program, few comparison offices. Each simulated province is
//! turned into the report's own inputs (monthly sums of integer scores, as the survey
//! stores them) and judged by [`super::report::build`], so that the rates measured are those
//! of what a manager would read.

use super::Verdict;
use super::report::{ImpactReport, Inputs, OtherProgram, UnitInfo, build, first_day, month_of};
use crate::random::normal;
use crate::survey::index::Totals;
use chrono::NaiveDate;
use rand::{Rng, SeedableRng};
use std::collections::{BTreeMap, HashMap};

/// Which offices the program trains.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    /// At random.
    Random,
    /// The lowest before the program (mean of its units' cells over the six months before).
    Lowest,
}

/// The province and the program simulated.
#[derive(Clone, Copy, Debug)]
pub struct Scenario {
    pub offices: usize,
    /// UPTDs under each office (0: standalone units).
    pub uptds: usize,
    /// Whether an office with UPTDs has services of its own (otherwise only its UPTDs are
    /// rated, and the office is judged on their responses).
    pub office_services: bool,
    /// Offices trained by the program (with their UPTDs).
    pub trained: usize,
    pub choice: Choice,
    /// Standard deviation of a unit's own level (IKM points).
    pub unit_sd: f64,
    /// Of an office's monthly shock, shared by its UPTDs.
    pub office_sd: f64,
    /// Of a unit's own monthly shock, and its month-to-month correlation (AR(1)).
    pub shock_sd: f64,
    pub rho: f64,
    /// Of a month's shock common to every unit.
    pub month_sd: f64,
    /// Mean responses per unit-month, and those of the trained units when they are thin.
    pub responses: f64,
    pub trained_responses: Option<f64>,
    /// Spread of one response's IKM (points).
    pub response_sd: f64,
    /// A second program trains this many of the trained offices again this many months
    /// after the first one, with this true effect.
    pub retrained: Option<(usize, i32, f64)>,
    /// Chance that an untrained unit has no responses in a month.
    pub missing: f64,
}

impl Default for Scenario {
    /// Forty standalone units, three trained at random, as in [`super::simulate::Design`].
    fn default() -> Self {
        Scenario {
            offices: 40,
            uptds: 0,
            office_services: true,
            trained: 3,
            choice: Choice::Random,
            unit_sd: 3.0,
            office_sd: 0.0,
            shock_sd: 2.0,
            rho: 0.0,
            month_sd: 1.5,
            responses: 50.0,
            trained_responses: None,
            response_sd: 8.0,
            retrained: None,
            missing: 0.0,
        }
    }
}

/// The program's (single) training month.
const START: (i32, u32) = (2026, 1);
/// Months simulated before the window, so that serially correlated shocks start settled.
const BURN_IN: i32 = 12;

/// What the reports said over many provinces.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Tally {
    pub provinces: usize,
    pub improved: usize,
    pub worsened: usize,
    /// A verdict without direction (`inconclusive`) or none (`insufficient_data`).
    pub withheld: usize,
    pub estimated: usize,
    /// The interval held the true effect (among those estimated).
    pub covered: usize,
    pub mde_sum: f64,
}

impl Tally {
    pub fn share(&self, count: usize) -> f64 {
        count as f64 / self.provinces.max(1) as f64
    }

    /// Share of provinces where the report said "improved" or "worsened".
    pub fn changed(&self) -> f64 {
        self.share(self.improved + self.worsened)
    }

    /// Binomial standard error of a share over these provinces.
    pub fn share_se(&self, share: f64) -> f64 {
        (share * (1.0 - share) / self.provinces.max(1) as f64).sqrt()
    }

    pub fn mean_mde(&self) -> f64 {
        self.mde_sum / self.estimated.max(1) as f64
    }
}

/// Monthly sums of `n` responses whose IKM is about `v`: the nine elements' scores add up
/// to the nearest whole total, within 1..4 per answer, as the survey stores them.
fn sums(v: f64, n: i64) -> Totals {
    let total = ((v / 25.0) * 9.0 * n as f64).round() as i64;
    let total = total.clamp(9 * n, 36 * n);
    let mut t = Totals {
        responses: n,
        ..Totals::default()
    };
    for k in 0..9 {
        t.answered[k] = n;
        t.sums[k] = total / 9 + i64::from((k as i64) < total % 9);
    }
    t
}

/// `offices` offices of `per_office` units each (the office first, then its UPTDs), ids from 1
/// in order.
fn unit_tree(offices: usize, per_office: usize) -> Vec<UnitInfo> {
    let mut tree = Vec::new();
    for o in 0..offices {
        let head = (o * per_office + 1) as i32;
        for k in 0..per_office {
            let id = head + k as i32;
            tree.push(UnitInfo {
                id,
                code: format!("u{id}"),
                name: format!("Unit {id}"),
                parent: (k > 0).then_some(head),
            });
        }
    }
    tree
}

/// Adds a report's verdict to the tally, and whether its interval holds `effect`.
fn tally_report(t: &mut Tally, r: &ImpactReport, effect: f64) {
    match r.verdict {
        Verdict::Improved => t.improved += 1,
        Verdict::Worsened => t.worsened += 1,
        Verdict::Inconclusive | Verdict::InsufficientData => t.withheld += 1,
        Verdict::NoMeasurableChange => {}
    }
    if r.estimate.is_some() {
        t.estimated += 1;
        t.mde_sum += r.mde.unwrap_or(f64::NAN);
        if r.ci_low.is_none_or(|l| l <= effect) && r.ci_high.is_none_or(|h| h >= effect) {
            t.covered += 1;
        }
    }
}

/// One simulated province and the report on its program, with a true effect `effect` on the
/// trained units after the program.
pub fn simulate(s: &Scenario, effect: f64, rng: &mut impl Rng) -> ImpactReport {
    let per_office = 1 + s.uptds;
    let tree = unit_tree(s.offices, per_office);
    let start = NaiveDate::from_ymd_opt(START.0, START.1, 5).unwrap_or_default();
    let sm = month_of(start);
    let (first, last) = (sm - 6 - BURN_IN, sm + 6 + 12);
    let months: Vec<i32> = (first..=last).collect();
    let month_shock: Vec<f64> = months.iter().map(|_| s.month_sd * normal(rng)).collect();
    let office_shock: Vec<Vec<f64>> = (0..s.offices)
        .map(|_| months.iter().map(|_| s.office_sd * normal(rng)).collect())
        .collect();
    let rated = |u: &UnitInfo| s.uptds == 0 || s.office_services || u.parent.is_some();
    // Latent monthly IKM of every rated unit (before the effect and the response noise).
    let innov = s.shock_sd * (1.0 - s.rho * s.rho).sqrt();
    let latent: BTreeMap<i32, Vec<f64>> = tree
        .iter()
        .filter(|u| rated(u))
        .map(|u| {
            let office = (u.id as usize - 1) / per_office;
            let level = 80.0 + s.unit_sd * normal(rng);
            let mut e = s.shock_sd * normal(rng);
            let row = (0..months.len())
                .map(|j| {
                    e = s.rho * e + innov * normal(rng);
                    level + month_shock[j] + office_shock[office][j] + e
                })
                .collect();
            (u.id, row)
        })
        .collect();
    // Offices trained.
    let mut order: Vec<usize> = (0..s.offices).collect();
    match s.choice {
        Choice::Random => {
            for i in (1..order.len()).rev() {
                order.swap(i, rng.random_range(0..=i));
            }
        }
        Choice::Lowest => {
            let before = |o: usize| {
                let (mut sum, mut n) = (0.0, 0.0);
                for k in 0..per_office {
                    if let Some(row) = latent.get(&((o * per_office + 1 + k) as i32)) {
                        for (j, m) in months.iter().enumerate() {
                            if (sm - 6..sm).contains(m) {
                                sum += row[j];
                                n += 1.0;
                            }
                        }
                    }
                }
                sum / n
            };
            order.sort_by(|&a, &b| before(a).total_cmp(&before(b)));
        }
    }
    let trained: Vec<usize> = order[..s.trained].to_vec();
    let office_of = |id: i32| (id as usize - 1) / per_office;
    let mut others = Vec::new();
    let mut second: Vec<usize> = Vec::new();
    if let Some((count, after, _)) = s.retrained {
        second = trained[..count.min(trained.len())].to_vec();
        let day = first_day(sm + after);
        others.push(OtherProgram {
            name: "Program kedua".into(),
            registered_on: start,
            start: day,
            end: day,
            units: second.iter().map(|o| (o * per_office + 1) as i32).collect(),
        });
    }
    // In id order (the latent map is ordered), so that a seed gives the same province.
    let mut cells: HashMap<i32, BTreeMap<i32, Totals>> = HashMap::new();
    for (id, row) in &latent {
        let office = office_of(*id);
        let is_trained = trained.contains(&office);
        let mean_n = match s.trained_responses {
            Some(n) if is_trained => n,
            _ => s.responses,
        };
        let by_month = cells.entry(*id).or_default();
        for (j, m) in months.iter().enumerate() {
            if !is_trained && s.missing > 0.0 && rng.random::<f64>() < s.missing {
                continue;
            }
            let n = (mean_n * (0.8 + 0.4 * rng.random::<f64>()))
                .round()
                .max(1.0);
            let mut v = row[j] + s.response_sd / n.sqrt() * normal(rng);
            if is_trained && *m > sm {
                v += effect;
            }
            if let Some((_, after, e2)) = s.retrained
                && second.contains(&office)
                && *m > sm + after
            {
                v += e2;
            }
            by_month.insert(*m, sums(v, n as i64));
        }
    }
    build(&Inputs {
        program_id: 1,
        start,
        end: start,
        units: trained
            .iter()
            .map(|o| (o * per_office + 1) as i32)
            .collect(),
        targets: Vec::new(),
        tree,
        others,
        cells,
        today: first_day(last + 1),
        registered_on: start - chrono::Duration::days(30),
        comparison: None,
        conduct: None,
    })
}

/// Runs `count` provinces of a scenario through the report.
pub fn calibrate(s: &Scenario, effect: f64, count: usize, seed: u64) -> Tally {
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let mut t = Tally {
        provinces: count,
        ..Tally::default()
    };
    for _ in 0..count {
        let r = simulate(s, effect, &mut rng);
        tally_report(&mut t, &r, effect);
    }
    t
}

/// A province's conduct complaints, for the second outcome: proven complaints per unit and
/// month drawn from a Poisson whose rate differs from unit to unit (log-normal, so some
/// units have many and most have few), moves with a monthly shock shared by an office and
/// its UPTDs and a unit's own serially correlated shock, and is multiplied by `effect` at the
/// trained units after the program (1.0: no effect).
#[derive(Clone, Copy, Debug)]
pub struct ConductScenario {
    pub offices: usize,
    pub uptds: usize,
    pub trained: usize,
    /// `Lowest` here trains the offices with the *most* proven complaints before (the
    /// worst): selection on the outcome.
    pub choice: Choice,
    /// Mean proven complaints per unit-month.
    pub rate: f64,
    /// Standard deviation of a unit's log-rate.
    pub unit_sd: f64,
    /// Of an office's monthly log-rate shock, shared by its UPTDs.
    pub office_sd: f64,
    /// Of a unit's own monthly log-rate shock, and its month-to-month correlation.
    pub shock_sd: f64,
    pub rho: f64,
}

impl Default for ConductScenario {
    /// Forty standalone units, three trained at random, 0.3 proven complaints a unit-month.
    fn default() -> Self {
        ConductScenario {
            offices: 40,
            uptds: 0,
            trained: 3,
            choice: Choice::Random,
            rate: 0.3,
            unit_sd: 0.8,
            office_sd: 0.0,
            shock_sd: 0.3,
            rho: 0.0,
        }
    }
}

/// A Poisson draw (Knuth's method; the rates here are small).
fn poisson(lambda: f64, rng: &mut impl Rng) -> u64 {
    if lambda <= 0.0 {
        return 0;
    }
    if lambda > 30.0 {
        return (lambda + lambda.sqrt() * normal(rng)).round().max(0.0) as u64;
    }
    let limit = (-lambda).exp();
    let (mut k, mut p) = (0_u64, 1.0);
    loop {
        p *= rng.random::<f64>();
        if p <= limit {
            return k;
        }
        k += 1;
    }
}

/// One simulated province's conduct complaints and the report on its program measured on
/// them, with the trained units' rate multiplied by `effect` after the program.
pub fn simulate_conduct(s: &ConductScenario, effect: f64, rng: &mut impl Rng) -> ImpactReport {
    let per_office = 1 + s.uptds;
    let tree = unit_tree(s.offices, per_office);
    let start = NaiveDate::from_ymd_opt(START.0, START.1, 5).unwrap_or_default();
    let sm = month_of(start);
    let (first, last) = (sm - 6 - BURN_IN, sm + 6 + 12);
    let months: Vec<i32> = (first..=last).collect();
    let office_shock: Vec<Vec<f64>> = (0..s.offices)
        .map(|_| months.iter().map(|_| s.office_sd * normal(rng)).collect())
        .collect();
    let innov = s.shock_sd * (1.0 - s.rho * s.rho).sqrt();
    // Each unit's monthly rate before the effect; the mean rate over units is `rate`.
    let base = s.rate.ln() - s.unit_sd * s.unit_sd / 2.0;
    let rates: BTreeMap<i32, Vec<f64>> = tree
        .iter()
        .map(|u| {
            let office = (u.id as usize - 1) / per_office;
            let level = base + s.unit_sd * normal(rng);
            let mut e = s.shock_sd * normal(rng);
            let row = (0..months.len())
                .map(|j| {
                    e = s.rho * e + innov * normal(rng);
                    (level + office_shock[office][j] + e).exp()
                })
                .collect();
            (u.id, row)
        })
        .collect();
    let mut counts: HashMap<i32, BTreeMap<i32, u64>> = HashMap::new();
    let drawn: BTreeMap<i32, Vec<u64>> = rates
        .iter()
        .map(|(id, row)| (*id, row.iter().map(|l| poisson(*l, rng)).collect()))
        .collect();
    let mut order: Vec<usize> = (0..s.offices).collect();
    match s.choice {
        Choice::Random => {
            for i in (1..order.len()).rev() {
                order.swap(i, rng.random_range(0..=i));
            }
        }
        Choice::Lowest => {
            // The worst: the most proven complaints over the six months before.
            let before = |o: usize| -> u64 {
                (0..per_office)
                    .filter_map(|k| drawn.get(&((o * per_office + 1 + k) as i32)))
                    .flat_map(|row| {
                        months
                            .iter()
                            .zip(row)
                            .filter(|(m, _)| (sm - 6..sm).contains(*m))
                            .map(|(_, n)| *n)
                    })
                    .sum()
            };
            order.sort_by_key(|&o| std::cmp::Reverse(before(o)));
        }
    }
    let trained: Vec<usize> = order[..s.trained].to_vec();
    for (id, row) in &rates {
        let is_trained = trained.contains(&((*id as usize - 1) / per_office));
        let by_month = counts.entry(*id).or_default();
        for (j, m) in months.iter().enumerate() {
            let n = if is_trained && *m > sm && (effect - 1.0).abs() > f64::EPSILON {
                // Thinned (effect < 1) or added to, from the same draw where unchanged.
                poisson(row[j] * effect, rng)
            } else {
                drawn[id][j]
            };
            by_month.insert(*m, n);
        }
    }
    build(&Inputs {
        program_id: 1,
        start,
        end: start,
        units: trained
            .iter()
            .map(|o| (o * per_office + 1) as i32)
            .collect(),
        targets: Vec::new(),
        tree,
        others: Vec::new(),
        cells: HashMap::new(),
        today: first_day(last + 1),
        registered_on: start - chrono::Duration::days(30),
        comparison: None,
        conduct: Some(super::report::Conduct {
            counts,
            open: HashMap::new(),
        }),
    })
}

/// Runs `count` provinces of a conduct scenario through the report.
pub fn calibrate_conduct(s: &ConductScenario, effect: f64, count: usize, seed: u64) -> Tally {
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let mut t = Tally {
        provinces: count,
        ..Tally::default()
    };
    for _ in 0..count {
        let r = simulate_conduct(s, effect, &mut rng);
        // The true effect in counts is not one number here: the interval is checked against
        // zero (its coverage under no effect).
        tally_report(&mut t, &r, 0.0);
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(s: Scenario, effect: f64, seed: u64) -> ImpactReport {
        simulate(&s, effect, &mut rand::rngs::StdRng::seed_from_u64(seed))
    }

    #[test]
    fn the_conduct_outcome_rarely_claims_a_change_that_is_not_there() {
        // Fewer provinces than the calibration (`server calibrate impact`): the bound is the
        // 5 % level with three binomial standard errors of 120 provinces.
        for (s, what) in [
            (ConductScenario::default(), "random"),
            (
                ConductScenario {
                    choice: Choice::Lowest,
                    rho: 0.5,
                    ..ConductScenario::default()
                },
                "the worst trained, serial correlation",
            ),
            (
                ConductScenario {
                    offices: 15,
                    uptds: 2,
                    trained: 2,
                    office_sd: 0.4,
                    ..ConductScenario::default()
                },
                "offices with UPTDs sharing shocks",
            ),
        ] {
            let t = calibrate_conduct(&s, 1.0, 120, 20_261_206);
            assert!(
                t.changed() <= 0.05 + 3.0 * (0.05_f64 * 0.95 / 120.0).sqrt(),
                "{what}: {t:?}"
            );
        }
        // A halving at ten trained units of one complaint a month is found in about half of
        // the provinces (30 of 60 with this seed): the outcome sees only large changes.
        let t = calibrate_conduct(
            &ConductScenario {
                trained: 10,
                rate: 1.0,
                ..ConductScenario::default()
            },
            0.5,
            60,
            7,
        );
        assert!(t.share(t.improved) > 0.3, "{t:?}");
        assert_eq!(t.worsened, 0, "{t:?}");
    }

    #[test]
    fn a_conduct_report_counts_and_waits_for_open_findings() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(11);
        let r = simulate_conduct(&ConductScenario::default(), 1.0, &mut rng);
        assert_eq!(r.outcome, super::super::report::ImpactOutcome::Conduct);
        assert!(r.elements.is_empty(), "the elements are the IKM's");
        assert!(
            r.estimate.is_some() && r.mde.is_some_and(|m| m > 0.0),
            "{r:?}"
        );
        // Counts in their own sign: the before/after table holds non-negative means.
        let b = r.before_after.expect("a table");
        assert!(b.treated_before >= 0.0 && b.control_before >= 0.0, "{b:?}");
    }

    #[test]
    fn the_stored_sums_give_back_the_cell_value_to_a_fraction_of_a_point() {
        for (v, n) in [(80.0, 50), (61.3, 5), (99.0, 1), (25.0, 3)] {
            let got = sums(v, n).ikm_value().unwrap();
            assert!((got - v).abs() <= 25.0 / (9.0 * n as f64), "{v} {n}: {got}");
        }
    }

    #[test]
    fn an_office_with_its_uptds_is_one_row_and_its_other_uptds_are_left_out() {
        let s = Scenario {
            offices: 20,
            uptds: 2,
            trained: 2,
            ..Scenario::default()
        };
        let r = one(s, 0.0, 3);
        assert_eq!(r.treated_units.len(), 6, "two offices and their UPTDs");
        assert_eq!((r.treated_offices, r.control_offices), (2, 18));
        assert_eq!(r.assignments, Some(190), "C(20, 2) ways over offices");
        assert_eq!(r.control_units.len(), 54);
    }

    #[test]
    fn an_office_without_services_is_judged_on_its_uptds() {
        let s = Scenario {
            offices: 20,
            uptds: 2,
            office_services: false,
            trained: 2,
            ..Scenario::default()
        };
        let r = one(s, 6.0, 4);
        assert!(r.reasons.is_empty(), "{:?}", r.reasons);
        assert_eq!(r.verdict, Verdict::Improved);
        assert!((r.estimate.unwrap() - 6.0).abs() < 3.0);
    }

    #[test]
    fn comparison_units_with_missing_months_stay_compared_and_are_listed() {
        let s = Scenario {
            missing: 0.15,
            ..Scenario::default()
        };
        let r = one(s, 0.0, 8);
        // An estimate (its direction may be withheld when the trained units happened to be
        // among the lowest).
        assert!(
            r.reasons.iter().all(|x| x.code == "selection_on_outcome"),
            "{:?}",
            r.reasons
        );
        assert!(r.missing_months.len() > 10, "{}", r.missing_months.len());
        let gappy_kept = r
            .missing_months
            .iter()
            .all(|m| r.control_units.iter().any(|c| c.code == m.code));
        assert!(gappy_kept);
        assert!(r.control_units.len() > 30);
        assert!(r.estimate.is_some() && r.before_after.is_some());
    }

    #[test]
    fn units_trained_again_in_the_window_are_credited_to_neither_program() {
        // All three trained again three months later: no verdict, with the reason.
        let s = Scenario {
            retrained: Some((3, 3, 4.0)),
            ..Scenario::default()
        };
        let r = one(s, 0.0, 5);
        assert_eq!(r.verdict, Verdict::InsufficientData);
        assert_eq!(r.reasons[0].code, "retrained_in_window");
        assert_eq!(
            r.excluded_units
                .iter()
                .filter(|u| u.reason == "trained_again" && u.detail == "Program kedua")
                .count(),
            3
        );
        // Two of five trained again: judged on the other three.
        let s = Scenario {
            trained: 5,
            retrained: Some((2, 3, 4.0)),
            ..Scenario::default()
        };
        let r = one(s, 0.0, 6);
        assert!(r.reasons.is_empty(), "{:?}", r.reasons);
        assert_eq!(r.treated_units.len(), 3);
        assert_eq!(r.treated_offices, 3);
    }
}
