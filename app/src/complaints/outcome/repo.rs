//! Findings, their actions and the units' proposals in the database.

use crate::complaints::domain::outcome::{ActionKind, ActionTaken, Finding, Outcome};
use crate::entities::{complaint_action_proposal, complaint_outcome, complaint_outcome_action};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveValue::{NotSet, Set},
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
};
use std::collections::HashMap;

/// A stored outcome.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stored {
    pub finding: Finding,
    pub actions: Vec<ActionTaken>,
    pub recorded_by: Option<i32>,
    pub recorded_at: DateTime<Utc>,
    pub completed_later: bool,
}

/// Records the outcome of case `complaint_id` unless it has one; `false` (nothing written)
/// when it has. Two requests at once: the primary key lets one in.
pub async fn insert(
    db: &impl ConnectionTrait,
    complaint_id: i64,
    outcome: &Outcome,
    by: Option<i32>,
    at: DateTime<Utc>,
    completed_later: bool,
) -> Result<bool, DbErr> {
    let n = complaint_outcome::Entity::insert(complaint_outcome::ActiveModel {
        complaint_id: Set(complaint_id),
        finding: Set(outcome.finding),
        recorded_by: Set(by),
        recorded_at: Set(at),
        completed_later: Set(completed_later),
    })
    .on_conflict(
        OnConflict::column(complaint_outcome::Column::ComplaintId)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    if n != 1 {
        return Ok(false);
    }
    complaint_outcome_action::Entity::insert_many(outcome.actions.iter().map(|a| {
        complaint_outcome_action::ActiveModel {
            id: NotSet,
            complaint_id: Set(complaint_id),
            kind: Set(a.kind),
            measure: Set(a.measure),
            referral_to: Set(a.referral_to),
        }
    }))
    .exec_without_returning(db)
    .await?;
    Ok(true)
}

/// Removes the outcome of case `complaint_id` (the case was reopened: the next resolution
/// records its own; the audit log keeps the earlier one).
pub async fn delete(db: &impl ConnectionTrait, complaint_id: i64) -> Result<(), DbErr> {
    complaint_outcome_action::Entity::delete_many()
        .filter(complaint_outcome_action::Column::ComplaintId.eq(complaint_id))
        .exec(db)
        .await?;
    complaint_outcome::Entity::delete_many()
        .filter(complaint_outcome::Column::ComplaintId.eq(complaint_id))
        .exec(db)
        .await?;
    Ok(())
}

/// The outcome of case `complaint_id`, if recorded.
pub async fn of(db: &impl ConnectionTrait, complaint_id: i64) -> Result<Option<Stored>, DbErr> {
    Ok(of_cases(db, &[complaint_id]).await?.remove(&complaint_id))
}

/// The outcomes of these cases, by case (those without one are absent).
pub async fn of_cases(
    db: &impl ConnectionTrait,
    ids: &[i64],
) -> Result<HashMap<i64, Stored>, DbErr> {
    let mut out = HashMap::new();
    // A few hundred ids a query keeps every backend's parameter limit far away.
    for chunk in ids.chunks(500) {
        let rows = complaint_outcome::Entity::find()
            .filter(complaint_outcome::Column::ComplaintId.is_in(chunk.iter().copied()))
            .all(db)
            .await?;
        let actions = complaint_outcome_action::Entity::find()
            .filter(complaint_outcome_action::Column::ComplaintId.is_in(chunk.iter().copied()))
            .order_by_asc(complaint_outcome_action::Column::Id)
            .all(db)
            .await?;
        for r in rows {
            out.insert(
                r.complaint_id,
                Stored {
                    finding: r.finding,
                    actions: Vec::new(),
                    recorded_by: r.recorded_by,
                    recorded_at: r.recorded_at,
                    completed_later: r.completed_later,
                },
            );
        }
        for a in actions {
            if let Some(s) = out.get_mut(&a.complaint_id) {
                s.actions.push(ActionTaken {
                    kind: a.kind,
                    measure: a.measure,
                    referral_to: a.referral_to,
                });
            }
        }
    }
    for s in out.values_mut() {
        s.actions.sort_by_key(|a| a.kind);
    }
    Ok(out)
}

/// Every recorded outcome: case id, finding and kinds of action (for the statistics).
pub async fn all_findings(
    db: &impl ConnectionTrait,
) -> Result<HashMap<i64, (Finding, Vec<ActionKind>)>, DbErr> {
    let mut out: HashMap<i64, (Finding, Vec<ActionKind>)> = complaint_outcome::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.complaint_id, (r.finding, Vec::new())))
        .collect();
    for a in complaint_outcome_action::Entity::find().all(db).await? {
        if let Some(o) = out.get_mut(&a.complaint_id) {
            o.1.push(a.kind);
        }
    }
    for o in out.values_mut() {
        o.1.sort();
    }
    Ok(out)
}

/// Replaces the unit's proposal on case `complaint_id` with `kinds` (its latest follow-up's).
pub async fn propose(
    db: &impl ConnectionTrait,
    complaint_id: i64,
    kinds: &[ActionKind],
    by: i32,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    complaint_action_proposal::Entity::delete_many()
        .filter(complaint_action_proposal::Column::ComplaintId.eq(complaint_id))
        .exec(db)
        .await?;
    if kinds.is_empty() {
        return Ok(());
    }
    complaint_action_proposal::Entity::insert_many(kinds.iter().map(|k| {
        complaint_action_proposal::ActiveModel {
            id: NotSet,
            complaint_id: Set(complaint_id),
            kind: Set(*k),
            proposed_by: Set(Some(by)),
            at: Set(at),
        }
    }))
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// The kinds of action the unit proposed on case `complaint_id`.
pub async fn proposals(
    db: &impl ConnectionTrait,
    complaint_id: i64,
) -> Result<Vec<ActionKind>, DbErr> {
    let mut kinds: Vec<ActionKind> = complaint_action_proposal::Entity::find()
        .filter(complaint_action_proposal::Column::ComplaintId.eq(complaint_id))
        .all(db)
        .await?
        .into_iter()
        .map(|p| p.kind)
        .collect();
    kinds.sort();
    kinds.dedup();
    Ok(kinds)
}

/// A finding proven in whole or in part: the case's unit and category, and when it was
/// recorded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Proven {
    pub unit_id: i32,
    pub category: String,
    pub recorded_at: DateTime<Utc>,
}

/// The findings proven (wholly or partly) recorded since `since`.
pub async fn proven_since(
    db: &impl ConnectionTrait,
    since: DateTime<Utc>,
) -> Result<Vec<Proven>, DbErr> {
    use crate::entities::complaint;
    let found = complaint_outcome::Entity::find()
        .filter(complaint_outcome::Column::RecordedAt.gte(since))
        .filter(
            complaint_outcome::Column::Finding
                .is_in([Finding::Substantiated, Finding::PartlySubstantiated]),
        )
        .all(db)
        .await?;
    let mut out = Vec::with_capacity(found.len());
    for chunk in found.chunks(500) {
        let cases = complaint::Entity::find()
            .filter(complaint::Column::Id.is_in(chunk.iter().map(|o| o.complaint_id)))
            .all(db)
            .await?;
        for o in chunk {
            if let Some(c) = cases.iter().find(|c| c.id == o.complaint_id) {
                out.push(Proven {
                    unit_id: c.unit_id,
                    category: c.category.clone(),
                    recorded_at: o.recorded_at,
                });
            }
        }
    }
    Ok(out)
}

/// The complaints filed between `from` and `to` (WIB days, inclusive) whose finding is
/// proven in whole or in part: their unit and filing day (WIB).
pub async fn proven_filed(
    db: &impl ConnectionTrait,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
) -> Result<Vec<(i32, chrono::NaiveDate)>, DbErr> {
    let cases = filed_between(db, from, to).await?;
    let ids: Vec<i64> = cases.iter().map(|c| c.0).collect();
    let found = of_cases(db, &ids).await?;
    Ok(cases
        .into_iter()
        .filter(|c| {
            found
                .get(&c.0)
                .is_some_and(|o| o.finding.is_substantiated())
        })
        .map(|c| (c.1, crate::clock::wib_day(c.3)))
        .collect())
}

/// The units of the complaints filed between `from` and `to` whose finding is not known:
/// still being examined, or resolved without one recorded (one per complaint).
pub async fn unknown_filed(
    db: &impl ConnectionTrait,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
) -> Result<Vec<i32>, DbErr> {
    use crate::complaints::domain::Status;
    let cases = filed_between(db, from, to).await?;
    let ids: Vec<i64> = cases.iter().map(|c| c.0).collect();
    let found = of_cases(db, &ids).await?;
    Ok(cases
        .into_iter()
        .filter(|c| {
            let status = Status::from_code(&c.2);
            let open = status.is_some_and(|s| !s.is_finished() && s != Status::Resolved);
            // Resolved, or closed after a resolution, with no finding recorded.
            let unrecorded = matches!(status, Some(Status::Resolved | Status::Closed))
                && c.4
                && !found.contains_key(&c.0);
            open || unrecorded
        })
        .map(|c| c.1)
        .collect())
}

/// `(id, unit, status, filed at, reached a resolution)` of the complaints filed between two
/// WIB days.
async fn filed_between(
    db: &impl ConnectionTrait,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
) -> Result<Vec<(i64, i32, String, DateTime<Utc>, bool)>, DbErr> {
    use crate::complaints::domain::Status;
    use crate::entities::{complaint, complaint_event};
    let start = wib_start(from);
    let end = wib_start(to + chrono::Duration::days(1));
    let cases = complaint::Entity::find()
        .filter(complaint::Column::CreatedAt.gte(start))
        .filter(complaint::Column::CreatedAt.lt(end))
        .all(db)
        .await?;
    let ids: Vec<i64> = cases.iter().map(|c| c.id).collect();
    let mut resolved: std::collections::HashSet<i64> = std::collections::HashSet::new();
    for chunk in ids.chunks(500) {
        for e in complaint_event::Entity::find()
            .filter(complaint_event::Column::ComplaintId.is_in(chunk.iter().copied()))
            .filter(complaint_event::Column::StatusTo.eq(Status::Resolved.code()))
            .all(db)
            .await?
        {
            resolved.insert(e.complaint_id);
        }
    }
    Ok(cases
        .into_iter()
        .map(|c| {
            let r = resolved.contains(&c.id);
            (c.id, c.unit_id, c.status, c.created_at, r)
        })
        .collect())
}

/// Midnight WIB (UTC+7) of a day.
fn wib_start(day: chrono::NaiveDate) -> DateTime<Utc> {
    day.and_hms_opt(0, 0, 0)
        .map(|t| t.and_utc() - chrono::Duration::hours(7))
        .unwrap_or_default()
}
