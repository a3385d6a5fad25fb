//! A service a unit provides, with its short public code.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "services")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub unit_id: i32,
    #[sea_orm(unique)]
    pub code: String,
    pub name: String,
    /// Estimated people served per month, for the minimum sample.
    pub monthly_served: Option<i32>,
    /// Other words people search the service by, separated by `|` (for the finder).
    #[sea_orm(column_type = "Text")]
    pub keywords: Option<String>,
    pub active: bool,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
