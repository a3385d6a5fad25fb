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
        (StatusCode::NOT_FOUND, Some("service_of_other_unit"))
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
    // Another response at once: too soon for a person, held back (not stored yet, not lost)
    // with a clear message.
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
    assert_eq!(b["kept"], true);
    assert!(
        b["message"]
            .as_str()
            .unwrap()
            .contains("Tidak perlu mengisi ulang"),
        "{b}"
    );
    assert_eq!(app.count("kiosk_held_responses").await, 1);
    sql(&app, "DELETE FROM kiosk_held_responses").await;
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

/// Posts `form` as a browser does (the form, with or without the island): it asks for a page.
async fn send_as_browser(
    app: &TestApp,
    cookie: &str,
    form: &[(String, String)],
) -> reqwest::Response {
    app.client
        .post(app.url("/kios"))
        .header("cookie", cookie)
        .header("accept", "text/html,application/xhtml+xml")
        .form(form)
        .send()
        .await
        .unwrap()
}

/// The kiosk id of a device cookie (`suara_kios={id}.{secret}`).
fn kiosk_id(cookie: &str) -> i32 {
    let value = cookie.split('=').nth(1).unwrap();
    value.split('.').next().unwrap().parse().unwrap()
}

/// Moves kiosk `id`'s last response a minute back: its interval has passed.
async fn interval_passes(app: &TestApp, id: i32) {
    use app::entities::kiosk;
    use sea_orm::sea_query::Expr;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let back = chrono::Utc::now() - chrono::Duration::minutes(1);
    kiosk::Entity::update_many()
        .col_expr(kiosk::Column::LastResponseAt, Expr::value(back))
        .filter(kiosk::Column::Id.eq(id))
        .exec(&app.db)
        .await
        .unwrap();
}

/// Releases what kiosks hold (as the server does every few seconds, which may come first):
/// waits until `responses` are stored, then checks that the next release, within the
/// interval, stores nothing.
async fn released_until(app: &TestApp, responses: i64) {
    let _ = app::survey::kiosk::held::release_due(&app.state)
        .await
        .unwrap();
    assert!(
        app.eventually(10, || async {
            app.count("survey_responses").await == responses
        })
        .await,
        "{} stored, {responses} expected",
        app.count("survey_responses").await
    );
    assert_eq!(
        app::survey::kiosk::held::release_due(&app.state)
            .await
            .unwrap(),
        0,
        "one per interval"
    );
}

async fn a_rating_sent_too_soon_is_kept_and_stored_when_the_interval_allows(app: TestApp) {
    use app::survey::kiosk::held::HELD_MAX;
    let cookie = enrolled(&app).await;
    let id = kiosk_id(&cookie);
    let r = send(
        &app,
        &cookie,
        &answers("a0000000-0000-4000-8000-000000000001"),
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // The next citizen answers within the interval: the kiosk's own screen (429), in its
    // frame and language, says the rating is kept and will be recorded by itself, and goes
    // back to the start by itself; never raw JSON.
    let mut second = answers("a0000000-0000-4000-8000-000000000002");
    second.retain(|(k, _)| k != "U7");
    second.push(("U7".into(), "1".into()));
    second.push(("suggestion".into(), "Antrean panjang".into()));
    let sent_at = chrono::Utc::now();
    let r = send_as_browser(&app, &cookie, &second).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(r.headers().get("retry-after").is_some());
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let page = r.text().await.unwrap();
    assert!(page.contains("penilaian Anda kami simpan"), "{page}");
    assert!(page.contains("Tidak perlu mengisi ulang"), "{page}");
    assert!(page.contains("url=/lang/id?next=/kios"), "{page}");
    assert!(
        page.contains("class=\"kiosk-report\""),
        "the complaint form's QR code"
    );
    assert!(page.contains("https://suara.example.go.id/lapor"), "{page}");
    assert!(!page.contains("{\"error\""), "{page}");
    assert_eq!(app.count("kiosk_held_responses").await, 1);
    assert_eq!(app.count("survey_responses").await, 1);
    // Within the interval nothing is stored; once it has passed, the held rating is, with its
    // answers, its answered time and the kiosk as its source, once.
    assert_eq!(
        app::survey::kiosk::held::release_due(&app.state)
            .await
            .unwrap(),
        0
    );
    interval_passes(&app, id).await;
    released_until(&app, 2).await;
    assert_eq!(app.count("kiosk_held_responses").await, 0);
    use app::entities::survey_response;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let row = survey_response::Entity::find()
        .filter(survey_response::Column::SubmissionId.eq("a0000000-0000-4000-8000-000000000002"))
        .one(&app.db)
        .await
        .unwrap()
        .expect("the held rating is stored");
    assert_eq!(row.source, "kiosk");
    assert_eq!(row.kiosk_id, Some(id));
    assert_eq!(row.u7, Some(1));
    assert_eq!(row.suggestion.as_deref(), Some("Antrean panjang"));
    assert!(
        (row.submitted_at - sent_at).num_seconds().abs() <= 2,
        "answered when sent, not when stored"
    );

    // Forty at once from the tablet (a stuck button, a script): none stored at once, at most
    // HELD_MAX held, each of the others refused as busy, nothing counted twice.
    let tasks: Vec<_> = (0..40)
        .map(|i| {
            let (client, url, cookie) = (app.client.clone(), app.url("/kios"), cookie.clone());
            let form = answers(&format!("b0000000-0000-4000-8000-{i:012}"));
            tokio::spawn(async move {
                let r = client
                    .post(url)
                    .header("cookie", cookie)
                    .form(&form)
                    .send()
                    .await
                    .unwrap();
                (r.status(), r.json::<Value>().await.unwrap())
            })
        })
        .collect();
    let (mut kept, mut busy) = (0, 0);
    for t in tasks {
        let (status, body) = t.await.unwrap();
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
        match (body["error"].as_str(), body["kept"].as_bool()) {
            (Some("kiosk_too_soon"), Some(true)) => kept += 1,
            (Some("kiosk_busy"), None) => busy += 1,
            other => panic!("{other:?}: {body}"),
        }
    }
    assert_eq!((kept, busy), (HELD_MAX, 40 - HELD_MAX));
    assert_eq!(app.count("kiosk_held_responses").await, HELD_MAX as i64);
    assert_eq!(app.count("survey_responses").await, 2);
    // A held rating sent again is held once; one refused as busy is shown on the kiosk's
    // screen with the reason.
    let held_one = app.table_text("kiosk_held_responses").await;
    let sid = held_one
        .split(|c: char| !(c.is_ascii_hexdigit() || c == '-'))
        .find(|w| w.len() == 36 && w.starts_with("b0000000"))
        .expect("a held submission id")
        .to_string();
    let r = send(&app, &cookie, &answers(&sid)).await;
    assert_eq!(r.json::<Value>().await.unwrap()["kept"], true);
    assert_eq!(app.count("kiosk_held_responses").await, HELD_MAX as i64);
    let r = send_as_browser(
        &app,
        &cookie,
        &answers("c0000000-0000-4000-8000-000000000001"),
    )
    .await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    let page = r.text().await.unwrap();
    assert!(page.contains("Penilaian belum dapat diterima"), "{page}");
    assert!(
        page.contains("sedang menyimpan beberapa penilaian"),
        "{page}"
    );
    // Released one per interval, oldest first; forty releases at once (several instances)
    // store it once.
    interval_passes(&app, id).await;
    released_until(&app, 3).await;
    interval_passes(&app, id).await;
    let releases: Vec<_> = (0..40)
        .map(|_| {
            let state = app.state.clone();
            tokio::spawn(
                async move { app::survey::kiosk::held::release_due(&state).await.unwrap() },
            )
        })
        .collect();
    let mut stored = 0;
    for t in releases {
        stored += t.await.unwrap();
    }
    assert!(stored <= 1, "{stored} stored by forty releases at once");
    released_until(&app, 4).await;
    assert_eq!(app.count("kiosk_held_responses").await, HELD_MAX as i64 - 2);
    // The ratings held count against the daily cap: with 595 counted and 8 held, nothing
    // more is held, and the screen says the day's limit is reached (not "wait a moment").
    sql(
        &app,
        &format!("UPDATE kiosks SET count_today = 595 WHERE id = {id}"),
    )
    .await;
    let r = send_as_browser(
        &app,
        &cookie,
        &answers("c0000000-0000-4000-8000-000000000002"),
    )
    .await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    let page = r.text().await.unwrap();
    assert!(page.contains("batas hariannya"), "{page}");
    assert!(page.contains("url=/lang/id?next=/kios"), "{page}");
    assert_eq!(app.count("kiosk_held_responses").await, HELD_MAX as i64 - 2);
    // A rating sent as if kept offline (not held to the interval) cannot take the room the
    // held ones were let in against either.
    let answered = chrono::Utc::now() - chrono::Duration::minutes(5);
    let mut kept = answers("c0000000-0000-4000-8000-000000000004");
    kept.push(("answered_at".into(), answered.to_rfc3339()));
    let r = send(&app, &cookie, &kept).await;
    assert_eq!(r.json::<Value>().await.unwrap()["error"], "kiosk_daily_cap");
    // Revoked (a lost tablet), the kiosk's held ratings go with it: nothing more is stored.
    let admin = app
        .signed_in("kios-cabut@jambiprov.go.id", "admin", &[])
        .await;
    let before = app.count("survey_responses").await;
    let r = app
        .client
        .post(app.url(&format!("/api/v1/kiosks/{id}/revoke")))
        .header("cookie", &admin.cookie)
        .header("x-csrf-token", &admin.csrf)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(app.count("kiosk_held_responses").await, 0);
    sql(
        &app,
        &format!("UPDATE kiosks SET count_today = 0 WHERE id = {id}"),
    )
    .await;
    interval_passes(&app, id).await;
    assert_eq!(
        app::survey::kiosk::held::release_due(&app.state)
            .await
            .unwrap(),
        0
    );
    assert_eq!(app.count("survey_responses").await, before);
}

async fn a_kiosk_refusal_is_a_kiosk_screen_for_a_browser(app: TestApp) {
    let cookie = enrolled(&app).await;
    // Answers refused without JavaScript: the questionnaire again (422), what was chosen
    // kept and the message by the question; nothing stored.
    let mut form = answers("d0000000-0000-4000-8000-000000000001");
    form.retain(|(k, _)| k != "U3");
    form.push((
        "suggestion".into(),
        concat!("</text", "area><script>alert(1)</script><!--").into(),
    ));
    let r = send_as_browser(&app, &cookie, &form).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(page.contains("action=\"/kios\""), "{page}");
    assert!(page.contains("class=\"error-summary\""), "{page}");
    assert!(page.contains("href=\"#q-U3\""), "{page}");
    assert!(
        page.contains("value=\"4\" checked"),
        "the other answers are kept: {page}"
    );
    assert!(!page.contains("<script>alert(1)"), "{page}");
    assert!(
        page.contains("&lt;/textarea&gt;&lt;script&gt;") || page.contains("&lt;script&gt;alert(1)"),
        "{page}"
    );
    assert_eq!(app.count("survey_responses").await, 0);
    // A browser that is no kiosk, or a revoked one: the kiosk's page saying so, not JSON.
    let r = send_as_browser(
        &app,
        "suara_kios=1.wrong",
        &answers("d0000000-0000-4000-8000-000000000002"),
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let page = r.text().await.unwrap();
    assert!(page.contains("belum terdaftar sebagai kios"), "{page}");
    assert!(!page.contains("{\"error\""), "{page}");
    // A malformed submission id (a hidden field the citizen cannot fix) is ignored for a
    // browser, as on the phone's form: the rating is stored.
    let r = send_as_browser(&app, &cookie, &answers("zz")).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.count("survey_responses").await, 1);
    // A service the kiosk does not ask about.
    let mut other = answers("d0000000-0000-4000-8000-000000000003");
    other.retain(|(k, _)| k != "service_code");
    other.push(("service_code".into(), "rsud-rm-rj".into()));
    let r = send_as_browser(&app, &cookie, &other).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(page.contains("tidak ditanyakan di kios ini"), "{page}");
}

on_both_backends_with!(&[
    ("SUARA_RATE_SURVEY_BURST", "2"),
    ("SUARA_RATE_SURVEY_PER_MINUTE", "1"),
]; a_kiosk_is_enrolled_once_limited_per_device_and_refused_once_revoked,
    a_rating_sent_too_soon_is_kept_and_stored_when_the_interval_allows,
    a_kiosk_refusal_is_a_kiosk_screen_for_a_browser);
