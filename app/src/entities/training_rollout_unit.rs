//! A unit of a randomized rollout: its wave, and what the draw used (its office at
//! registration and its baseline IKM).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "training_rollout_units")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub rollout_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub unit_id: i32,
    pub parent_id: Option<i32>,
    pub baseline: Option<f64>,
    pub wave: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
