//! Mail end to end: a real SMTP server on loopback (aiosmtpd), the outbox, the worker.

use super::complaints::{file, rahasia};
use app::complaints::domain::{Status, TrackingCode};
use app::complaints::filing::{StatusChange, record_status_change};
use sea_orm::ConnectionTrait;
use suara_tests::smtp::{SmtpSink, free_port, readable};
use suara_tests::{Backend, TestApp, spawn_app_with};

async fn outbox_statuses(app: &TestApp) -> Vec<(String, i32)> {
    app.db
        .query_all_raw(sea_orm::Statement::from_string(
            app.db.get_database_backend(),
            "SELECT status, attempts FROM outbox ORDER BY id",
        ))
        .await
        .unwrap()
        .iter()
        .map(|r| {
            (
                r.try_get("", "status").unwrap(),
                r.try_get("", "attempts").unwrap(),
            )
        })
        .collect()
}

fn grouped(code: &str) -> String {
    TrackingCode::parse(code).unwrap().grouped()
}

async fn receipt_and_alert_arrive_by_smtp(backend: Backend) {
    let port = free_port();
    let smtp = format!("smtp://127.0.0.1:{port}");
    let Some(app) = spawn_app_with(backend, &[("SMTP_URL", &smtp)]).await else {
        return eprintln!("TEST_DATABASE_URL unset: PostgreSQL variant not run");
    };
    let sink = SmtpSink::start(port, &app.dir).await;
    let samsat = app::units::repo::find_unit(&app.db, "samsat-kota")
        .await
        .unwrap()
        .unwrap();
    app::accounts::repo::create_user(
        &app.db,
        "inspektur.samsat@inspektorat.jambiprov.go.id",
        "Inspektur Samsat",
        "inspector",
        None,
        &[samsat.id],
    )
    .await
    .unwrap();
    let rsud = app::units::repo::find_unit(&app.db, "rsud-rm")
        .await
        .unwrap()
        .unwrap();
    app::accounts::repo::create_user(
        &app.db,
        "inspektur.rsud@inspektorat.jambiprov.go.id",
        "Inspektur RSUD",
        "inspector",
        None,
        &[rsud.id],
    )
    .await
    .unwrap();
    let (code, key) = super::complaints::filed(&app, &rahasia()).await;
    let arrived = app
        .eventually(20, || async { sink.messages().len() >= 2 })
        .await;
    assert!(arrived, "two messages arrive; SMTP log:\n{}", sink.log());
    let msgs: Vec<String> = sink.messages().iter().map(|m| readable(m)).collect();
    let receipt = msgs
        .iter()
        .find(|m| m.contains("To: siti.rahasia@contoh.id"))
        .expect("receipt to the reporter");
    assert!(
        receipt.contains(&grouped(&code)),
        "receipt carries the tracking code"
    );
    assert!(
        receipt.contains(&format!("Kunci balasan: {key}")),
        "and the reply key"
    );
    let id_line = receipt
        .lines()
        .find(|l| l.to_ascii_lowercase().starts_with("message-id:"))
        .expect("a Message-ID header");
    let id = id_line.split_once(':').unwrap().1.trim();
    assert!(
        id.starts_with('<') && id.ends_with('>') && id.contains('@') && !id.contains("<<"),
        "Message-ID in angle brackets: {id_line}"
    );
    assert!(
        receipt.contains(&format!("https://suara.example.go.id/lacak/{code}")),
        "and a link to follow it"
    );
    assert!(
        receipt.contains("Content-Type: text/html"),
        "an HTML alternative too"
    );
    assert!(
        msgs.iter()
            .filter(|m| !m.contains("To: siti.rahasia@contoh.id"))
            .all(|m| !m.contains(&key)),
        "only the reporter gets the key"
    );
    let alert = msgs
        .iter()
        .find(|m| m.contains("inspektur.samsat@inspektorat.jambiprov.go.id"))
        .expect("alert to the unit's inspector");
    assert!(alert.contains(&grouped(&code)));
    for secret in ["Siti Rahmawati", "siti.rahasia", "Rp50.000"] {
        assert!(
            !alert.contains(secret),
            "{secret} must not travel in the alert"
        );
    }
    assert_eq!(msgs.len(), 2, "nobody else is written to");
    // The server has the message a moment before the worker records it as sent.
    let recorded = app
        .eventually(5, || async {
            outbox_statuses(&app).await == vec![("sent".to_string(), 1), ("sent".to_string(), 1)]
        })
        .await;
    assert!(
        recorded,
        "both sent at the first attempt: {:?}",
        outbox_statuses(&app).await
    );
}

#[tokio::test]
async fn receipt_and_alert_arrive_by_smtp_on_sqlite() {
    receipt_and_alert_arrive_by_smtp(Backend::Sqlite).await;
}

#[tokio::test]
async fn receipt_and_alert_arrive_by_smtp_on_postgres() {
    receipt_and_alert_arrive_by_smtp(Backend::Postgres).await;
}

async fn a_down_mail_server_delays_mail_but_never_loses_or_doubles_it(backend: Backend) {
    let port = free_port();
    let smtp = format!("smtp://127.0.0.1:{port}");
    let Some(app) = spawn_app_with(backend, &[("SMTP_URL", &smtp)]).await else {
        return eprintln!("TEST_DATABASE_URL unset: PostgreSQL variant not run");
    };
    let code = file(&app, &rahasia()).await;
    assert_eq!(
        app.count("complaints").await,
        1,
        "accepted while the mail server is down"
    );
    assert!(
        app.eventually(10, || async {
            outbox_statuses(&app)
                .await
                .first()
                .is_some_and(|(s, a)| s == "pending" && *a >= 1)
        })
        .await,
        "the worker tried and will retry"
    );
    let sink = SmtpSink::start(port, &app.dir).await;
    assert!(
        app.eventually(20, || async { !sink.messages().is_empty() })
            .await,
        "mail arrives once the server is back"
    );
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    let msgs = sink.messages();
    assert_eq!(msgs.len(), 1, "exactly once");
    assert!(readable(&msgs[0]).contains(&grouped(&code)));
    assert_eq!(outbox_statuses(&app).await[0].0, "sent");
    // A restarted worker (a fresh pass over the same database) sends nothing again.
    let mailer =
        app::mail::transport::Mailer::smtp(&smtp, "Suara <no-reply@suara.example.go.id>").unwrap();
    let pace = app::mail::worker::Pace {
        retry_base: std::time::Duration::from_secs(1),
        max_delay: std::time::Duration::from_secs(1),
        max_attempts: 5,
        poll: std::time::Duration::from_secs(1),
        lease: std::time::Duration::from_secs(120),
    };
    let again = app::mail::worker::deliver_due(&app.db, &app.state.keys, &mailer, &pace)
        .await
        .unwrap();
    assert_eq!(again, 0);
    assert_eq!(sink.messages().len(), 1);
}

#[tokio::test]
async fn a_down_mail_server_delays_mail_but_never_loses_or_doubles_it_on_sqlite() {
    a_down_mail_server_delays_mail_but_never_loses_or_doubles_it(Backend::Sqlite).await;
}

#[tokio::test]
async fn a_down_mail_server_delays_mail_but_never_loses_or_doubles_it_on_postgres() {
    a_down_mail_server_delays_mail_but_never_loses_or_doubles_it(Backend::Postgres).await;
}

async fn a_status_change_mails_the_reporter_and_the_status_page_shows_only_the_reply(app: TestApp) {
    let mut body = rahasia();
    body["reporter"]["email"] = serde_json::json!("warga.en@contoh.id");
    let code = super::complaints::file(&app, &body).await;
    let c = app::complaints::repo::find(&app.db, &TrackingCode::parse(&code).unwrap())
        .await
        .unwrap()
        .unwrap();
    let change = StatusChange {
        to: Status::Verified,
        actor: None,
        reason: Some("Catatan internal: cocok dengan laporan lain minggu lalu".into()),
        reply: Some("Laporan Anda telah kami verifikasi dan diteruskan.".into()),
        at: chrono::Utc::now(),
        by_reporter: false,
        merged: false,
        feedback_until: None,
        outcome: None,
    };
    record_status_change(&app.state, &app.db, &c, change)
        .await
        .unwrap();
    app.state.mail_wakeup.notify_one();
    let found = app
        .eventually(10, || async {
            app.mails().iter().any(|m| m.contains("Diverifikasi"))
        })
        .await;
    assert!(found, "status mail written by the development transport");
    let page = app.get_text(&format!("/lacak/{code}"), None).await;
    assert!(page.contains("Laporan Anda telah kami verifikasi dan diteruskan."));
    assert!(!page.contains("Catatan internal"));
    let api: serde_json::Value = app
        .client
        .get(app.url(&format!("/api/v1/complaints/{code}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(api["status"], "verified");
    assert_eq!(
        api["replies"][0]["text"],
        "Laporan Anda telah kami verifikasi dan diteruskan."
    );
}

#[tokio::test]
async fn production_refuses_to_start_without_smtp() {
    let err = app::config::Settings::from_lookup(|k| {
        (k == "SUARA_ENV").then(|| "production".to_string())
    })
    .unwrap_err();
    assert_eq!(err.var, "SMTP_URL");
}

suara_tests::on_both_backends!(
    a_status_change_mails_the_reporter_and_the_status_page_shows_only_the_reply
);
