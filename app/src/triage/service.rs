//! Triage operations on the server: who sees which cases, and a transition as one
//! transaction (status, history, reporter mail, assignment, deadlines, audit entry).

use super::repo::Scope;
use crate::accounts::domain::Role;
use crate::accounts::session::Staff;
use crate::complaints::domain::limits::{CLOSE_AFTER_DAYS, CaseClass, FOLLOW_UP_DAYS, VERIFY_DAYS};
use crate::complaints::domain::outcome::{self, OutcomeError, OutcomeInput};
use crate::complaints::domain::workflow::{
    ANSWER_WAIT_DAYS, Action, Actor, Request, TransitionError, check,
};
use crate::complaints::domain::{Status, TrackingCode};
use crate::complaints::filing::{StatusChange, record_status_change};
use crate::complaints::notify::{self, CaseEvent};
use crate::complaints::repo::CaseUpdate;
use crate::complaints::reporter::reopen::objection_open;
use crate::entities::complaint;
use crate::state::AppState;
use crate::web::error::AppError;
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
    /// For `resolve` (required): what it found and what was done.
    pub outcome: OutcomeInput,
    /// For `follow_up` (optional): the kinds of action the unit proposes.
    pub proposed: Vec<String>,
}

/// A refused finding, next to its field.
pub fn outcome_refused(e: OutcomeError) -> AppError {
    AppError::invalid(e.code(), e.field())
}

fn refused(e: TransitionError) -> AppError {
    match e {
        TransitionError::NotAllowed => AppError::Conflict("transition_not_allowed"),
        TransitionError::NotPermitted => AppError::Forbidden,
        TransitionError::ReasonMissing => AppError::invalid(e.code(), "reason"),
        TransitionError::UnitMissing => AppError::invalid(e.code(), "unit_code"),
        TransitionError::TextMissing | TransitionError::TextTooLong => {
            AppError::invalid(e.code(), "text")
        }
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
    let from = Status::from_code(&c.status).ok_or_else(|| {
        AppError::internal(
            "reading a case",
            anyhow::anyhow!("unknown status {}", c.status),
        )
    })?;
    let to =
        check(from, input.action, Actor::Staff(staff.role), &input.request).map_err(refused)?;
    // A resolution records what it found and what was done; a unit may propose actions.
    let found = match input.action {
        Action::Resolve => Some(outcome::check(&input.outcome).map_err(outcome_refused)?),
        _ => None,
    };
    let proposed = match input.action {
        Action::FollowUp => outcome::check_proposal(&input.proposed).map_err(outcome_refused)?,
        _ => Vec::new(),
    };
    let now = crate::clock::now();
    let today = crate::clock::wib_day(now);
    if objection_open(&c, today) && input.action == Action::Close {
        // The reporter has until the window's end to object; only the system closes after it.
        return Err(AppError::Conflict("objection_window_open"));
    }
    let cal = crate::calendar::repo::calendar(&txn).await?;
    let mut update = CaseUpdate::from(&c);
    // Staff acted: what the reporter wrote has been seen.
    update.reporter_news = false;
    if input.action == Action::CloseIncomplete
        && c.awaiting_since
            .is_none_or(|asked| cal.working_days_between(asked, today) < ANSWER_WAIT_DAYS)
    {
        return Err(AppError::Conflict("reporter_still_has_time"));
    }
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
                .ok_or_else(|| AppError::unknown("unit_unknown", "unit_code"))?;
            update.assigned_unit_id = Some(u.id);
            update.due_date = Some(cal.add_working_days(today, FOLLOW_UP_DAYS));
            detail["unit"] = u.code.into();
        }
        Action::FollowUp => update.due_date = update.resolve_due,
        Action::Resolve => update.due_date = Some(cal.add_working_days(today, CLOSE_AFTER_DAYS)),
        Action::Reopen => update.due_date = Some(cal.add_working_days(today, VERIFY_DAYS)),
        Action::MarkDuplicate => {
            if let Some(d) = &input.duplicate_of {
                // Only into a case this staff member may see: one out of scope answers
                // exactly like an unknown code.
                let other = visible_case(&txn, staff, d)
                    .await
                    .ok()
                    .filter(|o| o.id != c.id)
                    .ok_or_else(|| AppError::unknown("duplicate_unknown", "duplicate_of"))?;
                update.duplicate_of = Some(other.tracking_code);
            }
            update.due_date = None;
        }
        Action::Reject | Action::Close | Action::CloseIncomplete => update.due_date = None,
    }
    if let Some(o) = &found {
        detail["finding"] = o.finding.code().into();
        detail["actions"] = serde_json::to_value(&o.actions).unwrap_or_default();
    }
    if input.action == Action::FollowUp {
        detail["proposed"] = proposed.iter().map(|k| k.code()).collect::<Vec<_>>().into();
    }
    if to.is_finished() {
        // Nothing waits for the reporter on a finished case.
        update.awaiting_since = None;
    }
    let reply = input.request.text.clone().filter(|t| !t.trim().is_empty());
    let recorded = record_status_change(
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
            merged: input.action == Action::MarkDuplicate,
            // A resolution asks the reporter whether it is, until the objection window ends.
            feedback_until: update
                .due_date
                .filter(|_| to == Status::Resolved && c.reply_key_hash.is_some()),
            outcome: found,
        },
    )
    .await?;
    if !recorded {
        // Another request moved the case since it was read (PostgreSQL runs transactions
        // side by side; several instances share the database).
        return Err(AppError::Conflict("case_changed"));
    }
    if input.action == Action::FollowUp {
        crate::complaints::outcome::repo::propose(&txn, c.id, &proposed, staff.id, now).await?;
    }
    let notice = match input.action {
        Action::Disposition => update.assigned_unit_id.map(|u| (CaseEvent::Forwarded, u)),
        Action::FollowUp => Some((CaseEvent::FollowedUp, c.unit_id)),
        _ => None,
    };
    if let Some((event, unit)) = notice {
        notify::case_event(state, &txn, &c, event, unit, update.due_date).await?;
    }
    crate::complaints::repo::update_case(&txn, c.id, update).await?;
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
