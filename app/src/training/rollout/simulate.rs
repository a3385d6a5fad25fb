//! Calibration of the rollout analysis by simulation: provinces like Jambi's, with what a
//! real one has (offices whose UPTDs share shocks, serially correlated months, thin units
//! beside busy ones, months without responses, shocks common to every unit), a draw made by
//! the real [`Design`], a known true effect after each unit's wave, and the real report
//! ([`super::analysis::estimate`]) on each, to count how often it says "change".

use super::analysis::{self, Cells, Design};
use super::assign::Eligible;
use crate::random::normal;
use crate::training::impact::simulate::Rates;
use crate::training::impact::{Verdict, verdict};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha20Rng;

/// The provinces simulated.
#[derive(Clone, Copy, Debug)]
pub struct Province {
    /// Offices with UPTDs, and UPTDs per such office.
    pub offices_with_uptds: usize,
    pub uptds_each: usize,
    /// Offices on their own.
    pub single: usize,
    /// Waves, and months between their starts.
    pub waves: usize,
    pub gap: i32,
    /// Standard deviation of a unit's level (IKM points).
    pub unit_sd: f64,
    /// Of an office's shock shared with its UPTDs, per month.
    pub office_sd: f64,
    /// Of a unit's own monthly shock, and its month-to-month correlation.
    pub shock_sd: f64,
    pub rho: f64,
    /// Of a month's shock common to every unit.
    pub month_sd: f64,
    /// One unit in `thin_every` is thin: `thin` responses a month, the rest `busy`; one
    /// response's IKM has standard deviation `response_sd`.
    pub thin_every: usize,
    pub thin: f64,
    pub busy: f64,
    pub response_sd: f64,
    /// Chance that a thin unit has no response in a month.
    pub thin_missing: f64,
}

impl Default for Province {
    /// 4 offices with 2 UPTDs each and 12 offices alone (24 units, 16 clusters), 3 waves 3
    /// months apart; unit sd 3, office shock sd 1.5, own shock sd 2 with correlation 0.5,
    /// month sd 1.5; one unit in four with 5 responses a month (missing a month in five),
    /// the others 50, one response's IKM sd 8.
    fn default() -> Self {
        Province {
            offices_with_uptds: 4,
            uptds_each: 2,
            single: 12,
            waves: 3,
            gap: 3,
            unit_sd: 3.0,
            office_sd: 1.5,
            shock_sd: 2.0,
            rho: 0.5,
            month_sd: 1.5,
            thin_every: 4,
            thin: 5.0,
            busy: 50.0,
            response_sd: 8.0,
            thin_missing: 0.2,
        }
    }
}

impl Province {
    /// The units: each office with UPTDs first (office, then its UPTDs), then the others;
    /// every unit's baseline is filled in by [`rollout`] from its simulated months.
    pub fn units(&self) -> Vec<Eligible> {
        let mut out = Vec::new();
        let mut id = 1;
        for _ in 0..self.offices_with_uptds {
            let office = id;
            out.push(Eligible {
                id,
                parent_id: None,
                baseline: None,
            });
            id += 1;
            for _ in 0..self.uptds_each {
                out.push(Eligible {
                    id,
                    parent_id: Some(office),
                    baseline: None,
                });
                id += 1;
            }
        }
        for _ in 0..self.single {
            out.push(Eligible {
                id,
                parent_id: None,
                baseline: None,
            });
            id += 1;
        }
        out
    }
}

/// One simulated rollout: the design (drawn on baselines from the months before the plan),
/// the registered assignment, its seed, and the cells with `effect` after each unit's wave.
pub fn rollout(p: &Province, effect: f64, rng: &mut impl Rng) -> (Design, Vec<usize>, u64, Cells) {
    let mut units = p.units();
    let first_wave = 1_000;
    let wave_months: Vec<i32> = (0..p.waves)
        .map(|w| first_wave + p.gap * i32::try_from(w).unwrap_or(0))
        .collect();
    // Months simulated: six before registration (the strata's baselines), then the design's.
    let history = analysis::PRE_MONTHS;
    let start = first_wave - analysis::PRE_MONTHS - history;
    let end = wave_months[wave_months.len() - 1] - 1;
    let months = usize::try_from(end - start + 1).unwrap_or(0);
    let month_shock: Vec<f64> = (0..months).map(|_| p.month_sd * normal(rng)).collect();
    let office_of = |i: usize| units[i].parent_id.unwrap_or(units[i].id);
    let mut office_shock: std::collections::HashMap<i32, Vec<f64>> = Default::default();
    let mut y: Cells = Vec::with_capacity(units.len());
    for i in 0..units.len() {
        let shared = office_shock
            .entry(office_of(i))
            .or_insert_with(|| (0..months).map(|_| p.office_sd * normal(rng)).collect())
            .clone();
        let thin = p.thin_every > 0 && i % p.thin_every == p.thin_every - 1;
        let n = if thin { p.thin } else { p.busy };
        let level = 80.0 + p.unit_sd * normal(rng);
        let mut e = p.shock_sd * normal(rng);
        let row = (0..months)
            .map(|j| {
                if j > 0 {
                    e = p.rho * e + (1.0 - p.rho * p.rho).sqrt() * p.shock_sd * normal(rng);
                }
                let noise = p.response_sd / n.sqrt() * normal(rng);
                let missing = thin && rng.random::<f64>() < p.thin_missing;
                (!missing).then_some(level + month_shock[j] + shared[j] + e + noise)
            })
            .collect();
        y.push(row);
    }
    for (u, row) in units.iter_mut().zip(&y) {
        let v: Vec<f64> = row
            .iter()
            .take(usize::try_from(history).unwrap_or(0))
            .flatten()
            .copied()
            .collect();
        u.baseline = (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64);
    }
    let design = Design::new(units, wave_months);
    let seed = rng.random_range(0..1u64 << 53);
    let observed = design.waves_for(seed);
    let skip = usize::try_from(history).unwrap_or(0);
    let cells: Cells = y
        .into_iter()
        .enumerate()
        .map(|(i, row)| {
            row.into_iter()
                .skip(skip)
                .enumerate()
                .map(|(j, v)| {
                    let t = design.first_month() + i32::try_from(j).unwrap_or(0);
                    let lift = if t > design.wave_months[observed[i]] {
                        effect
                    } else {
                        0.0
                    };
                    v.map(|x| x + lift)
                })
                .collect()
        })
        .collect();
    (design, observed, seed, cells)
}

/// Runs the real analysis on `rollouts` simulated rollouts with `draws` re-draws each.
pub fn calibrate(p: &Province, effect: f64, rollouts: usize, draws: usize, seed: u64) -> Rates {
    let mut rng = ChaCha20Rng::seed_from_u64(seed);
    let mut r = Rates {
        panels: rollouts,
        ..Rates::default()
    };
    for _ in 0..rollouts {
        let (d, observed, s, y) = rollout(p, effect, &mut rng);
        let sets = d.assignments(&observed, s, draws);
        if analysis::distinct(&sets) < analysis::MIN_DISTINCT {
            r.withheld += 1;
            continue;
        }
        let Some(e) = analysis::estimate(&d, &sets, &y) else {
            continue;
        };
        match verdict(&e.att) {
            Verdict::Improved => r.improved += 1,
            Verdict::Worsened => r.worsened += 1,
            _ => {}
        }
        if e.att.ci_low.is_none_or(|l| l <= effect) && e.att.ci_high.is_none_or(|h| h >= effect) {
            r.covered += 1;
        }
        r.mde_sum += e.mde;
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_simulated_rollout_keeps_offices_with_their_uptds_and_lands_the_effect() {
        let p = Province {
            unit_sd: 0.0,
            office_sd: 0.0,
            shock_sd: 0.0,
            month_sd: 0.0,
            response_sd: 0.0,
            thin_missing: 0.0,
            ..Province::default()
        };
        let mut rng = ChaCha20Rng::seed_from_u64(4);
        let (d, observed, _, y) = rollout(&p, 4.0, &mut rng);
        assert_eq!(d.units.len(), 24);
        assert_eq!(d.cluster_count(), 16);
        assert_eq!(observed[0], observed[1]);
        assert_eq!(observed[1], observed[2]);
        let e = analysis::estimate(&d, &d.assignments(&observed, 1, 50), &y).unwrap();
        assert!((e.att.estimate - 4.0).abs() < 1e-9);
    }

    #[test]
    fn with_no_effect_the_test_rarely_says_change_in_a_small_run() {
        // A quick guard (the full calibration is `server calibrate rollout`): 60 rollouts
        // with no effect give at most 9 changes (5 % would be 3).
        let r = calibrate(&Province::default(), 0.0, 60, 200, 7);
        assert!(r.improved + r.worsened <= 9, "{r:?}");
    }
}
