//! The reporter's writes after filing, each proven by the tracking code and the reply key:
//! answering a question or adding information (`POST /lacak/{code}/balas` from the status
//! page without JavaScript, `POST /api/v1/complaints/{code}/messages`), answering "Sudah
//! selesai?" on a resolution (`POST /lacak/{code}/selesai`,
//! `POST /api/v1/complaints/{code}/feedback`; "no" reopens), and reopening
//! (`POST /api/v1/complaints/{code}/reopen`).

use super::{is_multipart, multipart_of, prepare_files, read_multipart_gated};
use crate::complaints::domain::TrackingCode;
use crate::complaints::evidence::Evidence;
use crate::complaints::reporter::conversation::{Written, prove_reporter, reporter_write};
use crate::complaints::reporter::feedback::{FeedbackInput, FeedbackOutcome, reporter_feedback};
use crate::complaints::reporter::reopen::reporter_reopen;
use crate::complaints::retention::reporter_erase_identity;
use crate::complaints::view::{EraseFormState, FeedbackFormState, ReplyFormState};
use crate::ratelimit::{LimitedAction, client_ip};
use crate::state::AppState;
use crate::web::error::AppError;
use crate::web::extract::{ApiJson, ApiPath};
use crate::web::form::show_again;
use axum::Json;
use axum::extract::{ConnectInfo, FromRequest, Multipart, Path, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};
use std::net::{IpAddr, SocketAddr};
use utoipa::ToSchema;

fn pair<'a>(pairs: &'a [(String, String)], name: &str) -> &'a str {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.as_str())
}

/// What a reporter's multipart message carried: the fields, and once proven the case and
/// the cleaned files.
struct ProvenUpload {
    pairs: Vec<(String, String)>,
    result: Result<(crate::entities::complaint::Model, Vec<Evidence>), AppError>,
}

/// Reads a reporter's multipart message in the order that keeps refusals cheap: the case
/// named by `code` must exist before the body is read; the reply key (a field before the
/// files, as the status page's form sends it) is proven before a file byte is read, and a
/// key sent after a file is refused (`reply_key_first`); sending files is then limited per
/// address; the files are cleaned in the bounded pool. A message without files is proven
/// after its text is checked (an empty message costs no key attempt).
async fn read_proven(state: &AppState, code: &str, ip: IpAddr, mp: Multipart) -> ProvenUpload {
    let refused = |e: AppError| ProvenUpload {
        pairs: Vec::new(),
        result: Err(e),
    };
    match case_exists(state, code).await {
        Ok(true) => {}
        Ok(false) => return refused(AppError::NotFound),
        Err(e) => return refused(e),
    }
    let (up, proven, read) = read_multipart_gated(mp, |pairs| async move {
        let key = pair(&pairs, "reply_key");
        if key.trim().is_empty() {
            return Err(AppError::Validation {
                code: "reply_key_first",
                field: "reply_key".into(),
            });
        }
        let c = prove_reporter(state, code, key, ip).await?;
        state
            .limits
            .check(LimitedAction::Upload, ip)
            .map_err(|secs| AppError::RateLimited {
                retry_after_secs: secs,
            })?;
        Ok(c)
    })
    .await;
    let pairs = up.pairs;
    let result = async {
        read?;
        let c = match proven {
            Some(c) => c,
            None => {
                check_text(pair(&pairs, "text"))?;
                prove_reporter(state, code, pair(&pairs, "reply_key"), ip).await?
            }
        };
        let files = prepare_files(state, up.files).await?;
        Ok((c, files))
    }
    .await;
    ProvenUpload { pairs, result }
}

/// Whether a report has this tracking code (a malformed code has none).
async fn case_exists(state: &AppState, code: &str) -> Result<bool, AppError> {
    let Ok(code) = TrackingCode::parse(code) else {
        return Ok(false);
    };
    Ok(crate::complaints::repo::find(&state.db, &code)
        .await?
        .is_some())
}

/// Refuses a message with neither text nor files before its key is tried.
fn check_text(text: &str) -> Result<(), AppError> {
    if text.trim().is_empty() {
        return Err(AppError::Validation {
            code: "message_missing",
            field: "text".into(),
        });
    }
    Ok(())
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
    let ProvenUpload { pairs, result } = read_proven(&state, &code, ip, mp).await;
    let result = match result {
        Ok((c, ev)) => reporter_write(&state, c, pair(&pairs, "text"), ev).await,
        Err(e) => Err(e),
    };
    let (field, error) = match result {
        Ok(w) => {
            let note = match w {
                Written::Answer { .. } => "dijawab",
                Written::Information => "ditambah",
            };
            return Redirect::to(&format!("/lacak/{code}?{note}=1#riwayat")).into_response();
        }
        Err(AppError::Validation { code, field } | AppError::Refused { code, field }) => {
            (field, code)
        }
        Err(AppError::Conflict(code)) => (String::new(), code),
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

/// The status page's "Sudah selesai?" form.
#[derive(Deserialize)]
pub struct FeedbackForm {
    /// The reply key of the report: proves the reporter (the code alone does not).
    #[serde(default)]
    pub reply_key: String,
    /// `ya` or `tidak`.
    #[serde(default)]
    pub resolved: String,
    /// `1` to `4`, or empty.
    #[serde(default)]
    pub rating: String,
    #[serde(default)]
    pub comment: String,
}

/// The form's choices as the service takes them; a rating that is not a number is out of
/// range.
fn feedback_input(form: &FeedbackForm) -> FeedbackInput {
    FeedbackInput {
        resolved: match form.resolved.as_str() {
            "ya" => Some(true),
            "tidak" => Some(false),
            _ => None,
        },
        rating: match form.rating.trim() {
            "" => None,
            r => Some(r.parse().unwrap_or(0)),
        },
        comment: form.comment.clone(),
    }
}

/// `POST /lacak/{code}/selesai`: the reporter answers "Sudah selesai?". Recorded: back to
/// the status page with a note ("no" reopened the case). Refused: the status page again,
/// the choices and the text kept, the message by its field.
pub async fn feedback_form(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(code): Path<String>,
    headers: HeaderMap,
    axum::extract::Form(form): axum::extract::Form<FeedbackForm>,
) -> Response {
    let ip = client_ip(&state.settings, &headers, Some(peer));
    let (field, error) =
        match reporter_feedback(&state, &code, &form.reply_key, feedback_input(&form), ip).await {
            Ok(FeedbackOutcome::Confirmed) => {
                return Redirect::to(&format!("/lacak/{code}?terima-kasih=1")).into_response();
            }
            Ok(FeedbackOutcome::Reopened) => {
                return Redirect::to(&format!("/lacak/{code}?dibuka=1")).into_response();
            }
            Err(AppError::Validation { code, field } | AppError::Refused { code, field }) => {
                (field, code)
            }
            Err(AppError::Conflict(code)) => (String::new(), code),
            Err(e) => return e.into_response(),
        };
    let state_for_page = FeedbackFormState {
        key: form.reply_key,
        resolved: form.resolved,
        rating: form.rating,
        comment: form.comment,
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

/// The status page's "erase my identity" form.
#[derive(Deserialize)]
pub struct EraseForm {
    #[serde(default)]
    pub reply_key: String,
}

/// `POST /lacak/{code}/hapus-identitas`: the reporter erases their identity from the report
/// now. Done: back to the status page with a note. Refused: the page again, the key kept,
/// the message by it.
pub async fn erase_identity_form(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(code): Path<String>,
    headers: HeaderMap,
    axum::extract::Form(form): axum::extract::Form<EraseForm>,
) -> Response {
    let ip = client_ip(&state.settings, &headers, Some(peer));
    let error = match reporter_erase_identity(&state, &code, &form.reply_key, ip).await {
        Ok(()) => {
            return Redirect::to(&format!("/lacak/{code}?identitas-dihapus=1")).into_response();
        }
        Err(AppError::Validation { code, .. } | AppError::Refused { code, .. }) => code,
        Err(e) => return e.into_response(),
    };
    show_again(
        &state,
        &format!("/lacak/{code}"),
        headers,
        EraseFormState {
            key: form.reply_key,
            error: error.into(),
        },
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

/// The reporter's request to erase their identity.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EraseBody {
    /// The report's reply key.
    #[schema(schema_with = crate::web::api_schema::reply_key)]
    pub reply_key: String,
}

/// The reporter erases their sealed identity and address from the report now, before its
/// retention period: the case goes on, but nobody can reach them any more. Idempotent.
#[utoipa::path(post, path = "/api/v1/complaints/{tracking_code}/erase-identity", tag = "complaints",
    params(("tracking_code" = String, Path, description = "The report's tracking code")),
    request_body = EraseBody,
    responses(
        (status = 204, description = "Erased (or there was none)"),
        (status = 404, description = "No report has this code", body = crate::web::error::ErrorBody),
        (status = 403, description = "The reply key is wrong (`reply_key_wrong`) or mistyped (its check digit does not match, `reply_key_typo`)", body = crate::web::error::ErrorBody),
        (status = 422, description = "No reply key, or not 16 digits", body = crate::web::error::ErrorBody),
        (status = 429, description = "Too many key attempts; see Retry-After", body = crate::web::error::ErrorBody),
    ))]
pub async fn erase_identity(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    ApiPath(code): ApiPath<String>,
    ApiJson(body): ApiJson<EraseBody>,
) -> Result<StatusCode, AppError> {
    let ip = client_ip(&state.settings, &headers, Some(peer));
    reporter_erase_identity(&state, &code, &body.reply_key, ip).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A reporter's message as JSON.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MessageBody {
    /// The report's reply key (spaces and dashes do not matter).
    #[schema(schema_with = crate::web::api_schema::reply_key)]
    pub reply_key: String,
    /// The answer or the added information (up to 4000 characters).
    #[schema(schema_with = message_text)]
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
/// metadata removed). The case must exist before the body is read, and in multipart the
/// `reply_key` field must come before the files: it is proven before a file byte is read.
/// Nothing is stored when the key is missing or wrong.
#[utoipa::path(post, path = "/api/v1/complaints/{tracking_code}/messages", tag = "complaints",
    params(("tracking_code" = String, Path, description = "The report's tracking code")),
    request_body(content = MessageBody, description = "JSON, or multipart with the same fields plus `files`"),
    responses(
        (status = 201, description = "Stored; the assigned staff see it", body = MessageStored),
        (status = 404, description = "No report has this code", body = crate::web::error::ErrorBody),
        (status = 409, description = "The case is closed (`case_closed`)", body = crate::web::error::ErrorBody),
        (status = 403, description = "The reply key is wrong (`reply_key_wrong`) or mistyped (its check digit does not match, `reply_key_typo`)", body = crate::web::error::ErrorBody),
        (status = 422, description = "No reply key or not 16 digits (`reply_key_missing`, `reply_key_malformed`, or `reply_key_first` when a file part comes before the `reply_key` field), no text and no file, or a bad file (`file_too_complex`, `image_too_large`, ...)", body = crate::web::error::ErrorBody),
        (status = 429, description = "Too many key attempts or uploads from this address, or key attempts on this case; see Retry-After", body = crate::web::error::ErrorBody),
    ))]
pub async fn message(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    ApiPath(code): ApiPath<String>,
    req: Request,
) -> Result<(StatusCode, Json<MessageStored>), AppError> {
    let ip = client_ip(&state.settings, req.headers(), Some(peer));
    let written = if is_multipart(&req) {
        let mp = multipart_of(req).await?;
        let ProvenUpload { pairs, result } = read_proven(&state, &code, ip, mp).await;
        let (c, evidence) = result?;
        reporter_write(&state, c, pair(&pairs, "text"), evidence).await?
    } else {
        let ApiJson(body) = ApiJson::<MessageBody>::from_request(req, &()).await?;
        check_text(&body.text)?;
        let c = prove_reporter(&state, &code, &body.reply_key, ip).await?;
        reporter_write(&state, c, &body.text, Vec::new()).await?
    };
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

fn message_text() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    use crate::web::api_schema::{schema, visible_text_json};
    let mut t = visible_text_json(1, crate::complaints::domain::workflow::MAX_TEXT_CHARS);
    t["description"] = "The answer or the added information (up to 4000 characters)".into();
    schema(t)
}

fn reopen_reason_text() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    use crate::web::api_schema::{schema, text_json};
    let mut t = text_json(1, crate::complaints::domain::workflow::MAX_TEXT_CHARS);
    t["description"] = "Why it is not resolved (up to 4000 characters)".into();
    schema(t)
}

/// The reporter's answer to "Sudah selesai?".
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeedbackBody {
    /// The report's reply key.
    pub reply_key: String,
    /// Whether the case is resolved for the reporter; `false` reopens it.
    pub resolved: bool,
    /// How the case was handled, from 1 (bad) to 4 (very good).
    #[serde(default)]
    pub rating: Option<i16>,
    /// A comment; required when `resolved` is false (what is still wrong).
    #[serde(default)]
    pub comment: Option<String>,
}

impl ToSchema for FeedbackBody {}

/// "Yes" may carry a comment; "no" must say what is still wrong.
impl utoipa::PartialSchema for FeedbackBody {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use crate::complaints::domain::workflow::MAX_TEXT_CHARS as MAX_WHAT_CHARS;
        use crate::web::api_schema::{optional_text_json, schema, text_json};
        let key = serde_json::to_value(crate::web::api_schema::reply_key()).unwrap_or_default();
        let rating = serde_json::json!({"type": ["integer", "null"], "minimum": 1, "maximum": 4,
            "description": "How the case was handled, from 1 (bad) to 4 (very good)"});
        schema(serde_json::json!({
            "description": "The reporter's answer to \"Sudah selesai?\"",
            "oneOf": [
                {"type": "object", "title": "Resolved", "additionalProperties": false,
                 "required": ["reply_key", "resolved"],
                 "properties": {"reply_key": key, "resolved": {"type": "boolean", "enum": [true]}, "rating": rating,
                    "comment": optional_text_json(MAX_WHAT_CHARS)}},
                {"type": "object", "title": "NotResolved", "additionalProperties": false,
                 "required": ["reply_key", "resolved", "comment"],
                 "properties": {"reply_key": key, "resolved": {"type": "boolean", "enum": [false], "description": "`false` reopens the case"},
                    "rating": rating, "comment": text_json(1, MAX_WHAT_CHARS)}}
            ]
        }))
    }
}

/// What the answer did.
#[derive(Serialize, ToSchema)]
pub struct FeedbackStored {
    /// `confirmed` (recorded, the case stays resolved) or `reopened` (back to the
    /// Inspectorate, who are told, as is the unit).
    #[schema(example = "confirmed")]
    pub outcome: &'static str,
}

/// The reporter answers "Sudah selesai?" on a resolved case, once per resolution, within
/// the objection window: yes, or no (which reopens it), an optional 1-4 rating of the
/// handling and a comment. The answers feed the public complaint statistics.
#[utoipa::path(post, path = "/api/v1/complaints/{tracking_code}/feedback", tag = "complaints",
    params(("tracking_code" = String, Path, description = "The report's tracking code")),
    request_body = FeedbackBody,
    responses(
        (status = 201, description = "Recorded", body = FeedbackStored),
        (status = 404, description = "No report has this code", body = crate::web::error::ErrorBody),
        (status = 409, description = "Not resolved or the window has passed (`feedback_closed`), or already answered (`feedback_given`)", body = crate::web::error::ErrorBody),
        (status = 403, description = "The reply key is wrong (`reply_key_wrong`) or mistyped (its check digit does not match, `reply_key_typo`)", body = crate::web::error::ErrorBody),
        (status = 422, description = "No reply key or not 16 digits, a rating outside 1-4, or no comment with a \"no\"", body = crate::web::error::ErrorBody),
        (status = 429, description = "Too many key attempts; see Retry-After", body = crate::web::error::ErrorBody),
    ))]
pub async fn feedback(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    ApiPath(code): ApiPath<String>,
    ApiJson(body): ApiJson<FeedbackBody>,
) -> Result<(StatusCode, Json<FeedbackStored>), AppError> {
    let ip = client_ip(&state.settings, &headers, Some(peer));
    let input = FeedbackInput {
        resolved: Some(body.resolved),
        rating: body.rating,
        comment: body.comment.unwrap_or_default(),
    };
    let outcome = reporter_feedback(&state, &code, &body.reply_key, input, ip).await?;
    Ok((
        StatusCode::CREATED,
        Json(FeedbackStored {
            outcome: match outcome {
                FeedbackOutcome::Confirmed => "confirmed",
                FeedbackOutcome::Reopened => "reopened",
            },
        }),
    ))
}

/// A reporter's objection to a resolution.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReopenBody {
    #[schema(schema_with = crate::web::api_schema::reply_key)]
    pub reply_key: String,
    /// Why it is not resolved.
    #[schema(schema_with = reopen_reason_text)]
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
        (status = 403, description = "The reply key is wrong (`reply_key_wrong`) or mistyped (its check digit does not match, `reply_key_typo`)", body = crate::web::error::ErrorBody),
        (status = 422, description = "No reply key or not 16 digits, or no reason", body = crate::web::error::ErrorBody),
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
