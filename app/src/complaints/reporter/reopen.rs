//! The reporter reopens a resolved case within its objection window, from the status page
//! or by answering "no" to "Sudah selesai?": back to `verified`, for the inspectors, who
//! are told, with the verification deadline set again.

use crate::complaints::domain::Status;
use crate::complaints::domain::limits::VERIFY_DAYS;
use crate::complaints::domain::workflow::{Action, Actor, MAX_TEXT_CHARS, Request, check};
use crate::complaints::filing::{StatusChange, record_status_change};
use crate::complaints::notify::{self, CaseEvent};
use crate::complaints::repo::{self, CaseUpdate};
use crate::entities::complaint;
use crate::state::AppState;
use crate::web::error::AppError;
use chrono::Utc;
use sea_orm::ConnectionTrait;

/// Whether a resolved case is still within the reporter's objection window on `today`:
/// its `due_date` is the window's last day while it is resolved.
pub fn objection_open(c: &complaint::Model, today: chrono::NaiveDate) -> bool {
    c.status == Status::Resolved.code() && c.due_date.is_some_and(|d| d >= today)
}

/// The reporter reopens a resolved case from its status page, within the window, proven
/// by the tracking code and the reply key (the code alone may be shared). Back to
/// `verified`, for the inspectors, who are told. Refusals: `reopen_closed` (409) when the
/// case is not resolved or the window has passed; the key's and the reason's field errors.
pub async fn reporter_reopen(
    state: &AppState,
    code: &str,
    key: &str,
    reason: &str,
    client: std::net::IpAddr,
) -> Result<(), AppError> {
    let reason = reopen_reason(reason, "reason")?;
    let proven = super::conversation::prove_reporter(state, code, key, client).await?;
    let (_writing, txn) = state.begin_write().await?;
    let c = repo::by_id(&txn, proven.id)
        .await?
        .ok_or(AppError::NotFound)?;
    let now = crate::clock::now();
    if !objection_open(&c, crate::clock::wib_day(now)) {
        return Err(AppError::Conflict("reopen_closed"));
    }
    reopen_for_reporter(state, &txn, &c, &reason, now).await?;
    txn.commit().await?;
    state.mail_wakeup.notify_one();
    Ok(())
}

/// The reporter's reason for reopening, checked: required, at most the text limit;
/// refused on `field`.
pub fn reopen_reason(reason: &str, field_name: &str) -> Result<String, AppError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(AppError::invalid("reopen_reason_missing", field_name));
    }
    if reason.chars().count() > MAX_TEXT_CHARS {
        return Err(AppError::invalid("text_too_long", field_name));
    }
    Ok(reason.to_string())
}

/// Reopens resolved case `c` (read in `txn`, within its objection window) for its proven
/// reporter: the status change with their words, the staff told, the verification deadline
/// set again, the audit entry. The caller commits.
pub async fn reopen_for_reporter(
    state: &AppState,
    txn: &impl ConnectionTrait,
    c: &complaint::Model,
    reason: &str,
    now: chrono::DateTime<Utc>,
) -> Result<(), AppError> {
    let today = crate::clock::wib_day(now);
    let from = Status::from_code(&c.status).unwrap_or(Status::Closed);
    let request = Request {
        reason: Some(reason.to_string()),
        ..Request::default()
    };
    let to = check(from, Action::Reopen, Actor::Reporter, &request)
        .map_err(|_| AppError::Conflict("reopen_closed"))?;
    let cal = crate::calendar::repo::calendar(txn).await?;
    let recorded = record_status_change(
        state,
        txn,
        c,
        StatusChange {
            to,
            actor: None,
            reason: Some(format!("reopened by the reporter: {reason}")),
            reply: Some(reason.to_string()),
            at: now,
            by_reporter: true,
            merged: false,
            feedback_until: None,
            outcome: None,
        },
    )
    .await?;
    if !recorded {
        return Err(AppError::Conflict("case_changed"));
    }
    let due = cal.add_working_days(today, VERIFY_DAYS);
    notify::case_event(state, txn, c, CaseEvent::Reopened, c.unit_id, Some(due)).await?;
    repo::update_case(
        txn,
        c.id,
        CaseUpdate {
            due_date: Some(due),
            reporter_news: true,
            ..CaseUpdate::from(c)
        },
    )
    .await?;
    crate::audit::record(
        txn,
        crate::audit::Actor::Reporter,
        "complaint.reopen",
        Some(c.id),
        serde_json::json!({"from": from.code(), "to": to.code()}),
    )
    .await?;
    Ok(())
}
