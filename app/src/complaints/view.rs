//! What the public sees of a complaint (status page, API, Open311): no text, no staff, no
//! reporter.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The receipt of a report just filed, shown on its status page to the person who filed it
/// (once, from the filing's sealed cookie; again after they asked for it by mail or as a
/// PDF, proven by the key).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FreshReceipt {
    /// The reply key, grouped for reading.
    pub key: String,
    /// The status page's full address (for the copied text).
    pub url: String,
    /// The reporter left an email address: the receipt went to it too.
    pub emailed: bool,
    /// Sent to that address again, at their request, just now.
    pub mailed_again: bool,
    /// Why their request was refused (a message code), if it was.
    pub error: Option<String>,
}

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
    /// `created`, `status`, `reopened_by_reporter`, `question` (text: the question to the
    /// reporter), `answer` or `reporter_info` (the reporter wrote; their words are never
    /// shown here, to whoever holds the code).
    pub kind: super::domain::EventKind,
    /// For an answer: the working days the deadlines paused while the question waited.
    #[serde(default)]
    pub paused_days: Option<u32>,
    /// For an answer or added information: how many files came with it.
    #[serde(default)]
    pub files: usize,
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
    /// (only reports with a reply key: the key proves who reopens).
    pub reopen_until: Option<chrono::NaiveDate>,
    /// While the case is open: the day (WIB) by which its current step is due.
    #[serde(default)]
    pub next_due: Option<chrono::NaiveDate>,
    /// Marked as a duplicate of another report (which one is never said: its code would
    /// open another reporter's status page).
    #[serde(default)]
    pub merged: bool,
    /// A question to the reporter waits for the answer (deadlines paused).
    #[serde(default)]
    pub awaiting_reporter: bool,
    /// The report holds its reporter's identity, which they may erase now (code + key).
    #[serde(default)]
    pub identity_erasable: bool,
    /// The reporter answered "Sudah selesai?" since the latest resolution.
    #[serde(default)]
    pub feedback_given: bool,
    /// The reporter may write on it with the reply key (it has one and is not closed).
    #[serde(default)]
    pub accepts_writing: bool,
    /// A rahasia report: when an inspector opened the reporter's identity, each time (never
    /// by whom).
    #[serde(default)]
    pub identity_opened: Vec<DateTime<Utc>>,
    /// Resolved: what the examination found and the kinds of action taken (never the
    /// officer, never the measure beyond its level).
    #[serde(default)]
    pub outcome: Option<PublicOutcome>,
}

/// What the reporter learns of the outcome.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PublicOutcome {
    pub finding: super::domain::outcome::Finding,
    pub actions: Vec<super::domain::outcome::ActionKind>,
}

/// What the reporter typed when answering or adding information was refused, for the
/// status page to show again.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplyFormState {
    pub key: String,
    pub text: String,
    /// The field the message is about (`reply_key`, `text`, `files`; empty: the form).
    pub field: String,
    /// The message key's code.
    pub error: String,
}

/// The reply key of a report just filed, shown once on its receipt.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FreshKey(pub String);

/// The complaint form's units and services, and the signed time it was served.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormData {
    pub units: Vec<crate::units::domain::UnitView>,
    pub token: String,
    /// Today in WIB: the latest incident date the form accepts.
    pub today: chrono::NaiveDate,
}

/// The reply key typed when erasing the identity was refused.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EraseFormState {
    pub key: String,
    /// The message key's code.
    pub error: String,
}

/// What the reporter chose and typed when their answer to "Sudah selesai?" was refused,
/// for the status page to show again.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedbackFormState {
    pub key: String,
    /// `ya`, `tidak` or empty.
    pub resolved: String,
    /// `1` to `4` or empty.
    pub rating: String,
    pub comment: String,
    /// The field the message is about (`reply_key`, `resolved`, `rating`, `comment`; empty:
    /// the form).
    #[serde(default)]
    pub field: String,
    /// The message key's code (`feedback_closed`, ...).
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
