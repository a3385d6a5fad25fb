//! Complaint pages: the report form, the lookup by tracking code, and the public status page.

mod form;
mod status;

pub use form::{ComplaintFormEnhance, ComplaintPage};
pub use status::{StatusPage, TrackPage};
