//! The follow-up plan's API and the console's forms: record an action for a unit and
//! period, move it along (planned, in progress, done) with a note, and read a unit's plan.
//!
//! Writes take a bearer token from `SUARA_API_TOKENS`, or the session of an admin, a
//! manager or a unit officer with its CSRF token, within the units whose reports they print
//! (`accounts::auth::report_units`). Every write is in the audit log. The plan is public:
//! it is published with the unit's results.

use super::domain::{Action, ActionUpdate, NewAction};
use crate::accounts::auth::{Caller, PlannerForm, TokenOrPlanner};
use crate::audit::Actor;
use crate::state::AppState;
use crate::web::error::AppError;
use crate::web::extract::{ApiJson, ApiPath, ApiQuery};
use crate::web::form::{FormRefusal, show_again};
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use serde_json::json;

fn actor(caller: &Caller) -> Actor {
    Actor::staff_or_system(match caller {
        Caller::Staff(s) => Some(s.id),
        Caller::Token => None,
    })
}

/// The unit of code `code` when the caller keeps its plan: unknown names nothing (404, by
/// its field on the form), another's unit is forbidden.
async fn unit_of(
    state: &AppState,
    caller: &Caller,
    code: &str,
) -> Result<crate::entities::unit::Model, AppError> {
    let unit = crate::units::repo::find_unit(&state.db, code)
        .await?
        .ok_or_else(|| AppError::unknown("unit_unknown", "unit"))?;
    if let Some(allowed) = caller.report_units(state).await?
        && !allowed.contains(&unit.id)
    {
        return Err(AppError::Forbidden);
    }
    Ok(unit)
}

/// Checks and stores a new action, with its audit entry; its id.
pub async fn save_new(
    state: &AppState,
    caller: &Caller,
    body: &NewAction,
) -> Result<i32, AppError> {
    let a = body
        .check()
        .map_err(|(code, field)| AppError::invalid(code, field))?;
    let unit = unit_of(state, caller, &a.unit).await?;
    let by = match caller {
        Caller::Staff(s) => Some(s.id),
        Caller::Token => None,
    };
    let (_writing, txn) = state.begin_write().await?;
    let id = super::repo::create(&txn, unit.id, &a, by).await?;
    crate::audit::record(
        &txn,
        actor(caller),
        "follow_up.create",
        None,
        json!({
            "id": id, "unit": unit.code, "period": a.period.key(), "element": a.element.code(),
            "action": a.action, "responsible": a.responsible, "due_on": a.due_on,
        }),
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

/// Checks and applies a change of status and note, with its audit entry; the action's unit
/// code and period.
pub async fn save_update(
    state: &AppState,
    caller: &Caller,
    id: i32,
    body: &ActionUpdate,
) -> Result<Action, AppError> {
    let (status, note) = body
        .check()
        .map_err(|(code, field)| AppError::invalid(code, field))?;
    let row = super::repo::find(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    // Another unit's action is not there for this caller.
    let units = crate::units::repo::all_units(&state.db).await?;
    let code = units
        .iter()
        .find(|u| u.id == row.unit_id)
        .map(|u| u.code.clone())
        .unwrap_or_default();
    if let Some(allowed) = caller.report_units(state).await?
        && !allowed.contains(&row.unit_id)
    {
        return Err(AppError::NotFound);
    }
    let (_writing, txn) = state.begin_write().await?;
    let row = super::repo::find(&txn, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let from = row.status;
    let action = super::repo::update(&txn, row, &code, status, note.clone()).await?;
    crate::audit::record(
        &txn,
        actor(caller),
        "follow_up.update",
        None,
        json!({"id": id, "unit": code, "from": from.code(), "to": status.code(), "note": note}),
    )
    .await?;
    txn.commit().await?;
    Ok(action)
}

/// Records a follow-up action.
#[utoipa::path(post, path = "/api/v1/follow-ups", tag = "follow-ups", request_body = NewAction,
    responses(
        (status = 404, description = "No unit has this code (`unit_unknown`)", body = crate::web::error::ErrorBody),
        (status = 201, description = "Recorded; `{\"id\": n}`"),
        (status = 422, description = "A field is not valid (`field` names it)"),
        (status = 401, description = "No session or token"),
        (status = 403, description = "Not an admin, manager or unit officer, a unit outside the caller's, or no CSRF token"),
    ))]
pub async fn create(
    State(state): State<AppState>,
    TokenOrPlanner(caller): TokenOrPlanner,
    ApiJson(body): ApiJson<NewAction>,
) -> Result<Response, AppError> {
    let id = save_new(&state, &caller, &body).await?;
    Ok((StatusCode::CREATED, Json(json!({"id": id}))).into_response())
}

/// Moves a follow-up action along, with a progress note.
#[utoipa::path(patch, path = "/api/v1/follow-ups/{id}", tag = "follow-ups", request_body = ActionUpdate,
    params(("id" = i32, Path, description = "The action")),
    responses(
        (status = 200, description = "Changed; the action as it now is", body = Action),
        (status = 422, description = "A field is not valid"),
        (status = 401, description = "No session or token"),
        (status = 403, description = "Not an admin, manager or unit officer, or no CSRF token"),
        (status = 404, description = "No such action among the caller's units"),
    ))]
pub async fn update(
    State(state): State<AppState>,
    TokenOrPlanner(caller): TokenOrPlanner,
    ApiPath(id): ApiPath<i32>,
    ApiJson(body): ApiJson<ActionUpdate>,
) -> Result<Json<Action>, AppError> {
    Ok(Json(save_update(&state, &caller, id, &body).await?))
}

/// Which plan to read.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PlanQuery {
    /// The unit's code.
    #[param(pattern = "^[a-z0-9][a-z0-9-]{1,31}$")]
    pub unit: String,
    /// A period (`2026`, `2026-S1`, `2026-Q3`, `2026-07`); every period when empty or absent.
    #[param(schema_with = period_or_empty)]
    pub period: Option<String>,
}

/// A reporting period, years 2000 to 2100: `2026`, `2026-S1`, `2026-Q3` or `2026-07`.
pub const PERIOD_PATTERN: &str = "^(20[0-9]{2}|2100)(-([Ss][12]|[Qq][1-4]|0[1-9]|1[0-2]))?$";

fn period_or_empty() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    crate::web::api_schema::schema(serde_json::json!({"anyOf": [
        {"type": "string", "pattern": PERIOD_PATTERN},
        crate::web::api_schema::blank_json()
    ]}))
}

/// A unit's follow-up plan, public as the regulation asks.
#[utoipa::path(get, path = "/api/v1/follow-ups", tag = "follow-ups", params(PlanQuery),
    responses(
        (status = 200, description = "The unit's actions, by element and due date", body = [Action]),
        (status = 404, description = "No such unit"),
    ))]
pub async fn list(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<PlanQuery>,
) -> Result<Json<Vec<Action>>, AppError> {
    let unit = crate::units::repo::find_unit(&state.db, q.unit.trim())
        .await?
        .ok_or(AppError::NotFound)?;
    let period = match q.period.as_deref().filter(|p| !p.trim().is_empty()) {
        None => None,
        Some(p) => Some(vec![
            crate::period::Period::parse(p)
                .ok_or_else(|| AppError::invalid("follow_up_period", "period"))?
                .key(),
        ]),
    };
    Ok(Json(
        super::repo::of_units(&state.db, &[(unit.id, unit.code)], period.as_deref()).await?,
    ))
}

/// The value of form field `k`, trimmed.
fn field(pairs: &[(String, String)], k: &str) -> String {
    pairs
        .iter()
        .find(|(n, _)| n == k)
        .map_or(String::new(), |(_, v)| v.trim().to_string())
}

/// Where the console's plan of `unit` and `period` is, at action `id` if any.
fn plan_path(unit: &str, period: &str, id: Option<i32>) -> String {
    let at = id.map(|i| format!("#aksi-{i}")).unwrap_or_default();
    format!("/staf/tindak-lanjut?unit={unit}&periode={period}{at}")
}

/// `POST /staf/tindak-lanjut`: the console's form for a new action; refused, the page
/// again with the message beside the field and what was typed.
pub async fn create_form(
    State(state): State<AppState>,
    headers: HeaderMap,
    PlannerForm(staff, pairs): PlannerForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let body = NewAction {
        unit: field(&pairs, "unit"),
        period: field(&pairs, "period"),
        element: field(&pairs, "element"),
        action: field(&pairs, "action"),
        responsible: field(&pairs, "responsible"),
        due_on: field(&pairs, "due_on"),
    };
    match save_new(&state, &Caller::Staff(staff), &body).await {
        Ok(id) => Ok(Redirect::to(&plan_path(&body.unit, &body.period, Some(id))).into_response()),
        Err(AppError::Validation { code, field } | AppError::Unknown { code, field }) => {
            let values = [
                ("unit", &body.unit),
                ("period", &body.period),
                ("element", &body.element),
                ("action", &body.action),
                ("responsible", &body.responsible),
                ("due_on", &body.due_on),
                ("field", &field),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect();
            let refusal = FormRefusal {
                form: "follow_up_new".into(),
                error: code.into(),
                values,
                ..Default::default()
            };
            let path = plan_path(&body.unit, &body.period, None);
            Ok(show_again(
                &state,
                &path,
                headers,
                refusal,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await)
        }
        Err(e) => Err(e),
    }
}

/// `POST /staf/tindak-lanjut/{id}`: the console's form that moves an action along.
pub async fn update_form(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiPath(id): ApiPath<i32>,
    PlannerForm(staff, pairs): PlannerForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let body = ActionUpdate {
        status: field(&pairs, "status"),
        note: Some(field(&pairs, "note")),
    };
    match save_update(&state, &Caller::Staff(staff), id, &body).await {
        Ok(a) => Ok(Redirect::to(&plan_path(&a.unit, &a.period, Some(id))).into_response()),
        Err(AppError::Validation { code, field: f }) => {
            let values = [
                ("status", body.status.clone()),
                ("note", body.note.clone().unwrap_or_default()),
                ("field", f),
                ("id", id.to_string()),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
            let refusal = FormRefusal {
                form: format!("follow_up_{id}"),
                error: code.into(),
                values,
                ..Default::default()
            };
            let path = plan_path(&field(&pairs, "unit"), &field(&pairs, "period"), None);
            Ok(show_again(
                &state,
                &path,
                headers,
                refusal,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await)
        }
        Err(e) => Err(e),
    }
}
