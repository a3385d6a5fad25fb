//! The analytics' routes: trends, the public complaint statistics, the survey import, and
//! the CSV exports.

use super::{api, export};
use crate::state::AppState;
use crate::survey::import::IMPORT_BODY_BYTES;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

/// The analytics' handlers and API.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/trends", get(api::trends))
        .route(
            "/api/v1/import/surveys",
            post(api::import_surveys).layer(DefaultBodyLimit::max(IMPORT_BODY_BYTES)),
        )
        .route(
            "/api/v1/stats/complaints",
            get(super::stats::complaint_stats),
        )
        .route("/staf/ekspor/survei.csv", get(export::surveys))
        .route("/staf/ekspor/pengaduan.csv", get(export::complaints))
        .route("/staf/laporan.xlsx", get(export::report_workbook))
        .route("/laporan/logo", get(export::report_logo))
}
