//! Account queries: users and their units, sessions, and sign-in throttling.

use crate::entities::{login_throttle, session, user, user_unit};
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveValue::{NotSet, Set},
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter,
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
        created_at: Set(Utc::now()),
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
    })
    .exec(db)
    .await?;
    Ok(())
}

/// The live session with this token hash, and its active account.
pub async fn find_session(
    db: &impl ConnectionTrait,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<(session::Model, user::Model)>, DbErr> {
    let Some(s) = session::Entity::find_by_id(token_hash.to_string())
        .filter(session::Column::ExpiresAt.gt(now))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
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

/// The latest lock among these throttle keys, if any is still locked.
pub async fn locked_until(
    db: &impl ConnectionTrait,
    keys: &[String],
    now: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, DbErr> {
    Ok(login_throttle::Entity::find()
        .filter(login_throttle::Column::Key.is_in(keys.to_vec()))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|t| t.locked_until)
        .filter(|l| *l > now)
        .max())
}

/// Failures in a row counted for a key, forgotten after a quiet hour (the longest lock).
pub async fn recent_failures(
    db: &impl ConnectionTrait,
    key: &str,
    now: DateTime<Utc>,
) -> Result<i32, DbErr> {
    let quiet_since = now - Duration::seconds(3600);
    Ok(login_throttle::Entity::find_by_id(key.to_string())
        .one(db)
        .await?
        .filter(|t| t.updated_at > quiet_since)
        .map_or(0, |t| t.failures))
}

/// Counts one failure for a key and sets its lock by the back-off rule.
pub async fn record_failure(
    db: &impl ConnectionTrait,
    key: &str,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    // After a quiet hour the count starts over, so an office address does not collect a
    // month of typos.
    let failures = recent_failures(db, key, now).await? + 1;
    let locked = super::domain::lockout_secs(failures)
        .map(|s| now + Duration::seconds(i64::try_from(s).unwrap_or(3600)));
    login_throttle::Entity::insert(login_throttle::ActiveModel {
        key: Set(key.into()),
        failures: Set(failures),
        locked_until: Set(locked),
        updated_at: Set(now),
    })
    .on_conflict(
        OnConflict::column(login_throttle::Column::Key)
            .update_columns([
                login_throttle::Column::Failures,
                login_throttle::Column::LockedUntil,
                login_throttle::Column::UpdatedAt,
            ])
            .to_owned(),
    )
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
