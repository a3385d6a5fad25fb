//! The console's HTML forms: a workflow step from the case page, and the reveal button.
//! Each takes a signed staff form (session and CSRF token checked before it runs); a
//! refused step shows the case page again with the message by the form and the text kept.

use super::service::{TransitionInput, transition};
use crate::accounts::auth::StaffForm;
use crate::complaints::domain::limits::CaseClass;
use crate::complaints::domain::workflow::{Action, Request};
use crate::state::AppState;
use crate::web::error::AppError;
use crate::web::form::show_again;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use serde::Deserialize;

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
    Ok(show_again(&state, &format!("/staf/kasus/{code}"), headers, st, status).await)
}

/// The question form of the case page.
#[derive(Deserialize)]
pub struct QuestionForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub text: String,
}

impl crate::accounts::auth::CarriesCsrf for QuestionForm {
    fn csrf(&self) -> Option<&str> {
        Some(&self.csrf)
    }
}

/// `POST /staf/kasus/{code}/tanya`: a question to the reporter. Asked: back to the case.
/// Refused: the case page again with the message by the form and the question kept.
pub async fn question_form(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(code): Path<String>,
    StaffForm(staff, form): StaffForm<QuestionForm>,
) -> Result<axum::response::Response, AppError> {
    use axum::response::IntoResponse;
    let (status, error) = match super::conversation::ask(&state, &staff, &code, &form.text).await {
        Ok(()) => {
            return Ok(
                axum::response::Redirect::to(&format!("/staf/kasus/{code}?ok=ask")).into_response(),
            );
        }
        Err(AppError::Validation { code, .. }) => {
            (axum::http::StatusCode::UNPROCESSABLE_ENTITY, code)
        }
        Err(AppError::Conflict(code)) => (axum::http::StatusCode::CONFLICT, code),
        Err(other) => return Err(other),
    };
    let st = super::view::ActionFormState {
        action: "ask".into(),
        text: form.text,
        error: error.into(),
        ..Default::default()
    };
    Ok(show_again(&state, &format!("/staf/kasus/{code}"), headers, st, status).await)
}

/// The reveal form of the case page: why, and the confirmation.
#[derive(Deserialize)]
pub struct RevealForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub reason: String,
    /// The checkbox: present when ticked.
    pub confirm: Option<String>,
}

impl crate::accounts::auth::CarriesCsrf for RevealForm {
    fn csrf(&self) -> Option<&str> {
        Some(&self.csrf)
    }
}

/// `POST /staf/kasus/{code}/ungkap`: the reveal form. With a reason and the confirmation it
/// is logged, then the identity shows; without, the case page again with the message by
/// the form and the reason kept, nothing shown and nothing logged.
pub async fn reveal_form(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(code): Path<String>,
    StaffForm(staff, form): StaffForm<RevealForm>,
) -> Result<axum::response::Response, AppError> {
    let confirmed = form.confirm.is_some();
    let (st, status) =
        match super::cases::reveal_identity(&state, &staff, &code, &form.reason, confirmed).await {
            Ok(id) => (
                super::view::RevealedIdentity {
                    name: id.name.unwrap_or_default(),
                    email: id.email,
                    phone: id.phone,
                    ..Default::default()
                },
                axum::http::StatusCode::OK,
            ),
            Err(AppError::Validation { code: error, .. }) => (
                super::view::RevealedIdentity {
                    reason: form.reason,
                    error: error.into(),
                    confirmed,
                    ..Default::default()
                },
                axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            ),
            Err(AppError::Conflict(error)) => (
                super::view::RevealedIdentity {
                    reason: form.reason,
                    error: error.into(),
                    confirmed,
                    ..Default::default()
                },
                axum::http::StatusCode::CONFLICT,
            ),
            Err(other) => return Err(other),
        };
    let mut r = show_again(&state, &format!("/staf/kasus/{code}"), headers, st, status).await;
    r.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    Ok(r)
}

/// The handler forms of the case page: "Saya tangani" (no `user_id`) or the head's
/// assignment (`user_id`, `0` for nobody).
#[derive(Deserialize)]
pub struct HandlerForm {
    #[serde(default)]
    pub csrf: String,
    pub user_id: Option<String>,
}

impl crate::accounts::auth::CarriesCsrf for HandlerForm {
    fn csrf(&self) -> Option<&str> {
        Some(&self.csrf)
    }
}

/// `POST /staf/kasus/{code}/petugas`: take the case, or (the head) assign it. Done: back to
/// the case with a note; refused: the case page with the message.
pub async fn handler_form(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(code): Path<String>,
    StaffForm(staff, form): StaffForm<HandlerForm>,
) -> Result<axum::response::Response, AppError> {
    use axum::response::IntoResponse;
    let to = match form.user_id.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(v) => Some(
            v.parse::<i32>()
                .map_err(|_| AppError::invalid("handler_unknown", "user_id"))?,
        ),
    };
    let (status, error) = match super::work::set_handler(&state, &staff, &code, to).await {
        Ok(_) => {
            let done = if to.is_none() { "take" } else { "assign" };
            return Ok(
                axum::response::Redirect::to(&format!("/staf/kasus/{code}?ok={done}"))
                    .into_response(),
            );
        }
        Err(AppError::Validation { code, .. }) => {
            (axum::http::StatusCode::UNPROCESSABLE_ENTITY, code)
        }
        Err(AppError::Conflict(code)) => (axum::http::StatusCode::CONFLICT, code),
        Err(other) => return Err(other),
    };
    let st = super::view::ActionFormState {
        action: "handler".into(),
        error: error.into(),
        ..Default::default()
    };
    Ok(show_again(&state, &format!("/staf/kasus/{code}"), headers, st, status).await)
}

/// `POST /staf/kasus/{code}/catatan`: an internal note. Added: back to the case's notes;
/// refused: the case page with the message and the note kept.
pub async fn note_form(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(code): Path<String>,
    StaffForm(staff, form): StaffForm<QuestionForm>,
) -> Result<axum::response::Response, AppError> {
    use axum::response::IntoResponse;
    let (status, error) = match super::work::add_note(&state, &staff, &code, &form.text).await {
        Ok(()) => {
            return Ok(axum::response::Redirect::to(&format!(
                "/staf/kasus/{code}?ok=note#catatan"
            ))
            .into_response());
        }
        Err(AppError::Validation { code, .. }) => {
            (axum::http::StatusCode::UNPROCESSABLE_ENTITY, code)
        }
        Err(other) => return Err(other),
    };
    let st = super::view::ActionFormState {
        action: "note".into(),
        text: form.text,
        error: error.into(),
        ..Default::default()
    };
    Ok(show_again(&state, &format!("/staf/kasus/{code}"), headers, st, status).await)
}
