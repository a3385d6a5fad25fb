//! Closing the loop and keeping personal data only as long as needed, through the real
//! server: "Sudah selesai?" (yes is recorded once; no reopens and tells the staff), the
//! public complaint statistics with small counts withheld, the retention run leaving no
//! trace of the reporter in the database file or the evidence folder, and a reporter
//! erasing their identity early.

use super::complaints::{SECRET_EMAIL, SECRET_NAME, WHAT, file, filed, rahasia};
use super::triage::{act, resolve};
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};
use suara_tests::{Backend, Session, TestApp, on_both_backends, on_both_backends_with};

async fn feedback(app: &TestApp, code: &str, body: Value) -> (StatusCode, Value) {
    let r = app
        .client
        .post(app.url(&format!("/api/v1/complaints/{code}/feedback")))
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = r.status();
    (status, r.json().await.unwrap_or(Value::Null))
}

async fn staff(app: &TestApp) -> (Session, Session) {
    let inspector = app
        .signed_in("inspektur@jambiprov.go.id", "inspector", &[])
        .await;
    let officer = app
        .signed_in("petugas@samsat.go.id", "unit_officer", &["samsat-kota"])
        .await;
    (inspector, officer)
}

async fn reporters_answer_once_no_reopens_and_the_statistics_count_the_answers(app: TestApp) {
    let (inspector, officer) = staff(&app).await;
    // Not resolved yet: nothing to answer.
    let (open, open_key) = filed(&app, &rahasia()).await;
    let (s, b) = feedback(
        &app,
        &open,
        json!({"reply_key": open_key, "resolved": true}),
    )
    .await;
    assert_eq!(
        (s, b["error"].as_str()),
        (StatusCode::CONFLICT, Some("feedback_closed"))
    );

    // Five resolved cases of UPTD Samsat Kota, each answered by its reporter.
    let mut cases = Vec::new();
    for _ in 0..5 {
        let (code, key) = filed(&app, &rahasia()).await;
        resolve(&app, &inspector, &officer, &code).await;
        assert!(app.public_json(&code).await["feedback_until"].is_string());
        cases.push((code, key));
    }
    let (first, first_key) = cases[0].clone();
    // Refused before anything is stored: a wrong key, a rating out of range, a "no" without
    // a word on what is wrong.
    let events = app.count("complaint_events").await;
    for (body, error, field) in [
        (
            json!({"reply_key": "0000 0000 0000 0000", "resolved": true, "rating": 4}),
            "reply_key_wrong",
            "reply_key",
        ),
        (
            json!({"reply_key": first_key, "resolved": true, "rating": 5}),
            "rating_invalid",
            "rating",
        ),
        (
            json!({"reply_key": first_key, "resolved": false, "comment": "  "}),
            "reopen_reason_missing",
            "comment",
        ),
    ] {
        let (s, b) = feedback(&app, &first, body).await;
        // A wrong key opens nothing (403); bad input is 422.
        let status = if error == "reply_key_wrong" {
            StatusCode::FORBIDDEN
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        };
        assert_eq!(s, status, "{b}");
        assert_eq!(
            (b["error"].as_str(), b["field"].as_str()),
            (Some(error), Some(field))
        );
    }
    assert_eq!(
        app.count("complaint_events").await,
        events,
        "nothing stored"
    );

    // Four say yes (ratings 4, 3, 3, 4), once each; the fifth says no (rating 2).
    for ((code, key), rating) in cases.iter().take(4).zip([4, 3, 3, 4]) {
        let (s, b) = feedback(
            &app,
            code,
            json!({"reply_key": key, "resolved": true, "rating": rating, "comment": "Terima kasih, uang sudah dikembalikan."}),
        )
        .await;
        assert_eq!(s, StatusCode::CREATED, "{b}");
        assert_eq!(b["outcome"], "confirmed");
        assert_eq!(app.public_json(code).await["status"], "resolved");
        assert_eq!(app.public_json(code).await["feedback_until"], Value::Null);
    }
    let (s, b) = feedback(
        &app,
        &first,
        json!({"reply_key": first_key, "resolved": false, "comment": "Ternyata belum."}),
    )
    .await;
    assert_eq!(
        (s, b["error"].as_str()),
        (StatusCode::CONFLICT, Some("feedback_given"))
    );
    let c = app.case_json(&inspector, &first).await;
    let answer = c["history"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(answer["kind"], "feedback");
    assert_eq!(answer["feedback"], json!({"resolved": true, "rating": 4}));
    assert_eq!(answer["message"], "Terima kasih, uang sudah dikembalikan.");

    let (last, last_key) = cases[4].clone();
    let (s, b) = feedback(
        &app,
        &last,
        json!({"reply_key": last_key, "resolved": false, "rating": 2, "comment": "Uangnya belum dikembalikan."}),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    assert_eq!(b["outcome"], "reopened");
    assert_eq!(app.public_json(&last).await["status"], "verified");
    let grouped = app::complaints::domain::TrackingCode::parse(&last)
        .unwrap()
        .grouped();
    for to in ["inspektur@jambiprov.go.id", "petugas@samsat.go.id"] {
        let m = app
            .mail_to(to, &format!("Pelapor membuka kembali {grouped}"))
            .await;
        assert!(!m.contains("Uangnya belum"), "staff mail carries no words");
    }
    assert!(
        app.queue_item(&inspector, &last).await["reporter_news"] == true,
        "the reopened case shows as news"
    );

    // Three cases of RSUD Raden Mattaher: shown as "< 5", with no rate.
    for _ in 0..3 {
        let mut body = rahasia();
        body["unit_code"] = json!("rsud-rm");
        body["service_code"] = json!("rsud-rm-rj");
        file(&app, &body).await;
    }
    let page = app.get_text("/statistik", None).await;
    let row = |name: &str| -> String {
        let at = page
            .find(&format!("<th scope=\"row\">{name}</th>"))
            .unwrap_or_else(|| panic!("a row for {name}"));
        page[at..at + page[at..].find("</tr>").unwrap()].to_string()
    };
    let rsud = row("RSUD Raden Mattaher");
    assert!(rsud.contains("&lt; 5"), "{rsud}");
    assert!(!rsud.contains('%'), "no rate for a unit under five: {rsud}");
    let samsat = row("UPTD PPD Samsat Kota Jambi");
    // Six received (five resolved and one still open); all verified; four of five
    // reporters confirmed; mean rating (4+3+3+4+2)/5 = 3.2.
    assert!(samsat.contains(">6<"), "{samsat}");
    assert!(samsat.contains(">100%<"), "{samsat}");
    assert!(samsat.contains(">80%<"), "{samsat}");
    assert!(samsat.contains(">3,2<"), "{samsat}");
    for private in [SECRET_NAME, SECRET_EMAIL, WHAT, &first, &last] {
        assert!(!page.contains(private), "{private} on the statistics page");
    }
    // Every unit has a row, those without complaints as "< 5" too (zero and one are not
    // told apart), and only quarters are offered, so that no two periods overlap.
    let units = app
        .client
        .get(app.url("/api/v1/units"))
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap();
    let units = units.as_array().unwrap();
    assert_eq!(page.matches("<th scope=\"row\">").count(), units.len());
    let quiet = row("Rumah Sakit Jiwa Daerah Provinsi Jambi");
    assert!(quiet.contains("&lt; 5"), "a unit with none: {quiet}");
    assert!(!page.contains(">0<"), "no zero is published");
    let quarter = app::period::Period::quarter_of(app::clock::today()).key();
    let year = &quarter[..4];
    assert!(page.contains(&format!("<option value=\"{quarter}\" selected")));
    for other in [year.to_string(), format!("{year}-S1"), format!("{year}-S2")] {
        assert!(
            !page.contains(&format!("<option value=\"{other}\"")),
            "{other} overlaps the quarters"
        );
        let asked = app
            .get_text(&format!("/statistik?periode={other}"), None)
            .await;
        assert!(
            asked.contains(&format!("<option value=\"{quarter}\" selected")),
            "{other} shows the running quarter"
        );
    }
    assert!(
        app.get_text("/", None)
            .await
            .contains("href=\"/statistik\"")
    );
    assert!(
        app.get_text("/ikm", None)
            .await
            .contains("href=\"/statistik\"")
    );
}

/// The raw bytes of the database's files (the file and its write-ahead log).
fn sqlite_bytes(app: &TestApp) -> Vec<u8> {
    let mut all = Vec::new();
    for f in ["suara.db", "suara.db-wal", "suara.db-journal"] {
        if let Ok(b) = std::fs::read(app.dir.join(f)) {
            all.extend(b);
        }
    }
    all
}

fn holds(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Every byte of every file under the evidence folder.
fn evidence_files(app: &TestApp) -> Vec<Vec<u8>> {
    fn walk(dir: &std::path::Path, out: &mut Vec<Vec<u8>>) {
        for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if let Ok(b) = std::fs::read(&p) {
                out.push(b);
            }
        }
    }
    let mut out = Vec::new();
    walk(&app.dir.join("evidence"), &mut out);
    out
}

async fn one_value(app: &TestApp, sql: &str) -> Option<String> {
    let row = app
        .db
        .query_one_raw(sea_orm::Statement::from_string(
            app.db.get_database_backend(),
            sql.to_string(),
        ))
        .await
        .unwrap()?;
    row.try_get::<Option<String>>("", "v").unwrap()
}

/// The report's "who" and "where" in [`rahasia`].
const WHO: &str = "Petugas loket 3";
const WHERE: &str = "Kantor Samsat Kota Jambi";

const ANSWER: &str = "Saksinya Pak Darmawan dari Kelurahan Talang Banjar.";

async fn after_retention_no_trace_of_the_reporter_is_left_and_the_case_still_counts(app: TestApp) {
    let (inspector, officer) = staff(&app).await;
    let (code, key) = filed(&app, &rahasia()).await;
    // A question, answered with a photo.
    let r = app
        .client
        .post(app.url(&format!("/api/v1/triage/complaints/{code}/questions")))
        .header("cookie", &inspector.cookie)
        .header("x-csrf-token", &inspector.csrf)
        .json(&json!({"text": "Siapa saksinya?"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let photo = include_bytes!("../fixtures/gps.jpg").to_vec();
    let form = Form::new()
        .text("reply_key", key.clone())
        .text("text", ANSWER)
        .part("files", Part::bytes(photo).file_name("saksi.jpg"));
    let r = app
        .client
        .post(app.url(&format!("/api/v1/complaints/{code}/messages")))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    resolve(&app, &inspector, &officer, &code).await;
    // The objection window passed; the inspector closes.
    app.db
        .execute_unprepared(&format!(
            "UPDATE complaints SET due_date = '2026-01-05' WHERE tracking_code = '{code}'"
        ))
        .await
        .unwrap();
    let (s, b) = act(
        &app,
        &inspector,
        &code,
        json!({"action": "close", "reason": "tidak ada keberatan"}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    // Mail to the reporter has gone out (sent mail is erased too).
    assert!(
        app.eventually(20, || async {
            one_value(
                &app,
                "SELECT CAST(COUNT(*) AS TEXT) AS v FROM outbox WHERE status <> 'sent'",
            )
            .await
            .as_deref()
                == Some("0")
        })
        .await
    );

    let sealed = one_value(
        &app,
        &format!("SELECT reporter_sealed AS v FROM complaints WHERE tracking_code = '{code}'"),
    )
    .await
    .expect("a sealed identity");
    let stored = evidence_files(&app);
    assert_eq!(stored.len(), 1, "the photo is stored");
    let photo_at_rest = stored[0][stored[0].len() / 2..][..64].to_vec();
    if app.backend == Backend::Sqlite {
        let before = sqlite_bytes(&app);
        // The test can fail: before the run, what it looks for is in the files.
        assert!(
            holds(&before, &sealed.as_bytes()[..48]),
            "sealed identity in the file"
        );
        assert!(holds(&before, ANSWER.as_bytes()), "the answer in the file");
        assert!(
            holds(&before, WHAT.as_bytes()),
            "the report's words in the file"
        );
    }

    let report = app::complaints::retention::run(&app.state, chrono::Utc::now())
        .await
        .unwrap();
    assert_eq!(
        (
            report.identities,
            report.files,
            report.conversations,
            report.reports
        ),
        (1, 1, 1, 1),
        "{report:?}"
    );
    assert!(report.mails > 0, "sent mail erased: {report:?}");
    assert!(report.mail_files > 0, "{report:?}");
    assert!(app.mails().is_empty(), "development mail files erased too");

    // Nothing of the reporter, the report's words, the conversation or the photo is left.
    assert!(
        evidence_files(&app).is_empty(),
        "the evidence folder is empty"
    );
    for table in [
        "complaints",
        "complaint_events",
        "complaint_files",
        "outbox",
        "audit_log",
    ] {
        let text = app.table_text(table).await;
        for gone in [
            SECRET_NAME,
            SECRET_EMAIL,
            ANSWER,
            WHAT,
            WHO,
            WHERE,
            &sealed[..48],
        ] {
            assert!(!text.contains(gone), "{gone} still in {table}");
        }
    }
    if app.backend == Backend::Sqlite {
        let after = sqlite_bytes(&app);
        for gone in [
            SECRET_NAME.as_bytes(),
            SECRET_EMAIL.as_bytes(),
            ANSWER.as_bytes(),
            WHAT.as_bytes(),
            WHO.as_bytes(),
            WHERE.as_bytes(),
            &sealed.as_bytes()[..48],
            &photo_at_rest,
        ] {
            assert!(
                !holds(&after, gone),
                "{} still in the SQLite files",
                String::from_utf8_lossy(gone)
            );
        }
    }
    // The audit chain holds and says what was erased, not the data.
    let chain = app::audit::verify_chain(&app.db).await.unwrap();
    assert_eq!(chain.first_broken_id, None);
    let erased: Vec<Value> = app
        .db
        .query_all_raw(sea_orm::Statement::from_string(
            app.db.get_database_backend(),
            "SELECT detail FROM audit_log WHERE action = 'complaint.erase'".to_string(),
        ))
        .await
        .unwrap()
        .iter()
        .map(|r| serde_json::from_str(&r.try_get::<String>("", "detail").unwrap()).unwrap())
        .collect();
    for kind in ["identity", "files", "conversation", "report"] {
        assert!(
            erased
                .iter()
                .any(|d| d["data"] == kind && d["why"] == "retention"),
            "erasure of {kind} recorded: {erased:?}"
        );
    }
    // The case is still there for the statistics and its status page.
    let c = app.case_json(&inspector, &code).await;
    assert_eq!(c["status"], "closed");
    assert!(c["reporter"]["erased_at"].is_string());
    assert!(c["files"].as_array().unwrap().is_empty());
    // The words are replaced by one sentence; category, unit and dates stay.
    assert_eq!(c["what"], app::complaints::retention::ERASED_TEXT, "{c}");
    // The words' index (FTS5 on SQLite, pg_trgm on PostgreSQL) follows: the queue's search
    // no longer finds the case by its words, only by the sentence that replaced them.
    let search = |q: &'static str| {
        let (app, inspector) = (&app, &inspector);
        async move {
            let path = format!("/api/v1/triage/complaints?q={q}");
            let (_, body) = super::casework::page(app, inspector, &path).await;
            serde_json::from_str::<Value>(&body).unwrap()["total"]
                .as_i64()
                .unwrap()
        }
    };
    for gone in ["STNK", "rp50.000", "loket", "samsat"] {
        assert_eq!(search(gone).await, 0, "{gone}");
    }
    assert_eq!(search("retensi").await, 1);
    if app.backend == Backend::Sqlite {
        app.db
            .execute_unprepared(
                "INSERT INTO complaint_search (complaint_search, rank) VALUES ('integrity-check', 1)",
            )
            .await
            .expect("the words' index matches the reports");
    }
    assert!(c["who"].is_null() && c["where"].is_null(), "{c}");
    assert_eq!(c["category"], "pungli");
    assert_eq!(c["unit_code"], "samsat-kota");
    assert_eq!(c["incident_date"], "2026-11-20");
    let console = app
        .get_text(&format!("/staf/kasus/{code}"), Some(&inspector.cookie))
        .await;
    assert!(console.contains("masa simpannya setelah kasus berakhir sudah lewat"));
    let stats = app.get_text("/statistik", None).await;
    assert!(stats.contains("<th scope=\"row\">UPTD PPD Samsat Kota Jambi</th>"));
    assert_eq!(app.public_json(&code).await["status"], "closed");
    // Open311 shows the case without any of it.
    let open311 = app.get_text("/open311/v2/requests.json", None).await;
    for gone in [
        SECRET_NAME,
        SECRET_EMAIL,
        ANSWER,
        "Siapa saksinya?",
        code.as_str(),
    ] {
        assert!(!open311.contains(gone), "{gone} in Open311");
    }
    // The daily run is claimed once a day across instances: the server's own job loop
    // claimed today at start, so a second claim (another instance) does nothing.
    assert_eq!(
        app::complaints::retention::run_daily(&app.state, chrono::Utc::now())
            .await
            .unwrap(),
        None
    );
    // A second run finds nothing left to do.
    let again = app::complaints::retention::run(&app.state, chrono::Utc::now())
        .await
        .unwrap();
    assert_eq!(
        (
            again.identities,
            again.files,
            again.conversations,
            again.reports
        ),
        (0, 0, 0, 0)
    );
}

async fn a_reporter_erases_their_identity_early_and_is_mailed_no_more(app: TestApp) {
    let (inspector, _) = staff(&app).await;
    let (code, key) = filed(&app, &rahasia()).await;
    let status = app.get_text(&format!("/lacak/{code}"), None).await;
    assert!(status.contains(&format!("action=\"/lacak/{code}/hapus-identitas\"")));
    let erase = |k: String| {
        let app = &app;
        let code = code.clone();
        async move {
            app.client
                .post(app.url(&format!("/api/v1/complaints/{code}/erase-identity")))
                .json(&json!({ "reply_key": k }))
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    assert_eq!(
        erase("0000 0000 0000 0000".into()).await,
        StatusCode::FORBIDDEN
    );
    assert!(app.case_json(&inspector, &code).await["reporter"]["revealable"] == true);
    // The receipt went out (in development, a mail file holding the address and the key).
    let grouped = app::complaints::domain::TrackingCode::parse(&code)
        .unwrap()
        .grouped();
    app.mail_to(SECRET_EMAIL, &grouped).await;
    assert_eq!(erase(key.clone()).await, StatusCode::NO_CONTENT);
    assert!(
        !app.mails()
            .iter()
            .any(|m| m.contains(&format!("To: {SECRET_EMAIL}"))),
        "the mail files to the reporter went with the identity"
    );
    assert_eq!(
        erase(key.clone()).await,
        StatusCode::NO_CONTENT,
        "idempotent"
    );
    let c = app.case_json(&inspector, &code).await;
    assert_eq!(c["reporter"]["revealable"], false);
    assert_eq!(c["reporter"]["erased_why"], "reporter_request");
    assert!(!app.table_text("complaints").await.contains(&key));
    let console = app
        .get_text(&format!("/staf/kasus/{code}"), Some(&inspector.cookie))
        .await;
    assert!(console.contains("atas permintaan pelapor"));
    let status = app.get_text(&format!("/lacak/{code}"), None).await;
    assert!(
        !status.contains("hapus-identitas\""),
        "nothing left to erase"
    );
    // A later change of status mails nobody.
    let mails = app.mails().len();
    let (s, _) = act(
        &app,
        &inspector,
        &code,
        json!({"action": "verify", "reason": "cukup"}),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    assert_eq!(
        app.mails().len(),
        mails,
        "no mail after the identity was erased"
    );
}

on_both_backends!(
    reporters_answer_once_no_reopens_and_the_statistics_count_the_answers,
    a_reporter_erases_their_identity_early_and_is_mailed_no_more,
);

/// A receipt still waiting in the outbox (the mail server unreachable) holds the address
/// and the reply key, sealed: erasing the identity early erases it too.
async fn an_early_erasure_takes_the_waiting_receipt_with_it(app: TestApp) {
    let (code, key) = filed(&app, &rahasia()).await;
    let receipts = format!(
        "SELECT o.sealed AS v FROM outbox o JOIN complaints c ON c.id = o.complaint_id \
         WHERE c.tracking_code = '{code}'"
    );
    let receipt = one_value(&app, &receipts).await.expect("the receipt waits");
    assert!(receipt.len() > 48, "sealed, not yet sent: {receipt}");
    let r = app
        .client
        .post(app.url(&format!("/api/v1/complaints/{code}/erase-identity")))
        .json(&json!({ "reply_key": key }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        one_value(&app, &receipts).await,
        None,
        "the receipt is gone"
    );
    assert!(!app.table_text("outbox").await.contains(&receipt[..48]));
    if app.backend == Backend::Sqlite {
        assert!(!holds(&sqlite_bytes(&app), &receipt.as_bytes()[..48]));
    }
}

mod waiting_mail {
    use super::*;
    // Nothing listens on port 9 of loopback: every attempt fails and the mail waits.
    on_both_backends_with!(&[("SMTP_URL", "smtp://127.0.0.1:9")];
        an_early_erasure_takes_the_waiting_receipt_with_it);
}

mod retention {
    use super::*;
    on_both_backends_with!(&[
        ("SUARA_RETAIN_IDENTITY_DAYS", "0"),
        ("SUARA_RETAIN_FILES_DAYS", "0"),
        ("SUARA_RETAIN_CONVERSATION_DAYS", "0"),
        ("SUARA_RETAIN_REPORT_DAYS", "0"),
        ("SUARA_RETAIN_MAIL_DAYS", "0"),
        ("SUARA_JOBS_INTERVAL_SECS", "100000"),
    ]; after_retention_no_trace_of_the_reporter_is_left_and_the_case_still_counts);
}
