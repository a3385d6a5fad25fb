//! Talking with the reporter: staff ask a question (the deadlines pause until the answer),
//! the reporter answers or adds information with the tracking code and the reply key, and
//! every write by the reporter is proven by that key, whose wrong guesses are limited per
//! address and per case.

use super::domain::MAX_TEXT_CHARS;
use super::service::visible_case;
use crate::accounts::domain::Role;
use crate::accounts::session::Staff;
use crate::complaints::domain::{ReplyKey, Status, TrackingCode};
use crate::complaints::evidence::Evidence;
use crate::complaints::filing::{discard, mail_reporter, put_evidence};
use crate::complaints::repo::{self as complaints_repo, ConversationEntry, EventKind};
use crate::entities::complaint;
use crate::mail::templates::Template;
use crate::ratelimit::LimitedAction;
use crate::state::AppState;
use crate::web::error::AppError;
use chrono::{Duration, Utc};
use minijinja::context;
use sea_orm::EntityTrait;
use std::net::IpAddr;

/// Wrong keys in a row after which a case takes no key for [`KEY_LOCK_MINUTES`].
pub const MAX_WRONG_KEYS: i32 = 5;
/// Minutes a case's key is locked after too many wrong ones.
pub const KEY_LOCK_MINUTES: i64 = 15;

/// The first characters of a tracking code: enough to find a case in the logs, not enough
/// to read it.
pub fn code_prefix(code: &str) -> String {
    code.chars().take(4).collect()
}

/// Checks a text the reporter or staff wrote: trimmed, at most [`MAX_TEXT_CHARS`]; when
/// required, refused with `missing` if empty.
fn text_of(text: &str, missing: Option<&'static str>) -> Result<Option<String>, AppError> {
    let t = text.trim();
    if t.chars().count() > MAX_TEXT_CHARS {
        return Err(AppError::invalid("text_too_long", "text"));
    }
    if t.is_empty() {
        return match missing {
            Some(code) => Err(AppError::invalid(code, "text")),
            None => Ok(None),
        };
    }
    Ok(Some(t.to_string()))
}

/// Staff ask the reporter a question. An inspector may ask on any open case in scope; a
/// unit officer on a case dispositioned to their unit. The case waits for the reporter
/// from today, and its deadlines pause until the answer.
pub async fn ask(state: &AppState, staff: &Staff, code: &str, text: &str) -> Result<(), AppError> {
    let question = text_of(text, Some("question_missing"))?.unwrap_or_default();
    let (_writing, txn) = state.begin_write().await?;
    let c = visible_case(&txn, staff, code).await?;
    let status = Status::from_code(&c.status).unwrap_or(Status::Closed);
    let may = match staff.role {
        Role::Inspector => true,
        Role::UnitOfficer => status == Status::Dispositioned,
        Role::Admin | Role::Manager => false,
    };
    if !may {
        return Err(AppError::Forbidden);
    }
    if status.is_finished() {
        return Err(AppError::Conflict("question_not_allowed"));
    }
    if c.reply_key_hash.is_none() {
        // Filed before reply keys: the reporter could not answer.
        return Err(AppError::Conflict("reporter_cannot_answer"));
    }
    let now = crate::clock::now();
    let today = crate::clock::wib_day(now);
    complaints_repo::insert_conversation(
        &txn,
        ConversationEntry {
            complaint_id: c.id,
            kind: EventKind::Question,
            actor: Some(staff.id),
            public_text: Some(question.clone()),
            message: None,
            reason: None,
            at: now,
        },
    )
    .await?;
    complaints_repo::set_conversation(
        &txn,
        c.id,
        complaints_repo::ConversationState {
            awaiting_since: c.awaiting_since.or(Some(today)),
            reporter_news: false,
            due_date: c.due_date,
            resolve_due: c.resolve_due,
        },
        now,
    )
    .await?;
    tell_reporter(state, &txn, &c, &question).await?;
    crate::audit::record(
        &txn,
        crate::audit::Actor::Staff(staff.id),
        "complaint.ask_reporter",
        Some(c.id),
        serde_json::json!({"status": c.status}),
    )
    .await?;
    txn.commit().await?;
    state.mail_wakeup.notify_one();
    Ok(())
}

/// Mails the question to the reporter when they left an address (never for anonim).
async fn tell_reporter(
    state: &AppState,
    db: &impl sea_orm::ConnectionTrait,
    c: &complaint::Model,
    question: &str,
) -> Result<(), AppError> {
    let base = state.settings.public_base_url.clone();
    mail_reporter(state, db, c, Template::Question, crate::clock::now(), |_, code| {
        context!(code => code.grouped(), question => question, days => super::domain::ANSWER_WAIT_DAYS,
            url => format!("{base}/lacak/{}#balas", code.as_str()))
    })
    .await?;
    Ok(())
}

/// Proves the reporter: the tracking code names the case, the reply key must match its
/// hash. Every attempt counts against the address's quota; each is also taken on the case
/// before the key is checked (one atomic UPDATE), and after [`MAX_WRONG_KEYS`] in a row the
/// case takes no key for a while, so at most that many keys are ever checked before the lock,
/// however many arrive at once or from how many addresses. A typing slip (bad check digit)
/// and a missing key are refused before anything is counted. Returns the case as read.
pub async fn prove_reporter(
    state: &AppState,
    code: &str,
    key: &str,
    client: IpAddr,
) -> Result<complaint::Model, AppError> {
    let code = TrackingCode::parse(code).map_err(|_| AppError::NotFound)?;
    let key = ReplyKey::parse(key).map_err(|e| AppError::invalid(e.code(), "reply_key"))?;
    state
        .limits
        .check(LimitedAction::ReplyKey, client)
        .map_err(|secs| AppError::RateLimited {
            retry_after_secs: secs,
        })?;
    let c = complaints_repo::find(&state.db, &code)
        .await?
        .ok_or(AppError::NotFound)?;
    let now = crate::clock::now();
    let taken = complaints_repo::take_key_attempt(
        &state.db,
        c.id,
        MAX_WRONG_KEYS,
        now,
        now + Duration::minutes(KEY_LOCK_MINUTES),
    )
    .await?;
    if !taken {
        let locked = complaint::Entity::find_by_id(c.id)
            .one(&state.db)
            .await?
            .and_then(|c| c.key_locked_until)
            .filter(|u| *u > now);
        let secs = locked.map_or(1, |until| {
            u64::try_from((until - now).num_seconds())
                .unwrap_or(1)
                .max(1)
        });
        return Err(AppError::RateLimited {
            retry_after_secs: secs,
        });
    }
    let Some(hash) = c.reply_key_hash.clone() else {
        // Filed before reply keys: no key can prove the reporter.
        crate::crypto::verify_dummy(key.as_str());
        return Err(AppError::invalid("reply_key_wrong", "reply_key"));
    };
    let typed = key.as_str().to_string();
    let right = tokio::task::spawn_blocking(move || crate::crypto::verify_secret(&hash, &typed))
        .await
        .map_err(|e| AppError::Internal(format!("key check task: {e}")))?;
    if right {
        complaints_repo::forget_key_attempts(&state.db, c.id).await?;
        return Ok(c);
    }
    tracing::info!(case = %code_prefix(code.as_str()), "wrong reply key");
    Err(AppError::invalid("reply_key_wrong", "reply_key"))
}

/// What the reporter's writing became.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Written {
    /// It answered a waiting question; the deadlines moved by this many working days.
    Answer { paused_days: u32 },
    /// Information added on the reporter's own.
    Information,
}

/// The reporter, proven by [`prove_reporter`], writes on their case: the answer to a
/// waiting question, or information of their own, with text and/or files (checked and
/// cleaned as at filing). Refused on a closed case. The answer ends the wait and moves the
/// deadlines by the working days waited; either way the assigned staff see news in the queue.
pub async fn reporter_write(
    state: &AppState,
    proven: complaint::Model,
    text: &str,
    evidence: Vec<Evidence>,
) -> Result<Written, AppError> {
    let message = text_of(text, evidence.is_empty().then_some("message_missing"))?;
    if proven.status == Status::Closed.code() {
        return Err(AppError::Conflict("case_closed"));
    }
    let now = crate::clock::now();
    let keys = put_evidence(state, &evidence, now)
        .await
        .map_err(AppError::from)?;
    match store_writing(state, proven.id, message, &evidence, &keys, now).await {
        Ok(w) => Ok(w),
        Err(e) => {
            discard(state, &keys).await;
            Err(e)
        }
    }
}

async fn store_writing(
    state: &AppState,
    id: i64,
    message: Option<String>,
    evidence: &[Evidence],
    keys: &[String],
    now: chrono::DateTime<Utc>,
) -> Result<Written, AppError> {
    let (_writing, txn) = state.begin_write().await?;
    let c = complaint::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if c.status == Status::Closed.code() {
        return Err(AppError::Conflict("case_closed"));
    }
    let today = crate::clock::wib_day(now);
    let cal = crate::calendar::repo::calendar(&txn).await?;
    let written = match c.awaiting_since {
        Some(asked) => Written::Answer {
            paused_days: cal.working_days_between(asked, today),
        },
        None => Written::Information,
    };
    let (kind, reason, due_date, resolve_due) = match written {
        Written::Answer { paused_days } => (
            EventKind::Answer,
            Some(format!("paused:{paused_days}")),
            c.due_date.map(|d| cal.add_working_days(d, paused_days)),
            c.resolve_due.map(|d| cal.add_working_days(d, paused_days)),
        ),
        Written::Information => (EventKind::ReporterInfo, None, c.due_date, c.resolve_due),
    };
    let event = complaints_repo::insert_conversation(
        &txn,
        ConversationEntry {
            complaint_id: c.id,
            kind,
            actor: None,
            public_text: None,
            message,
            reason,
            at: now,
        },
    )
    .await?;
    for (e, key) in evidence.iter().zip(keys) {
        complaints_repo::insert_file(
            &txn,
            c.id,
            Some(event),
            key,
            e.kind.content_type(),
            e.bytes.len(),
            &e.sha256,
            now,
        )
        .await?;
    }
    complaints_repo::set_conversation(
        &txn,
        c.id,
        complaints_repo::ConversationState {
            awaiting_since: None,
            reporter_news: true,
            due_date,
            resolve_due,
        },
        now,
    )
    .await?;
    let mut detail = serde_json::json!({"files": keys.len()});
    if let Written::Answer { paused_days } = written {
        detail["paused_working_days"] = paused_days.into();
        detail["due"] = serde_json::json!(due_date);
    }
    crate::audit::record(
        &txn,
        crate::audit::Actor::Reporter,
        match written {
            Written::Answer { .. } => "complaint.reporter_answer",
            Written::Information => "complaint.reporter_info",
        },
        Some(c.id),
        detail,
    )
    .await?;
    txn.commit().await?;
    Ok(written)
}
