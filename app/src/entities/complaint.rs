//! One conduct complaint.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "complaints")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub tracking_code: String,
    pub unit_id: i32,
    pub service_id: Option<i32>,
    pub category: String,
    pub mode: String,
    pub status: String,
    #[sea_orm(column_type = "Text")]
    pub what: String,
    #[sea_orm(column_type = "Text")]
    pub who: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub place: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub time_text: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub how: Option<String>,
    pub incident_date: Option<Date>,
    #[sea_orm(column_type = "Text")]
    pub reporter_sealed: Option<String>,
    pub reporter_has_email: bool,
    pub lang: String,
    pub source: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// `desk` (14 working days) or `field` (60), set at verification.
    pub class: Option<String>,
    /// The unit the case is dispositioned to.
    pub assigned_unit_id: Option<i32>,
    /// Last day (WIB) of the current step's limit; none once the case is finished.
    pub due_date: Option<Date>,
    /// Last day of the overall limit, from verification.
    pub resolve_due: Option<Date>,
    /// Tracking code of the case this one duplicates.
    pub duplicate_of: Option<String>,
    /// Random id published by Open311 instead of the tracking code (the reporter's secret).
    pub public_id: Option<String>,
    /// Argon2 hash (PHC string) of the reporter's reply key; none for older reports.
    #[sea_orm(column_type = "Text")]
    pub reply_key_hash: Option<String>,
    /// WIB day a question to the reporter was asked, while it waits; deadlines pause.
    pub awaiting_since: Option<Date>,
    /// The reporter wrote since staff last acted on the case.
    pub reporter_news: bool,
    /// Wrong reply keys in a row.
    pub key_failures: i32,
    /// Too many wrong keys: none is tried until then.
    pub key_locked_until: Option<DateTimeUtc>,
    /// The reporter's latest answer to "Sudah selesai?" (kept for the statistics).
    pub reporter_confirmed: Option<bool>,
    /// The reporter's latest rating of the handling, 1 to 4.
    pub handling_rating: Option<i16>,
    /// When the case reached `closed`, `rejected` or `duplicate`: retention counts from it.
    pub closed_at: Option<DateTimeUtc>,
    /// When the sealed identity and address were erased.
    pub identity_erased_at: Option<DateTimeUtc>,
    /// When the evidence files were erased.
    pub files_erased_at: Option<DateTimeUtc>,
    /// When the conversation was erased.
    pub conversation_erased_at: Option<DateTimeUtc>,
    /// When the report's own words (what, who, where, when, how) were erased.
    pub report_erased_at: Option<DateTimeUtc>,
    /// The inspector who took the case or was assigned it.
    pub handler_user_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
