//! The reporter's writes after filing, each proven by the tracking code and the reply key:
//! answering a question or adding information (`POST /lacak/{code}/balas` from the status
//! page without JavaScript, `POST /api/v1/complaints/{code}/messages`), and reopening a
//! resolution (`POST /lacak/{code}/buka-kembali`, `POST /api/v1/complaints/{code}/reopen`).

use super::{read_multipart, to_app};
use crate::complaints::evidence::{self, Evidence};
use crate::complaints::view::{ReopenFormState, ReplyFormState};
use crate::ratelimit::client_ip;
use crate::state::AppState;
use crate::triage::conversation::{Written, reporter_write};
use crate::triage::service::reporter_reopen;
use crate::web::error::AppError;
use crate::web::extract::{ApiJson, ApiPath};
use crate::web::form::show_again;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, FromRequest, Multipart, Path, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};
use std::net::SocketAddr;
use utoipa::ToSchema;

/// Evidence of a reporter's message: each file checked by content and cleaned.
fn prepare(files: Vec<Bytes>) -> Result<Vec<Evidence>, AppError> {
    evidence::check_count(files.len()).map_err(|e| AppError::Validation {
        code: e.code(),
        field: "files".into(),
    })?;
    files
        .into_iter()
        .map(|b| {
            evidence::prepare(b).map_err(|e| AppError::Validation {
                code: e.code(),
                field: "files".into(),
            })
        })
        .collect()
}

fn pair<'a>(pairs: &'a [(String, String)], name: &str) -> &'a str {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.as_str())
}

/// `POST /lacak/{code}/balas`: the reporter answers or adds information from the status
/// page (multipart: `reply_key`, `text`, `files`). Stored: back to the status page with a
/// note. Refused: the page again, what was typed kept and the message by its field.
pub async fn reply_form(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(code): Path<String>,
    headers: HeaderMap,
    mp: Multipart,
) -> Response {
    let ip = client_ip(&state.settings, &headers, Some(peer));
    let (pairs, result) = match read_multipart(mp).await {
        Ok(up) => {
            let r = match prepare(up.files) {
                Ok(ev) => {
                    reporter_write(
                        &state,
                        &code,
                        pair(&up.pairs, "reply_key"),
                        pair(&up.pairs, "text"),
                        ev,
                        ip,
                    )
                    .await
                }
                Err(e) => Err(e),
            };
            (up.pairs, r)
        }
        Err(e) => (Vec::new(), Err(to_app(e))),
    };
    let (field, error) = match result {
        Ok(w) => {
            let note = match w {
                Written::Answer { .. } => "dijawab",
                Written::Information => "ditambah",
            };
            return Redirect::to(&format!("/lacak/{code}?{note}=1#riwayat")).into_response();
        }
        Err(AppError::Validation { code, field }) => (field, code),
        Err(AppError::Conflict(code)) => (String::new(), code),
        Err(AppError::RateLimited { retry_after_secs }) => {
            return AppError::RateLimited { retry_after_secs }.into_response();
        }
        Err(e) => return e.into_response(),
    };
    let form = ReplyFormState {
        key: pair(&pairs, "reply_key").to_string(),
        text: pair(&pairs, "text").to_string(),
        field,
        error: error.into(),
    };
    show_again(
        &state,
        &format!("/lacak/{code}"),
        headers,
        form,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

/// Form of the status page's reopen button.
#[derive(Deserialize)]
pub struct ReopenForm {
    /// The reply key of the report: proves the reporter (the code alone does not).
    #[serde(default)]
    pub reply_key: String,
    #[serde(default)]
    pub reason: String,
}

/// `POST /lacak/{code}/buka-kembali`: the reporter objects to a resolution. Accepted: back
/// to the status page. Refused: the status page again with the message and the text kept.
pub async fn reopen_form(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(code): Path<String>,
    headers: HeaderMap,
    axum::extract::Form(form): axum::extract::Form<ReopenForm>,
) -> Response {
    let ip = client_ip(&state.settings, &headers, Some(peer));
    let (field, error) =
        match reporter_reopen(&state, &code, &form.reply_key, &form.reason, ip).await {
            Ok(()) => return Redirect::to(&format!("/lacak/{code}?dibuka=1")).into_response(),
            Err(AppError::Validation { code, field }) => (field, code),
            Err(AppError::Conflict(code)) => (String::new(), code),
            Err(e) => return e.into_response(),
        };
    let state_for_page = ReopenFormState {
        key: form.reply_key,
        reason: form.reason,
        field,
        error: error.into(),
    };
    show_again(
        &state,
        &format!("/lacak/{code}"),
        headers,
        state_for_page,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

/// A reporter's message as JSON.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MessageBody {
    /// The report's reply key (spaces and dashes do not matter).
    #[schema(example = "4821 0937 1156 2208")]
    pub reply_key: String,
    /// The answer or the added information (up to 4000 characters).
    pub text: String,
}

/// What a reporter's message became.
#[derive(Serialize, ToSchema)]
pub struct MessageStored {
    /// `answer` (it answered a waiting question) or `information`.
    #[schema(example = "answer")]
    pub kind: &'static str,
    /// For an answer: the working days the deadlines paused (they moved by as many).
    pub paused_working_days: Option<u32>,
}

/// The reporter answers a waiting question or adds information: JSON `{reply_key, text}`,
/// or multipart with `reply_key`, `text` and up to five `files` (checked by content,
/// metadata removed). Nothing is stored when the key is missing or wrong.
#[utoipa::path(post, path = "/api/v1/complaints/{tracking_code}/messages", tag = "complaints",
    params(("tracking_code" = String, Path, description = "The report's tracking code")),
    request_body(content = MessageBody, description = "JSON, or multipart with the same fields plus `files`"),
    responses(
        (status = 201, description = "Stored; the assigned staff see it", body = MessageStored),
        (status = 404, description = "No report has this code", body = crate::web::error::ErrorBody),
        (status = 409, description = "The case is closed (`case_closed`)", body = crate::web::error::ErrorBody),
        (status = 422, description = "Missing, mistyped or wrong reply key (`reply_key_missing`, `reply_key_typo`, `reply_key_wrong`), no text and no file, or a bad file", body = crate::web::error::ErrorBody),
        (status = 429, description = "Too many key attempts from this address or on this case; see Retry-After", body = crate::web::error::ErrorBody),
    ))]
pub async fn message(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    ApiPath(code): ApiPath<String>,
    req: Request,
) -> Result<(StatusCode, Json<MessageStored>), AppError> {
    let ip = client_ip(&state.settings, req.headers(), Some(peer));
    let is_multipart = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    let (key, text, files) = if is_multipart {
        let mp = Multipart::from_request(req, &())
            .await
            .map_err(|_| AppError::Validation {
                code: "invalid_body",
                field: String::new(),
            })?;
        let up = read_multipart(mp).await.map_err(to_app)?;
        (
            pair(&up.pairs, "reply_key").to_string(),
            pair(&up.pairs, "text").to_string(),
            up.files,
        )
    } else {
        let ApiJson(body) = ApiJson::<MessageBody>::from_request(req, &()).await?;
        (body.reply_key, body.text, Vec::new())
    };
    let evidence = prepare(files)?;
    let written = reporter_write(&state, &code, &key, &text, evidence, ip).await?;
    Ok((
        StatusCode::CREATED,
        Json(match written {
            Written::Answer { paused_days } => MessageStored {
                kind: "answer",
                paused_working_days: Some(paused_days),
            },
            Written::Information => MessageStored {
                kind: "information",
                paused_working_days: None,
            },
        }),
    ))
}

/// A reporter's objection to a resolution.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReopenBody {
    pub reply_key: String,
    /// Why it is not resolved.
    pub reason: String,
}

/// The reporter says a resolved case is not resolved, within the objection window: back to
/// the Inspectorate, who are told.
#[utoipa::path(post, path = "/api/v1/complaints/{tracking_code}/reopen", tag = "complaints",
    params(("tracking_code" = String, Path, description = "The report's tracking code")),
    request_body = ReopenBody,
    responses(
        (status = 204, description = "Reopened"),
        (status = 404, description = "No report has this code", body = crate::web::error::ErrorBody),
        (status = 409, description = "Not resolved, or the window has passed (`reopen_closed`)", body = crate::web::error::ErrorBody),
        (status = 422, description = "A missing, mistyped or wrong reply key, or no reason", body = crate::web::error::ErrorBody),
        (status = 429, description = "Too many key attempts; see Retry-After", body = crate::web::error::ErrorBody),
    ))]
pub async fn reopen(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    ApiPath(code): ApiPath<String>,
    ApiJson(body): ApiJson<ReopenBody>,
) -> Result<StatusCode, AppError> {
    let ip = client_ip(&state.settings, &headers, Some(peer));
    reporter_reopen(&state, &code, &body.reply_key, &body.reason, ip).await?;
    Ok(StatusCode::NO_CONTENT)
}
