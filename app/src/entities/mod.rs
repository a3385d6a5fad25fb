//! sea-orm entities of the tables the migrations create; used only by `repo.rs` modules.

pub mod audit_log;
pub mod case_note;
pub mod complaint;
pub mod complaint_event;
pub mod complaint_file;
pub mod holiday;
pub mod ikm_alarm;
pub mod job_run;
pub mod kiosk;
pub mod login_throttle;
pub mod outbox;
pub mod password_reset;
pub mod response_template;
pub mod service;
pub mod session;
pub mod skm_follow_up;
pub mod survey_response;
pub mod training_comparison_unit;
pub mod training_program;
pub mod training_rollout;
pub mod training_rollout_unit;
pub mod training_unit;
pub mod unit;
pub mod user;
pub mod user_unit;
