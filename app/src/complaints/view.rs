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
    /// A reply meant for the reporter.
    pub text: Option<String>,
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
}

/// The complaint form's units and services, and the signed time it was served.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormData {
    pub units: Vec<crate::units::domain::UnitView>,
    pub token: String,
}

/// What the reporter typed when reopening was refused, for the status page to show again.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReopenFormState {
    pub email: String,
    pub reason: String,
    /// The message key's code (`reopen_closed`, ...).
    pub error: String,
}
