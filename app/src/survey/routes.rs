//! The survey's routes: answering from a QR code (with and without JavaScript), the public
//! index, and the counter kiosks with their enrolment and administration.

use super::kiosk::api as kiosk;
use crate::state::AppState;
use axum::Router;
use axum::routing::{get, post};

/// The survey's handlers and API; survey writes are rate-limited per address.
pub fn routes(state: &AppState) -> Router<AppState> {
    let limited =
        axum::middleware::from_fn_with_state(state.clone(), crate::ratelimit::limit_survey);
    Router::new()
        .route(
            "/api/v1/surveys",
            post(super::api::create).route_layer(limited.clone()),
        )
        .route("/api/v1/ikm", get(super::api::ikm))
        .route(
            "/s/{code}",
            post(super::api::submit_form).route_layer(limited),
        )
        .route("/api/v1/kiosks", post(kiosk::register).get(kiosk::list))
        .route("/api/v1/kiosks/{id}/revoke", post(kiosk::revoke))
        .route("/kios", post(kiosk::submit))
        .route("/kios/daftar/{token}", post(kiosk::enrol))
        .route("/staf/kios", post(kiosk::register_form))
        .route("/staf/kios/{id}/cabut", post(kiosk::revoke_form))
}
