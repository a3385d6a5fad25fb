//! The SKM follow-up plan (PermenPANRB 14/2017): after a period's results, each unit records
//! what it will do about its weakest elements, who answers for it and by when, and reports
//! how far it has come. The domain (`domain.rs`, shared with the browser), the queries
//! (`repo.rs`), the API and the console's forms (`api.rs`), the console page (`pages.rs`) fed
//! by its server function (`server_fns.rs`), and the daily mail of actions falling due
//! (`jobs.rs`). The plan is published on the unit's public page and in its SKM report.

pub mod domain;
pub mod pages;
pub mod server_fns;

#[cfg(feature = "ssr")]
pub mod api;
#[cfg(feature = "ssr")]
pub mod jobs;
#[cfg(feature = "ssr")]
pub mod repo;

#[cfg(feature = "ssr")]
mod routes;
#[cfg(feature = "ssr")]
pub use routes::routes;
