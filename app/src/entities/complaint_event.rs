//! One entry in a complaint's history: its filing, a status change, or a reply.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "complaint_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub complaint_id: i64,
    pub at: DateTimeUtc,
    pub kind: String,
    pub status_from: Option<String>,
    pub status_to: Option<String>,
    pub actor_user_id: Option<i32>,
    /// Internal: why staff did it. Never shown to the reporter.
    #[sea_orm(column_type = "Text")]
    pub reason: Option<String>,
    /// What the reporter sees on the status page.
    #[sea_orm(column_type = "Text")]
    pub public_text: Option<String>,
    /// What the reporter wrote (an answer, added information): staff only.
    #[sea_orm(column_type = "Text")]
    pub message: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
