//! Email: templates in Bahasa Indonesia and English, an outbox written in the same
//! transaction as the event that causes the mail, and a worker that sends it with retries.

pub mod outbox;
pub mod templates;
pub mod transport;
pub mod worker;

use serde::{Deserialize, Serialize};

/// One message as the outbox keeps it (sealed at rest).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
}
