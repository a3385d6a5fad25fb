//! What a kiosk page shows after a form: on the tablet, a rating held back or refused; in the
//! console, the new kiosk's enrolment link, or what was typed and what was wrong.

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

/// A rating the tablet sent that was not stored at once, shown on the kiosk's own screen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum KioskRefusal {
    /// Held back (too soon after the last rating): stored by itself in about `secs` seconds.
    Held { secs: u64 },
    /// Not stored: the message's code (`kiosk_daily_cap`, `kiosk_busy`, `kiosk_service`).
    Refused { code: String },
}
