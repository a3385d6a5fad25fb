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

/// The survey CSV as the document states it: the header, then one line a response. A
/// date is a day up to today (WIB; 29 February is read too); scores are 1..4 (a cell may be left empty, but not all nine); the
/// respondent's cells may be empty. Quoted cells and `;` as the separator are read too.
pub struct SurveyCsv;

impl utoipa::ToSchema for SurveyCsv {}

impl utoipa::PartialSchema for SurveyCsv {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        let score = "[1-4]?";
        let scores = [score; 9].join(",");
        let row = format!(
            "(19|20)[0-9]{{2}}-((0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])|(0[13-9]|1[0-2])-(29|30)|(0[13578]|1[02])-31),{code},{scores},(L|P)?,(1[0-9]|[2-9][0-9]|10[0-9]|110)?,(sd|smp|sma|diploma|s1|s2)?,(pns|tni|polri|swasta|wirausaha|lainnya)?,[^,\"\\r\\n\\x00-\\x1f]{{0,200}}",
            code = "[a-z0-9][a-z0-9-]{1,31}",
        );
        crate::web::api_schema::schema(serde_json::json!({
            "type": "string",
            "description": "`date,service_code,U1,...,U9,gender,age,education,occupation,suggestion`, then a line per response",
            "pattern": format!("^date,service_code,U1,U2,U3,U4,U5,U6,U7,U8,U9,gender,age,education,occupation,suggestion(\\n{row})*\\n?$"),
            "example": "date,service_code,U1,U2,U3,U4,U5,U6,U7,U8,U9,gender,age,education,occupation,suggestion\n2026-03-02,skj-pkb,4,3,3,4,3,4,4,3,3,L,34,sma,swasta,\n"
        }))
    }
}

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
    request_body(content = SurveyCsv, content_type = "text/csv"),
    responses(
        (status = 200, description = "Every row imported", body = ImportOut),
        (status = 404, description = "Nothing imported: the only refused lines name no service", body = ImportOut),
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
    // Codes that name no service are the only thing wrong: 404, as for any unknown code.
    let status = if report.rejected.is_empty() {
        StatusCode::OK
    } else if report
        .rejected
        .iter()
        .all(|r| r.key.ends_with("survey_service"))
    {
        StatusCode::NOT_FOUND
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

/// Query of `GET /api/v1/trends`: neither unit nor service for every unit, one of them, or
/// both for the service within the unit.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TrendQuery {
    /// A unit code (its UPTDs included); empty or absent: every unit.
    #[param(schema_with = crate::web::api_schema::code_or_empty)]
    pub unit: Option<String>,
    /// A service code; with `unit`, one of that unit's (or of a unit below it).
    #[param(schema_with = crate::web::api_schema::code_or_empty)]
    pub service: Option<String>,
    /// `month` (default) or `quarter`.
    #[param(schema_with = granularity_schema)]
    pub granularity: Option<String>,
    /// First day, `YYYY-MM-DD` (empty or absent: the first day of the month 11 months ago).
    #[param(schema_with = crate::web::api_schema::date_or_empty)]
    pub from: Option<String>,
    /// Last day (empty or absent: today, WIB), not before `from` and at most ten years after.
    #[param(schema_with = crate::web::api_schema::date_or_empty)]
    pub to: Option<String>,
}

fn granularity_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    crate::web::api_schema::schema(
        serde_json::json!({"type": "string", "enum": ["month", "quarter", ""]}),
    )
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
    let scope = match Scope::of_query(q.unit.as_deref(), q.service.as_deref()) {
        Scope::Province => None,
        s => Some(s),
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
        (status = 404, description = "Unknown unit or service, or a service that is not the unit's"),
        (status = 422, description = "`to` before `from`, or more than ten years apart (`invalid_range`, `range_too_long`)"),
    ))]
pub async fn trends(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<TrendQuery>,
) -> Result<Json<TrendOut>, AppError> {
    let (scope, g, from, to) = trend_params(&q)?;
    let points = trend(&state.db, &state.figures, scope.as_ref(), g, from, to)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Json(TrendOut { points }))
}
