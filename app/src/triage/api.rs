//! The triage JSON API: `GET /api/v1/triage/complaints` (the queue), `GET
//! /api/v1/triage/complaints/{code}` (a case and its history), `POST
//! .../{code}/transitions`, `POST .../{code}/reveal` (a rahasia identity, logged), and
//! `GET /api/v1/triage/audit` (the chain check). Each handler takes the session (state
//! changes a signed write, with the CSRF token); the role and unit scope are the services'.

use super::cases::{case_view, queue_page, reveal_identity};
use super::service::{TransitionInput, transition, visible_case};
use super::view::{CaseView, QueuePage, QueueQuery, ReporterView};
use crate::accounts::auth::{AuditReader, InspectorRead, InspectorWrite, StaffWrite};
use crate::accounts::session::Staff;
use crate::audit::{self, ChainReport};
use crate::complaints::domain::limits::CaseClass;
use crate::complaints::domain::outcome::{ActionInput, OutcomeInput};
use crate::complaints::domain::workflow::{Action, Request};
use crate::state::AppState;
use crate::web::error::AppError;
use crate::web::extract::{ApiJson, ApiPath, ApiQuery};
use axum::Json;
use axum::extract::{Path, State};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The triage queue: every case this account may see, by deadline.
#[utoipa::path(get, path = "/api/v1/triage/complaints", tag = "triage", params(QueueQuery),
    responses(
        (status = 200, description = "The queue", body = QueuePage),
        (status = 401, description = "Not signed in"),
        (status = 403, description = "This role has no triage access"),
        (status = 404, description = "No unit has this code (`unit_unknown`)", body = crate::web::error::ErrorBody),
    ))]
pub async fn queue(
    State(state): State<AppState>,
    staff: Staff,
    ApiQuery(q): ApiQuery<QueueQuery>,
) -> Result<Json<QueuePage>, AppError> {
    Ok(Json(queue_page(&state, &staff, &q).await?))
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

/// Body of a transition.
#[derive(Deserialize)]
pub struct TransitionBody {
    /// `verify, reject, mark_duplicate, disposition, follow_up, resolve, close, reopen,
    /// close_incomplete` (an open case whose question waited 10 working days unanswered;
    /// `text` tells the reporter why).
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
    /// For `resolve` (required): `substantiated`, `partly_substantiated`,
    /// `not_substantiated` or `unprovable`.
    pub finding: Option<String>,
    /// For `resolve` (one or more required): what was done. `none` stands alone;
    /// `not_substantiated` allows only `none` or `service_fix`; `unprovable` allows no
    /// discipline and no restitution; one level of discipline at most.
    pub actions: Option<Vec<ActionInput>>,
    /// For `follow_up` (optional): kinds of action the unit proposes; the inspector decides.
    pub proposed_actions: Option<Vec<String>>,
}

impl ToSchema for TransitionBody {}

/// One shape per kind of action: every action needs its reason; a disposition names the
/// unit, a follow-up or a closing for no answer the reply, a resolution its finding and
/// actions. Which actions a case's status allows is the workflow's (409).
impl utoipa::PartialSchema for TransitionBody {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use crate::complaints::domain::workflow::MAX_TEXT_CHARS;
        use crate::web::api_schema::{CODE_PATTERN, schema, text_json};
        use serde_json::{Value, json};
        let text = || json!({"type": ["string", "null"], "maxLength": MAX_TEXT_CHARS});
        let loose = json!({"type": ["string", "null"]});
        let action_input = json!({"$ref": "#/components/schemas/ActionInput"});
        // Actions sent with a step that takes none are read (their shape) and left aside.
        let any_action = json!({"type": "object", "additionalProperties": false, "required": ["kind"],
            "properties": {"kind": {"type": "string"}, "measure": {"type": ["string", "null"]},
                "referral_to": {"type": ["string", "null"]}}});
        use crate::complaints::domain::outcome::{ActionKind, Finding};
        let finding_codes: Vec<&str> = Finding::ALL.iter().map(|f| f.code()).collect();
        let findings = json!({"type": "string", "enum": finding_codes});
        let variant = |title: &str, actions: &[&str], extra_required: &[&str], special: Value| {
            let mut props = json!({
                "action": {"type": "string", "enum": actions},
                "reason": text_json(1, MAX_TEXT_CHARS),
                "text": text(),
                "class": {"anyOf": [{"type": "string", "enum": ["desk", "field"]}, {"type": "null"}],
                    "description": "For `verify`: `desk` (14 working days, default) or `field` (60)"},
                "unit_code": loose.clone(),
                "duplicate_of": loose.clone(),
                "finding": loose.clone(),
                "actions": {"type": ["array", "null"], "items": any_action.clone()},
                "proposed_actions": {"type": ["array", "null"], "items": {"type": "string"}}
            });
            if let (Some(p), Some(extra)) = (props.as_object_mut(), special.as_object()) {
                for (k, v) in extra {
                    p.insert(k.clone(), v.clone());
                }
            }
            let mut required: Vec<&str> = vec!["action", "reason"];
            required.extend_from_slice(extra_required);
            json!({"type": "object", "title": title, "required": required, "properties": props})
        };
        let with = variant;
        let kinds: Vec<&str> = ActionKind::ALL.iter().map(|k| k.code()).collect();
        let variants = vec![
            with(
                "StepTransition",
                &["verify", "reject", "close", "reopen"],
                &[],
                json!({}),
            ),
            with(
                "DuplicateTransition",
                &["mark_duplicate"],
                &[],
                json!({
                    "duplicate_of": {"type": ["string", "null"],
                        "pattern": "^[0-9A-Za-z]{4}-?[0-9A-Za-z]{4}-?[0-9A-Za-z]{4}$",
                        "description": "The tracking code of the case it repeats, one this account can see (404 otherwise)"}
                }),
            ),
            with(
                "DispositionTransition",
                &["disposition"],
                &["unit_code"],
                json!({
                    "unit_code": {"type": "string", "pattern": CODE_PATTERN,
                        "description": "The unit that must follow up (404 when no unit has this code)"}
                }),
            ),
            with(
                "FollowUpTransition",
                &["follow_up"],
                &["text"],
                json!({
                    "text": text_json(1, MAX_TEXT_CHARS),
                    "proposed_actions": {"type": ["array", "null"], "items": {"type": "string", "enum": kinds},
                        "description": "Kinds of action the unit proposes; `none` stands alone (422 otherwise)"}
                }),
            ),
            with(
                "CloseIncompleteTransition",
                &["close_incomplete"],
                &["text"],
                json!({"text": text_json(1, MAX_TEXT_CHARS)}),
            ),
            with(
                "ResolveTransition",
                &["resolve"],
                &["finding", "actions"],
                json!({
                    "finding": findings,
                    "actions": {"type": "array", "minItems": 1, "items": action_input}
                }),
            ),
        ];
        schema(json!({
            "description": "A workflow step. `reason` is required for every step (internal, recorded in the history and the audit log); `text`, when given, is the reply the reporter reads. For `resolve`: `none` stands alone; `not_substantiated` allows only `none` or `service_fix`; `unprovable` allows no discipline and no restitution; one level of discipline at most (422 otherwise).",
            "oneOf": variants
        }))
    }
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
        (status = 409, description = "The action does not apply to the case's status (`transition_not_allowed`), or the case is resolved and the reporter may still object (`objection_window_open`: it closes by itself after the window), or a question has not waited 10 working days (`reporter_still_has_time`), or another request moved the case first (`case_changed`)"),
        (status = 422, description = "Unknown action, or a missing reason, unit or text; for `resolve`, a missing finding (`finding_missing`) or actions that are missing or do not fit it (`actions_missing`, `action_not_for_finding`, `action_none_alone`, `discipline_one_level`, `measure_wrong_level`, `action_repeated`, `action_unknown`)"),
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
            outcome: OutcomeInput {
                finding: body.finding,
                actions: body.actions.unwrap_or_default(),
            },
            proposed: body.proposed_actions.unwrap_or_default(),
        },
    )
    .await?;
    Ok(Json(TransitionDone { status: to.code() }))
}

fn visible_4000() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    use crate::web::api_schema::{schema, visible_text_json};
    schema(visible_text_json(
        1,
        crate::complaints::domain::workflow::MAX_TEXT_CHARS,
    ))
}

fn reveal_reason() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    use crate::web::api_schema::{schema, visible_text_json};
    let mut t = visible_text_json(10, 500);
    t["description"] =
        "Why the identity is needed: at least 10 visible characters, at most 500".into();
    schema(t)
}

fn must_be_true() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    crate::web::api_schema::schema(serde_json::json!({"type": "boolean", "enum": [true]}))
}

/// A question to the reporter.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct QuestionBody {
    /// What the reporter should answer (shown on the status page; mailed when the reporter
    /// left an address). Up to 4000 characters.
    #[schema(schema_with = visible_4000)]
    pub text: String,
}

/// Asks the reporter a question (CSRF token required): the case waits for the reporter and
/// its deadlines pause until the answer. Inspectors on open cases in scope; unit officers on
/// cases dispositioned to their unit.
#[utoipa::path(post, path = "/api/v1/triage/complaints/{tracking_code}/questions", tag = "triage",
    params(("tracking_code" = String, Path, description = "The case's tracking code"),
        ("x-csrf-token" = String, Header, description = "The session's CSRF token")),
    request_body = QuestionBody,
    responses(
        (status = 201, description = "Asked"),
        (status = 403, description = "This role may not ask on this case, or the CSRF token is wrong"),
        (status = 404, description = "No such case within this account's scope"),
        (status = 409, description = "The case is finished (`question_not_allowed`), or was filed before reply keys (`reporter_cannot_answer`)"),
        (status = 422, description = "No text, or too long"),
    ))]
pub async fn ask(
    State(state): State<AppState>,
    StaffWrite(staff): StaffWrite,
    ApiPath(code): ApiPath<String>,
    ApiJson(body): ApiJson<QuestionBody>,
) -> Result<axum::http::StatusCode, AppError> {
    super::conversation::ask(&state, &staff, &code, &body.text).await?;
    Ok(axum::http::StatusCode::CREATED)
}

/// Why a rahasia identity is opened.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RevealBody {
    /// Why the identity is needed (10 to 500 characters), written to the audit log with who
    /// and when before the identity is shown.
    #[schema(schema_with = reveal_reason)]
    pub reason: String,
    /// The inspector confirms that the opening is recorded and the identity is not shared;
    /// must be `true`.
    #[schema(schema_with = must_be_true)]
    pub confirm: bool,
}

/// Reveals a rahasia reporter's identity to an inspector handling the case, for a reason;
/// the reveal is written to the audit log before the identity is returned. Without a reason
/// or the confirmation nothing is shown and nothing is logged.
#[utoipa::path(post, path = "/api/v1/triage/complaints/{tracking_code}/reveal", tag = "triage",
    params(("tracking_code" = String, Path, description = "The case's tracking code"),
        ("x-csrf-token" = String, Header, description = "The session's CSRF token")),
    request_body = RevealBody,
    responses(
        (status = 200, description = "The identity", body = ReporterView),
        (status = 401, description = "Not signed in"),
        (status = 403, description = "Not an inspector, or the CSRF token is wrong"),
        (status = 404, description = "No such case within scope, or no identity to reveal"),
        (status = 409, description = "Another inspector handles the case (`reveal_not_handler`): only they or the head of the Inspectorate may open it"),
        (status = 422, description = "The reason is shorter than 10 characters or longer than 500 (`reveal_reason_short`, `reveal_reason_long`), or `confirm` is not true (`reveal_confirm_missing`)"),
    ))]
pub async fn reveal(
    State(state): State<AppState>,
    StaffWrite(staff): StaffWrite,
    Path(code): Path<String>,
    ApiJson(body): ApiJson<RevealBody>,
) -> Result<Json<ReporterView>, AppError> {
    Ok(Json(
        reveal_identity(&state, &staff, &code, &body.reason, body.confirm).await?,
    ))
}

/// Checks the whole audit chain (inspectors and admins).
#[utoipa::path(get, path = "/api/v1/triage/audit", tag = "triage",
    responses(
        (status = 200, description = "Entries checked and the first broken one, if any", body = serde_json::Value),
        (status = 403, description = "Not an inspector or admin"),
    ))]
pub async fn audit_check(
    State(state): State<AppState>,
    _reader: AuditReader,
) -> Result<Json<ChainReport>, AppError> {
    Ok(Json(audit::verify_chain(&state.db).await?))
}

/// How an evidence file is sent: shown in the browser (the default) or downloaded.
#[derive(Deserialize, Default, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FileQuery {
    /// `1`: as an attachment, to save.
    pub unduh: Option<String>,
}

/// An evidence file of a case, to staff who may see the case (never public). Shown in the
/// browser by default (`inline`: a photo, or a PDF in the browser's viewer), so nothing lands
/// in a shared office PC's Downloads folder unless asked (`?unduh=1`). Always `no-store`,
/// `nosniff`, and under `Content-Security-Policy: sandbox` (a PDF's scripts and forms, and
/// anything the file might be taken for, run in an opaque origin with nothing allowed).
#[utoipa::path(get, path = "/api/v1/triage/complaints/{tracking_code}/files/{id}", tag = "triage",
    params(("tracking_code" = String, Path, description = "The case's tracking code"),
        ("id" = i64, Path, description = "The file's id from the case view"), FileQuery),
    responses(
        (status = 200, description = "The file, inline or (`unduh=1`) as an attachment"),
        (status = 401, description = "Not signed in"),
        (status = 404, description = "No such file in a case within this account's scope"),
    ))]
pub async fn file(
    State(state): State<AppState>,
    staff: Staff,
    ApiPath((code, id)): ApiPath<(String, i64)>,
    ApiQuery(q): ApiQuery<FileQuery>,
) -> Result<axum::response::Response, AppError> {
    use axum::http::header;
    use axum::response::IntoResponse;
    let c = visible_case(&state.db, &staff, &code).await?;
    let f = crate::complaints::repo::files_of(&state.db, c.id)
        .await?
        .into_iter()
        .find(|f| f.id == id)
        .ok_or(AppError::NotFound)?;
    let bytes = state
        .evidence
        .get(&f.storage_key)
        .await
        .map_err(|e| AppError::internal("reading an evidence file", e))?;
    let ext = f.storage_key.rsplit('.').next().unwrap_or("bin");
    let disposition = if q.unduh.as_deref() == Some("1") {
        "attachment"
    } else {
        "inline"
    };
    Ok((
        [
            (header::CONTENT_TYPE, f.content_type.clone()),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "{disposition}; filename=\"bukti-{}-{}.{ext}\"",
                    c.tracking_code, f.id
                ),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
            (
                header::CONTENT_SECURITY_POLICY,
                "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
                    .to_string(),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// Who handles a case.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HandlerBody {
    /// Absent or null: the caller takes the case ("Saya tangani"). An inspector's id: the
    /// head of the Inspectorate (an inspector over every unit) assigns it; `0`: nobody.
    pub user_id: Option<i32>,
}

/// The handler now.
#[derive(Serialize, ToSchema)]
pub struct HandlerSet {
    pub user_id: Option<i32>,
}

/// Takes a case or (the head) assigns it; audited with who had it before (CSRF token
/// required).
#[utoipa::path(put, path = "/api/v1/triage/complaints/{tracking_code}/handler", tag = "triage",
    params(("tracking_code" = String, Path, description = "The case's tracking code"),
        ("x-csrf-token" = String, Header, description = "The session's CSRF token")),
    request_body = HandlerBody,
    responses(
        (status = 200, description = "Set", body = HandlerSet),
        (status = 401, description = "Not signed in"),
        (status = 403, description = "Not an inspector; or assigning without being the head; or the CSRF token is wrong"),
        (status = 404, description = "No such case within this account's scope"),
        (status = 409, description = "Another inspector handles it (`case_taken`): the head reassigns"),
        (status = 422, description = "That account may not handle this case (`handler_unknown`)"),
    ))]
pub async fn handler(
    State(state): State<AppState>,
    StaffWrite(staff): StaffWrite,
    ApiPath(code): ApiPath<String>,
    ApiJson(body): ApiJson<HandlerBody>,
) -> Result<Json<HandlerSet>, AppError> {
    let user_id = super::work::set_handler(&state, &staff, &code, body.user_id).await?;
    Ok(Json(HandlerSet { user_id }))
}

/// An internal note.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NoteBody {
    /// Up to 4000 characters; for the Inspectorate only.
    #[schema(schema_with = visible_4000)]
    pub text: String,
}

/// Adds an internal note to a case: the Inspectorate's own thread, never shown to the
/// reporter, the unit or in exports (inspectors; CSRF token required).
#[utoipa::path(post, path = "/api/v1/triage/complaints/{tracking_code}/notes", tag = "triage",
    params(("tracking_code" = String, Path, description = "The case's tracking code"),
        ("x-csrf-token" = String, Header, description = "The session's CSRF token")),
    request_body = NoteBody,
    responses(
        (status = 201, description = "Added"),
        (status = 401, description = "Not signed in"),
        (status = 403, description = "Not an inspector, or the CSRF token is wrong"),
        (status = 404, description = "No such case within this account's scope"),
        (status = 422, description = "No text (`note_missing`), or too long (`note_too_long`)"),
    ))]
pub async fn note(
    State(state): State<AppState>,
    StaffWrite(staff): StaffWrite,
    ApiPath(code): ApiPath<String>,
    ApiJson(body): ApiJson<NoteBody>,
) -> Result<axum::http::StatusCode, AppError> {
    super::work::add_note(&state, &staff, &code, &body.text).await?;
    Ok(axum::http::StatusCode::CREATED)
}

/// A finding completed for a case resolved without one.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OutcomeBody {
    /// `substantiated`, `partly_substantiated`, `not_substantiated` or `unprovable`.
    #[schema(required = true, schema_with = finding_schema)]
    pub finding: Option<String>,
    /// One or more actions, as for `resolve`: `none` stands alone; `not_substantiated`
    /// allows only `none` or `service_fix`; `unprovable` allows no discipline and no
    /// restitution; one level of discipline at most; each kind once (422 otherwise).
    #[schema(required = true, schema_with = actions_schema)]
    pub actions: Option<Vec<ActionInput>>,
}

fn finding_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    use crate::complaints::domain::outcome::Finding;
    let codes: Vec<&str> = Finding::ALL.iter().map(|f| f.code()).collect();
    crate::web::api_schema::schema(serde_json::json!({"type": "string", "enum": codes}))
}

fn actions_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    crate::web::api_schema::schema(serde_json::json!({
        "type": "array", "minItems": 1,
        "items": {"$ref": "#/components/schemas/ActionInput"}
    }))
}

/// Records, once, the finding and actions of a case resolved (and perhaps closed) before
/// findings were recorded; audited (inspectors; CSRF token required).
#[utoipa::path(put, path = "/api/v1/triage/complaints/{tracking_code}/outcome", tag = "triage",
    params(("tracking_code" = String, Path, description = "The case's tracking code"),
        ("x-csrf-token" = String, Header, description = "The session's CSRF token")),
    request_body = OutcomeBody,
    responses(
        (status = 200, description = "Recorded", body = crate::complaints::domain::outcome::Outcome),
        (status = 401, description = "Not signed in"),
        (status = 403, description = "Not an inspector, or the CSRF token is wrong"),
        (status = 404, description = "No such case within this account's scope"),
        (status = 409, description = "Not resolved (`outcome_not_due`), or its finding is recorded already (`outcome_recorded`)"),
        (status = 422, description = "A missing finding, or actions that are missing or do not fit it"),
    ))]
pub async fn complete_outcome(
    State(state): State<AppState>,
    InspectorWrite(staff): InspectorWrite,
    ApiPath(code): ApiPath<String>,
    ApiJson(body): ApiJson<OutcomeBody>,
) -> Result<Json<crate::complaints::domain::outcome::Outcome>, AppError> {
    let input = OutcomeInput {
        finding: body.finding,
        actions: body.actions.unwrap_or_default(),
    };
    super::outcome::complete(&state, &staff, &code, &input).await?;
    let checked = crate::complaints::domain::outcome::check(&input)
        .map_err(super::service::outcome_refused)?;
    Ok(Json(checked))
}

/// The earlier reports of the case's unit whose named officer is close to the one this
/// report names (titles and case stripped, a fuzzy match), with their findings. For
/// inspectors only; each look is written to the audit log. Never exported or public.
#[utoipa::path(get, path = "/api/v1/triage/complaints/{tracking_code}/repeat-names", tag = "triage",
    params(("tracking_code" = String, Path, description = "The case's tracking code")),
    responses(
        (status = 200, description = "The earlier reports, newest first (at most 50)", body = super::view::RepeatNames),
        (status = 401, description = "Not signed in"),
        (status = 403, description = "Not an inspector"),
        (status = 404, description = "No such case within this account's scope"),
    ))]
pub async fn repeat_names(
    State(state): State<AppState>,
    InspectorRead(staff): InspectorRead,
    ApiPath(code): ApiPath<String>,
) -> Result<Json<super::view::RepeatNames>, AppError> {
    Ok(Json(
        super::outcome::repeat_names(&state, &staff, &code).await?,
    ))
}
