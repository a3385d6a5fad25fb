//! Open311 GeoReport v2 at `/open311/v2/`: existing civic apps and city systems list the
//! conduct categories as services, file reports, and read their public status. Nothing
//! confidential appears here: no report text, no reporter, no staff.
//!
//! `format.rs`: JSON or XML answers and errors; `services.rs`: discovery and the services;
//! `requests.rs`: the public list, one report, and filing.

mod format;
mod requests;
mod routes;
mod services;
mod shapes;

pub use requests::{get_request, post_request};
pub use routes::routes;
pub use services::service_definition;

use crate::complaints::domain::Category;
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use format::*;
use requests::requests;
use services::{discovery, service_of};
use shapes::*;
use std::collections::HashMap;

/// `GET /open311/v2/{discovery|services|requests}.{json|xml}`.
pub async fn get_root(
    State(state): State<AppState>,
    Path(file): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let Some((name, fmt)) = split(&file) else {
        return not_found();
    };
    match name {
        "discovery" => discovery(&state, fmt),
        "services" => {
            let list: Vec<ServiceOut> = Category::ALL.into_iter().map(service_of).collect();
            respond(
                fmt,
                StatusCode::OK,
                &list,
                "services",
                &ServicesXml {
                    service: list.clone(),
                },
            )
        }
        "requests" => requests(&state, fmt, &q).await,
        _ => error(fmt, StatusCode::NOT_FOUND, "unknown resource"),
    }
}
