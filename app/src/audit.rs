//! The append-only audit log. Each entry's hash covers its content and the previous entry's
//! hash, so editing or deleting any entry breaks the chain from there on, which
//! [`verify_chain`] finds.

use crate::entities::audit_log;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::{NotSet, Set},
    ColumnTrait, ConnectionTrait, DatabaseBackend, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use sha2::{Digest, Sha256};

/// Who acted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Actor {
    /// A staff account.
    Staff(i32),
    /// The reporter of the complaint, proven by what they hold.
    Reporter,
    /// The server itself (scheduled work, an API token).
    System,
}

impl Actor {
    /// A staff account when there is one, else the system.
    pub fn staff_or_system(id: Option<i32>) -> Actor {
        id.map_or(Actor::System, Actor::Staff)
    }

    fn parts(self) -> (&'static str, Option<i32>) {
        match self {
            Actor::Staff(id) => ("staff", Some(id)),
            Actor::Reporter => ("reporter", None),
            Actor::System => ("system", None),
        }
    }
}

/// Records that `actor` did `action` (on complaint `complaint_id`, if it is about one), with
/// its particulars, now, inside the caller's transaction.
pub async fn record(
    db: &impl ConnectionTrait,
    actor: Actor,
    action: &str,
    complaint_id: Option<i64>,
    detail: serde_json::Value,
) -> Result<(), DbErr> {
    let (actor_kind, actor_user_id) = actor.parts();
    append(
        db,
        Entry {
            at: crate::clock::now(),
            actor_kind,
            actor_user_id,
            action: action.to_string(),
            complaint_id,
            detail: detail.to_string(),
        },
    )
    .await
}

/// The action of a rahasia identity opened by an inspector (its detail holds the reason).
pub const REVEAL_IDENTITY: &str = "complaint.reveal_identity";
/// An inspector looked at the earlier reports naming the same officer.
pub const REPEAT_NAMES: &str = "complaint.repeat_names";
/// A finding recorded once for a case resolved before findings were.
pub const OUTCOME_COMPLETED: &str = "complaint.outcome_completed";

/// The `prev_hash` of the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What an entry records.
#[derive(Clone, Debug)]
pub struct Entry {
    pub at: DateTime<Utc>,
    /// `staff`, `reporter` or `system`.
    pub actor_kind: &'static str,
    pub actor_user_id: Option<i32>,
    /// `complaint.verify`, `complaint.reveal_identity`, ...
    pub action: String,
    pub complaint_id: Option<i64>,
    /// JSON with the particulars (status reached, reason, unit...).
    pub detail: String,
}

/// The hash of an entry after `prev`. Times count in microseconds, the precision both
/// databases keep.
pub fn entry_hash(prev: &str, e: &Entry) -> String {
    let mut h = Sha256::new();
    for part in [
        prev.to_string(),
        e.at.timestamp_micros().to_string(),
        e.actor_kind.to_string(),
        e.actor_user_id.map(|i| i.to_string()).unwrap_or_default(),
        e.action.clone(),
        e.complaint_id.map(|i| i.to_string()).unwrap_or_default(),
        e.detail.clone(),
    ] {
        h.update(part.len().to_le_bytes());
        h.update(part.as_bytes());
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Appends an entry inside the caller's transaction. On PostgreSQL a transaction-scoped
/// advisory lock keeps the chain linear across instances; on SQLite the write gate does.
pub async fn append(db: &impl ConnectionTrait, mut e: Entry) -> Result<(), DbErr> {
    if db.get_database_backend() == DatabaseBackend::Postgres {
        db.execute_unprepared("SELECT pg_advisory_xact_lock(727100)")
            .await?;
    }
    e.at = DateTime::from_timestamp_micros(e.at.timestamp_micros()).unwrap_or(e.at);
    let prev = audit_log::Entity::find()
        .order_by_desc(audit_log::Column::Id)
        .limit(1)
        .one(db)
        .await?
        .map_or_else(|| GENESIS.to_string(), |l| l.hash);
    let hash = entry_hash(&prev, &e);
    audit_log::Entity::insert(audit_log::ActiveModel {
        id: NotSet,
        at: Set(e.at),
        actor_user_id: Set(e.actor_user_id),
        actor_kind: Set(e.actor_kind.to_string()),
        action: Set(e.action),
        complaint_id: Set(e.complaint_id),
        detail: Set(e.detail),
        prev_hash: Set(prev),
        hash: Set(hash),
    })
    .exec(db)
    .await?;
    Ok(())
}

/// The result of checking the chain.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ChainReport {
    pub entries: u64,
    /// The first entry whose content or link does not match, if any.
    pub first_broken_id: Option<i64>,
}

/// The entries of one action on complaint `complaint_id`, oldest first.
pub async fn entries_of(
    db: &impl ConnectionTrait,
    complaint_id: i64,
    action: &str,
) -> Result<Vec<audit_log::Model>, DbErr> {
    audit_log::Entity::find()
        .filter(audit_log::Column::ComplaintId.eq(complaint_id))
        .filter(audit_log::Column::Action.eq(action))
        .order_by_asc(audit_log::Column::Id)
        .all(db)
        .await
}

/// Recomputes every hash in order.
pub async fn verify_chain(db: &impl ConnectionTrait) -> Result<ChainReport, DbErr> {
    let rows = audit_log::Entity::find()
        .order_by_asc(audit_log::Column::Id)
        .all(db)
        .await?;
    let mut prev = GENESIS.to_string();
    let mut entries = 0;
    for r in rows {
        entries += 1;
        let e = Entry {
            at: r.at,
            actor_kind: match r.actor_kind.as_str() {
                "staff" => "staff",
                "reporter" => "reporter",
                "system" => "system",
                _ => "?",
            },
            actor_user_id: r.actor_user_id,
            action: r.action.clone(),
            complaint_id: r.complaint_id,
            detail: r.detail.clone(),
        };
        if r.prev_hash != prev || entry_hash(&prev, &e) != r.hash {
            return Ok(ChainReport {
                entries,
                first_broken_id: Some(r.id),
            });
        }
        prev = r.hash;
    }
    Ok(ChainReport {
        entries,
        first_broken_id: None,
    })
}

/// What the audit page filters on (all optional).
#[derive(Clone, Debug, Default)]
pub struct Filter {
    /// One action, `complaint.reveal_identity`...
    pub action: Option<String>,
    /// One staff account.
    pub actor_user_id: Option<i32>,
    /// One complaint.
    pub complaint_id: Option<i64>,
    /// From this instant (inclusive).
    pub from: Option<DateTime<Utc>>,
    /// Before this instant.
    pub until: Option<DateTime<Utc>>,
}

fn filtered(f: &Filter) -> sea_orm::Select<audit_log::Entity> {
    let mut q = audit_log::Entity::find();
    if let Some(a) = &f.action {
        q = q.filter(audit_log::Column::Action.eq(a.clone()));
    }
    if let Some(u) = f.actor_user_id {
        q = q.filter(audit_log::Column::ActorUserId.eq(u));
    }
    if let Some(c) = f.complaint_id {
        q = q.filter(audit_log::Column::ComplaintId.eq(c));
    }
    if let Some(t) = f.from {
        q = q.filter(audit_log::Column::At.gte(t));
    }
    if let Some(t) = f.until {
        q = q.filter(audit_log::Column::At.lt(t));
    }
    q
}

/// The entries matching `f`, newest first; `page` is (offset, limit), none for all.
pub async fn search(
    db: &impl ConnectionTrait,
    f: &Filter,
    page: Option<(u64, u64)>,
) -> Result<Vec<audit_log::Model>, DbErr> {
    let q = filtered(f).order_by_desc(audit_log::Column::Id);
    match page {
        Some((offset, limit)) => q.offset(offset).limit(limit).all(db).await,
        None => q.all(db).await,
    }
}

/// How many entries match `f`.
pub async fn count(db: &impl ConnectionTrait, f: &Filter) -> Result<u64, DbErr> {
    use sea_orm::PaginatorTrait;
    filtered(f).count(db).await
}

/// Every action the log holds, in order.
pub async fn actions(db: &impl ConnectionTrait) -> Result<Vec<String>, DbErr> {
    audit_log::Entity::find()
        .select_only()
        .column(audit_log::Column::Action)
        .distinct()
        .order_by_asc(audit_log::Column::Action)
        .into_tuple()
        .all(db)
        .await
}
