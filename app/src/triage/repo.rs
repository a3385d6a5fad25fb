//! Triage queries: the holiday calendar, the queue with its filters and counts, a case
//! with its history, and updating a case's assignment and deadlines.

use super::calendar::Calendar;
use crate::complaints::domain::Status;
use crate::entities::{complaint, complaint_event, complaint_file, holiday, user};
use chrono::NaiveDate;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter,
    QueryOrder,
};
use std::collections::HashMap;

/// The working-day calendar of the holiday table.
pub async fn calendar(db: &impl ConnectionTrait) -> Result<Calendar, DbErr> {
    Ok(Calendar::new(
        holiday::Entity::find()
            .all(db)
            .await?
            .into_iter()
            .map(|h| h.day),
    ))
}

/// Adds (or renames) a public holiday.
pub async fn put_holiday(
    db: &impl ConnectionTrait,
    day: NaiveDate,
    name: &str,
) -> Result<(), DbErr> {
    holiday::Entity::insert(holiday::ActiveModel {
        day: Set(day),
        name: Set(name.into()),
    })
    .on_conflict(
        sea_orm::sea_query::OnConflict::column(holiday::Column::Day)
            .update_column(holiday::Column::Name)
            .to_owned(),
    )
    .exec(db)
    .await?;
    Ok(())
}

/// Which complaints a staff member may see.
#[derive(Clone, Debug)]
pub enum Scope {
    /// Every complaint (an inspector with no assigned unit).
    All,
    /// Complaints about these units (an inspector's units and the UPTDs below them).
    Units(Vec<i32>),
    /// Complaints dispositioned to these units (a unit officer).
    Assigned(Vec<i32>),
}

impl Scope {
    /// Whether the complaint is within the scope.
    pub fn covers(&self, c: &complaint::Model) -> bool {
        match self {
            Scope::All => true,
            Scope::Units(ids) => ids.contains(&c.unit_id),
            Scope::Assigned(ids) => c.assigned_unit_id.is_some_and(|u| ids.contains(&u)),
        }
    }

    fn condition(&self) -> Condition {
        match self {
            Scope::All => Condition::all(),
            Scope::Units(ids) => Condition::all().add(complaint::Column::UnitId.is_in(ids.clone())),
            Scope::Assigned(ids) => {
                Condition::all().add(complaint::Column::AssignedUnitId.is_in(ids.clone()))
            }
        }
    }
}

/// Filters of the queue.
#[derive(Clone, Debug, Default)]
pub struct QueueFilter {
    pub status: Option<String>,
    pub unit_ids: Option<Vec<i32>>,
    pub category: Option<String>,
    pub mode: Option<String>,
    /// Only cases past their current deadline (`today` is the WIB date).
    pub overdue_on: Option<NaiveDate>,
}

/// The finished statuses, which have no deadline.
pub fn finished_codes() -> Vec<&'static str> {
    [Status::Rejected, Status::Duplicate, Status::Closed]
        .iter()
        .map(|s| s.code())
        .collect()
}

/// Every complaint in scope matching the filter, by deadline (none last), then age.
pub async fn queue(
    db: &impl ConnectionTrait,
    scope: &Scope,
    f: &QueueFilter,
) -> Result<Vec<complaint::Model>, DbErr> {
    let mut q = complaint::Entity::find().filter(scope.condition());
    if let Some(s) = &f.status {
        q = q.filter(complaint::Column::Status.eq(s.clone()));
    }
    if let Some(ids) = &f.unit_ids {
        q = q.filter(complaint::Column::UnitId.is_in(ids.clone()));
    }
    if let Some(c) = &f.category {
        q = q.filter(complaint::Column::Category.eq(c.clone()));
    }
    if let Some(m) = &f.mode {
        q = q.filter(complaint::Column::Mode.eq(m.clone()));
    }
    if let Some(today) = f.overdue_on {
        q = q
            .filter(complaint::Column::DueDate.lt(today))
            .filter(complaint::Column::AwaitingSince.is_null())
            .filter(complaint::Column::Status.is_not_in(finished_codes()));
    }
    let mut rows = q
        .order_by_asc(complaint::Column::CreatedAt)
        .order_by_asc(complaint::Column::Id)
        .all(db)
        .await?;
    // Nulls last on both databases: sort by deadline here (the queue of one province fits).
    rows.sort_by_key(|c| (c.due_date.is_none(), c.due_date));
    Ok(rows)
}

/// A complaint's history, oldest first, with the names of the staff who acted.
pub async fn history(
    db: &impl ConnectionTrait,
    complaint_id: i64,
) -> Result<Vec<(complaint_event::Model, Option<String>)>, DbErr> {
    let events = complaint_event::Entity::find()
        .filter(complaint_event::Column::ComplaintId.eq(complaint_id))
        .order_by_asc(complaint_event::Column::At)
        .order_by_asc(complaint_event::Column::Id)
        .all(db)
        .await?;
    let names: HashMap<i32, String> = user::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    Ok(events
        .into_iter()
        .map(|e| {
            let n = e.actor_user_id.and_then(|id| names.get(&id).cloned());
            (e, n)
        })
        .collect())
}

/// The evidence files of a complaint.
pub async fn files(
    db: &impl ConnectionTrait,
    complaint_id: i64,
) -> Result<Vec<complaint_file::Model>, DbErr> {
    complaint_file::Entity::find()
        .filter(complaint_file::Column::ComplaintId.eq(complaint_id))
        .order_by_asc(complaint_file::Column::Id)
        .all(db)
        .await
}

/// What a transition changes on the case besides its status.
#[derive(Clone, Debug, Default)]
pub struct CaseUpdate {
    pub class: Option<String>,
    pub assigned_unit_id: Option<i32>,
    pub due_date: Option<NaiveDate>,
    pub resolve_due: Option<NaiveDate>,
    pub duplicate_of: Option<String>,
    /// The day a question to the reporter started waiting.
    pub awaiting_since: Option<NaiveDate>,
    /// The reporter wrote since staff last acted.
    pub reporter_news: bool,
}

impl From<&complaint::Model> for CaseUpdate {
    /// The case as it stands, to change one thing of it.
    fn from(c: &complaint::Model) -> Self {
        CaseUpdate {
            class: c.class.clone(),
            assigned_unit_id: c.assigned_unit_id,
            due_date: c.due_date,
            resolve_due: c.resolve_due,
            duplicate_of: c.duplicate_of.clone(),
            awaiting_since: c.awaiting_since,
            reporter_news: c.reporter_news,
        }
    }
}

/// Writes the case's assignment, deadlines and conversation state.
pub async fn update_case(db: &impl ConnectionTrait, id: i64, u: CaseUpdate) -> Result<(), DbErr> {
    complaint::Entity::update(complaint::ActiveModel {
        id: Set(id),
        class: Set(u.class),
        assigned_unit_id: Set(u.assigned_unit_id),
        due_date: Set(u.due_date),
        resolve_due: Set(u.resolve_due),
        duplicate_of: Set(u.duplicate_of),
        awaiting_since: Set(u.awaiting_since),
        reporter_news: Set(u.reporter_news),
        ..Default::default()
    })
    .exec(db)
    .await?;
    Ok(())
}
