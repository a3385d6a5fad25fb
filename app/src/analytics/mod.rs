//! Management analytics, in four rooms; each has its builder (over `&impl ConnectionTrait`),
//! its page's shapes and server function (`server_fns/`), and its page (`pages/`):
//! - the manager's dashboard: `dashboard.rs`, `server_fns/dashboard.rs`, `pages/dashboard.rs`;
//! - figures and trends: `figures.rs`, `trends.rs`, `stats.rs` (complaint figures), `api.rs`
//!   (the trends API and the survey import), `server_fns/mod.rs`, `pages/figures.rs`;
//! - public statistics: `public_stats.rs`, `server_fns/public.rs`, `pages/complaints.rs`
//!   (`/statistik`) and `pages/public.rs` (a unit's public trend);
//! - the SKM report with its exports: `skm_report.rs`, `export.rs` (CSV),
//!   `server_fns/report.rs`, `pages/report.rs`.
//!
//! Their queries are in `repo.rs`. Training programs and their impact live in
//! `crate::training`.

pub mod pages;
pub mod server_fns;

#[cfg(feature = "ssr")]
pub mod api;
#[cfg(feature = "ssr")]
pub mod calibrate;
#[cfg(feature = "ssr")]
pub mod dashboard;
#[cfg(feature = "ssr")]
pub mod export;
#[cfg(feature = "ssr")]
pub mod fdr;
#[cfg(feature = "ssr")]
pub mod figures;
pub mod public_stats;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod skm_report;
#[cfg(feature = "ssr")]
pub mod stats;
#[cfg(feature = "ssr")]
pub mod trends;
#[cfg(feature = "ssr")]
pub mod warning;
pub mod warning_view;
#[cfg(feature = "ssr")]
pub mod workbook;

#[cfg(feature = "ssr")]
mod routes;
#[cfg(feature = "ssr")]
pub use routes::routes;
