//! Complaint endpoints: `POST /api/v1/complaints` (JSON or multipart), `GET
//! /api/v1/complaints/{code}`, and the plain form POST of `/lapor`, which answers with the
//! form again, values kept and errors by the fields, when something is wrong. The
//! reporter's later writes (answers, information, reopening) are in `reporter.rs`.

pub mod receipt;
pub mod reporter;

use super::domain::{
    ComplaintError, FIELDS, FORM_TOKEN_FIELD, HONEYPOT_FIELD, RawComplaint, TrackingCode,
};
use super::evidence::{self, Evidence};
use super::filing::{FileError, Filing, file};
use super::view::ComplaintFormState;
use crate::i18n::Lang;
use crate::ratelimit::client_ip;
use crate::state::AppState;
use crate::web::error::AppError;
use crate::web::extract::ApiPath;
use crate::web::form::show_again;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, FromRequest, Multipart, Request, State};
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::Response;
use chrono::Utc;
use serde::Serialize;
use serde_json::Value;
use std::net::SocketAddr;
use utoipa::ToSchema;

/// Largest request body on complaint routes: every file at its limit plus the text.
pub const MAX_BODY_BYTES: usize =
    super::domain::MAX_FILES * super::domain::MAX_FILE_BYTES + 256 * 1024;

/// Fields and files of a multipart body.
pub struct Upload {
    pub pairs: Vec<(String, String)>,
    pub files: Vec<Bytes>,
}

fn field_err(code: &'static str, field: &'static str) -> ComplaintError {
    ComplaintError { code, field }
}

/// Whether a request's body is `multipart/form-data`.
pub fn is_multipart(req: &Request) -> bool {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"))
}

/// Reads a body sent as `multipart/form-data` (fields and files, as [`read_multipart`]);
/// any other body is handed back untouched (`Err`) for the caller's JSON reading. Used by
/// the endpoints that take both (filing, the reporter's message).
pub async fn multipart_or(req: Request) -> Result<Result<Upload, Request>, AppError> {
    if !is_multipart(&req) {
        return Ok(Err(req));
    }
    Ok(Ok(read_multipart(multipart_of(req).await?)
        .await
        .map_err(to_app)?))
}

/// The multipart reader of a request already known to be multipart.
pub async fn multipart_of(req: Request) -> Result<Multipart, AppError> {
    Multipart::from_request(req, &())
        .await
        .map_err(|_| AppError::Validation {
            code: "invalid_body",
            field: String::new(),
        })
}

/// Reads a multipart body: text fields, and files from parts named `files` (empty file
/// inputs are skipped). Stops early when a file is over the size limit or too many.
pub async fn read_multipart(mp: Multipart) -> Result<Upload, ComplaintError> {
    let (up, _, r) = read_multipart_gated(mp, |_| async { Ok::<(), ComplaintError>(()) }).await;
    r.map(|()| up)
}

/// As [`read_multipart`], with `before_files` run once, with the fields read so far, before
/// the first byte of the first file is read: a refusal there ends the reading, so what is
/// refused (a wrong reply key) never costs the reading of its files. What it passed comes
/// back (`None` when no file came); what was read before a refusal comes back with it (to
/// show the form again with what was typed).
pub async fn read_multipart_gated<T, E, F, Fut>(
    mut mp: Multipart,
    before_files: F,
) -> (Upload, Option<T>, Result<(), E>)
where
    E: From<ComplaintError>,
    F: FnOnce(Vec<(String, String)>) -> Fut,
    Fut: Future<Output = Result<T, E>>,
{
    let mut up = Upload {
        pairs: Vec::new(),
        files: Vec::new(),
    };
    let mut gate = Some(before_files);
    let mut passed = None;
    loop {
        let mut part = match mp.next_field().await {
            Ok(Some(part)) => part,
            Ok(None) => return (up, passed, Ok(())),
            Err(_) => return (up, passed, Err(field_err("invalid_body", "files").into())),
        };
        let name = part.name().unwrap_or_default().to_string();
        if part.file_name().is_some() || name == "files" {
            if let Some(g) = gate.take() {
                match g(up.pairs.clone()).await {
                    Ok(t) => passed = Some(t),
                    Err(e) => return (up, None, Err(e)),
                }
            }
            let mut buf = Vec::new();
            loop {
                match part.chunk().await {
                    Ok(Some(chunk)) => {
                        if buf.len() + chunk.len() > super::domain::MAX_FILE_BYTES {
                            let e = field_err("file_too_large", "files").into();
                            return (up, passed, Err(e));
                        }
                        buf.extend_from_slice(&chunk);
                    }
                    Ok(None) => break,
                    Err(_) => {
                        let e = field_err("file_too_large", "files").into();
                        return (up, passed, Err(e));
                    }
                }
            }
            if !buf.is_empty() {
                up.files.push(Bytes::from(buf));
                if let Err(e) = evidence::check_count(up.files.len()) {
                    return (up, passed, Err(field_err(e.code(), "files").into()));
                }
            }
        } else {
            match part.text().await {
                Ok(text) => up.pairs.push((name, text)),
                Err(_) => return (up, passed, Err(field_err("invalid_body", "files").into())),
            }
        }
    }
}

/// Checks and cleans each file (type by content, metadata stripped) in the bounded pool.
pub async fn prepare_files(
    state: &AppState,
    files: Vec<Bytes>,
) -> Result<Vec<Evidence>, ComplaintError> {
    evidence::prepare_all(&state.untrusted, files)
        .await
        .map_err(|e| field_err(e.code(), "files"))
}

/// The JSON body as form pairs, refusing unknown fields and a reporter object for anonim.
fn pairs_from_json(v: &Value) -> Result<Vec<(String, String)>, AppError> {
    let invalid = |code: &'static str, field: &str| AppError::Validation {
        code,
        field: field.to_string(),
    };
    let obj = v.as_object().ok_or_else(|| invalid("invalid_body", ""))?;
    let mut pairs = Vec::new();
    for (k, v) in obj {
        if k == "reporter" {
            match v {
                Value::Null => {}
                Value::Object(r) => {
                    if obj.get("mode").and_then(Value::as_str) == Some("anonim") {
                        return Err(invalid("reporter_not_allowed", "reporter"));
                    }
                    for (rk, rv) in r {
                        let field = format!("reporter.{rk}");
                        if !FIELDS.contains(&field.as_str()) {
                            return Err(invalid("unknown_field", &field));
                        }
                        match rv {
                            Value::String(s) => pairs.push((field, s.clone())),
                            Value::Null => {}
                            _ => return Err(invalid("not_a_string", &field)),
                        }
                    }
                }
                _ => return Err(invalid("reporter_not_an_object", "reporter")),
            }
            continue;
        }
        if !FIELDS.contains(&k.as_str()) || k.starts_with("reporter.") {
            return Err(invalid("unknown_field", k));
        }
        match v {
            Value::String(s) => pairs.push((k.clone(), s.clone())),
            Value::Null => {}
            _ => return Err(invalid("not_a_string", k)),
        }
    }
    Ok(pairs)
}

fn parse(pairs: &[(String, String)]) -> Result<super::domain::NewComplaint, Vec<ComplaintError>> {
    RawComplaint::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .parse(Some(crate::clock::today()))
}

/// Answer of a filed complaint.
#[derive(Serialize, ToSchema)]
pub struct Filed {
    #[schema(example = "7KQ29X4DMTRB")]
    pub tracking_code: String,
    /// The reporter's secret for writing on the report later (answering questions, adding
    /// information, reopening): shown only here, once; the server keeps only its hash.
    #[schema(example = "4821 0937 1156 2208")]
    pub reply_key: String,
}

/// Files a complaint: JSON, or multipart with the same fields (the reporter's as
/// `reporter.name`, ...) plus up to five `files`.
#[utoipa::path(post, path = "/api/v1/complaints", tag = "complaints",
    request_body(content = ComplaintRequest, description = "The report as JSON; as `multipart/form-data` the same fields (the reporter's as `reporter.name`, ...) and up to five `files`"),
    responses(
        (status = 201, description = "Stored", body = Filed),
        (status = 404, description = "No unit has `unit_code` (`unit_unknown`), or the service is unknown (`service_unknown`) or not one of the unit's (`service_not_in_unit`); nothing stored", body = crate::web::error::ErrorBody),
        (status = 422, description = "A missing or bad field, or an incident date in the future (WIB); nothing stored", body = crate::web::error::ErrorBody),
        (status = 429, description = "Too many submissions from this client; see Retry-After", body = crate::web::error::ErrorBody),
    ))]
pub async fn create(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    req: Request,
) -> Result<(StatusCode, Json<Filed>), AppError> {
    let ip = client_ip(&state.settings, req.headers(), Some(peer));
    let (pairs, files) = match multipart_or(req).await? {
        Ok(up) => (up.pairs, up.files),
        Err(req) => {
            let body = Bytes::from_request(req, &())
                .await
                .map_err(|_| AppError::Validation {
                    code: "invalid_body",
                    field: String::new(),
                })?;
            let v: Value = serde_json::from_slice(&body).map_err(|_| AppError::Validation {
                code: "invalid_json",
                field: String::new(),
            })?;
            (pairs_from_json(&v)?, Vec::new())
        }
    };
    let complaint = parse(&pairs).map_err(|errs| to_app(errs[0].clone()))?;
    let evidence = prepare_files(&state, files).await.map_err(to_app)?;
    let filed = file(
        &state,
        Filing {
            complaint,
            evidence,
            lang: Lang::Id,
            source: "api",
            client_ip: Some(ip),
        },
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(Filed {
            tracking_code: filed.code.as_str().to_string(),
            reply_key: filed.key.grouped(),
        }),
    ))
}

/// A report as JSON (`POST /api/v1/complaints`): the document's schema of it. An anonim
/// report (`AnonymousReport`) carries no reporter; a terbuka or rahasia one (`NamedReport`)
/// names its reporter (`ReporterRequest`).
pub struct ComplaintRequest;

impl ComplaintRequest {
    fn fields(modes: &[&str]) -> serde_json::Value {
        use super::domain::{Category, MAX_DETAIL_CHARS, MAX_WHAT_CHARS, MIN_WHAT_CHARS};
        use crate::web::api_schema::{
            CODE_PATTERN, day_pattern, optional_text_json, or_absent, text_json,
        };
        use serde_json::json;
        let categories: Vec<&str> = Category::ALL.iter().map(|c| c.code()).collect();
        let detail = |what: &str| {
            let mut t = optional_text_json(MAX_DETAIL_CHARS);
            t["description"] = what.into();
            t
        };
        json!({
            "unit_code": {"type": "string", "pattern": CODE_PATTERN, "description": "The unit the civil servant works in (404 when no unit has this code)", "example": "samsat-kota"},
            "service_code": or_absent(json!({"type": "string", "pattern": CODE_PATTERN, "description": "The service concerned, one of the unit's (404 otherwise)"})),
            "category": {"type": "string", "enum": categories},
            "mode": {"type": "string", "enum": modes, "description": "`terbuka` (open), `rahasia` (identity sealed) or `anonim` (no identity)"},
            "what": text_json(MIN_WHAT_CHARS, MAX_WHAT_CHARS),
            "who": detail("Who (name, position), if known"),
            "where": detail("Where"),
            "when": detail("When, in words"),
            "how": detail("How it happened"),
            "incident_date": or_absent(json!({"type": "string", "format": "date", "pattern": day_pattern("2[0-9]{3}"),
                "description": "`YYYY-MM-DD`, from 2000-01-01 to today (WIB); a later day is refused (422)"}))
        })
    }

    fn anonymous() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        let mut props = Self::fields(&["anonim"]);
        props["reporter"] =
            serde_json::json!({"type": "null", "description": "An anonim report names nobody"});
        crate::web::api_schema::schema(serde_json::json!({
            "type": "object", "additionalProperties": false,
            "description": "A report that names nobody",
            "required": ["unit_code", "category", "mode", "what"], "properties": props
        }))
    }

    fn named() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        let mut props = Self::fields(&["terbuka", "rahasia"]);
        props["reporter"] = serde_json::json!({"$ref": "#/components/schemas/ReporterRequest"});
        crate::web::api_schema::schema(serde_json::json!({
            "type": "object", "additionalProperties": false,
            "description": "A report whose reporter is named: openly (terbuka) or sealed (rahasia)",
            "required": ["unit_code", "category", "mode", "what", "reporter"], "properties": props
        }))
    }

    fn reporter() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use crate::web::api_schema::{or_absent, schema, text_json};
        use serde_json::json;
        schema(json!({
            "type": "object",
            "additionalProperties": false,
            "description": "Who reports",
            "required": ["name"],
            "properties": {
                "name": text_json(1, super::domain::MAX_NAME_CHARS),
                "email": or_absent(json!({"type": "string", "format": "email", "maxLength": 254})),
                "phone": or_absent(json!({"type": "string", "pattern": "^\\+?[ ().-]*([0-9][ ().-]*){8,15}$",
                    "description": "8 to 15 digits; spaces, dashes, dots and brackets allowed, `+` first"}))
            }
        }))
    }
}

impl utoipa::ToSchema for ComplaintRequest {
    fn schemas(
        schemas: &mut Vec<(
            String,
            utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>,
        )>,
    ) {
        schemas.push(("AnonymousReport".into(), Self::anonymous()));
        schemas.push(("NamedReport".into(), Self::named()));
        schemas.push(("ReporterRequest".into(), Self::reporter()));
    }
}

impl utoipa::PartialSchema for ComplaintRequest {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        crate::web::api_schema::schema(serde_json::json!({
            "description": "A report. `what` counts its characters without the spaces around it; a field that is null or only spaces is left out.",
            "oneOf": [
                {"$ref": "#/components/schemas/AnonymousReport"},
                {"$ref": "#/components/schemas/NamedReport"}
            ]
        }))
    }
}

fn to_app(e: ComplaintError) -> AppError {
    AppError::from(e)
}

impl From<ComplaintError> for AppError {
    fn from(e: ComplaintError) -> AppError {
        AppError::Validation {
            code: e.code,
            field: e.field.to_string(),
        }
    }
}

/// A public reply.
#[derive(Serialize, ToSchema)]
pub struct ReplyOut {
    pub at: chrono::DateTime<Utc>,
    pub text: String,
    /// The reporter's own words (an objection that reopened the case), not a reply.
    pub by_reporter: bool,
    /// `status` (a reply with a change of status), `reopened_by_reporter` (the objection)
    /// or `question` (the Inspectorate asks the reporter; answer with the reply key).
    #[schema(example = "question")]
    pub kind: super::domain::EventKind,
}

/// The public view of a complaint.
#[derive(Serialize, ToSchema)]
pub struct ComplaintOut {
    pub tracking_code: String,
    #[schema(example = "received")]
    pub status: String,
    #[schema(example = "pungli")]
    pub category: String,
    pub unit_code: String,
    pub created_at: chrono::DateTime<Utc>,
    pub updated_at: chrono::DateTime<Utc>,
    pub replies: Vec<ReplyOut>,
    /// While the case is open: the day (WIB) its current step is due.
    pub next_due: Option<chrono::NaiveDate>,
    /// Marked as a duplicate of another report, which is not named: the reporter goes on
    /// following this code.
    pub merged: bool,
    /// A question waits for the reporter's answer; the deadlines are paused meanwhile.
    pub awaiting_reporter: bool,
    /// Resolved and not yet answered: the last day (WIB) the reporter may answer "Sudah
    /// selesai?" (`POST .../feedback`; "no" reopens).
    pub feedback_until: Option<chrono::NaiveDate>,
    /// A rahasia report: each time an inspector opened the reporter's identity (never by
    /// whom or why; each opening needs a reason, written to the audit log).
    pub identity_opened: Vec<chrono::DateTime<Utc>>,
    /// Resolved: the finding (`substantiated`, `partly_substantiated`, `not_substantiated`,
    /// `unprovable`) and the kinds of action taken; never who, never the specific measure.
    pub outcome: Option<crate::complaints::view::PublicOutcome>,
}

/// Status, dates and public replies of a complaint; never its text or its reporter.
#[utoipa::path(get, path = "/api/v1/complaints/{tracking_code}", tag = "complaints",
    params(("tracking_code" = String, Path, description = "With or without dashes; case does not matter")),
    responses(
        (status = 200, description = "The public view", body = ComplaintOut),
        (status = 404, description = "No complaint has this code; `tracking_code_typo` when its check character does not match (a character mistyped)", body = crate::web::error::ErrorBody),
        (status = 429, description = "Too many lookups from this client; see Retry-After", body = crate::web::error::ErrorBody),
    ))]
pub async fn show(
    State(state): State<AppState>,
    ApiPath(code): ApiPath<String>,
) -> Result<Json<ComplaintOut>, AppError> {
    let code = match TrackingCode::parse(&code) {
        Ok(c) => c,
        Err(super::domain::CodeError::Typo) => {
            return Err(AppError::unknown("tracking_code_typo", "tracking_code"));
        }
        Err(super::domain::CodeError::Malformed) => return Err(AppError::NotFound),
    };
    let view = super::repo::public_view(&state.db, &code)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Json(ComplaintOut {
        tracking_code: view.tracking_code,
        status: view.status,
        category: view.category,
        unit_code: view.unit_code,
        created_at: view.created_at,
        updated_at: view.updated_at,
        replies: view
            .events
            .into_iter()
            .filter_map(|e| {
                e.text.map(|text| ReplyOut {
                    at: e.at,
                    text,
                    by_reporter: e.by_reporter,
                    kind: e.kind,
                })
            })
            .collect(),
        next_due: view.next_due,
        merged: view.merged,
        awaiting_reporter: view.awaiting_reporter,
        feedback_until: view.reopen_until.filter(|_| !view.feedback_given),
        identity_opened: view.identity_opened,
        outcome: view.outcome,
    }))
}

/// Oldest form accepted, in seconds (a day).
const FORM_MAX_AGE: i64 = 24 * 3600;

/// The form's refusals with the service's own, when the unit and service typed do not fit
/// (inserted in form order, right after the unit's refusal, if any, and once).
async fn with_service_problem(
    state: &AppState,
    pairs: &[(String, String)],
    mut errs: Vec<ComplaintError>,
) -> Result<Vec<ComplaintError>, sea_orm::DbErr> {
    let value = |k: &str| {
        pairs
            .iter()
            .find(|(f, _)| f == k)
            .map_or("", |(_, v)| v.as_str())
    };
    let service =
        super::filing::service_problem(&state.db, value("unit_code"), value("service_code"))
            .await?;
    if let Some(e) = service.filter(|e| !errs.iter().any(|x| x.field == e.field)) {
        let at = errs
            .iter()
            .position(|x| x.field != "unit_code" && x.field != "form")
            .unwrap_or(errs.len());
        errs.insert(at, e);
    }
    Ok(errs)
}

/// The refused form as it is shown again: every typed value, the errors, and its token
/// while that is still good.
fn form_again(
    state: &AppState,
    pairs: Vec<(String, String)>,
    errors: &[ComplaintError],
) -> ComplaintFormState {
    let token = pairs
        .iter()
        .find(|(k, _)| k == FORM_TOKEN_FIELD)
        .map(|(_, v)| v.clone())
        .filter(|t| {
            let check =
                state
                    .keys
                    .check_form_token(t, crate::clock::now().timestamp(), 0, FORM_MAX_AGE);
            check.is_ok()
        });
    ComplaintFormState {
        token,
        values: pairs
            .into_iter()
            .filter(|(k, v)| !v.is_empty() && FIELDS.contains(&k.as_str()))
            .collect(),
        errors: errors
            .iter()
            .map(|e| (e.field.to_string(), e.code.to_string()))
            .collect(),
    }
}

/// `POST /lapor`: the complaint form sent as multipart. Valid: stored, then a redirect to
/// the status page. Invalid: the form again (422) with every typed value and the errors; the
/// database unable to store it now: the form again (503) with everything typed.
pub async fn submit_form(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    uri: Uri,
    headers: HeaderMap,
    mp: Multipart,
) -> Response {
    let lang = Lang::from_headers(&headers);
    let ip = client_ip(&state.settings, &headers, Some(peer));
    let (pairs, result) = match read_multipart(mp).await {
        Ok(up) => {
            let r = match check_form(&state, &up.pairs).and_then(|()| parse(&up.pairs)) {
                Ok(c) => prepare_files(&state, up.files)
                    .await
                    .map(|e| (c, e))
                    .map_err(|e| vec![e]),
                Err(e) => Err(e),
            };
            (up.pairs, r)
        }
        Err(e) => (Vec::new(), Err(vec![e])),
    };
    // Refused input is 422; a database that cannot store it now is 503, the form kept.
    let mut status = StatusCode::UNPROCESSABLE_ENTITY;
    let errors = match result {
        Ok((complaint, evidence)) => {
            let filing = Filing {
                complaint,
                evidence,
                lang,
                source: "web",
                client_ip: Some(ip),
            };
            match file(&state, filing).await {
                Ok(filed) => {
                    return crate::complaints::receipt::receipt_redirect(
                        &state,
                        &filed.code,
                        &filed.key,
                    );
                }
                Err(FileError::Field(e)) => vec![e],
                Err(FileError::Unavailable) => {
                    status = StatusCode::SERVICE_UNAVAILABLE;
                    vec![ComplaintError {
                        code: "unavailable",
                        field: "form",
                    }]
                }
                Err(FileError::Internal(cause)) => {
                    return crate::web::render::internal_page(lang, &cause);
                }
            }
        }
        Err(errs) => match with_service_problem(&state, &pairs, errs).await {
            Ok(errs) => errs,
            Err(e) => return crate::web::render::internal_page(lang, &e.to_string()),
        },
    };
    let form = form_again(&state, pairs, &errors);
    let mut page = show_again(&state, &uri.to_string(), headers, form, status).await;
    if status == StatusCode::SERVICE_UNAVAILABLE {
        page.headers_mut().insert(
            axum::http::header::RETRY_AFTER,
            axum::http::HeaderValue::from(crate::web::error::RETRY_AFTER_SECS),
        );
    }
    page
}

/// The honeypot must be empty and the form must have been open long enough, but not for
/// days. Failures are shown like any other error, so a hasty person can simply send again.
fn check_form(state: &AppState, pairs: &[(String, String)]) -> Result<(), Vec<ComplaintError>> {
    let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    if get(HONEYPOT_FIELD).is_some_and(|v| !v.is_empty()) {
        return Err(vec![field_err("form_rejected", "form")]);
    }
    let token = get(FORM_TOKEN_FIELD).unwrap_or_default();
    state
        .keys
        .check_form_token(
            token,
            crate::clock::now().timestamp(),
            state.settings.min_fill_secs,
            FORM_MAX_AGE,
        )
        .map_err(|e| {
            vec![match e {
                crate::crypto::FormTokenError::TooFast => field_err("form_too_fast", "form"),
                crate::crypto::FormTokenError::Expired => field_err("form_expired", "form"),
                crate::crypto::FormTokenError::Invalid => field_err("form_rejected", "form"),
            }]
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn json_reporter_becomes_dotted_fields_and_is_refused_for_anonim() {
        let pairs = pairs_from_json(&json!({"unit_code": "x", "mode": "rahasia",
            "reporter": {"name": "Siti", "email": "s@x.id"}}))
        .unwrap();
        assert!(pairs.contains(&("reporter.email".into(), "s@x.id".into())));
        let err =
            pairs_from_json(&json!({"mode": "anonim", "reporter": {"name": "Siti"}})).unwrap_err();
        assert!(matches!(
            err,
            AppError::Validation {
                code: "reporter_not_allowed",
                ..
            }
        ));
        let err = pairs_from_json(&json!({"unit_code": "x", "secret": 1})).unwrap_err();
        assert!(
            matches!(err, AppError::Validation { code: "unknown_field", ref field } if field == "secret")
        );
    }
}
