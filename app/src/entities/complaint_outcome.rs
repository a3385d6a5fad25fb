//! What a resolved complaint proved: its finding (one per case; replaced when a reopened
//! case is resolved again).

use crate::complaints::domain::outcome::Finding;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "complaint_outcomes")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub complaint_id: i64,
    pub finding: Finding,
    pub recorded_by: Option<i32>,
    pub recorded_at: DateTimeUtc,
    /// Recorded once after the case was resolved without a finding.
    pub completed_later: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
