//! One citizen's survey response.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "survey_responses")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub service_id: i32,
    pub submitted_at: DateTimeUtc,
    /// Calendar day of submission in WIB.
    pub day: Date,
    pub u1: Option<i16>,
    pub u2: Option<i16>,
    pub u3: Option<i16>,
    pub u4: Option<i16>,
    pub u5: Option<i16>,
    pub u6: Option<i16>,
    pub u7: Option<i16>,
    pub u8: Option<i16>,
    pub u9: Option<i16>,
    pub gender: Option<String>,
    pub age: Option<i16>,
    pub education: Option<String>,
    pub occupation: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub suggestion: Option<String>,
    pub lang: String,
    pub source: String,
    /// The client-made UUID of the submission (a repeat stores nothing); none for older
    /// rows and imports.
    pub submission_id: Option<String>,
    /// When the server stored it; `submitted_at` is when it was answered (a device that was
    /// offline sends later).
    pub received_at: Option<DateTimeUtc>,
    /// The kiosk it was answered on (`source = kiosk`).
    pub kiosk_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
