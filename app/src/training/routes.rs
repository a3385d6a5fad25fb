//! The training's routes: programs and their impact, randomized rollouts, and the console's
//! forms (the pages at the same paths are in `pages.rs` and `rollout_pages.rs`).

use super::rollout::api as rollout;
use crate::state::AppState;
use axum::Router;
use axum::routing::{get, post};

/// The training's handlers and API.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/api/v1/training",
            get(super::api::list_training).post(super::api::create_training),
        )
        .route("/api/v1/training/{id}/impact", get(super::api::impact))
        .route(
            "/api/v1/training/rollouts",
            get(rollout::list).post(rollout::create),
        )
        .route("/api/v1/training/rollouts/preview", post(rollout::preview))
        .route("/api/v1/training/rollouts/{id}", get(rollout::show))
        .route(
            "/api/v1/training/rollouts/{id}/impact",
            get(rollout::impact),
        )
        .route("/staf/pelatihan", post(super::api::training_form))
        .route("/staf/pelatihan/acak", post(rollout::rollout_form))
}
