//! The triage's daily work: closing resolved cases whose objection window has passed, and
//! a digest of overdue cases to each inspector. Each daily run claims its day in
//! `job_runs` ([`crate::jobs::claim`]), so with several instances only one sends the digest.

use super::repo::{self, QueueFilter};
use crate::accounts::domain::Role;
use crate::complaints::domain::workflow::{Action, Actor, Request, check};
use crate::complaints::domain::{Status, TrackingCode};
use crate::complaints::filing::{StatusChange, record_status_change};
use crate::complaints::repo::CaseUpdate;
use crate::i18n::Lang;
use crate::jobs::claim;
use crate::mail::templates::Template;
use crate::state::AppState;
use crate::tr;
use crate::web::error::AppError;
use chrono::NaiveDate;
use minijinja::context;

/// Closes every resolved case whose objection window ended before `today`.
pub async fn close_expired(state: &AppState, today: NaiveDate) -> Result<usize, AppError> {
    let due = crate::complaints::repo::resolved_due_before(&state.db, today).await?;
    let mut closed = 0;
    for c in due {
        let (_writing, txn) = state.begin_write().await?;
        let Some(c) = crate::complaints::repo::by_id(&txn, c.id).await? else {
            continue;
        };
        if c.status != Status::Resolved.code() {
            continue;
        }
        let to = check(
            Status::Resolved,
            Action::Close,
            Actor::System,
            &Request::default(),
        )
        .map_err(|e| AppError::internal("automatic close", e))?;
        let now = crate::clock::now();
        let lang = Lang::from_code(&c.lang).unwrap_or_default();
        let recorded = record_status_change(
            state,
            &txn,
            &c,
            StatusChange {
                to,
                actor: None,
                reason: Some("closed automatically: no objection within 10 working days".into()),
                reply: Some(tr!(lang, "track.closed_automatically")),
                at: now,
                by_reporter: false,
                merged: false,
                feedback_until: None,
                outcome: None,
            },
        )
        .await;
        if !recorded? {
            // Reopened by its reporter since it was read: nothing to close.
            continue;
        }
        crate::complaints::repo::update_case(
            &txn,
            c.id,
            CaseUpdate {
                due_date: None,
                ..CaseUpdate::from(&c)
            },
        )
        .await?;
        crate::audit::record(
            &txn,
            crate::audit::Actor::System,
            "complaint.close",
            Some(c.id),
            serde_json::json!({"from": "resolved", "to": "closed", "reason": "objection window ended"}),
        )
        .await?;
        txn.commit().await?;
        closed += 1;
    }
    if closed > 0 {
        state.mail_wakeup.notify_one();
        tracing::info!(closed, "closed resolved cases after the objection window");
    }
    Ok(closed)
}

/// Sends each active inspector the list of their overdue cases, once per working day.
pub async fn send_digests(state: &AppState, today: NaiveDate) -> Result<usize, AppError> {
    let cal = crate::calendar::repo::calendar(&state.db).await?;
    if !cal.is_working_day(today) || !claim(&state.db, "overdue_digest", today).await? {
        return Ok(0);
    }
    let units = crate::units::repo::all_units(&state.db).await?;
    let name_of: std::collections::HashMap<i32, String> =
        units.into_iter().map(|u| (u.id, u.name)).collect();
    let lang = Lang::Id;
    // The lists are read first, outside the write: on a province's reports they take
    // seconds, and a write transaction held meanwhile would keep every survey and report
    // waiting (SQLite has one writer).
    let mut digests = Vec::new();
    for (i, reach) in crate::accounts::repo::active_with_reach(&state.db, Role::Inspector).await? {
        let scope = match reach {
            None => repo::Scope::All,
            Some(units) => repo::Scope::Units(units),
        };
        let filter = QueueFilter {
            overdue_on: Some(today),
            ..Default::default()
        };
        let cases = repo::queue(
            &state.db,
            &scope,
            &filter,
            repo::QueueOrder::Due,
            None,
            repo::WordLookup::Index,
        )
        .await?;
        if !cases.is_empty() {
            digests.push((i, cases));
        }
    }
    let mut sent = 0;
    let (_writing, txn) = state.begin_write().await?;
    for (i, cases) in digests {
        let list: Vec<_> = cases
            .iter()
            .map(|c| {
                context!(
                    code => TrackingCode::parse(&c.tracking_code).map(|t| t.grouped()).unwrap_or_else(|_| c.tracking_code.clone()),
                    status => tr!(lang, &format!("status.{}", c.status)),
                    unit => name_of.get(&c.unit_id).cloned().unwrap_or_default(),
                    due => c.due_date.map(|d| d.format("%d-%m-%Y").to_string()).unwrap_or_default(),
                )
            })
            .collect();
        crate::mail::queue_to_staff(
            &txn,
            state,
            Template::OverdueDigest,
            lang,
            &i.email,
            context!(name => i.name.clone(), count => cases.len(), cases => list,
                date => today.format("%d-%m-%Y").to_string(),
                url => format!("{}/staf/antrean?overdue=1", state.settings.public_base_url)),
        )
        .await?;
        sent += 1;
    }
    txn.commit().await?;
    if sent > 0 {
        state.mail_wakeup.notify_one();
    }
    Ok(sent)
}

/// One pass of the daily work: closing now; the digest from 07:00 WIB.
pub async fn run_once(state: &AppState) -> Result<(), AppError> {
    let now = crate::clock::now();
    let today = crate::clock::wib_day(now);
    close_expired(state, today).await?;
    let wib_hour = (now + chrono::Duration::hours(7)).format("%H").to_string();
    if wib_hour.as_str() >= "07" {
        send_digests(state, today).await?;
    }
    Ok(())
}
