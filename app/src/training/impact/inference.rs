//! Inference at the level where training is given, the unit: randomization inference when
//! few units were trained, unit-clustered CR1 errors with t(G-1) when there are enough.
//!
//! Randomization: every way of choosing as many "treated" units among the treated and the
//! clean controls (or [`MAX_ASSIGNMENTS`] of them, the observed one first, drawn with a fixed
//! seed) gets its own estimate; the p-value is the share at least as far from zero as the
//! observed one. The interval is every effect `tau` not rejected at 5 % when the outcome is
//! shifted by `tau` where the observed assignment is treated (test inversion). Because every
//! estimate here is linear in the outcome, an assignment's estimate under `tau` is
//! `A - tau * B` (`A` its estimate, `B` its estimate of the observed treatment indicator), so
//! the set of `tau` where it counts is an interval found in closed form, and the interval of
//! the test is exact, not searched on a grid.

use super::panel::Panel;

use rand::SeedableRng;
use rand::seq::index::sample;
use serde::{Deserialize, Serialize};
use statrs::distribution::{ContinuousCDF, FisherSnedecor, StudentsT};

/// Unit-clustered errors are trusted only when the trained and the comparison units both
/// number at least this many; otherwise randomization inference. (With 12 trained units
/// against 2 comparison units, CR1 said "change" 22 % of the time when nothing changed: its
/// variance rests on the smaller group.)
pub const MIN_CLUSTERS_EACH: usize = 10;
/// Below this many comparison units no verdict is given at all.
pub const MIN_CONTROLS: usize = 3;
/// At most this many assignments are used (all of them when there are no more).
pub const MAX_ASSIGNMENTS: usize = 5_000;
/// The seed of the drawn assignments, fixed so that a figure never changes on reload.
pub const SEED: u64 = 20_261_202;
/// Quantiles of the standard normal for a two-sided 5 % test and 80 % power.
pub const Z975: f64 = 1.959_963_984_540_054;
pub const Z80: f64 = 0.841_621_233_572_914_3;

/// How the interval and p-value were obtained.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Method {
    Randomization,
    Cluster,
}

/// An estimate with its interval and p-value. An interval end is `None` when the data do not
/// bound it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Inferred {
    pub estimate: f64,
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
    pub p_value: f64,
}

/// What one outcome (the IKM, or one element) shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    pub att: Inferred,
    pub method: Method,
    /// Assignments used (randomization), or clusters (cluster errors).
    pub assignments: usize,
    /// Smallest true effect this design finds 80 % of the time at 5 %.
    pub mde: f64,
    /// Per event month (all but -1), in order.
    pub event_study: Vec<(i32, Inferred)>,
    /// The joint test that the months before the program show no difference.
    pub pre_trend_p: Option<f64>,
    /// Each unit's weight in the estimate (all 1 for clustered errors).
    pub weights: Vec<f64>,
}

/// Number of ways to choose `k` of `n`, saturating.
pub fn choose(n: usize, k: usize) -> u128 {
    let k = k.min(n - k.min(n));
    (0..k).fold(1_u128, |acc, i| {
        acc.saturating_mul((n - i) as u128) / (i as u128 + 1)
    })
}

/// The assignments to use: all `k`-subsets of `n` units in lexicographic order when there are
/// at most [`MAX_ASSIGNMENTS`], else the observed one and random others from a fixed seed.
pub fn assignments(n: usize, observed: &[usize]) -> Vec<Vec<usize>> {
    let k = observed.len();
    if choose(n, k) <= MAX_ASSIGNMENTS as u128 {
        let mut out = Vec::new();
        let mut c: Vec<usize> = (0..k).collect();
        loop {
            out.push(c.clone());
            let Some(i) = (0..k).rev().find(|&i| c[i] < n - k + i) else {
                break;
            };
            c[i] += 1;
            for j in i + 1..k {
                c[j] = c[j - 1] + 1;
            }
        }
        return out;
    }
    let mut rng = rand::rngs::StdRng::seed_from_u64(SEED);
    let mut out = vec![observed.to_vec()];
    while out.len() < MAX_ASSIGNMENTS {
        let mut s = sample(&mut rng, n, k).into_vec();
        s.sort_unstable();
        out.push(s);
    }
    out
}

/// Relative tolerance when comparing estimates for "at least as far".
const TIE: f64 = 1e-9;

fn at_least(value: f64, observed: f64) -> bool {
    value >= observed - TIE * observed.abs().max(1.0)
}

/// Randomization inference for one linear statistic: per unit values `d`, an assignment's
/// statistic is the mean over its treated units minus the mean over the others.
struct Randomized<'a> {
    sets: &'a [Vec<usize>],
    /// Per assignment, the estimate of the observed treatment indicator (`B`).
    b: Vec<f64>,
    n: usize,
}

impl<'a> Randomized<'a> {
    fn new(sets: &'a [Vec<usize>], n: usize, observed: &[usize]) -> Self {
        let m = observed.len() as f64;
        let rest = (n - observed.len()) as f64;
        let b = sets
            .iter()
            .map(|s| {
                let both = s.iter().filter(|i| observed.contains(i)).count() as f64;
                both / m - (m - both) / rest
            })
            .collect();
        Randomized { sets, b, n }
    }

    /// The main statistic under every assignment, and its statistic of the observed
    /// treatment indicator: the precision-weighted difference of the unit changes `d` (weights
    /// `w`), divided by its standard error under that assignment (from the unit variances
    /// `v`), then multiplied by the observed assignment's standard error so that the observed
    /// value is the estimate in points and its `B` is 1. Every assignment is thus judged on
    /// its own noise: thin trained units among thick comparison units no longer pass their
    /// noise off as an effect. `(A, B)` per assignment.
    fn studentized(
        &self,
        d: &[f64],
        w: &[f64],
        v: &[f64],
        observed: usize,
    ) -> (Vec<f64>, Vec<f64>) {
        let mut inside = vec![false; self.n];
        let is_obs: Vec<bool> = (0..self.n)
            .map(|i| self.sets[observed].contains(&i))
            .collect();
        let raw: Vec<(f64, f64, f64)> = self
            .sets
            .iter()
            .map(|s| {
                inside.iter_mut().for_each(|x| *x = false);
                s.iter().for_each(|&i| inside[i] = true);
                // Per side: sum of weights, of weighted changes, of weighted observed
                // indicator, and of squared weights times variances.
                let mut side = [[0.0_f64; 4]; 2];
                for i in 0..self.n {
                    let g = &mut side[usize::from(!inside[i])];
                    g[0] += w[i];
                    g[1] += w[i] * d[i];
                    g[2] += w[i] * f64::from(u8::from(is_obs[i]));
                    g[3] += w[i] * w[i] * v[i];
                }
                let [t, c] = side;
                let a = t[1] / t[0] - c[1] / c[0];
                let b = t[2] / t[0] - c[2] / c[0];
                let se = (t[3] / (t[0] * t[0]) + c[3] / (c[0] * c[0])).sqrt();
                (a, b, se)
            })
            .collect();
        let scale = |se: f64| {
            let obs = raw[observed].2;
            if se > 0.0 && obs > 0.0 { obs / se } else { 1.0 }
        };
        raw.iter()
            .map(|&(a, b, se)| (a * scale(se), b * scale(se)))
            .unzip()
    }

    fn stats(&self, d: &[f64]) -> Vec<f64> {
        let total: f64 = d.iter().sum();
        self.sets
            .iter()
            .map(|s| {
                let t: f64 = s.iter().map(|&i| d[i]).sum();
                let k = s.len() as f64;
                t / k - (total - t) / (self.n as f64 - k)
            })
            .collect()
    }

    /// Estimate, p-value and the test-inversion interval of a statistic from its value `a`
    /// under every assignment (`observed`: the index of the observed one, whose `B` is 1).
    fn infer(&self, a: &[f64], observed: usize) -> Inferred {
        infer(a, &self.b, observed)
    }
}

/// Estimate, p-value and test-inversion interval of a statistic from its value `a` and its
/// statistic of the observed treatment indicator `b` under every assignment.
fn infer(a: &[f64], b: &[f64], observed: usize) -> Inferred {
    let est = a[observed];
    let hits = a.iter().filter(|x| at_least(x.abs(), est.abs())).count();
    let p_value = hits as f64 / a.len() as f64;
    let (ci_low, ci_high) = invert_test(a, b, est);
    Inferred {
        estimate: est,
        ci_low,
        ci_high,
        p_value,
    }
}

/// Weight of the units' mean variance when each unit's own is shrunk toward it, in degrees
/// of freedom (a unit's own has the months compared minus two).
pub const POOL_DF: f64 = 10.0;

/// Per row, the variance of its change (mean after minus mean before) when nothing changed,
/// from its own cells, and its degrees of freedom: the spread of its cells around its own
/// before and after means once the month effects (each month's mean over the complete rows)
/// are taken out, over its months minus two, times `1/its months before + 1/its months
/// after`. Shifting the trained units' later cells by a constant leaves it unchanged, so the
/// test inverted over such shifts keeps the same variances.
pub fn change_variances(panel: &Panel, y: &[Vec<f64>]) -> (Vec<f64>, Vec<f64>) {
    let month = panel.month_means(y, false);
    y.iter()
        .map(|r| {
            let side = |post: bool| -> Vec<f64> {
                (0..panel.rel.len())
                    .filter(|&j| panel.post(j) == post && r[j].is_finite())
                    .map(|j| r[j] - month[j])
                    .collect()
            };
            let (before, after) = (side(false), side(true));
            let ss = |v: &[f64]| {
                let mean = v.iter().sum::<f64>() / v.len() as f64;
                v.iter().map(|x| (x - mean).powi(2)).sum::<f64>()
            };
            let (nb, na) = (before.len() as f64, after.len() as f64);
            let df = (nb + na - 2.0).max(1.0);
            ((ss(&before) + ss(&after)) / df * (1.0 / nb + 1.0 / na), df)
        })
        .unzip()
}

/// The precision weights of the row changes: one over each row's variance shrunk toward the
/// rows' mean ([`POOL_DF`] against the row's own degrees of freedom `df`), so that a row
/// whose few months happened to be calm does not take over the estimate. Equal weights when
/// no row varies at all.
pub fn precision_weights(v: &[f64], df: &[f64]) -> Vec<f64> {
    let mean = v.iter().sum::<f64>() / v.len().max(1) as f64;
    if mean <= 0.0 {
        return vec![1.0; v.len()];
    }
    v.iter()
        .zip(df)
        .map(|(x, own)| (own + POOL_DF) / (own * x + POOL_DF * mean))
        .collect()
}

/// The hull of `{tau : share of assignments with |A - tau B| >= |est - tau| > 5 %}`.
pub(crate) fn invert_test(a: &[f64], b: &[f64], est: f64) -> (Option<f64>, Option<f64>) {
    // Each assignment counts on a set of tau: an interval, a half-line, all or nothing.
    let mut always = 0_usize;
    let mut events: Vec<(f64, i32)> = Vec::new(); // (tau, +1 from here / -1 after here)
    let mut from_minus_inf = 0_usize;
    for (&ai, &bi) in a.iter().zip(b) {
        // f(tau) = (ai - tau bi)^2 - (est - tau)^2 = q2 tau^2 + q1 tau + q0 >= 0
        let q2 = bi * bi - 1.0;
        let q1 = -2.0 * (ai * bi - est);
        let q0 = ai * ai - est * est;
        if (bi.abs() - 1.0).abs() < 1e-12 {
            // Linear: q1 tau + q0 >= 0.
            if q1.abs() < 1e-12 * (ai.abs() + est.abs()).max(1.0) {
                if q0 >= -TIE * (ai * ai).max(1.0) {
                    always += 1;
                }
            } else if q1 > 0.0 {
                events.push((-q0 / q1, 1));
            } else {
                from_minus_inf += 1;
                events.push((-q0 / q1, -1));
            }
            continue;
        }
        // |b| < 1 (q2 < 0): it counts between the roots, never without them. |b| > 1 (q2 > 0,
        // possible for the ANCOVA): outside the roots, everywhere without them.
        let disc = q1 * q1 - 4.0 * q2 * q0;
        if disc < 0.0 {
            if q2 > 0.0 {
                always += 1;
            }
            continue;
        }
        let r = disc.sqrt();
        let (x, y) = ((-q1 + r) / (2.0 * q2), (-q1 - r) / (2.0 * q2));
        let (lo, hi) = if x <= y { (x, y) } else { (y, x) };
        if q2 > 0.0 {
            from_minus_inf += 1;
            events.push((lo, -1));
            events.push((hi, 1));
        } else {
            events.push((lo, 1));
            events.push((hi, -1));
        }
    }
    let m = a.len() as f64;
    let inside = |count: usize| count as f64 / m > 0.05;
    events.sort_by(|x, y| x.0.total_cmp(&y.0));
    // Sweep: `c` is the count on the open stretch before the current point; at a point the
    // intervals starting there already count and those ending there still do.
    let start = always + from_minus_inf;
    let mut c = start;
    let (mut lo, mut hi) = (None, None);
    let mut i = 0;
    while i < events.len() {
        let tau = events[i].0;
        let (mut starts, mut ends) = (0, 0);
        while i < events.len() && events[i].0 == tau {
            if events[i].1 > 0 {
                starts += 1;
            } else {
                ends += 1;
            }
            i += 1;
        }
        let at = c + starts;
        if inside(at) {
            lo = lo.or(Some(tau));
            hi = Some(tau);
        }
        c = at - ends;
    }
    let low = if inside(start) { None } else { lo };
    let high = if inside(c) { None } else { hi };
    (low, high)
}

/// The statistic of the main randomization test.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Statistic {
    /// Precision-weighted and studentized (what the reports use).
    Studentized,
    /// Studentized, every row weighing the same (kept to measure what the weights gain:
    /// `server calibrate impact`).
    StudentizedEqual,
    /// The plain difference of the unit changes, every unit weighing the same (kept to
    /// measure what studentizing gains).
    Mean,
}

/// Randomization inference for the ATT and the event study of a panel, with the
/// studentized statistic.
pub fn randomization(panel: &Panel, y: &[Vec<f64>]) -> Analysis {
    randomization_with(panel, y, Statistic::Studentized)
}

/// Randomization inference with the given main statistic (the event study always compares
/// plain means).
pub fn randomization_with(panel: &Panel, y: &[Vec<f64>], statistic: Statistic) -> Analysis {
    let n = panel.units.len();
    let observed: Vec<usize> = (0..n).filter(|&i| panel.treated[i]).collect();
    let sets = assignments(n, &observed);
    let r = Randomized::new(&sets, n, &observed);
    let d = panel.filled_changes(y);
    let obs_index = sets.iter().position(|s| *s == observed).unwrap_or(0);
    let (v, w) = match statistic {
        Statistic::Studentized => {
            let (v, df) = change_variances(panel, y);
            let w = precision_weights(&v, &df);
            (v, w)
        }
        Statistic::StudentizedEqual => (change_variances(panel, y).0, vec![1.0; n]),
        Statistic::Mean => (vec![1.0; n], vec![1.0; n]),
    };
    let (draws, overlap) = r.studentized(&d, &w, &v, obs_index);
    let att = infer(&draws, &overlap, obs_index);
    // The MDE from the null: every assignment's statistic with the estimated effect taken
    // out, each standing in turn for what the real one could show with no effect.
    let null: Vec<f64> = draws
        .iter()
        .zip(&overlap)
        .map(|(x, z)| x - att.estimate * z)
        .collect();
    let mde = power_mde(&[Case {
        observed: &null,
        null: &null,
        overlap: &overlap,
    }])
    .unwrap_or(f64::INFINITY);
    let complete = panel.complete(y);
    let (event_study, pre_trend_p) = if complete.contains(&false) {
        // The month-by-month comparison is made on the rows with every month (a month's
        // difference cannot be taken where the month is missing).
        let keep: Vec<usize> = (0..n).filter(|&i| complete[i]).collect();
        let (sub, ys) = panel.rows(y, &keep);
        let sub_observed: Vec<usize> = (0..keep.len()).filter(|&i| sub.treated[i]).collect();
        let sub_sets = assignments(keep.len(), &sub_observed);
        let sub_index = sub_sets
            .iter()
            .position(|s| *s == sub_observed)
            .unwrap_or(0);
        event_study(
            &sub,
            &ys,
            &Randomized::new(&sub_sets, keep.len(), &sub_observed),
            sub_index,
        )
    } else {
        event_study(panel, y, &r, obs_index)
    };
    Analysis {
        att,
        method: Method::Randomization,
        assignments: sets.len(),
        mde,
        event_study,
        pre_trend_p,
        weights: w,
    }
}

/// The event study by randomization (plain differences of means per event month) and the
/// joint test of the months before the program (the sum of their squared estimates).
fn event_study(
    panel: &Panel,
    y: &[Vec<f64>],
    r: &Randomized,
    obs_index: usize,
) -> (Vec<(i32, Inferred)>, Option<f64>) {
    let months = panel.event_months();
    let changes = panel.unit_event_changes(y);
    let mut event_study = Vec::new();
    let mut lead_stats = vec![0.0; r.sets.len()];
    for (k, e) in months.iter().zip(&changes) {
        let s = r.stats(e);
        let inferred = r.infer(&s, obs_index);
        if *k < -1 {
            for (acc, v) in lead_stats.iter_mut().zip(&s) {
                *acc += v * v;
            }
        }
        event_study.push((*k, inferred));
    }
    let has_leads = months.iter().any(|k| *k < -1);
    let pre_trend_p = has_leads.then(|| {
        let observed = lead_stats[obs_index];
        lead_stats
            .iter()
            .filter(|s| **s >= observed * (1.0 - TIE))
            .count() as f64
            / r.sets.len() as f64
    });
    (event_study, pre_trend_p)
}

/// Unit-clustered (CR1) inference with t(G-1), for many treated units. `None` when the
/// regressors are collinear (no control or no treated unit).
pub fn cluster(panel: &Panel, y: &[Vec<f64>]) -> Option<Analysis> {
    let g = panel.units.len();
    let df = (g - 1) as f64;
    let t = StudentsT::new(0.0, 1.0, df).ok()?;
    let t975 = t.inverse_cdf(0.975);
    let t80 = t.inverse_cdf(0.80);
    let infer = |b: f64, var: f64| {
        let se = var.sqrt();
        Inferred {
            estimate: b,
            ci_low: Some(b - t975 * se),
            ci_high: Some(b + t975 * se),
            p_value: 2.0 * (1.0 - t.cdf((b / se).abs())),
        }
    };
    let fit = panel.twfe(y, &[panel.att_regressor(&panel.treated)])?;
    let att = infer(fit.coef[0], fit.cov[0][0]);
    let mde = (t975 + t80) * fit.cov[0][0].sqrt();
    let months = panel.event_months();
    let ev = panel.twfe(y, &panel.event_regressors(&panel.treated))?;
    let event_study = months
        .iter()
        .enumerate()
        .map(|(i, k)| (*k, infer(ev.coef[i], ev.cov[i][i])))
        .collect();
    let leads: Vec<usize> = (0..months.len()).filter(|&i| months[i] < -1).collect();
    let pre_trend_p = (!leads.is_empty()).then(|| {
        let sub: Vec<Vec<f64>> = leads
            .iter()
            .map(|&a| leads.iter().map(|&b| ev.cov[a][b]).collect())
            .collect();
        let inv = super::panel::invert(&sub)?;
        let q = leads.len();
        let mut w = 0.0;
        for a in 0..q {
            for b in 0..q {
                w += ev.coef[leads[a]] * inv[a][b] * ev.coef[leads[b]];
            }
        }
        let f = FisherSnedecor::new(q as f64, df).ok()?;
        Some(1.0 - f.cdf(w / q as f64))
    });
    Some(Analysis {
        att,
        method: Method::Cluster,
        assignments: g,
        mde,
        event_study,
        pre_trend_p: pre_trend_p.flatten(),
        weights: vec![1.0; g],
    })
}

/// The ANCOVA (lagged-outcome) estimate: the units' mean after regressed on the treated
/// indicator and their mean before, with randomization inference over the same assignments.
/// When units are chosen for a low "before", the difference-in-differences credits them
/// with their recovery (regression to the mean) and the ANCOVA does not; the true effect
/// usually lies between the two (the bracketing property), so the pair is shown as a bound.
///
/// For a fixed "before", the coefficient is linear in the "after" means: `sum(r_i q_i) /
/// sum(r_i^2)` with `r` the treated indicator's residual on a constant and the "before" means,
/// so the interval comes from the same test inversion as the main estimate.
pub fn ancova(panel: &Panel, y: &[Vec<f64>]) -> Option<Inferred> {
    let n = panel.units.len();
    let mean_of = |row: &Vec<f64>, after: bool| {
        let v: Vec<f64> = row
            .iter()
            .zip(&panel.rel)
            .filter(|(_, k)| (**k > 0) == after)
            .map(|(v, _)| *v)
            .collect();
        v.iter().sum::<f64>() / v.len() as f64
    };
    let before: Vec<f64> = y.iter().map(|r| mean_of(r, false)).collect();
    let after: Vec<f64> = y.iter().map(|r| mean_of(r, true)).collect();
    let observed: Vec<usize> = (0..n).filter(|&i| panel.treated[i]).collect();
    let sets = assignments(n, &observed);
    let obs_index = sets.iter().position(|s| *s == observed)?;
    // Residual of an indicator on [1, before]: the indicator minus its least-squares fit.
    let pm = before.iter().sum::<f64>() / n as f64;
    let sxx: f64 = before.iter().map(|p| (p - pm).powi(2)).sum();
    let residual = |ind: &[f64]| -> Option<Vec<f64>> {
        let im = ind.iter().sum::<f64>() / n as f64;
        let sxy: f64 = before
            .iter()
            .zip(ind)
            .map(|(p, t)| (p - pm) * (t - im))
            .sum();
        let slope = if sxx > 0.0 { sxy / sxx } else { 0.0 };
        let r: Vec<f64> = ind
            .iter()
            .zip(&before)
            .map(|(t, p)| t - im - slope * (p - pm))
            .collect();
        (r.iter().map(|x| x * x).sum::<f64>() > 1e-12).then_some(r)
    };
    let observed_ind: Vec<f64> = (0..n)
        .map(|i| f64::from(u8::from(panel.treated[i])))
        .collect();
    let (mut a, mut b) = (
        Vec::with_capacity(sets.len()),
        Vec::with_capacity(sets.len()),
    );
    let mut obs_at = None;
    for (k, s) in sets.iter().enumerate() {
        let ind: Vec<f64> = (0..n)
            .map(|i| f64::from(u8::from(s.contains(&i))))
            .collect();
        let Some(r) = residual(&ind) else {
            continue;
        };
        let rr: f64 = r.iter().map(|x| x * x).sum();
        if k == obs_index {
            obs_at = Some(a.len());
        }
        a.push(r.iter().zip(&after).map(|(x, q)| x * q).sum::<f64>() / rr);
        b.push(r.iter().zip(&observed_ind).map(|(x, t)| x * t).sum::<f64>() / rr);
    }
    let at = obs_at?;
    let est = a[at];
    let p_value = a.iter().filter(|x| at_least(x.abs(), est.abs())).count() as f64 / a.len() as f64;
    let (ci_low, ci_high) = invert_test(&a, &b, est);
    Some(Inferred {
        estimate: est,
        ci_low,
        ci_high,
        p_value,
    })
}

/// The inference of `method` (the one the main outcome used, so that every targeted
/// element of a program is judged the same way).
pub fn analyse_with(panel: &Panel, y: &[Vec<f64>], method: Method) -> Option<Analysis> {
    match method {
        Method::Randomization => Some(randomization(panel, y)),
        Method::Cluster => {
            let complete = panel.complete(y);
            let keep: Vec<usize> = (0..complete.len()).filter(|&i| complete[i]).collect();
            let (sub, ys) = panel.rows(y, &keep);
            cluster(&sub, &ys)
        }
    }
}

/// Whether a design with these group sizes is analysed with clustered errors (both groups
/// at least [`MIN_CLUSTERS_EACH`]) rather than by randomization inference.
pub fn uses_clusters(treated: usize, controls: usize) -> bool {
    treated >= MIN_CLUSTERS_EACH && controls >= MIN_CLUSTERS_EACH
}

/// The inference the design calls for: clustered errors when both groups have at least
/// [`MIN_CLUSTERS_EACH`] units, randomization inference otherwise.
///
/// Rows without a cell in some months (comparison rows only) take part in randomization
/// inference through their own months; clustered errors need every month, so they are used
/// on the complete rows, and only when those are enough.
pub fn analyse(panel: &Panel, y: &[Vec<f64>]) -> Option<Analysis> {
    let complete = panel.complete(y);
    let treated = panel.treated.iter().filter(|t| **t).count();
    let full_controls = (0..complete.len())
        .filter(|&i| complete[i] && !panel.treated[i])
        .count();
    if uses_clusters(treated, full_controls) {
        if complete.contains(&false) {
            let keep: Vec<usize> = (0..complete.len()).filter(|&i| complete[i]).collect();
            let (sub, ys) = panel.rows(y, &keep);
            return cluster(&sub, &ys);
        }
        cluster(panel, y)
    } else {
        Some(randomization(panel, y))
    }
}

/// What the power of the test rests on in one data set with no effect: the statistics of
/// the re-draws (`null`), each re-draw's statistic of the real treatment indicator
/// (`overlap`, 1 for the real one), and the values taken in turn as what the real draw
/// showed (`observed`: every re-draw's, or the real one's alone).
pub struct Case<'a> {
    pub observed: &'a [f64],
    pub null: &'a [f64],
    pub overlap: &'a [f64],
}

impl Case<'_> {
    /// How many `observed` values the test rejects at 5 % once a true effect `tau` is
    /// added: the value plus `tau` against the 95th percentile of the re-draws' distances
    /// from zero, each re-draw carrying `tau` as far as it overlaps the real treatment. A
    /// re-draw that trains the same units carries the effect too, so the reference spreads
    /// with `tau` and the test needs more than `1.96` null standard deviations.
    fn rejections(&self, tau: f64) -> usize {
        let mut d: Vec<f64> = self
            .null
            .iter()
            .zip(self.overlap)
            .map(|(x, z)| (x + tau * z).abs())
            .collect();
        d.sort_by(f64::total_cmp);
        let q = crate::quantile::quantile(&d, 0.95).unwrap_or(f64::INFINITY);
        self.observed
            .iter()
            .filter(|x| (*x + tau).abs() > q)
            .count()
    }
}

/// The smallest effect the test finds in 80 % of the observed values of `cases` (doubling,
/// then 40 bisections; `None` when even 1,000 points would not do).
pub fn power_mde(cases: &[Case]) -> Option<f64> {
    let total: usize = cases.iter().map(|c| c.observed.len()).sum();
    let power = |tau: f64| {
        cases.iter().map(|c| c.rejections(tau)).sum::<usize>() as f64 / total.max(1) as f64
    };
    let mut hi = cases.first().map_or(1.0, |c| sd(c.null).max(1e-6));
    while power(hi) < 0.8 {
        hi *= 2.0;
        if hi > 1_000.0 {
            return None;
        }
    }
    let mut lo = 0.0;
    for _ in 0..40 {
        let mid = (lo + hi) / 2.0;
        if power(mid) >= 0.8 {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    Some(hi)
}

/// The population standard deviation.
pub fn sd(v: &[f64]) -> f64 {
    let n = v.len() as f64;
    let mean = v.iter().sum::<f64>() / n;
    (v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n).sqrt()
}

/// Holm's step-down adjustment of a family of p-values (same order as given).
pub fn holm(p: &[f64]) -> Vec<f64> {
    let m = p.len();
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&a, &b| p[a].total_cmp(&p[b]));
    let mut out = vec![0.0; m];
    let mut running = 0.0_f64;
    for (rank, &i) in order.iter().enumerate() {
        running = running.max(((m - rank) as f64 * p[i]).min(1.0));
        out[i] = running;
    }
    out
}
