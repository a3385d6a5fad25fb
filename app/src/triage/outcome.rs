//! Findings in the console: what a case shows of its outcome, completing the finding of a
//! case resolved before findings were recorded (once, audited), and the inspectors' list of
//! earlier reports of the same unit naming the same officer (audited each time; never
//! exported, never public, never shown to the unit).

use super::names::{matching, names_in};
use super::service::{outcome_refused, visible_case};
use super::view::{OutcomeView, RepeatName, RepeatNames};
use crate::accounts::session::Staff;
use crate::complaints::domain::outcome::{self, ActionKind, OutcomeInput};
use crate::complaints::outcome::repo as outcomes;
use crate::entities::complaint;
use crate::state::AppState;
use crate::web::error::AppError;
use sea_orm::ConnectionTrait;
use std::collections::HashMap;

/// What a case shows of its outcome: the recorded one; whether it was resolved without one
/// ("finding not recorded"); and the unit's proposal.
pub async fn of_case(
    db: &impl ConnectionTrait,
    c: &complaint::Model,
    names: &HashMap<i32, String>,
) -> Result<(Option<OutcomeView>, bool, Vec<ActionKind>), AppError> {
    let recorded = outcomes::of(db, c.id).await?.map(|o| OutcomeView {
        finding: o.finding,
        actions: o.actions,
        recorded_by: o.recorded_by.and_then(|id| names.get(&id).cloned()),
        recorded_at: o.recorded_at,
        completed_later: o.completed_later,
    });
    let missing = recorded.is_none() && crate::complaints::outcome::was_resolved(db, c).await?;
    Ok((recorded, missing, outcomes::proposals(db, c.id).await?))
}

/// Records the finding of a case that was resolved (and perhaps closed) without one: once,
/// by an inspector whose scope holds the case (the extractor settled the role). 409
/// `outcome_not_due` before a resolution; 409 `outcome_recorded` once there is one, also
/// when another request recorded it a moment before.
pub async fn complete(
    state: &AppState,
    staff: &Staff,
    code: &str,
    input: &OutcomeInput,
) -> Result<(), AppError> {
    // The case first: one that cannot take a finding is named as such (404, 409) before
    // the details of the finding are weighed.
    let (_writing, txn) = state.begin_write().await?;
    let c = visible_case(&txn, staff, code).await?;
    if !crate::complaints::outcome::was_resolved(&txn, &c).await? {
        return Err(AppError::Conflict("outcome_not_due"));
    }
    let checked = outcome::check(input).map_err(outcome_refused)?;
    let now = crate::clock::now();
    if !outcomes::insert(&txn, c.id, &checked, Some(staff.id), now, true).await? {
        return Err(AppError::Conflict("outcome_recorded"));
    }
    crate::audit::record(
        &txn,
        crate::audit::Actor::Staff(staff.id),
        crate::audit::OUTCOME_COMPLETED,
        Some(c.id),
        serde_json::json!({
            "finding": checked.finding.code(),
            "actions": serde_json::to_value(&checked.actions).unwrap_or_default(),
        }),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The most earlier reports listed.
pub const REPEAT_MAX: usize = 50;

/// The earlier reports of the case's unit whose named officer is close to one this report
/// names, newest first, with their findings; the look is written to the audit log with how
/// many were found, before anything is returned. Inspectors only (the extractor); the case
/// must be within their scope.
pub async fn repeat_names(
    state: &AppState,
    staff: &Staff,
    code: &str,
) -> Result<RepeatNames, AppError> {
    let (_writing, txn) = state.begin_write().await?;
    let c = visible_case(&txn, staff, code).await?;
    let named = c.who.clone().filter(|_| c.report_erased_at.is_none());
    let these = named.as_deref().map(names_in).unwrap_or_default();
    let mut earlier: Vec<(i64, RepeatName)> = Vec::new();
    if !these.is_empty() {
        for other in super::repo::named_before(&txn, c.unit_id, c.created_at, c.id).await? {
            let Some(who) = other.who.clone() else {
                continue;
            };
            let theirs = names_in(&who);
            if let Some((a, b)) = matching(&these, &theirs) {
                earlier.push((
                    other.id,
                    RepeatName {
                        tracking_code: other.tracking_code,
                        status: other.status,
                        category: other.category,
                        created_at: other.created_at,
                        named: who,
                        matched: format!("{} ~ {}", a.shown(), b.shown()),
                        finding: None,
                        actions: Vec::new(),
                    },
                ));
                if earlier.len() == REPEAT_MAX {
                    break;
                }
            }
        }
    }
    let ids: Vec<i64> = earlier.iter().map(|e| e.0).collect();
    let found = outcomes::of_cases(&txn, &ids).await?;
    let earlier: Vec<RepeatName> = earlier
        .into_iter()
        .map(|(id, mut r)| {
            if let Some(o) = found.get(&id) {
                r.finding = Some(o.finding);
                r.actions = o.actions.iter().map(|a| a.kind).collect();
            }
            r
        })
        .collect();
    crate::audit::record(
        &txn,
        crate::audit::Actor::Staff(staff.id),
        crate::audit::REPEAT_NAMES,
        Some(c.id),
        serde_json::json!({"found": earlier.len()}),
    )
    .await?;
    txn.commit().await?;
    Ok(RepeatNames {
        tracking_code: c.tracking_code,
        names: these.iter().map(|n| n.shown()).collect(),
        named,
        earlier,
    })
}
