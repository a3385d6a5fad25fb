//! Every index with its 95 % interval, through the real server: the API equals the Python
//! reference on the same responses; the dashboard tells a change only beyond the noise and
//! calls elements weak only on enough responses; on SQLite and PostgreSQL.

use super::console::page;
use reqwest::StatusCode;
use serde_json::Value;
use suara_tests::{Session, TestApp, on_both_backends};

/// The reference's sets of responses and figures (`tests/reference/interval_reference.py`).
fn reference() -> Value {
    serde_json::from_str(include_str!("../fixtures/interval_reference.json")).unwrap()
}

fn case<'a>(r: &'a Value, name: &str) -> &'a Value {
    r["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap()
}

/// CSV lines of a reference set on `day` for `service` (a blank answer stays blank).
fn csv_of(case: &Value, day: chrono::NaiveDate, service: &str) -> String {
    let mut csv = String::new();
    for row in case["responses"].as_array().unwrap() {
        let a: Vec<String> = row
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().map(|x| x.to_string()).unwrap_or_default())
            .collect();
        csv.push_str(&format!("{day},{service},{},,,,,\n", a.join(",")));
    }
    csv
}

async fn get_json(app: &TestApp, path: &str) -> Value {
    let r = app.client.get(app.url(path)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK, "{path}");
    r.json().await.unwrap()
}

fn round2(v: &Value) -> f64 {
    (v.as_f64().unwrap() * 100.0).round() / 100.0
}

async fn every_index_through_the_api_carries_the_reference_interval(app: TestApp) {
    let admin = app.signed_in("a@jambiprov.go.id", "admin", &[]).await;
    let r = reference();
    let typical = case(&r, "typical_30");
    let today = app::clock::today();
    app.import_surveys(&admin, &csv_of(typical, today, "skj-pkb"))
        .await;

    let ikm = get_json(&app, "/api/v1/ikm?service=skj-pkb").await;
    assert_eq!(ikm["responses"], 30);
    assert_eq!(
        ikm["ci_low"].as_f64().unwrap(),
        round2(&typical["ikm_ci"][0])
    );
    assert_eq!(
        ikm["ci_high"].as_f64().unwrap(),
        round2(&typical["ikm_ci"][1])
    );
    let v = ikm["ikm"].as_f64().unwrap();
    assert!(ikm["ci_low"].as_f64().unwrap() < v && v < ikm["ci_high"].as_f64().unwrap());
    for (k, el) in ikm["elements"].as_array().unwrap().iter().enumerate() {
        let want = &typical["elements"][k]["ci"];
        assert_eq!(
            el["ci_low"].as_f64().unwrap(),
            round2(&want[0]),
            "U{}",
            k + 1
        );
        assert_eq!(
            el["ci_high"].as_f64().unwrap(),
            round2(&want[1]),
            "U{}",
            k + 1
        );
    }
    // The unit (its UPTD's services included) and the trend's point of this month carry
    // the same interval; a month without responses has none.
    let unit = get_json(&app, "/api/v1/ikm?unit=bapenda").await;
    assert_eq!(unit["ci_low"], ikm["ci_low"]);
    let trend = get_json(&app, "/api/v1/trends?unit=samsat-kota").await;
    let points = trend["points"].as_array().unwrap();
    let now = points.last().unwrap();
    assert_eq!(now["period"], today.format("%Y-%m").to_string());
    assert_eq!(now["ci_low"], ikm["ci_low"]);
    assert_eq!(now["ci_high"], ikm["ci_high"]);
    assert_eq!(
        now["element_intervals"]["U4"]["ci_low"].as_f64().unwrap(),
        round2(&typical["elements"][3]["ci"][0])
    );
    assert_eq!(points[0]["ci_low"], Value::Null);
    assert_eq!(points[0]["element_intervals"], serde_json::json!({}));
    // The OpenAPI document names them.
    let doc = get_json(&app, "/api/v1/openapi.json").await.to_string();
    for name in ["ci_low", "ci_high", "element_intervals"] {
        assert!(doc.contains(name), "{name}");
    }
    // The public pages say it in words: the index's "±" and the interval, the trend table's
    // interval column and the chart's band.
    let index = app.client.get(app.url("/ikm")).send().await.unwrap();
    let index = index.text().await.unwrap();
    let margin = (v - ikm["ci_low"].as_f64().unwrap()).max(ikm["ci_high"].as_f64().unwrap() - v);
    let words = format!("±{:.1}", margin).replace('.', ",");
    assert!(index.contains(&words), "{words} on /ikm");
    let public = app
        .client
        .get(app.url("/ikm/tren/samsat-kota"))
        .send()
        .await
        .unwrap();
    let public = public.text().await.unwrap();
    assert!(public.contains("Interval 95 %"));
    assert!(public.contains("class=\"band\""), "the chart's band");
    assert!(public.contains("data-label=\"U9\""), "the element columns");
}

/// A reference set whose responses carry their day (0, 1, ..), on the days from `first`.
fn csv_by_day(case: &Value, first: chrono::NaiveDate, service: &str) -> String {
    let mut csv = String::new();
    for (row, d) in case["responses"]
        .as_array()
        .unwrap()
        .iter()
        .zip(case["days"].as_array().unwrap())
    {
        let day = first + chrono::Duration::days(d.as_i64().unwrap());
        csv.push_str(&csv_of(
            &serde_json::json!({ "responses": [row] }),
            day,
            service,
        ));
    }
    csv
}

async fn days_that_share_a_cause_widen_the_interval_as_the_reference_does(app: TestApp) {
    let admin = app.signed_in("a@jambiprov.go.id", "admin", &[]).await;
    let r = reference();
    let set = case(&r, "days_28");
    assert!(
        set["ikm_se_days"].as_f64().unwrap() > set["ikm_se_respondents"].as_f64().unwrap(),
        "the set's days share a cause"
    );
    // 28 days from 20 October: read from the daily sums alone (the range cuts both months)
    // and from the monthly sums (whole months), the same interval, the reference's.
    let first = chrono::NaiveDate::from_ymd_opt(2026, 10, 20).unwrap();
    let last = first + chrono::Duration::days(27);
    // In two imports (alternate responses), so that each day's sums are added to.
    let lines: Vec<String> = csv_by_day(set, first, "skj-pkb")
        .lines()
        .map(|l| format!("{l}\n"))
        .collect();
    for half in [0, 1] {
        let csv: String = lines.iter().skip(half).step_by(2).cloned().collect();
        app.import_surveys(&admin, &csv).await;
    }
    for path in [
        format!("/api/v1/ikm?service=skj-pkb&from={first}&to={last}"),
        "/api/v1/ikm?service=skj-pkb&from=2026-10-01&to=2026-11-30".to_string(),
        "/api/v1/ikm?unit=bapenda&from=2026-10-01&to=2026-11-30".to_string(),
    ] {
        let ikm = get_json(&app, &path).await;
        assert_eq!(ikm["responses"], set["responses"].as_array().unwrap().len());
        assert_eq!(
            ikm["ci_low"].as_f64().unwrap(),
            round2(&set["ikm_ci"][0]),
            "{path}"
        );
        assert_eq!(
            ikm["ci_high"].as_f64().unwrap(),
            round2(&set["ikm_ci"][1]),
            "{path}"
        );
        for (k, el) in ikm["elements"].as_array().unwrap().iter().enumerate() {
            let want = &set["elements"][k]["ci"];
            assert_eq!(
                el["ci_low"].as_f64().unwrap(),
                round2(&want[0]),
                "{path} U{}",
                k + 1
            );
            assert_eq!(
                el["ci_high"].as_f64().unwrap(),
                round2(&want[1]),
                "{path} U{}",
                k + 1
            );
        }
    }
    // The printed report (which adds up the responses themselves) gives the same interval.
    let (status, _, report) = page(
        &app,
        Some(&admin),
        "/staf/laporan?unit=bapenda&from=2026-10-01&to=2026-11-30",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let words = format!(
        "{:.1}–{:.1}",
        set["ikm_ci"][0].as_f64().unwrap(),
        set["ikm_ci"][1].as_f64().unwrap()
    )
    .replace('.', ",");
    assert!(report.contains(&words), "{words} in the report");
    // The trend's points (one a month) treat each month's days alike.
    let trend = get_json(
        &app,
        "/api/v1/trends?unit=samsat-kota&from=2026-10-01&to=2026-11-30",
    )
    .await;
    let points = trend["points"].as_array().unwrap();
    assert!(
        points.iter().all(|p| p["ci_low"].as_f64().is_some()),
        "{trend}"
    );
}

/// `n` responses on `day` for `service`, every element `score` but the first `low` of them
/// one lower (so that the answers spread).
fn answers(day: chrono::NaiveDate, service: &str, n: usize, score: u8, low: usize) -> String {
    (0..n)
        .map(|i| {
            let s = if i < low { score - 1 } else { score };
            let a = vec![s.to_string(); 9].join(",");
            format!("{day},{service},{a},,,,,\n")
        })
        .collect()
}

async fn the_dashboard_tells_a_change_only_beyond_the_noise(app: TestApp) {
    let admin = app.signed_in("a@jambiprov.go.id", "admin", &[]).await;
    let today = app::clock::today();
    let last_month = today - chrono::Months::new(1);
    let last_year = today - chrono::Months::new(12);
    // Samsat Kota: 40 last month mostly 3, 40 this month mostly 4: a real rise; 40 a year
    // ago like this month, a point apart: noise.
    // Samsat Muaro: 40 last month, 12 this month: too few to tell.
    let mut csv = answers(last_month, "skj-pkb", 40, 3, 10);
    csv.push_str(&answers(today, "skj-pkb", 40, 4, 10));
    csv.push_str(&answers(last_year, "skj-pkb", 40, 4, 13));
    csv.push_str(&answers(last_month, "smj-pkb", 40, 3, 15));
    csv.push_str(&answers(today, "smj-pkb", 12, 3, 4));
    app.import_surveys(&admin, &csv).await;
    let manager = app
        .signed_in("m@jambiprov.go.id", "manager", &["bapenda"])
        .await;
    let (status, _, body) = page(&app, Some(&manager), "/staf/dasbor?periode=month").await;
    assert_eq!(status, StatusCode::OK);
    let row = |name: &str| {
        let at = body
            .find(&format!("<th scope=\"row\">{name}"))
            .unwrap_or_else(|| panic!("{name}"));
        body[at..at + body[at..].find("</tr>").unwrap()].to_string()
    };
    let kota = row("UPTD PPD Samsat Kota Jambi");
    assert!(kota.contains("class=\"chg up\""), "{kota}");
    assert!(kota.contains("tidak berbeda nyata"), "a year ago: {kota}");
    // The number stays, with its interval.
    assert!(kota.contains("interval 95 %"), "{kota}");
    let muaro = row("UPTD PPD Samsat Muaro Jambi");
    assert!(muaro.contains("sampel kecil (12 responden)"), "{muaro}");
    assert!(!muaro.contains("chg up") && !muaro.contains("chg down"));
    // Samsat Kota's two changes were compared at once; Muaro's was not tested.
    assert!(
        body.contains("Benjamini–Hochberg atas 2 perbandingan"),
        "the footnote names the correction"
    );
    // Twelve responses: the heatmap says so, marks nothing weak, offers no training.
    assert!(body.contains("sampel kecil (12 responden): unsur lemah"));
    assert!(!body.contains("/staf/pelatihan?unit=samsat-muaro"));
    // Samsat Kota has enough answers, but every element is graded A this month (93,75):
    // nothing is weak, so no training is offered either.
    assert!(!body.contains("/staf/pelatihan?unit=samsat-kota"));
    // The element names are written in the heatmap's head, not only in a tooltip.
    let head = &body[body.find("class=\"data heatmap\"").unwrap()..];
    let head = &head[..head.find("</thead>").unwrap()];
    assert!(
        head.contains("class=\"el-name\"") && head.contains(">Prosedur</span>"),
        "{head}"
    );
}

/// `per_day` responses a day on each day of `[from, to]` for `service`: `fell` gives mostly
/// 3 with U7 at 1 for every other response; otherwise mostly 4, every third response 3.
fn history(
    service: &str,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
    per_day: usize,
    fell: bool,
) -> String {
    let mut csv = String::new();
    let mut day = from;
    let mut i = 0;
    while day <= to {
        for _ in 0..per_day {
            let mut a = if fell || i % 3 == 0 { [3; 9] } else { [4; 9] };
            if fell && i % 2 == 0 {
                a[6] = 1;
            }
            let a: Vec<String> = a.iter().map(|x| x.to_string()).collect();
            csv.push_str(&format!("{day},{service},{},,,,,\n", a.join(",")));
            i += 1;
        }
        day = day.succ_opt().unwrap();
    }
    csv
}

async fn a_unit_whose_ikm_falls_raises_one_early_warning_mailed_to_who_reads_it(app: TestApp) {
    use chrono::Duration;
    let admin = app.signed_in("a@jambiprov.go.id", "admin", &[]).await;
    let officer = app
        .signed_in(
            "petugas@samsat.jambiprov.go.id",
            "unit_officer",
            &["samsat-kota"],
        )
        .await;
    let manager = app
        .signed_in("m@bapenda.jambiprov.go.id", "manager", &["bapenda"])
        .await;
    app.signed_in("m@rsud.jambiprov.go.id", "manager", &["rsud-rm"])
        .await;
    // The job of `day` (yesterday: today's is run by the server itself) tests the 30 days
    // before it against the twelve 30-day blocks before those.
    let today = app::clock::today();
    let day = today - Duration::days(1);
    let start = day - Duration::days(390);
    let cut = day - Duration::days(30);
    let mut csv = history("skj-pkb", start, cut - Duration::days(1), 3, false);
    csv.push_str(&history("skj-pkb", cut, day - Duration::days(1), 3, true));
    // Samsat Muaro stays as it was.
    csv.push_str(&history(
        "smj-pkb",
        start,
        day - Duration::days(1),
        2,
        false,
    ));
    app.import_surveys(&admin, &csv).await;

    let run = |d| app::analytics::warning::job::run_daily(&app.state, d);
    assert_eq!(
        run(day).await.unwrap(),
        1,
        "Samsat Kota fell; Muaro did not"
    );
    assert_eq!(
        run(day).await.unwrap(),
        0,
        "once a day, whatever the instances"
    );
    assert_eq!(
        run(today).await.unwrap(),
        0,
        "still falling: the same alarm, not a new one"
    );
    assert_eq!(app.count("ikm_alarms").await, 1);
    // Mailed once to the unit's officer and to the manager who reads it, not to another.
    let found = app
        .eventually(10, || async {
            let m = app.mails();
            let about = |to: &str| {
                m.iter()
                    .filter(|x| x.contains("peringatan dini") && x.contains(to))
                    .count()
            };
            about("petugas@samsat") == 1 && about("m@bapenda") == 1
        })
        .await;
    assert!(found, "mailed");
    let mails = app.mails();
    let mail = mails
        .iter()
        .find(|x| x.contains("peringatan dini") && x.contains("petugas@samsat"))
        .unwrap();
    assert!(mail.contains("UPTD PPD Samsat Kota Jambi"));
    assert!(
        mail.contains("U7 Perilaku Pelaksana"),
        "the element that fell most"
    );
    assert!(
        !mails
            .iter()
            .any(|x| x.contains("peringatan dini") && x.contains("m@rsud"))
    );
    // The manager's dashboard and the officer's queue show it.
    let (_, _, dash) = page(&app, Some(&manager), "/staf/dasbor").await;
    assert!(dash.contains("Peringatan dini"), "on the dashboard");
    assert!(dash.contains("U7 Perilaku Pelaksana"));
    let (_, _, queue) = page(&app, Some(&officer), "/staf/antrean").await;
    assert!(queue.contains("Peringatan dini"), "on the officer's queue");
    assert!(!queue.contains("Samsat Muaro Jambi</strong>"));
}

/// `GET path` as `who`, the body as bytes.
async fn download(app: &TestApp, who: Option<&Session>, path: &str) -> (StatusCode, Vec<u8>) {
    let mut req = app.client.get(app.url(path));
    if let Some(s) = who {
        req = req.header("cookie", &s.cookie);
    }
    let r = req.send().await.unwrap();
    (r.status(), r.bytes().await.unwrap().to_vec())
}

/// An xlsx file read back by openpyxl (`tests/support/read_xlsx.py`): each sheet's name and
/// rows of `{"v", "t", "f"}` cells.
fn read_back(bytes: &[u8]) -> Vec<Value> {
    let file = std::env::temp_dir().join(format!("suara-workbook-{}.xlsx", std::process::id()));
    std::fs::write(&file, bytes).unwrap();
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("support/read_xlsx.py");
    let out = std::process::Command::new(suara_tests::smtp::python())
        .arg(script)
        .arg(&file)
        .output()
        .unwrap();
    let _ = std::fs::remove_file(&file);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice::<Value>(&out.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

/// The row of `sheet` whose first cell is `label`.
fn labelled<'a>(sheet: &'a Value, label: &str) -> &'a Vec<Value> {
    sheet["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_array().unwrap())
        .find(|r| r[0]["v"] == label)
        .unwrap_or_else(|| panic!("no row {label} in {}", sheet["name"]))
}

async fn the_workbook_carries_the_report_its_intervals_and_no_personal_data(app: TestApp) {
    let admin = app.signed_in("a@jambiprov.go.id", "admin", &[]).await;
    let r = reference();
    let typical = case(&r, "typical_30");
    let today = app::clock::today();
    let mut csv = csv_of(typical, today, "skj-pkb");
    // Two suggestions with personal data and markup in them.
    csv.push_str(&format!(
        "{today},skj-pkb,4,4,4,4,4,4,4,4,4,,,,,\"Tolong hubungi saya 0812-3456-7890 atau budi@mail.com, NIK 1571012345678901\"\n"
    ));
    csv.push_str(&format!(
        "{today},skj-pkb,3,3,3,3,3,3,3,3,3,,,,,\"</textarea><script>alert(1)</script> =HYPERLINK(\"\"x\"\") <!-- antrean lama\"\n"
    ));
    app.import_surveys(&admin, &csv).await;
    let ikm = get_json(
        &app,
        &format!("/api/v1/ikm?unit=bapenda&from={today}&to={today}"),
    )
    .await;
    let path = format!("/staf/laporan.xlsx?unit=bapenda&from={today}&to={today}");

    // The same access as the printed report: no session, no file; a unit officer of
    // another unit, refused; the unit's own officer and a manager, served.
    assert_eq!(
        download(&app, None, &path).await.0,
        StatusCode::UNAUTHORIZED
    );
    let other = app
        .signed_in("o@jambiprov.go.id", "unit_officer", &["dinkes"])
        .await;
    assert_eq!(
        download(&app, Some(&other), &path).await.0,
        StatusCode::FORBIDDEN
    );
    let own = app
        .signed_in("u@jambiprov.go.id", "unit_officer", &["bapenda"])
        .await;
    assert_eq!(download(&app, Some(&own), &path).await.0, StatusCode::OK);
    let manager = app
        .signed_in("m@jambiprov.go.id", "manager", &["bapenda"])
        .await;
    let resp = app
        .client
        .get(app.url(&path))
        .header("cookie", &manager.cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let h = resp.headers();
    assert_eq!(
        h["content-type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert_eq!(h["cache-control"], "no-store");
    assert!(
        h["content-disposition"]
            .to_str()
            .unwrap()
            .contains(&format!("laporan-skm-bapenda-{today}-{today}.xlsx"))
    );
    let book = read_back(&resp.bytes().await.unwrap());
    let names: Vec<&str> = book.iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        [
            "Ringkasan",
            "Unsur",
            "Profil responden",
            "Kritik dan saran",
            "Rencana tindak lanjut"
        ]
    );
    // The summary's IKM and interval are number cells equal to the API's.
    let summary = &book[0];
    let number = |row: &Vec<Value>| {
        assert_eq!(row[1]["t"], "n", "{row:?}");
        row[1]["v"].as_f64().unwrap()
    };
    let v = number(labelled(summary, "Indeks Kepuasan Masyarakat (IKM)"));
    assert!(
        (v - ikm["ikm"].as_f64().unwrap()).abs() < 0.005,
        "{v} vs {}",
        ikm["ikm"]
    );
    let low = number(labelled(summary, "Batas bawah interval 95 %"));
    let high = number(labelled(summary, "Batas atas interval 95 %"));
    assert!((low - ikm["ci_low"].as_f64().unwrap()).abs() < 0.005);
    assert!((high - ikm["ci_high"].as_f64().unwrap()).abs() < 0.005);
    assert_eq!(
        number(labelled(summary, "Jumlah responden")),
        ikm["responses"].as_f64().unwrap()
    );
    assert_eq!(labelled(summary, "Dari tanggal")[1]["t"], "d");
    // Each element: code, name, counts and figures as numbers, its interval the API's.
    let elements = book[1]["rows"].as_array().unwrap();
    assert_eq!(elements.len(), 10);
    for (k, el) in ikm["elements"].as_array().unwrap().iter().enumerate() {
        let row = elements[k + 1].as_array().unwrap();
        assert_eq!(row[0]["v"], format!("U{}", k + 1));
        for (c, cell) in row.iter().enumerate().take(9).skip(2) {
            assert_eq!(cell["t"], "n", "U{} column {c}", k + 1);
        }
        assert!((row[6]["v"].as_f64().unwrap() - el["index"].as_f64().unwrap()).abs() < 0.005);
        assert!((row[7]["v"].as_f64().unwrap() - el["ci_low"].as_f64().unwrap()).abs() < 0.005);
        assert!((row[8]["v"].as_f64().unwrap() - el["ci_high"].as_f64().unwrap()).abs() < 0.005);
        assert_eq!(row[4]["f"], "0.0000");
    }
    // The suggestions: masked, the rest kept as text, markup and formulas inert.
    let texts: Vec<String> = book[3]["rows"].as_array().unwrap()[1..]
        .iter()
        .map(|r| {
            assert_eq!(r[1]["t"], "s");
            r[1]["v"].as_str().unwrap().to_string()
        })
        .collect();
    assert!(
        texts.contains(
            &"Tolong hubungi saya [nomor telepon] atau [email], NIK [NIK/NIP]".to_string()
        ),
        "{texts:?}"
    );
    assert!(
        texts.iter().any(|t| t.starts_with("</textarea><script>")),
        "{texts:?}"
    );
    let all = serde_json::to_string(&book).unwrap();
    assert!(!all.contains("0812") && !all.contains("budi@") && !all.contains("1571012345678901"));
    // So does the survey export.
    let (status, csv) = download(
        &app,
        Some(&manager),
        &format!("/staf/ekspor/survei.csv?unit=bapenda&from={today}&to={today}"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let csv = String::from_utf8(csv).unwrap();
    assert!(
        csv.contains("Tolong hubungi saya [nomor telepon] atau [email], NIK [NIK/NIP]"),
        "{csv}"
    );
    assert!(!csv.contains("0812") && !csv.contains("budi@"));
    // The printed report masks the same.
    let (status, _, body) = page(
        &app,
        Some(&manager),
        &format!("/staf/laporan?unit=bapenda&from={today}&to={today}"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("[nomor telepon] atau [email], NIK [NIK/NIP]"));
    assert!(!body.contains("0812-3456") && !body.contains("<script>alert"));
    assert!(body.contains(&format!(
        "/staf/laporan.xlsx?unit=bapenda&amp;from={today}&amp;to={today}"
    )));
}

on_both_backends!(
    every_index_through_the_api_carries_the_reference_interval,
    days_that_share_a_cause_widen_the_interval_as_the_reference_does,
    the_dashboard_tells_a_change_only_beyond_the_noise,
    a_unit_whose_ikm_falls_raises_one_early_warning_mailed_to_who_reads_it,
    the_workbook_carries_the_report_its_intervals_and_no_personal_data,
);
