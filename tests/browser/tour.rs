//! Every page of the portal, citizen and console, on the demo data, in headless Chromium at
//! 360 px and 1280 px: each fits the screen's width (nothing scrolls sideways but a table's
//! own focusable box), passes axe-core's WCAG 2.2 A/AA rules with no violation, and is kept
//! as a screenshot when `SUARA_SCREENSHOTS` names a folder.

use crate::pages::{
    app, axe_violations, desktop, keep_screenshot, phone, sign_in_here, start_driver,
    text_outside_charts,
};
use fantoccini::Client;
use serde_json::{Value, json};
use suara_tests::TestApp;

/// The cookie the filing leaves for report `code`'s receipt, which carries its key `key` to
/// the receipt page once: `name=value; path=...`, for `document.cookie`.
fn receipt_cookie(app: &TestApp, code: &str, key: &str) -> String {
    use app::complaints::domain::{ReplyKey, TrackingCode};
    let code = TrackingCode::parse(code).unwrap();
    let r = app::complaints::receipt::receipt_redirect(
        &app.state,
        &code,
        &ReplyKey::parse(key).unwrap(),
    );
    let set = r.headers()["set-cookie"].to_str().unwrap();
    format!(
        "{}; path=/lacak/{}",
        set.split(';').next().unwrap(),
        code.as_str()
    )
}

/// Signs in through the JSON API; the session cookie pair and the CSRF token.
pub(crate) async fn api_session(app: &TestApp, email: &str) -> (String, String) {
    let s = suara_tests::sign_in(
        &app.client,
        &app.url(""),
        email,
        app::demo_staff::DEMO_PASSWORD,
    )
    .await;
    (s.cookie, s.csrf)
}

async fn step(app: &TestApp, who: &(String, String), code: &str, body: Value) {
    let r = app
        .client
        .post(app.url(&format!("/api/v1/triage/complaints/{code}/transitions")))
        .header("cookie", &who.0)
        .header("x-csrf-token", &who.1)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "{body}: {}", r.status());
}

/// The demo data, a case taken to resolution and reopened by its reporter, and a training
/// program: the tracking code and the program's id.
/// Files a rahasia report of UPTD Samsat Kota and takes it to `resolved`; its code and key.
async fn resolved_case(
    app: &TestApp,
    inspector: &(String, String),
    officer: &(String, String),
) -> (String, String) {
    let r = app
        .client
        .post(app.url("/api/v1/complaints"))
        .json(
            &json!({"unit_code": "samsat-kota", "category": "pungli", "mode": "rahasia",
            "what": "Petugas loket meminta uang di luar tarif resmi agar STNK cepat selesai.",
            "reporter": {"name": "Siti", "email": "siti@contoh.id"}}),
        )
        .send()
        .await
        .unwrap();
    let filed = r.json::<Value>().await.unwrap();
    let code = filed["tracking_code"].as_str().unwrap().to_string();
    let key = filed["reply_key"].as_str().unwrap().to_string();
    for (who, body) in [
        (inspector, json!({"action": "verify", "reason": "cukup"})),
        (
            inspector,
            json!({"action": "disposition", "reason": "UPTD", "unit_code": "samsat-kota"}),
        ),
        (
            officer,
            json!({"action": "follow_up", "reason": "periksa", "text": "Petugas sudah ditegur dan uang dikembalikan."}),
        ),
        (
            inspector,
            json!({"action": "resolve", "reason": "memadai", "finding": "substantiated", "actions": [{"kind": "coaching"}]}),
        ),
    ] {
        step(app, who, &code, body).await;
    }
    (code, key)
}

/// The demo data; a case taken to resolution, reopened by its reporter's "not yet" and
/// asked a question; a resolved case waiting for "Sudah selesai?"; a training program: the
/// two codes and the program's id.
async fn demo_with_a_reopened_case_and_a_program(app: &TestApp) -> (String, String, i64) {
    app::demo::load_responses(&app.db, 120, 2026).await.unwrap();
    app::demo_staff::load(&app.state).await.unwrap();
    let inspector = api_session(app, "inspektur@demo.suara.id").await;
    let officer = api_session(app, "samsat@demo.suara.id").await;
    let admin = api_session(app, "admin@demo.suara.id").await;
    let (code, key) = resolved_case(app, &inspector, &officer).await;
    let (resolved, _) = resolved_case(app, &inspector, &officer).await;
    let r = app
        .client
        .post(app.url(&format!("/lacak/{code}/selesai")))
        .form(&[
            ("reply_key", key.as_str()),
            ("resolved", "tidak"),
            ("rating", "2"),
            ("comment", "Petugas yang sama masih meminta uang kemarin."),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), reqwest::StatusCode::SEE_OTHER);
    let r = app
        .client
        .post(app.url(&format!("/api/v1/triage/complaints/{code}/questions")))
        .header("cookie", &inspector.0)
        .header("x-csrf-token", &inspector.1)
        .json(&json!({"text": "Kapan kejadian kemarin itu, dan di loket nomor berapa?"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), reqwest::StatusCode::CREATED);
    // The inspector takes it, notes something, and opens the identity for a reason.
    for (method, path, body) in [
        (reqwest::Method::PUT, "handler", json!({})),
        (
            reqwest::Method::POST,
            "notes",
            json!({"text": "Cek rekaman CCTV loket hari Senin."}),
        ),
        (
            reqwest::Method::POST,
            "reveal",
            json!({"reason": "Perlu mengundang pelapor sebagai saksi.", "confirm": true}),
        ),
    ] {
        let r = app
            .client
            .request(
                method,
                app.url(&format!("/api/v1/triage/complaints/{code}/{path}")),
            )
            .header("cookie", &inspector.0)
            .header("x-csrf-token", &inspector.1)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success(), "{path}: {}", r.status());
    }
    let r = app
        .client
        .post(app.url("/api/v1/training"))
        .header("cookie", &admin.0)
        .header("x-csrf-token", &admin.1)
        .json(&json!({"name": "Pelayanan Prima", "topic": "Sikap petugas", "target_elements": ["U7"],
            "unit_codes": ["samsat-kota"], "participants": 20, "start_date": "2026-04-01", "end_date": "2026-04-03"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), reqwest::StatusCode::CREATED);
    let id = r.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    (code, resolved, id)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_fits_a_phone_and_a_desktop_and_passes_axe() {
    use chrono::Datelike;
    let app = app().await;
    let (code, resolved, program) = demo_with_a_reopened_case_and_a_program(&app).await;
    let today = (chrono::Utc::now() + chrono::Duration::hours(7)).date_naive();
    let month = format!("{:04}-{:02}", today.year(), today.month());
    let mut public: Vec<(&str, String)> = vec![
        ("home", "/".into()),
        ("finder", "/layanan".into()),
        ("finder-none", "/layanan?q=kapal+laut".into()),
        ("finder-hospital", "/layanan?q=rumah+sakit".into()),
        ("survey", "/s/skj-pkb".into()),
        ("thanks", "/s/skj-pkb/terima-kasih".into()),
        ("saved-offline", "/tersimpan".into()),
        ("ikm", "/ikm".into()),
        ("ikm-month", format!("/ikm?periode={month}")),
        ("trend", "/ikm/tren/samsat-kota".into()),
        ("unit-page", "/ikm/samsat-kota".into()),
        ("unit-page-office", "/ikm/bapenda".into()),
        ("report-form", "/lapor".into()),
        ("track", "/lacak".into()),
        ("status-reopened", format!("/lacak/{code}")),
        ("status-resolved", format!("/lacak/{resolved}")),
        ("statistics", "/statistik".into()),
        ("kiosk-not-enrolled", "/kios".into()),
        ("statistics-quarter", "/statistik?periode=2026-Q4".into()),
        ("sign-in", "/staf/masuk".into()),
        ("forgot", "/staf/lupa".into()),
    ];
    let case = format!("/staf/kasus/{code}");
    let impact = format!("/staf/pelatihan/{program}");
    // The demo's cases with findings, found by what their reports say.
    let demo_code = |like: &'static str| {
        let app = &app;
        async move {
            use sea_orm::{ConnectionTrait, Statement};
            let row = app
                .db
                .query_one_raw(Statement::from_string(
                    app.db.get_database_backend(),
                    format!("SELECT tracking_code FROM complaints WHERE what LIKE '{like}%'"),
                ))
                .await
                .unwrap()
                .expect("a demo case");
            row.try_get::<String>("", "tracking_code").unwrap()
        }
    };
    // A report just filed with an email: its receipt card (the key comes with a cookie
    // made for each width below, as the filing makes it).
    let fresh = app
        .client
        .post(app.url("/api/v1/complaints"))
        .json(
            &json!({"unit_code": "samsat-kota", "category": "pungli", "mode": "terbuka",
            "what": "Petugas loket meminta uang di luar tarif resmi agar STNK cepat selesai.",
            "reporter": {"name": "Siti", "email": "siti@contoh.id"}}),
        )
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap();
    let receipt = (
        fresh["tracking_code"].as_str().unwrap().to_string(),
        fresh["reply_key"].as_str().unwrap().to_string(),
    );
    public.push(("receipt", format!("/lacak/{}?baru=1", receipt.0)));
    let repeated = demo_code("Petugas yang sama").await;
    let unrecorded = demo_code("Loket pendaftaran rawat jalan").await;
    let to_resolve = demo_code("Loket 2 kosong").await;
    public.push(("status-finding", format!("/lacak/{repeated}")));
    let staff: Vec<(&str, &str, String)> = vec![
        ("inspektur@demo.suara.id", "queue", "/staf/antrean".into()),
        (
            "inspektur@demo.suara.id",
            "queue-overdue",
            "/staf/antrean?overdue=1".into(),
        ),
        ("inspektur@demo.suara.id", "case-reopened", case.clone()),
        (
            "inspektur@demo.suara.id",
            "case-resolve-form",
            format!("/staf/kasus/{to_resolve}?aksi=resolve#aksi-resolve"),
        ),
        (
            "inspektur@demo.suara.id",
            "case-finding",
            format!("/staf/kasus/{repeated}"),
        ),
        (
            "inspektur@demo.suara.id",
            "case-finding-missing",
            format!("/staf/kasus/{unrecorded}"),
        ),
        (
            "inspektur@demo.suara.id",
            "repeat-names",
            format!("/staf/kasus/{repeated}/nama-serupa"),
        ),
        (
            "inspektur@demo.suara.id",
            "queue-search",
            "/staf/antrean?q=stnk".into(),
        ),
        ("irban@demo.suara.id", "queue-area", "/staf/antrean".into()),
        (
            "inspektur@demo.suara.id",
            "dashboard-inspector",
            "/staf/dasbor".into(),
        ),
        (
            "samsat@demo.suara.id",
            "queue-officer",
            "/staf/antrean".into(),
        ),
        ("samsat@demo.suara.id", "case-officer", case.clone()),
        (
            "samsat@demo.suara.id",
            "kiosks-officer",
            "/staf/kios".into(),
        ),
        (
            "samsat@demo.suara.id",
            "report-officer",
            "/staf/laporan".into(),
        ),
        (
            "samsat@demo.suara.id",
            "follow-ups-officer",
            "/staf/tindak-lanjut".into(),
        ),
        (
            "samsat@demo.suara.id",
            "forbidden-officer",
            "/staf/analitik".into(),
        ),
        ("pimpinan@demo.suara.id", "dashboard", "/staf/dasbor".into()),
        (
            "pimpinan@demo.suara.id",
            "dashboard-year",
            "/staf/dasbor?periode=year".into(),
        ),
        (
            "pimpinan@demo.suara.id",
            "analytics",
            "/staf/analitik".into(),
        ),
        (
            "pimpinan@demo.suara.id",
            "training",
            "/staf/pelatihan".into(),
        ),
        ("pimpinan@demo.suara.id", "impact", impact.clone()),
        (
            "pimpinan@demo.suara.id",
            "impact-conduct",
            format!("{impact}?ukuran=perilaku"),
        ),
        ("pimpinan@demo.suara.id", "password", "/staf/sandi".into()),
        (
            "admin@demo.suara.id",
            "dashboard-admin",
            "/staf/dasbor".into(),
        ),
        ("admin@demo.suara.id", "admin", "/staf/admin".into()),
        (
            "admin@demo.suara.id",
            "admin-units",
            "/staf/admin/unit-layanan".into(),
        ),
        (
            "admin@demo.suara.id",
            "admin-holidays",
            "/staf/admin/hari-libur".into(),
        ),
        (
            "admin@demo.suara.id",
            "admin-imports",
            "/staf/admin/impor".into(),
        ),
        (
            "admin@demo.suara.id",
            "admin-templates",
            "/staf/admin/templat".into(),
        ),
        (
            "admin@demo.suara.id",
            "admin-suggestions",
            "/staf/admin/saran-pelatihan".into(),
        ),
        ("admin@demo.suara.id", "audit", "/staf/audit".into()),
        ("admin@demo.suara.id", "kiosks", "/staf/kios".into()),
        ("admin@demo.suara.id", "report-all", "/staf/laporan".into()),
        (
            "admin@demo.suara.id",
            "report-unit",
            "/staf/laporan?unit=samsat-kota".into(),
        ),
    ];
    let driver = start_driver().await;
    let mut problems = Vec::new();
    for (width, size) in [(360, "phone"), (1280, "desktop")] {
        let mut signed_in: Option<&str> = None;
        let mut c: Option<Client> = None;
        let mut profile = tempfile::tempdir().unwrap();
        let pages = public
            .iter()
            .map(|(n, p)| (None, *n, p.clone()))
            .chain(staff.iter().map(|(who, n, p)| (Some(*who), *n, p.clone())));
        for (who, name, path) in pages {
            if c.is_none() || who != signed_in {
                if let Some(old) = c.take() {
                    old.close().await.unwrap();
                }
                profile = tempfile::tempdir().unwrap();
                let fresh = if width < 400 {
                    phone(&driver, true, profile.path()).await
                } else {
                    desktop(&driver, profile.path()).await
                };
                if let Some(email) = who {
                    fresh.goto(&app.url("/staf/masuk")).await.unwrap();
                    sign_in_here(&fresh, email, app::demo_staff::DEMO_PASSWORD).await;
                }
                signed_in = who;
                c = Some(fresh);
            }
            let page = c.as_ref().unwrap();
            if name == "receipt" {
                // Set on the cookie's own path, as the filing's redirect would.
                page.goto(&app.url(&format!("/lacak/{}", receipt.0)))
                    .await
                    .unwrap();
                let cookie = receipt_cookie(&app, &receipt.0, &receipt.1);
                page.execute("document.cookie = arguments[0]", vec![json!(cookie)])
                    .await
                    .unwrap();
            }
            page.goto(&app.url(&path)).await.unwrap();
            let wide = page
                .execute(
                    "return [document.documentElement.scrollWidth, window.innerWidth]",
                    vec![],
                )
                .await
                .unwrap();
            let (scroll, inner) = (wide[0].as_f64().unwrap(), wide[1].as_f64().unwrap());
            if scroll > inner {
                problems.push(format!("{path} at {width} px is {scroll} px wide"));
            }
            for t in text_outside_charts(page).await {
                problems.push(format!("{path} at {width} px: chart text cut: {t}"));
            }
            for v in axe_violations(page).await {
                problems.push(format!("{path} at {width} px: {v}"));
            }
            keep_screenshot(page, &format!("tour-{name}-{size}")).await;
        }
        if let Some(old) = c.take() {
            old.close().await.unwrap();
        }
        drop(profile);
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
