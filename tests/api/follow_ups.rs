//! The SKM follow-up plan through the real server, on SQLite and PostgreSQL: a unit officer
//! records actions for the period's weakest elements and moves them along, in the API and
//! in the console's forms (refusals beside the field, nothing typed lost, markup inert);
//! the rules of who may write; the audit log; the dashboard's due and overdue counts; the
//! daily mail once an action falls due; the printed report and the workbook carry the plan.

use super::console::page;
use reqwest::StatusCode;
use serde_json::{Value, json};
use suara_tests::{Session, TestApp, on_both_backends};

const HOSTILE: &str = "</textarea><script>alert(1)</script> <!-- \"kutip\" 'satu'";

async fn post_json(
    app: &TestApp,
    who: Option<&Session>,
    csrf: bool,
    method: reqwest::Method,
    path: &str,
    body: Value,
) -> (StatusCode, Value) {
    let mut req = app.client.request(method, app.url(path)).json(&body);
    if let Some(s) = who {
        req = req.header("cookie", &s.cookie);
        if csrf {
            req = req.header("x-csrf-token", &s.csrf);
        }
    }
    let r = req.send().await.unwrap();
    (r.status(), r.json().await.unwrap_or(Value::Null))
}

/// Posts the console's form at `path` as `who`, with its CSRF field first.
async fn post_form(
    app: &TestApp,
    who: &Session,
    path: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let mut form = vec![("csrf", who.csrf.as_str())];
    form.extend_from_slice(fields);
    app.client
        .post(app.url(path))
        .header("cookie", &who.cookie)
        .form(&form)
        .send()
        .await
        .unwrap()
}

/// The last whole quarter, as the page's default period.
fn last_quarter(today: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    match today.month0() / 3 {
        0 => format!("{}-Q4", today.year() - 1),
        q => format!("{}-Q{q}", today.year()),
    }
}

async fn a_unit_keeps_its_follow_up_plan_and_everyone_sees_it_move(app: TestApp) {
    let admin = app.signed_in("a@jambiprov.go.id", "admin", &[]).await;
    let today = app::clock::today();
    let quarter = last_quarter(today);
    let (from, _) = app::period::Period::parse(&quarter).unwrap().range();
    // Thirty responses in the quarter at Samsat Kota: U3 and U7 lowest.
    let day = from + chrono::Duration::days(10);
    let mut csv = format!("{day},skj-pkb,4,4,2,4,3,4,1,4,4,,,,,\n").repeat(30);
    // And a few this month, so that the unit has a line on the dashboard.
    csv.push_str(&format!("{today},skj-pkb,4,4,3,4,3,4,3,4,4,,,,,\n").repeat(5));
    app.import_surveys(&admin, &csv).await;
    let officer = app
        .signed_in("o@jambiprov.go.id", "unit_officer", &["samsat-kota"])
        .await;
    let other = app
        .signed_in("x@jambiprov.go.id", "unit_officer", &["rsud-rm"])
        .await;
    let inspector = app.signed_in("i@jambiprov.go.id", "inspector", &[]).await;

    // The page proposes the three weakest elements of the last quarter.
    let (status, _, body) =
        page(&app, Some(&officer), "/staf/tindak-lanjut?unit=samsat-kota").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        body.contains(&format!("Rencana tindak lanjut {quarter}")),
        "{body}"
    );
    let proposals = &body[body.find("class=\"proposals\"").unwrap()..];
    let proposals = &proposals[..proposals.find("</ol>").unwrap()];
    assert!(proposals.find("U7").unwrap() < proposals.find("U3").unwrap());
    assert!(proposals.contains("30 responden") || body.contains("30 responden"));

    // Recording through the API: the unit's officer with the CSRF header.
    let action = json!({"unit": "samsat-kota", "period": quarter, "element": "U7",
        "action": format!("Pelatihan sikap petugas loket {HOSTILE}"), "responsible": "Kasi Pelayanan",
        "due_on": (today - chrono::Duration::days(2)).to_string()});
    let post = reqwest::Method::POST;
    assert_eq!(
        post_json(
            &app,
            None,
            false,
            post.clone(),
            "/api/v1/follow-ups",
            action.clone()
        )
        .await
        .0,
        StatusCode::UNAUTHORIZED
    );
    for (who, csrf) in [(&officer, false), (&other, true), (&inspector, true)] {
        let (s, _) = post_json(
            &app,
            Some(who),
            csrf,
            post.clone(),
            "/api/v1/follow-ups",
            action.clone(),
        )
        .await;
        assert_eq!(s, StatusCode::FORBIDDEN);
    }
    let mut bad = action.clone();
    bad["element"] = json!("U12");
    let (s, b) = post_json(
        &app,
        Some(&officer),
        true,
        post.clone(),
        "/api/v1/follow-ups",
        bad,
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(b["field"], "element", "{b}");
    let (s, b) = post_json(
        &app,
        Some(&officer),
        true,
        post.clone(),
        "/api/v1/follow-ups",
        action,
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    let late = b["id"].as_i64().unwrap();
    let (s, b) = post_json(
        &app,
        Some(&officer),
        true,
        post.clone(),
        "/api/v1/follow-ups",
        json!({"unit": "samsat-kota", "period": quarter, "element": "u3",
            "action": "Papan jadwal layanan", "responsible": "Seksi Pelayanan",
            "due_on": (today + chrono::Duration::days(5)).to_string()}),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    let soon = b["id"].as_i64().unwrap();

    // Moving one along; a made-up status is refused by field.
    let patch = reqwest::Method::PATCH;
    let path = format!("/api/v1/follow-ups/{soon}");
    let (s, b) = post_json(
        &app,
        Some(&officer),
        true,
        patch.clone(),
        &path,
        json!({"status": "finished"}),
    )
    .await;
    assert_eq!(
        (s, b["field"].clone()),
        (StatusCode::UNPROCESSABLE_ENTITY, json!("status"))
    );
    let (s, _) = post_json(
        &app,
        Some(&other),
        true,
        patch.clone(),
        &path,
        json!({"status": "done"}),
    )
    .await;
    assert_eq!(
        s,
        StatusCode::NOT_FOUND,
        "another unit's action is not there"
    );
    let (s, b) = post_json(
        &app,
        Some(&officer),
        true,
        patch.clone(),
        &path,
        json!({"status": "in_progress", "note": "Papan sudah dipesan"}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert_eq!(
        (b["status"].clone(), b["note"].clone()),
        (json!("in_progress"), json!("Papan sudah dipesan"))
    );

    // The plan is public, and its markup inert wherever it is shown.
    let r = app
        .client
        .get(app.url("/api/v1/follow-ups?unit=samsat-kota"))
        .send()
        .await
        .unwrap();
    let plan: Value = r.json().await.unwrap();
    assert_eq!(plan.as_array().unwrap().len(), 2);
    let (_, _, body) = page(
        &app,
        Some(&officer),
        &format!("/staf/tindak-lanjut?unit=samsat-kota&periode={quarter}"),
    )
    .await;
    assert!(
        !body.contains("<script>alert(1)") && body.contains("&lt;/textarea&gt;&lt;script&gt;"),
        "inert"
    );
    assert!(body.contains("Papan sudah dipesan") && body.contains("Sedang berjalan"));
    assert!(body.contains(&format!("id=\"aksi-{late}\"")) && body.contains("terlambat"));

    // The console's form: a refused action keeps what was typed and says why beside it.
    let r = post_form(
        &app,
        &officer,
        "/staf/tindak-lanjut",
        &[
            ("unit", "samsat-kota"),
            ("period", &quarter),
            ("element", "U3"),
            ("action", " "),
            ("responsible", HOSTILE),
            ("due_on", "2026-12-31"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    assert!(
        body.contains("id=\"err-new-action\"") && body.contains("Tuliskan tindakan perbaikannya.")
    );
    assert!(
        body.contains("value=\"&lt;/textarea&gt;&lt;script&gt;")
            || body.contains("&lt;/textarea&gt;"),
        "kept, inert"
    );
    assert!(!body.contains("<script>alert(1)"));
    // Accepted, it lands on the plan at the new action.
    let r = post_form(
        &app,
        &officer,
        "/staf/tindak-lanjut",
        &[
            ("unit", "samsat-kota"),
            ("period", &quarter),
            ("element", "U1"),
            ("action", "Alur persyaratan dicetak"),
            ("responsible", "Seksi Pelayanan"),
            ("due_on", &(today + chrono::Duration::days(60)).to_string()),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let to = r.headers()["location"].to_str().unwrap().to_string();
    assert!(
        to.starts_with("/staf/tindak-lanjut?unit=samsat-kota&periode=") && to.contains("#aksi-"),
        "{to}"
    );
    // The status form moves it along too.
    let r = post_form(
        &app,
        &officer,
        &format!("/staf/tindak-lanjut/{late}"),
        &[
            ("unit", "samsat-kota"),
            ("period", &quarter),
            ("status", "planned"),
            ("note", &"x".repeat(2001)),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("Catatan terlalu panjang"));

    // Every write is in the audit log.
    let audit = app.table_text("audit_log").await;
    assert_eq!(audit.matches("follow_up.create").count(), 3, "{audit}");
    assert_eq!(audit.matches("follow_up.update").count(), 1, "{audit}");

    // The dashboard counts what is due and what is late, and links to the plan.
    let manager = app.signed_in("m@jambiprov.go.id", "manager", &[]).await;
    let (_, _, dash) = page(&app, Some(&manager), "/staf/dasbor").await;
    let at = dash
        .find("<th scope=\"row\">UPTD PPD Samsat Kota Jambi")
        .expect("the unit's row");
    let row = &dash[at..at + dash[at..].find("</tr>").unwrap()];
    assert!(
        row.contains("1 jatuh tempo dalam 14 hari") && row.contains("1 terlambat"),
        "{row}"
    );
    assert!(row.contains("/staf/tindak-lanjut?unit=samsat-kota"));

    // The mail: the officer hears of the action past its day, once, whichever run (this one
    // or the server's jobs loop) sends it.
    app::followups::jobs::mail_due(&app.state, today)
        .await
        .unwrap();
    for day in [today, today + chrono::Duration::days(1)] {
        assert_eq!(
            app::followups::jobs::mail_due(&app.state, day)
                .await
                .unwrap(),
            0,
            "mailed once"
        );
    }
    app.mail_to("o@jambiprov.go.id", "tindak lanjut SKM").await;
    let mails = app.mails();
    let due: Vec<&String> = mails
        .iter()
        .filter(|m| m.contains("tindak lanjut SKM"))
        .collect();
    assert_eq!(due.len(), 1, "{due:?}");
    let due = due[0];
    assert!(
        due.contains("o@jambiprov.go.id") && due.contains("Pelatihan sikap petugas loket"),
        "{due}"
    );
    assert!(
        !mails
            .iter()
            .any(|m| m.contains("x@jambiprov.go.id") && m.contains("tindak lanjut SKM"))
    );

    // The printed report and its workbook carry the recorded plan.
    let (qfrom, qto) = app::period::Period::parse(&quarter).unwrap().range();
    let (_, _, report) = page(
        &app,
        Some(&officer),
        &format!("/staf/laporan?unit=samsat-kota&from={qfrom}&to={qto}"),
    )
    .await;
    assert!(report.contains("Papan jadwal layanan") && report.contains("Sedang berjalan"));
    assert!(!report.contains("<script>alert(1)"));
}

on_both_backends!(a_unit_keeps_its_follow_up_plan_and_everyone_sees_it_move);
