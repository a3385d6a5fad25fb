//! The follow-up plan's routes: the API and the console's forms (the page at the same path
//! is in `pages.rs`).

use crate::state::AppState;
use axum::Router;
use axum::routing::{get, patch, post};

/// The follow-up plan's handlers and API.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/api/v1/follow-ups",
            get(super::api::list).post(super::api::create),
        )
        .route("/api/v1/follow-ups/{id}", patch(super::api::update))
        .route("/staf/tindak-lanjut", post(super::api::create_form))
        .route("/staf/tindak-lanjut/{id}", post(super::api::update_form))
}
