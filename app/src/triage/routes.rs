//! The triage's routes: the queue and case API, transitions, questions to the reporter,
//! the logged reveal, evidence files, the audit check, and the console's forms.

use super::{api, forms};
use crate::state::AppState;
use axum::Router;
use axum::routing::{get, post, put};

/// The triage's handlers and API.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/triage/complaints", get(api::queue))
        .route("/api/v1/triage/complaints/{code}", get(api::case))
        .route(
            "/api/v1/triage/complaints/{code}/transitions",
            post(api::transitions),
        )
        .route("/api/v1/triage/complaints/{code}/questions", post(api::ask))
        .route("/api/v1/triage/complaints/{code}/reveal", post(api::reveal))
        .route(
            "/api/v1/triage/complaints/{code}/files/{id}",
            get(api::file),
        )
        .route(
            "/api/v1/triage/complaints/{code}/handler",
            put(api::handler),
        )
        .route("/api/v1/triage/complaints/{code}/notes", post(api::note))
        .route(
            "/api/v1/triage/complaints/{code}/outcome",
            put(api::complete_outcome),
        )
        .route(
            "/api/v1/triage/complaints/{code}/repeat-names",
            get(api::repeat_names),
        )
        .route("/api/v1/triage/audit", get(api::audit_check))
        .route("/staf/kasus/{code}/aksi", post(forms::action_form))
        .route("/staf/kasus/{code}/ungkap", post(forms::reveal_form))
        .route("/staf/kasus/{code}/tanya", post(forms::question_form))
        .route("/staf/kasus/{code}/petugas", post(forms::handler_form))
        .route("/staf/kasus/{code}/catatan", post(forms::note_form))
        .route("/staf/kasus/{code}/temuan", post(forms::outcome_form))
}
