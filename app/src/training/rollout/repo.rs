//! The rollouts in the database: stored once at registration (there is no update and no
//! delete), read back with their units.

use crate::entities::{training_rollout, training_rollout_unit};
use sea_orm::{
    ActiveValue::{NotSet, Set},
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
};

/// A rollout with its units (by unit id).
pub type Stored = (training_rollout::Model, Vec<training_rollout_unit::Model>);

/// What is stored for one unit: `(unit id, its office at registration, baseline, wave)`.
pub type UnitRow = (i32, Option<i32>, Option<f64>, usize);

/// A rollout to store.
pub struct NewRow<'a> {
    pub plan: &'a super::plan::Plan,
    pub units: &'a [UnitRow],
    pub seed: u64,
    pub plan_hash: &'a str,
    pub mde: Option<f64>,
    pub registered_at: chrono::DateTime<chrono::Utc>,
    pub registered_by: Option<i32>,
}

/// Stores a rollout and its units; its id.
pub async fn insert(db: &impl ConnectionTrait, r: &NewRow<'_>) -> Result<i32, DbErr> {
    let id = training_rollout::Entity::insert(training_rollout::ActiveModel {
        id: NotSet,
        name: Set(r.plan.name.clone()),
        topic: Set(r.plan.topic.clone()),
        target_elements: Set(r
            .plan
            .targets
            .iter()
            .map(|e| e.code())
            .collect::<Vec<_>>()
            .join(",")),
        waves: Set(r
            .plan
            .waves
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(",")),
        seed: Set(i64::try_from(r.seed).map_err(|e| DbErr::Custom(e.to_string()))?),
        plan_hash: Set(r.plan_hash.to_string()),
        mde: Set(r.mde),
        registered_at: Set(r.registered_at),
        registered_by: Set(r.registered_by),
    })
    .exec(db)
    .await?
    .last_insert_id;
    training_rollout_unit::Entity::insert_many(r.units.iter().map(
        |(unit, parent, baseline, wave)| training_rollout_unit::ActiveModel {
            rollout_id: Set(id),
            unit_id: Set(*unit),
            parent_id: Set(*parent),
            baseline: Set(*baseline),
            wave: Set(i32::try_from(*wave).unwrap_or(i32::MAX)),
        },
    ))
    .exec_without_returning(db)
    .await?;
    Ok(id)
}

/// Rollout `id` with its units.
pub async fn find(db: &impl ConnectionTrait, id: i32) -> Result<Option<Stored>, DbErr> {
    let Some(r) = training_rollout::Entity::find_by_id(id).one(db).await? else {
        return Ok(None);
    };
    let units = training_rollout_unit::Entity::find()
        .filter(training_rollout_unit::Column::RolloutId.eq(id))
        .order_by_asc(training_rollout_unit::Column::UnitId)
        .all(db)
        .await?;
    Ok(Some((r, units)))
}

/// Every rollout with its units, latest registered first.
pub async fn all(db: &impl ConnectionTrait) -> Result<Vec<Stored>, DbErr> {
    let rollouts = training_rollout::Entity::find()
        .order_by_desc(training_rollout::Column::RegisteredAt)
        .order_by_desc(training_rollout::Column::Id)
        .all(db)
        .await?;
    let mut units = training_rollout_unit::Entity::find()
        .order_by_asc(training_rollout_unit::Column::UnitId)
        .all(db)
        .await?;
    Ok(rollouts
        .into_iter()
        .map(|r| {
            let (mine, rest): (Vec<_>, Vec<_>) =
                units.drain(..).partition(|u| u.rollout_id == r.id);
            units = rest;
            (r, mine)
        })
        .collect())
}
