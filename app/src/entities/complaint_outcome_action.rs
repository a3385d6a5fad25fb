//! One action taken on a finding, with the PP 94/2021 measure or the referral's target
//! where the inspector gave it.

use crate::complaints::domain::outcome::{ActionKind, Measure, ReferralTo};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "complaint_outcome_actions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub complaint_id: i64,
    pub kind: ActionKind,
    pub measure: Option<Measure>,
    pub referral_to: Option<ReferralTo>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
