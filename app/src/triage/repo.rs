//! Triage queries: the queue with its filters and counts, and a case with its history. (A
//! case's files, and updating its assignment and deadlines, are [`crate::complaints::repo`]'s.)

use crate::complaints::domain::Status;
use crate::entities::{complaint, complaint_event, user};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Order};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, QueryFilter,
    QueryOrder, QuerySelect, Select,
};
use std::collections::{BTreeMap, HashMap};

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
pub fn finished_codes() -> [&'static str; 3] {
    [Status::Rejected, Status::Duplicate, Status::Closed].map(Status::code)
}

/// The order of the queue.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum QueueOrder {
    /// The nearest deadline first, cases without one last, then the oldest.
    #[default]
    Due,
    /// The oldest first.
    Received,
    /// The newest first.
    Newest,
}

impl QueueOrder {
    /// From the query's `sort` (`due`, `received`, `newest`); anything else is `Due`.
    pub fn from_code(code: Option<&str>) -> Self {
        match code {
            Some("received") => QueueOrder::Received,
            Some("newest") => QueueOrder::Newest,
            _ => QueueOrder::Due,
        }
    }
}

/// The columns of a complaint the queue shows (never the report's text or the sealed
/// identity).
#[derive(Clone, Debug, PartialEq, Eq, FromQueryResult)]
pub struct QueueRow {
    pub id: i64,
    pub tracking_code: String,
    pub unit_id: i32,
    pub category: String,
    pub mode: String,
    pub status: String,
    pub created_at: DateTime<Utc>,
    pub assigned_unit_id: Option<i32>,
    pub due_date: Option<NaiveDate>,
    pub awaiting_since: Option<NaiveDate>,
    pub reporter_news: bool,
}

/// The complaints in scope matching the filter, as a query.
fn matching(scope: &Scope, f: &QueueFilter) -> Select<complaint::Entity> {
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
    q
}

/// The complaints in scope matching the filter, in `order`; `page` is (offset, limit),
/// none for all of them. Sorted and cut by the database: a page costs the same however
/// many reports are open.
pub async fn queue(
    db: &impl ConnectionTrait,
    scope: &Scope,
    f: &QueueFilter,
    order: QueueOrder,
    page: Option<(u64, u64)>,
) -> Result<Vec<QueueRow>, DbErr> {
    use complaint::Column as C;
    let q = matching(scope, f).select_only().columns([
        C::Id,
        C::TrackingCode,
        C::UnitId,
        C::Category,
        C::Mode,
        C::Status,
        C::CreatedAt,
        C::AssignedUnitId,
        C::DueDate,
        C::AwaitingSince,
        C::ReporterNews,
    ]);
    let q = match order {
        // `due_date IS NULL` first puts the cases without a deadline last on both
        // databases (SQLite sorts nulls first, PostgreSQL last).
        QueueOrder::Due => q
            .order_by(Expr::col(C::DueDate).is_null(), Order::Asc)
            .order_by_asc(C::DueDate)
            .order_by_asc(C::CreatedAt)
            .order_by_asc(C::Id),
        QueueOrder::Received => q.order_by_asc(C::CreatedAt).order_by_asc(C::Id),
        QueueOrder::Newest => q.order_by_desc(C::CreatedAt).order_by_desc(C::Id),
    };
    let q = match page {
        Some((offset, limit)) => q.offset(offset).limit(limit),
        None => q,
    };
    q.into_model::<QueueRow>().all(db).await
}

/// How many complaints in scope match the filter, per status (`f.status` is ignored).
pub async fn queue_counts(
    db: &impl ConnectionTrait,
    scope: &Scope,
    f: &QueueFilter,
) -> Result<BTreeMap<String, usize>, DbErr> {
    let f = QueueFilter {
        status: None,
        ..f.clone()
    };
    let rows: Vec<(String, i64)> = matching(scope, &f)
        .select_only()
        .column(complaint::Column::Status)
        .column_as(complaint::Column::Id.count(), "n")
        .group_by(complaint::Column::Status)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(s, n)| (s, usize::try_from(n).unwrap_or(0)))
        .collect())
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
