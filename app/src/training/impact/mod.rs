//! The effect of a training program on satisfaction, estimated as an applied econometrician
//! would: a unit-month panel of the official IKM, two-way fixed effects (unit and month),
//! clean comparison units, inference at the unit level (randomization inference for few
//! trained units, clustered errors for many), an event study, the minimum detectable effect,
//! and a verdict that can say "the data cannot tell". The method: `docs/impact-method.md`.

pub mod inference;
pub mod panel;
pub mod repo;
pub mod report;
pub mod scenarios;
pub mod simulate;

#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

/// What the page and the API say about a program.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Improved,
    Worsened,
    NoMeasurableChange,
    InsufficientData,
    /// An estimate exists but its direction cannot be told from the design: the trained
    /// units were chosen among the lowest before the program, so regression to the mean and
    /// the training are mixed (the difference-in-differences and the ANCOVA bound differ).
    Inconclusive,
}

/// How the trained units were chosen: by the people running the training (observational:
/// the comparison rests on assumptions), or by the portal's draw (randomized: the difference
/// is caused by the training).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum StudyDesign {
    Observational,
    Randomized,
}

/// The verdict of an estimate that could be made: a change when the test rejects "no
/// effect" at 5 % (two-sided), in the direction of the estimate.
pub fn verdict(a: &inference::Inferred) -> Verdict {
    if a.p_value < 0.05 {
        if a.estimate > 0.0 {
            Verdict::Improved
        } else {
            Verdict::Worsened
        }
    } else {
        Verdict::NoMeasurableChange
    }
}
