//! Kiosk tablets through the real server: registered by an admin for a unit's services,
//! enrolled once by a one-time link, limited per device and not per address, stored once per
//! submission with `source = kiosk`, and refused at once after a revocation.

use reqwest::StatusCode;
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};
use suara_tests::{Session, TestApp, on_both_backends_with};

pub async fn register(app: &TestApp, s: &Session, body: Value) -> (StatusCode, Value) {
    let r = app
        .client
        .post(app.url("/api/v1/kiosks"))
        .header("cookie", &s.cookie)
        .header("x-csrf-token", &s.csrf)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = r.status();
    (status, r.json().await.unwrap_or(Value::Null))
}

/// The nine answers of the kiosk's service, with a submission id.
pub fn answers(sid: &str) -> Vec<(String, String)> {
    let mut f: Vec<(String, String)> = (1..=9).map(|i| (format!("U{i}"), "4".into())).collect();
    f.push(("service_code".into(), "skj-pkb".into()));
    f.push(("submission_id".into(), sid.into()));
    f
}

async fn send(app: &TestApp, cookie: &str, form: &[(String, String)]) -> reqwest::Response {
    app.client
        .post(app.url("/kios"))
        .header("cookie", cookie)
        .form(form)
        .send()
        .await
        .unwrap()
}

/// Registers a kiosk for `skj-pkb` as an admin and enrols it: its device cookie.
pub async fn enrolled(app: &TestApp) -> String {
    let admin = app
        .signed_in("kios-admin@jambiprov.go.id", "admin", &[])
        .await;
    let (s, b) = register(
        app,
        &admin,
        json!({"unit_code": "samsat-kota", "name": "Loket uji", "service_codes": ["skj-pkb"]}),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    let link = b["enrol_url"].as_str().expect("an enrolment link");
    let path = &link[link.find("/kios/daftar/").expect("the enrol path")..];
    let r = app.client.post(app.url(path)).send().await.expect("enrols");
    let set = r.headers()["set-cookie"].to_str().expect("a cookie");
    set.split(';').next().expect("the cookie").to_string()
}

async fn sql(app: &TestApp, q: &str) {
    app.db.execute_unprepared(q).await.unwrap();
}

async fn a_kiosk_is_enrolled_once_limited_per_device_and_refused_once_revoked(app: TestApp) {
    let admin = app.signed_in("admin@jambiprov.go.id", "admin", &[]).await;
    let other = app
        .signed_in("petugas@rsud.go.id", "unit_officer", &["rsud-rm"])
        .await;
    let (s, b) = register(
        &app,
        &other,
        json!({"unit_code": "samsat-kota", "name": "Loket 1", "service_codes": ["skj-pkb"]}),
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{b}");
    let (s, b) = register(
        &app,
        &admin,
        json!({"unit_code": "samsat-kota", "name": "Loket 1", "service_codes": ["rsud-rm-rj"]}),
    )
    .await;
    assert_eq!(
        (s, b["error"].as_str()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("service_of_other_unit")
        )
    );
    let (s, b) = register(
        &app,
        &admin,
        json!({"unit_code": "samsat-kota", "name": "Loket 1", "service_codes": ["skj-pkb"]}),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    let id = b["id"].as_i64().unwrap();
    let link = b["enrol_url"].as_str().unwrap().to_string();
    let path = &link[link.find("/kios/daftar/").unwrap()..];

    // Not yet a kiosk: the page says so, and a response is refused.
    assert!(
        app.get_text("/kios", None)
            .await
            .contains("belum terdaftar")
    );
    let r = send(
        &app,
        "suara_kios=1.tebakan",
        &answers("11111111-1111-4111-8111-111111111111"),
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);

    // Opening the link (as a chat app's preview bot does) only asks to confirm: nothing
    // is spent, no cookie is set, and the page names the kiosk.
    for _ in 0..3 {
        let r = app.client.get(app.url(path)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        assert!(r.headers().get("set-cookie").is_none());
        let page = r.text().await.unwrap();
        assert!(
            page.contains(&format!("action=\"{path}\"")) && page.contains("Loket 1"),
            "{page}"
        );
    }
    // A page of another site cannot make a visitor's browser the kiosk.
    for (name, value) in [
        ("sec-fetch-site", "cross-site"),
        ("origin", "https://penipu.example"),
    ] {
        let r = app
            .client
            .post(app.url(path))
            .header(name, value)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{name}");
        assert!(r.headers().get("set-cookie").is_none());
    }
    // The tablet confirms, forty times at once (a double tap, a flaky network): one
    // credential is made, the link is spent, the others are told so.
    let tasks: Vec<_> = (0..40)
        .map(|_| {
            let (client, url) = (app.client.clone(), app.url(path));
            tokio::spawn(async move { client.post(url).send().await.expect("an answer") })
        })
        .collect();
    let mut credentials = Vec::new();
    for t in tasks {
        let r = t.await.expect("joined");
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        if let Some(set) = r.headers().get("set-cookie") {
            credentials.push(set.to_str().unwrap().to_string());
        } else {
            assert_eq!(r.headers()["location"], "/kios?tautan=tidak-berlaku");
        }
    }
    assert_eq!(credentials.len(), 1, "enrolled once: {credentials:?}");
    let audit = app.table_text("audit_log").await;
    assert_eq!(audit.matches("kiosk.enrol").count(), 1);
    let set = credentials.remove(0);
    assert!(
        set.contains("HttpOnly") && set.contains("Max-Age="),
        "{set}"
    );
    let cookie = set.split(';').next().unwrap().to_string();
    let again = app.client.post(app.url(path)).send().await.unwrap();
    assert_eq!(again.headers()["location"], "/kios?tautan=tidak-berlaku");
    assert!(again.headers().get("set-cookie").is_none());
    let spent = app.get_text(path, None).await;
    assert!(spent.contains("tidak berlaku lagi"), "a spent link says so");
    assert!(
        !spent.contains("action=\"/kios/daftar/"),
        "and asks nothing"
    );
    assert!(
        !app.table_text("kiosks")
            .await
            .contains(cookie.split('.').nth(1).unwrap()),
        "only a hash is stored"
    );
    let page = app.get_text("/kios", Some(&cookie)).await;
    assert!(
        page.contains("action=\"/kios\"")
            && page.contains("name=\"service_code\" value=\"skj-pkb\"")
    );
    // The kiosk has no menu: its hint says where to report from a phone.
    assert!(
        page.contains("buka menu \"Lapor\" di portal Suara dari ponsel Anda")
            || page.contains("buka menu &quot;Lapor&quot; di portal Suara dari ponsel Anda")
    );
    assert!(!page.contains("gunakan menu pengaduan"));

    // A response, stored as the kiosk's; its retry stores nothing.
    let first = answers("22222222-2222-4222-8222-222222222222");
    for _ in 0..2 {
        let r = send(&app, &cookie, &first).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert_eq!(r.headers()["location"], "/kios?terima-kasih=1");
    }
    assert_eq!(app.count("survey_responses").await, 1);
    // The thank-you screen starts the kiosk again in Bahasa Indonesia, whatever the citizen
    // chose: through the language switch.
    let thanks = app
        .get_text(
            "/kios?terima-kasih=1",
            Some(&format!("{cookie}; suara_lang=en")),
        )
        .await;
    assert!(thanks.contains("url=/lang/id?next=/kios"), "{thanks}");
    let r = app
        .client
        .get(app.url("/lang/id?next=/kios"))
        .header("cookie", format!("{cookie}; suara_lang=en"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["location"], "/kios");
    assert!(
        r.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .starts_with("suara_lang=id;")
    );
    let stored = app.table_text("survey_responses").await;
    assert!(stored.contains("kiosk"), "{stored}");
    // Another response at once: too soon for a person, refused with a clear message.
    let r = send(
        &app,
        &cookie,
        &answers("33333333-3333-4333-8333-333333333333"),
    )
    .await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(r.headers().get("retry-after").is_some());
    let b: Value = r.json().await.unwrap();
    assert_eq!(b["error"], "kiosk_too_soon");
    assert!(
        b["message"]
            .as_str()
            .unwrap()
            .contains("Mohon tunggu sebentar")
    );
    // A response kept on the tablet while it was offline and sent now, answered ten minutes
    // ago, is not held to the interval (the queue sends its kept answers one after another);
    // it counts on its answered time.
    let answered = chrono::Utc::now() - chrono::Duration::minutes(10);
    let mut kept = answers("77777777-7777-4777-8777-777777777777");
    kept.push(("answered_at".into(), answered.to_rfc3339()));
    let r = send(&app, &cookie, &kept).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    use app::entities::survey_response;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let row = survey_response::Entity::find()
        .filter(survey_response::Column::SubmissionId.eq("77777777-7777-4777-8777-777777777777"))
        .one(&app.db)
        .await
        .unwrap()
        .expect("the kept response is stored");
    assert_eq!(
        row.submitted_at.timestamp(),
        answered.timestamp(),
        "its answered time"
    );
    assert_eq!(row.source, "kiosk");
    // A phone on the same address is not held back by the kiosk: the kiosk's responses do
    // not count against the address (whose quota here is 2).
    for _ in 0..2 {
        let r = app
            .client
            .post(app.url("/api/v1/surveys"))
            .json(&json!({"service_code": "skj-pkb", "answers": {"U1": 3, "U2": 3, "U3": 3, "U4": 3, "U5": 3, "U6": 3, "U7": 3, "U8": 3, "U9": 3}}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::CREATED);
    }
    // Past the interval it is taken; at the daily cap it is not.
    sql(
        &app,
        &format!("UPDATE kiosks SET last_response_at = NULL WHERE id = {id}"),
    )
    .await;
    let r = send(
        &app,
        &cookie,
        &answers("44444444-4444-4444-8444-444444444444"),
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    sql(
        &app,
        &format!("UPDATE kiosks SET last_response_at = NULL, count_today = 600 WHERE id = {id}"),
    )
    .await;
    let r = send(
        &app,
        &cookie,
        &answers("55555555-5555-4555-8555-555555555555"),
    )
    .await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(r.json::<Value>().await.unwrap()["error"], "kiosk_daily_cap");
    sql(
        &app,
        &format!("UPDATE kiosks SET count_today = 2 WHERE id = {id}"),
    )
    .await;

    // Staff see it; revoked, its next request is refused.
    let list: Value = app
        .client
        .get(app.url("/api/v1/kiosks"))
        .header("cookie", &admin.cookie)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list[0]["id"], id);
    assert_eq!(list[0]["enrolled"], true);
    assert_eq!(list[0]["responses_today"], 2);
    assert!(list[0]["last_contact_at"].is_string());
    let r = app
        .client
        .post(app.url(&format!("/api/v1/kiosks/{id}/revoke")))
        .header("cookie", &admin.cookie)
        .header("x-csrf-token", &admin.csrf)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let r = send(
        &app,
        &cookie,
        &answers("66666666-6666-4666-8666-666666666666"),
    )
    .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(r.json::<Value>().await.unwrap()["error"], "kiosk_revoked");
    assert!(
        app.get_text("/kios", Some(&cookie))
            .await
            .contains("sudah dicabut")
    );
    assert_eq!(app.count("survey_responses").await, 5);
}

on_both_backends_with!(&[
    ("SUARA_RATE_SURVEY_BURST", "2"),
    ("SUARA_RATE_SURVEY_PER_MINUTE", "1"),
]; a_kiosk_is_enrolled_once_limited_per_device_and_refused_once_revoked);
