//! The rollout API: preview a plan, register it, list and read the registered ones, and a
//! rollout's effect. A registered plan has no PUT, PATCH or DELETE (the router answers 405):
//! a change is a new plan.
//!
//! Writes need an admin session with its CSRF token, a manager's (within their units), or a
//! bearer token from `SUARA_API_TOKENS`; reads need an admin, manager or inspector session
//! (or a token) and show only rollouts with a unit of the caller's.

use super::plan::{NewRollout, RolloutView};
use super::report::RolloutImpact;
use super::service::{self, Preview};
use crate::accounts::auth::{TokenOrReader, TokenOrRegistrar};
use crate::state::AppState;
use crate::web::error::AppError;
use crate::web::extract::{ApiJson, ApiPath};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

/// The MDE a plan can expect, before anything is fixed.
#[utoipa::path(post, path = "/api/v1/training/rollouts/preview", tag = "training",
    request_body = NewRollout,
    responses(
        (status = 404, description = "A unit code names no unit (`unit_unknown`)", body = crate::web::error::ErrorBody),
        (status = 200, description = "The plan's clusters and its MDE by simulation from the units' own history (as planned, with twice the units, with one more wave, with both); `options` is empty when the units have too little history", body = Preview),
        (status = 422, description = "A field is not valid (`rollout_started`: the first wave is today or earlier; `rollout_waves`; `rollout_units`; `rollout_clusters`: fewer groups of units than waves)"),
        (status = 401, description = "No session or token"),
        (status = 403, description = "Not an admin or manager, a unit the manager does not read, or no CSRF token"),
    ))]
pub async fn preview(
    State(state): State<AppState>,
    TokenOrRegistrar(caller): TokenOrRegistrar,
    ApiJson(body): ApiJson<NewRollout>,
) -> Result<Json<Preview>, AppError> {
    let plan = body.check(crate::clock::today()).map_err(AppError::from)?;
    Ok(Json(service::preview(&state, &caller, &plan).await?))
}

/// Draws the assignment (stratified by baseline IKM, an office with its UPTDs in one
/// cluster, waves as equal as possible), seals it with a hash and writes it to the audit log
/// before the first wave.
#[utoipa::path(post, path = "/api/v1/training/rollouts", tag = "training",
    request_body = NewRollout,
    responses(
        (status = 404, description = "A unit code names no unit (`unit_unknown`)", body = crate::web::error::ErrorBody),
        (status = 201, description = "Registered: the plan with its assignment, seed, server time, hash and expected MDE", body = RolloutView),
        (status = 422, description = "A field is not valid (`rollout_started`: the first wave is today or earlier, a draw made after the training began decided nothing)"),
        (status = 401, description = "No session or token"),
        (status = 403, description = "Not an admin or manager, a unit the manager does not read, or no CSRF token"),
    ))]
pub async fn create(
    State(state): State<AppState>,
    TokenOrRegistrar(caller): TokenOrRegistrar,
    ApiJson(body): ApiJson<NewRollout>,
) -> Result<Response, AppError> {
    let plan = body.check(crate::clock::today()).map_err(AppError::from)?;
    let view = service::register(&state, &caller, &plan).await?;
    Ok((StatusCode::CREATED, Json(view)).into_response())
}

/// The registered rollouts of the caller's units, latest first.
#[utoipa::path(get, path = "/api/v1/training/rollouts", tag = "training",
    responses((status = 200, description = "Rollouts, latest registered first", body = [RolloutView])))]
pub async fn list(
    State(state): State<AppState>,
    TokenOrReader(caller): TokenOrReader,
) -> Result<Json<Vec<RolloutView>>, AppError> {
    let allowed = caller.units(&state).await?;
    Ok(Json(service::visible(&state.db, allowed.as_deref()).await?))
}

/// One registered rollout, as it was registered.
#[utoipa::path(get, path = "/api/v1/training/rollouts/{id}", tag = "training", params(
        ("id" = i32, Path, description = "The rollout")),
    responses(
        (status = 200, description = "The plan as registered", body = RolloutView),
        (status = 404, description = "No such rollout among those of the caller's units"),
        (status = 405, description = "PUT, PATCH and DELETE: a registered plan is never changed"),
    ))]
pub async fn show(
    State(state): State<AppState>,
    TokenOrReader(caller): TokenOrReader,
    ApiPath(id): ApiPath<i32>,
) -> Result<Json<RolloutView>, AppError> {
    let allowed = caller.units(&state).await?;
    service::view(&state.db, id, allowed.as_deref())
        .await?
        .map(Json)
        .ok_or(AppError::NotFound)
}

/// A rollout's effect by the randomization distribution of its own design: the estimate,
/// its test-inverted interval, the p-value, the MDE under the null, and the verdict.
#[utoipa::path(get, path = "/api/v1/training/rollouts/{id}/impact", tag = "training", params(
        ("id" = i32, Path, description = "The rollout")),
    responses(
        (status = 200, description = "The report, `design: \"randomized\"`", body = RolloutImpact),
        (status = 404, description = "No such rollout among those of the caller's units"),
    ))]
pub async fn impact(
    State(state): State<AppState>,
    TokenOrReader(caller): TokenOrReader,
    ApiPath(id): ApiPath<i32>,
) -> Result<Json<RolloutImpact>, AppError> {
    let allowed = caller.units(&state).await?;
    service::impact(&state.db, id, allowed.as_deref())
        .await?
        .map(Json)
        .ok_or(AppError::NotFound)
}

/// `POST /staf/pelatihan/acak`: the console's "draw and register" (admins and managers, with
/// the CSRF token); registered, the rollout's page; refused, the plan page again with the
/// message by its field and everything typed.
pub async fn rollout_form(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    crate::accounts::auth::RegistrarForm(staff, pairs): crate::accounts::auth::RegistrarForm<
        Vec<(String, String)>,
    >,
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
            .filter(|(n, v)| n == k && !v.trim().is_empty())
            .map(|(_, v)| v.trim().to_string())
            .collect()
    };
    let body = NewRollout {
        name: get("name"),
        topic: get("topic"),
        target_elements: all("target_elements"),
        units: all("units"),
        waves: all("waves"),
    };
    let caller = crate::accounts::auth::Caller::Staff(staff);
    let outcome = match body.check(crate::clock::today()) {
        Err(e) => Err(AppError::from(e)),
        Ok(plan) => service::register(&state, &caller, &plan).await,
    };
    let (code, field) = match outcome {
        Ok(view) => {
            return Ok(
                axum::response::Redirect::to(&format!("/staf/pelatihan/acak/{}", view.id))
                    .into_response(),
            );
        }
        Err(AppError::Validation { code, field } | AppError::Unknown { code, field }) => {
            (code, field)
        }
        Err(AppError::Forbidden) => ("rollout_scope", "units".to_string()),
        Err(e) => return Err(e),
    };
    let values = [
        ("name", body.name.clone()),
        ("topic", body.topic.clone()),
        ("target_elements", body.target_elements.join(",")),
        ("units", body.units.join(",")),
        ("waves", body.waves.join(",")),
        ("field", field),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    let st = crate::web::form::FormRefusal {
        form: "rollout".into(),
        error: code.into(),
        values,
        ..Default::default()
    };
    Ok(crate::web::form::show_again(
        &state,
        "/staf/pelatihan/acak",
        headers,
        st,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await)
}
