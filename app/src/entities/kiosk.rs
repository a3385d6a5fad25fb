//! A kiosk tablet at a unit's counter.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "kiosks")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub unit_id: i32,
    pub name: String,
    /// Codes of the services it asks about, comma-separated.
    #[sea_orm(column_type = "Text")]
    pub service_codes: String,
    /// SHA-256 (hex) of the one-time enrolment token, until used.
    pub enrol_hash: Option<String>,
    pub enrol_expires_at: Option<DateTimeUtc>,
    /// SHA-256 (hex) of the device credential, once enrolled.
    pub device_hash: Option<String>,
    pub created_by: Option<i32>,
    pub created_at: DateTimeUtc,
    pub enrolled_at: Option<DateTimeUtc>,
    pub last_contact_at: Option<DateTimeUtc>,
    pub last_response_at: Option<DateTimeUtc>,
    pub count_day: Option<Date>,
    pub count_today: i32,
    pub revoked_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
