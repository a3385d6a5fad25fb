//! A kiosk response held back because it came sooner than the kiosk's least interval.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "kiosk_held_responses")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub kiosk_id: i32,
    pub submission_id: String,
    pub service_id: i32,
    /// The questionnaire's fields as sent: a JSON array of `[name, value]` pairs.
    #[sea_orm(column_type = "Text")]
    pub fields: String,
    pub lang: String,
    pub answered_at: DateTimeUtc,
    pub held_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
