//! Open311's routes under `/open311/v2/`; filing is rate-limited like a complaint.

use crate::state::AppState;
use axum::Router;
use axum::routing::get;

/// Open311's handlers.
pub fn routes(state: &AppState) -> Router<AppState> {
    let limited =
        axum::middleware::from_fn_with_state(state.clone(), crate::ratelimit::limit_complaint);
    Router::new()
        .route(
            "/open311/v2/{file}",
            get(super::get_root)
                .post(super::post_request)
                .route_layer(limited),
        )
        .route(
            "/open311/v2/services/{file}",
            get(super::service_definition),
        )
        .route("/open311/v2/requests/{file}", get(super::get_request))
}
