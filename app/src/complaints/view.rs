//! What the public sees of a complaint (status page, API, Open311): no text, no staff, no
//! reporter.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One step in a complaint's public history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicEvent {
    pub at: DateTime<Utc>,
    /// The status reached, as a code.
    pub status: Option<String>,
    /// A reply meant for the reporter, or (when `by_reporter`) the reporter's own words.
    pub text: Option<String>,
    /// The reporter reopened the case with this event; `text` is their objection.
    #[serde(default)]
    pub by_reporter: bool,
}

/// The public view of one complaint.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicComplaint {
    pub tracking_code: String,
    pub status: String,
    pub category: String,
    pub unit_code: String,
    pub unit_name: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub events: Vec<PublicEvent>,
    /// Last day (WIB) the reporter may reopen a resolved case, while that is still possible
    /// (only reports with the reporter's email: the email proves who reopens).
    pub reopen_until: Option<chrono::NaiveDate>,
    /// While the case is open: the day (WIB) by which its current step is due.
    #[serde(default)]
    pub next_due: Option<chrono::NaiveDate>,
    /// Marked as a duplicate: the tracking code (compact) of the case it was merged into.
    #[serde(default)]
    pub merged_into: Option<String>,
}

/// The complaint form's units and services, and the signed time it was served.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormData {
    pub units: Vec<crate::units::domain::UnitView>,
    pub token: String,
    /// Today in WIB: the latest incident date the form accepts.
    pub today: chrono::NaiveDate,
}

/// What the reporter typed when reopening was refused, for the status page to show again.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReopenFormState {
    pub email: String,
    pub reason: String,
    /// The message key's code (`reopen_closed`, ...).
    pub error: String,
}

/// What the citizen typed and what was wrong, when the server sends the form back.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplaintFormState {
    pub values: std::collections::BTreeMap<String, String>,
    /// `(field, code)` pairs.
    pub errors: Vec<(String, String)>,
    /// The token of the form as first served, kept so the minimum fill time is not
    /// counted again after an error.
    pub token: Option<String>,
}
