//! Complaint queries: storing a report with its first event and files, reading the public
//! view, listing for Open311, recording status changes, and finding who to alert.

use super::domain::{EventKind, FeedbackAnswer, Status, TrackingCode};
use super::view::{PublicComplaint, PublicEvent};
use crate::entities::{complaint, complaint_event, complaint_file, unit, user, user_unit};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::{NotSet, Set},
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use std::collections::HashMap;

/// A complaint row as the filing code builds it.
pub struct ComplaintRow {
    pub tracking_code: TrackingCode,
    pub unit_id: i32,
    pub service_id: Option<i32>,
    pub category: &'static str,
    pub mode: &'static str,
    pub what: String,
    pub who: Option<String>,
    pub place: Option<String>,
    pub time_text: Option<String>,
    pub how: Option<String>,
    pub incident_date: Option<NaiveDate>,
    pub reporter_sealed: Option<String>,
    pub reporter_has_email: bool,
    pub lang: &'static str,
    pub source: &'static str,
    pub at: DateTime<Utc>,
    /// Last day to verify it.
    pub due_date: NaiveDate,
    /// The Argon2 hash of the reporter's reply key.
    pub reply_key_hash: String,
}

/// Whether a tracking code is already taken.
pub async fn code_taken(db: &impl ConnectionTrait, code: &TrackingCode) -> Result<bool, DbErr> {
    Ok(complaint::Entity::find()
        .filter(complaint::Column::TrackingCode.eq(code.as_str()))
        .one(db)
        .await?
        .is_some())
}

/// Stores the complaint and its `received` event; returns the complaint id.
pub async fn insert(db: &impl ConnectionTrait, row: ComplaintRow) -> Result<i64, DbErr> {
    let id = complaint::Entity::insert(complaint::ActiveModel {
        id: NotSet,
        tracking_code: Set(row.tracking_code.as_str().to_string()),
        unit_id: Set(row.unit_id),
        service_id: Set(row.service_id),
        category: Set(row.category.into()),
        mode: Set(row.mode.into()),
        status: Set(Status::Received.code().into()),
        what: Set(row.what),
        who: Set(row.who),
        place: Set(row.place),
        time_text: Set(row.time_text),
        how: Set(row.how),
        incident_date: Set(row.incident_date),
        reporter_sealed: Set(row.reporter_sealed),
        reporter_has_email: Set(row.reporter_has_email),
        lang: Set(row.lang.into()),
        source: Set(row.source.into()),
        created_at: Set(row.at),
        updated_at: Set(row.at),
        class: Set(None),
        assigned_unit_id: Set(None),
        due_date: Set(Some(row.due_date)),
        resolve_due: Set(None),
        duplicate_of: Set(None),
        public_id: Set(Some(format!("{:016x}", rand::random::<u64>()))),
        reply_key_hash: Set(Some(row.reply_key_hash)),
        awaiting_since: Set(None),
        reporter_news: Set(false),
        key_failures: Set(0),
        key_locked_until: Set(None),
        reporter_confirmed: Set(None),
        handling_rating: Set(None),
        closed_at: Set(None),
        identity_erased_at: Set(None),
        files_erased_at: Set(None),
        conversation_erased_at: Set(None),
        report_erased_at: Set(None),
        handler_user_id: Set(None),
    })
    .exec(db)
    .await?
    .last_insert_id;
    insert_event(
        db,
        id,
        EventKind::Created,
        None,
        Status::Received,
        None,
        None,
        None,
        row.at,
    )
    .await?;
    Ok(id)
}

/// One entry of the conversation with the reporter (no change of status).
pub struct ConversationEntry {
    pub complaint_id: i64,
    pub kind: EventKind,
    /// The staff account that asked; none for the reporter.
    pub actor: Option<i32>,
    /// Shown on the status page (a question).
    pub public_text: Option<String>,
    /// The reporter's words, for staff only.
    pub message: Option<String>,
    /// For an answer: the working days the deadlines paused.
    pub paused_days: Option<u32>,
    /// For feedback: the reporter's answer to "Sudah selesai?".
    pub feedback: Option<FeedbackAnswer>,
    pub at: DateTime<Utc>,
}

/// Appends a conversation entry to a complaint's history; returns its id.
pub async fn insert_conversation(
    db: &impl ConnectionTrait,
    e: ConversationEntry,
) -> Result<i64, DbErr> {
    Ok(
        complaint_event::Entity::insert(complaint_event::ActiveModel {
            id: NotSet,
            complaint_id: Set(e.complaint_id),
            at: Set(e.at),
            kind: Set(e.kind),
            status_from: Set(None),
            status_to: Set(None),
            actor_user_id: Set(e.actor),
            reason: Set(None),
            public_text: Set(e.public_text),
            message: Set(e.message),
            paused_days: Set(e.paused_days.and_then(|d| i32::try_from(d).ok())),
            feedback_resolved: Set(e.feedback.map(|f| f.resolved)),
            feedback_rating: Set(e.feedback.and_then(|f| f.rating)),
        })
        .exec(db)
        .await?
        .last_insert_id,
    )
}

/// Takes one reply-key attempt on case `id` before the key is checked, in one conditional
/// UPDATE (atomic on both backends, across server instances): the attempt counts as wrong
/// until it is proven right ([`forget_key_attempts`]), and the attempt that reaches `max`
/// locks the case until `lock_until` (the count starts again after). `false`, with nothing
/// counted, while the case is locked: then the key must not be checked at all. So however
/// many attempts arrive at once, at most `max` are checked before the lock.
pub async fn take_key_attempt(
    db: &impl ConnectionTrait,
    id: i64,
    max: i32,
    now: DateTime<Utc>,
    lock_until: DateTime<Utc>,
) -> Result<bool, DbErr> {
    use sea_orm::Condition;
    use sea_orm::sea_query::ExprTrait;
    let failures = || Expr::col(complaint::Column::KeyFailures);
    let reaches = || failures().add(1).gte(max);
    let r = complaint::Entity::update_many()
        .col_expr(
            complaint::Column::KeyFailures,
            Expr::case(reaches(), Expr::value(0))
                .finally(failures().add(1))
                .into(),
        )
        .col_expr(
            complaint::Column::KeyLockedUntil,
            Expr::case(reaches(), Expr::value(lock_until))
                .finally(Expr::col(complaint::Column::KeyLockedUntil))
                .into(),
        )
        .filter(complaint::Column::Id.eq(id))
        .filter(
            Condition::any()
                .add(complaint::Column::KeyLockedUntil.is_null())
                .add(complaint::Column::KeyLockedUntil.lte(now)),
        )
        .exec(db)
        .await?;
    Ok(r.rows_affected == 1)
}

/// Forgets the attempts counted on a case's key: the reporter proved it.
pub async fn forget_key_attempts(db: &impl ConnectionTrait, id: i64) -> Result<(), DbErr> {
    use sea_orm::sea_query::Expr;
    complaint::Entity::update_many()
        .col_expr(complaint::Column::KeyFailures, Expr::value(0))
        .col_expr(
            complaint::Column::KeyLockedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .filter(complaint::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// The conversation state of a case: the day a question started waiting (none: nothing
/// waits), whether the reporter wrote since staff last acted, and the deadlines.
pub struct ConversationState {
    pub awaiting_since: Option<NaiveDate>,
    pub reporter_news: bool,
    pub due_date: Option<NaiveDate>,
    pub resolve_due: Option<NaiveDate>,
}

/// Writes a case's conversation state, and forgets wrong keys (the reporter got it right).
pub async fn set_conversation(
    db: &impl ConnectionTrait,
    id: i64,
    s: ConversationState,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    complaint::Entity::update(complaint::ActiveModel {
        id: Set(id),
        awaiting_since: Set(s.awaiting_since),
        reporter_news: Set(s.reporter_news),
        due_date: Set(s.due_date),
        resolve_due: Set(s.resolve_due),
        key_failures: Set(0),
        updated_at: Set(at),
        ..Default::default()
    })
    .exec(db)
    .await?;
    Ok(())
}

/// Appends one event to a complaint's history.
#[allow(clippy::too_many_arguments)]
pub async fn insert_event(
    db: &impl ConnectionTrait,
    complaint_id: i64,
    kind: EventKind,
    from: Option<Status>,
    to: Status,
    actor: Option<i32>,
    reason: Option<String>,
    public_text: Option<String>,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    complaint_event::Entity::insert(event_row(
        complaint_id,
        kind,
        from,
        to,
        actor,
        reason,
        public_text,
        at,
    ))
    .exec(db)
    .await?;
    Ok(())
}

/// The row of one event of a complaint's history ([`insert_event`] stores one; the
/// benchmark's generator stores them by the thousand).
#[allow(clippy::too_many_arguments)]
pub fn event_row(
    complaint_id: i64,
    kind: EventKind,
    from: Option<Status>,
    to: Status,
    actor: Option<i32>,
    reason: Option<String>,
    public_text: Option<String>,
    at: DateTime<Utc>,
) -> complaint_event::ActiveModel {
    complaint_event::ActiveModel {
        id: NotSet,
        complaint_id: Set(complaint_id),
        at: Set(at),
        kind: Set(kind),
        status_from: Set(from.map(|s| s.code().to_string())),
        status_to: Set(Some(to.code().to_string())),
        actor_user_id: Set(actor),
        reason: Set(reason),
        public_text: Set(public_text),
        message: Set(None),
        paused_days: Set(None),
        feedback_resolved: Set(None),
        feedback_rating: Set(None),
    }
}

/// Records an evidence file stored under `key`, which came with the report or (`event_id`)
/// with a later entry of the conversation.
#[allow(clippy::too_many_arguments)]
pub async fn insert_file(
    db: &impl ConnectionTrait,
    complaint_id: i64,
    event_id: Option<i64>,
    key: &str,
    content_type: &str,
    size: usize,
    sha256: &str,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    complaint_file::Entity::insert(complaint_file::ActiveModel {
        id: NotSet,
        complaint_id: Set(complaint_id),
        storage_key: Set(key.into()),
        content_type: Set(content_type.into()),
        size_bytes: Set(i64::try_from(size).unwrap_or(i64::MAX)),
        sha256: Set(sha256.into()),
        created_at: Set(at),
        event_id: Set(event_id),
    })
    .exec(db)
    .await?;
    Ok(())
}

/// The evidence files of case `complaint_id`, oldest first (the report's and the
/// conversation's).
pub async fn files_of(
    db: &impl ConnectionTrait,
    complaint_id: i64,
) -> Result<Vec<complaint_file::Model>, DbErr> {
    complaint_file::Entity::find()
        .filter(complaint_file::Column::ComplaintId.eq(complaint_id))
        .order_by_asc(complaint_file::Column::Id)
        .all(db)
        .await
}

/// A complaint by its id.
pub async fn by_id(db: &impl ConnectionTrait, id: i64) -> Result<Option<complaint::Model>, DbErr> {
    complaint::Entity::find_by_id(id).one(db).await
}

/// The resolved cases whose objection window (their `due_date`) ended before `day`.
pub async fn resolved_due_before(
    db: &impl ConnectionTrait,
    day: NaiveDate,
) -> Result<Vec<complaint::Model>, DbErr> {
    complaint::Entity::find()
        .filter(complaint::Column::Status.eq(Status::Resolved.code()))
        .filter(complaint::Column::DueDate.lt(day))
        .all(db)
        .await
}

/// Takes case `id`'s row for the rest of the transaction (writing nothing new): writes about
/// one case that count what was written before wait for each other here.
pub async fn hold_row(db: &impl ConnectionTrait, id: i64) -> Result<(), DbErr> {
    complaint::Entity::update_many()
        .col_expr(
            complaint::Column::UpdatedAt,
            sea_orm::sea_query::Expr::col(complaint::Column::UpdatedAt),
        )
        .filter(complaint::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// A complaint by its tracking code.
pub async fn find(
    db: &impl ConnectionTrait,
    code: &TrackingCode,
) -> Result<Option<complaint::Model>, DbErr> {
    complaint::Entity::find()
        .filter(complaint::Column::TrackingCode.eq(code.as_str()))
        .one(db)
        .await
}

/// Whether a case in this status has ended: retention counts from the moment it got there.
pub fn has_ended(s: Status) -> bool {
    matches!(s, Status::Closed | Status::Rejected | Status::Duplicate)
}

/// Sets a complaint's status and time of change, and when it ended (the first time it
/// reached an ending status; cleared if it goes on), if its status is still the one `c` was
/// read with; whether it was (a compare-and-set).
pub async fn set_status(
    db: &impl ConnectionTrait,
    c: &complaint::Model,
    to: Status,
    at: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let closed_at = if has_ended(to) {
        Some(c.closed_at.unwrap_or(at))
    } else {
        None
    };
    let r = complaint::Entity::update_many()
        .col_expr(complaint::Column::Status, Expr::value(to.code()))
        .col_expr(complaint::Column::UpdatedAt, Expr::value(at))
        .col_expr(complaint::Column::ClosedAt, Expr::value(closed_at))
        .filter(complaint::Column::Id.eq(c.id))
        .filter(complaint::Column::Status.eq(c.status.clone()))
        .exec(db)
        .await?;
    Ok(r.rows_affected == 1)
}

async fn unit_of(db: &impl ConnectionTrait, id: i32) -> Result<unit::Model, DbErr> {
    crate::units::repo::unit_by_id(db, id)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound(format!("unit {id}")))
}

/// What anyone holding the tracking code may see: status, dates, category, unit, and the
/// public replies. Never the text, internal reasons, staff or the reporter.
pub async fn public_view(
    db: &impl ConnectionTrait,
    code: &TrackingCode,
) -> Result<Option<PublicComplaint>, DbErr> {
    let Some(c) = find(db, code).await? else {
        return Ok(None);
    };
    let u = unit_of(db, c.unit_id).await?;
    let events = events_of(db, c.id).await?;
    let today = crate::clock::today();
    let provable = c.reply_key_hash.is_some();
    let feedback_given = feedback_given(&events);
    let reopen_until = (c.status == Status::Resolved.code() && provable)
        .then_some(c.due_date)
        .flatten()
        .filter(|d| *d >= today);
    // While a question waits for the reporter the deadlines are paused: no date is due.
    let next_due = Status::from_code(&c.status)
        .filter(|s| !s.is_finished() && c.awaiting_since.is_none())
        .and(c.due_date);
    let merged = c.status == Status::Duplicate.code()
        || events
            .iter()
            .any(|e| e.status_to.as_deref() == Some(Status::Duplicate.code()));
    let files_of: HashMap<i64, usize> = files_of(db, c.id)
        .await?
        .into_iter()
        .filter_map(|f| f.event_id)
        .fold(HashMap::new(), |mut m, e| {
            *m.entry(e).or_insert(0) += 1;
            m
        });
    let identity_opened = if c.mode == crate::complaints::domain::Mode::Rahasia.code() {
        crate::audit::entries_of(db, c.id, crate::audit::REVEAL_IDENTITY)
            .await?
            .into_iter()
            .map(|e| e.at)
            .collect()
    } else {
        Vec::new()
    };
    // Only a resolution's outcome: kinds of action, never their measure or target.
    let outcome = if matches!(
        Status::from_code(&c.status),
        Some(Status::Resolved | Status::Closed)
    ) {
        super::outcome::repo::of(db, c.id)
            .await?
            .map(|o| crate::complaints::view::PublicOutcome {
                finding: o.finding,
                actions: o.actions.iter().map(|a| a.kind).collect(),
            })
    } else {
        None
    };
    Ok(Some(PublicComplaint {
        outcome,
        identity_opened,
        awaiting_reporter: c.awaiting_since.is_some(),
        feedback_given,
        identity_erasable: provable && c.reporter_sealed.is_some(),
        accepts_writing: provable && c.status != Status::Closed.code(),
        reopen_until,
        next_due,
        merged,
        tracking_code: c.tracking_code,
        status: c.status,
        category: c.category,
        unit_code: u.code,
        unit_name: u.name,
        created_at: c.created_at,
        updated_at: c.updated_at,
        events: events
            .into_iter()
            .map(|e| PublicEvent {
                by_reporter: e.kind == EventKind::ReopenedByReporter,
                paused_days: e.paused(),
                files: files_of.get(&e.id).copied().unwrap_or(0),
                at: e.at,
                status: e.status_to,
                text: e.public_text,
                kind: e.kind,
            })
            .collect(),
    }))
}

/// Whether the reporter answered "Sudah selesai?" since the case's latest resolution
/// (`events` in order).
pub fn feedback_given(events: &[complaint_event::Model]) -> bool {
    events
        .iter()
        .rev()
        .take_while(|e| e.status_to.as_deref() != Some(Status::Resolved.code()))
        .any(|e| e.kind == EventKind::Feedback)
}

/// The history of a case, in order.
pub async fn events_of(
    db: &impl ConnectionTrait,
    id: i64,
) -> Result<Vec<complaint_event::Model>, DbErr> {
    complaint_event::Entity::find()
        .filter(complaint_event::Column::ComplaintId.eq(id))
        .order_by_asc(complaint_event::Column::At)
        .order_by_asc(complaint_event::Column::Id)
        .all(db)
        .await
}

/// Keeps a case's latest answer to "Sudah selesai?" (for the statistics, which outlive the
/// conversation).
pub async fn set_feedback(
    db: &impl ConnectionTrait,
    id: i64,
    a: FeedbackAnswer,
) -> Result<(), DbErr> {
    complaint::Entity::update(complaint::ActiveModel {
        id: Set(id),
        reporter_confirmed: Set(Some(a.resolved)),
        handling_rating: Set(a.rating),
        key_failures: Set(0),
        ..Default::default()
    })
    .exec(db)
    .await?;
    Ok(())
}

/// The active unit officers of a unit: who hears that a case was forwarded to it.
pub async fn officers_of(
    db: &impl ConnectionTrait,
    unit_id: i32,
) -> Result<Vec<user::Model>, DbErr> {
    let linked: Vec<i32> = user_unit::Entity::find()
        .filter(user_unit::Column::UnitId.eq(unit_id))
        .all(db)
        .await?
        .into_iter()
        .map(|l| l.user_id)
        .collect();
    user::Entity::find()
        .filter(user::Column::Id.is_in(linked))
        .filter(user::Column::Role.eq("unit_officer"))
        .filter(user::Column::Active.eq(true))
        .all(db)
        .await
}

/// Filters of the public list (Open311 `GET requests`).
#[derive(Clone, Debug, Default)]
pub struct PublicFilter {
    /// Public ids (never tracking codes).
    pub public_ids: Vec<String>,
    pub categories: Vec<String>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    /// Status codes to include (empty: all).
    pub statuses: Vec<String>,
    pub limit: u64,
}

/// Complaints matching the filter, newest first, with their unit (code, name).
pub async fn list_public(
    db: &impl ConnectionTrait,
    f: &PublicFilter,
) -> Result<Vec<(complaint::Model, String, String)>, DbErr> {
    let mut q = complaint::Entity::find();
    if !f.public_ids.is_empty() {
        q = q.filter(complaint::Column::PublicId.is_in(f.public_ids.clone()));
    }
    if !f.categories.is_empty() {
        q = q.filter(complaint::Column::Category.is_in(f.categories.clone()));
    }
    if !f.statuses.is_empty() {
        q = q.filter(complaint::Column::Status.is_in(f.statuses.clone()));
    }
    if let Some(from) = f.from {
        q = q.filter(complaint::Column::CreatedAt.gte(from));
    }
    if let Some(to) = f.to {
        q = q.filter(complaint::Column::CreatedAt.lte(to));
    }
    let rows = q
        .order_by_desc(complaint::Column::CreatedAt)
        .order_by_desc(complaint::Column::Id)
        .limit(f.limit)
        .all(db)
        .await?;
    let units: HashMap<i32, (String, String)> = unit::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, (u.code, u.name)))
        .collect();
    Ok(rows
        .into_iter()
        .map(|c| {
            let (code, name) = units.get(&c.unit_id).cloned().unwrap_or_default();
            (c, code, name)
        })
        .collect())
}

/// Emails of the active inspectors responsible for a unit: those assigned to it or to its
/// parent, and those assigned to no unit at all (the whole province).
pub async fn inspector_emails(
    db: &impl ConnectionTrait,
    unit_id: i32,
) -> Result<Vec<String>, DbErr> {
    Ok(inspectors_for(db, unit_id)
        .await?
        .into_iter()
        .map(|i| i.email)
        .collect())
}

/// The inspectors responsible for case `c`: the one handling it when there is one (and
/// still active), else every inspector responsible for its unit.
pub async fn responsible_inspectors(
    db: &impl ConnectionTrait,
    c: &complaint::Model,
) -> Result<Vec<user::Model>, DbErr> {
    if let Some(h) = c.handler_user_id
        && let Some(u) = user::Entity::find_by_id(h)
            .filter(user::Column::Active.eq(true))
            .one(db)
            .await?
    {
        return Ok(vec![u]);
    }
    inspectors_for(db, c.unit_id).await
}

/// The active inspectors responsible for a unit: those without units (all of them), and
/// those assigned to the unit or its parent.
pub async fn inspectors_for(
    db: &impl ConnectionTrait,
    unit_id: i32,
) -> Result<Vec<user::Model>, DbErr> {
    let u = unit_of(db, unit_id).await?;
    let scope: Vec<i32> = std::iter::once(u.id).chain(u.parent_id).collect();
    let inspectors = user::Entity::find()
        .filter(user::Column::Role.eq("inspector"))
        .filter(user::Column::Active.eq(true))
        .all(db)
        .await?;
    let ids: Vec<i32> = inspectors.iter().map(|i| i.id).collect();
    let links = user_unit::Entity::find()
        .filter(user_unit::Column::UserId.is_in(ids))
        .all(db)
        .await?;
    let mut assigned: HashMap<i32, Vec<i32>> = HashMap::new();
    for l in links {
        assigned.entry(l.user_id).or_default().push(l.unit_id);
    }
    Ok(inspectors
        .into_iter()
        .filter(|i| match assigned.get(&i.id) {
            None => true,
            Some(units) => units.iter().any(|x| scope.contains(x)),
        })
        .collect())
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
