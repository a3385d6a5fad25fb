//! The analysis of a randomized rollout, by the design's own randomization distribution.
//!
//! - **The statistic.** Each unit's monthly IKM minus its own baseline (its mean over the
//!   six months before the first wave). In every month where some units are already trained
//!   (their wave began in an earlier month) and others are not yet (theirs begins in a later
//!   month), the trained units' mean minus the not-yet-trained units' mean; the months are
//!   averaged with the weight `n_trained x n_waiting / (n_trained + n_waiting)` of a
//!   difference of two means. A unit's own training month counts on neither side. Units
//!   without a cell in a month sit that month out; units without a baseline sit out.
//! - **The randomization distribution.** The draw is re-made with other seeds, with the same
//!   clusters and strata as registered ([`super::assign`]); every re-draw gets its own
//!   statistic. The p-value is the share at least as far from zero as the observed one.
//! - **The interval** is every constant effect `tau` the test does not reject: the statistic
//!   is linear in the outcome for a fixed assignment, so under `tau` a re-draw's statistic is
//!   `A - tau B` (`B` its statistic of the observed treatment indicator), and the interval is
//!   found in closed form ([`crate::training::impact::inference::invert_test`]).
//! - **The MDE** is read from the null distribution: `A - estimate x B`, the re-draws with the
//!   estimated effect taken out, so a real effect does not inflate it. It is the smallest
//!   effect this test finds 80 % of the time, found by bisection on the test's own power
//!   (approximately: each re-draw stands in for the real one with the real draw's overlaps,
//!   exact for the real draw itself; the planned MDE below uses real draws only)
//!   (a re-draw that trains the same units carries the effect too, so the reference spreads
//!   with the effect, and `2.8` null standard deviations would promise too much).
//! - **Before registration**, the MDE comes from a simulation of these units' own history: each
//!   unit's level, its month-to-month spread (which carries its response count), how often it
//!   had no responses, and the serial correlation of the months, pooled; each simulated
//!   rollout is tested as a real one would be.

use super::assign::{Eligible, clusters, draw_waves};
use crate::random::normal;
use crate::training::impact::inference::{Case, Inferred, invert_test, power_mde};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha20Rng;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// Months before the first wave that make each unit's baseline.
pub const PRE_MONTHS: i32 = 6;
/// Re-draws of the assignment for the randomization distribution.
pub const DRAWS: usize = 2_000;
/// Fewest distinct assignments for the test to mean anything. With two waves an assignment
/// and its mirror (every stratum's pair swapped) give the same distance from zero, so the
/// smallest possible p-value is twice one over the distinct assignments: 60 brings it to
/// 3.3 %, below 5 % with room for the sampling of the re-draws (40 would sit exactly at 5 %,
/// where "p < 0.05" fails about half the time).
pub const MIN_DISTINCT: usize = 60;
/// Simulated rollouts behind a planned MDE, and the re-draws each is tested against.
pub const PLAN_SIMS: usize = 200;
pub const PLAN_DRAWS: usize = 200;
/// Months of history read for the planned MDE.
pub const HISTORY_MONTHS: i32 = 12;
/// Fixed seed of the planning simulation, so that a preview reads the same on reload.
const PLAN_SEED: u64 = 20_261_207;
/// Mixed into the plan's seed for the re-draws, so that they differ from the registered draw.
const REDRAW_STREAM: u64 = 0x0005_eed0_fa11_d4a3;

/// A registered design: the eligible units (in a fixed order) and the month of each wave.
#[derive(Clone, Debug)]
pub struct Design {
    pub units: Vec<Eligible>,
    /// Month counts (`year * 12 + month - 1`) of the waves' first days, increasing.
    pub wave_months: Vec<i32>,
    /// Per cluster (in [`clusters`] order), the positions in `units` of its units.
    clusters: Vec<Vec<usize>>,
}

impl Design {
    pub fn new(units: Vec<Eligible>, wave_months: Vec<i32>) -> Self {
        let clusters = clusters(&units)
            .into_iter()
            .map(|c| {
                c.units
                    .iter()
                    .filter_map(|id| units.iter().position(|u| u.id == *id))
                    .collect()
            })
            .collect();
        Design {
            units,
            wave_months,
            clusters,
        }
    }

    /// The first month read: the start of the baseline.
    pub fn first_month(&self) -> i32 {
        self.wave_months[0] - PRE_MONTHS
    }

    /// The last month compared: the month before the last wave begins.
    pub fn last_month(&self) -> i32 {
        self.wave_months[self.wave_months.len() - 1] - 1
    }

    /// Months from [`Design::first_month`] to [`Design::last_month`].
    pub fn months(&self) -> usize {
        usize::try_from(self.last_month() - self.first_month() + 1).unwrap_or(0)
    }

    /// Number of clusters (groups of units that always share a wave).
    pub fn cluster_count(&self) -> usize {
        self.clusters.len()
    }

    /// The wave of each unit (in `units` order) drawn with `seed`: the same as
    /// [`super::assign::assign`] for that seed.
    pub fn waves_for(&self, seed: u64) -> Vec<usize> {
        let mut rng = ChaCha20Rng::seed_from_u64(seed);
        let of = draw_waves(self.clusters.len(), self.wave_months.len(), &mut rng);
        let mut out = vec![0; self.units.len()];
        for (c, w) in self.clusters.iter().zip(of) {
            for &i in c {
                out[i] = w;
            }
        }
        out
    }

    /// The observed assignment first, then [`DRAWS`] re-draws from seeds derived from `seed`.
    pub fn assignments(&self, observed: &[usize], seed: u64, draws: usize) -> Vec<Vec<usize>> {
        let mut rng = ChaCha20Rng::seed_from_u64(seed ^ REDRAW_STREAM);
        let mut out = Vec::with_capacity(draws + 1);
        out.push(observed.to_vec());
        for _ in 0..draws {
            out.push(self.waves_for(rng.random()));
        }
        out
    }
}

/// Per unit (design order) and month (from [`Design::first_month`]), a cell's value.
pub type Cells = Vec<Vec<Option<f64>>>;

/// The statistic of an assignment `wave_of` on `values` (see the module); `None` when no
/// month has both trained and not-yet-trained units with cells.
pub fn statistic(d: &Design, wave_of: &[usize], values: &[Vec<Option<f64>>]) -> Option<f64> {
    let first = d.first_month();
    let pre = usize::try_from(d.wave_months[0] - first).unwrap_or(0);
    let baseline: Vec<Option<f64>> = values
        .iter()
        .map(|row| {
            let v: Vec<f64> = row.iter().take(pre).flatten().copied().collect();
            (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
        })
        .collect();
    let (mut acc, mut weights) = (0.0, 0.0);
    for t in (d.wave_months[0] + 1)..=d.last_month() {
        let j = usize::try_from(t - first).unwrap_or(0);
        let (mut st, mut nt, mut sc, mut nc) = (0.0, 0.0, 0.0, 0.0);
        for (i, row) in values.iter().enumerate() {
            let (Some(v), Some(b)) = (row.get(j).copied().flatten(), baseline[i]) else {
                continue;
            };
            let start = d.wave_months[wave_of[i]];
            if start < t {
                st += v - b;
                nt += 1.0;
            } else if start > t {
                sc += v - b;
                nc += 1.0;
            }
        }
        if nt > 0.0 && nc > 0.0 {
            let w = nt * nc / (nt + nc);
            acc += w * (st / nt - sc / nc);
            weights += w;
        }
    }
    (weights > 0.0).then(|| acc / weights)
}

/// The treatment indicator of assignment `wave_of`, where `mask` has a cell: 1 in the
/// months after a unit's own wave month, 0 before and during it.
pub fn indicator(d: &Design, wave_of: &[usize], mask: &[Vec<Option<f64>>]) -> Cells {
    let first = d.first_month();
    mask.iter()
        .enumerate()
        .map(|(i, row)| {
            row.iter()
                .enumerate()
                .map(|(j, v)| {
                    let t = first + i32::try_from(j).unwrap_or(0);
                    v.map(|_| f64::from(u8::from(t > d.wave_months[wave_of[i]])))
                })
                .collect()
        })
        .collect()
}

/// An estimate by the randomization distribution of the design.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Estimate {
    pub att: Inferred,
    /// Smallest true effect found 80 % of the time at 5 %, from the null distribution.
    pub mde: f64,
    /// Assignments used (the observed one and the re-draws that could be evaluated).
    pub assignments: usize,
}

/// Distinct assignments among `sets`: below [`MIN_DISTINCT`] the design allows no test.
pub fn distinct(sets: &[Vec<usize>]) -> usize {
    sets.iter().collect::<HashSet<_>>().len()
}

/// The estimate on `values` with the assignments `sets` (the observed one first); `None`
/// when the observed assignment has no month to compare.
pub fn estimate(d: &Design, sets: &[Vec<usize>], values: &[Vec<Option<f64>>]) -> Option<Estimate> {
    let observed = sets.first()?;
    let treat = indicator(d, observed, values);
    let (mut a, mut b) = (
        Vec::with_capacity(sets.len()),
        Vec::with_capacity(sets.len()),
    );
    for (k, s) in sets.iter().enumerate() {
        match (statistic(d, s, values), statistic(d, s, &treat)) {
            (Some(x), Some(z)) => {
                a.push(x);
                b.push(z);
            }
            _ if k == 0 => return None,
            _ => {}
        }
    }
    let est = a[0];
    let tie = 1e-9 * est.abs().max(1.0);
    let p_value = a.iter().filter(|x| x.abs() >= est.abs() - tie).count() as f64 / a.len() as f64;
    let (ci_low, ci_high) = invert_test(&a, &b, est);
    let null: Vec<f64> = a.iter().zip(&b).map(|(x, z)| x - est * z).collect();
    // Each re-draw's null statistic stands in turn for what the registered draw could have
    // shown with no effect.
    let cases = [Case {
        observed: &null,
        null: &null,
        overlap: &b,
    }];
    Some(Estimate {
        att: Inferred {
            estimate: est,
            ci_low,
            ci_high,
            p_value,
        },
        mde: power_mde(&cases).unwrap_or(f64::INFINITY),
        assignments: a.len(),
    })
}

/// What the history says about each unit, for the planning simulation.
#[derive(Clone, Debug, PartialEq)]
pub struct UnitModel {
    pub level: f64,
    /// Standard deviation of a month around the unit's level, after the months' common ups
    /// and downs.
    pub spread: f64,
    /// Share of months without responses.
    pub missing: f64,
}

/// The history's model: per unit (design order) and the pooled month-to-month correlation.
#[derive(Clone, Debug, PartialEq)]
pub struct HistoryModel {
    pub units: Vec<UnitModel>,
    pub rho: f64,
}

/// Fits [`HistoryModel`] to `history` (per unit, the months before registration); `None`
/// when fewer than two units have three months with responses.
pub fn fit_history(history: &[Vec<Option<f64>>]) -> Option<HistoryModel> {
    let level: Vec<Option<f64>> = history
        .iter()
        .map(|r| {
            let v: Vec<f64> = r.iter().flatten().copied().collect();
            (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
        })
        .collect();
    let months = history.iter().map(Vec::len).max().unwrap_or(0);
    let month_effect: Vec<f64> = (0..months)
        .map(|j| {
            let d: Vec<f64> = history
                .iter()
                .zip(&level)
                .filter_map(|(r, l)| Some(r.get(j).copied().flatten()? - (*l)?))
                .collect();
            if d.is_empty() {
                0.0
            } else {
                d.iter().sum::<f64>() / d.len() as f64
            }
        })
        .collect();
    let resid: Vec<Vec<Option<f64>>> = history
        .iter()
        .zip(&level)
        .map(|(r, l)| {
            r.iter()
                .enumerate()
                .map(|(j, v)| Some((*v)? - (*l)? - month_effect[j]))
                .collect()
        })
        .collect();
    let spread: Vec<Option<f64>> = resid
        .iter()
        .map(|r| {
            let v: Vec<f64> = r.iter().flatten().copied().collect();
            (v.len() >= 3)
                .then(|| (v.iter().map(|x| x * x).sum::<f64>() / (v.len() - 1) as f64).sqrt())
        })
        .collect();
    let mut known: Vec<f64> = spread.iter().flatten().copied().collect();
    if known.len() < 2 {
        return None;
    }
    known.sort_by(f64::total_cmp);
    let median_spread = crate::quantile::quantile(&known, 0.5)?;
    let (mut num, mut den) = (0.0, 0.0);
    for r in &resid {
        for w in r.windows(2) {
            if let (Some(a), Some(b)) = (w[0], w[1]) {
                num += a * b;
                den += a * a;
            }
        }
    }
    let rho = if den > 0.0 {
        (num / den).clamp(0.0, 0.9)
    } else {
        0.0
    };
    let mut missing_known: Vec<f64> = history
        .iter()
        .zip(&spread)
        .filter(|(_, s)| s.is_some())
        .map(|(r, _)| r.iter().filter(|v| v.is_none()).count() as f64 / r.len().max(1) as f64)
        .collect();
    missing_known.sort_by(f64::total_cmp);
    let median_missing = crate::quantile::quantile(&missing_known, 0.5).unwrap_or(0.0);
    let typical_level = {
        let v: Vec<f64> = level.iter().flatten().copied().collect();
        v.iter().sum::<f64>() / v.len() as f64
    };
    let units = history
        .iter()
        .enumerate()
        .map(|(i, r)| match spread[i] {
            Some(s) => UnitModel {
                level: level[i].unwrap_or(typical_level),
                spread: s,
                missing: r.iter().filter(|v| v.is_none()).count() as f64 / r.len().max(1) as f64,
            },
            // Too little history: the median unit's behaviour.
            None => UnitModel {
                level: level[i].unwrap_or(typical_level),
                spread: median_spread,
                missing: median_missing,
            },
        })
        .collect();
    Some(HistoryModel { units, rho })
}

/// Cells simulated from `model` for design `d`, with `effect` added after each unit's wave
/// month under assignment `wave_of` (`None`: no effect).
pub fn simulate_cells(
    d: &Design,
    model: &HistoryModel,
    effect: Option<(f64, &[usize])>,
    rng: &mut impl Rng,
) -> Cells {
    let first = d.first_month();
    let innovation = (1.0 - model.rho * model.rho).sqrt();
    model
        .units
        .iter()
        .enumerate()
        .map(|(i, u)| {
            let mut e = u.spread * normal(rng);
            (0..d.months())
                .map(|j| {
                    if j > 0 {
                        e = model.rho * e + innovation * u.spread * normal(rng);
                    }
                    let t = first + i32::try_from(j).unwrap_or(0);
                    let lift = effect
                        .filter(|(_, w)| t > d.wave_months[w[i]])
                        .map_or(0.0, |(x, _)| x);
                    (rng.random::<f64>() >= u.missing).then_some(u.level + e + lift)
                })
                .collect()
        })
        .collect()
}

/// The MDE design `d` can expect with units behaving as `model` says: over [`PLAN_SIMS`]
/// simulated rollouts with no effect (each a fresh draw, tested against [`PLAN_DRAWS`]
/// re-draws), the smallest effect the test would find in 80 % of them.
pub fn planned_mde(d: &Design, model: &HistoryModel) -> Option<f64> {
    let mut rng = ChaCha20Rng::seed_from_u64(PLAN_SEED);
    let sims: Vec<(Vec<f64>, Vec<f64>)> = (0..PLAN_SIMS)
        .filter_map(|_| {
            let y = simulate_cells(d, model, None, &mut rng);
            let seed = rng.random();
            let observed = d.waves_for(seed);
            let treat = indicator(d, &observed, &y);
            let (mut a, mut b) = (Vec::new(), Vec::new());
            for (k, s) in d
                .assignments(&observed, seed, PLAN_DRAWS)
                .iter()
                .enumerate()
            {
                match (statistic(d, s, &y), statistic(d, s, &treat)) {
                    (Some(x), Some(z)) => {
                        a.push(x);
                        b.push(z);
                    }
                    _ if k == 0 => return None,
                    _ => {}
                }
            }
            Some((a, b))
        })
        .collect();
    if sims.len() < PLAN_SIMS / 2 {
        return None;
    }
    let cases: Vec<Case> = sims
        .iter()
        .map(|(a, b)| Case {
            observed: &a[..1],
            null: a,
            overlap: b,
        })
        .collect();
    power_mde(&cases)
}

/// One line of the planning table: the MDE with this many units and waves.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MdeOption {
    pub units: usize,
    pub waves: usize,
    /// `None` when the history cannot tell.
    pub mde: Option<f64>,
}

/// The MDE of the plan as it is, with twice the units (each unit's twin behaving like it),
/// with one more wave (after the last, at the plan's usual spacing), and with both.
pub fn mde_options(d: &Design, model: &HistoryModel) -> Vec<MdeOption> {
    let doubled = || {
        let offset = d.units.iter().map(|u| u.id).max().unwrap_or(0) + 1;
        let mut units = d.units.clone();
        units.extend(d.units.iter().map(|u| Eligible {
            id: u.id + offset,
            parent_id: u.parent_id.map(|p| {
                if d.units.iter().any(|x| x.id == p) {
                    p + offset
                } else {
                    p
                }
            }),
            baseline: u.baseline,
        }));
        let mut m = model.clone();
        m.units.extend(model.units.clone());
        (units, m)
    };
    let more_waves = |w: &[i32]| {
        let k = w.len() as i32;
        let gap = ((w[w.len() - 1] - w[0]) / (k - 1).max(1)).max(2);
        let mut v = w.to_vec();
        v.push(w[w.len() - 1] + gap);
        v
    };
    let (units2, model2) = doubled();
    let variants = [
        (d.units.clone(), model.clone(), d.wave_months.clone()),
        (units2.clone(), model2.clone(), d.wave_months.clone()),
        (d.units.clone(), model.clone(), more_waves(&d.wave_months)),
        (units2, model2, more_waves(&d.wave_months)),
    ];
    variants
        .into_iter()
        .map(|(units, m, waves)| {
            let n = units.len();
            let k = waves.len();
            let design = Design::new(units, waves);
            MdeOption {
                units: n,
                waves: k,
                mde: planned_mde(&design, &m),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units(n: i32) -> Vec<Eligible> {
        (1..=n)
            .map(|id| Eligible {
                id,
                parent_id: None,
                baseline: Some(70.0 + f64::from(id)),
            })
            .collect()
    }

    #[test]
    fn the_statistic_is_the_effect_when_the_data_are_the_effect_alone() {
        let d = Design::new(units(12), vec![100, 103, 106]);
        let w = d.waves_for(5);
        let zero: Cells = vec![vec![Some(80.0); d.months()]; 12];
        let lifted = indicator(&d, &w, &zero)
            .into_iter()
            .map(|r| r.into_iter().map(|v| v.map(|x| 80.0 + 3.0 * x)).collect())
            .collect::<Cells>();
        assert!((statistic(&d, &w, &lifted).unwrap() - 3.0).abs() < 1e-12);
        assert_eq!(statistic(&d, &w, &zero), Some(0.0));
        // The treatment indicator's own statistic is 1 under its assignment.
        assert!((statistic(&d, &w, &indicator(&d, &w, &zero)).unwrap() - 1.0).abs() < 1e-12);
    }

    #[test]
    fn a_unit_level_and_a_common_month_shock_cancel() {
        let d = Design::new(units(9), vec![50, 52, 54]);
        let w = d.waves_for(1);
        let y: Cells = (0..9)
            .map(|i| {
                (0..d.months())
                    .map(|j| Some(60.0 + 2.0 * f64::from(i) + (j as f64 * 1.3).sin() * 5.0))
                    .collect()
            })
            .collect();
        assert!(statistic(&d, &w, &y).unwrap().abs() < 1e-9);
    }

    #[test]
    fn the_interval_holds_the_effect_and_the_null_mde_ignores_it() {
        let d = Design::new(units(18), vec![100, 103, 106]);
        let model = HistoryModel {
            units: vec![
                UnitModel {
                    level: 80.0,
                    spread: 2.0,
                    missing: 0.0,
                };
                18
            ],
            rho: 0.3,
        };
        let w = d.waves_for(11);
        let mut rng = ChaCha20Rng::seed_from_u64(3);
        let y = simulate_cells(&d, &model, Some((6.0, &w)), &mut rng);
        let sets = d.assignments(&w, 11, 500);
        let e = estimate(&d, &sets, &y).unwrap();
        assert!(e.att.p_value < 0.05, "{e:?}");
        assert!(
            e.att.ci_low.unwrap() < 6.0 && 6.0 < e.att.ci_high.unwrap(),
            "{e:?}"
        );
        // The MDE of the same data without the effect is the same: it is read from the null.
        let y0: Cells = y
            .iter()
            .zip(indicator(&d, &w, &y))
            .map(|(r, t)| {
                r.iter()
                    .zip(t)
                    .map(|(v, x)| Some((*v)? - 6.0 * x?))
                    .collect()
            })
            .collect();
        let e0 = estimate(&d, &sets, &y0).unwrap();
        assert!((e.mde - e0.mde).abs() < 1e-9, "{} vs {}", e.mde, e0.mde);
    }

    #[test]
    fn the_planned_mde_shrinks_with_more_units_and_needs_history() {
        let d = Design::new(units(12), vec![100, 103, 106]);
        let history: Cells = (0..12)
            .map(|i| {
                (0..12)
                    .map(|j| Some(75.0 + f64::from(i) + ((i * 7 + j * 3) % 5) as f64))
                    .collect()
            })
            .collect();
        let model = fit_history(&history).unwrap();
        let options = mde_options(&d, &model);
        assert_eq!(options.len(), 4);
        let (base, doubled) = (options[0].mde.unwrap(), options[1].mde.unwrap());
        assert!(doubled < base, "{options:?}");
        assert_eq!((options[0].units, options[0].waves), (12, 3));
        assert_eq!((options[3].units, options[3].waves), (24, 4));
        assert!(fit_history(&vec![vec![None; 12]; 12]).is_none());
    }

    /// `tests/reference/rollout_reference.py` computes the same design independently: every
    /// assignment the stratified draw can produce (enumerated), the statistic recomputed on
    /// the data, the interval by shifting the outcome and bisecting, the MDE from the data
    /// with the effect removed.
    #[test]
    fn matches_the_independent_reference() {
        let r: serde_json::Value = serde_json::from_str(include_str!(
            "../../../../tests/fixtures/rollout_reference.json"
        ))
        .unwrap();
        let units: Vec<Eligible> = r["units"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| Eligible {
                id: i32::try_from(u["id"].as_i64().unwrap()).unwrap(),
                parent_id: u["parent"].as_i64().map(|p| i32::try_from(p).unwrap()),
                baseline: u["baseline"].as_f64(),
            })
            .collect();
        let waves: Vec<i32> = serde_json::from_value(r["wave_months"].clone()).unwrap();
        let d = Design::new(units, waves);
        let observed: Vec<usize> = serde_json::from_value(r["observed"].clone()).unwrap();
        let all: Vec<Vec<usize>> = serde_json::from_value(r["assignments"].clone()).unwrap();
        let cells: Cells = serde_json::from_value(r["cells"].clone()).unwrap();
        // The draw produces exactly the assignments the reference enumerates.
        let drawn: HashSet<Vec<usize>> = d.assignments(&observed, 1, 5_000).into_iter().collect();
        let enumerated: HashSet<Vec<usize>> = all.iter().cloned().collect();
        assert_eq!(drawn, enumerated);
        let mut sets = vec![observed.clone()];
        sets.extend(all.into_iter().filter(|a| *a != observed));
        let e = estimate(&d, &sets, &cells).unwrap();
        let close = |a: f64, b: &serde_json::Value, tol: f64, what: &str| {
            let b = b.as_f64().unwrap();
            assert!((a - b).abs() <= tol, "{what}: {a} against {b}");
        };
        close(e.att.estimate, &r["estimate"], 1e-9, "estimate");
        close(e.att.p_value, &r["p_value"], 1e-12, "p");
        close(e.att.ci_low.unwrap(), &r["ci_low"], 1e-6, "ci_low");
        close(e.att.ci_high.unwrap(), &r["ci_high"], 1e-6, "ci_high");
        close(e.mde, &r["mde"], 1e-9, "MDE");
        assert_eq!(e.assignments, 216);
    }

    #[test]
    fn the_waves_of_a_seed_are_the_registered_draw() {
        let u = units(10);
        let d = Design::new(u.clone(), vec![10, 12, 14]);
        let a = super::super::assign::assign(&u, 3, 99);
        let w = d.waves_for(99);
        for (id, wave) in a {
            let i = u.iter().position(|x| x.id == id).unwrap();
            assert_eq!(w[i], wave);
        }
    }
}
