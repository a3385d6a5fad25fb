//! Randomized rollouts: a training given in waves whose order is drawn at random, so that
//! the comparison of trained and not-yet-trained units needs no assumption about trends.
//! `assign.rs`: the draw (clusters, strata, waves), reproducible from its seed.

pub mod assign;
