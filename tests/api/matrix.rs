//! The authorization matrix: every staff page, server function and form handler, called as
//! anonymous, as each role, and as staff of another unit, on SQLite and PostgreSQL. (The
//! JSON API's matrix is `triage::who_may_call_what`.)
//!
//! Form bodies are chosen so that an allowed caller passes the session, CSRF and role checks
//! and is then stopped or served without changing the cases the other rows look at.

use super::complaints::{file, rahasia};
use super::triage::act;
use reqwest::StatusCode;
use serde_json::json;
use suara_tests::Session;
use suara_tests::TestApp;

const WHO: [&str; 7] = [
    "anonymous",
    "admin",
    "manager",
    "inspector",
    "inspector of another unit",
    "unit officer",
    "unit officer of another unit",
];

struct Cast {
    sessions: Vec<Option<Session>>,
    /// A case still `received` (only its inspector may see it).
    received: String,
    /// A case dispositioned to the officer's unit.
    dispositioned: String,
}

async fn cast(app: &TestApp) -> Cast {
    let received = file(app, &rahasia()).await;
    let dispositioned = file(app, &rahasia()).await;
    let admin = app.signed_in("a1@jambiprov.go.id", "admin", &[]).await;
    let manager = app.signed_in("m1@jambiprov.go.id", "manager", &[]).await;
    let inspector = app
        .signed_in("i1@jambiprov.go.id", "inspector", &["samsat-kota"])
        .await;
    let other_inspector = app
        .signed_in("i2@jambiprov.go.id", "inspector", &["rsud-rm"])
        .await;
    let officer = app
        .signed_in("o1@jambiprov.go.id", "unit_officer", &["samsat-kota"])
        .await;
    let other_officer = app
        .signed_in("o2@jambiprov.go.id", "unit_officer", &["rsud-rm"])
        .await;
    for body in [
        json!({"action": "verify", "reason": "bukti cukup"}),
        json!({"action": "disposition", "reason": "ke unit", "unit_code": "samsat-kota"}),
    ] {
        let (s, _) = act(app, &inspector, &dispositioned, body).await;
        assert_eq!(s, StatusCode::OK);
    }
    Cast {
        sessions: vec![
            None,
            Some(admin),
            Some(manager),
            Some(inspector),
            Some(other_inspector),
            Some(officer),
            Some(other_officer),
        ],
        received,
        dispositioned,
    }
}

fn with_session(req: reqwest::RequestBuilder, s: Option<&Session>) -> reqwest::RequestBuilder {
    match s {
        Some(s) => req.header("cookie", &s.cookie),
        None => req,
    }
}

async fn server_functions_answer_only_whom_they_serve(app: TestApp) {
    let c = cast(&app).await;
    use StatusCode as S;
    const OK: S = S::OK;
    const NO: S = S::UNAUTHORIZED;
    const DENY: S = S::FORBIDDEN;
    const HIDDEN: S = S::NOT_FOUND;
    let case = |code: &str| format!("code={code}");
    let admin = c.sessions[1].as_ref().unwrap();
    let r = app
        .client
        .post(app.url("/api/v1/training"))
        .header("cookie", &admin.cookie)
        .header("x-csrf-token", &admin.csrf)
        .json(&json!({"name": "Pelayanan Prima", "topic": "Kesopanan", "target_elements": ["U7"],
            "unit_codes": ["samsat-kota"], "participants": 20, "start_date": "2026-04-01", "end_date": "2026-04-03"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let program = r.json::<serde_json::Value>().await.unwrap()["id"].clone();
    // (endpoint, form body, expected status per caller, text only the allowed ones see)
    let rows: [(&str, String, [S; 7], Option<&str>); 13] = [
        (
            "console_user",
            String::new(),
            [NO, OK, OK, OK, OK, OK, OK],
            None,
        ),
        (
            "console_queue",
            "q[page]=1".into(),
            [NO, DENY, DENY, OK, OK, OK, OK],
            None,
        ),
        (
            "console_case",
            case(&c.received),
            [NO, DENY, DENY, OK, HIDDEN, HIDDEN, HIDDEN],
            Some("Rp50.000"),
        ),
        (
            "console_case",
            case(&c.dispositioned),
            [NO, DENY, DENY, OK, HIDDEN, OK, HIDDEN],
            Some("Rp50.000"),
        ),
        (
            "admin_data",
            String::new(),
            [NO, OK, DENY, DENY, DENY, DENY, DENY],
            Some("o2@jambiprov.go.id"),
        ),
        // Statistics: admins, managers and inspectors, within their units; officers none.
        (
            "analytics",
            "q[granularity]=month".into(),
            [NO, OK, OK, OK, OK, DENY, DENY],
            Some("trend_svg"),
        ),
        // Programs follow the reader's units: the list answers everyone who reads
        // statistics (which programs it holds is checked below), a program of Samsat is not
        // there for a reader of RSUD.
        (
            "training",
            String::new(),
            [NO, OK, OK, OK, OK, DENY, DENY],
            None,
        ),
        (
            "impact",
            format!("id={program}"),
            [NO, OK, OK, OK, HIDDEN, DENY, DENY],
            Some("Pelayanan Prima"),
        ),
        // The SKM report: whoever reads the unit's figures, and the unit's own officers.
        (
            "skm_report",
            "q[unit]=samsat-kota".into(),
            [NO, OK, OK, OK, DENY, OK, DENY],
            Some("UPTD PPD Samsat Kota Jambi"),
        ),
        (
            "skm_report",
            "q[unit]=rsud-rm".into(),
            [NO, OK, OK, DENY, OK, DENY, OK],
            Some("RSUD Raden Mattaher"),
        ),
        (
            "skm_report_scope",
            String::new(),
            [NO, OK, OK, OK, OK, OK, OK],
            None,
        ),
        // The follow-up plan: admins, managers and the unit's own officers; never
        // inspectors (they judge complaints, not the survey's follow-up).
        (
            "follow_up_plan",
            "unit=samsat-kota".into(),
            [NO, OK, OK, DENY, DENY, OK, DENY],
            Some("UPTD PPD Samsat Kota Jambi"),
        ),
        (
            "follow_up_plan",
            "unit=rsud-rm".into(),
            [NO, OK, OK, DENY, DENY, DENY, OK],
            Some("RSUD Raden Mattaher"),
        ),
    ];
    for (i, sees) in [(1, true), (2, true), (3, true), (4, false)] {
        let req = app.client.post(app.url("/sf/training"));
        let text = with_session(req, c.sessions[i].as_ref())
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert_eq!(
            text.contains("Pelayanan Prima"),
            sees,
            "training as {}",
            WHO[i]
        );
    }
    for (endpoint, body, expected, secret) in rows {
        for ((name, s), want) in WHO.iter().zip(&c.sessions).zip(expected) {
            let req = app
                .client
                .post(app.url(&format!("/sf/{endpoint}")))
                .header("content-type", "application/x-www-form-urlencoded")
                .body(body.clone());
            let r = with_session(req, s.as_ref()).send().await.unwrap();
            let got = r.status();
            let text = r.text().await.unwrap();
            assert_eq!(got, want, "{endpoint} ({body}) as {name}: {text}");
            if let Some(secret) = secret {
                assert_eq!(text.contains(secret), got == OK, "{endpoint} as {name}");
            }
            assert!(
                !text.contains(super::complaints::SECRET_NAME),
                "no server function hands out a sealed identity"
            );
        }
    }
    // The queue holds the received case for its inspector only, and the dispositioned one
    // for the officer of its unit too.
    for ((name, s), (sees_received, sees_dispositioned)) in WHO.iter().zip(&c.sessions).zip([
        (false, false),
        (false, false),
        (false, false),
        (true, true),
        (false, false),
        (false, true),
        (false, false),
    ]) {
        let req = app
            .client
            .post(app.url("/sf/console_queue"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("q[page]=1");
        let text = with_session(req, s.as_ref())
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert_eq!(text.contains(&c.received), sees_received, "queue of {name}");
        assert_eq!(
            text.contains(&c.dispositioned),
            sees_dispositioned,
            "queue of {name}"
        );
    }
}

/// A form handler's path, its fields (besides the CSRF token), and who gets past its checks.
type FormCase = (String, Vec<(&'static str, String)>, [bool; 7]);

/// Whether a response lets the caller in: not 401, 403 or 404, and not a redirect to sign in.
fn let_in(r: &reqwest::Response) -> bool {
    let to_login = r
        .headers()
        .get("location")
        .is_some_and(|l| l.to_str().unwrap_or("").starts_with("/staf/masuk"));
    !matches!(
        r.status(),
        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN | StatusCode::NOT_FOUND
    ) && !to_login
}

async fn staff_pages_and_forms_let_in_only_whom_they_serve(app: TestApp) {
    let c = cast(&app).await;
    const ALL: [bool; 7] = [false, true, true, true, true, true, true];
    const ADMIN: [bool; 7] = [false, true, false, false, false, false, false];
    const INSPECTOR: [bool; 7] = [false, false, false, true, false, false, false];
    const CASE_STAFF: [bool; 7] = [false, false, false, true, false, true, false];
    const OFFICER: [bool; 7] = [false, false, false, false, false, true, false];
    const STATS: [bool; 7] = [false, true, true, true, true, false, false];
    const STATS_SAMSAT: [bool; 7] = [false, true, true, true, false, false, false];
    const REPORT_SAMSAT: [bool; 7] = [false, true, true, true, false, true, false];
    const TRIAGE: [bool; 7] = [false, false, false, true, true, true, true];
    const REGISTRAR: [bool; 7] = [false, true, true, false, false, false, false];
    // The follow-up plan of Samsat Kota: admins, managers of every unit, its own officer.
    const PLAN_SAMSAT: [bool; 7] = [false, true, true, false, false, true, false];
    let received = format!("/staf/kasus/{}", c.received);
    let dispositioned = format!("/staf/kasus/{}", c.dispositioned);
    let pages: [(&str, [bool; 7]); 12] = [
        ("/staf/antrean", TRIAGE),
        (&received, INSPECTOR),
        (&dispositioned, CASE_STAFF),
        ("/staf/admin", ADMIN),
        ("/staf/sandi", ALL),
        ("/staf/analitik", STATS),
        ("/staf/pelatihan", STATS),
        ("/staf/laporan?unit=samsat-kota", REPORT_SAMSAT),
        ("/staf/laporan", ALL),
        ("/staf/ekspor/survei.csv?unit=samsat-kota", STATS_SAMSAT),
        ("/staf/laporan.xlsx?unit=samsat-kota", REPORT_SAMSAT),
        ("/staf/tindak-lanjut?unit=samsat-kota", PLAN_SAMSAT),
    ];
    for (path, allowed) in pages {
        for ((name, s), want) in WHO.iter().zip(&c.sessions).zip(allowed) {
            let req = app.client.get(app.url(path)).header("accept", "text/html");
            let r = with_session(req, s.as_ref()).send().await.unwrap();
            assert_eq!(let_in(&r), want, "GET {path} as {name}: {}", r.status());
            let text = r.text().await.unwrap();
            assert!(!text.contains(super::complaints::SECRET_NAME), "GET {path}");
        }
    }
    let manager_id = app
        .table_text("users")
        .await
        .lines()
        .find(|l| l.contains("m1@jambiprov.go.id"))
        .and_then(|l| {
            l.split(|ch: char| !ch.is_ascii_digit())
                .find(|t| !t.is_empty())
        })
        .map(str::to_string)
        .expect("the manager's id");
    let units_before = app.count("units").await;
    let holidays_before = app.count("holidays").await;
    let aksi = |case: &str| format!("{case}/aksi");
    let ungkap = format!("{received}/ungkap");
    // Each body passes authorization and is then refused by validation (422) or changes
    // nothing that matters here (303).
    let forms: Vec<FormCase> = vec![
        (
            "/staf/admin/pengguna".into(),
            vec![("email", "bukan-email".into()), ("name", "X".into())],
            ADMIN,
        ),
        (
            "/staf/admin/aktif".into(),
            vec![("user_id", manager_id), ("active", "1".into())],
            ADMIN,
        ),
        (
            "/staf/admin/libur".into(),
            vec![("day", "2026-02-30".into()), ("name", "X".into())],
            ADMIN,
        ),
        (
            "/staf/admin/libur/hapus".into(),
            vec![("day", "2020-01-01".into())],
            ADMIN,
        ),
        (
            "/staf/admin/unit".into(),
            vec![("unit_code", "dinsos".into()), ("unit_name", String::new())],
            ADMIN,
        ),
        (
            "/staf/admin/layanan".into(),
            vec![
                ("service_unit", "samsat-kota".into()),
                ("service_code", "skj-pkb".into()),
                ("service_name", String::new()),
            ],
            ADMIN,
        ),
        (
            "/staf/admin/layanan/aktif".into(),
            vec![("service_code", "skj-pkb".into()), ("active", "1".into())],
            ADMIN,
        ),
        // Verifying without a reason, answering without a text, resolving before the unit
        // answered: each refused by the workflow (422, 409) once the caller is let in, and
        // by role (403) or scope (404) before that.
        (
            aksi(&received),
            vec![("action", "verify".into()), ("reason", String::new())],
            INSPECTOR,
        ),
        (
            aksi(&dispositioned),
            vec![("action", "follow_up".into()), ("reason", "x".into())],
            OFFICER,
        ),
        (
            aksi(&dispositioned),
            vec![("action", "resolve".into()), ("reason", "x".into())],
            INSPECTOR,
        ),
        (ungkap, vec![], INSPECTOR),
        (
            "/staf/pelatihan".into(),
            vec![("name", "Program".into()), ("topic", String::new())],
            REGISTRAR,
        ),
        // A new follow-up action without its text: refused by validation once let in.
        (
            "/staf/tindak-lanjut".into(),
            vec![
                ("unit", "samsat-kota".into()),
                ("period", "2026-Q3".into()),
                ("element", "U3".into()),
                ("action", String::new()),
                ("responsible", "Seksi Pelayanan".into()),
                ("due_on", "2026-12-31".into()),
            ],
            PLAN_SAMSAT,
        ),
        (
            "/staf/sandi".into(),
            vec![
                ("current", "bukan sandinya".into()),
                ("new", "sandi baru yang panjang".into()),
                ("confirm", "sandi baru yang panjang".into()),
            ],
            ALL,
        ),
    ];
    for (path, fields, allowed) in forms {
        for ((name, s), want) in WHO.iter().zip(&c.sessions).zip(allowed) {
            let mut body = fields.clone();
            if let Some(s) = s {
                body.push(("csrf", s.csrf.clone()));
            }
            let req = app.client.post(app.url(&path)).form(&body);
            let r = with_session(req, s.as_ref()).send().await.unwrap();
            let status = r.status();
            assert_eq!(
                let_in(&r),
                want,
                "POST {path} {fields:?} as {name}: {status} {}",
                r.text().await.unwrap_or_default()
            );
            // The token of another session does not do.
            if want {
                let mut forged = fields.clone();
                forged.push(("csrf", "not-the-token".into()));
                let req = app.client.post(app.url(&path)).form(&forged);
                let r = with_session(req, s.as_ref()).send().await.unwrap();
                assert_eq!(r.status(), StatusCode::FORBIDDEN, "POST {path} forged");
            }
        }
    }
    // The CSV imports are multipart.
    for path in ["/staf/admin/unit-csv", "/staf/admin/survei-csv"] {
        for ((name, s), want) in WHO.iter().zip(&c.sessions).zip(ADMIN) {
            let mut form = reqwest::multipart::Form::new().part(
                "csv",
                reqwest::multipart::Part::bytes(b"bukan,csv\n".to_vec()).file_name("u.csv"),
            );
            if let Some(s) = s {
                form = form.text("csrf", s.csrf.clone());
            }
            let req = app.client.post(app.url(path)).multipart(form);
            let r = with_session(req, s.as_ref()).send().await.unwrap();
            assert_eq!(let_in(&r), want, "POST {path} as {name}: {}", r.status());
        }
    }
    assert_eq!(
        app.count("units").await,
        units_before,
        "no form slipped through"
    );
    assert_eq!(app.count("holidays").await, holidays_before);
}

suara_tests::on_both_backends!(
    server_functions_answer_only_whom_they_serve,
    staff_pages_and_forms_let_in_only_whom_they_serve,
);
