//! Training programs for civil servants and whether they worked: the registry of programs
//! (`programs.rs`, `repo.rs`), the estimate of each program's effect on satisfaction
//! (`impact/`, the method in `docs/impact-method.md`), the API (`api.rs`), and the console's
//! pages (`pages.rs`) fed by their server functions (`server_fns.rs`); randomized rollouts
//! (`rollout/`: the draw, the analysis, storage and API) and their console pages
//! (`rollout_pages.rs`, `rollout_fns.rs`).

pub mod pages;
pub mod rollout_fns;
pub mod rollout_pages;
pub mod server_fns;

#[cfg(feature = "ssr")]
pub mod api;
#[cfg(feature = "ssr")]
pub mod error;
#[cfg(feature = "ssr")]
pub mod impact;
#[cfg(feature = "ssr")]
pub mod impact_page;
#[cfg(feature = "ssr")]
pub mod programs;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod rollout;
#[cfg(feature = "ssr")]
pub mod words;

#[cfg(feature = "ssr")]
mod routes;
#[cfg(feature = "ssr")]
pub use routes::routes;
