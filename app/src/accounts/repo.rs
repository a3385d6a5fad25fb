//! Account queries: users and their units, sessions, and sign-in throttling.

use crate::entities::{login_throttle, session, user, user_unit};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveValue::{NotSet, Set},
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
};

/// Adds a staff account with its units; `password_hash` may be absent until a reset.
pub async fn create_user(
    db: &impl ConnectionTrait,
    email: &str,
    name: &str,
    role: &str,
    password_hash: Option<String>,
    unit_ids: &[i32],
) -> Result<i32, DbErr> {
    let id = user::Entity::insert(user::ActiveModel {
        id: NotSet,
        email: Set(email.into()),
        name: Set(name.into()),
        role: Set(role.into()),
        password_hash: Set(password_hash),
        active: Set(true),
        created_at: Set(crate::clock::now()),
    })
    .exec(db)
    .await?
    .last_insert_id;
    for u in unit_ids {
        user_unit::Entity::insert(user_unit::ActiveModel {
            user_id: Set(id),
            unit_id: Set(*u),
        })
        .exec(db)
        .await?;
    }
    Ok(id)
}

/// An account by its (normalised) email.
pub async fn find_by_email(
    db: &impl ConnectionTrait,
    email: &str,
) -> Result<Option<user::Model>, DbErr> {
    user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(db)
        .await
}

/// Every account by email, with every link of an account to a unit.
pub async fn all_users(
    db: &impl ConnectionTrait,
) -> Result<(Vec<user::Model>, Vec<user_unit::Model>), DbErr> {
    let users = user::Entity::find()
        .order_by_asc(user::Column::Email)
        .all(db)
        .await?;
    Ok((users, user_unit::Entity::find().all(db).await?))
}

/// Every account's name by its id (to name who acted in histories, queues and logs).
pub async fn names(
    db: &impl ConnectionTrait,
) -> Result<std::collections::HashMap<i32, String>, DbErr> {
    use sea_orm::QuerySelect;
    let rows: Vec<(i32, String)> = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .column(user::Column::Name)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().collect())
}

/// Activates or deactivates account `id`; an error when there is none.
pub async fn set_active(db: &impl ConnectionTrait, id: i32, active: bool) -> Result<(), DbErr> {
    user::Entity::update(user::ActiveModel {
        id: Set(id),
        active: Set(active),
        ..Default::default()
    })
    .exec(db)
    .await?;
    Ok(())
}

/// The active accounts of one role.
pub async fn active_with_role(
    db: &impl ConnectionTrait,
    role: crate::accounts::domain::Role,
) -> Result<Vec<user::Model>, DbErr> {
    user::Entity::find()
        .filter(user::Column::Role.eq(role.code()))
        .filter(user::Column::Active.eq(true))
        .all(db)
        .await
}

/// The active accounts of `role`, each with the units it reads: the units it is assigned
/// with every unit below them, or `None` (every unit) when it is assigned none. The jobs
/// that mail whoever reads a unit (the overdue digest, the early warning) ask here.
pub async fn active_with_reach(
    db: &impl ConnectionTrait,
    role: crate::accounts::domain::Role,
) -> Result<Vec<(user::Model, Option<Vec<i32>>)>, DbErr> {
    let users = active_with_role(db, role).await?;
    let links = user_unit::Entity::find()
        .filter(user_unit::Column::UserId.is_in(users.iter().map(|u| u.id)))
        .all(db)
        .await?;
    let tree = crate::units::repo::tree(db).await?;
    Ok(users
        .into_iter()
        .map(|u| {
            let ids: Vec<i32> = links
                .iter()
                .filter(|l| l.user_id == u.id)
                .map(|l| l.unit_id)
                .collect();
            let reach = (!ids.is_empty()).then(|| crate::units::domain::reach(&tree, &ids));
            (u, reach)
        })
        .collect())
}

/// The units an account is assigned to (empty: all units).
pub async fn unit_ids_of(db: &impl ConnectionTrait, user_id: i32) -> Result<Vec<i32>, DbErr> {
    Ok(user_unit::Entity::find()
        .filter(user_unit::Column::UserId.eq(user_id))
        .all(db)
        .await?
        .into_iter()
        .map(|l| l.unit_id)
        .collect())
}

/// Stores a new session.
pub async fn create_session(
    db: &impl ConnectionTrait,
    token_hash: &str,
    user_id: i32,
    csrf: &str,
    now: DateTime<Utc>,
    ttl: Duration,
) -> Result<(), DbErr> {
    session::Entity::insert(session::ActiveModel {
        token_hash: Set(token_hash.into()),
        user_id: Set(user_id),
        csrf_token: Set(csrf.into()),
        created_at: Set(now),
        expires_at: Set(now + ttl),
        last_seen_at: Set(Some(now)),
    })
    .exec(db)
    .await?;
    Ok(())
}

/// How stale a session's last use may grow before it is written again: one write a minute
/// at most per session, not one per request.
pub const TOUCH_EVERY: Duration = Duration::seconds(60);

/// The live session with this token hash, and its active account: within its absolute
/// limit, and used within the last `idle`. A live session's last use is brought up to
/// `now` (when older than [`TOUCH_EVERY`]).
pub async fn find_session(
    db: &impl ConnectionTrait,
    token_hash: &str,
    now: DateTime<Utc>,
    idle: Duration,
) -> Result<Option<(session::Model, user::Model)>, DbErr> {
    let Some(s) = session::Entity::find_by_id(token_hash.to_string())
        .filter(session::Column::ExpiresAt.gt(now))
        .filter(session::Column::LastSeenAt.gt(now - idle))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    if s.last_seen_at.is_none_or(|t| t < now - TOUCH_EVERY) {
        session::Entity::update_many()
            .col_expr(
                session::Column::LastSeenAt,
                sea_orm::sea_query::Expr::value(now),
            )
            .filter(session::Column::TokenHash.eq(token_hash))
            .exec(db)
            .await?;
    }
    let u = user::Entity::find_by_id(s.user_id)
        .filter(user::Column::Active.eq(true))
        .one(db)
        .await?;
    Ok(u.map(|u| (s, u)))
}

/// Ends a session.
pub async fn delete_session(db: &impl ConnectionTrait, token_hash: &str) -> Result<(), DbErr> {
    session::Entity::delete_by_id(token_hash.to_string())
        .exec(db)
        .await?;
    Ok(())
}

/// One sign-in attempt taken on a throttle key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Attempt {
    /// Taken: its number among the attempts in a row (1 = none before it).
    Taken(i32),
    /// Not taken, nothing counted: the key is locked until then.
    Locked(DateTime<Utc>),
}

/// Takes one sign-in attempt on a throttle key before the password is checked, in one
/// conditional UPDATE (atomic on both backends, across server instances). The attempt
/// counts as a failure until the password proves right ([`release_attempt`] or
/// [`reset_failures`]); the attempt that reaches the back-off sets the lock in the same
/// statement, so however many attempts arrive at once, no more than
/// [`super::domain::FREE_FAILURES`] are taken before the lock. After a quiet hour (the
/// longest lock) the count starts over, so an office address does not collect a month of
/// typos.
pub async fn take_attempt(
    db: &impl ConnectionTrait,
    key: &str,
    now: DateTime<Utc>,
) -> Result<Attempt, DbErr> {
    use super::domain::{FREE_FAILURES, lockout_secs};
    use sea_orm::Condition;
    use sea_orm::sea_query::{Expr, ExprTrait};
    login_throttle::Entity::insert(login_throttle::ActiveModel {
        key: Set(key.into()),
        failures: Set(0),
        locked_until: Set(None),
        updated_at: Set(now),
    })
    .on_conflict_do_nothing_on([login_throttle::Column::Key])
    .exec(db)
    .await?;
    let quiet_since = now - Duration::seconds(3600);
    let recent = || login_throttle::Column::UpdatedAt.gt(quiet_since);
    let next = || Expr::col(login_throttle::Column::Failures).add(1);
    let no_lock = || Expr::value(Option::<DateTime<Utc>>::None);
    // The lock of each count from the first that locks up to the first at the longest lock.
    let longest = (FREE_FAILURES..FREE_FAILURES + 16)
        .find(|n| lockout_secs(*n) == Some(3600))
        .unwrap_or(FREE_FAILURES);
    let lock_at = |n: i32| {
        Expr::value(
            now + Duration::seconds(i64::try_from(lockout_secs(n).unwrap_or(0)).unwrap_or(3600)),
        )
    };
    let mut lock = Expr::case(recent().not(), no_lock());
    for n in FREE_FAILURES..longest {
        lock = lock.case(next().eq(n), lock_at(n));
    }
    let lock = lock
        .case(next().gte(longest), lock_at(longest))
        .finally(no_lock());
    let taken = login_throttle::Entity::update_many()
        .col_expr(
            login_throttle::Column::Failures,
            Expr::case(recent(), next()).finally(Expr::value(1)).into(),
        )
        .col_expr(login_throttle::Column::LockedUntil, lock.into())
        .col_expr(login_throttle::Column::UpdatedAt, Expr::value(now))
        .filter(login_throttle::Column::Key.eq(key))
        .filter(
            Condition::any()
                .add(login_throttle::Column::LockedUntil.is_null())
                .add(login_throttle::Column::LockedUntil.lte(now)),
        )
        .exec_with_returning(db)
        .await?;
    if let Some(t) = taken.first() {
        return Ok(Attempt::Taken(t.failures));
    }
    let until = login_throttle::Entity::find_by_id(key.to_string())
        .one(db)
        .await?
        .and_then(|t| t.locked_until)
        .unwrap_or(now + Duration::seconds(1));
    Ok(Attempt::Locked(until))
}

/// Gives back an attempt that proved right on a key shared with others (an address): its
/// count goes down by one, and a lock it set goes with it.
pub async fn release_attempt(db: &impl ConnectionTrait, key: &str) -> Result<(), DbErr> {
    use super::domain::FREE_FAILURES;
    use sea_orm::sea_query::{Expr, ExprTrait};
    let failures = || Expr::col(login_throttle::Column::Failures);
    login_throttle::Entity::update_many()
        .col_expr(login_throttle::Column::Failures, failures().sub(1))
        .col_expr(
            login_throttle::Column::LockedUntil,
            Expr::case(
                failures().sub(1).lt(FREE_FAILURES),
                Expr::value(Option::<DateTime<Utc>>::None),
            )
            .finally(Expr::col(login_throttle::Column::LockedUntil))
            .into(),
        )
        .filter(login_throttle::Column::Key.eq(key))
        .filter(login_throttle::Column::Failures.gt(0))
        .exec(db)
        .await?;
    Ok(())
}

/// Forgets the failures of a key after a successful sign-in.
pub async fn reset_failures(db: &impl ConnectionTrait, key: &str) -> Result<(), DbErr> {
    login_throttle::Entity::delete_by_id(key.to_string())
        .exec(db)
        .await?;
    Ok(())
}

/// Replaces an account's password hash.
pub async fn set_password(
    db: &impl ConnectionTrait,
    user_id: i32,
    hash: &str,
) -> Result<(), DbErr> {
    user::Entity::update(user::ActiveModel {
        id: Set(user_id),
        password_hash: Set(Some(hash.into())),
        ..Default::default()
    })
    .exec(db)
    .await?;
    Ok(())
}

/// Ends every session of an account except `keep` (a token hash), if given.
pub async fn end_sessions_of(
    db: &impl ConnectionTrait,
    user_id: i32,
    keep: Option<&str>,
) -> Result<(), DbErr> {
    let mut q = session::Entity::delete_many().filter(session::Column::UserId.eq(user_id));
    if let Some(k) = keep {
        q = q.filter(session::Column::TokenHash.ne(k));
    }
    q.exec(db).await?;
    Ok(())
}

/// Stores a password-reset token's hash.
pub async fn create_reset(
    db: &impl ConnectionTrait,
    token_hash: &str,
    user_id: i32,
    expires_at: DateTime<Utc>,
) -> Result<(), DbErr> {
    crate::entities::password_reset::Entity::insert(crate::entities::password_reset::ActiveModel {
        token_hash: Set(token_hash.into()),
        user_id: Set(user_id),
        expires_at: Set(expires_at),
        used_at: Set(None),
    })
    .exec(db)
    .await?;
    Ok(())
}

/// Uses a reset token: marks it used in one conditional update, so it works once, and only
/// before it expires. Returns its account.
pub async fn take_reset(
    db: &impl ConnectionTrait,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<i32>, DbErr> {
    use crate::entities::password_reset as pr;
    use sea_orm::sea_query::Expr;
    let r = pr::Entity::update_many()
        .col_expr(pr::Column::UsedAt, Expr::value(now))
        .filter(pr::Column::TokenHash.eq(token_hash))
        .filter(pr::Column::UsedAt.is_null())
        .filter(pr::Column::ExpiresAt.gt(now))
        .exec(db)
        .await?;
    if r.rows_affected != 1 {
        return Ok(None);
    }
    Ok(pr::Entity::find_by_id(token_hash.to_string())
        .one(db)
        .await?
        .map(|t| t.user_id))
}
