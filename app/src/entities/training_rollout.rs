//! A randomized rollout: a training given in waves drawn at random, registered once.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "training_rollouts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub name: String,
    pub topic: String,
    /// Comma-separated element codes.
    pub target_elements: String,
    /// Comma-separated wave start days.
    pub waves: String,
    pub seed: i64,
    pub plan_hash: String,
    pub mde: Option<f64>,
    pub registered_at: DateTimeUtc,
    pub registered_by: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
