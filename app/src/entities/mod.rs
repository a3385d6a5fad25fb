//! sea-orm entities of the tables the migrations create; used only by `repo.rs` modules.

pub mod service;
pub mod survey_daily;
pub mod survey_response;
pub mod unit;
