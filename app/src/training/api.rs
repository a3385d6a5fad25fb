//! The training API: register a program, list the programs of the caller's units, and a
//! program's estimated impact; and the console's form for a new program.
//!
//! Writes need an admin session with its CSRF token, a manager's (within their units), or a
//! bearer token from `SUARA_API_TOKENS`; reads need an admin, manager or inspector session
//! (or a token), and show only the programs of the caller's units.

use super::programs::{self, NewProgram};
use crate::accounts::auth::{Caller, RegistrarForm, TokenOrReader, TokenOrRegistrar};
use crate::state::AppState;
use crate::web::error::AppError;
use crate::web::extract::{ApiJson, ApiPath};
use crate::web::form::show_again;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// Creates a training program.
#[utoipa::path(post, path = "/api/v1/training", tag = "training", request_body = NewProgram,
    responses(
        (status = 404, description = "A unit code names no unit (`unit_unknown`)", body = crate::web::error::ErrorBody),
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
    let p = body.check().map_err(AppError::from)?;
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
        .map_err(|()| AppError::unknown("unit_unknown", "unit_codes"))?;
    super::impact::repo::fix_comparison(&txn, id).await?;
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
#[utoipa::path(get, path = "/api/v1/training", tag = "training",
    responses((status = 200, description = "Programs, latest first", body = [programs::ProgramView])))]
pub async fn list_training(
    State(state): State<AppState>,
    TokenOrReader(caller): TokenOrReader,
) -> Result<Json<Vec<programs::ProgramView>>, AppError> {
    let allowed = caller.units(&state).await?;
    Ok(Json(
        programs::visible_programs(&state.db, allowed.as_deref()).await?,
    ))
}

/// A program's effect on satisfaction: the unit-month panel of the official IKM, two-way
/// fixed effects against clean comparison units, randomization inference (fewer than 10
/// trained units) or unit-clustered errors, the event study, the minimum detectable effect
/// and the verdict (`insufficient_data` with its reasons when the data cannot tell).
#[utoipa::path(get, path = "/api/v1/training/{id}/impact", tag = "training", params(
        ("id" = i32, Path, description = "The program"), ImpactQuery),
    responses(
        (status = 200, description = "The estimate, its interval and p-value, the method, the MDE, the units compared and left out, the event study, per-element effects with Holm-adjusted p-values, and the verdict", body = super::impact::report::ImpactReport),
        (status = 403, description = "A unit officer"),
        (status = 404, description = "No such program among those of the caller's units"),
        (status = 422, description = "`outcome` is neither `ikm` nor `conduct` (`outcome_unknown`)", body = crate::web::error::ErrorBody),
    ))]
pub async fn impact(
    State(state): State<AppState>,
    TokenOrReader(caller): TokenOrReader,
    ApiPath(id): ApiPath<i32>,
    crate::web::extract::ApiQuery(q): crate::web::extract::ApiQuery<ImpactQuery>,
) -> Result<Json<super::impact::report::ImpactReport>, AppError> {
    let allowed = caller.units(&state).await?;
    // A program of units the caller does not read is not there for them.
    if !programs::visible_programs(&state.db, allowed.as_deref())
        .await?
        .iter()
        .any(|p| p.id == id)
    {
        return Err(AppError::NotFound);
    }
    let outcome = match q.outcome.as_deref() {
        None | Some("ikm") => super::impact::report::ImpactOutcome::Ikm,
        Some("conduct") => super::impact::report::ImpactOutcome::Conduct,
        Some(_) => return Err(AppError::invalid("outcome_unknown", "outcome")),
    };
    let i = programs::impact_on(&state.db, id, outcome)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Json(i))
}

/// Which outcome the effect is measured on.
#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImpactQuery {
    /// `ikm` (default: the trained units' monthly IKM) or `conduct` (conduct complaints
    /// proven per unit-month, by filing month; the same comparison, inference and honesty
    /// rules; `improved` means fewer).
    #[param(schema_with = outcome_schema)]
    pub outcome: Option<String>,
}

fn outcome_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    crate::web::api_schema::schema(
        serde_json::json!({"type": "string", "enum": ["ikm", "conduct"]}),
    )
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
        Err(AppError::Validation { code, .. } | AppError::Unknown { code, .. }) => {
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
