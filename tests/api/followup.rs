//! Following a case through: the staff who must act hear of it by mail, a resolved case
//! waits for the reporter's objection window before it closes, a reopening is the
//! reporter's words and not a reply, a merged report points its reporter to the case it
//! joined, and every open case names the day its next step is due.

use super::complaints::{SECRET_EMAIL, file, filed, rahasia};
use super::triage::{act, resolve};
use app::complaints::domain::TrackingCode;
use app::i18n::Lang;
use reqwest::StatusCode;
use serde_json::{Value, json};
use suara_tests::Session;
use suara_tests::{TestApp, on_both_backends};

async fn case(app: &TestApp, s: &Session, code: &str) -> Value {
    app.client
        .get(app.url(&format!("/api/v1/triage/complaints/{code}")))
        .header("cookie", &s.cookie)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

async fn public(app: &TestApp, code: &str) -> Value {
    app.client
        .get(app.url(&format!("/api/v1/complaints/{code}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// Waits for a written mail to `to` whose text holds `part`; the mail.
async fn mail_to(app: &TestApp, to: &str, part: &str) -> String {
    let found = app
        .eventually(15, || async {
            app.mails()
                .iter()
                .any(|m| m.contains(&format!("To: {to}")) && m.contains(part))
        })
        .await;
    assert!(found, "no mail to {to} with {part:?}");
    app.mails()
        .into_iter()
        .find(|m| m.contains(&format!("To: {to}")) && m.contains(part))
        .unwrap()
}

async fn due_date(app: &TestApp, code: &str) -> chrono::NaiveDate {
    let c = app::complaints::repo::find(&app.db, &TrackingCode::parse(code).unwrap())
        .await
        .unwrap()
        .unwrap();
    c.due_date.expect("an open case has a due date")
}

async fn staff_are_told_closing_waits_for_the_objection_and_a_reopening_is_the_reporters(
    app: TestApp,
) {
    let inspector = app
        .signed_in("inspektur@jambiprov.go.id", "inspector", &[])
        .await;
    let officer = app
        .signed_in("petugas@samsat.go.id", "unit_officer", &["samsat-kota"])
        .await;
    // An officer of another unit hears nothing of this case.
    app.signed_in("petugas@rsud.go.id", "unit_officer", &["rsud-rm"])
        .await;
    let (code, key) = filed(&app, &rahasia()).await;
    let grouped = TrackingCode::parse(&code).unwrap().grouped();
    // Filed: the status page names the day verification is due, in words.
    let due = due_date(&app, &code).await;
    let page = app.get_text(&format!("/lacak/{code}"), None).await;
    let words = format!("Diverifikasi paling lambat {}.", Lang::Id.date_long(due));
    assert!(page.contains(&words), "{words} on the status page");
    assert_eq!(
        public(&app, &code).await["next_due"],
        json!(due.to_string())
    );
    // Open311 carries the same day.
    let open311: Value = app
        .client
        .get(app.url("/open311/v2/requests.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        open311[0]["expected_datetime"],
        json!(format!("{due}T23:59:59+07:00"))
    );

    for body in [
        json!({"action": "verify", "reason": "cukup"}),
        json!({"action": "disposition", "reason": "UPTD", "unit_code": "samsat-kota"}),
    ] {
        assert_eq!(act(&app, &inspector, &code, body).await.0, StatusCode::OK);
    }
    // Forwarded: the unit's officer is told, by the case's code and category only.
    let forwarded = mail_to(
        &app,
        "petugas@samsat.go.id",
        "diteruskan ke UPTD PPD Samsat Kota Jambi",
    )
    .await;
    assert!(forwarded.contains(&grouped) && forwarded.contains(&format!("/staf/kasus/{code}")));
    assert!(
        !forwarded.contains("Petugas loket meminta") && !forwarded.contains("Siti"),
        "no report text and no reporter in staff mail"
    );
    let (s, _) = act(
        &app,
        &officer,
        &code,
        json!({"action": "follow_up", "reason": "periksa", "text": "Sudah ditegur."}),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    // Followed up: the inspectors responsible are told.
    mail_to(
        &app,
        "inspektur@jambiprov.go.id",
        &format!("Tindak lanjut UPTD PPD Samsat Kota Jambi untuk {grouped}"),
    )
    .await;
    let (s, _) = act(
        &app,
        &inspector,
        &code,
        json!({"action": "resolve", "reason": "memadai"}),
    )
    .await;
    assert_eq!(s, StatusCode::OK);

    // Resolved: the reporter has the objection window; the inspector cannot close early.
    let window = due_date(&app, &code).await;
    let c = case(&app, &inspector, &code).await;
    assert_eq!(
        c["actions"],
        json!(["reopen"]),
        "no close before the window ends"
    );
    assert_eq!(c["objection_until"], json!(window.to_string()));
    let (s, b) = act(
        &app,
        &inspector,
        &code,
        json!({"action": "close", "reason": "selesai"}),
    )
    .await;
    assert_eq!(
        (s, b["error"].as_str()),
        (StatusCode::CONFLICT, Some("objection_window_open"))
    );
    let console = app
        .get_text(&format!("/staf/kasus/{code}"), Some(&inspector.cookie))
        .await;
    assert!(console.contains(&format!(
        "Pelapor dapat mengajukan keberatan sampai {}",
        Lang::Id.date_long(window)
    )));
    assert!(
        console.contains("<title>Pungutan liar · UPTD PPD Samsat Kota Jambi · "),
        "the case page's title names category and unit"
    );

    // The reporter objects: the history shows their words as theirs.
    let words = "Petugas yang sama masih meminta uang kemarin.";
    let r = app
        .client
        .post(app.url(&format!("/lacak/{code}/buka-kembali")))
        .form(&[("reply_key", key.as_str()), ("reason", words)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    mail_to(
        &app,
        "inspektur@jambiprov.go.id",
        &format!("Pelapor membuka kembali {grouped}"),
    )
    .await;
    let to_reporter = mail_to(&app, SECRET_EMAIL, "Keberatan Anda sudah kami terima").await;
    assert!(
        !to_reporter.contains(words) && !to_reporter.contains("Tanggapan"),
        "the reporter's own words are not sent back as the Inspectorate's reply: {to_reporter}"
    );
    let c = case(&app, &inspector, &code).await;
    let last = c["history"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["kind"], "reopened_by_reporter");
    assert_eq!(last["public_text"], words);
    let console = app
        .get_text(&format!("/staf/kasus/{code}"), Some(&inspector.cookie))
        .await;
    assert!(console.contains("Dibuka kembali oleh pelapor") && console.contains("Kata pelapor"));
    let status = app.get_text(&format!("/lacak/{code}"), None).await;
    assert!(
        status.contains("Dibuka kembali atas keberatan Anda") && status.contains("Keberatan Anda")
    );
    let api = public(&app, &code).await;
    let objection = api["replies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["text"] == words)
        .cloned()
        .unwrap();
    assert_eq!(objection["by_reporter"], true);
    assert!(
        api["replies"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["text"] == "Sudah ditegur.")
            .all(|r| r["by_reporter"] == false)
    );

    // Once the window of a resolved case has passed, the inspector may close it.
    let other = file(&app, &rahasia()).await;
    resolve(&app, &inspector, &officer, &other).await;
    {
        use sea_orm::ConnectionTrait;
        app.db
            .execute_unprepared(&format!(
                "UPDATE complaints SET due_date = '2026-01-05' WHERE tracking_code = '{other}'"
            ))
            .await
            .unwrap();
    }
    assert_eq!(
        case(&app, &inspector, &other).await["actions"],
        json!(["close", "reopen"])
    );
    let (s, b) = act(
        &app,
        &inspector,
        &other,
        json!({"action": "close", "reason": "tidak ada keberatan"}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert!(
        !app.mails()
            .iter()
            .any(|m| m.contains("To: petugas@rsud.go.id")),
        "another unit's officer hears nothing"
    );
}

async fn a_merged_reporter_follows_the_case_it_joined(app: TestApp) {
    let inspector = app
        .signed_in("inspektur@jambiprov.go.id", "inspector", &[])
        .await;
    let first = file(&app, &rahasia()).await;
    let second = file(&app, &rahasia()).await;
    let (s, b) = act(
        &app,
        &inspector,
        &second,
        json!({"action": "mark_duplicate", "reason": "laporan sama", "duplicate_of": first}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let grouped = TrackingCode::parse(&first).unwrap().grouped();
    assert_eq!(public(&app, &second).await["merged_into"], json!(first));
    assert_eq!(public(&app, &first).await["merged_into"], Value::Null);
    let page = app.get_text(&format!("/lacak/{second}"), None).await;
    assert!(page.contains(&format!("href=\"/lacak/{first}\"")) && page.contains(&grouped));
    assert!(page.contains("digabungkan"));
    let mail = mail_to(
        &app,
        SECRET_EMAIL,
        &format!("digabungkan dengan laporan {grouped}"),
    )
    .await;
    assert!(mail.contains(&format!("/lacak/{first}")));
}

on_both_backends!(
    staff_are_told_closing_waits_for_the_objection_and_a_reopening_is_the_reporters,
    a_merged_reporter_follows_the_case_it_joined,
);
