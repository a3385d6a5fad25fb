//! Outbox queries: mail is queued inside the caller's transaction, claimed by one worker at
//! a time under a lease, and marked sent the moment the server has accepted it.

use super::Mail;
use crate::crypto::Keys;
use crate::entities::outbox;
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveValue::{NotSet, Set},
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

/// States of an outbox row.
pub const PENDING: &str = "pending";
/// Accepted by the mail server.
pub const SENT: &str = "sent";
/// Given up on (refused for good, or too many attempts).
pub const FAILED: &str = "failed";

/// Queues one mail; call inside the transaction of the event that causes it.
pub async fn enqueue(
    db: &impl ConnectionTrait,
    keys: &Keys,
    kind: &str,
    mail: &Mail,
    domain: &str,
    now: DateTime<Utc>,
) -> Result<String, DbErr> {
    enqueue_to_reporter(db, keys, kind, mail, domain, now, None).await
}

/// Queues one mail to the reporter of case `complaint_id` (`None`: to staff), so that the
/// mail goes with the reporter's identity when it is erased.
pub async fn enqueue_to_reporter(
    db: &impl ConnectionTrait,
    keys: &Keys,
    kind: &str,
    mail: &Mail,
    domain: &str,
    now: DateTime<Utc>,
    complaint_id: Option<i64>,
) -> Result<String, DbErr> {
    let message_id = format!("{:032x}@{domain}", rand::random::<u128>());
    outbox::Entity::insert(outbox::ActiveModel {
        id: NotSet,
        message_id: Set(message_id.clone()),
        kind: Set(kind.to_string()),
        sealed: Set(keys.seal_json(mail)),
        status: Set(PENDING.into()),
        attempts: Set(0),
        next_attempt_at: Set(now),
        locked_until: Set(None),
        last_error: Set(None),
        created_at: Set(now),
        sent_at: Set(None),
        complaint_id: Set(complaint_id),
    })
    .exec(db)
    .await?;
    Ok(message_id)
}

/// How many mails of `kind` the outbox holds for case `complaint_id` (sent or waiting; kept
/// for the mail retention period).
pub async fn count_for_case(
    db: &impl ConnectionTrait,
    complaint_id: i64,
    kind: &str,
) -> Result<u64, DbErr> {
    use sea_orm::{ColumnTrait, PaginatorTrait, QueryFilter};
    outbox::Entity::find()
        .filter(outbox::Column::ComplaintId.eq(complaint_id))
        .filter(outbox::Column::Kind.eq(kind))
        .count(db)
        .await
}

/// Pending rows whose time has come and that no live worker holds.
pub async fn due(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    limit: u64,
) -> Result<Vec<outbox::Model>, DbErr> {
    outbox::Entity::find()
        .filter(outbox::Column::Status.eq(PENDING))
        .filter(outbox::Column::NextAttemptAt.lte(now))
        .filter(
            Condition::any()
                .add(outbox::Column::LockedUntil.is_null())
                .add(outbox::Column::LockedUntil.lt(now)),
        )
        .order_by_asc(outbox::Column::Id)
        .limit(limit)
        .all(db)
        .await
}

/// Takes the row for this worker until `now + lease`; `false` when another worker was
/// faster. A single conditional UPDATE, so it holds across server instances.
pub async fn claim(
    db: &impl ConnectionTrait,
    id: i64,
    now: DateTime<Utc>,
    lease: Duration,
) -> Result<bool, DbErr> {
    let r = outbox::Entity::update_many()
        .col_expr(outbox::Column::LockedUntil, Expr::value(now + lease))
        .col_expr(
            outbox::Column::Attempts,
            Expr::col(outbox::Column::Attempts).add(1),
        )
        .filter(outbox::Column::Id.eq(id))
        .filter(outbox::Column::Status.eq(PENDING))
        .filter(
            Condition::any()
                .add(outbox::Column::LockedUntil.is_null())
                .add(outbox::Column::LockedUntil.lt(now)),
        )
        .exec(db)
        .await?;
    Ok(r.rows_affected == 1)
}

/// Records that the server accepted the message, and forgets its content.
pub async fn mark_sent(
    db: &impl ConnectionTrait,
    id: i64,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    outbox::Entity::update_many()
        .col_expr(outbox::Column::Status, Expr::value(SENT))
        .col_expr(outbox::Column::SentAt, Expr::value(now))
        .col_expr(
            outbox::Column::LockedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(outbox::Column::Sealed, Expr::value(""))
        .col_expr(
            outbox::Column::LastError,
            Expr::value(Option::<String>::None),
        )
        .filter(outbox::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// Records a failed attempt: retried at `retry_at`, or given up when `None`.
pub async fn mark_failed(
    db: &impl ConnectionTrait,
    id: i64,
    error: &str,
    retry_at: Option<DateTime<Utc>>,
) -> Result<(), DbErr> {
    let mut q = outbox::Entity::update_many()
        .col_expr(outbox::Column::LastError, Expr::value(error))
        .col_expr(
            outbox::Column::LockedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        );
    q = match retry_at {
        Some(at) => q.col_expr(outbox::Column::NextAttemptAt, Expr::value(at)),
        None => q.col_expr(outbox::Column::Status, Expr::value(FAILED)),
    };
    q.filter(outbox::Column::Id.eq(id)).exec(db).await?;
    Ok(())
}
