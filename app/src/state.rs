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

/// Handed to handlers through `State` and to server functions through context. A clone is
/// one reference count (every middleware and extractor clones it per request).
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl AppState {
    /// The state holding `shared`.
    pub fn new(shared: Shared) -> AppState {
        AppState(Arc::new(shared))
    }
}

impl std::ops::Deref for AppState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// What the state holds.
pub struct Shared {
    pub db: DatabaseConnection,
    pub settings: Arc<Settings>,
    pub limits: Arc<RateLimits>,
    pub leptos_options: LeptosOptions,
    /// The static files' content-hashed names (`web::assets`).
    pub assets: Arc<crate::web::assets::Assets>,
    /// Keys derived from the master secret (sealing, form tokens).
    pub keys: Keys,
    pub evidence: EvidenceStore,
    /// Woken after a transaction that queued mail commits, so mail leaves at once.
    pub mail_wakeup: Arc<tokio::sync::Notify>,
    /// Write transactions pass one at a time on SQLite (one writer at a time is all SQLite
    /// allows; queueing here instead of in SQLite's busy handler keeps the tail latency
    /// low). PostgreSQL gets as many permits as connections.
    pub write_gate: Arc<tokio::sync::Semaphore>,
    /// Writes made in shared transactions (group commit), one lane per kind.
    pub lanes: crate::group_commit::Lanes,
    /// What `/metrics` reports (this server's own registry).
    pub metrics: Arc<crate::metrics::Metrics>,
    /// Where uploaded files are checked and cleaned, off the request threads.
    pub untrusted: crate::untrusted::Pool,
    /// The province-wide figures, kept a while (`SUARA_FIGURES_MAX_AGE_SECS`).
    pub figures: Arc<crate::survey::report::Figures>,
    /// Dashboards by the units read, period, day and language, kept as long.
    pub dashboards: Arc<
        crate::memo::Memo<
            crate::analytics::server_fns::DashboardKey,
            crate::analytics::server_fns::DashboardData,
        >,
    >,
    /// The published complaint statistics by quarter, kept as long.
    pub public_stats: Arc<
        crate::memo::Memo<
            (chrono::NaiveDate, chrono::NaiveDate),
            crate::analytics::public_stats::PublicStats,
        >,
    >,
}

impl AppState {
    /// Begins a write transaction, waiting for the write gate; hold the permit until commit.
    pub async fn begin_write(
        &self,
    ) -> Result<
        (
            tokio::sync::OwnedSemaphorePermit,
            sea_orm::DatabaseTransaction,
        ),
        sea_orm::DbErr,
    > {
        use sea_orm::TransactionTrait;
        let permit = self
            .write_gate
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| sea_orm::DbErr::Custom("write gate closed".into()))?;
        let options = crate::group_commit::write_options();
        Ok((permit, self.db.begin_with_options(options).await?))
    }

    /// The group-commit lane for writes of kind `B`.
    pub fn lane<B: crate::group_commit::Batch>(&self) -> crate::group_commit::Lane<B> {
        self.lanes
            .get::<B>(&self.db, &self.write_gate, &self.metrics)
    }
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
