//! The units' routes: the public list of units and services.

use crate::state::AppState;
use axum::Router;
use axum::routing::get;

/// The units' API.
pub fn routes() -> Router<AppState> {
    Router::new().route("/api/v1/units", get(super::api::list))
}
