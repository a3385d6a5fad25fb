//! The triage JSON API: `GET /api/v1/triage/complaints` (the queue), `GET
//! /api/v1/triage/complaints/{code}` (a case and its history), `POST
//! .../{code}/transitions`, `POST .../{code}/reveal` (a rahasia identity, logged), and
//! `GET /api/v1/triage/audit` (the chain check). Every handler checks the session, the
//! role and the unit scope; state changes also need the CSRF token.

use super::calendar::CaseClass;
use super::domain::{Action, Request};
use super::repo::{self, QueueFilter};
use super::service::{TransitionInput, scope_of, transition, visible_case};
use super::view::{
    CaseView, FileItem, HistoryItem, PER_PAGE, QueueItem, QueuePage, QueueQuery, ReporterView,
};
use crate::accounts::auth::{StaffForm, StaffWrite};
use crate::accounts::domain::Role;
use crate::accounts::session::Staff;
use crate::audit::{self, ChainReport};
use crate::complaints::domain::{Mode, Status};
use crate::complaints::filing::SealedReporter;
use crate::state::AppState;
use crate::web::error::AppError;
use crate::web::extract::{ApiJson, ApiPath, ApiQuery};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use utoipa::ToSchema;

fn is_overdue(c: &crate::entities::complaint::Model, today: NaiveDate) -> bool {
    let finished = repo::finished_codes().contains(&c.status.as_str());
    !finished && c.due_date.is_some_and(|d| d < today)
}

/// The triage queue: every case this account may see, by deadline.
#[utoipa::path(get, path = "/api/v1/triage/complaints", tag = "triage", params(QueueQuery),
    responses(
        (status = 200, description = "The queue", body = QueuePage),
        (status = 401, description = "Not signed in"),
        (status = 403, description = "This role has no triage access"),
    ))]
pub async fn queue(
    State(state): State<AppState>,
    staff: Staff,
    ApiQuery(q): ApiQuery<QueueQuery>,
) -> Result<Json<QueuePage>, AppError> {
    Ok(Json(queue_page(&state, &staff, &q).await?))
}

/// A page of the queue for this staff member (the API and the console page).
pub async fn queue_page(
    state: &AppState,
    staff: &Staff,
    q: &QueueQuery,
) -> Result<QueuePage, AppError> {
    let scope = scope_of(&state.db, staff)
        .await?
        .ok_or(AppError::Forbidden)?;
    let units = crate::units::repo::all_units(&state.db).await?;
    let code_of: HashMap<i32, String> = units.iter().map(|u| (u.id, u.code.clone())).collect();
    let unit_ids = match &q.unit {
        None => None,
        Some(code) => {
            let u = units
                .iter()
                .find(|u| &u.code == code)
                .ok_or(AppError::Validation {
                    code: "unit_unknown",
                    field: "unit".into(),
                })?;
            Some(crate::units::repo::with_children(&state.db, &[u.id]).await?)
        }
    };
    let today = crate::clock::today();
    let mut filter = QueueFilter {
        status: None,
        unit_ids,
        category: q.category.clone(),
        mode: q.mode.clone(),
        overdue_on: q.overdue.unwrap_or(false).then_some(today),
    };
    let all = repo::queue(&state.db, &scope, &filter).await?;
    let mut counts = BTreeMap::new();
    for c in &all {
        *counts.entry(c.status.clone()).or_insert(0) += 1;
    }
    filter.status = q.status.clone();
    let rows: Vec<_> = all
        .into_iter()
        .filter(|c| filter.status.as_ref().is_none_or(|s| &c.status == s))
        .collect();
    let page = q.page.unwrap_or(1).max(1);
    let items = rows
        .iter()
        .skip(usize::try_from((page - 1) * PER_PAGE).unwrap_or(usize::MAX))
        .take(usize::try_from(PER_PAGE).unwrap_or(50))
        .map(|c| QueueItem {
            tracking_code: c.tracking_code.clone(),
            status: c.status.clone(),
            category: c.category.clone(),
            mode: c.mode.clone(),
            unit_code: code_of.get(&c.unit_id).cloned().unwrap_or_default(),
            assigned_unit_code: c.assigned_unit_id.and_then(|u| code_of.get(&u).cloned()),
            created_at: c.created_at,
            due_date: c.due_date,
            overdue: is_overdue(c, today),
        })
        .collect();
    Ok(QueuePage {
        total: rows.len(),
        page,
        per_page: PER_PAGE,
        counts,
        items,
    })
}

fn reporter_view(
    state: &AppState,
    staff: &Staff,
    c: &crate::entities::complaint::Model,
) -> Result<ReporterView, AppError> {
    let mode = Mode::from_code(&c.mode).unwrap_or(Mode::Anonim);
    let mut v = ReporterView {
        mode: c.mode.clone(),
        name: None,
        email: None,
        phone: None,
        revealable: mode == Mode::Rahasia && super::domain::may_reveal(staff.role),
    };
    if mode == Mode::Terbuka
        && let Some(sealed) = &c.reporter_sealed
    {
        let r: SealedReporter = state
            .keys
            .open_json(sealed)
            .map_err(|e| AppError::Internal(format!("reporter identity: {e}")))?;
        v.name = Some(r.name);
        v.email = r.email;
        v.phone = r.phone;
    }
    Ok(v)
}

/// A case and its history, within the account's scope.
#[utoipa::path(get, path = "/api/v1/triage/complaints/{tracking_code}", tag = "triage",
    params(("tracking_code" = String, Path, description = "The case's tracking code")),
    responses(
        (status = 200, description = "The case", body = CaseView),
        (status = 401, description = "Not signed in"),
        (status = 403, description = "This role has no triage access"),
        (status = 404, description = "No such case within this account's scope"),
    ))]
pub async fn case(
    State(state): State<AppState>,
    staff: Staff,
    Path(code): Path<String>,
) -> Result<Json<CaseView>, AppError> {
    Ok(Json(case_view(&state, &staff, &code).await?))
}

/// A case with its history, for this staff member (the API and the console page).
pub async fn case_view(state: &AppState, staff: &Staff, code: &str) -> Result<CaseView, AppError> {
    let c = visible_case(&state.db, staff, code).await?;
    let units = crate::units::repo::all_units(&state.db).await?;
    let unit_of: HashMap<i32, (String, String)> = units
        .into_iter()
        .map(|u| (u.id, (u.code, u.name)))
        .collect();
    let status = Status::from_code(&c.status).unwrap_or(Status::Received);
    let today = crate::clock::today();
    let objection_until = super::service::objection_open(&c, today)
        .then_some(c.due_date)
        .flatten();
    let actions = Action::ALL
        .into_iter()
        .filter(|a| {
            super::domain::permitted(super::domain::Actor::Staff(staff.role), *a)
                && super::domain::next_status(status, *a).is_ok()
                && !(*a == Action::Close && objection_until.is_some())
        })
        .map(|a| a.code().to_string())
        .collect();
    let history = repo::history(&state.db, c.id)
        .await?
        .into_iter()
        .map(|(e, actor)| HistoryItem {
            at: e.at,
            kind: e.kind,
            status_from: e.status_from,
            status_to: e.status_to,
            actor,
            reason: e.reason,
            public_text: e.public_text,
        })
        .collect();
    let files = repo::files(&state.db, c.id)
        .await?
        .into_iter()
        .map(|f| FileItem {
            id: f.id,
            content_type: f.content_type,
            size_bytes: f.size_bytes,
        })
        .collect();
    Ok(CaseView {
        reporter: reporter_view(state, staff, &c)?,
        overdue: is_overdue(&c, today),
        objection_until,
        tracking_code: c.tracking_code,
        status: c.status,
        category: c.category,
        unit_code: unit_of
            .get(&c.unit_id)
            .map(|u| u.0.clone())
            .unwrap_or_default(),
        unit_name: unit_of
            .get(&c.unit_id)
            .map(|u| u.1.clone())
            .unwrap_or_default(),
        assigned_unit_code: c
            .assigned_unit_id
            .and_then(|u| unit_of.get(&u))
            .map(|u| u.0.clone()),
        assigned_unit_name: c
            .assigned_unit_id
            .and_then(|u| unit_of.get(&u))
            .map(|u| u.1.clone()),
        class: c.class,
        due_date: c.due_date,
        resolve_due: c.resolve_due,
        duplicate_of: c.duplicate_of,
        what: c.what,
        who: c.who,
        place: c.place,
        time_text: c.time_text,
        how: c.how,
        incident_date: c.incident_date,
        created_at: c.created_at,
        files,
        history,
        actions,
    })
}

/// Body of a transition.
#[derive(Deserialize, ToSchema)]
pub struct TransitionBody {
    /// `verify, reject, mark_duplicate, disposition, follow_up, resolve, close, reopen`.
    pub action: String,
    /// Why (internal, recorded in the history and the audit log). Required.
    pub reason: Option<String>,
    /// For `disposition`: the unit that must follow up.
    pub unit_code: Option<String>,
    /// For `follow_up` (required) and any other action (optional): the reply the reporter reads.
    pub text: Option<String>,
    /// For `verify`: `desk` (14 working days, default) or `field` (60).
    pub class: Option<String>,
    /// For `mark_duplicate`: the tracking code of the case it repeats.
    pub duplicate_of: Option<String>,
}

/// The status reached.
#[derive(Serialize, ToSchema)]
pub struct TransitionDone {
    pub status: &'static str,
}

/// Moves a case along the workflow (CSRF token required).
#[utoipa::path(post, path = "/api/v1/triage/complaints/{tracking_code}/transitions", tag = "triage",
    params(("tracking_code" = String, Path, description = "The case's tracking code"),
        ("x-csrf-token" = String, Header, description = "The session's CSRF token")),
    request_body = TransitionBody,
    responses(
        (status = 200, description = "Done", body = TransitionDone),
        (status = 403, description = "This role may not take this action, or the CSRF token is wrong"),
        (status = 404, description = "No such case within this account's scope"),
        (status = 409, description = "The action does not apply to the case's status (`transition_not_allowed`), or the case is resolved and the reporter may still object (`objection_window_open`: it closes by itself after the window)"),
        (status = 422, description = "Unknown action, or a missing reason, unit or text"),
    ))]
pub async fn transitions(
    State(state): State<AppState>,
    StaffWrite(staff): StaffWrite,
    ApiPath(code): ApiPath<String>,
    ApiJson(body): ApiJson<TransitionBody>,
) -> Result<Json<TransitionDone>, AppError> {
    let action = Action::from_code(&body.action).ok_or(AppError::Validation {
        code: "action_unknown",
        field: "action".into(),
    })?;
    let class = match body.class.as_deref() {
        None => None,
        Some(c) => Some(CaseClass::from_code(c).ok_or(AppError::Validation {
            code: "class_unknown",
            field: "class".into(),
        })?),
    };
    let to = transition(
        &state,
        &staff,
        &code,
        TransitionInput {
            action,
            request: Request {
                reason: body.reason,
                unit_code: body.unit_code,
                text: body.text,
            },
            class,
            duplicate_of: body.duplicate_of,
        },
    )
    .await?;
    Ok(Json(TransitionDone { status: to.code() }))
}

/// Reveals a rahasia reporter's identity to an inspector handling the case; the reveal is
/// written to the audit log before the identity is returned.
#[utoipa::path(post, path = "/api/v1/triage/complaints/{tracking_code}/reveal", tag = "triage",
    params(("tracking_code" = String, Path, description = "The case's tracking code"),
        ("x-csrf-token" = String, Header, description = "The session's CSRF token")),
    responses(
        (status = 200, description = "The identity", body = ReporterView),
        (status = 403, description = "Not an inspector, or the CSRF token is wrong"),
        (status = 404, description = "No such case within scope, or no identity to reveal"),
    ))]
pub async fn reveal(
    State(state): State<AppState>,
    StaffWrite(staff): StaffWrite,
    Path(code): Path<String>,
) -> Result<Json<ReporterView>, AppError> {
    Ok(Json(reveal_identity(&state, &staff, &code).await?))
}

/// Opens a rahasia reporter's identity for an inspector handling the case, writing the
/// reveal to the audit log before anything is returned (the handlers' extractors have
/// checked the session's CSRF token).
pub async fn reveal_identity(
    state: &AppState,
    staff: &Staff,
    code: &str,
) -> Result<ReporterView, AppError> {
    if !super::domain::may_reveal(staff.role) {
        return Err(AppError::Forbidden);
    }
    let (_writing, txn) = state.begin_write().await?;
    let c = visible_case(&txn, staff, code).await?;
    let sealed = c.reporter_sealed.clone().ok_or(AppError::NotFound)?;
    let r: SealedReporter = state
        .keys
        .open_json(&sealed)
        .map_err(|e| AppError::Internal(format!("reporter identity: {e}")))?;
    crate::audit::record(
        &txn,
        crate::audit::Actor::Staff(staff.id),
        "complaint.reveal_identity",
        Some(c.id),
        serde_json::json!({"mode": c.mode}),
    )
    .await?;
    txn.commit().await?;
    Ok(ReporterView {
        mode: c.mode,
        name: Some(r.name),
        email: r.email,
        phone: r.phone,
        revealable: true,
    })
}

/// Checks the whole audit chain (inspectors and admins).
#[utoipa::path(get, path = "/api/v1/triage/audit", tag = "triage",
    responses(
        (status = 200, description = "Entries checked and the first broken one, if any", body = serde_json::Value),
        (status = 403, description = "Not an inspector or admin"),
    ))]
pub async fn audit_check(
    State(state): State<AppState>,
    staff: Staff,
) -> Result<Json<ChainReport>, AppError> {
    if !matches!(staff.role, Role::Inspector | Role::Admin) {
        return Err(AppError::Forbidden);
    }
    Ok(Json(audit::verify_chain(&state.db).await?))
}

/// An evidence file of a case, to staff who may see the case (never public).
#[utoipa::path(get, path = "/api/v1/triage/complaints/{tracking_code}/files/{id}", tag = "triage",
    params(("tracking_code" = String, Path, description = "The case's tracking code"),
        ("id" = i64, Path, description = "The file's id from the case view")),
    responses(
        (status = 200, description = "The file, as an attachment"),
        (status = 401, description = "Not signed in"),
        (status = 404, description = "No such file in a case within this account's scope"),
    ))]
pub async fn file(
    State(state): State<AppState>,
    staff: Staff,
    ApiPath((code, id)): ApiPath<(String, i64)>,
) -> Result<axum::response::Response, AppError> {
    use axum::http::header;
    use axum::response::IntoResponse;
    let c = visible_case(&state.db, &staff, &code).await?;
    let f = repo::files(&state.db, c.id)
        .await?
        .into_iter()
        .find(|f| f.id == id)
        .ok_or(AppError::NotFound)?;
    let bytes = state
        .evidence
        .get(&f.storage_key)
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let ext = f.storage_key.rsplit('.').next().unwrap_or("bin");
    Ok((
        [
            (header::CONTENT_TYPE, f.content_type.clone()),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"bukti-{}-{}.{ext}\"",
                    c.tracking_code, f.id
                ),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        bytes,
    )
        .into_response())
}

/// Form of the status page's reopen button.
#[derive(Deserialize)]
pub struct ReopenForm {
    /// The email given in the report: proves the reporter (the code alone does not).
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub reason: String,
}

/// `POST /lacak/{code}/buka-kembali`: the reporter objects to a resolution. Accepted: back
/// to the status page. Refused: the status page again with the message and the text kept.
pub async fn reopen_form(
    State(state): State<AppState>,
    Path(code): Path<String>,
    headers: HeaderMap,
    axum::extract::Form(form): axum::extract::Form<ReopenForm>,
) -> axum::response::Response {
    use super::service::{ReopenError, reporter_reopen};
    use axum::response::IntoResponse;
    let error = match reporter_reopen(&state, &code, &form.email, &form.reason).await {
        Ok(()) => {
            return axum::response::Redirect::to(&format!("/lacak/{code}?dibuka=1"))
                .into_response();
        }
        Err(ReopenError::Closed) => "reopen_closed",
        Err(ReopenError::NotOffered) => "reopen_not_offered",
        Err(ReopenError::EmailMissing) => "reopen_email_missing",
        Err(ReopenError::EmailMismatch) => "reopen_email_mismatch",
        Err(ReopenError::ReasonMissing) => "reopen_reason_missing",
        Err(ReopenError::Other(e)) => return e.into_response(),
    };
    let uri: axum::http::Uri = format!("/lacak/{code}").parse().unwrap_or_default();
    let state_for_page = crate::complaints::view::ReopenFormState {
        email: form.email,
        reason: form.reason,
        error: error.into(),
    };
    let mut r = crate::render::render_page(&state, uri, headers, Some(state_for_page)).await;
    if r.status() == axum::http::StatusCode::OK {
        *r.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    }
    r
}

/// An action form of the case page.
#[derive(Deserialize)]
pub struct ActionForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub action: String,
    pub reason: Option<String>,
    pub unit_code: Option<String>,
    pub text: Option<String>,
    pub class: Option<String>,
    pub duplicate_of: Option<String>,
}

impl crate::accounts::auth::CarriesCsrf for ActionForm {
    fn csrf(&self) -> Option<&str> {
        Some(&self.csrf)
    }
}

fn blank_to_none(v: Option<String>) -> Option<String> {
    v.filter(|s| !s.trim().is_empty())
}

/// `POST /staf/kasus/{code}/aksi`: one workflow step from the case page. Done: back to the
/// case. Refused: the case page again with the message by the form and the text kept.
pub async fn action_form(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(code): Path<String>,
    StaffForm(staff, form): StaffForm<ActionForm>,
) -> Result<axum::response::Response, AppError> {
    use axum::response::IntoResponse;
    let action = Action::from_code(&form.action).ok_or(AppError::Validation {
        code: "action_unknown",
        field: "action".into(),
    })?;
    let input = TransitionInput {
        action,
        request: Request {
            reason: blank_to_none(form.reason.clone()),
            unit_code: blank_to_none(form.unit_code.clone()),
            text: blank_to_none(form.text.clone()),
        },
        class: form.class.as_deref().and_then(CaseClass::from_code),
        duplicate_of: blank_to_none(form.duplicate_of.clone()),
    };
    let (status, error) = match transition(&state, &staff, &code, input).await {
        Ok(_) => {
            return Ok(axum::response::Redirect::to(&format!(
                "/staf/kasus/{code}?ok={}",
                action.code()
            ))
            .into_response());
        }
        Err(AppError::Validation { code, .. }) => {
            (axum::http::StatusCode::UNPROCESSABLE_ENTITY, code)
        }
        Err(AppError::Conflict(code)) => (axum::http::StatusCode::CONFLICT, code),
        Err(other) => return Err(other),
    };
    let st = super::view::ActionFormState {
        action: form.action,
        reason: form.reason.unwrap_or_default(),
        text: form.text.unwrap_or_default(),
        unit_code: form.unit_code.unwrap_or_default(),
        error: error.into(),
    };
    let uri: axum::http::Uri = format!("/staf/kasus/{code}").parse().unwrap_or_default();
    let mut r = crate::render::render_page(&state, uri, headers, Some(st)).await;
    *r.status_mut() = status;
    Ok(r)
}

/// `POST /staf/kasus/{code}/ungkap`: the reveal button (logged before it shows anything).
pub async fn reveal_form(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(code): Path<String>,
    StaffForm(staff, _): StaffForm<crate::accounts::auth::CsrfForm>,
) -> Result<axum::response::Response, AppError> {
    let id = reveal_identity(&state, &staff, &code).await?;
    let st = super::view::RevealedIdentity {
        name: id.name.unwrap_or_default(),
        email: id.email,
        phone: id.phone,
    };
    let uri: axum::http::Uri = format!("/staf/kasus/{code}").parse().unwrap_or_default();
    let mut r = crate::render::render_page(&state, uri, headers, Some(st)).await;
    r.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    Ok(r)
}
