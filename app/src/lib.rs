//! Suara: the portal where citizens of Jambi rate public services. This crate holds the pages
//! (server-rendered, with interactive islands hydrated in the browser), the domain rules
//! shared by server and browser, and, under the `ssr` feature, the queries and handlers.
//!
//! Dependency rule, from the top down (a module uses only what is below it):
//! `layout` -> each capability's `pages` -> its `server_fns` and `api` handlers -> its
//! `view`, `domain`, `repo` and services -> `web` (errors, page plumbing, extractors),
//! `accounts::auth` (who may call what), `units::repo` (the unit tree), `calendar` (working
//! days and the holiday table), `audit`, `clock`,
//! `i18n` -> `state` and `entities`. No `api.rs` or `server_fns.rs` imports a `pages.rs`, and
//! no capability imports another capability's `api`, `pages` or `server_fns`; check with
//! `grep -rn "pages::" app/src --include=api.rs --include=server_fns.rs` and
//! `scripts/check-layers.sh`.

pub mod accounts;
pub mod admin;
pub mod analytics;
pub mod calendar;
pub mod clock;
pub mod complaints;
pub mod i18n;
pub mod layout;
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
pub mod metrics;
#[cfg(feature = "ssr")]
pub mod open311;
#[cfg(feature = "ssr")]
pub mod poster;
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
