//! The analytics API and its CSV exports: survey import, trends, training programs and their
//! impact, complaint statistics.
//!
//! Writes (import, programs) need an admin session with its CSRF token, or a bearer token
//! from `SUARA_API_TOKENS`; reads of staff figures need an admin, manager or inspector
//! session (or a token). Trends are public, like the index itself.

use super::training::{self, NewProgram};
use super::trends::{Granularity, TrendPoint, trend};
use crate::accounts::auth::{Caller, RegistrarForm, TokenOrAdmin, TokenOrReader, TokenOrRegistrar};
use crate::state::AppState;
use crate::survey::report::Scope;
use crate::web::error::AppError;
use crate::web::extract::{ApiJson, ApiPath, ApiQuery};
use crate::web::form::show_again;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use serde_json::json;

fn invalid(code: &'static str, field: &str) -> AppError {
    AppError::Validation {
        code,
        field: field.into(),
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

/// Largest CSV accepted by the survey import (about 600,000 rows).
pub const IMPORT_BODY_BYTES: usize = 64 * 1024 * 1024;

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
    let bytes = axum::body::to_bytes(body, IMPORT_BODY_BYTES)
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
        (Some(_), Some(_)) => return Err(invalid("unit_and_service", "service")),
        _ => None,
    };
    let granularity = match q.granularity.as_deref() {
        None | Some("") => Granularity::Month,
        Some(g) => Granularity::parse(g).ok_or(invalid("invalid_granularity", "granularity"))?,
    };
    let (from, to) = date_range(&q.from, &q.to)?;
    Ok((scope, granularity, from, to))
}

/// A `from`/`to` pair of `YYYY-MM-DD` texts, checked: `to` defaults to today (WIB) and
/// `from` to the first day of the month 11 months before `to`.
pub fn date_range(
    from: &Option<String>,
    to: &Option<String>,
) -> Result<(NaiveDate, NaiveDate), AppError> {
    let date = |v: &Option<String>, f: &str| {
        v.as_deref()
            .filter(|s| !s.is_empty())
            .map(|s| {
                NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| invalid("invalid_date", f))
            })
            .transpose()
    };
    let to = date(to, "to")?.unwrap_or_else(crate::clock::today);
    let from = match date(from, "from")? {
        Some(f) => f,
        None => NaiveDate::from_ymd_opt(to.year(), to.month(), 1)
            .and_then(|d| d.checked_sub_months(chrono::Months::new(11)))
            .unwrap_or(to),
    };
    if from > to {
        return Err(invalid("invalid_range", "from"));
    }
    if (to - from).num_days() > 366 * 10 {
        return Err(invalid("range_too_long", "from"));
    }
    Ok((from, to))
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

/// Creates a training program.
#[utoipa::path(post, path = "/api/v1/training", tag = "analytics", request_body = NewProgram,
    responses(
        (status = 201, description = "Created; `{\"id\": n}`"),
        (status = 422, description = "A field is not valid"),
        (status = 401, description = "No session or token"),
        (status = 403, description = "Not an admin or manager, a unit the manager does not read, or no CSRF token"),
    ))]
pub async fn create_training(
    State(state): State<AppState>,
    TokenOrRegistrar(caller): TokenOrRegistrar,
    ApiJson(body): ApiJson<NewProgram>,
) -> Result<Response, AppError> {
    let id = save_program(&state, &caller, &body).await?;
    Ok((StatusCode::CREATED, Json(json!({"id": id}))).into_response())
}

/// Checks and stores a program with an audit entry.
pub async fn save_program(
    state: &AppState,
    caller: &Caller,
    body: &NewProgram,
) -> Result<i32, AppError> {
    let p = body.check().map_err(|(code, field)| invalid(code, field))?;
    // A manager registers programs for the units they read, not for others.
    if let Some(allowed) = caller.units(state).await? {
        let units = crate::units::repo::all_units(&state.db).await?;
        let theirs = |code: &String| {
            units
                .iter()
                .find(|u| &u.code == code)
                .is_none_or(|u| allowed.contains(&u.id))
        };
        if !p.unit_codes.iter().all(theirs) {
            return Err(AppError::Forbidden);
        }
    }
    let (_writing, txn) = state.begin_write().await?;
    let id = super::repo::create_program(&txn, &p)
        .await?
        .map_err(|()| invalid("unit_unknown", "unit_codes"))?;
    crate::audit::record(
        &txn,
        crate::audit::Actor::staff_or_system(match caller {
            Caller::Staff(s) => Some(s.id),
            Caller::Token => None,
        }),
        "training.create",
        None,
        json!({"id": id, "name": p.name}),
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

/// Every training program.
#[utoipa::path(get, path = "/api/v1/training", tag = "analytics",
    responses((status = 200, description = "Programs, latest first", body = [training::ProgramView])))]
pub async fn list_training(
    State(state): State<AppState>,
    TokenOrReader(caller): TokenOrReader,
) -> Result<Json<Vec<training::ProgramView>>, AppError> {
    let allowed = caller.units(&state).await?;
    Ok(Json(
        training::visible_programs(&state.db, allowed.as_deref()).await?,
    ))
}

/// A program's effect on satisfaction: the unit-month panel of the official IKM, two-way
/// fixed effects against clean comparison units, randomization inference (fewer than 10
/// trained units) or unit-clustered errors, the event study, the minimum detectable effect
/// and the verdict (`insufficient_data` with its reasons when the data cannot tell).
#[utoipa::path(get, path = "/api/v1/training/{id}/impact", tag = "analytics", params(
        ("id" = i32, Path, description = "The program")),
    responses(
        (status = 200, description = "The estimate, its interval and p-value, the method, the MDE, the units compared and left out, the event study, per-element effects with Holm-adjusted p-values, and the verdict", body = crate::analytics::impact::report::ImpactReport),
        (status = 403, description = "A unit officer"),
        (status = 404, description = "No such program among those of the caller's units"),
    ))]
pub async fn impact(
    State(state): State<AppState>,
    TokenOrReader(caller): TokenOrReader,
    ApiPath(id): ApiPath<i32>,
) -> Result<Json<crate::analytics::impact::report::ImpactReport>, AppError> {
    let allowed = caller.units(&state).await?;
    // A program of units the caller does not read is not there for them.
    if !training::visible_programs(&state.db, allowed.as_deref())
        .await?
        .iter()
        .any(|p| p.id == id)
    {
        return Err(AppError::NotFound);
    }
    let i = training::impact(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Json(i))
}

/// `POST /staf/pelatihan`: the form for a new program (admins and managers); refused, the
/// page again with the message and what was typed.
pub async fn training_form(
    State(state): State<AppState>,
    headers: HeaderMap,
    RegistrarForm(staff, pairs): RegistrarForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(n, _)| n == k)
            .map_or(String::new(), |(_, v)| v.trim().to_string())
    };
    let all = |k: &str| -> Vec<String> {
        pairs
            .iter()
            .filter(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .collect()
    };
    let body = NewProgram {
        name: get("name"),
        topic: get("topic"),
        target_elements: all("target_elements"),
        unit_codes: all("unit_codes"),
        participants: get("participants").parse().unwrap_or(0),
        start_date: get("start_date"),
        end_date: get("end_date"),
    };
    match save_program(&state, &Caller::Staff(staff), &body).await {
        Ok(id) => {
            Ok(axum::response::Redirect::to(&format!("/staf/pelatihan/{id}")).into_response())
        }
        Err(AppError::Validation { code, .. }) => {
            let values = [
                ("name", body.name.clone()),
                ("topic", body.topic.clone()),
                ("target_elements", body.target_elements.join(",")),
                ("unit_codes", body.unit_codes.join(",")),
                ("participants", get("participants")),
                ("start_date", body.start_date.clone()),
                ("end_date", body.end_date.clone()),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
            let st = crate::web::form::FormRefusal {
                form: "training".into(),
                error: code.into(),
                values,
                ..Default::default()
            };
            Ok(show_again(
                &state,
                "/staf/pelatihan",
                headers,
                st,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await)
        }
        Err(e) => Err(e),
    }
}
