//! Kiosk queries: registering, listing and revoking, enrolment by a one-time link, and the
//! per-device count of responses taken and given back in single conditional UPDATEs.

use crate::entities::{kiosk, kiosk_held_response};
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveValue::{NotSet, Set},
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
};

/// A kiosk to register.
pub struct NewKiosk<'a> {
    pub unit_id: i32,
    pub name: &'a str,
    /// Its services' codes, comma-separated.
    pub service_codes: &'a str,
    pub enrol_hash: &'a str,
    pub enrol_expires_at: DateTime<Utc>,
    pub created_by: i32,
    pub at: DateTime<Utc>,
}

/// Stores a new kiosk awaiting enrolment; returns its id.
pub async fn insert(db: &impl ConnectionTrait, k: NewKiosk<'_>) -> Result<i32, DbErr> {
    Ok(kiosk::Entity::insert(kiosk::ActiveModel {
        id: NotSet,
        unit_id: Set(k.unit_id),
        name: Set(k.name.to_string()),
        service_codes: Set(k.service_codes.to_string()),
        enrol_hash: Set(Some(k.enrol_hash.to_string())),
        enrol_expires_at: Set(Some(k.enrol_expires_at)),
        device_hash: Set(None),
        created_by: Set(Some(k.created_by)),
        created_at: Set(k.at),
        enrolled_at: Set(None),
        last_contact_at: Set(None),
        last_response_at: Set(None),
        count_day: Set(None),
        count_today: Set(0),
        revoked_at: Set(None),
    })
    .exec(db)
    .await?
    .last_insert_id)
}

/// The kiosks of `units` (all for `None`), newest first.
pub async fn list(
    db: &impl ConnectionTrait,
    units: Option<&[i32]>,
) -> Result<Vec<kiosk::Model>, DbErr> {
    let mut q = kiosk::Entity::find().order_by_desc(kiosk::Column::Id);
    if let Some(units) = units {
        q = q.filter(kiosk::Column::UnitId.is_in(units.iter().copied()));
    }
    q.all(db).await
}

/// A kiosk by its id.
pub async fn by_id(db: &impl ConnectionTrait, id: i32) -> Result<Option<kiosk::Model>, DbErr> {
    kiosk::Entity::find_by_id(id).one(db).await
}

/// The kiosk whose enrolment link has this hash.
pub async fn by_enrol_hash(
    db: &impl ConnectionTrait,
    hash: &str,
) -> Result<Option<kiosk::Model>, DbErr> {
    kiosk::Entity::find()
        .filter(kiosk::Column::EnrolHash.eq(hash))
        .one(db)
        .await
}

/// Revokes kiosk `id` at `at`; its enrolment link, if unused, goes too.
pub async fn revoke(db: &impl ConnectionTrait, id: i32, at: DateTime<Utc>) -> Result<(), DbErr> {
    kiosk::Entity::update(kiosk::ActiveModel {
        id: Set(id),
        revoked_at: Set(Some(at)),
        enrol_hash: Set(None),
        ..Default::default()
    })
    .exec(db)
    .await?;
    Ok(())
}

/// Spends kiosk `id`'s enrolment link (still `enrol_hash`) and keeps the device's credential
/// hash, in one conditional UPDATE; `false` when the link was spent already.
pub async fn spend_enrolment(
    db: &impl ConnectionTrait,
    id: i32,
    enrol_hash: &str,
    device_hash: &str,
    at: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let spent = kiosk::Entity::update_many()
        .set(kiosk::ActiveModel {
            enrol_hash: Set(None),
            enrol_expires_at: Set(None),
            device_hash: Set(Some(device_hash.to_string())),
            enrolled_at: Set(Some(at)),
            last_contact_at: Set(Some(at)),
            ..Default::default()
        })
        .filter(kiosk::Column::Id.eq(id))
        .filter(kiosk::Column::EnrolHash.eq(enrol_hash))
        .exec(db)
        .await?;
    Ok(spent.rows_affected == 1)
}

/// Counts one response of kiosk `id` at `now` in one conditional UPDATE: only when the kiosk
/// is not revoked, today's count (WIB) with the responses it holds back is under `cap` (one of
/// those held being the one counted, when `releasing`) and, given an `interval`, the last
/// response is at least that old. `false`, with nothing counted, otherwise.
pub async fn take_slot(
    db: &impl ConnectionTrait,
    id: i32,
    now: DateTime<Utc>,
    interval: Option<Duration>,
    cap: i32,
    releasing: bool,
) -> Result<bool, DbErr> {
    let today = crate::clock::wib_day(now);
    // The responses held back count against the cap: they were let in against it.
    let held =
        Expr::cust("(SELECT COUNT(*) FROM kiosk_held_responses h WHERE h.kiosk_id = kiosks.id)");
    let room = if releasing { cap + 1 } else { cap };
    let mut q = kiosk::Entity::update_many()
        .col_expr(
            kiosk::Column::CountToday,
            Expr::case(
                kiosk::Column::CountDay.eq(today),
                Expr::col(kiosk::Column::CountToday).add(1),
            )
            .finally(Expr::value(1))
            .into(),
        )
        .col_expr(kiosk::Column::CountDay, Expr::value(today))
        .col_expr(kiosk::Column::LastResponseAt, Expr::value(now))
        .col_expr(kiosk::Column::LastContactAt, Expr::value(now))
        .filter(kiosk::Column::Id.eq(id))
        .filter(kiosk::Column::RevokedAt.is_null())
        .filter(
            Condition::any()
                .add(
                    Condition::all()
                        .add(
                            Condition::any()
                                .add(kiosk::Column::CountDay.is_null())
                                .add(kiosk::Column::CountDay.ne(today)),
                        )
                        .add(held.clone().lt(room)),
                )
                .add(Expr::col(kiosk::Column::CountToday).add(held).lt(room)),
        );
    if let Some(interval) = interval {
        q = q.filter(
            Condition::any()
                .add(kiosk::Column::LastResponseAt.is_null())
                .add(kiosk::Column::LastResponseAt.lte(now - interval)),
        );
    }
    Ok(q.exec(db).await?.rows_affected == 1)
}

/// Takes one response back from kiosk `id`'s count for today (never below zero).
pub async fn give_back_slot(db: &impl ConnectionTrait, id: i32) -> Result<(), DbErr> {
    kiosk::Entity::update_many()
        .col_expr(
            kiosk::Column::CountToday,
            Expr::col(kiosk::Column::CountToday).sub(1),
        )
        .filter(kiosk::Column::Id.eq(id))
        .filter(kiosk::Column::CountToday.gt(0))
        .exec(db)
        .await?;
    Ok(())
}

/// Takes kiosk `id`'s row for the rest of the transaction (marking its contact): the holds of
/// one kiosk wait for each other here, so their count is read one at a time.
pub async fn touch(db: &impl ConnectionTrait, id: i32, at: DateTime<Utc>) -> Result<(), DbErr> {
    kiosk::Entity::update_many()
        .col_expr(kiosk::Column::LastContactAt, Expr::value(at))
        .filter(kiosk::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// A response to hold back.
pub struct NewHeld<'a> {
    pub kiosk_id: i32,
    pub submission_id: &'a str,
    pub service_id: i32,
    /// The checked questionnaire, as JSON.
    pub fields: String,
    pub lang: &'static str,
    pub answered_at: DateTime<Utc>,
    pub at: DateTime<Utc>,
}

/// Holds a response back; `false` when its submission id is held already.
pub async fn hold(db: &impl ConnectionTrait, h: NewHeld<'_>) -> Result<bool, DbErr> {
    use sea_orm::sea_query::OnConflict;
    let n = kiosk_held_response::Entity::insert(kiosk_held_response::ActiveModel {
        id: NotSet,
        kiosk_id: Set(h.kiosk_id),
        submission_id: Set(h.submission_id.to_string()),
        service_id: Set(h.service_id),
        fields: Set(h.fields),
        lang: Set(h.lang.to_string()),
        answered_at: Set(h.answered_at),
        held_at: Set(h.at),
    })
    .on_conflict(
        OnConflict::column(kiosk_held_response::Column::SubmissionId)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(n == 1)
}

/// The responses kiosk `id` holds, oldest first.
pub async fn held(
    db: &impl ConnectionTrait,
    id: i32,
) -> Result<Vec<kiosk_held_response::Model>, DbErr> {
    kiosk_held_response::Entity::find()
        .filter(kiosk_held_response::Column::KioskId.eq(id))
        .order_by_asc(kiosk_held_response::Column::Id)
        .all(db)
        .await
}

/// The kiosks holding responses back.
pub async fn kiosks_holding(db: &impl ConnectionTrait) -> Result<Vec<i32>, DbErr> {
    use sea_orm::{QuerySelect, sea_query::Order};
    kiosk_held_response::Entity::find()
        .select_only()
        .column(kiosk_held_response::Column::KioskId)
        .distinct()
        .order_by(kiosk_held_response::Column::KioskId, Order::Asc)
        .into_tuple()
        .all(db)
        .await
}

/// Drops every response kiosk `id` holds back (a revoked kiosk's); how many.
pub async fn drop_held(db: &impl ConnectionTrait, id: i32) -> Result<u64, DbErr> {
    Ok(kiosk_held_response::Entity::delete_many()
        .filter(kiosk_held_response::Column::KioskId.eq(id))
        .exec(db)
        .await?
        .rows_affected)
}

/// Lets a held response go (stored, or stored before); `false` when another instance did.
pub async fn release(db: &impl ConnectionTrait, held_id: i32) -> Result<bool, DbErr> {
    Ok(kiosk_held_response::Entity::delete_by_id(held_id)
        .exec(db)
        .await?
        .rows_affected
        == 1)
}
