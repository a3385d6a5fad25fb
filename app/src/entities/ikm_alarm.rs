//! An early-warning alarm of a unit (migration 21).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "ikm_alarms")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub unit_id: i32,
    pub raised_on: Date,
    pub last_fired_on: Date,
    pub recent_ikm: f64,
    pub baseline_ikm: f64,
    pub p: f64,
    pub element: String,
    pub element_drop: f64,
    pub recent_responses: i64,
    pub baseline_responses: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
