//! Calibration by simulation: panels like Jambi's (many units, a few trained, each unit with
//! its own level and its own month-to-month ups and downs, about fifty responses a month)
//! with a known true effect, run through the real estimator, to measure how often it says
//! "improved" when nothing changed and how often it finds a real effect.

use super::inference::{Inferred, Statistic, analyse, randomization_with, uses_clusters};
use super::panel::Panel;
use super::{Verdict, verdict};
use crate::random::normal;
use rand::{Rng, SeedableRng};

/// The panels simulated.
#[derive(Clone, Copy, Debug)]
pub struct Design {
    pub units: usize,
    pub treated: usize,
    /// Standard deviation of a unit's own level (IKM points).
    pub unit_sd: f64,
    /// Of a unit-month's own shock (staff on leave, queues, outages).
    pub shock_sd: f64,
    /// Of a month's shock common to every unit.
    pub month_sd: f64,
    /// Responses per unit-month (on average) and the spread of one response's IKM.
    pub responses: f64,
    pub response_sd: f64,
    pub months_before: i32,
    pub months_after: i32,
    /// Responses per unit-month of the trained units when they are thin (then chosen at
    /// random before anything is drawn).
    pub treated_responses: Option<f64>,
    /// Each unit's mean responses per month drawn between these two (evenly on a log
    /// scale), instead of `responses` for all: busy hospitals and quiet offices.
    pub responses_range: Option<(f64, f64)>,
}

impl Default for Design {
    /// The design of the review: 40 units, 3 trained, unit sd 3, unit-month sd 2, about 50
    /// responses per unit-month, 6 months before and after.
    fn default() -> Self {
        Design {
            units: 40,
            treated: 3,
            unit_sd: 3.0,
            shock_sd: 2.0,
            month_sd: 1.5,
            responses: 50.0,
            response_sd: 8.0,
            months_before: 6,
            months_after: 6,
            treated_responses: None,
            responses_range: None,
        }
    }
}

/// Which units get the training.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Selection {
    /// Chosen at random.
    Random,
    /// The lowest-scoring units before the program (as units are often chosen).
    Lowest,
}

/// What the estimator said over many panels.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Rates {
    pub panels: usize,
    pub improved: usize,
    pub worsened: usize,
    /// The 95 % interval held the true effect.
    pub covered: usize,
    pub mde_sum: f64,
    /// No directional verdict: too few assignments for a test (rollouts), or trained units
    /// chosen among the lowest (regression to the mean; programs).
    pub withheld: usize,
}

impl Rates {
    /// Share of panels with a verdict of change (either way).
    pub fn rejected(&self) -> f64 {
        (self.improved + self.worsened) as f64 / self.panels as f64
    }

    /// Binomial standard error of a share over these panels.
    pub fn share_se(&self, share: f64) -> f64 {
        (share * (1.0 - share) / self.panels as f64).sqrt()
    }
}

/// One simulated panel with a true effect `effect` on the trained units after the program.
pub fn panel(d: &Design, effect: f64, selection: Selection, rng: &mut impl Rng) -> Panel {
    let rel: Vec<i32> = (-d.months_before..=-1).chain(1..=d.months_after).collect();
    let month: Vec<f64> = rel.iter().map(|_| d.month_sd * normal(rng)).collect();
    let mut order: Vec<usize> = (0..d.units).collect();
    let shuffle = |order: &mut Vec<usize>, rng: &mut _| {
        for i in (1..order.len()).rev() {
            order.swap(i, Rng::random_range(rng, 0..=i));
        }
    };
    if d.treated_responses.is_some() {
        shuffle(&mut order, rng);
    }
    let thin: Vec<bool> = (0..d.units)
        .map(|i| d.treated_responses.is_some() && order[..d.treated].contains(&i))
        .collect();
    let mut y: Vec<Vec<f64>> = (0..d.units)
        .map(|i| {
            let level = 80.0 + d.unit_sd * normal(rng);
            let mean_n = match (d.treated_responses, d.responses_range) {
                (Some(n), _) if thin[i] => n,
                (_, Some((lo, hi))) => (lo.ln() + (hi.ln() - lo.ln()) * rng.random::<f64>()).exp(),
                _ => d.responses,
            };
            month
                .iter()
                .map(|m| {
                    let n = (mean_n * (0.8 + 0.4 * rng.random::<f64>())).max(1.0);
                    level + m + d.shock_sd * normal(rng) + d.response_sd / n.sqrt() * normal(rng)
                })
                .collect()
        })
        .collect();
    match selection {
        _ if d.treated_responses.is_some() => {}
        Selection::Random => {
            for i in (1..order.len()).rev() {
                order.swap(i, rng.random_range(0..=i));
            }
        }
        Selection::Lowest => {
            let before = |r: &Vec<f64>| {
                r.iter()
                    .zip(&rel)
                    .filter(|(_, k)| **k < 0)
                    .map(|(v, _)| v)
                    .sum::<f64>()
            };
            order.sort_by(|&a, &b| before(&y[a]).total_cmp(&before(&y[b])));
        }
    }
    let mut treated = vec![false; d.units];
    for &i in &order[..d.treated] {
        treated[i] = true;
        for (v, k) in y[i].iter_mut().zip(&rel) {
            if *k > 0 {
                *v += effect;
            }
        }
    }
    Panel {
        units: (0..d.units).map(|i| format!("u{i}")).collect(),
        rel,
        y,
        treated,
    }
}

/// Runs the real estimator on `panels` simulated panels, with the given randomization
/// statistic.
pub fn calibrate(
    d: &Design,
    effect: f64,
    selection: Selection,
    statistic: Statistic,
    panels: usize,
    seed: u64,
) -> Rates {
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let mut r = Rates {
        panels,
        ..Rates::default()
    };
    for _ in 0..panels {
        let p = panel(d, effect, selection, &mut rng);
        let treated = p.treated.iter().filter(|t| **t).count();
        let a = if uses_clusters(treated, p.units.len() - treated) {
            analyse(&p, &p.y)
        } else {
            Some(randomization_with(&p, &p.y, statistic))
        };
        let Some(a) = a else {
            continue;
        };
        // The report's own rule: no direction when the trained units were among the lowest.
        let lowest = super::report::chosen_among_lowest(&p, &p.filled_means(&p.y, false));
        let bound = if lowest {
            super::inference::ancova(&p, &p.y)
        } else {
            None
        };
        match super::report::with_selection(verdict(&a.att), lowest, bound.as_ref()) {
            Verdict::Improved => r.improved += 1,
            Verdict::Worsened => r.worsened += 1,
            Verdict::Inconclusive => r.withheld += 1,
            _ => {}
        }
        if covers(&a.att, effect) {
            r.covered += 1;
        }
        r.mde_sum += a.mde;
    }
    r
}

fn covers(a: &Inferred, effect: f64) -> bool {
    a.ci_low.is_none_or(|l| l <= effect) && a.ci_high.is_none_or(|h| h >= effect)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simulated_panels_have_the_design_and_the_effect_lands_on_the_trained_units() {
        let d = Design {
            shock_sd: 0.0,
            month_sd: 0.0,
            unit_sd: 0.0,
            response_sd: 0.0,
            ..Design::default()
        };
        let mut rng = rand::rngs::StdRng::seed_from_u64(1);
        let p = panel(&d, 4.0, Selection::Random, &mut rng);
        assert_eq!(p.y.len(), 40);
        assert_eq!(p.rel.len(), 12);
        assert_eq!(p.treated.iter().filter(|t| **t).count(), 3);
        let a = analyse(&p, &p.y).unwrap();
        assert!((a.att.estimate - 4.0).abs() < 1e-9);
    }
}
