//! Management analytics: satisfaction trends, complaint statistics, training programs and
//! their estimated impact, charts and exports.

pub mod pages;
pub mod server_fns;

#[cfg(feature = "ssr")]
pub mod api;
#[cfg(feature = "ssr")]
pub mod chart;
#[cfg(feature = "ssr")]
pub mod export;
#[cfg(feature = "ssr")]
pub mod impact;
pub mod public_stats;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod stats;
#[cfg(feature = "ssr")]
pub mod training;
#[cfg(feature = "ssr")]
pub mod trends;
