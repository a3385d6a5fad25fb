//! Calibration of the early warning by simulation: a unit's responses day by day for two
//! years after a year of history, the real test run every day as the job does, counting the
//! alarms raised on stable data (false alarms) and, after a drop, whether an alarm comes
//! within 30 days (power).
//!
//! Stable is not only "every day alike": units have months better and worse than others
//! (staff on leave, a queue system down), serially correlated, and days whose visitors share
//! a cause. Responses come from `calibrate::Population` (a binomial-logit answer model).

use super::{BLOCKS, Step, WINDOW_DAYS, step, test};
use crate::analytics::calibrate::Population;
use crate::random::normal;
use crate::survey::index::Totals;
use rand::{Rng, SeedableRng};

/// The history simulated.
#[derive(Clone, Copy, Debug)]
pub struct Unit {
    /// Mean responses a day.
    pub per_day: f64,
    /// Standard deviation of a 30-day block's shift of mood (0.13 is about 2 IKM points),
    /// with this correlation from one block to the next.
    pub block_sd: f64,
    pub block_rho: f64,
    /// Standard deviation of a day's shift of mood shared by its visitors.
    pub day_sd: f64,
    /// A fall of mood from the first monitored day on (0.27 is about 4 IKM points).
    pub drop: f64,
}

/// Days of history before the monitored two years.
const HISTORY: usize = (BLOCKS + 1) * WINDOW_DAYS as usize;
/// Days monitored.
pub const MONITORED: usize = 730;

fn poisson(mean: f64, rng: &mut impl Rng) -> usize {
    if mean > 30.0 {
        return (mean + mean.sqrt() * normal(rng)).round().max(0.0) as usize;
    }
    let limit = (-mean).exp();
    let (mut k, mut p) = (0, 1.0);
    loop {
        p *= rng.random::<f64>();
        if p <= limit {
            return k;
        }
        k += 1;
    }
}

/// What one simulated unit's two years gave at one level.
#[derive(Clone, Copy, Debug, Default)]
pub struct Run {
    pub alarms: usize,
    /// Day (from the first monitored day) of the first alarm.
    pub first_alarm: Option<usize>,
}

/// Simulates one unit and runs the daily test over the monitored days: each day's one-sided
/// p-value (`None` when there was too little to test).
pub fn p_values(u: &Unit, seed: u64) -> Vec<Option<f64>> {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let pop = Population::all()[0];
    let days = HISTORY + MONITORED;
    // Cumulative sums: prefix[d] holds days 0..d.
    let mut prefix = Vec::with_capacity(days + 1);
    prefix.push(Totals::default());
    let mut block_shift = u.block_sd * normal(&mut rng);
    for d in 0..days {
        if d % WINDOW_DAYS as usize == 0 && d > 0 {
            let fresh = u.block_sd * (1.0 - u.block_rho * u.block_rho).sqrt();
            block_shift = u.block_rho * block_shift + fresh * normal(&mut rng);
        }
        let drop = if d >= HISTORY { u.drop } else { 0.0 };
        let shift = block_shift + u.day_sd * normal(&mut rng) - drop;
        let mut t = *prefix.last().expect("prefix starts with zero");
        for _ in 0..poisson(u.per_day, &mut rng) {
            t.add_response(pop.response(shift, &mut rng));
        }
        prefix.push(t);
    }
    let w = WINDOW_DAYS as usize;
    (HISTORY..days)
        .map(|day| {
            // The job on `day` tests the 30 days before it and the twelve blocks before those.
            let recent = prefix[day].minus(&prefix[day - w]);
            let blocks: Vec<Totals> = (0..BLOCKS)
                .map(|b| {
                    let end = day - w - (BLOCKS - 1 - b) * w;
                    prefix[end].minus(&prefix[end - w])
                })
                .collect();
            test(&recent, &blocks).map(|f| f.p)
        })
        .collect()
}

/// The alarms the job would raise from these daily p-values at level `alpha`.
pub fn alarms(p: &[Option<f64>], alpha: f64) -> Run {
    let mut out = Run::default();
    let mut last_fired: Option<usize> = None;
    for (day, p) in p.iter().enumerate() {
        let fires = p.is_some_and(|p| p < alpha);
        match step(fires, last_fired.map(|d| (day - d) as i64)) {
            Step::Raise => {
                out.alarms += 1;
                out.first_alarm.get_or_insert(day);
                last_fired = Some(day);
            }
            Step::Refire => last_fired = Some(day),
            Step::Nothing => {}
        }
    }
    out
}

/// What `count` simulated units gave at one level.
#[derive(Clone, Copy, Debug, Default)]
pub struct Rates {
    /// Alarms per unit in the two years (false alarms on stable data).
    pub alarms_per_unit: f64,
    /// Share of units with any alarm.
    pub with_alarm: f64,
    /// Share of units alarmed within 30 days of the first monitored day (power after a drop).
    pub within_30_days: f64,
    /// Share of monitored days that could be tested.
    pub tested: f64,
}

/// Rates over `count` units at each level in `alphas`.
pub fn calibrate(u: &Unit, count: usize, alphas: &[f64], seed: u64) -> Vec<Rates> {
    let mut out = vec![Rates::default(); alphas.len()];
    let n = count as f64;
    for k in 0..count {
        let p = p_values(u, seed + k as u64);
        let tested = p.iter().filter(|x| x.is_some()).count() as f64 / p.len() as f64;
        for (a, r) in alphas.iter().zip(out.iter_mut()) {
            let run = alarms(&p, *a);
            r.alarms_per_unit += run.alarms as f64 / n;
            r.with_alarm += f64::from(u8::from(run.alarms > 0)) / n;
            r.within_30_days += f64::from(u8::from(run.first_alarm.is_some_and(|d| d < 30))) / n;
            r.tested += tested / n;
        }
    }
    out
}
