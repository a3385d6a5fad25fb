//! The administration's routes: the forms of `/staf/admin` (users, holidays, units,
//! services, and the CSV imports).

use super::api;
use crate::state::AppState;
use crate::survey::import::IMPORT_BODY_BYTES;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

/// The administration's form handlers.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/staf/admin/pengguna", post(api::add_user))
        .route("/staf/admin/aktif", post(api::set_active))
        .route("/staf/admin/libur", post(api::add_holiday))
        .route("/staf/admin/libur/hapus", post(api::remove_holiday))
        .route("/staf/admin/unit-csv", post(api::import_units))
        .route("/staf/admin/libur-csv", post(api::import_holidays))
        .route("/staf/admin/unit", post(api::save_unit))
        .route(
            "/staf/admin/survei-csv",
            post(api::import_surveys).layer(DefaultBodyLimit::max(IMPORT_BODY_BYTES)),
        )
        .route("/staf/admin/layanan", post(api::save_service))
        .route("/staf/admin/layanan/aktif", post(api::set_service_active))
        .route("/staf/admin/templat/simpan", post(api::save_template))
        .route("/staf/admin/templat/hapus", post(api::delete_template))
        .route(
            "/staf/admin/saran-pelatihan/simpan",
            post(api::save_suggestion),
        )
        .route("/staf/audit.csv", get(api::audit_csv))
}
