//! Talking with the reporter through the real server: staff ask, the reporter answers with
//! the tracking code and the reply key, the deadlines pause for exactly the working days
//! waited, added information shows in the queue, unanswered questions close the case as
//! incomplete, and wrong keys store nothing and are limited.

use super::complaints::{SECRET_EMAIL, filed, rahasia};
use super::triage::act;
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};
use suara_tests::{Session, TestApp, on_both_backends};

const QUESTION: &str = "Jam berapa kejadiannya, dan apakah ada saksi lain di loket itu?";
const ANSWER: &str = "Sekitar jam sepuluh pagi; seorang ibu di antrean juga dimintai uang.";

async fn ask(app: &TestApp, s: &Session, code: &str, text: &str) -> (StatusCode, Value) {
    let r = app
        .client
        .post(app.url(&format!("/api/v1/triage/complaints/{code}/questions")))
        .header("cookie", &s.cookie)
        .header("x-csrf-token", &s.csrf)
        .json(&json!({ "text": text }))
        .send()
        .await
        .unwrap();
    let status = r.status();
    (status, r.json().await.unwrap_or(Value::Null))
}

async fn write(app: &TestApp, code: &str, key: &str, text: &str) -> (StatusCode, Value) {
    let r = app
        .client
        .post(app.url(&format!("/api/v1/complaints/{code}/messages")))
        .json(&json!({"reply_key": key, "text": text}))
        .send()
        .await
        .unwrap();
    let status = r.status();
    (status, r.json().await.unwrap_or(Value::Null))
}

async fn sql(app: &TestApp, q: &str) {
    app.db.execute_unprepared(q).await.unwrap();
}

fn wib_today() -> NaiveDate {
    (chrono::Utc::now() + Duration::hours(7)).date_naive()
}

async fn a_question_is_answered_with_the_key_and_only_staff_read_the_answer(app: TestApp) {
    let inspector = app
        .signed_in("tanya@jambiprov.go.id", "inspector", &[])
        .await;
    let (code, key) = filed(&app, &rahasia()).await;
    let (s, b) = ask(&app, &inspector, &code, QUESTION).await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    // The reporter is told by mail, and the status page shows the question and the wait.
    let mailed = app
        .eventually(15, || async {
            app.mails()
                .iter()
                .any(|m| m.contains(&format!("To: {SECRET_EMAIL}")) && m.contains(QUESTION))
        })
        .await;
    assert!(mailed, "the question is mailed to the reporter");
    let p = app.public_json(&code).await;
    assert_eq!(p["awaiting_reporter"], true);
    let replies = p["replies"].as_array().unwrap();
    assert!(
        replies
            .iter()
            .any(|r| r["kind"] == "question" && r["text"] == QUESTION)
    );
    let item = app.queue_item(&inspector, &code).await;
    assert_eq!(item["awaiting_reporter"], true);
    assert_eq!(item["overdue"], false);
    assert_eq!(item["days_left"], Value::Null, "no countdown while paused");

    // A missing, a mistyped and a wrong key are refused and store nothing.
    let events = app.count("complaint_events").await;
    for (typed, error) in [
        ("", "reply_key_missing"),
        ("1234", "reply_key_malformed"),
        ("0000 0000 0000 0000", "reply_key_wrong"),
    ] {
        let (s, b) = write(&app, &code, typed, ANSWER).await;
        // A key of the wrong shape is bad input (422); a wrong one opens nothing (403).
        let status = if error == "reply_key_wrong" {
            StatusCode::FORBIDDEN
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        };
        assert_eq!(s, status, "{typed:?}");
        assert_eq!(b["error"], error);
        assert_eq!(b["field"], "reply_key");
    }
    assert_eq!(
        app.count("complaint_events").await,
        events,
        "nothing stored"
    );
    assert_eq!(app.public_json(&code).await["awaiting_reporter"], true);

    // The right key answers: staff read it, the public view never shows it.
    let (s, b) = write(&app, &code, &key, ANSWER).await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    assert_eq!(b["kind"], "answer");
    let c = app.case_json(&inspector, &code).await;
    let answer = c["history"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["kind"] == "answer")
        .cloned()
        .expect("the answer is in the history");
    assert_eq!(answer["message"], ANSWER);
    assert_eq!(c["awaiting_since"], Value::Null);
    assert_eq!(c["reporter_news"], true);
    assert_eq!(
        app.queue_item(&inspector, &code).await["reporter_news"],
        true
    );
    let page = app.get_text(&format!("/lacak/{code}"), None).await;
    assert!(page.contains("Anda menjawab pertanyaan"));
    assert!(
        !page.contains(ANSWER),
        "the answer is not shown to whoever holds the code"
    );
    assert!(!app.public_json(&code).await.to_string().contains(ANSWER));
    // Staff acting on the case clears the news.
    let (s, _) = act(
        &app,
        &inspector,
        &code,
        json!({"action": "verify", "reason": "jawaban cukup"}),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(
        app.queue_item(&inspector, &code).await["reporter_news"],
        false
    );
}

async fn the_deadlines_move_by_exactly_the_working_days_waited(app: TestApp) {
    let inspector = app
        .signed_in("tenggat@jambiprov.go.id", "inspector", &[])
        .await;
    let (code, key) = filed(&app, &rahasia()).await;
    let (s, _) = ask(&app, &inspector, &code, QUESTION).await;
    assert_eq!(s, StatusCode::CREATED);
    // The question was asked ten days ago (a weekend in the gap), and the first weekday
    // after it was a public holiday.
    let today = wib_today();
    let asked = today - Duration::days(10);
    let holiday = (1..10)
        .map(|i| asked + Duration::days(i))
        .find(|d| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun))
        .unwrap();
    sql(
        &app,
        &format!("INSERT INTO holidays (day, name) VALUES ('{holiday}', 'Libur uji')"),
    )
    .await;
    sql(
        &app,
        &format!("UPDATE complaints SET awaiting_since = '{asked}' WHERE tracking_code = '{code}'"),
    )
    .await;
    let before = app.case_json(&inspector, &code).await;
    let due_before: NaiveDate = serde_json::from_value(before["due_date"].clone()).unwrap();
    // Counted here by hand: the working days after the question up to today.
    let working =
        |d: NaiveDate| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && d != holiday;
    let waited = (1..=10)
        .map(|i| asked + Duration::days(i))
        .filter(|d| working(*d))
        .count();
    assert!(waited < 10, "the weekend and the holiday are not counted");
    let mut expected = due_before;
    let mut left = waited;
    while left > 0 {
        expected += Duration::days(1);
        if working(expected) {
            left -= 1;
        }
    }
    let (s, b) = write(&app, &code, &key, ANSWER).await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    assert_eq!(b["paused_working_days"], waited);
    let after = app.case_json(&inspector, &code).await;
    let due_after: NaiveDate = serde_json::from_value(after["due_date"].clone()).unwrap();
    assert_eq!(
        due_after, expected,
        "moved by {waited} working days from {due_before}"
    );
    let answer = after["history"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["kind"] == "answer")
        .cloned()
        .unwrap();
    assert_eq!(answer["paused_days"], waited, "the history shows the pause");
    let console = app
        .get_text(&format!("/staf/kasus/{code}"), Some(&inspector.cookie))
        .await;
    assert!(console.contains(&format!("Batas waktu digeser {waited} hari kerja")));
}

async fn information_added_with_a_photo_shows_in_the_queue_of_the_assigned_unit(app: TestApp) {
    let inspector = app
        .signed_in("info-i@jambiprov.go.id", "inspector", &[])
        .await;
    let officer = app
        .signed_in("info-o@samsat.go.id", "unit_officer", &["samsat-kota"])
        .await;
    let (code, key) = filed(&app, &rahasia()).await;
    for body in [
        json!({"action": "verify", "reason": "cukup"}),
        json!({"action": "disposition", "reason": "UPTD", "unit_code": "samsat-kota"}),
    ] {
        assert_eq!(act(&app, &inspector, &code, body).await.0, StatusCode::OK);
    }
    let photo = std::fs::read(format!("{}/fixtures/gps.jpg", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let form = Form::new()
        .text("reply_key", key.clone())
        .text("text", "Ini foto kuitansi tanpa cap.")
        .part(
            "files",
            Part::bytes(photo.clone()).file_name("kuitansi.jpg"),
        );
    let r = app
        .client
        .post(app.url(&format!("/api/v1/complaints/{code}/messages")))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    assert_eq!(r.json::<Value>().await.unwrap()["kind"], "information");
    let item = app.queue_item(&officer, &code).await;
    assert_eq!(
        item["reporter_news"], true,
        "the assigned unit sees the news"
    );
    let c = app.case_json(&officer, &code).await;
    let info = c["history"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["kind"] == "reporter_info")
        .cloned()
        .unwrap();
    let file_id = info["files"][0]["id"]
        .as_i64()
        .expect("the photo came with it");
    let r = app
        .client
        .get(app.url(&format!("/api/v1/triage/complaints/{code}/files/{file_id}")))
        .header("cookie", &officer.cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let bytes = r.bytes().await.unwrap();
    assert!(bytes.starts_with(&[0xFF, 0xD8]), "a JPEG");
    assert!(
        bytes.len() < photo.len(),
        "it was cleaned as at filing (its GPS metadata removed)"
    );
    // The unit officer may ask on the case dispositioned to it; a manager may not.
    assert_eq!(
        ask(&app, &officer, &code, QUESTION).await.0,
        StatusCode::CREATED
    );
    let manager = app
        .signed_in("info-m@jambiprov.go.id", "manager", &[])
        .await;
    assert_eq!(
        ask(&app, &manager, &code, QUESTION).await.0,
        StatusCode::FORBIDDEN
    );
}

async fn anonymous_reporters_get_no_mail_and_read_the_question_on_the_status_page(app: TestApp) {
    let inspector = app
        .signed_in("anon-i@jambiprov.go.id", "inspector", &[])
        .await;
    let mut anonim = rahasia();
    anonim.as_object_mut().unwrap().remove("reporter");
    anonim["mode"] = json!("anonim");
    let (code, key) = filed(&app, &anonim).await;
    let hostile = "</textarea><script>alert(1)</script><!-- \"kutip\" Jam berapa?";
    assert_eq!(
        ask(&app, &inspector, &code, hostile).await.0,
        StatusCode::CREATED
    );
    let page = app.get_text(&format!("/lacak/{code}"), None).await;
    assert!(page.contains("Pertanyaan dari Inspektorat"));
    assert!(page.contains("&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(
        !page.contains("<script>alert(1)"),
        "the question comes back inert"
    );
    assert!(page.contains("id=\"balas\""), "the answer form is offered");
    // Mail is only for the inspectors; nothing goes to a reporter.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert!(
        !app.mails().iter().any(|m| m.contains("Jam berapa?")),
        "no mail carries the question"
    );
    let (s, _) = write(&app, &code, &key, ANSWER).await;
    assert_eq!(s, StatusCode::CREATED);
}

async fn an_unanswered_question_lets_the_inspector_close_the_case_as_incomplete(app: TestApp) {
    let inspector = app
        .signed_in("tutup@jambiprov.go.id", "inspector", &[])
        .await;
    let (code, key) = filed(&app, &rahasia()).await;
    assert_eq!(
        ask(&app, &inspector, &code, QUESTION).await.0,
        StatusCode::CREATED
    );
    let why = "Tanpa keterangan waktu dan tempat, laporan tidak dapat diperiksa.";
    let close = json!({"action": "close_incomplete", "reason": "tidak dijawab", "text": why});
    let (s, b) = act(&app, &inspector, &code, close.clone()).await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert_eq!(b["error"], "reporter_still_has_time");
    let asked = wib_today() - Duration::days(21);
    sql(
        &app,
        &format!("UPDATE complaints SET awaiting_since = '{asked}' WHERE tracking_code = '{code}'"),
    )
    .await;
    let c = app.case_json(&inspector, &code).await;
    assert!(
        c["actions"]
            .as_array()
            .unwrap()
            .contains(&json!("close_incomplete"))
    );
    let (s, b) = act(
        &app,
        &inspector,
        &code,
        json!({"action": "close_incomplete", "reason": "tidak dijawab"}),
    )
    .await;
    assert_eq!(
        s,
        StatusCode::UNPROCESSABLE_ENTITY,
        "the reporter is told why"
    );
    assert_eq!(b["field"], "text");
    let (s, b) = act(&app, &inspector, &code, close).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let p = app.public_json(&code).await;
    assert_eq!(p["status"], "closed");
    assert_eq!(p["awaiting_reporter"], false);
    assert!(
        p["replies"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["text"] == why)
    );
    let told = app
        .eventually(15, || async {
            app.mails()
                .iter()
                .any(|m| m.contains(&format!("To: {SECRET_EMAIL}")) && m.contains(why))
        })
        .await;
    assert!(told, "the reporter is told why by mail");
    let (s, b) = write(&app, &code, &key, ANSWER).await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert_eq!(b["error"], "case_closed");
}

async fn wrong_keys_in_a_row_lock_the_case_for_a_while(app: TestApp) {
    let (code, key) = filed(&app, &rahasia()).await;
    for _ in 0..5 {
        let (s, b) = write(&app, &code, "0000 0000 0000 0000", ANSWER).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        assert_eq!(b["error"], "reply_key_wrong");
    }
    let r = app
        .client
        .post(app.url(&format!("/api/v1/complaints/{code}/messages")))
        .json(&json!({"reply_key": key, "text": ANSWER}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "even the right key waits"
    );
    let wait: u64 = r.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(wait > 60 && wait <= 15 * 60, "{wait}");
    sql(
        &app,
        &format!("UPDATE complaints SET key_locked_until = NULL WHERE tracking_code = '{code}'"),
    )
    .await;
    assert_eq!(
        write(&app, &code, &key, ANSWER).await.0,
        StatusCode::CREATED
    );
}

/// The kind and reason of each conversation entry of case `code`, in order.
async fn notes(app: &TestApp, code: &str) -> Vec<(String, Option<String>)> {
    app.db
        .query_all_raw(sea_orm::Statement::from_string(
            app.db.get_database_backend(),
            format!(
                "SELECT e.kind, e.reason FROM complaint_events e \
                 JOIN complaints c ON c.id = e.complaint_id \
                 WHERE c.tracking_code = '{code}' AND e.kind IN ('answer', 'feedback') \
                 ORDER BY e.id"
            ),
        ))
        .await
        .unwrap()
        .into_iter()
        .map(|r| {
            (
                r.try_get("", "kind").unwrap(),
                r.try_get("", "reason").unwrap(),
            )
        })
        .collect()
}

async fn history_notes_written_by_the_old_schema_read_as_typed_details(app: TestApp) {
    use migration::MigratorTrait;
    let inspector = app
        .signed_in("catatan@jambiprov.go.id", "inspector", &[])
        .await;
    let officer = app
        .signed_in("petugas@samsat.go.id", "unit_officer", &["samsat-kota"])
        .await;
    // An answer after a pause of several working days, then a resolution the reporter
    // confirms with a rating.
    let (code, key) = filed(&app, &rahasia()).await;
    assert_eq!(
        ask(&app, &inspector, &code, QUESTION).await.0,
        StatusCode::CREATED
    );
    let asked = wib_today() - Duration::days(10);
    sql(
        &app,
        &format!("UPDATE complaints SET awaiting_since = '{asked}' WHERE tracking_code = '{code}'"),
    )
    .await;
    let (s, b) = write(&app, &code, &key, ANSWER).await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    let paused = b["paused_working_days"].as_u64().unwrap();
    assert!(paused > 0);
    super::triage::resolve(&app, &inspector, &officer, &code).await;
    let r = app
        .client
        .post(app.url(&format!("/api/v1/complaints/{code}/feedback")))
        .json(&json!({"reply_key": key, "resolved": true, "rating": 3}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    assert_eq!(
        notes(&app, &code).await,
        [("answer".into(), None), ("feedback".into(), None)],
        "nothing is written as text"
    );
    let staff_before = app.case_json(&inspector, &code).await;
    let public_before = app.public_json(&code).await;

    // Back to the schema before the typed details: they are text in `reason` again, as the
    // old code wrote them. A "no" without a rating is added as the old code wrote it.
    suara_tests::migrate_down_through(&app.db, "m20261209_000019_typed_event_details").await;
    assert_eq!(
        notes(&app, &code).await,
        [
            ("answer".into(), Some(format!("paused:{paused}"))),
            ("feedback".into(), Some("feedback:yes:3".into())),
        ]
    );
    sql(
        &app,
        &format!(
            "INSERT INTO complaint_events (complaint_id, at, kind, reason) \
             SELECT complaint_id, at, 'feedback', 'feedback:no:-' FROM complaint_events \
             WHERE id = (SELECT MAX(e.id) FROM complaint_events e \
             JOIN complaints c ON c.id = e.complaint_id WHERE c.tracking_code = '{code}')"
        ),
    )
    .await;

    // Up again: every note becomes its typed detail and leaves `reason`.
    migration::Migrator::up(&app.db, None).await.unwrap();
    assert_eq!(
        notes(&app, &code).await,
        [
            ("answer".into(), None),
            ("feedback".into(), None),
            ("feedback".into(), None)
        ]
    );
    let staff_after = app.case_json(&inspector, &code).await;
    let mut history = staff_after["history"].as_array().unwrap().clone();
    let added = history.pop().unwrap();
    assert_eq!(added["kind"], "feedback");
    assert_eq!(
        added["feedback"],
        json!({"resolved": false, "rating": null})
    );
    assert_eq!(added["reason"], Value::Null);
    assert_eq!(&history, staff_before["history"].as_array().unwrap());
    let answer = history.iter().find(|h| h["kind"] == "answer").unwrap();
    assert_eq!(answer["paused_days"], paused);
    assert_eq!(answer["reason"], Value::Null);
    let confirmed = history.iter().rfind(|h| h["kind"] == "feedback").unwrap();
    assert_eq!(
        confirmed["feedback"],
        json!({"resolved": true, "rating": 3})
    );
    // Going down through the findings' migration dropped the finding (its table is newer):
    // the case reads as one resolved before findings were recorded, to complete once.
    let mut public_after = app.public_json(&code).await;
    let mut public_before = public_before;
    assert_eq!(public_before["outcome"]["finding"], "substantiated");
    assert_eq!(public_after["outcome"], Value::Null);
    public_after["outcome"] = Value::Null;
    public_before["outcome"] = Value::Null;
    assert_eq!(public_after, public_before);
    assert_eq!(staff_after["outcome_missing"], true);
    let console = app
        .get_text(&format!("/staf/kasus/{code}"), Some(&inspector.cookie))
        .await;
    assert!(console.contains(&format!("Batas waktu digeser {paused} hari kerja")));
    assert!(!console.contains("paused:") && !console.contains("feedback:"));
}

on_both_backends!(
    a_question_is_answered_with_the_key_and_only_staff_read_the_answer,
    the_deadlines_move_by_exactly_the_working_days_waited,
    information_added_with_a_photo_shows_in_the_queue_of_the_assigned_unit,
    anonymous_reporters_get_no_mail_and_read_the_question_on_the_status_page,
    an_unanswered_question_lets_the_inspector_close_the_case_as_incomplete,
    wrong_keys_in_a_row_lock_the_case_for_a_while,
    history_notes_written_by_the_old_schema_read_as_typed_details,
);
