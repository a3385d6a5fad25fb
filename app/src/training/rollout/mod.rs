//! Randomized rollouts: a training given in waves whose order is drawn at random, so that
//! the comparison of trained and not-yet-trained units needs no assumption about trends.
//! `plan.rs`: what a plan is and its checks; `assign.rs`: the draw (clusters, strata,
//! waves), reproducible from its seed; `analysis.rs`: the statistic, its randomization
//! distribution and the MDE (planned and realised); `report.rs`: a rollout's report;
//! `repo.rs`: storage; `service.rs`: preview, register, read and report; `page.rs`: the
//! pages' data in words; `simulate.rs`: the
//! calibration; `demo.rs`: the demo's history and finished rollout.

pub mod analysis;
pub mod api;
pub mod assign;
pub mod demo;
pub mod page;
pub mod plan;
pub mod repo;
pub mod report;
pub mod service;
pub mod simulate;
