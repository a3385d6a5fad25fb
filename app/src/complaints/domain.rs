//! Complaint rules shared by the server and the browser: conduct categories, reporter modes,
//! statuses, tracking codes, and parsing a report into a valid new complaint.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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

/// Where a complaint stands in the inspectors' workflow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Status {
    Received,
    Verified,
    Rejected,
    Duplicate,
    Dispositioned,
    FollowedUp,
    Resolved,
    Closed,
}

impl Status {
    /// Every status, in workflow order.
    pub const ALL: [Status; 8] = [
        Status::Received,
        Status::Verified,
        Status::Rejected,
        Status::Duplicate,
        Status::Dispositioned,
        Status::FollowedUp,
        Status::Resolved,
        Status::Closed,
    ];

    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            Status::Received => "received",
            Status::Verified => "verified",
            Status::Rejected => "rejected",
            Status::Duplicate => "duplicate",
            Status::Dispositioned => "dispositioned",
            Status::FollowedUp => "followed_up",
            Status::Resolved => "resolved",
            Status::Closed => "closed",
        }
    }

    /// The status with this code.
    pub fn from_code(code: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Whether the case is finished from a citizen's point of view (Open311 `closed`).
    pub fn is_finished(self) -> bool {
        matches!(
            self,
            Status::Rejected | Status::Duplicate | Status::Resolved | Status::Closed
        )
    }
}

/// Letters of tracking codes: Crockford's base 32, without I, L, O and U, so that nothing
/// read aloud or typed on a phone keyboard is ambiguous.
pub const CODE_ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Random characters in a tracking code (55 bits).
pub const CODE_RANDOM_CHARS: usize = 11;

fn digit_of(c: u8) -> Option<usize> {
    CODE_ALPHABET.iter().position(|&a| a == c)
}

/// Luhn mod 32 sum: catches every single wrong character and every swap of two neighbours
/// except `0` with `Z` (the one blind spot of Luhn mod N).
fn luhn_sum(digits: impl DoubleEndedIterator<Item = usize>, start_double: bool) -> usize {
    let n = CODE_ALPHABET.len();
    let mut double = start_double;
    digits.rev().fold(0, |sum, d| {
        let v = if double { d * 2 } else { d };
        double = !double;
        sum + v / n + v % n
    })
}

/// A complaint's public tracking code: 11 random characters and a check character, shown
/// in groups of four (`7KQ2-MX9D-4TRB`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TrackingCode(String);

/// Why a typed tracking code was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodeError {
    /// Wrong length or a character that is never used.
    Malformed,
    /// Well formed but the check character does not match: a typo.
    Typo,
}

impl TrackingCode {
    /// A code from 11 random bytes (each byte picks a letter; 256 is a multiple of 32).
    pub fn from_random(bytes: [u8; CODE_RANDOM_CHARS]) -> TrackingCode {
        let n = CODE_ALPHABET.len();
        let digits: Vec<usize> = bytes.iter().map(|b| usize::from(*b) % n).collect();
        let check = (n - luhn_sum(digits.iter().copied(), true) % n) % n;
        let s = digits
            .iter()
            .chain(std::iter::once(&check))
            .map(|&d| char::from(CODE_ALPHABET[d]))
            .collect();
        TrackingCode(s)
    }

    /// Reads a typed code: case, spaces and dashes do not matter, and O, I and L are read
    /// as 0, 1 and 1.
    pub fn parse(text: &str) -> Result<TrackingCode, CodeError> {
        let s: String = text
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .map(|c| match c.to_ascii_uppercase() {
                'O' => '0',
                'I' | 'L' => '1',
                c => c,
            })
            .collect();
        if s.len() != CODE_RANDOM_CHARS + 1 {
            return Err(CodeError::Malformed);
        }
        let digits: Vec<usize> = s
            .bytes()
            .map(digit_of)
            .collect::<Option<_>>()
            .ok_or(CodeError::Malformed)?;
        if !luhn_sum(digits.into_iter(), false).is_multiple_of(CODE_ALPHABET.len()) {
            return Err(CodeError::Typo);
        }
        Ok(TrackingCode(s))
    }

    /// The code without separators, as stored and used in URLs.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The code in groups of four, for reading aloud and printing.
    pub fn grouped(&self) -> String {
        let b = self.0.as_bytes();
        b.chunks(4)
            .map(|c| std::str::from_utf8(c).unwrap_or_default())
            .collect::<Vec<_>>()
            .join("-")
    }
}

/// A problem with one field of a report.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{code} on {field}")]
pub struct ComplaintError {
    /// Stable snake_case code, also the message key `error.<code>`.
    pub code: &'static str,
    /// The form field (and API field) concerned.
    pub field: &'static str,
}

fn err(code: &'static str, field: &'static str) -> ComplaintError {
    ComplaintError { code, field }
}

/// A report as typed: every field text, nothing checked yet. Field names are those of the
/// form and of the JSON API (`reporter.name` for the nested reporter object).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawComplaint {
    pub fields: BTreeMap<String, String>,
}

/// Every field a report may carry.
pub const FIELDS: [&str; 13] = [
    "unit_code",
    "service_code",
    "category",
    "mode",
    "what",
    "who",
    "where",
    "when",
    "how",
    "incident_date",
    "reporter.name",
    "reporter.email",
    "reporter.phone",
];

/// The reporter's identity as given (never for anonim).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reporter {
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
}

/// A valid report, ready to be stored (the unit and service codes still to be looked up).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewComplaint {
    pub unit_code: String,
    pub service_code: Option<String>,
    pub category: Category,
    pub mode: Mode,
    pub what: String,
    pub who: Option<String>,
    pub place: Option<String>,
    pub time_text: Option<String>,
    pub how: Option<String>,
    pub incident_date: Option<NaiveDate>,
    /// `None` exactly when the mode is anonim.
    pub reporter: Option<Reporter>,
}

/// A `YYYY-MM-DD` date, read without chrono's format machinery (it would weigh on the
/// browser bundle).
pub(crate) fn parse_ymd(s: &str) -> Option<NaiveDate> {
    let mut parts = s.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

fn valid_phone(s: &str) -> bool {
    let digits = s.chars().filter(char::is_ascii_digit).count();
    (8..=15).contains(&digits)
        && s.chars()
            .enumerate()
            .all(|(i, c)| c.is_ascii_digit() || " -().".contains(c) || (c == '+' && i == 0))
}

impl RawComplaint {
    /// A raw report from form pairs (unknown names are ignored, later values win).
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> RawComplaint {
        let fields = pairs
            .into_iter()
            .filter(|(k, _)| FIELDS.contains(k))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        RawComplaint { fields }
    }

    fn get(&self, field: &str) -> Option<&str> {
        self.fields
            .get(field)
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
    }

    fn text(
        &self,
        field: &'static str,
        max: usize,
        errs: &mut Vec<ComplaintError>,
    ) -> Option<String> {
        let v = self.get(field)?;
        if v.chars().count() > max {
            errs.push(err("text_too_long", field));
        }
        Some(v.to_string())
    }

    /// Checks every field; all problems are reported at once, in form order. `today` (WIB)
    /// refuses incident dates in the future; the browser passes `None` and leaves that to
    /// the server.
    pub fn parse(&self, today: Option<NaiveDate>) -> Result<NewComplaint, Vec<ComplaintError>> {
        let mut errs = Vec::new();
        let unit_code = self.get("unit_code").map(str::to_string);
        if unit_code.is_none() {
            errs.push(err("unit_missing", "unit_code"));
        }
        let service_code = self.get("service_code").map(str::to_string);
        let category = match self.get("category") {
            None => {
                errs.push(err("category_missing", "category"));
                None
            }
            Some(c) => Category::from_code(c).or_else(|| {
                errs.push(err("category_invalid", "category"));
                None
            }),
        };
        let mode = match self.get("mode") {
            None => {
                errs.push(err("mode_missing", "mode"));
                None
            }
            Some(m) => Mode::from_code(m).or_else(|| {
                errs.push(err("mode_invalid", "mode"));
                None
            }),
        };
        let what = match self.get("what") {
            None => {
                errs.push(err("what_missing", "what"));
                None
            }
            Some(w) if w.chars().count() < MIN_WHAT_CHARS => {
                errs.push(err("what_too_short", "what"));
                None
            }
            Some(_) => self.text("what", MAX_WHAT_CHARS, &mut errs),
        };
        let who = self.text("who", MAX_DETAIL_CHARS, &mut errs);
        let place = self.text("where", MAX_DETAIL_CHARS, &mut errs);
        let time_text = self.text("when", MAX_DETAIL_CHARS, &mut errs);
        let how = self.text("how", MAX_DETAIL_CHARS, &mut errs);
        let incident_date = match self.get("incident_date") {
            None => None,
            Some(d) => match parse_ymd(d) {
                Some(d) if today.is_some_and(|t| d > t) => {
                    errs.push(err("incident_date_in_future", "incident_date"));
                    None
                }
                Some(d) if d < NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or(d) => {
                    errs.push(err("incident_date_invalid", "incident_date"));
                    None
                }
                Some(d) => Some(d),
                None => {
                    errs.push(err("incident_date_invalid", "incident_date"));
                    None
                }
            },
        };
        let reporter = self.reporter(mode, &mut errs);
        match (unit_code, category, mode, what) {
            (Some(unit_code), Some(category), Some(mode), Some(what)) if errs.is_empty() => {
                Ok(NewComplaint {
                    unit_code,
                    service_code,
                    category,
                    mode,
                    what,
                    who,
                    place,
                    time_text,
                    how,
                    incident_date,
                    reporter,
                })
            }
            _ => Err(errs),
        }
    }

    fn reporter(&self, mode: Option<Mode>, errs: &mut Vec<ComplaintError>) -> Option<Reporter> {
        let name = self.get("reporter.name");
        let email = self.get("reporter.email");
        let phone = self.get("reporter.phone");
        if mode == Some(Mode::Anonim) {
            for (field, v) in [
                ("reporter.name", name),
                ("reporter.email", email),
                ("reporter.phone", phone),
            ] {
                if v.is_some() {
                    errs.push(err("reporter_not_allowed", field));
                }
            }
            return None;
        }
        // Every field is checked on its own, so a bad email is named even before a name.
        match name {
            None if mode.is_some() => errs.push(err("reporter_name_missing", "reporter.name")),
            Some(n) if n.chars().count() > MAX_NAME_CHARS => {
                errs.push(err("text_too_long", "reporter.name"));
            }
            _ => {}
        }
        if email.is_some_and(|e| crate::accounts::domain::normalize_email(e).is_none()) {
            errs.push(err("email_invalid", "reporter.email"));
        }
        if phone.is_some_and(|p| !valid_phone(p)) {
            errs.push(err("phone_invalid", "reporter.phone"));
        }
        let name = name?;
        Some(Reporter {
            name: name.to_string(),
            email: email.map(str::to_string),
            phone: phone.map(str::to_string),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(pairs: &[(&str, &str)]) -> RawComplaint {
        RawComplaint::from_pairs(pairs.iter().copied())
    }

    fn good() -> Vec<(&'static str, &'static str)> {
        vec![
            ("unit_code", "samsat-kota"),
            ("category", "pungli"),
            ("mode", "rahasia"),
            (
                "what",
                "Petugas loket meminta uang tambahan Rp50.000 di luar tarif resmi.",
            ),
            ("reporter.name", "Siti Aminah"),
            ("reporter.email", "siti@example.id"),
        ]
    }

    fn today() -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(2026, 11, 22)
    }

    #[test]
    fn a_bad_email_or_phone_is_named_even_without_a_name() {
        let mut pairs = good();
        pairs.retain(|(k, _)| *k != "reporter.name");
        pairs.retain(|(k, _)| *k != "reporter.email");
        pairs.push(("reporter.email", "siti@"));
        pairs.push(("reporter.phone", "12"));
        let errs = raw(&pairs).parse(today()).unwrap_err();
        let fields: Vec<_> = errs.iter().map(|e| (e.field, e.code)).collect();
        assert_eq!(
            fields,
            [
                ("reporter.name", "reporter_name_missing"),
                ("reporter.email", "email_invalid"),
                ("reporter.phone", "phone_invalid"),
            ]
        );
    }

    #[test]
    fn a_complete_rahasia_report_parses_with_its_reporter() {
        let c = raw(&good()).parse(today()).unwrap();
        assert_eq!(c.category, Category::Pungli);
        assert_eq!(c.mode, Mode::Rahasia);
        assert_eq!(
            c.reporter.unwrap().email.as_deref(),
            Some("siti@example.id")
        );
    }

    #[test]
    fn anonim_refuses_any_identity_and_terbuka_needs_a_name() {
        let mut p = good();
        p[2] = ("mode", "anonim");
        let errs = raw(&p).parse(today()).unwrap_err();
        assert_eq!(
            errs.iter().map(|e| e.field).collect::<Vec<_>>(),
            ["reporter.name", "reporter.email"]
        );
        assert!(errs.iter().all(|e| e.code == "reporter_not_allowed"));
        let p: Vec<_> = good()
            .into_iter()
            .filter(|(k, _)| !k.starts_with("reporter"))
            .map(|(k, v)| if k == "mode" { (k, "terbuka") } else { (k, v) })
            .collect();
        let errs = raw(&p).parse(today()).unwrap_err();
        assert_eq!(errs[0].code, "reporter_name_missing");
        let mut p = p;
        p[2] = ("mode", "anonim");
        assert!(raw(&p).parse(today()).unwrap().reporter.is_none());
    }

    #[test]
    fn every_problem_is_reported_with_its_field() {
        let errs = raw(&[
            ("category", "korupsi"),
            ("what", "terlalu pendek"),
            ("incident_date", "2027-01-01"),
            ("mode", "terbuka"),
            ("reporter.name", "Budi"),
            ("reporter.email", "budi at mail"),
            ("reporter.phone", "12"),
        ])
        .parse(today())
        .unwrap_err();
        let codes: Vec<_> = errs.iter().map(|e| (e.code, e.field)).collect();
        assert_eq!(
            codes,
            [
                ("unit_missing", "unit_code"),
                ("category_invalid", "category"),
                ("what_too_short", "what"),
                ("incident_date_in_future", "incident_date"),
                ("email_invalid", "reporter.email"),
                ("phone_invalid", "reporter.phone"),
            ]
        );
    }

    #[test]
    fn tracking_codes_catch_every_single_typo_and_almost_every_neighbour_swap() {
        let code = TrackingCode::from_random([7, 200, 31, 64, 99, 1, 0, 255, 128, 17, 42]);
        let s = code.as_str().to_string();
        assert_eq!(s.len(), 12);
        assert_eq!(TrackingCode::parse(&s), Ok(code.clone()));
        assert_eq!(
            TrackingCode::parse(&code.grouped().to_lowercase()),
            Ok(code.clone())
        );
        for i in 0..s.len() {
            for &c in CODE_ALPHABET {
                let mut typo = s.clone().into_bytes();
                if typo[i] == c {
                    continue;
                }
                typo[i] = c;
                let typo = String::from_utf8(typo).unwrap();
                assert_eq!(TrackingCode::parse(&typo), Err(CodeError::Typo), "{typo}");
            }
        }
        for i in 0..s.len() - 1 {
            let mut swapped = s.clone().into_bytes();
            swapped.swap(i, i + 1);
            let pair = [swapped[i], swapped[i + 1]];
            if swapped != s.as_bytes() && pair != *b"0Z" && pair != *b"Z0" {
                let swapped = String::from_utf8(swapped).unwrap();
                assert!(TrackingCode::parse(&swapped).is_err(), "{swapped}");
            }
        }
    }

    #[test]
    fn confusable_letters_are_read_as_digits() {
        let code = TrackingCode::from_random([0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0]);
        let spoken = code.as_str().replace('0', "o").replace('1', "l");
        assert_eq!(TrackingCode::parse(&spoken), Ok(code));
        assert_eq!(TrackingCode::parse("ABC"), Err(CodeError::Malformed));
        assert_eq!(
            TrackingCode::parse("UUUUUUUUUUUU"),
            Err(CodeError::Malformed)
        );
        assert_eq!(code_grouping_example(), "7KQ2-MX9D-4TRB");
    }

    fn code_grouping_example() -> String {
        TrackingCode("7KQ2MX9D4TRB".into()).grouped()
    }
}
