//! What the console's kiosk page shows after a form: the new kiosk's enrolment link, or
//! what was typed and what was wrong.

use serde::{Deserialize, Serialize};

/// Days an enrolment link stays valid.
pub const ENROL_DAYS: i64 = 7;

/// A kiosk just registered from the console: its enrolment link and QR code, shown once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KioskShown {
    pub name: String,
    pub url: String,
    pub qr_svg: String,
}

/// What staff typed in the kiosk form when it was refused.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KioskFormState {
    pub name: String,
    pub unit_code: String,
    pub services: Vec<String>,
    pub field: String,
    pub error: String,
}
