//! The console's HTML forms: a workflow step from the case page, and the reveal button.
//! Each takes a signed staff form (session and CSRF token checked before it runs); a
//! refused step shows the case page again with the message by the form and the text kept.

use super::service::{TransitionInput, transition};
use crate::accounts::auth::{InspectorForm, StaffForm};
use crate::complaints::domain::limits::CaseClass;
use crate::complaints::domain::outcome::{ActionInput, ActionKind, OutcomeInput};
use crate::complaints::domain::workflow::{Action, Request};
use crate::state::AppState;
use crate::web::error::AppError;
use crate::web::form::show_again;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use serde::Deserialize;

/// An action form of the case page, read from its fields (the resolve form repeats
/// `actions`, one per ticked box).
#[derive(Default)]
pub struct ActionForm {
    pub action: String,
    pub reason: Option<String>,
    pub unit_code: Option<String>,
    pub text: Option<String>,
    pub class: Option<String>,
    pub duplicate_of: Option<String>,
    pub finding: Option<String>,
    /// Kinds of action ticked (`resolve`) or proposed (`follow_up`).
    pub actions: Vec<String>,
    /// The discipline measure chosen, if any (it goes with the discipline level ticked).
    pub measure: Option<String>,
    /// The referral's target chosen, if any.
    pub referral_to: Option<String>,
}

impl ActionForm {
    /// The form's fields; unknown ones are ignored.
    pub fn from_pairs(pairs: Vec<(String, String)>) -> ActionForm {
        let mut f = ActionForm::default();
        for (k, v) in pairs {
            match k.as_str() {
                "action" => f.action = v,
                "reason" => f.reason = Some(v),
                "unit_code" => f.unit_code = Some(v),
                "text" => f.text = Some(v),
                "class" => f.class = Some(v),
                "duplicate_of" => f.duplicate_of = Some(v),
                "finding" => f.finding = Some(v),
                "actions" => f.actions.push(v),
                "measure" => f.measure = Some(v),
                "referral_to" => f.referral_to = Some(v),
                _ => {}
            }
        }
        f
    }

    /// The outcome typed: each ticked kind, the measure going with the discipline level
    /// and the target with the referral.
    pub fn outcome(&self) -> OutcomeInput {
        let measure = blank_to_none(self.measure.clone());
        let referral_to = blank_to_none(self.referral_to.clone());
        OutcomeInput {
            finding: blank_to_none(self.finding.clone()),
            actions: self
                .actions
                .iter()
                .map(|k| {
                    let kind = ActionKind::from_code(k);
                    ActionInput {
                        kind: k.clone(),
                        measure: measure
                            .clone()
                            .filter(|_| kind.is_some_and(ActionKind::is_discipline)),
                        referral_to: referral_to
                            .clone()
                            .filter(|_| kind == Some(ActionKind::Referral)),
                    }
                })
                .collect(),
        }
    }
}

/// A tracking code as typed in the path, in its stored form (empty when it is none: the
/// services then answer not found), so that nothing typed reaches a `Location` header.
fn canonical(code: &str) -> String {
    crate::complaints::domain::TrackingCode::parse(code)
        .map(|c| c.as_str().to_string())
        .unwrap_or_default()
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
    StaffForm(staff, pairs): StaffForm<Vec<(String, String)>>,
) -> Result<axum::response::Response, AppError> {
    // The code as stored: what the redirect and the page again are built from.
    let code = canonical(&code);
    use axum::response::IntoResponse;
    let form = ActionForm::from_pairs(pairs);
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
        outcome: form.outcome(),
        proposed: form.actions.clone(),
    };
    let (status, error) = match transition(&state, &staff, &code, input).await {
        Ok(_) => {
            return Ok(axum::response::Redirect::to(&format!(
                "/staf/kasus/{code}?ok={}",
                action.code()
            ))
            .into_response());
        }
        Err(AppError::Validation { code, .. } | AppError::Unknown { code, .. }) => {
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
        finding: form.finding.unwrap_or_default(),
        actions: form.actions,
        measure: form.measure.unwrap_or_default(),
        referral_to: form.referral_to.unwrap_or_default(),
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
    // The code as stored: what the redirect and the page again are built from.
    let code = canonical(&code);
    use axum::response::IntoResponse;
    let (status, error) = match super::conversation::ask(&state, &staff, &code, &form.text).await {
        Ok(()) => {
            return Ok(
                axum::response::Redirect::to(&format!("/staf/kasus/{code}?ok=ask")).into_response(),
            );
        }
        Err(AppError::Validation { code, .. } | AppError::Unknown { code, .. }) => {
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
    // The code as stored: what the redirect and the page again are built from.
    let code = canonical(&code);
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
    // The code as stored: what the redirect and the page again are built from.
    let code = canonical(&code);
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
        Err(AppError::Validation { code, .. } | AppError::Unknown { code, .. }) => {
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
    // The code as stored: what the redirect and the page again are built from.
    let code = canonical(&code);
    use axum::response::IntoResponse;
    let (status, error) = match super::work::add_note(&state, &staff, &code, &form.text).await {
        Ok(()) => {
            return Ok(axum::response::Redirect::to(&format!(
                "/staf/kasus/{code}?ok=note#catatan"
            ))
            .into_response());
        }
        Err(AppError::Validation { code, .. } | AppError::Unknown { code, .. }) => {
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

/// `POST /staf/kasus/{code}/temuan`: the finding of a case resolved before findings were
/// recorded, once (inspectors). Recorded: back to the case; refused: the case page with the
/// message and the choices kept.
pub async fn outcome_form(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(code): Path<String>,
    InspectorForm(staff, pairs): InspectorForm<Vec<(String, String)>>,
) -> Result<axum::response::Response, AppError> {
    // The code as stored: what the redirect and the page again are built from.
    let code = canonical(&code);
    use axum::response::IntoResponse;
    let form = ActionForm::from_pairs(pairs);
    let (status, error) =
        match super::outcome::complete(&state, &staff, &code, &form.outcome()).await {
            Ok(()) => {
                return Ok(
                    axum::response::Redirect::to(&format!("/staf/kasus/{code}?ok=outcome"))
                        .into_response(),
                );
            }
            Err(AppError::Validation { code, .. } | AppError::Unknown { code, .. }) => {
                (axum::http::StatusCode::UNPROCESSABLE_ENTITY, code)
            }
            Err(AppError::Conflict(code)) => (axum::http::StatusCode::CONFLICT, code),
            Err(other) => return Err(other),
        };
    let st = super::view::ActionFormState {
        action: "outcome".into(),
        finding: form.finding.unwrap_or_default(),
        actions: form.actions,
        measure: form.measure.unwrap_or_default(),
        referral_to: form.referral_to.unwrap_or_default(),
        error: error.into(),
        ..Default::default()
    };
    Ok(show_again(&state, &format!("/staf/kasus/{code}"), headers, st, status).await)
}
