//! Triage operations on the server: who sees which cases, and a transition as one
//! transaction (status, history, reporter mail, assignment, deadlines, audit entry).

use super::calendar::{CLOSE_AFTER_DAYS, CaseClass, FOLLOW_UP_DAYS, VERIFY_DAYS};
use super::domain::{Action, Actor, Request, TransitionError, check};
use super::notify::{self, CaseEvent};
use super::repo::{self, CaseUpdate, Scope};
use crate::accounts::domain::Role;
use crate::accounts::session::Staff;
use crate::complaints::domain::{Status, TrackingCode};
use crate::complaints::filing::{StatusChange, record_status_change};
use crate::entities::complaint;
use crate::state::AppState;
use crate::web::error::AppError;
use chrono::Utc;
use sea_orm::ConnectionTrait;

/// The cases a staff member may see; `None` for roles that see no case at all.
pub async fn scope_of(db: &impl ConnectionTrait, staff: &Staff) -> Result<Option<Scope>, AppError> {
    Ok(match staff.role {
        Role::Inspector if staff.unit_ids.is_empty() => Some(Scope::All),
        Role::Inspector => Some(Scope::Units(
            crate::units::repo::with_children(db, &staff.unit_ids).await?,
        )),
        Role::UnitOfficer => Some(Scope::Assigned(staff.unit_ids.clone())),
        Role::Admin | Role::Manager => None,
    })
}

/// The complaint with this code if the staff member may see it. Cases out of scope answer
/// exactly like unknown ones, so their existence does not leak.
pub async fn visible_case(
    db: &impl ConnectionTrait,
    staff: &Staff,
    code: &str,
) -> Result<complaint::Model, AppError> {
    let scope = scope_of(db, staff).await?.ok_or(AppError::Forbidden)?;
    let code = TrackingCode::parse(code).map_err(|_| AppError::NotFound)?;
    crate::complaints::repo::find(db, &code)
        .await?
        .filter(|c| scope.covers(c))
        .ok_or(AppError::NotFound)
}

/// A transition as the API receives it.
#[derive(Clone, Debug)]
pub struct TransitionInput {
    pub action: Action,
    pub request: Request,
    /// For `verify`: `desk` (default) or `field`.
    pub class: Option<CaseClass>,
    /// For `mark_duplicate`: the case it repeats.
    pub duplicate_of: Option<String>,
}

fn refused(e: TransitionError) -> AppError {
    match e {
        TransitionError::NotAllowed => AppError::Conflict("transition_not_allowed"),
        TransitionError::NotPermitted => AppError::Forbidden,
        TransitionError::ReasonMissing => field(e.code(), "reason"),
        TransitionError::UnitMissing => field(e.code(), "unit_code"),
        TransitionError::TextMissing | TransitionError::TextTooLong => field(e.code(), "text"),
    }
}

fn field(code: &'static str, field: &str) -> AppError {
    AppError::Validation {
        code,
        field: field.into(),
    }
}

/// Applies a staff member's transition; returns the status reached.
pub async fn transition(
    state: &AppState,
    staff: &Staff,
    code: &str,
    input: TransitionInput,
) -> Result<Status, AppError> {
    let (_writing, txn) = state.begin_write().await?;
    let c = visible_case(&txn, staff, code).await?;
    let from = Status::from_code(&c.status)
        .ok_or_else(|| AppError::Internal(format!("status {}", c.status)))?;
    let to =
        check(from, input.action, Actor::Staff(staff.role), &input.request).map_err(refused)?;
    let now = Utc::now();
    let today = crate::clock::wib_day(now);
    if objection_open(&c, today) && input.action == Action::Close {
        // The reporter has until the window's end to object; only the system closes after it.
        return Err(AppError::Conflict("objection_window_open"));
    }
    let cal = repo::calendar(&txn).await?;
    let mut update = CaseUpdate::from(&c);
    let mut detail =
        serde_json::json!({"from": from.code(), "to": to.code(), "reason": input.request.reason});
    match input.action {
        Action::Verify => {
            let class = input.class.unwrap_or(CaseClass::Desk);
            let limit = cal.add_working_days(today, class.days());
            update.class = Some(class.code().into());
            update.resolve_due = Some(limit);
            update.due_date = Some(limit);
            detail["class"] = class.code().into();
        }
        Action::Disposition => {
            let unit_code = input.request.unit_code.clone().unwrap_or_default();
            let u = crate::units::repo::find_unit(&txn, unit_code.trim())
                .await?
                .ok_or_else(|| field("unit_unknown", "unit_code"))?;
            update.assigned_unit_id = Some(u.id);
            update.due_date = Some(cal.add_working_days(today, FOLLOW_UP_DAYS));
            detail["unit"] = u.code.into();
        }
        Action::FollowUp => update.due_date = update.resolve_due,
        Action::Resolve => update.due_date = Some(cal.add_working_days(today, CLOSE_AFTER_DAYS)),
        Action::Reopen => update.due_date = Some(cal.add_working_days(today, VERIFY_DAYS)),
        Action::MarkDuplicate => {
            if let Some(d) = &input.duplicate_of {
                let other = TrackingCode::parse(d)
                    .map_err(|_| field("duplicate_unknown", "duplicate_of"))?;
                crate::complaints::repo::find(&txn, &other)
                    .await?
                    .filter(|o| o.id != c.id)
                    .ok_or_else(|| field("duplicate_unknown", "duplicate_of"))?;
                update.duplicate_of = Some(other.as_str().to_string());
            }
            update.due_date = None;
        }
        Action::Reject | Action::Close => update.due_date = None,
    }
    let reply = input.request.text.clone().filter(|t| !t.trim().is_empty());
    let merged_into = update
        .duplicate_of
        .as_deref()
        .filter(|_| input.action == Action::MarkDuplicate)
        .and_then(|d| TrackingCode::parse(d).ok());
    record_status_change(
        state,
        &txn,
        &c,
        StatusChange {
            to,
            actor: Some(staff.id),
            reason: input.request.reason.clone(),
            reply,
            at: now,
            by_reporter: false,
            merged_into: merged_into.clone(),
        },
    )
    .await?;
    let notice = match input.action {
        Action::Disposition => update.assigned_unit_id.map(|u| (CaseEvent::Forwarded, u)),
        Action::FollowUp => Some((CaseEvent::FollowedUp, c.unit_id)),
        _ => None,
    };
    if let Some((event, unit)) = notice {
        notify::case_event(state, &txn, &c, event, unit, update.due_date).await?;
    }
    repo::update_case(&txn, c.id, update).await?;
    crate::audit::record(
        &txn,
        crate::audit::Actor::Staff(staff.id),
        &format!("complaint.{}", input.action.code()),
        Some(c.id),
        detail,
    )
    .await?;
    txn.commit().await?;
    state.mail_wakeup.notify_one();
    Ok(to)
}

/// Whether a resolved case is still within the reporter's objection window on `today`:
/// its `due_date` is the window's last day while it is resolved.
pub fn objection_open(c: &complaint::Model, today: chrono::NaiveDate) -> bool {
    c.status == Status::Resolved.code() && c.due_date.is_some_and(|d| d >= today)
}

/// Why a reporter's reopening was refused.
#[derive(Debug)]
pub enum ReopenError {
    /// Not resolved, or the objection window has passed.
    Closed,
    /// The report has no email to prove the reporter with (anonim, or none given).
    NotOffered,
    EmailMissing,
    /// The email typed is not the one given in the report.
    EmailMismatch,
    ReasonMissing,
    Other(AppError),
}

impl From<AppError> for ReopenError {
    fn from(e: AppError) -> Self {
        ReopenError::Other(e)
    }
}

impl From<sea_orm::DbErr> for ReopenError {
    fn from(e: sea_orm::DbErr) -> Self {
        ReopenError::Other(e.into())
    }
}

/// The reporter reopens a resolved case from its status page, within the window. The
/// tracking code is not enough (it may be shared, and it once was published): the reporter
/// also gives the email of the report, which only they hold. Anonymous reports, and reports
/// without an email, cannot be reopened this way. Back to `verified`, for the inspectors.
pub async fn reporter_reopen(
    state: &AppState,
    code: &str,
    email: &str,
    reason: &str,
) -> Result<(), ReopenError> {
    let code = TrackingCode::parse(code).map_err(|_| ReopenError::Other(AppError::NotFound))?;
    let (_writing, txn) = state.begin_write().await?;
    let c = crate::complaints::repo::find(&txn, &code)
        .await?
        .ok_or(ReopenError::Other(AppError::NotFound))?;
    let now = Utc::now();
    let today = crate::clock::wib_day(now);
    let from = Status::from_code(&c.status).unwrap_or(Status::Closed);
    if from != Status::Resolved || c.due_date.is_none_or(|d| d < today) {
        return Err(ReopenError::Closed);
    }
    let sealed = match (&c.reporter_sealed, c.reporter_has_email) {
        (Some(s), true) if c.mode != crate::complaints::domain::Mode::Anonim.code() => s,
        _ => return Err(ReopenError::NotOffered),
    };
    let email = email.trim();
    if email.is_empty() {
        return Err(ReopenError::EmailMissing);
    }
    let reporter: crate::complaints::filing::SealedReporter = state
        .keys
        .open_json(sealed)
        .map_err(|e| ReopenError::Other(AppError::Internal(format!("reporter identity: {e}"))))?;
    let given = reporter.email.unwrap_or_default();
    if !same_email(&given, email) {
        tracing::info!(complaint_id = c.id, "reopen refused: email does not match");
        return Err(ReopenError::EmailMismatch);
    }
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(ReopenError::ReasonMissing);
    }
    let request = Request {
        reason: Some(reason.to_string()),
        ..Request::default()
    };
    let to =
        check(from, Action::Reopen, Actor::Reporter, &request).map_err(|_| ReopenError::Closed)?;
    let cal = repo::calendar(&txn).await?;
    record_status_change(
        state,
        &txn,
        &c,
        StatusChange {
            to,
            actor: None,
            reason: Some(format!("reopened by the reporter: {reason}")),
            reply: Some(reason.to_string()),
            at: now,
            by_reporter: true,
            merged_into: None,
        },
    )
    .await
    .map_err(|e| ReopenError::Other(e.into()))?;
    let due = cal.add_working_days(today, VERIFY_DAYS);
    notify::case_event(state, &txn, &c, CaseEvent::Reopened, c.unit_id, Some(due)).await?;
    repo::update_case(
        &txn,
        c.id,
        CaseUpdate {
            due_date: Some(due),
            ..CaseUpdate::from(&c)
        },
    )
    .await?;
    crate::audit::record(
        &txn,
        crate::audit::Actor::Reporter,
        "complaint.reopen",
        Some(c.id),
        serde_json::json!({"from": "resolved", "to": to.code()}),
    )
    .await?;
    txn.commit().await?;
    state.mail_wakeup.notify_one();
    Ok(())
}

/// Two emails are the same address when they match ignoring case, compared in constant
/// time so the answer's timing says nothing about how much of a guess was right.
fn same_email(stored: &str, typed: &str) -> bool {
    use subtle::ConstantTimeEq;
    let (a, b) = (stored.trim().to_lowercase(), typed.trim().to_lowercase());
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}
