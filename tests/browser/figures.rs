//! Pages of figures as people see and print them: the complaint form's browser checks say
//! what the server would, every chart's text stays inside its box at phone and desktop
//! width, and the SKM report printed by Chromium to A4 keeps its whole table.

use crate::pages::{
    Driver, app, body_text, desktop, hydrated, keep_screenshot, phone, sign_in_to, start_driver,
    text_outside_charts,
};
use fantoccini::{Client, Locator};
use serde_json::{Value, json};
use suara_tests::TestApp;

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
        let p: app::training::programs::NewProgram = serde_json::from_value(p.clone()).unwrap();
        ids.push(
            app::training::repo::create_program(&app.db, &p.check().unwrap())
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
    let logo = format!(
        "{}/../tests/fixtures/report-logo.png",
        env!("CARGO_MANIFEST_DIR")
    );
    let app = suara_tests::spawn_app_with(
        suara_tests::Backend::Sqlite,
        &[("SUARA_REPORT_LOGO", logo.as_str())],
    )
    .await
    .expect("app");
    manager_with_programs(&app).await;
    // The letterhead's logo is served as the file it was set from.
    let served = app
        .client
        .get(app.url("/laporan/logo"))
        .send()
        .await
        .unwrap();
    assert_eq!(served.headers()["content-type"], "image/png");
    assert_eq!(
        served.bytes().await.unwrap().as_ref(),
        std::fs::read(&logo).unwrap()
    );
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
    // Every element's line keeps its last columns: the index (NRR x 25), its 95 % interval
    // and the grade.
    for code in ["U1", "U5", "U9"] {
        let line = text
            .lines()
            .find(|l| l.trim_start().starts_with(code))
            .unwrap_or_else(|| panic!("{code} in the printed table:\n{text}"));
        let cells: Vec<&str> = line.split_whitespace().collect();
        let grade = cells.last().unwrap();
        let interval = cells[cells.len() - 2];
        let index = cells[cells.len() - 3];
        assert!(
            interval.contains('–') && interval.contains(','),
            "{code}: interval printed: {line}"
        );
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
    // The letterhead: the government, the office and the UPTD in capitals, and the logo.
    assert!(
        flat.contains("PEMERINTAH PROVINSI JAMBI")
            && flat.contains("BADAN PENDAPATAN DAERAH PROVINSI JAMBI")
            && flat.contains("UPTD PPD SAMSAT KOTA JAMBI"),
        "{flat}"
    );
    let images = std::process::Command::new("pdfimages")
        .arg("-list")
        .arg(&file)
        .output()
        .unwrap();
    let images = String::from_utf8_lossy(&images.stdout).to_string();
    assert!(images.lines().count() > 2, "the logo is printed: {images}");
    // Every page says which of how many it is; the signature (with its name and NIP lines)
    // shares its page with the plan it signs.
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("a page count");
    assert!(pages >= 2, "{info}");
    let page_text = |i: usize| {
        let out = std::process::Command::new("pdftotext")
            .args(["-layout", "-f", &i.to_string(), "-l", &i.to_string()])
            .arg(&file)
            .arg("-")
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).to_string()
    };
    for i in 1..=pages {
        assert!(
            page_text(i).contains(&format!("Halaman {i} dari {pages}")),
            "page {i}: {}",
            page_text(i)
        );
    }
    let last = page_text(pages);
    assert!(last.contains("NIP:") && last.contains("Nama:"), "{last}");
    assert!(
        last.lines().any(|l| {
            let t = l.trim_start();
            t.starts_with('U') && t.chars().nth(1).is_some_and(|c| c.is_ascii_digit())
        }),
        "the signature keeps a row of the plan with it: {last}"
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
    // Once the unit is chosen, other units' services are no longer listed.
    let listed = c
        .execute(
            "return !document.querySelector('#f-service_code option[value=rsud-rm-igd]').closest('optgroup').hidden",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(listed, json!(false));
    // A date after today, a bad email and no name yet.
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
    // A service of another unit, which the browser no longer lists, the server refuses.
    assert!(html.contains("Layanan ini bukan milik unit yang dipilih."));
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
