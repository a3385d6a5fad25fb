//! The reporter's writing on their case: proven by the tracking code and the reply key, whose
//! wrong guesses are limited per address and per case, they answer a waiting question (the
//! deadlines move by the working days waited) or add information of their own.

use crate::complaints::domain::EventKind;
use crate::complaints::domain::workflow::MAX_TEXT_CHARS;
use crate::complaints::domain::{ReplyKey, Status, TrackingCode};
use crate::complaints::evidence::Evidence;
use crate::complaints::filing::{discard, put_evidence, record_files};
use crate::complaints::notify::{self, CaseEvent};
use crate::complaints::repo::{self as complaints_repo, ConversationEntry};
use crate::entities::complaint;
use crate::ratelimit::LimitedAction;
use crate::state::AppState;
use crate::web::error::AppError;
use chrono::{Duration, Utc};
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

/// Checks a text the reporter or staff wrote: at most [`MAX_TEXT_CHARS`] as sent, cleaned
/// ([`crate::web::text::clean`]); when required, refused with `missing` if nothing visible is left.
pub fn checked_text(text: &str, missing: Option<&'static str>) -> Result<Option<String>, AppError> {
    // The limit counts the text as sent (as the API document's `maxLength` does).
    let t = crate::web::text::clean(text);
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err(AppError::invalid("text_too_long", "text"));
    }
    if crate::web::text::visible_chars(&t) == 0 {
        return match missing {
            Some(code) => Err(AppError::invalid(code, "text")),
            None => Ok(None),
        };
    }
    Ok(Some(t))
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
    // A key of the wrong shape is refused as input (422); one whose check digit fails is a
    // key that opens nothing, as a wrong one (403).
    let key = ReplyKey::parse(key).map_err(|e| match e {
        crate::complaints::domain::KeyError::Typo => AppError::Refused {
            code: e.code(),
            field: "reply_key".into(),
        },
        _ => AppError::invalid(e.code(), "reply_key"),
    })?;
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
        let locked = complaints_repo::by_id(&state.db, c.id)
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
        return Err(AppError::Refused {
            code: "reply_key_wrong",
            field: "reply_key".into(),
        });
    };
    let typed = key.as_str().to_string();
    let right = tokio::task::spawn_blocking(move || crate::crypto::verify_secret(&hash, &typed))
        .await
        .map_err(|e| AppError::internal("key check task", e))?;
    if right {
        complaints_repo::forget_key_attempts(&state.db, c.id).await?;
        return Ok(c);
    }
    tracing::info!(case = %code_prefix(code.as_str()), "wrong reply key");
    Err(AppError::Refused {
        code: "reply_key_wrong",
        field: "reply_key".into(),
    })
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
    let message = checked_text(text, evidence.is_empty().then_some("message_missing"))?;
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
    let c = complaints_repo::by_id(&txn, id)
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
    let (kind, paused, due_date, resolve_due) = match written {
        Written::Answer { paused_days } => (
            EventKind::Answer,
            Some(paused_days),
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
            paused_days: paused,
            feedback: None,
            at: now,
        },
    )
    .await?;
    record_files(&txn, c.id, Some(event), evidence, keys, now).await?;
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
    // The inspector handling it (else every inspector of the unit) hears of it by mail; the
    // mail names the case, never the reporter's words.
    let event = match written {
        Written::Answer { .. } => CaseEvent::Answered,
        Written::Information => CaseEvent::InfoAdded,
    };
    notify::case_event(state, &txn, &c, event, c.unit_id, due_date).await?;
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
    state.mail_wakeup.notify_one();
    Ok(written)
}
