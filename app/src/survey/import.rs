//! Survey responses from a CSV file, for units that ran paper surveys or another app:
//! `date,service_code,U1,...,U9,gender,age,education,occupation,suggestion`, the date
//! `YYYY-MM-DD` in WIB. An answer may be left empty (a blank on paper), as long as one is
//! given. Every line is checked first; nothing is written unless all are valid.

use super::domain::{ELEMENT_COUNT, Element, RawSurvey};
use crate::csv_import::Rejected;
use crate::entities::survey_response;
use chrono::{NaiveDate, NaiveTime, TimeZone, Utc};
use sea_orm::{ActiveValue::NotSet, ActiveValue::Set, ConnectionTrait, DbErr};
use std::collections::{BTreeMap, HashMap};

/// Largest CSV accepted by the survey import (about 600,000 rows).
pub const IMPORT_BODY_BYTES: usize = 64 * 1024 * 1024;

/// The header the file must start with.
pub const HEADER: [&str; 16] = [
    "date",
    "service_code",
    "U1",
    "U2",
    "U3",
    "U4",
    "U5",
    "U6",
    "U7",
    "U8",
    "U9",
    "gender",
    "age",
    "education",
    "occupation",
    "suggestion",
];

/// Rows written per `INSERT` (well under SQLite's and PostgreSQL's bind limits).
const BATCH: usize = 500;

/// What an import did: rows written, or every refused line and nothing written.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SurveyImport {
    pub imported: usize,
    pub rejected: Vec<Rejected>,
}

struct Row {
    service_id: i32,
    day: NaiveDate,
    scores: [Option<u8>; ELEMENT_COUNT],
    raw: RawSurvey,
}

/// Checks every line; writes them all in the caller's transaction, with the daily sums, or
/// none. `today` (WIB) bounds the dates: a survey cannot come from the future.
pub async fn import(
    db: &impl ConnectionTrait,
    text: &str,
    today: NaiveDate,
) -> Result<SurveyImport, DbErr> {
    let services: HashMap<String, i32> = crate::units::repo::all_services(db)
        .await?
        .into_iter()
        .map(|s| (s.code, s.id))
        .collect();
    let mut rejected = Vec::new();
    let mut rows = Vec::new();
    let mut rdr = crate::csv_import::reader(text);
    for (i, rec) in rdr.records().enumerate() {
        let line = i + 1;
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                rejected.push(Rejected::new(line, "unreadable", &[("error", &e)]));
                continue;
            }
        };
        let f: Vec<&str> = rec.iter().map(str::trim).collect();
        if line == 1 {
            if f != HEADER {
                rejected.push(Rejected::new(1, "header", &[("header", &HEADER.join(","))]));
                break;
            }
            continue;
        }
        if f.iter().all(|s| s.is_empty()) {
            continue;
        }
        match parse_row(&f, &services, today) {
            Ok(row) => rows.push(row),
            Err((key, args)) => {
                let args: Vec<(&str, &dyn ToString)> =
                    args.iter().map(|(k, v)| (*k, v as &dyn ToString)).collect();
                rejected.push(Rejected::new(line, key, &args));
            }
        }
    }
    if text.trim().is_empty() {
        rejected.push(Rejected::new(1, "header", &[("header", &HEADER.join(","))]));
    }
    if !rejected.is_empty() {
        return Ok(SurveyImport {
            imported: 0,
            rejected,
        });
    }
    let mut daily: BTreeMap<(i32, NaiveDate), super::index::Totals> = BTreeMap::new();
    for chunk in rows.chunks(BATCH) {
        let models = chunk.iter().map(|r| {
            let model = to_model(r);
            let t = daily.entry((r.service_id, r.day)).or_default();
            t.add_response(r.scores);
            t.profile.add_row(&model);
            model
        });
        super::repo::insert_rows(db, models.collect()).await?;
    }
    super::repo::add_totals_by_day(db, &daily).await?;
    Ok(SurveyImport {
        imported: rows.len(),
        rejected,
    })
}

type Problem = (&'static str, Vec<(&'static str, String)>);

fn parse_row(
    f: &[&str],
    services: &HashMap<String, i32>,
    today: NaiveDate,
) -> Result<Row, Problem> {
    if f.len() != HEADER.len() {
        return Err((
            "columns",
            vec![
                ("found", f.len().to_string()),
                ("expected", HEADER.len().to_string()),
            ],
        ));
    }
    let day = NaiveDate::parse_from_str(f[0], "%Y-%m-%d")
        .map_err(|_| ("survey_date", vec![("value", f[0].to_string())]))?;
    if day > today {
        return Err(("survey_future", vec![("value", f[0].to_string())]));
    }
    let service_id = *services
        .get(f[1])
        .ok_or_else(|| ("survey_service", vec![("code", f[1].to_string())]))?;
    let mut scores = [None; ELEMENT_COUNT];
    for e in Element::ALL {
        let cell = f[2 + e.index()];
        if cell.is_empty() {
            continue;
        }
        match cell.parse::<u8>() {
            Ok(s @ 1..=4) => scores[e.index()] = Some(s),
            _ => {
                return Err((
                    "survey_score",
                    vec![
                        ("element", e.code().to_string()),
                        ("value", cell.to_string()),
                    ],
                ));
            }
        }
    }
    if scores.iter().all(Option::is_none) {
        return Err(("survey_no_answer", vec![]));
    }
    let text = |s: &str| (!s.is_empty()).then(|| s.to_string());
    // The respondent fields go through the form's own checks; blank answers stand in as 1
    // there and are kept blank here.
    let raw = RawSurvey {
        answers: Element::ALL
            .iter()
            .map(|e| {
                (
                    e.code().to_string(),
                    Some(i64::from(scores[e.index()].unwrap_or(1))),
                )
            })
            .collect(),
        gender: text(f[11]).map(|g| g.to_ascii_uppercase()),
        age: text(f[12]),
        education: text(f[13]).map(|s| s.to_ascii_lowercase()),
        occupation: text(f[14]).map(|s| s.to_ascii_lowercase()),
        suggestion: text(f[15]),
    };
    if let Err(errors) = raw.parse() {
        let field = errors.first().map(|e| e.field()).unwrap_or_default();
        return Err(("survey_field", vec![("field", field)]));
    }
    Ok(Row {
        service_id,
        day,
        scores,
        raw,
    })
}

fn to_model(r: &Row) -> survey_response::ActiveModel {
    let s = |i: usize| Set(r.scores[i].map(i16::from));
    // Paper forms carry a date, not a time: noon WIB of that day (05:00 UTC).
    let at = Utc.from_utc_datetime(
        &r.day
            .and_time(NaiveTime::from_hms_opt(5, 0, 0).unwrap_or_default()),
    );
    survey_response::ActiveModel {
        id: NotSet,
        service_id: Set(r.service_id),
        submitted_at: Set(at),
        day: Set(r.day),
        u1: s(0),
        u2: s(1),
        u3: s(2),
        u4: s(3),
        u5: s(4),
        u6: s(5),
        u7: s(6),
        u8: s(7),
        u9: s(8),
        gender: Set(r.raw.gender.clone()),
        age: Set(r.raw.age.as_deref().and_then(|a| a.parse().ok())),
        education: Set(r.raw.education.clone()),
        occupation: Set(r.raw.occupation.clone()),
        suggestion: Set(r.raw.suggestion.clone()),
        lang: Set("id".into()),
        source: Set("import".into()),
        submission_id: Set(None),
        received_at: Set(None),
        kiosk_id: Set(None),
    }
}

/// Imports survey responses (CSV, all or nothing) and records it in the audit log.
pub async fn import_surveys_text(
    state: &crate::state::AppState,
    actor: Option<i32>,
    text: &str,
) -> Result<SurveyImport, crate::web::error::AppError> {
    let today = crate::clock::today();
    let (_writing, txn) = state.begin_write().await?;
    let report = import(&txn, text, today).await?;
    if !report.rejected.is_empty() {
        return Ok(report);
    }
    crate::audit::record(
        &txn,
        crate::audit::Actor::staff_or_system(actor),
        "surveys.import",
        None,
        serde_json::json!({"imported": report.imported}),
    )
    .await?;
    txn.commit().await?;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn services() -> HashMap<String, i32> {
        HashMap::from([("skj-pkb".to_string(), 1)])
    }

    fn row(s: &str) -> Result<Row, Problem> {
        let f: Vec<&str> = s.split(',').collect();
        parse_row(
            &f,
            &services(),
            NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
        )
    }

    #[test]
    fn a_good_row_keeps_blank_answers_blank() {
        let r = row("2026-03-02,skj-pkb,4,3,,4,3,3,4,2,1,p,41,S1,PNS,Cepat").unwrap();
        assert_eq!(r.scores[2], None);
        assert_eq!(r.scores[8], Some(1));
        assert_eq!(r.raw.gender.as_deref(), Some("P"));
        assert_eq!(r.raw.education.as_deref(), Some("s1"));
    }

    #[test]
    fn each_bad_field_is_named() {
        let key = |s: &str| row(s).err().map(|(k, _)| k);
        assert_eq!(
            key("2026-02-30,skj-pkb,4,4,4,4,4,4,4,4,4,,,,,"),
            Some("survey_date")
        );
        assert_eq!(
            key("2027-01-01,skj-pkb,4,4,4,4,4,4,4,4,4,,,,,"),
            Some("survey_future")
        );
        assert_eq!(
            key("2026-02-03,nope,4,4,4,4,4,4,4,4,4,,,,,"),
            Some("survey_service")
        );
        assert_eq!(
            key("2026-02-03,skj-pkb,4,5,4,4,4,4,4,4,4,,,,,"),
            Some("survey_score")
        );
        assert_eq!(
            key("2026-02-03,skj-pkb,,,,,,,,,,,,,,"),
            Some("survey_no_answer")
        );
        assert_eq!(
            key("2026-02-03,skj-pkb,4,4,4,4,4,4,4,4,4,X,,,,"),
            Some("survey_field")
        );
        assert_eq!(
            key("2026-02-03,skj-pkb,4,4,4,4,4,4,4,4,4,,5,,,"),
            Some("survey_field")
        );
        assert_eq!(key("2026-02-03,skj-pkb,4"), Some("columns"));
    }
}
