//! The effect of a training program on satisfaction, estimated as an applied econometrician
//! would: a unit-month panel of the official IKM, two-way fixed effects (unit and month),
//! clean comparison units, inference at the unit level (randomization inference for few
//! trained units, clustered errors for many), an event study, the minimum detectable effect,
//! and a verdict that can say "the data cannot tell". The method: `docs/impact-method.md`.

pub mod inference;
pub mod panel;

#[cfg(test)]
mod tests;
