//! Following a case through: the staff who must act hear of it by mail, a resolved case
//! waits for the reporter's objection window before it closes, a reopening is the
//! reporter's words and not a reply, a merged report tells its reporter so without naming
//! the other report, merges stay in the inspector's units, and every open case names the
//! day its next step is due.

use super::complaints::{SECRET_EMAIL, file, filed, rahasia};
use super::triage::{act, resolve};
use app::complaints::domain::TrackingCode;
use app::i18n::Lang;
use reqwest::StatusCode;
use serde_json::{Value, json};
use suara_tests::{TestApp, on_both_backends};

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
        app.public_json(&code).await["next_due"],
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
    let forwarded = app
        .mail_to(
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
    app.mail_to(
        "inspektur@jambiprov.go.id",
        &format!("Tindak lanjut UPTD PPD Samsat Kota Jambi untuk {grouped}"),
    )
    .await;
    let (s, _) = act(
        &app,
        &inspector,
        &code,
        json!({"action": "resolve", "reason": "memadai", "finding": "substantiated", "actions": [{"kind": "coaching"}]}),
    )
    .await;
    assert_eq!(s, StatusCode::OK);

    // Resolved: the reporter has the objection window; the inspector cannot close early.
    let window = due_date(&app, &code).await;
    let c = app.case_json(&inspector, &code).await;
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
    // The resolution asks the reporter "Sudah selesai?", by mail and on the status page.
    let asked = app.mail_to(SECRET_EMAIL, "Sudah selesai?").await;
    assert!(asked.contains(&format!("/lacak/{code}#selesai")), "{asked}");
    let status = app.get_text(&format!("/lacak/{code}"), None).await;
    assert!(status.contains(&format!("action=\"/lacak/{code}/selesai\"")));

    // The reporter answers "Sudah selesai?" with "no": the case reopens, the inspector and
    // the unit's officer are told, and the history shows their words as theirs.
    let words = "Petugas yang sama masih meminta uang kemarin.";
    let r = app
        .client
        .post(app.url(&format!("/lacak/{code}/selesai")))
        .form(&[
            ("reply_key", key.as_str()),
            ("resolved", "tidak"),
            ("rating", "2"),
            ("comment", words),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        r.headers()["location"],
        format!("/lacak/{code}?dibuka=1").as_str()
    );
    for staff in ["inspektur@jambiprov.go.id", "petugas@samsat.go.id"] {
        app.mail_to(staff, &format!("Pelapor membuka kembali {grouped}"))
            .await;
    }
    let to_reporter = app
        .mail_to(SECRET_EMAIL, "Keberatan Anda sudah kami terima")
        .await;
    assert!(
        !to_reporter.contains(words) && !to_reporter.contains("Tanggapan"),
        "the reporter's own words are not sent back as the Inspectorate's reply: {to_reporter}"
    );
    let c = app.case_json(&inspector, &code).await;
    let last = c["history"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["kind"], "reopened_by_reporter");
    assert_eq!(last["public_text"], words);
    let console = app
        .get_text(&format!("/staf/kasus/{code}"), Some(&inspector.cookie))
        .await;
    assert!(console.contains("Dibuka kembali oleh pelapor") && console.contains("Kata pelapor"));
    assert!(
        console.contains("Belum (laporan dibuka kembali)")
            && console.contains("Penilaian penanganan (skala 1–4): 2 – Kurang baik"),
        "the console shows the reporter's answer and rating"
    );
    let status = app.get_text(&format!("/lacak/{code}"), None).await;
    assert!(
        status.contains("Dibuka kembali atas keberatan Anda") && status.contains("Keberatan Anda")
    );
    let api = app.public_json(&code).await;
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
        app.case_json(&inspector, &other).await["actions"],
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

async fn a_merged_reporter_is_told_so_and_sees_only_their_own_report(app: TestApp) {
    let inspector = app
        .signed_in("inspektur@jambiprov.go.id", "inspector", &[])
        .await;
    let first = file(&app, &rahasia()).await;
    let mut other = rahasia();
    other["reporter"]["email"] = json!("pelapor.kedua@contoh.id");
    let second = file(&app, &other).await;
    // The first reporter gets an answer of their own.
    let (s, b) = act(
        &app,
        &inspector,
        &first,
        json!({"action": "verify", "reason": "cek", "text": "Balasan untuk pelapor pertama."}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let (s, b) = act(
        &app,
        &inspector,
        &second,
        json!({"action": "mark_duplicate", "reason": "laporan sama", "duplicate_of": first,
            "text": "Laporan Anda kami gabungkan."}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let grouped = TrackingCode::parse(&first).unwrap().grouped();
    let public = app.public_json(&second).await;
    assert_eq!(public["merged"], true);
    assert_eq!(public["merged_into"], Value::Null);
    assert_eq!(app.public_json(&first).await["merged"], false);
    let page = app.get_text(&format!("/lacak/{second}"), None).await;
    assert!(page.contains("digabung dengan laporan lain"), "{page}");
    assert!(
        page.contains("Laporan Anda kami gabungkan."),
        "its own reply"
    );
    let mail = app
        .mail_to("pelapor.kedua@contoh.id", "digabung dengan laporan lain")
        .await;
    for shown in [public.to_string(), page, mail] {
        for other in [
            first.as_str(),
            grouped.as_str(),
            "Balasan untuk pelapor pertama",
        ] {
            assert!(
                !shown.contains(other),
                "{other} shown to the merged reporter"
            );
        }
    }
}

/// A scoped inspector merges only into a case they may see: one of another unit answers
/// exactly as an unknown code does.
async fn merges_stay_within_the_inspectors_units(app: TestApp) {
    let scoped = app
        .signed_in("inspektur.rsud@jambiprov.go.id", "inspector", &["rsud-rm"])
        .await;
    let samsat = file(&app, &rahasia()).await;
    let mut body = rahasia();
    body["unit_code"] = json!("rsud-rm");
    body["service_code"] = json!("rsud-rm-rj");
    let rsud = file(&app, &body).await;
    let unknown = TrackingCode::from_random([7; 11]).as_str().to_string();
    let mut answers = Vec::new();
    for into in [&samsat, &unknown] {
        let (s, b) = act(
            &app,
            &scoped,
            &rsud,
            json!({"action": "mark_duplicate", "reason": "sama", "duplicate_of": into}),
        )
        .await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{b}");
        answers.push(b);
    }
    assert_eq!(answers[0], answers[1], "out of scope reads as unknown");
    assert_eq!(app.public_json(&rsud).await["status"], "received");
}

on_both_backends!(
    staff_are_told_closing_waits_for_the_objection_and_a_reopening_is_the_reporters,
    a_merged_reporter_is_told_so_and_sees_only_their_own_report,
    merges_stay_within_the_inspectors_units,
);
