//! Pages of figures as people see and print them: the complaint form's browser checks say
//! what the server would, every chart's text stays inside its box at phone and desktop
//! width, and the SKM report printed by Chromium to A4 keeps its whole table.

use crate::pages::{
    Driver, app, body_text, desktop, hydrated, keep_screenshot, phone, sign_in_here, sign_in_to,
    start_driver,
};
use fantoccini::{Client, Locator};
use serde_json::{Value, json};
use suara_tests::TestApp;

/// Every text of every chart on the page whose box (after its own transform) leaves the
/// chart's view box, as "chart: text [x, y, w, h]".
async fn text_outside_charts(c: &Client) -> Vec<String> {
    let found = c
        .execute(
            r#"
            const out = [];
            for (const svg of document.querySelectorAll('svg.chart')) {
                const vb = svg.viewBox.baseVal;
                const toSvg = svg.getScreenCTM().inverse();
                for (const t of svg.querySelectorAll('text')) {
                    const b = t.getBBox();
                    if (b.width === 0 || b.height === 0) continue;
                    const m = toSvg.multiply(t.getScreenCTM());
                    const xs = [], ys = [];
                    for (const [x, y] of [[b.x, b.y], [b.x + b.width, b.y], [b.x, b.y + b.height], [b.x + b.width, b.y + b.height]]) {
                        const p = new DOMPoint(x, y).matrixTransform(m);
                        xs.push(p.x); ys.push(p.y);
                    }
                    const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
                    if (x0 < vb.x - 1 || y0 < vb.y - 1 || x1 > vb.x + vb.width + 1 || y1 > vb.y + vb.height + 1) {
                        out.push(svg.getAttribute('aria-labelledby') + ': ' + t.textContent + ' ' +
                            JSON.stringify([x0, y0, x1 - x0, y1 - y0].map(Math.round)));
                    }
                }
            }
            return out;
            "#,
            vec![],
        )
        .await
        .unwrap();
    serde_json::from_value(found).unwrap()
}

async fn charts_on(c: &Client) -> u64 {
    c.execute(
        "return document.querySelectorAll('svg.chart').length",
        vec![],
    )
    .await
    .unwrap()
    .as_u64()
    .unwrap()
}

/// A manager account (`pimpinan@jambiprov.go.id`), the impact fixture's responses and its
/// training programs; the programs' ids.
pub(super) async fn manager_with_programs(app: &TestApp) -> Vec<i32> {
    let args: Vec<String> = [
        "user",
        "add",
        "--email",
        "pimpinan@jambiprov.go.id",
        "--name",
        "Pimpinan",
        "--role",
        "manager",
    ]
    .into_iter()
    .map(str::to_string)
    .collect();
    let cmd = server::cli::parse(&args).unwrap();
    server::cli::add_user(&app.db, &cmd, "kopi jambi pagi hari")
        .await
        .unwrap();
    let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures");
    let csv = std::fs::read_to_string(format!("{fixtures}/impact_responses.csv")).unwrap();
    let report = app::survey::import::import_surveys_text(&app.state, None, &csv)
        .await
        .unwrap();
    assert!(report.rejected.is_empty());
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(format!("{fixtures}/impact_api_expected.json")).unwrap(),
    )
    .unwrap();
    let mut ids = Vec::new();
    for p in expected["programs"].as_array().unwrap() {
        let p: app::analytics::training::NewProgram = serde_json::from_value(p.clone()).unwrap();
        ids.push(
            app::analytics::repo::create_program(&app.db, &p.check().unwrap())
                .await
                .unwrap()
                .unwrap(),
        );
    }
    ids
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn charts_keep_their_text_inside_at_phone_and_desktop_width() {
    let app = app().await;
    let ids = manager_with_programs(&app).await;
    let driver = start_driver().await;
    for (width, name) in [(360, "phone"), (1280, "desktop")] {
        let profile = tempfile::tempdir().unwrap();
        let c = if width < 400 {
            phone(&driver, true, profile.path()).await
        } else {
            desktop(&driver, profile.path()).await
        };
        sign_in_to(
            &c,
            &app,
            "pimpinan@jambiprov.go.id",
            "/staf/analitik?from=2025-01-01&to=2026-06-30",
            "svg.chart",
        )
        .await;
        let pages = [
            (
                "analytics",
                "/staf/analitik?from=2025-01-01&to=2026-06-30".to_string(),
                3,
            ),
            ("impact", format!("/staf/pelatihan/{}", ids[0]), 1),
            ("trend", "/ikm/tren/samsat-kota".to_string(), 1),
        ];
        for (page, path, at_least) in pages {
            c.goto(&app.url(&path)).await.unwrap();
            assert!(charts_on(&c).await >= at_least, "{path}: charts");
            let outside = text_outside_charts(&c).await;
            assert!(outside.is_empty(), "{path} at {width} px: {outside:?}");
            let text = body_text(&c).await;
            assert!(!text.contains("88.31"), "Indonesian numbers on {path}");
            keep_screenshot(&c, &format!("charts-{page}-{name}")).await;
        }
        c.close().await.unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_skm_report_prints_on_a4_with_its_whole_table() {
    use fantoccini::wd::{PrintConfiguration, PrintSize};
    let app = app().await;
    manager_with_programs(&app).await;
    let driver: Driver = start_driver().await;
    let profile = tempfile::tempdir().unwrap();
    let c = desktop(&driver, profile.path()).await;
    let path = "/staf/laporan?unit=samsat-kota&from=2025-01-01&to=2026-06-30";
    sign_in_to(&c, &app, "pimpinan@jambiprov.go.id", path, ".skm-report").await;
    keep_screenshot(&c, "report-desktop").await;
    let pdf = c
        .print(
            PrintConfiguration::builder()
                .size(PrintSize::A4)
                .build()
                .unwrap(),
        )
        .await
        .expect("Chromium prints the page");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("laporan.pdf");
    std::fs::write(&file, &pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .args(["-layout"])
        .arg(&file)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) on PATH");
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    if let Ok(shots) = std::env::var("SUARA_SCREENSHOTS") {
        let _ = std::process::Command::new("pdftoppm")
            .args(["-png", "-r", "60"])
            .arg(&file)
            .arg(format!("{shots}/report-a4"))
            .status();
    }
    // Chromium wrote A4 pages (595 x 842 points).
    let info = std::process::Command::new("pdfinfo")
        .arg(&file)
        .output()
        .unwrap();
    let info = String::from_utf8_lossy(&info.stdout).to_string();
    assert!(info.contains("(A4)"), "{info}");
    assert!(
        text.contains("Laporan Survei Kepuasan Masyarakat")
            && text.contains("UPTD PPD Samsat Kota Jambi")
    );
    assert!(
        text.contains("Periode 1 Januari 2025 sampai 30 Juni 2026"),
        "{text}"
    );
    assert!(
        !text.contains("Cetak atau simpan"),
        "the screen's controls are not printed"
    );
    // Every element's line keeps its last columns: the index (NRR x 25) and the grade.
    for code in ["U1", "U5", "U9"] {
        let line = text
            .lines()
            .find(|l| l.trim_start().starts_with(code))
            .unwrap_or_else(|| panic!("{code} in the printed table:\n{text}"));
        let cells: Vec<&str> = line.split_whitespace().collect();
        let grade = cells.last().unwrap();
        let index = cells[cells.len() - 2];
        assert!(
            ["A", "B", "C", "D"].contains(grade),
            "{code}: grade printed: {line}"
        );
        assert!(
            index.contains(',') && index.len() == 5,
            "{code}: index printed: {line}"
        );
    }
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("Rencana tindak lanjut")
            && flat.contains("Kepala UPTD PPD Samsat Kota Jambi"),
        "the plan and the signature: {flat}"
    );
    c.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_report_form_refuses_in_the_browser_what_the_server_would() {
    let app = app().await;
    let driver = start_driver().await;
    let profile = tempfile::tempdir().unwrap();
    let c = phone(&driver, true, profile.path()).await;
    c.goto(&app.url("/lapor")).await.unwrap();
    hydrated(&c).await;
    let select = |id: &'static str, value: &'static str| {
        let c = c.clone();
        async move {
            c.find(Locator::Id(id))
                .await
                .unwrap()
                .select_by_value(value)
                .await
                .unwrap();
        }
    };
    select("f-unit_code", "samsat-kota").await;
    // A service of another unit, a date after today, a bad email and no name yet.
    select("f-service_code", "rsud-rm-igd").await;
    c.find(Locator::Css("input[name='category'][value='pungli']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.find(Locator::Id("f-what"))
        .await
        .unwrap()
        .send_keys("Petugas loket meminta uang di luar tarif resmi agar cepat selesai.")
        .await
        .unwrap();
    c.find(Locator::Css("input[name='mode'][value='rahasia']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.find(Locator::Id("f-reporter-email"))
        .await
        .unwrap()
        .send_keys("siti@")
        .await
        .unwrap();
    let max = c
        .execute(
            "return document.getElementById('f-incident_date').max",
            vec![],
        )
        .await
        .unwrap();
    let today = chrono::NaiveDate::parse_from_str(max.as_str().unwrap(), "%Y-%m-%d")
        .expect("the date field's max is today");
    let tomorrow = today.succ_opt().unwrap();
    c.execute(
        &format!("document.getElementById('f-incident_date').value = '{tomorrow}'; window.stillHere = true"),
        vec![],
    )
    .await
    .unwrap();
    c.find(Locator::Id("send"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let message = |id: &'static str| {
        let c = c.clone();
        async move { c.find(Locator::Id(id)).await.unwrap().text().await.unwrap() }
    };
    let shown = [
        (
            "err-incident_date",
            "Tanggal kejadian tidak boleh setelah hari ini.",
        ),
        (
            "err-service_code",
            "Layanan ini bukan milik unit yang dipilih.",
        ),
        ("err-reporter-email", "Alamat email tidak valid."),
        ("err-reporter-name", "Isi nama Anda, atau pilih Anonim."),
    ];
    for (id, text) in shown {
        assert_eq!(message(id).await, text, "{id} in the browser");
    }
    assert_eq!(
        c.execute("return window.stillHere === true", vec![])
            .await
            .unwrap(),
        json!(true),
        "nothing was sent"
    );
    assert_eq!(app.count("complaints").await, 0);
    keep_screenshot(&c, "lapor-refused-phone").await;
    // The server says the same of the same values.
    let form = [
        ("unit_code", "samsat-kota".to_string()),
        ("service_code", "rsud-rm-igd".into()),
        ("category", "pungli".into()),
        ("mode", "rahasia".into()),
        (
            "what",
            "Petugas loket meminta uang di luar tarif resmi agar cepat selesai.".into(),
        ),
        ("incident_date", tomorrow.to_string()),
        ("reporter.email", "siti@".into()),
    ];
    let token = c
        .execute(
            "return document.querySelector('input[name=form_token]').value",
            vec![],
        )
        .await
        .unwrap();
    let mut multipart =
        reqwest::multipart::Form::new().text("form_token", token.as_str().unwrap().to_string());
    for (k, v) in form {
        multipart = multipart.text(k, v);
    }
    let r = app
        .client
        .post(app.url("/lapor"))
        .multipart(multipart)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), reqwest::StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    for (_, text) in shown {
        assert!(html.contains(text), "the server too: {text}");
    }
    c.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_password_field_looks_like_the_other_fields() {
    let app = app().await;
    let driver = start_driver().await;
    let profile = tempfile::tempdir().unwrap();
    let c = phone(&driver, true, profile.path()).await;
    c.goto(&app.url("/staf/masuk")).await.unwrap();
    let style = |id: &'static str| {
        let c = c.clone();
        async move {
            c.execute(
                &format!(
                    "const s = getComputedStyle(document.getElementById('{id}')); \
                     return [s.minHeight, s.paddingTop, s.borderTopWidth, s.borderTopStyle, s.borderRadius, s.width].join(' ')"
                ),
                vec![],
            )
            .await
            .unwrap()
        }
    };
    let email = style("email").await;
    assert_eq!(style("password").await, email, "password styled like email");
    assert!(email.as_str().unwrap().starts_with("44px"), "{email}");
    c.close().await.unwrap();
}

/// Signs in through the JSON API; the session cookie pair and the CSRF token.
async fn api_session(app: &TestApp, email: &str) -> (String, String) {
    let r = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"email": email, "password": app::demo_staff::DEMO_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "{email} signs in");
    let cookie = r.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let me: Value = r.json().await.unwrap();
    (cookie, me["csrf_token"].as_str().unwrap().to_string())
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

/// The pages this work touched, on the demo data, at 360 px and 1280 px: each fits the
/// screen's width (nothing to scroll sideways but the tables' own boxes), and is kept as a
/// screenshot when `SUARA_SCREENSHOTS` is set.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_pages_of_figures_and_follow_up_fit_a_phone_and_a_desktop() {
    use chrono::Datelike;
    let app = app().await;
    app::demo::load_responses(&app.db, 120, 2026).await.unwrap();
    app::demo_staff::load(&app.state, 2026).await.unwrap();
    let inspector = api_session(&app, "inspektur@demo.suara.id").await;
    let officer = api_session(&app, "samsat@demo.suara.id").await;
    // A case taken to resolution and reopened by its reporter.
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
    let code = r.json::<Value>().await.unwrap()["tracking_code"]
        .as_str()
        .unwrap()
        .to_string();
    step(
        &app,
        &inspector,
        &code,
        json!({"action": "verify", "reason": "cukup"}),
    )
    .await;
    step(
        &app,
        &inspector,
        &code,
        json!({"action": "disposition", "reason": "UPTD", "unit_code": "samsat-kota"}),
    )
    .await;
    step(&app, &officer, &code, json!({"action": "follow_up", "reason": "periksa", "text": "Petugas sudah ditegur dan uang dikembalikan."})).await;
    step(
        &app,
        &inspector,
        &code,
        json!({"action": "resolve", "reason": "memadai"}),
    )
    .await;
    let r = app
        .client
        .post(app.url(&format!("/lacak/{code}/buka-kembali")))
        .form(&[
            ("email", "siti@contoh.id"),
            ("reason", "Petugas yang sama masih meminta uang kemarin."),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), reqwest::StatusCode::SEE_OTHER);
    let today = (chrono::Utc::now() + chrono::Duration::hours(7)).date_naive();
    let month = format!("{:04}-{:02}", today.year(), today.month());
    let public = [
        ("ikm-month", format!("/ikm?periode={month}")),
        ("finder-none", "/layanan?q=kapal+laut".to_string()),
        ("finder-hospital", "/layanan?q=rumah+sakit".to_string()),
        ("status-reopened", format!("/lacak/{code}")),
    ];
    let staff = [
        (
            "inspektur@demo.suara.id",
            "case-reopened",
            format!("/staf/kasus/{code}"),
        ),
        ("admin@demo.suara.id", "admin", "/staf/admin".to_string()),
        (
            "admin@demo.suara.id",
            "report-all",
            "/staf/laporan".to_string(),
        ),
        (
            "samsat@demo.suara.id",
            "report-officer",
            "/staf/laporan".to_string(),
        ),
    ];
    let driver = start_driver().await;
    for (width, size) in [(360, "phone"), (1280, "desktop")] {
        let mut signed_in: Option<&str> = None;
        let mut c: Option<Client> = None;
        let mut profile = tempfile::tempdir().unwrap();
        let open = |profile: &std::path::Path| {
            let profile = profile.to_path_buf();
            let driver = &driver;
            async move {
                if width < 400 {
                    phone(driver, true, &profile).await
                } else {
                    desktop(driver, &profile).await
                }
            }
        };
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
                let fresh = open(profile.path()).await;
                if let Some(email) = who {
                    fresh.goto(&app.url("/staf/masuk")).await.unwrap();
                    sign_in_here(&fresh, email, app::demo_staff::DEMO_PASSWORD).await;
                }
                signed_in = who;
                c = Some(fresh);
            }
            let page = c.as_ref().unwrap();
            page.goto(&app.url(&path)).await.unwrap();
            let wide = page
                .execute(
                    "return [document.documentElement.scrollWidth, window.innerWidth]",
                    vec![],
                )
                .await
                .unwrap();
            let (scroll, inner) = (wide[0].as_f64().unwrap(), wide[1].as_f64().unwrap());
            assert!(scroll <= inner, "{path} at {width} px is {scroll} px wide");
            keep_screenshot(page, &format!("tour-{name}-{size}")).await;
        }
        if let Some(old) = c.take() {
            old.close().await.unwrap();
        }
        drop(profile);
    }
}
