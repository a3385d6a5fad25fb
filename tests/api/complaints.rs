//! Complaints through the real server: filing by JSON, multipart and the plain form,
//! tracking, reporter protection at rest and in every public view, evidence cleaning,
//! abuse resistance.

use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};
use suara_tests::{Backend, TestApp, on_both_backends, spawn_app_with};

pub const SECRET_NAME: &str = "Siti Rahmawati Pelapor";
pub const SECRET_EMAIL: &str = "siti.rahasia@contoh.id";
pub const WHAT: &str =
    "Petugas loket meminta uang Rp50.000 di luar tarif resmi agar STNK cepat selesai.";

pub async fn post_complaint(app: &TestApp, body: &Value) -> reqwest::Response {
    app.client
        .post(app.url("/api/v1/complaints"))
        .json(body)
        .send()
        .await
        .expect("request")
}

pub fn rahasia() -> Value {
    json!({"unit_code": "samsat-kota", "service_code": "skj-pkb", "category": "pungli", "mode": "rahasia",
        "what": WHAT, "who": "Petugas loket 3", "where": "Kantor Samsat Kota Jambi", "incident_date": "2026-11-20",
        "reporter": {"name": SECRET_NAME, "email": SECRET_EMAIL, "phone": "0812-7400-1122"}})
}

/// Files a complaint and returns its tracking code.
pub async fn file(app: &TestApp, body: &Value) -> String {
    filed(app, body).await.0
}

/// Files a complaint and returns its tracking code and the reporter's reply key.
pub async fn filed(app: &TestApp, body: &Value) -> (String, String) {
    let r = post_complaint(app, body).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let v = r.json::<Value>().await.unwrap();
    let text = |k: &str| v[k].as_str().expect(k).to_string();
    (text("tracking_code"), text("reply_key"))
}

async fn a_rahasia_reporter_is_never_shown_and_not_readable_at_rest(app: TestApp) {
    let code = file(&app, &rahasia()).await;
    assert_eq!(code.len(), 12);
    let r = app
        .client
        .get(app.url(&format!("/api/v1/complaints/{code}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["status"], "received");
    assert_eq!(body["category"], "pungli");
    assert_eq!(body["unit_code"], "samsat-kota");
    assert_eq!(body["replies"], json!([]));
    assert!(body["created_at"].is_string() && body["updated_at"].is_string());
    let mut public = body.to_string();
    public += &app.get_text(&format!("/lacak/{code}"), None).await;
    public += &app
        .get_text(&format!("/open311/v2/requests/{code}.json"), None)
        .await;
    public += &app
        .get_text(&format!("/open311/v2/requests/{code}.xml"), None)
        .await;
    public += &app.get_text("/open311/v2/requests.json", None).await;
    for secret in [
        SECRET_NAME,
        SECRET_EMAIL,
        "0812-7400",
        "Rp50.000",
        "loket 3",
    ] {
        assert!(
            !public.contains(secret),
            "{secret} leaked into a public view"
        );
    }
    assert!(public.contains(&code));
    // At rest: neither the complaint row nor the queued mail holds the identity in clear.
    let stored = app.table_text("complaints").await + &app.table_text("outbox").await;
    assert!(stored.contains("Rp50.000"), "the report itself is stored");
    for secret in [SECRET_NAME, SECRET_EMAIL, "0812-7400"] {
        assert!(
            !stored.contains(secret),
            "{secret} readable in the database"
        );
    }
    if app.backend == Backend::Sqlite {
        let mut raw = std::fs::read(app.dir.join("suara.db")).unwrap();
        raw.extend(std::fs::read(app.dir.join("suara.db-wal")).unwrap_or_default());
        let raw = String::from_utf8_lossy(&raw);
        assert!(raw.contains("Rp50.000"));
        assert!(!raw.contains(SECRET_NAME) && !raw.contains(SECRET_EMAIL));
    }
}

async fn an_anonim_report_keeps_no_identity_and_no_address(app: TestApp) {
    let mut body = rahasia();
    body["mode"] = json!("anonim");
    let r = post_complaint(&app, &body).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        r.json::<Value>().await.unwrap()["error"],
        "reporter_not_allowed"
    );
    body.as_object_mut().unwrap().remove("reporter");
    let code = file(&app, &body).await;
    let row = app.table_text("complaints").await;
    assert!(row.contains(&code));
    assert!(!row.contains("127.0.0.1"), "no address kept for anonim");
    let sealed = app
        .db
        .query_one_raw(sea_orm::Statement::from_string(
            app.db.get_database_backend(),
            format!("SELECT reporter_sealed FROM complaints WHERE tracking_code = '{code}'"),
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get::<Option<String>>("", "reporter_sealed")
        .unwrap();
    assert_eq!(sealed, None);
    // Without an email nothing goes to the reporter: only the Inspektorat hears of it.
    assert!(
        app.table_text("outbox")
            .await
            .lines()
            .all(|l| !l.contains("receipt"))
    );
}

use sea_orm::ConnectionTrait;

async fn bad_reports_name_the_field_and_store_nothing(app: TestApp) {
    let cases = [
        (
            json!({"unit_code": "samsat-kota", "mode": "anonim", "what": WHAT}),
            "category_missing",
            "category",
        ),
        (
            json!({"unit_code": "samsat-kota", "category": "korupsi", "mode": "anonim", "what": WHAT}),
            "category_invalid",
            "category",
        ),
        (
            json!({"unit_code": "nowhere", "category": "pungli", "mode": "anonim", "what": WHAT}),
            "unit_unknown",
            "unit_code",
        ),
        (
            json!({"unit_code": "samsat-kota", "service_code": "rsud-rm-rj", "category": "pungli", "mode": "anonim", "what": WHAT}),
            "service_not_in_unit",
            "service_code",
        ),
        (
            json!({"unit_code": "samsat-kota", "category": "pungli", "mode": "anonim", "what": "pendek"}),
            "what_too_short",
            "what",
        ),
        (
            json!({"unit_code": "samsat-kota", "category": "pungli", "mode": "anonim", "what": WHAT, "incident_date": "2099-01-01"}),
            "incident_date_in_future",
            "incident_date",
        ),
        (
            json!({"unit_code": "samsat-kota", "category": "pungli", "mode": "terbuka", "what": WHAT}),
            "reporter_name_missing",
            "reporter.name",
        ),
        (
            json!({"unit_code": "samsat-kota", "category": "pungli", "mode": "terbuka", "what": WHAT, "reporter": {"name": "Budi", "email": "budi at x"}}),
            "email_invalid",
            "reporter.email",
        ),
        (
            json!({"unit_code": "samsat-kota", "category": "pungli", "mode": "rahasia", "what": WHAT, "extra": "x"}),
            "unknown_field",
            "extra",
        ),
    ];
    for (body, code, field) in cases {
        let r = post_complaint(&app, &body).await;
        // A code that names nothing is 404, as the API document says; bad input is 422.
        let names_nothing = code.ends_with("_unknown") || code == "service_not_in_unit";
        let status = if names_nothing {
            StatusCode::NOT_FOUND
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        };
        assert_eq!(r.status(), status, "{body}");
        let e: Value = r.json().await.unwrap();
        assert_eq!(
            (e["error"].as_str(), e["field"].as_str()),
            (Some(code), Some(field)),
            "{body}"
        );
    }
    assert_eq!(app.count("complaints").await, 0);
    assert_eq!(app.count("outbox").await, 0);
}

async fn a_photo_with_gps_and_a_pdf_naming_its_author_are_stored_without_it_and_a_disguised_file_is_refused(
    app: TestApp,
) {
    let gps = include_bytes!("../fixtures/gps.jpg").to_vec();
    let form = Form::new()
        .text("unit_code", "samsat-kota")
        .text("category", "pungli")
        .text("mode", "anonim")
        .text("what", WHAT)
        .part(
            "files",
            Part::bytes(gps.clone())
                .file_name("IMG_2041.jpg")
                .mime_str("image/jpeg")
                .unwrap(),
        )
        .part(
            "files",
            Part::bytes(include_bytes!("../fixtures/meta.pdf").to_vec()).file_name("kwitansi.pdf"),
        );
    let r = app
        .client
        .post(app.url("/api/v1/complaints"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    assert_eq!(app.count("complaint_files").await, 2);
    let files = app.table_text("complaint_files").await;
    let key = files
        .split(['|', '"', ','])
        .find(|s| s.ends_with(".jpg"))
        .expect("a stored jpg")
        .to_string();
    let at_rest =
        std::fs::read(app.dir.join("evidence").join(&key)).expect("file in the evidence store");
    assert!(
        !at_rest.starts_with(&[0xff, 0xd8]) && !at_rest.windows(4).any(|w| w == b"Exif"),
        "evidence is sealed at rest"
    );
    let stored = app
        .state
        .keys
        .open_file(&at_rest)
        .expect("sealed under the server's key");
    let exif = exif::Reader::new()
        .read_from_container(&mut std::io::Cursor::new(&stored))
        .unwrap();
    assert!(
        exif.fields().all(|f| f.tag.context() != exif::Context::Gps),
        "GPS survived"
    );
    assert_eq!(exif.fields().count(), 1, "only the orientation is kept");
    assert!(gps.len() > stored.len());
    // The PDF (made by pypdf, naming its author in four places) is stored without them.
    let key = files
        .split(['|', '"', ','])
        .find(|s| s.ends_with(".pdf"))
        .expect("a stored pdf")
        .to_string();
    let at_rest = std::fs::read(app.dir.join("evidence").join(&key)).unwrap();
    let pdf = app.state.keys.open_file(&at_rest).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    for gone in ["Siti Rahmawati", "Microsoft Word", "xmpmeta"] {
        assert!(
            !pdf.windows(gone.len()).any(|w| w == gone.as_bytes()),
            "{gone} left in the stored PDF"
        );
    }
    // An executable named like a photo is refused by its content.
    let form = Form::new()
        .text("unit_code", "samsat-kota")
        .text("category", "pungli")
        .text("mode", "anonim")
        .text("what", WHAT)
        .part(
            "files",
            Part::bytes(b"MZ\x90\x00\x03\x00\x00\x00".to_vec())
                .file_name("foto.jpg")
                .mime_str("image/jpeg")
                .unwrap(),
        );
    let r = app
        .client
        .post(app.url("/api/v1/complaints"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let e: Value = r.json().await.unwrap();
    assert_eq!(
        (e["error"].as_str(), e["field"].as_str()),
        (Some("file_type_not_allowed"), Some("files"))
    );
    assert_eq!(app.count("complaints").await, 1);
}

async fn tracking_codes_survive_typing_and_catch_typos(app: TestApp) {
    let code = file(&app, &rahasia()).await;
    let grouped = format!("{}-{}-{}", &code[..4], &code[4..8], &code[8..]).to_lowercase();
    let r = app
        .client
        .get(app.url(&format!("/lacak?kode={grouped}")))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert!(r.status().is_redirection());
    assert_eq!(r.headers()["location"], format!("/lacak/{code}").as_str());
    let last = code.chars().last().unwrap();
    let typo_char = if last == '7' { '8' } else { '7' };
    let typo = format!("{}{typo_char}", &code[..11]);
    let page = app.get_text(&format!("/lacak?kode={typo}"), None).await;
    assert!(page.contains("salah ketik"), "typo explained");
    assert!(page.contains(&typo), "what was typed is kept");
    let r = app
        .client
        .get(app.url(&format!("/api/v1/complaints/{typo}")))
        .send()
        .await
        .unwrap();
    // A typo names no report (404), with a code that tells it from an unknown one.
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        r.json::<Value>().await.unwrap()["error"],
        "tracking_code_typo"
    );
    let unknown = app
        .client
        .get(app.url("/api/v1/complaints/000000000000"))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    let page = app
        .client
        .get(app.url("/lacak/000000000000"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::NOT_FOUND);
    assert!(
        page.text()
            .await
            .unwrap()
            .contains("Tidak ada laporan dengan kode ini")
    );
}

/// The `form_token` value in a served form.
pub fn token_of(page: &str) -> String {
    let at = page.find("name=\"form_token\"").expect("token field");
    let rest = &page[at..];
    let v = rest.find("value=\"").unwrap() + 7;
    rest[v..v + rest[v..].find('"').unwrap()].to_string()
}

fn form_of(token: &str, extra: &[(&'static str, &str)]) -> Form {
    let mut f = Form::new()
        .text("form_token", token.to_string())
        .text("unit_code", "samsat-kota")
        .text("category", "pungli")
        .text("what", WHAT)
        .text("website", "");
    for (k, v) in extra {
        f = f.text(*k, v.to_string());
    }
    f.part("files", Part::bytes(Vec::new()).file_name(""))
}

async fn the_form_without_javascript_keeps_values_then_files_and_shows_the_code(app: TestApp) {
    let page = app.get_text("/lapor", None).await;
    assert!(page.contains("enctype=\"multipart/form-data\""));
    for mode in ["terbuka", "rahasia", "anonim"] {
        assert!(page.contains(&format!("value=\"{mode}\"")));
    }
    let token = token_of(&page);
    let r = app
        .client
        .post(app.url("/lapor"))
        .multipart(form_of(
            &token,
            &[
                ("mode", "anonim"),
                ("reporter.name", "Budi"),
                ("where", "Loket 3 lantai 1"),
            ],
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let again = r.text().await.unwrap();
    assert!(again.contains("Anda memilih Anonim"), "error by the field");
    assert!(
        again.contains("Loket 3 lantai 1") && again.contains(WHAT),
        "typed values kept"
    );
    assert!(again.contains(&token), "the original form time is kept");
    let r = app
        .client
        .post(app.url("/lapor"))
        .multipart(form_of(
            &token,
            &[("mode", "anonim"), ("where", "Loket 3 lantai 1")],
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let location = r.headers()["location"].to_str().unwrap().to_string();
    assert!(location.starts_with("/lacak/") && location.ends_with("?baru=1"));
    let status = app.get_text(&location, None).await;
    assert!(status.contains("Laporan Anda sudah tersimpan"));
    assert!(status.contains("Diterima") && status.contains("Pungutan liar"));
    assert!(
        !status.contains("Loket 3 lantai 1"),
        "the report text is not public"
    );
}

on_both_backends!(
    a_rahasia_reporter_is_never_shown_and_not_readable_at_rest,
    an_anonim_report_keeps_no_identity_and_no_address,
    bad_reports_name_the_field_and_store_nothing,
    a_photo_with_gps_and_a_pdf_naming_its_author_are_stored_without_it_and_a_disguised_file_is_refused,
    tracking_codes_survive_typing_and_catch_typos,
    the_form_without_javascript_keeps_values_then_files_and_shows_the_code,
    a_filled_honeypot_is_refused_and_nothing_stored,
    a_reporter_reading_english_gets_the_receipt_in_english,
);

async fn a_hasty_or_forged_form_is_refused_with_a_message_and_nothing_stored(app: TestApp) {
    let token = token_of(&app.get_text("/lapor", None).await);
    let r = app
        .client
        .post(app.url("/lapor"))
        .multipart(form_of(&token, &[("mode", "anonim")]))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(page.contains("terlalu cepat") && page.contains(WHAT));
    let forged = "1.AAAA";
    let r = app
        .client
        .post(app.url("/lapor"))
        .multipart(form_of(forged, &[("mode", "anonim")]))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.count("complaints").await, 0);
}

mod hasty {
    use super::a_hasty_or_forged_form_is_refused_with_a_message_and_nothing_stored;
    suara_tests::on_both_backends_with!(&[("SUARA_MIN_FILL_SECS", "30")]; a_hasty_or_forged_form_is_refused_with_a_message_and_nothing_stored);
}

async fn a_filled_honeypot_is_refused_and_nothing_stored(app: TestApp) {
    let token = token_of(&app.get_text("/lapor", None).await);
    let f = Form::new()
        .text("website", "http://spam.example")
        .text("form_token", token)
        .text("unit_code", "samsat-kota")
        .text("category", "pungli")
        .text("mode", "anonim")
        .text("what", WHAT);
    let r = app
        .client
        .post(app.url("/lapor"))
        .multipart(f)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.count("complaints").await, 0);
}

#[tokio::test]
async fn complaints_over_the_quota_get_429_with_retry_after_and_a_readable_page() {
    let app = spawn_app_with(
        Backend::Sqlite,
        &[
            ("SUARA_RATE_COMPLAINT_BURST", "2"),
            ("SUARA_RATE_COMPLAINT_PER_MINUTE", "1"),
        ],
    )
    .await
    .unwrap();
    let mut body = rahasia();
    body.as_object_mut().unwrap().remove("reporter");
    body["mode"] = json!("anonim");
    for _ in 0..2 {
        assert_eq!(
            post_complaint(&app, &body).await.status(),
            StatusCode::CREATED
        );
    }
    let r = post_complaint(&app, &body).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(r.headers().contains_key("retry-after"));
    let page = app
        .client
        .post(app.url("/lapor"))
        .header("accept", "text/html")
        .multipart(form_of("x", &[("mode", "anonim")]))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(
        page.text()
            .await
            .unwrap()
            .contains("Terlalu banyak kiriman")
    );
    assert_eq!(app.count("complaints").await, 2);
}

#[tokio::test]
async fn behind_a_proxy_the_client_address_comes_from_the_trusted_header_only() {
    let app = spawn_app_with(
        Backend::Sqlite,
        &[
            ("SUARA_RATE_COMPLAINT_BURST", "1"),
            ("SUARA_RATE_COMPLAINT_PER_MINUTE", "1"),
            ("SUARA_TRUSTED_IP_HEADER", "X-Real-IP"),
        ],
    )
    .await
    .unwrap();
    let mut body = rahasia();
    body.as_object_mut().unwrap().remove("reporter");
    body["mode"] = json!("anonim");
    let send = |ip: &'static str| {
        app.client
            .post(app.url("/api/v1/complaints"))
            .header("x-real-ip", ip)
            .header("x-forwarded-for", "9.9.9.9")
            .json(&body)
            .send()
    };
    assert_eq!(
        send("10.0.0.1").await.unwrap().status(),
        StatusCode::CREATED
    );
    assert_eq!(
        send("10.0.0.1").await.unwrap().status(),
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        send("10.0.0.2").await.unwrap().status(),
        StatusCode::CREATED,
        "another citizen behind the proxy"
    );
}

#[tokio::test]
async fn evidence_can_live_in_s3_compatible_storage_shared_by_several_instances() {
    let s3 = suara_tests::s3::S3Server::start().await;
    s3.create_bucket("suara-evidence").await;
    let settings = [
        ("SUARA_STORAGE_URL", "s3://suara-evidence/bukti"),
        ("AWS_ENDPOINT_URL", s3.endpoint.as_str()),
        ("AWS_ACCESS_KEY_ID", "test"),
        ("AWS_SECRET_ACCESS_KEY", "test"),
        ("AWS_REGION", "ap-southeast-3"),
    ];
    let first = spawn_app_with(Backend::Sqlite, &settings).await.unwrap();
    let second = spawn_app_with(Backend::Sqlite, &settings).await.unwrap();
    let form = Form::new()
        .text("unit_code", "samsat-kota")
        .text("category", "pungli")
        .text("mode", "anonim")
        .text("what", WHAT)
        .part(
            "files",
            Part::bytes(include_bytes!("../fixtures/gps.jpg").to_vec())
                .file_name("bukti.jpg")
                .mime_str("image/jpeg")
                .unwrap(),
        );
    let r = first
        .client
        .post(first.url("/api/v1/complaints"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let files = first.table_text("complaint_files").await;
    let key = files
        .split('|')
        .find(|s| s.ends_with(".jpg"))
        .expect("a stored jpg")
        .to_string();
    assert!(
        !first.dir.join("evidence").exists(),
        "nothing written to a local folder"
    );
    // The other instance reads the same object: the store is shared.
    let stored = second
        .state
        .evidence
        .get(&key)
        .await
        .expect("object in the bucket");
    assert_eq!(&stored[..2], &[0xFF, 0xD8]);
    let listing = reqwest::get(format!("{}/suara-evidence?prefix=bukti/", s3.endpoint))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(listing.contains(&format!("bukti/{key}")), "{listing}");
    // Retention erases the object from the bucket (a second erasure is no error).
    second.state.evidence.erase(&key).await.expect("erased");
    second
        .state
        .evidence
        .erase(&key)
        .await
        .expect("already gone is fine");
    assert!(
        first.state.evidence.get(&key).await.is_err(),
        "gone for every instance"
    );
    let listing = reqwest::get(format!("{}/suara-evidence?prefix=bukti/", s3.endpoint))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!listing.contains(&format!("bukti/{key}")), "{listing}");
}

async fn a_reporter_reading_english_gets_the_receipt_in_english(app: TestApp) {
    let english = Some("suara_lang=en");
    let page = app.get_text("/lapor", english).await;
    assert!(page.contains("Report a civil servant"));
    let form = form_of(
        &token_of(&page),
        &[
            ("mode", "terbuka"),
            ("reporter.name", "John Citizen"),
            ("reporter.email", "john@contoh.id"),
        ],
    );
    let r = app
        .client
        .post(app.url("/lapor"))
        .header("cookie", "suara_lang=en")
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let english_mail = || async {
        app.mails()
            .iter()
            .any(|m| m.contains("Your report was received"))
    };
    assert!(app.eventually(10, english_mail).await, "receipt in English");
}
