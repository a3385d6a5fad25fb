//! Property-based tests of every parser of outside input: random and hostile input never
//! panics and always ends in the parser's typed error. First the pure parsers (tracking
//! codes, reply keys, periods, the survey and complaint forms); then through the real server
//! on SQLite: the survey's JSON and form, the complaint's JSON, the API's multipart and the
//! multipart form, Open311's
//! form with JSON and XML answers, both CSV imports, and the query strings and paths of the
//! public pages. An answer of the server is never a 5xx, and an API refusal is JSON that
//! names its error. Case counts are bounded so the suite stays fast (`PROPTEST_CASES`
//! raises them for a longer run).

use app::complaints::domain::{RawComplaint, ReplyKey, TrackingCode};
use app::survey::domain::RawSurvey;
use proptest::prelude::*;
use reqwest::StatusCode;
use serde_json::{Value, json};
use suara_tests::{Backend, OPEN311_KEY, TestApp};

/// Text a parser meets: anything, markup and other hostile snippets, and values that are
/// nearly right.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => ".{0,40}",
        2 => prop::sample::select(vec![
            "", " ", "0", "1", "4", "5", "-1", "3.5", "1e9", "99999999999999999999",
            "</textarea><script>alert(1)</script>", "<!--", "\"'><", "\u{0}", "\u{202e}",
            "2026-02-30", "2026-13-01", "1900-01-01", "9999-12-31", "2026-Q5", "2026-S3",
            "skj-pkb", "samsat-kota", "pungli", "rahasia", "anonim", "terbuka", "L", "P",
            "SMA", "PNS", "ABCD-EFGH-JKMN", "0000-0000-0000-0000", "null", "[]", "{}",
        ]).prop_map(str::to_string),
        1 => "[0-9A-Za-z-]{0,20}",
    ]
}

/// Field names: the real ones (survey, complaint, Open311) and others.
fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(vec![
            "U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9", "gender", "age",
            "education", "occupation", "suggestion", "service_code", "submission_id",
            "answered_at", "unit_code", "officer", "category", "what", "where", "when",
            "who", "how", "incident_date", "reporter_mode", "name", "email", "phone",
            "description", "attribute[unit]", "attribute[reporter_mode]",
            "attribute[incident_date]", "api_key", "lat", "long", "first_name",
        ]).prop_map(str::to_string),
        1 => "[a-z_\\[\\]]{1,12}",
    ]
}

fn pairs() -> impl Strategy<Value = Vec<(String, String)>> {
    prop::collection::vec((key(), text()), 0..24)
}

/// A JSON value of the shapes the APIs take, with random leaves.
fn json_body() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        text().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        any::<bool>().prop_map(Value::from),
        Just(Value::Null),
    ];
    let value = leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key(), inner), 0..8)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    });
    prop::collection::vec((key(), value), 0..12).prop_map(|kv| {
        let mut m: serde_json::Map<String, Value> = kv.into_iter().collect();
        // Often the shape the API expects, so the parse goes past the first check.
        if m.len().is_multiple_of(2) {
            m.insert("service_code".into(), json!("skj-pkb"));
            m.insert("unit_code".into(), json!("samsat-kota"));
        }
        Value::Object(m)
    })
}

fn csv_text() -> impl Strategy<Value = String> {
    let cell = prop_oneof![
        text(),
        Just("\"a,b\"".to_string()),
        Just("\"\"\"".to_string())
    ];
    let row = prop::collection::vec(cell, 0..18).prop_map(|cells| cells.join(","));
    (
        prop::sample::select(vec![
            "date,service_code,U1,U2,U3,U4,U5,U6,U7,U8,U9,gender,age,education,occupation,suggestion",
            "unit_code,unit_name,parent_code,service_code,service_name,monthly_served",
            "unit_code;unit_name;parent_code;service_code;service_name;monthly_served;keywords",
            "",
        ]),
        prop::collection::vec(row, 0..8),
    )
        .prop_map(|(head, rows)| {
            let mut t = head.to_string();
            for r in rows {
                t.push('\n');
                t.push_str(&r);
            }
            t
        })
}

proptest! {
    #![proptest_config(cases(512))]

    #[test]
    fn tracking_codes_and_reply_keys_parse_or_refuse(s in prop_oneof![text(), "[0-9A-Za-z -]{0,24}"]) {
        if let Ok(code) = TrackingCode::parse(&s) {
            // What it accepted reads back as itself.
            let again = TrackingCode::parse(code.as_str()).unwrap();
            prop_assert_eq!(again.as_str(), code.as_str());
        }
        if let Ok(key) = ReplyKey::parse(&s) {
            let again = ReplyKey::parse(key.as_str()).unwrap();
            prop_assert_eq!(again.as_str(), key.as_str());
        }
    }

    #[test]
    fn periods_and_granularities_parse_or_refuse(s in text()) {
        let _ = app::period::Period::parse(&s);
        let _ = app::analytics::trends::Granularity::parse(&s);
    }

    #[test]
    fn a_survey_form_parses_or_names_its_errors(p in pairs()) {
        if let Err(errors) = RawSurvey::from_form(&p).parse() {
            prop_assert!(!errors.is_empty());
        }
    }

    #[test]
    fn a_complaint_form_parses_or_names_its_errors(p in pairs()) {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 4);
        let raw = RawComplaint::from_pairs(p.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        if let Err(errors) = raw.parse(today) {
            prop_assert!(!errors.is_empty());
        }
    }
}

/// A 4xx from the JSON API is JSON that names its error.
fn typed(status: StatusCode, body: &str, what: &str) -> Result<(), TestCaseError> {
    prop_assert!(!status.is_server_error(), "{what}: {status} {body}");
    if status.is_client_error() && status != StatusCode::TOO_MANY_REQUESTS {
        let v: Value = serde_json::from_str(body)
            .map_err(|e| TestCaseError::fail(format!("{what}: not JSON ({e}): {body}")))?;
        // An error code, a list of them (Open311), or an import's refused lines.
        prop_assert!(
            v.get("error").is_some()
                || v.get("errors").is_some()
                || v.get("rejected")
                    .is_some_and(|r| r.as_array().is_some_and(|r| !r.is_empty()))
                || v.is_array(),
            "{what}: {body}"
        );
    }
    Ok(())
}

/// The server on SQLite with an import token, and a runtime to drive it from proptest.
fn server() -> (tokio::runtime::Runtime, TestApp) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let app = rt
        .block_on(suara_tests::spawn_app_with(
            Backend::Sqlite,
            &[("SUARA_API_TOKENS", "token-fuzz")],
        ))
        .expect("app");
    (rt, app)
}

fn config() -> ProptestConfig {
    cases(48)
}

/// `default` cases, or `PROPTEST_CASES` for a longer run.
fn cases(default: u32) -> ProptestConfig {
    let n = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default);
    ProptestConfig {
        // A failure is reported with its smallest input; nothing is written into the tree.
        failure_persistence: None,
        ..ProptestConfig::with_cases(n)
    }
}

#[test]
fn the_survey_api_and_form_never_fail_on_random_input() {
    let (rt, app) = server();
    proptest!(config(), |(body in json_body(), raw in ".{0,80}", form in pairs())| {
        rt.block_on(async {
            let r = app.client.post(app.url("/api/v1/surveys")).json(&body).send().await.unwrap();
            let (s, b) = (r.status(), r.text().await.unwrap());
            typed(s, &b, "survey JSON")?;
            let r = app.client.post(app.url("/api/v1/surveys"))
                .header("content-type", "application/json").body(raw).send().await.unwrap();
            let (s, b) = (r.status(), r.text().await.unwrap());
            typed(s, &b, "survey bytes")?;
            let r = app.client.post(app.url("/s/skj-pkb")).form(&form).send().await.unwrap();
            prop_assert!(
                [StatusCode::SEE_OTHER, StatusCode::UNPROCESSABLE_ENTITY].contains(&r.status()),
                "survey form: {}", r.status()
            );
            Ok(())
        })?;
    });
}

#[test]
fn the_complaint_api_form_and_open311_never_fail_on_random_input() {
    let (rt, app) = server();
    proptest!(config(), |(body in json_body(), form in pairs(), file in prop::collection::vec(any::<u8>(), 0..256), fmt in prop::sample::select(vec!["json", "xml"]))| {
        rt.block_on(async {
            let r = app.client.post(app.url("/api/v1/complaints")).json(&body).send().await.unwrap();
            let (s, b) = (r.status(), r.text().await.unwrap());
            typed(s, &b, "complaint JSON")?;
            let mut parts = reqwest::multipart::Form::new();
            for (k, v) in &form {
                parts = parts.text(k.clone(), v.clone());
            }
            parts = parts.part("evidence", reqwest::multipart::Part::bytes(file.clone()).file_name("bukti.jpg"));
            let r = app.client.post(app.url("/lapor")).multipart(parts).send().await.unwrap();
            prop_assert!(!r.status().is_server_error(), "complaint form: {}", r.status());
            // The JSON API's multipart form: the same fields and a random file.
            let mut parts = reqwest::multipart::Form::new();
            for (k, v) in &form {
                parts = parts.text(k.clone(), v.clone());
            }
            parts = parts.part("files", reqwest::multipart::Part::bytes(file.clone()).file_name("bukti.pdf"));
            let r = app.client.post(app.url("/api/v1/complaints")).multipart(parts).send().await.unwrap();
            let (s, b) = (r.status(), r.text().await.unwrap());
            typed(s, &b, "complaint multipart")?;
            let mut with_key = form.clone();
            with_key.push(("api_key".into(), OPEN311_KEY.into()));
            let r = app.client.post(app.url(&format!("/open311/v2/requests.{fmt}"))).form(&with_key).send().await.unwrap();
            let (s, b) = (r.status(), r.text().await.unwrap());
            prop_assert!(!s.is_server_error(), "Open311 {fmt}: {s} {b}");
            if fmt == "xml" {
                prop_assert!(b.starts_with("<?xml"), "Open311 XML: {b}");
            } else if s.is_client_error() {
                typed(s, &b, "Open311 JSON")?;
            }
            Ok(())
        })?;
    });
}

#[test]
fn both_csv_imports_refuse_bad_lines_and_never_fail() {
    let (rt, app) = server();
    proptest!(config(), |(text in csv_text())| {
        rt.block_on(async {
            let r = app.client.post(app.url("/api/v1/import/surveys"))
                .bearer_auth("token-fuzz").header("content-type", "text/csv")
                .body(text.clone()).send().await.unwrap();
            let (s, b) = (r.status(), r.text().await.unwrap());
            typed(s, &b, "survey CSV")?;
            let report = app::units::import::import(&app.db, &text).await;
            prop_assert!(report.is_ok(), "units CSV: {report:?}");
            Ok(())
        })?;
    });
}

#[test]
fn public_pages_answer_any_query_string_or_path_without_failing() {
    let (rt, app) = server();
    let paths = prop::sample::select(vec![
        "/ikm?periode=",
        "/statistik?periode=",
        "/layanan?q=",
        "/lacak/",
        "/ikm/tren/",
        "/s/",
        "/api/v1/ikm?unit=",
        "/api/v1/ikm?from=",
        "/api/v1/trends?unit=",
        "/api/v1/complaints/",
        "/open311/v2/requests/",
        "/kios?layanan=",
        "/poster/",
    ]);
    proptest!(config(), |(path in paths, tail in prop_oneof![text(), "[%0-9A-Fa-f/?&=.]{0,30}"])| {
        let url = format!("{}{}", app.url(path), urlencode(&tail));
        rt.block_on(async {
            let r = app.client.get(&url).send().await.unwrap();
            let (s, b) = (r.status(), r.text().await.unwrap());
            prop_assert!(!s.is_server_error(), "{url}: {s} {b}");
            if path.starts_with("/api/") {
                typed(s, &b, &url)?;
            }
            Ok(())
        })?;
    });
}

/// Percent-encodes what a query string or path segment cannot carry as it is, keeping the
/// rest (so `%`, `/`, `?` and `&` sequences still reach the parsers).
fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'-'
            | b'_'
            | b'.'
            | b'~'
            | b'/'
            | b'?'
            | b'&'
            | b'='
            | b'%' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
