//! A unit's public page (`/ikm/{unit}`) through the real server, on SQLite and PostgreSQL:
//! its index with the interval and elements for the period asked, its trend, and the
//! follow-up plan recorded for those results, its free text inert and masked; the units
//! above and below it; 404 for an unknown unit; linked from `/ikm`, the thank-you page and
//! the poster.

use super::console::page;
use reqwest::StatusCode;
use serde_json::{Value, json};
use suara_tests::{Session, TestApp, on_both_backends};

async fn send(
    app: &TestApp,
    who: &Session,
    method: reqwest::Method,
    path: &str,
    body: Value,
) -> Value {
    let r = app
        .client
        .request(method, app.url(path))
        .header("cookie", &who.cookie)
        .header("x-csrf-token", &who.csrf)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = r.status();
    let body: Value = r.json().await.unwrap_or(Value::Null);
    assert!(status.is_success(), "{path}: {status} {body}");
    body
}

async fn a_unit_publishes_its_results_and_what_it_does_about_them(app: TestApp) {
    let admin = app.signed_in("a@jambiprov.go.id", "admin", &[]).await;
    // Thirty-six responses in the third quarter at Samsat Kota (a UPTD of Bapenda), on two
    // days: U7 lowest.
    let mut csv = "2026-08-10,skj-pkb,4,4,3,4,3,4,2,4,4,,,,,\n".repeat(20);
    csv.push_str(&"2026-08-11,skj-pkb,4,3,3,4,4,4,1,4,3,,,,,\n".repeat(16));
    app.import_surveys(&admin, &csv).await;
    let hostile = concat!(
        "</text",
        "area><script>alert(1)</script> <!-- \"kutip\" 'satu'"
    );
    let created = send(
        &app,
        &admin,
        reqwest::Method::POST,
        "/api/v1/follow-ups",
        json!({"unit": "samsat-kota", "period": "2026-Q3", "element": "U7",
            "action": format!("Pelatihan sikap petugas loket {hostile}"),
            "responsible": "Kasi Pelayanan", "due_on": "2026-12-20"}),
    )
    .await;
    let id = created["id"].as_i64().unwrap();
    send(
        &app,
        &admin,
        reqwest::Method::PATCH,
        &format!("/api/v1/follow-ups/{id}"),
        json!({"status": "in_progress",
            "note": "Sesi pertama selesai; warga yang mengeluh (0812-3456-7890, budi@mail.com) sudah dihubungi"}),
    )
    .await;

    // The quarter's page: the index as the API computes it, with its interval in words and
    // the element table; the plan, its markup inert and the citizen's number masked.
    let api: Value = app
        .client
        .get(app.url("/api/v1/ikm?unit=samsat-kota&from=2026-07-01&to=2026-09-30"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let (status, _, body) = page(&app, None, "/ikm/samsat-kota?periode=2026-Q3").await;
    assert_eq!(status, StatusCode::OK);
    let ikm = format!("{:.2}", api["ikm"].as_f64().unwrap()).replace('.', ",");
    assert!(
        body.contains(&format!("<span class=\"ikm\">{ikm}</span>")),
        "{ikm}: {body}"
    );
    assert!(body.contains("class=\"ci\""), "the interval in words");
    assert!(
        body.contains("36 responden dari sampel minimal"),
        "the sample in a sentence"
    );
    assert!(body.contains("<caption>Nilai per unsur</caption>"));
    assert!(body.contains("U7 "), "the element table names U7");
    assert!(body.contains("Kami mendengar, kami bertindak"));
    assert!(body.contains("Pelatihan sikap petugas loket &lt;/textarea&gt;&lt;script&gt;"));
    assert!(!body.contains("<script>alert(1)"));
    assert!(!body.contains("<!-- \"kutip\""));
    assert!(body.contains("Sedang berjalan"), "the action's status");
    assert!(body.contains("Kasi Pelayanan"));
    assert!(
        body.contains("[nomor telepon]") && body.contains("[email]"),
        "{body}"
    );
    assert!(!body.contains("0812-3456-7890") && !body.contains("budi@mail.com"));
    assert!(body.contains("class=\"chart-box\""), "the trend");
    assert!(body.contains("Bagian dari") && body.contains("href=\"/ikm/bapenda?periode=2026-Q3\""));
    assert!(
        body.contains("href=\"/s/skj-pkb\""),
        "its services, to rate them"
    );

    // The year shows the quarter's plan too; a quarter without one says so.
    let (_, _, year) = page(&app, None, "/ikm/samsat-kota?periode=2026").await;
    assert!(year.contains("Pelatihan sikap petugas loket"));
    let (_, _, q1) = page(&app, None, "/ikm/samsat-kota?periode=2026-Q1").await;
    assert!(!q1.contains("Pelatihan sikap petugas loket"));
    assert!(q1.contains("Belum ada rencana tindak lanjut"));
    assert!(q1.contains("Belum ada penilaian pada periode ini"));

    // The office above: its index includes the UPTD's, the UPTD's action is named as such,
    // and the UPTD has its link.
    let (status, _, office) = page(&app, None, "/ikm/bapenda?periode=2026-Q3").await;
    assert_eq!(status, StatusCode::OK);
    assert!(office.contains(&format!("<span class=\"ikm\">{ikm}</span>")));
    assert!(office.contains("Pelatihan sikap petugas loket"));
    assert!(office.contains("href=\"/ikm/samsat-kota?periode=2026-Q3\""));

    // Unknown: 404, in words.
    let (status, _, nope) = page(&app, None, "/ikm/tidak-ada").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(nope.contains("Unit ini tidak dikenal"));

    // Linked from the index, the thank-you page and the poster.
    let (_, _, index) = page(&app, None, "/ikm?periode=2026-Q3").await;
    assert!(index.contains("href=\"/ikm/samsat-kota?periode=2026-Q3\""));
    let (_, _, thanks) = page(&app, None, "/s/skj-pkb/terima-kasih").await;
    assert!(thanks.contains("href=\"/ikm/samsat-kota\""), "{thanks}");
    let poster = app
        .client
        .get(app.url("/poster/skj-pkb.svg"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(poster.contains("/ikm/samsat-kota</text>"), "{poster}");
}

on_both_backends!(a_unit_publishes_its_results_and_what_it_does_about_them);
