//! A report as typed, checked field by field into a valid new complaint.

use super::{Category, MAX_DETAIL_CHARS, MAX_NAME_CHARS, MAX_WHAT_CHARS, MIN_WHAT_CHARS, Mode};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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
}
