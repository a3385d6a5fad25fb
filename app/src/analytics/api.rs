//! The analytics API and its CSV exports: survey import, trends, complaint statistics.
//!
//! Writes (import) need an admin session with its CSRF token, or a bearer token
//! from `SUARA_API_TOKENS`; reads of staff figures need an admin, manager or inspector
//! session (or a token). Trends are public, like the index itself.

use super::trends::{Granularity, TrendPoint, trend};
use crate::accounts::auth::{Caller, TokenOrAdmin};
use crate::state::AppState;
use crate::survey::report::Scope;
use crate::web::error::AppError;
use crate::web::extract::ApiQuery;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One refused line of an import.
#[derive(Serialize, utoipa::ToSchema)]
pub struct RejectedOut {
    pub line: usize,
    pub error: String,
}

/// What an import did.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ImportOut {
    pub imported: usize,
    pub rejected: Vec<RejectedOut>,
}

/// Imports survey responses from a CSV body (`date,service_code,U1..U9,gender,age,
/// education,occupation,suggestion`), all or nothing.
#[utoipa::path(post, path = "/api/v1/import/surveys", tag = "analytics",
    request_body(content = String, content_type = "text/csv"),
    responses(
        (status = 200, description = "Every row imported", body = ImportOut),
        (status = 422, description = "Nothing imported; the refused lines", body = ImportOut),
        (status = 401, description = "No session or token"),
        (status = 403, description = "Not an admin, or no CSRF token"),
        (status = 413, description = "Larger than 64 MB"),
    ))]
pub async fn import_surveys(
    State(state): State<AppState>,
    TokenOrAdmin(caller): TokenOrAdmin,
    body: axum::body::Body,
) -> Result<Response, AppError> {
    // Who is calling is settled before a byte of the body is read: an anonymous client
    // cannot make the server take in 64 MB to be told 401.
    let bytes = axum::body::to_bytes(body, crate::survey::import::IMPORT_BODY_BYTES)
        .await
        .map_err(|_| AppError::TooLarge)?;
    let body = String::from_utf8(bytes.to_vec()).map_err(|_| AppError::Validation {
        code: "not_utf8",
        field: "body".into(),
    })?;
    let actor = match &caller {
        Caller::Staff(s) => Some(s.id),
        Caller::Token => None,
    };
    let report = crate::survey::import::import_surveys_text(&state, actor, &body).await?;
    let status = if report.rejected.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let out = ImportOut {
        imported: report.imported,
        rejected: report
            .rejected
            .iter()
            .map(|r| RejectedOut {
                line: r.line,
                error: r.message(crate::i18n::Lang::En),
            })
            .collect(),
    };
    Ok((status, Json(out)).into_response())
}

/// Query of `GET /api/v1/trends`.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TrendQuery {
    /// A unit code (its UPTDs included); neither unit nor service: every unit.
    pub unit: Option<String>,
    pub service: Option<String>,
    /// `month` (default) or `quarter`.
    pub granularity: Option<String>,
    /// First day, `YYYY-MM-DD` (default: the first day of the month 11 months ago).
    pub from: Option<String>,
    /// Last day (default: today, WIB).
    pub to: Option<String>,
}

/// A trend.
#[derive(Serialize, utoipa::ToSchema)]
pub struct TrendOut {
    pub points: Vec<TrendPoint>,
}

/// The scope, granularity and range of a trend query, checked.
pub fn trend_params(
    q: &TrendQuery,
) -> Result<(Option<Scope>, Granularity, NaiveDate, NaiveDate), AppError> {
    let scope = match (&q.unit, &q.service) {
        (Some(u), None) if !u.is_empty() => Some(Scope::Unit(u.clone())),
        (None, Some(s)) if !s.is_empty() => Some(Scope::Service(s.clone())),
        (Some(_), Some(_)) => return Err(AppError::invalid("unit_and_service", "service")),
        _ => None,
    };
    let granularity = match q.granularity.as_deref() {
        None | Some("") => Granularity::Month,
        Some(g) => {
            Granularity::parse(g).ok_or(AppError::invalid("invalid_granularity", "granularity"))?
        }
    };
    let (from, to) = crate::web::period::date_range(&q.from, &q.to)?;
    Ok((scope, granularity, from, to))
}

/// The satisfaction index per month or quarter, overall and per element, with the number of
/// responses and the minimum-sample status of each point.
#[utoipa::path(get, path = "/api/v1/trends", tag = "analytics", params(TrendQuery),
    responses(
        (status = 200, description = "One point per period in the range", body = TrendOut),
        (status = 404, description = "Unknown unit or service"),
        (status = 422, description = "Bad granularity, date or range"),
    ))]
pub async fn trends(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<TrendQuery>,
) -> Result<Json<TrendOut>, AppError> {
    let (scope, g, from, to) = trend_params(&q)?;
    let points = trend(&state.db, scope.as_ref(), g, from, to)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Json(TrendOut { points }))
}
