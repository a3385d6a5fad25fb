//! The accounts' routes: signing in and out (form and API), the password, and the reset
//! by mail (rate-limited like a complaint, since it sends mail).

use super::api;
use crate::state::AppState;
use axum::Router;
use axum::routing::{get, post};

/// The accounts' handlers and API.
pub fn routes(state: &AppState) -> Router<AppState> {
    let limited =
        axum::middleware::from_fn_with_state(state.clone(), crate::ratelimit::limit_complaint);
    Router::new()
        .route("/api/v1/auth/login", post(api::login))
        .route("/api/v1/auth/logout", post(api::logout))
        .route("/api/v1/auth/me", get(api::me))
        .route("/api/v1/auth/password", post(api::password))
        .route("/staf", get(api::landing))
        .route("/staf/masuk", post(api::login_form))
        .route("/staf/keluar", post(api::logout_form))
        .route("/staf/sandi", post(api::password_form))
        .route("/staf/lupa", post(api::forgot_form).route_layer(limited))
        .route("/staf/reset", post(api::reset_form))
}
