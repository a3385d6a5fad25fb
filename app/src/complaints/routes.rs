//! The complaint's routes: filing (form and API, rate-limited, with room for evidence),
//! the public status, and the reporter's side (messages, reopening, "Sudah selesai?",
//! erasing their identity, the receipt as a PDF or by mail again).

use super::api::{self, MAX_BODY_BYTES, receipt, reporter};
use crate::state::AppState;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

/// The complaint's handlers and API.
pub fn routes(state: &AppState) -> Router<AppState> {
    let limited =
        axum::middleware::from_fn_with_state(state.clone(), crate::ratelimit::limit_complaint);
    let big_body = DefaultBodyLimit::max(MAX_BODY_BYTES);
    Router::new()
        .route(
            "/api/v1/complaints",
            post(api::create)
                .route_layer(limited.clone())
                .layer(big_body),
        )
        .route("/api/v1/complaints/{code}", get(api::show))
        .route(
            "/api/v1/complaints/{code}/messages",
            post(reporter::message).layer(big_body),
        )
        .route("/api/v1/complaints/{code}/reopen", post(reporter::reopen))
        .route(
            "/api/v1/complaints/{code}/feedback",
            post(reporter::feedback),
        )
        .route(
            "/api/v1/complaints/{code}/erase-identity",
            post(reporter::erase_identity),
        )
        .route(
            "/lapor",
            post(api::submit_form).route_layer(limited).layer(big_body),
        )
        .route("/lacak/{code}/selesai", post(reporter::feedback_form))
        .route("/lacak/{code}/tanda-terima", post(receipt::pdf_form))
        .route("/lacak/{code}/kirim-kunci", post(receipt::mail_form))
        .route(
            "/lacak/{code}/hapus-identitas",
            post(reporter::erase_identity_form),
        )
        .route(
            "/lacak/{code}/balas",
            post(reporter::reply_form).layer(big_body),
        )
}
