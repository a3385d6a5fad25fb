//! The survey through the real server: units, the index arithmetic against the reference's
//! worked check, refusals, the no-JS form, citizen pages, posters, the service finder and the
//! submission quota; on SQLite and PostgreSQL.

use reqwest::StatusCode;
use serde_json::{Value, json};
use suara_tests::{Backend, TestApp, on_both_backends, spawn_app_with};

/// Answers whose element sums over 10 responses are those of the reference's worked check
/// (35, 31, 26, 39, 32, 34, 36, 29, 27 -> IKM 80.28, B).
fn worked_example_responses() -> Vec<Value> {
    let sums = [35, 31, 26, 39, 32, 34, 36, 29, 27];
    (0..10)
        .map(|j| {
            let answers: serde_json::Map<String, Value> = sums
                .iter()
                .enumerate()
                .map(|(i, s)| (format!("U{}", i + 1), json!(s / 10 + i32::from(j < s % 10))))
                .collect();
            json!({"service_code": "skj-pkb", "answers": answers})
        })
        .collect()
}

fn all_answers(score: u8) -> Value {
    json!({"U1": score, "U2": score, "U3": score, "U4": score, "U5": score, "U6": score, "U7": score, "U8": score, "U9": score})
}

async fn post_survey(app: &TestApp, body: &Value) -> reqwest::Response {
    app.client
        .post(app.url("/api/v1/surveys"))
        .json(body)
        .send()
        .await
        .expect("request")
}

async fn get_json(app: &TestApp, path: &str) -> (StatusCode, Value) {
    let r = app.client.get(app.url(path)).send().await.expect("request");
    let status = r.status();
    (status, r.json().await.unwrap_or(Value::Null))
}

async fn units_are_listed_with_parents_and_services(app: TestApp) {
    let (status, units) = get_json(&app, "/api/v1/units").await;
    assert_eq!(status, StatusCode::OK);
    let units = units.as_array().expect("array");
    let samsat = units
        .iter()
        .find(|u| u["code"] == "samsat-kota")
        .expect("UPTD Samsat Kota Jambi");
    assert_eq!(samsat["parent_code"], "bapenda");
    assert!(
        samsat["services"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["code"] == "skj-pkb" && s["name"].is_string())
    );
    let rsud = units
        .iter()
        .find(|u| u["code"] == "rsud-rm")
        .expect("RSUD Raden Mattaher");
    assert_eq!(rsud["parent_code"], Value::Null);
    assert_eq!(rsud["services"].as_array().unwrap().len(), 5);
}

async fn the_worked_check_through_the_api_gives_80_28_grade_b(app: TestApp) {
    for body in worked_example_responses() {
        let r = post_survey(&app, &body).await;
        assert_eq!(r.status(), StatusCode::CREATED);
        assert!(r.json::<Value>().await.unwrap()["id"].is_i64());
    }
    let (status, ikm) = get_json(&app, "/api/v1/ikm?service=skj-pkb").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(ikm["responses"], 10);
    assert_eq!(ikm["ikm"], 80.28);
    assert_eq!(ikm["grade"], "B");
    assert_eq!(ikm["label"], "Baik");
    let el = |code: &str| {
        ikm["elements"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["code"] == code)
            .cloned()
            .unwrap()
    };
    assert_eq!(el("U3")["index"], 65.0);
    assert_eq!(el("U3")["nrr"], 2.6);
    assert_eq!(el("U3")["grade"], "C");
    assert_eq!(el("U4")["index"], 97.5);
    assert_eq!(el("U4")["grade"], "A");
    assert!(
        ikm["min_sample"].is_u64(),
        "the reference services have a monthly volume"
    );
    // The parent unit's figure includes its UPTD's services.
    let (_, parent) = get_json(&app, "/api/v1/ikm?unit=bapenda").await;
    assert_eq!(parent["responses"], 10);
    assert_eq!(parent["ikm"], 80.28);
    // A sibling UPTD has none.
    let (_, other) = get_json(&app, "/api/v1/ikm?unit=samsat-muaro").await;
    assert_eq!(other["responses"], 0);
    assert_eq!(other["ikm"], Value::Null);
    assert_eq!(other["grade"], Value::Null);
}

async fn all_fours_give_exactly_100_with_respondent_fields_stored(app: TestApp) {
    let body = json!({"service_code": "rsud-rm-igd", "answers": all_answers(4),
        "respondent": {"gender": "P", "age": 41, "education": "s1", "occupation": "swasta"},
        "suggestion": "Petugas IGD sigap."});
    assert_eq!(post_survey(&app, &body).await.status(), StatusCode::CREATED);
    let (_, ikm) = get_json(&app, "/api/v1/ikm?service=rsud-rm-igd").await;
    assert_eq!(ikm["ikm"], 100.0);
    assert_eq!(ikm["grade"], "A");
    assert_eq!(ikm["label"], "Sangat Baik");
    assert_eq!(app.count("survey_responses").await, 1);
}

async fn bad_submissions_are_refused_with_a_code_and_field_and_store_nothing(app: TestApp) {
    let mut missing = all_answers(3);
    missing.as_object_mut().unwrap().remove("U9");
    let mut extra = all_answers(3);
    extra["U10"] = json!(2);
    let mut five = all_answers(3);
    five["U3"] = json!(5);
    let mut text = all_answers(3);
    text["U2"] = json!("tiga");
    let cases = [
        (
            json!({"service_code": "skj-pkb", "answers": missing}),
            "answer_missing",
            "U9",
        ),
        (
            json!({"service_code": "skj-pkb", "answers": extra}),
            "unknown_element",
            "U10",
        ),
        (
            json!({"service_code": "skj-pkb", "answers": five}),
            "score_out_of_range",
            "U3",
        ),
        (
            json!({"service_code": "skj-pkb", "answers": text}),
            "score_out_of_range",
            "U2",
        ),
        (
            json!({"service_code": "skj-pkb", "answers": all_answers(3), "respondent": {"age": 5}}),
            "invalid_age",
            "age",
        ),
        (
            json!({"service_code": "skj-pkb", "answers": all_answers(3), "respondent": {"gender": "X"}}),
            "invalid_gender",
            "gender",
        ),
        (
            json!({"service_code": "skj-pkb", "answers": all_answers(3), "respondent": {"education": "phd"}}),
            "unknown_education",
            "education",
        ),
        // The document's spelling only (the form reads "30", "p" and "u1" too).
        (
            json!({"service_code": "skj-pkb", "answers": all_answers(3), "respondent": {"age": "30"}}),
            "invalid_age",
            "age",
        ),
        (
            json!({"service_code": "skj-pkb", "answers": all_answers(3), "respondent": {"gender": "p"}}),
            "invalid_gender",
            "gender",
        ),
        (
            json!({"service_code": "skj-pkb", "answers": all_answers(3), "respondent": {"occupation": "PNS"}}),
            "unknown_occupation",
            "occupation",
        ),
        (
            json!({"service_code": "skj-pkb", "answers": {"u1": 3}}),
            "unknown_element",
            "u1",
        ),
        (
            json!({"service_code": "skj-pkb", "answers": all_answers(3), "respondent": {"nik": "1571"}}),
            "unknown_field",
            "respondent.nik",
        ),
        (
            json!({"service_code": "skj-pkb", "answers": all_answers(3), "rating": 5}),
            "unknown_field",
            "rating",
        ),
        (
            json!({"service_code": "skj-pkb", "answers": all_answers(3), "suggestion": "x".repeat(2001)}),
            "suggestion_too_long",
            "suggestion",
        ),
        (
            json!({"answers": all_answers(3)}),
            "service_code_missing",
            "service_code",
        ),
    ];
    for (body, code, field) in cases {
        let r = post_survey(&app, &body).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{code}");
        let err: Value = r.json().await.unwrap();
        assert_eq!(err, json!({"error": code, "field": field}));
    }
    let r = post_survey(
        &app,
        &json!({"service_code": "tidak-ada", "answers": all_answers(3)}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.count("survey_responses").await, 0);
    assert_eq!(app.count("survey_daily").await, 0);
}

async fn the_index_respects_dates_scope_and_bad_queries(app: TestApp) {
    assert_eq!(
        post_survey(
            &app,
            &json!({"service_code": "bkd-pensiun", "answers": all_answers(2)})
        )
        .await
        .status(),
        StatusCode::CREATED
    );
    let today = (chrono::Utc::now() + chrono::Duration::hours(7)).date_naive();
    let (_, inside) = get_json(
        &app,
        &format!("/api/v1/ikm?unit=bkd&from={today}&to={today}"),
    )
    .await;
    assert_eq!(inside["responses"], 1);
    assert_eq!(inside["ikm"], 50.0);
    assert_eq!(inside["grade"], "D");
    // BKD serves 300 + 120 + 90 = 510 people a month: 17 in one day, all of whom are needed.
    assert_eq!(inside["min_sample"], 17);
    assert_eq!(inside["sample_reached"], false);
    let yesterday = today.pred_opt().unwrap();
    let (_, before) = get_json(&app, &format!("/api/v1/ikm?unit=bkd&to={yesterday}")).await;
    assert_eq!(before["responses"], 0);
    assert_eq!(before["ikm"], Value::Null);
    assert_eq!(before["elements"], json!([]));
    // Neither unit nor service: the province; both: the service within the unit.
    for path in [
        "/api/v1/ikm",
        "/api/v1/ikm?unit=&service=",
        "/api/v1/ikm?unit=bkd&service=bkd-pensiun",
    ] {
        let (s, body) = get_json(&app, path).await;
        assert_eq!(s, StatusCode::OK, "{path}");
        assert_eq!(body["responses"], 1, "{path}");
    }
    let (_, other) = get_json(&app, "/api/v1/ikm?service=bkd-pangkat").await;
    assert_eq!(other["responses"], 0);
    for (path, status, code) in [
        (
            "/api/v1/ikm?unit=samsat-kota&service=bkd-pensiun",
            StatusCode::NOT_FOUND,
            "not_found",
        ),
        (
            "/api/v1/ikm?unit=bkd&from=2026-13-01",
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_date",
        ),
        (
            "/api/v1/ikm?unit=bkd&from=2026-05-01&to=2026-04-01",
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_range",
        ),
        (
            "/api/v1/ikm?unit=tidak-ada",
            StatusCode::NOT_FOUND,
            "not_found",
        ),
        (
            "/api/v1/ikm?service=tidak-ada",
            StatusCode::NOT_FOUND,
            "not_found",
        ),
    ] {
        let (s, body) = get_json(&app, path).await;
        assert_eq!(s, status, "{path}");
        assert_eq!(body["error"], code, "{path}");
    }
}

async fn the_openapi_document_describes_every_endpoint(app: TestApp) {
    let (status, doc) = get_json(&app, "/api/v1/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    for path in ["/api/v1/units", "/api/v1/surveys", "/api/v1/ikm"] {
        assert!(doc["paths"][path].is_object(), "{path} documented");
    }
    assert!(doc["components"]["schemas"]["IkmOut"].is_object());
}

async fn the_form_without_javascript_keeps_values_and_shows_errors_by_the_fields(app: TestApp) {
    let mut form: Vec<(String, String)> = (1..=8)
        .map(|i| (format!("U{i}"), "4".to_string()))
        .collect();
    form.push(("age".into(), "7".into()));
    form.push(("occupation".into(), "wirausaha".into()));
    form.push(("suggestion".into(), "Loket 3 sering kosong".into()));
    let r = app
        .client
        .post(app.url("/s/skj-pkb"))
        .header("accept", "text/html")
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("Pilih salah satu jawaban untuk pertanyaan ini."),
        "U9 error shown"
    );
    assert!(html.contains("id=\"U9-error\""), "next to U9");
    assert!(
        html.contains("<a href=\"#q-U9\">U9 ") && html.contains("<a href=\"#age\">"),
        "the summary links to each refused field"
    );
    assert!(
        html.contains("Usia harus angka antara 10 dan 110"),
        "age error shown"
    );
    assert!(html.contains("Loket 3 sering kosong"), "suggestion kept");
    assert!(html.contains("value=\"7\""), "age kept");
    assert!(
        html.contains("<option value=\"wirausaha\" selected"),
        "occupation kept"
    );
    assert_eq!(html.matches("checked").count(), 8, "the eight answers kept");
    assert_eq!(app.count("survey_responses").await, 0);

    form.retain(|(k, _)| k != "age");
    form.push(("U9".into(), "3".into()));
    let r = app
        .client
        .post(app.url("/s/skj-pkb"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], "/s/skj-pkb/terima-kasih");
    assert_eq!(app.count("survey_responses").await, 1);
    let thanks = app.get_text("/s/skj-pkb/terima-kasih", None).await;
    assert!(thanks.contains("Terima kasih"));
    assert!(thanks.contains("UPTD PPD Samsat Kota Jambi"));
    // (8 x 4 + 3) / 9 x 25 = 97.22
    assert!(
        thanks.contains("97,22"),
        "the unit's index in Indonesian notation"
    );
    assert!(thanks.contains("Sangat Baik"));
    assert!(
        !thanks.contains("class=\"offer-report\""),
        "rated well: no offer to report"
    );
    // Staff conduct (U7) rated poorly: the thank-you page offers the complaint form.
    form.retain(|(k, _)| k != "U7" && k != "submission_id");
    form.push(("U7".into(), "1".into()));
    let r = app
        .client
        .post(app.url("/s/skj-pkb"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["location"], "/s/skj-pkb/terima-kasih?lapor=1");
    let thanks = app.get_text("/s/skj-pkb/terima-kasih?lapor=1", None).await;
    assert!(
        thanks.contains("Ada petugas yang tidak sopan")
            && thanks.contains("class=\"offer-report\""),
        "{thanks}"
    );
    // No thanks for a service that does not exist.
    let r = app
        .client
        .get(app.url("/s/nope/terima-kasih"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let page = r.text().await.unwrap();
    assert!(!page.contains("sudah kami terima") && page.contains("Layanan tidak ditemukan"));
}

async fn pages_render_for_citizens_in_both_languages(app: TestApp) {
    let r = app
        .client
        .get(app.url("/s/rsud-rm-rj"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["x-content-type-options"], "nosniff");
    assert!(r.headers().contains_key("content-security-policy"));
    assert!(r.headers().contains_key("x-request-id"));
    let html = r.text().await.unwrap();
    assert!(
        html.contains("kesesuaian persyaratan pelayanan dengan jenis pelayananannya")
            || html.contains("kesesuaian persyaratan pelayanan dengan jenis pelayanannya")
    );
    assert!(html.contains("Dikelola dengan baik"));
    assert!(html.contains("<leptos-island"), "the form is an island");
    assert_eq!(
        app.client
            .get(app.url("/s/tidak-ada"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::NOT_FOUND
    );

    let r = app
        .client
        .get(app.url("/lang/en?next=/ikm"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], "/ikm");
    let cookie = r.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(
        cookie.starts_with("suara_lang=en")
            && cookie.contains("HttpOnly")
            && cookie.contains("SameSite=Lax")
    );
    let en = app.get_text("/ikm", Some("suara_lang=en")).await;
    assert!(en.contains("Public satisfaction index by unit"));
    assert!(
        en.contains("Bahasa Indonesia"),
        "the switch back is visible"
    );
    let id = app.get_text("/ikm?periode=2026-Q3", None).await;
    assert!(id.contains("Indeks Kepuasan Masyarakat per unit"));
    assert!(id.contains("RSUD Raden Mattaher"));
    assert!(id.contains("Triwulan 3 2026"));
    let evil = app
        .client
        .get(app.url("/lang/en?next=//evil.example"))
        .send()
        .await
        .unwrap();
    assert_eq!(evil.headers()["location"], "/");
    let services = app.get_text("/layanan?q=samsat", None).await;
    assert!(services.contains("/s/skj-pkb") && !services.contains("/s/rsud-rm-rj"));
}

async fn a_poster_is_a_printable_svg_with_the_public_survey_url(app: TestApp) {
    let r = app
        .client
        .get(app.url("/poster/rsud-rm-igd.svg?size=a5"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("image/svg+xml")
    );
    let svg = r.text().await.unwrap();
    assert!(svg.contains("width=\"148mm\""));
    // The address to type, without its scheme (the QR code holds the whole of it).
    assert!(svg.contains("atau buka suara.example.go.id/s/rsud-rm-igd"));
    assert!(svg.contains("RSUD Raden Mattaher"));
    assert!(
        svg.contains("<path") || svg.contains("<rect"),
        "QR modules drawn"
    );
    assert_eq!(
        app.client
            .get(app.url("/poster/tidak-ada.svg"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::NOT_FOUND
    );
}

/// A retired service's old poster leads to a page that says so, not to "check the QR code".
async fn a_retired_services_survey_says_it_takes_no_more_ratings(app: TestApp) {
    use sea_orm::ConnectionTrait;
    app.db
        .execute_unprepared("UPDATE services SET active = false WHERE code = 'skj-mutasi'")
        .await
        .unwrap();
    let r = app
        .client
        .get(app.url("/s/skj-mutasi"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::GONE);
    let page = r.text().await.unwrap();
    assert!(page.contains("tidak lagi dinilai") && page.contains("UPTD PPD Samsat Kota Jambi"));
    assert!(page.contains("href=\"/layanan#unit-samsat-kota\""));
    assert!(
        !page.contains("Periksa kembali kode"),
        "the citizen is not blamed"
    );
    assert!(!page.contains("name=\"U1\""), "no questionnaire");
    let r = app
        .client
        .get(app.url("/s/tidak-ada"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    // An unknown unit's trend page is named, not blank.
    let r = app
        .client
        .get(app.url("/ikm/tren/tidak-ada"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let page = r.text().await.unwrap();
    assert!(
        page.contains("<title>Halaman tidak ditemukan.</title>") && page.contains("<h1>"),
        "{page}"
    );
}

/// The finder knows the words citizens use, and never answers a search with nothing.
async fn the_service_finder_knows_common_words_and_says_when_nothing_matches(app: TestApp) {
    let found = |html: &str, code: &str| html.contains(&format!("href=\"/s/{code}\""));
    let hospital = app.get_text("/layanan?q=rumah+sakit", None).await;
    assert!(found(&hospital, "rsud-rm-igd") && found(&hospital, "rsjd-rj"));
    assert!(!found(&hospital, "skj-pkb"));
    let tax = app.get_text("/layanan?q=Pajak", None).await;
    assert!(found(&tax, "skj-pkb") && found(&tax, "smj-pkb") && !found(&tax, "rsud-rm-igd"));
    let both = app.get_text("/layanan?q=mattaher+obat", None).await;
    assert!(found(&both, "rsud-rm-farmasi") && !found(&both, "rsud-rm-igd"));
    let none = app
        .get_text(
            "/layanan?q=%22%3E%3Cscript%3Ealert(1)%3C/script%3Ekapal",
            None,
        )
        .await;
    assert!(none.contains("Tidak ada layanan yang cocok dengan"));
    assert!(
        none.contains("&lt;script&gt;alert(1)&lt;/script&gt;kapal")
            && !none.contains("<script>alert(1)"),
        "the search is echoed as text"
    );
    assert!(
        none.contains("Semua unit dan layanannya")
            && found(&none, "skj-pkb")
            && found(&none, "rsud-rm-igd"),
        "every unit is offered instead"
    );
    let en = app
        .get_text("/layanan?q=kapal", Some("suara_lang=en"))
        .await;
    assert!(en.contains("No service matches"));
    // Word forms and synonyms, and a button to search with.
    let renew = app.get_text("/layanan?q=perpanjang+stnk", None).await;
    assert!(
        found(&renew, "skj-stnk5") && found(&renew, "skj-pkb") && !found(&renew, "rsud-rm-igd")
    );
    assert!(renew.contains("<button type=\"submit\" class=\"button\">Cari</button>"));
    let nib = app.get_text("/layanan?q=cara+bikin+NIB", None).await;
    assert!(found(&nib, "ptsp-berusaha") && !found(&nib, "skj-pkb"));
}

async fn every_public_page_describes_itself_in_its_language(app: TestApp) {
    for (path, words) in [
        ("/", "portal warga Provinsi Jambi"),
        ("/layanan", "Cari layanan publik"),
        ("/s/skj-pkb", "Survei Kepuasan Masyarakat (SKM)"),
        (
            "/s/skj-pkb/terima-kasih",
            "Terima kasih atas penilaian Anda",
        ),
        ("/tersimpan", "tersimpan di perangkat ini"),
        ("/ikm", "Indeks Kepuasan Masyarakat (IKM) setiap unit"),
        (
            "/ikm/samsat-kota",
            "Indeks Kepuasan Masyarakat UPTD PPD Samsat Kota Jambi:",
        ),
        (
            "/ikm/tren/samsat-kota",
            "Tren Indeks Kepuasan Masyarakat UPTD PPD Samsat Kota Jambi",
        ),
        ("/lapor", "Laporkan perilaku ASN"),
        ("/lacak", "Lacak laporan Anda"),
        ("/statistik", "Statistik pengaduan per unit"),
        ("/kios", "Tablet penilaian layanan"),
    ] {
        let html = app.get_text(path, None).await;
        assert_eq!(
            html.matches("<meta name=\"description\"").count(),
            1,
            "{path}: one description"
        );
        assert!(html.contains(words), "{path}: {words}");
    }
    let en = app.get_text("/lapor", Some("suara_lang=en")).await;
    assert!(
        en.contains("content=\"Report civil servants"),
        "in the page's language"
    );
}

/// The responses counted for `skj-pkb` on one day, by the index.
async fn counted_on(app: &TestApp, day: chrono::NaiveDate) -> i64 {
    let (s, b) = get_json(
        app,
        &format!("/api/v1/ikm?service=skj-pkb&from={day}&to={day}"),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    b["responses"].as_i64().unwrap()
}

async fn a_submission_sent_twice_counts_once_and_a_delayed_one_counts_on_its_day(app: TestApp) {
    let id = "0B6F3D7E-3F1A-4C55-9A0E-5C2D7B9F4E21";
    let body = json!({"service_code": "skj-pkb", "answers": all_answers(3), "submission_id": id});
    let first = post_survey(&app, &body).await;
    assert_eq!(first.status(), StatusCode::CREATED);
    let first: Value = first.json().await.unwrap();
    // The retry (same id, any case), and ten of them at once, store nothing more.
    let again = post_survey(
        &app,
        &json!({"service_code": "skj-pkb", "answers": all_answers(3),
        "submission_id": id.to_lowercase()}),
    )
    .await;
    assert_eq!(again.status(), StatusCode::OK);
    assert_eq!(again.json::<Value>().await.unwrap()["id"], first["id"]);
    let mut racing = tokio::task::JoinSet::new();
    for _ in 0..10 {
        let (client, url, body) = (app.client.clone(), app.url("/api/v1/surveys"), body.clone());
        racing.spawn(async move {
            let r = client.post(url).json(&body).send().await.unwrap();
            (r.status(), r.json::<Value>().await.unwrap())
        });
    }
    while let Some(r) = racing.join_next().await {
        let (status, b) = r.unwrap();
        assert_eq!(status, StatusCode::OK);
        assert_eq!(b["id"], first["id"]);
    }
    assert_eq!(app.count("survey_responses").await, 1);
    let today = (chrono::Utc::now() + chrono::Duration::hours(7)).date_naive();
    assert_eq!(counted_on(&app, today).await, 1, "the sums count it once");
    // Not a UUID: refused by its field.
    let r = post_survey(
        &app,
        &json!({"service_code": "skj-pkb", "answers": all_answers(3),
        "submission_id": "satu-dua-tiga"}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json::<Value>().await.unwrap()["field"], "submission_id");

    // Answered three days ago on a phone that was offline: counted on that day.
    let answered = chrono::Utc::now() - chrono::Duration::days(3);
    let day = (answered + chrono::Duration::hours(7)).date_naive();
    let r = post_survey(&app, &json!({"service_code": "skj-pkb", "answers": all_answers(4),
        "submission_id": "5d1c9a40-8f7e-4b1a-9c3d-2e6f7a8b9c0d", "answered_at": answered.to_rfc3339()}))
    .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    assert_eq!(counted_on(&app, day).await, 1);
    // Ten days ago, or tomorrow: the server's time instead.
    for t in [
        chrono::Utc::now() - chrono::Duration::days(10),
        chrono::Utc::now() + chrono::Duration::days(1),
    ] {
        let r = post_survey(
            &app,
            &json!({"service_code": "skj-pkb", "answers": all_answers(2),
            "answered_at": t.to_rfc3339()}),
        )
        .await;
        assert_eq!(r.status(), StatusCode::CREATED);
        let d = (t + chrono::Duration::hours(7)).date_naive();
        assert_eq!(counted_on(&app, d).await, 0, "{t} is not used");
    }
    assert_eq!(counted_on(&app, today).await, 3);

    // The no-JS form carries an id of its own; posting the same form twice counts once.
    let page = app.get_text("/s/skj-pkb", None).await;
    let at = page
        .find("name=\"submission_id\" value=\"")
        .expect("a submission id in the form");
    let form_id = page[at + 28..at + 28 + 36].to_string();
    assert!(
        form_id.bytes().filter(|b| *b == b'-').count() == 4,
        "{form_id}"
    );
    let mut form: Vec<(String, String)> = (1..=9)
        .map(|i| (format!("U{i}"), "4".to_string()))
        .collect();
    form.push(("submission_id".into(), form_id));
    for _ in 0..2 {
        let r = app
            .client
            .post(app.url("/s/skj-pkb"))
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
    }
    assert_eq!(app.count("survey_responses").await, 5);
    // A refused form keeps its id, so its corrected post is the same submission.
    let r = app
        .client
        .post(app.url("/s/skj-pkb"))
        .header("accept", "text/html")
        .form(&[
            ("U1", "4"),
            ("submission_id", "7e57a8d2-1111-4222-8333-944455556666"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("value=\"7e57a8d2-1111-4222-8333-944455556666\"")
    );
}

on_both_backends!(
    a_submission_sent_twice_counts_once_and_a_delayed_one_counts_on_its_day,
    the_service_finder_knows_common_words_and_says_when_nothing_matches,
    a_retired_services_survey_says_it_takes_no_more_ratings,
    units_are_listed_with_parents_and_services,
    the_worked_check_through_the_api_gives_80_28_grade_b,
    all_fours_give_exactly_100_with_respondent_fields_stored,
    bad_submissions_are_refused_with_a_code_and_field_and_store_nothing,
    the_index_respects_dates_scope_and_bad_queries,
    the_openapi_document_describes_every_endpoint,
    the_form_without_javascript_keeps_values_and_shows_errors_by_the_fields,
    pages_render_for_citizens_in_both_languages,
    a_poster_is_a_printable_svg_with_the_public_survey_url,
    every_public_page_describes_itself_in_its_language,
);

#[tokio::test]
async fn survey_submissions_over_the_quota_get_429_with_retry_after() {
    let app = spawn_app_with(
        Backend::Sqlite,
        &[
            ("SUARA_RATE_SURVEY_BURST", "2"),
            ("SUARA_RATE_SURVEY_PER_MINUTE", "1"),
        ],
    )
    .await
    .unwrap();
    let body = json!({"service_code": "skj-pkb", "answers": all_answers(3)});
    for _ in 0..2 {
        assert_eq!(post_survey(&app, &body).await.status(), StatusCode::CREATED);
    }
    let r = post_survey(&app, &body).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = r.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&wait));
    assert_eq!(r.json::<Value>().await.unwrap()["error"], "rate_limited");
    // The form answers a browser with a readable page in its language.
    let page = app
        .client
        .post(app.url("/s/skj-pkb"))
        .header("accept", "text/html")
        .form(&[("U1", "4")])
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(
        page.text()
            .await
            .unwrap()
            .contains("Terlalu banyak kiriman dari jaringan Anda"),
        "the limit is per network address, and says so"
    );
    assert_eq!(app.count("survey_responses").await, 2);
}
