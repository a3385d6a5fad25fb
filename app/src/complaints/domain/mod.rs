//! Complaint rules shared by the server and the browser: conduct categories, reporter modes,
//! statuses (`status.rs`), the kinds of history entries (`event.rs`), tracking codes (`tracking_code.rs`), reply keys (`reply_key.rs`),
//! parsing a report into a valid new complaint (`parse.rs`), the workflow's state machine
//! (`workflow.rs`), the legal time limits (`limits.rs`) and what a resolution found and did
//! (`outcome.rs`).

mod event;
pub mod limits;
pub mod outcome;
mod parse;
mod reply_key;
mod status;
mod tracking_code;
pub mod workflow;

pub use event::{EventKind, FeedbackAnswer};
#[cfg(feature = "hydrate")]
pub(crate) use parse::parse_ymd;
pub use parse::{ComplaintError, FIELDS, NewComplaint, RawComplaint, Reporter};
pub use reply_key::{KEY_RANDOM_DIGITS, KeyError, ReplyKey};
pub use status::Status;
pub use tracking_code::{CODE_ALPHABET, CODE_RANDOM_CHARS, CodeError, TrackingCode};

use serde::{Deserialize, Serialize};

/// Shortest account of what happened that inspectors can act on, in characters.
pub const MIN_WHAT_CHARS: usize = 20;
/// Longest account of what happened, in characters.
pub const MAX_WHAT_CHARS: usize = 4000;
/// Longest answer to each of who, where, when and how, in characters.
pub const MAX_DETAIL_CHARS: usize = 1000;
/// Longest reporter name, in characters.
pub const MAX_NAME_CHARS: usize = 120;
/// Most evidence files on one complaint.
pub const MAX_FILES: usize = 5;
/// Largest evidence file, in bytes.
pub const MAX_FILE_BYTES: usize = 5 * 1024 * 1024;

/// Name of the honeypot field: hidden from people, filled by naive bots.
pub const HONEYPOT_FIELD: &str = "website";
/// Name of the signed "form served at" field.
pub const FORM_TOKEN_FIELD: &str = "form_token";

/// A conduct category (PP 94/2021 and WBS practice), exchanged by its code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Category {
    Pungli,
    Gratifikasi,
    PenyalahgunaanWewenang,
    TidakSopan,
    Diskriminasi,
    Indisipliner,
    Netralitas,
    Maladministrasi,
    Lainnya,
}

impl Category {
    /// Every category, in the order the form lists them.
    pub const ALL: [Category; 9] = [
        Category::Pungli,
        Category::Gratifikasi,
        Category::PenyalahgunaanWewenang,
        Category::TidakSopan,
        Category::Diskriminasi,
        Category::Indisipliner,
        Category::Netralitas,
        Category::Maladministrasi,
        Category::Lainnya,
    ];

    /// The stable code used in forms, the API and Open311.
    pub fn code(self) -> &'static str {
        match self {
            Category::Pungli => "pungli",
            Category::Gratifikasi => "gratifikasi",
            Category::PenyalahgunaanWewenang => "penyalahgunaan_wewenang",
            Category::TidakSopan => "tidak_sopan",
            Category::Diskriminasi => "diskriminasi",
            Category::Indisipliner => "indisipliner",
            Category::Netralitas => "netralitas",
            Category::Maladministrasi => "maladministrasi",
            Category::Lainnya => "lainnya",
        }
    }

    /// The category with this code.
    pub fn from_code(code: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.code() == code)
    }
}

/// How the reporter chose to be known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Mode {
    /// Name and contact visible to the handling staff.
    Terbuka,
    /// Identity stored sealed, visible only to the inspectors handling the case.
    Rahasia,
    /// No identity and no address stored at all.
    Anonim,
}

impl Mode {
    /// Every mode, in the order the form offers them.
    pub const ALL: [Mode; 3] = [Mode::Terbuka, Mode::Rahasia, Mode::Anonim];

    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            Mode::Terbuka => "terbuka",
            Mode::Rahasia => "rahasia",
            Mode::Anonim => "anonim",
        }
    }

    /// The mode with this code.
    pub fn from_code(code: &str) -> Option<Mode> {
        Mode::ALL.into_iter().find(|m| m.code() == code)
    }
}
