//! `GET /api/v1/units`: every unit with its parent and services.

use super::domain::UnitView;
use crate::state::AppState;
use crate::web::error::AppError;
use axum::Json;
use axum::extract::State;

/// Lists every unit with its parent code and active services.
#[utoipa::path(get, path = "/api/v1/units", tag = "units",
    responses((status = 200, description = "Every unit with its services", body = [UnitView])))]
pub async fn list(State(state): State<AppState>) -> Result<Json<Vec<UnitView>>, AppError> {
    Ok(Json(super::repo::list_units(&state.db).await?))
}
