//! A training program for civil servants.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "training_programs")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub name: String,
    pub topic: String,
    /// Comma-separated element codes.
    pub target_elements: String,
    pub participants: i32,
    pub start_date: Date,
    pub end_date: Date,
    pub created_at: DateTimeUtc,
    /// Its comparison set was fixed at registration (`training_comparison_units`, possibly
    /// empty); false for programs registered before sets were stored.
    pub comparison_fixed: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
