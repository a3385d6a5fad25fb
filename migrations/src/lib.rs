//! The database schema of Suara, one migration per change, run at start and by the tests.

pub use sea_orm_migration::prelude::*;

mod m20261122_000001_units_services;
mod m20261122_000002_survey_responses;
mod m20261122_000003_complaints;
mod m20261122_000004_accounts;
mod m20261122_000005_triage;
mod m20261122_000006_training;
mod m20261201_000007_survey_monthly;
mod m20261202_000008_complaint_public_id;
mod m20261202_000009_service_keywords;
mod m20261203_000010_reporter_conversation;
mod m20261203_000011_feedback_retention;
mod m20261204_000012_survey_submission;
mod m20261204_000013_kiosks;
mod m20261205_000014_queue_order;
mod m20261206_000015_report_retention;
mod m20261206_000016_session_idle;
mod m20261207_000017_training_rollouts;
mod m20261208_000018_training_comparison;
mod m20261209_000019_typed_event_details;
mod m20261210_000020_survey_moments;
mod m20261211_000021_ikm_alarms;
mod m20261212_000022_skm_follow_ups;
mod m20261213_000023_survey_day_moments;
mod m20261214_000024_case_work;
mod m20261215_000025_case_outcomes;
mod m20261216_000026_kiosk_held;
mod m20261217_000027_queue_at_scale;
mod m20261218_000028_queue_status_order;
mod m20261219_000029_survey_profile;
mod m20261220_000030_catalog_version;
mod m20261221_000031_code_prefix;
mod m20261222_000032_case_lookups;
mod m20261223_000033_category_tallies;

pub use m20261217_000027_queue_at_scale::PG_REPORT_TEXT;

/// Every migration of the schema, in order.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261122_000001_units_services::Migration),
            Box::new(m20261122_000002_survey_responses::Migration),
            Box::new(m20261122_000003_complaints::Migration),
            Box::new(m20261122_000004_accounts::Migration),
            Box::new(m20261122_000005_triage::Migration),
            Box::new(m20261122_000006_training::Migration),
            Box::new(m20261201_000007_survey_monthly::Migration),
            Box::new(m20261202_000008_complaint_public_id::Migration),
            Box::new(m20261202_000009_service_keywords::Migration),
            Box::new(m20261203_000010_reporter_conversation::Migration),
            Box::new(m20261203_000011_feedback_retention::Migration),
            Box::new(m20261204_000012_survey_submission::Migration),
            Box::new(m20261204_000013_kiosks::Migration),
            Box::new(m20261205_000014_queue_order::Migration),
            Box::new(m20261206_000015_report_retention::Migration),
            Box::new(m20261206_000016_session_idle::Migration),
            Box::new(m20261207_000017_training_rollouts::Migration),
            Box::new(m20261208_000018_training_comparison::Migration),
            Box::new(m20261209_000019_typed_event_details::Migration),
            Box::new(m20261210_000020_survey_moments::Migration),
            Box::new(m20261211_000021_ikm_alarms::Migration),
            Box::new(m20261212_000022_skm_follow_ups::Migration),
            Box::new(m20261213_000023_survey_day_moments::Migration),
            Box::new(m20261214_000024_case_work::Migration),
            Box::new(m20261215_000025_case_outcomes::Migration),
            Box::new(m20261216_000026_kiosk_held::Migration),
            Box::new(m20261217_000027_queue_at_scale::Migration),
            Box::new(m20261218_000028_queue_status_order::Migration),
            Box::new(m20261219_000029_survey_profile::Migration),
            Box::new(m20261220_000030_catalog_version::Migration),
            Box::new(m20261221_000031_code_prefix::Migration),
            Box::new(m20261222_000032_case_lookups::Migration),
            Box::new(m20261223_000033_category_tallies::Migration),
        ]
    }
}
