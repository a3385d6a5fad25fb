//! The early warning: once a day, for each unit, is its IKM over the last 30 days below its
//! previous twelve months by more than noise? (`docs/early-warning.md` says it for managers.)
//!
//! The twelve months before are cut into twelve blocks of 30 days. The drop is the baseline's
//! IKM minus the last 30 days'; its noise is the sampling error of both (the intervals' delta
//! method) plus the wobble that blocks of a stable unit show beyond sampling (staff on leave,
//! a queue system down: the variance of the blocks' IKMs less their sampling variance, never
//! below zero), since the last 30 days are one more such block. The one-sided test is at
//! [`ALPHA`], a level set by simulation so that a stable unit raises at most one false alarm
//! in two years although the test runs every day on overlapping windows (`calibrate`).
//!
//! An alarm, once raised, stays open while the test keeps firing and for [`QUIET_DAYS`]
//! after; a new alarm is raised only when none is open, so one drop mails once.

pub mod job;
pub mod repo;
pub mod simulate;
#[cfg(test)]
mod tests;

use crate::survey::domain::Element;
use crate::survey::index::Totals;
use crate::survey::interval::Spread;
use statrs::distribution::{ContinuousCDF, Normal};

/// Days in the window tested, and in each of the baseline's twelve blocks.
pub const WINDOW_DAYS: i64 = 30;
/// Blocks in the baseline (twelve months).
pub const BLOCKS: usize = 12;
/// The one-sided level of each day's test (set by `server calibrate figures`).
pub const ALPHA: f64 = 0.001;
/// Fewest responses in the last 30 days, in the baseline, and blocks with an index, for a
/// test at all.
pub const MIN_RECENT: i64 = 10;
pub const MIN_BASELINE: i64 = 60;
pub const MIN_BLOCKS: usize = 6;
/// Days without firing after which an open alarm closes.
pub const QUIET_DAYS: i64 = 14;

/// What a day's test found for one unit.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    pub recent_ikm: f64,
    pub baseline_ikm: f64,
    /// Baseline minus recent: positive when the unit fell.
    pub drop: f64,
    /// The drop's standard error, wobble included.
    pub se: f64,
    /// One-sided p-value of "no fall".
    pub p: f64,
    /// The element that fell most, and by how much.
    pub element: Element,
    pub element_drop: f64,
    pub recent_responses: i64,
    pub baseline_responses: i64,
}

impl Finding {
    /// Whether the test fires.
    pub fn fires(&self) -> bool {
        self.p < ALPHA
    }
}

/// Tests the last 30 days (`recent`) against the baseline's blocks (oldest first); `None`
/// when there are too few responses to test.
pub fn test(recent: &Totals, blocks: &[Totals]) -> Option<Finding> {
    let mut baseline = Totals::default();
    for b in blocks {
        baseline.merge(b);
    }
    if recent.responses < MIN_RECENT || baseline.responses < MIN_BASELINE {
        return None;
    }
    let (r_ikm, r_se) = Spread::of(recent)?.ikm_se();
    let (b_ikm, b_se) = Spread::of(&baseline)?.ikm_se();
    // The blocks' own IKMs and sampling variances.
    let cells: Vec<(f64, f64)> = blocks
        .iter()
        .filter_map(|b| Spread::of(b).map(|s| s.ikm_se()))
        .collect();
    if cells.len() < MIN_BLOCKS {
        return None;
    }
    let k = cells.len() as f64;
    let mean = cells.iter().map(|c| c.0).sum::<f64>() / k;
    let spread = cells.iter().map(|c| (c.0 - mean).powi(2)).sum::<f64>() / (k - 1.0);
    let sampling = cells.iter().map(|c| c.1 * c.1).sum::<f64>() / k;
    let wobble = (spread - sampling).max(0.0);
    let se = (r_se * r_se + b_se * b_se + wobble * (1.0 + 1.0 / k)).sqrt();
    let drop = b_ikm - r_ikm;
    if se <= 0.0 {
        return None;
    }
    let p = 1.0 - Normal::standard().cdf(drop / se);
    let (element, element_drop) = Element::ALL
        .iter()
        .filter_map(|&e| Some((e, baseline.element_value(e)? - recent.element_value(e)?)))
        .max_by(|a, b| a.1.total_cmp(&b.1))?;
    Some(Finding {
        recent_ikm: r_ikm,
        baseline_ikm: b_ikm,
        drop,
        se,
        p,
        element,
        element_drop,
        recent_responses: recent.responses,
        baseline_responses: baseline.responses,
    })
}

/// What a day's test does to a unit's alarms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Nothing open and nothing found, or an open alarm left as it is.
    Nothing,
    /// A new alarm: mail it.
    Raise,
    /// The open alarm fired again today.
    Refire,
}

/// The step for a unit whose open alarm (if any) last fired `days_since_fired` days ago.
pub fn step(fires: bool, days_since_fired: Option<i64>) -> Step {
    let open = days_since_fired.is_some_and(|d| d <= QUIET_DAYS);
    match (fires, open) {
        (true, true) => Step::Refire,
        (true, false) => Step::Raise,
        _ => Step::Nothing,
    }
}
