//! Suara: the portal where citizens of Jambi rate public services. This crate holds the pages
//! (server-rendered, with interactive islands hydrated in the browser), the domain rules
//! shared by server and browser, and, under the `ssr` feature, the queries and handlers.
//!
//! Dependency rule, from the top down (a module uses only what is below it):
//! `layout` -> each capability's `pages` -> its `routes`, `server_fns` and `api` handlers ->
//! its `view`, `domain`, `repo` and services -> `web` (errors, page plumbing, extractors,
//! periods), `accounts::auth` (who may call what), `units::repo` (the unit tree), `calendar`
//! (working days and the holiday table), `period`, `audit`, `clock`, `i18n` -> `state` and
//! `entities`. Checked by `scripts/check-layers.sh`, which prints each breach:
//! - no `api.rs`, `forms.rs` or server function file imports a `pages` module;
//! - no capability imports another's `api`, `pages`, `server_fns` or `routes`, and no two
//!   capabilities import each other, even through others (triage calls complaints; the
//!   reporter's side of a case lives in complaints; analytics reads the follow-up plan);
//! - `web/` names no capability;
//! - only repo modules (`repo.rs`, `repo/`) query `entities`, besides the plumbing that owns
//!   one table (`audit`, `mail::outbox`, `jobs`, `metrics`, the demo data);
//! - each capability registers its routes in its `routes()`; `server/src/routes.rs` merges them.
// A page is one view type, nested as deep as its markup; the printed report is the deepest.
#![recursion_limit = "256"]

pub mod accounts;
pub mod admin;
pub mod analytics;
pub mod calendar;
pub mod clock;
pub mod complaints;
pub mod followups;
pub mod i18n;
pub mod layout;
pub mod period;
pub mod quantile;
pub mod survey;
pub mod training;
pub mod triage;
pub mod units;
pub mod web;

#[cfg(feature = "ssr")]
pub mod api_doc;
#[cfg(feature = "ssr")]
pub mod audit;
#[cfg(feature = "ssr")]
pub mod config;
#[cfg(feature = "ssr")]
pub mod crypto;
#[cfg(feature = "ssr")]
pub mod csv_import;
#[cfg(feature = "ssr")]
pub mod db_health;
#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
pub mod demo_staff;
#[cfg(feature = "ssr")]
pub mod entities;
#[cfg(feature = "ssr")]
pub mod group_commit;
#[cfg(feature = "ssr")]
pub mod jobs;
#[cfg(feature = "ssr")]
pub mod mail;
#[cfg(feature = "ssr")]
pub mod memo;
#[cfg(feature = "ssr")]
pub mod metrics;
#[cfg(feature = "ssr")]
pub mod open311;
#[cfg(feature = "ssr")]
pub mod personal_data;
#[cfg(feature = "ssr")]
pub mod poster;
#[cfg(feature = "ssr")]
pub mod random;
#[cfg(feature = "ssr")]
pub mod ratelimit;
#[cfg(feature = "ssr")]
pub mod state;
#[cfg(feature = "ssr")]
pub mod storage;
#[cfg(feature = "ssr")]
pub mod untrusted;

pub use layout::{App, shell};

rust_i18n::i18n!("locales", fallback = "id");

/// Browser entry: hydrates the interactive islands of a server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
    // Lets the browser tests (and a curious reader of the DOM) see that islands are live.
    if let Some(body) = leptos::prelude::document().body() {
        let _ = body.set_attribute("data-hydrated", "1");
    }
}
