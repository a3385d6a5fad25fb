//! The one shared state of the server: database, settings, rate limiters, keys, evidence
//! store, the mail worker's wake-up, and Leptos options.

use crate::config::Settings;
use crate::crypto::Keys;
use crate::ratelimit::RateLimits;
use crate::storage::EvidenceStore;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use sea_orm::DatabaseConnection;
use std::sync::Arc;

/// Handed to handlers through `State` and to server functions through context.
#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub settings: Arc<Settings>,
    pub limits: Arc<RateLimits>,
    pub leptos_options: LeptosOptions,
    /// Keys derived from the master secret (sealing, form tokens).
    pub keys: Keys,
    pub evidence: EvidenceStore,
    /// Woken after a transaction that queued mail commits, so mail leaves at once.
    pub mail_wakeup: Arc<tokio::sync::Notify>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(s: &AppState) -> LeptosOptions {
        s.leptos_options.clone()
    }
}

/// The state, inside a server function or a component rendering on the server.
pub fn app_state() -> Result<AppState, leptos::prelude::ServerFnError> {
    leptos::prelude::use_context::<AppState>()
        .ok_or_else(|| leptos::prelude::ServerFnError::new("state missing"))
}
