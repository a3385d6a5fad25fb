//! Nothing acknowledged is lost: the real server binary under a load of survey and
//! complaint submissions is killed with SIGKILL in the middle of it and started again on
//! the same database. Every submission it answered 2xx is stored, the kept sums equal the
//! rows, and every queued mail is sent, once (one file per message id), after the restart.
//! On SQLite and, with `TEST_DATABASE_URL`, on PostgreSQL.

use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use serde_json::{Value, json};
use std::collections::HashSet;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The `server` binary beside this test binary (`target/<profile>/server`).
pub(super) fn server_binary() -> std::path::PathBuf {
    let exe = std::env::current_exe().unwrap();
    let bin = exe.parent().unwrap().parent().unwrap().join("server");
    assert!(
        bin.exists(),
        "{} is built with the workspace",
        bin.display()
    );
    bin
}

pub(super) fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The server binary on `database_url` at `port`, its files in `dir`, with the test settings
/// and `extra` ones (later values win); `under` a wrapper program and its arguments (strace).
pub(super) fn start_binary(
    database_url: &str,
    dir: &std::path::Path,
    port: u16,
    extra: &[(&str, &str)],
    under: Option<&[&str]>,
) -> Child {
    std::fs::create_dir_all(dir).unwrap();
    let mut cmd = match under {
        None => Command::new(server_binary()),
        Some([tool, args @ ..]) => {
            let mut c = Command::new(tool);
            c.args(args).arg(server_binary());
            c
        }
        Some([]) => unreachable!("a wrapper names its program"),
    };
    cmd.env("DATABASE_URL", database_url)
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("LEPTOS_SITE_ROOT", suara_tests::site_root())
        .env("SUARA_DEMO_DATA", "units")
        .env("SUARA_SECRET_KEY", suara_tests::TEST_SECRET_KEY)
        .env("SUARA_STORAGE_URL", dir.join("evidence"))
        .env("SUARA_MAIL_DIR", dir.join("mail"))
        .env("SUARA_MIN_FILL_SECS", "0")
        .env("SUARA_MAIL_POLL_SECS", "1")
        .env("SUARA_MAIL_RETRY_BASE_SECS", "1")
        .env("RUST_LOG", "warn");
    for (k, v) in extra {
        cmd.env(k, v);
    }
    cmd.current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the server binary starts")
}

fn start(database_url: &str, dir: &std::path::Path, port: u16) -> Child {
    start_binary(
        database_url,
        dir,
        port,
        &[
            ("SUARA_RATE_SURVEY_BURST", "100000"),
            ("SUARA_RATE_SURVEY_PER_MINUTE", "100000"),
            ("SUARA_RATE_COMPLAINT_BURST", "100000"),
            ("SUARA_RATE_COMPLAINT_PER_MINUTE", "100000"),
            // A mail the killed server had claimed is taken over after this.
            ("SUARA_MAIL_LEASE_SECS", "5"),
        ],
        None,
    )
}

/// Stops a server started under a tracer: the server (the tracer's child) is killed, then the
/// tracer, having written its last lines, exits by itself.
pub(super) fn stop_traced(mut tracer: Child) {
    let pid = tracer.id();
    let children =
        std::fs::read_to_string(format!("/proc/{pid}/task/{pid}/children")).unwrap_or_default();
    for child in children.split_whitespace() {
        let _ = Command::new("kill").args(["-KILL", child]).status();
    }
    tracer.wait().unwrap();
}

pub(super) async fn wait_until_up(client: &reqwest::Client, base: &str) {
    for _ in 0..200 {
        if client
            .get(format!("{base}/healthz"))
            .send()
            .await
            .is_ok_and(|r| r.status().is_success())
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the server did not come up");
}

/// The `n` column of the one row `sql` returns.
pub(super) async fn number(db: &DatabaseConnection, sql: &str) -> i64 {
    db.query_one_raw(sea_orm::Statement::from_string(
        db.get_database_backend(),
        sql.to_string(),
    ))
    .await
    .unwrap()
    .unwrap()
    .try_get::<i64>("", "n")
    .unwrap()
}

/// Every survey's submission id stored in `db`.
pub(super) async fn submission_ids(db: &DatabaseConnection) -> HashSet<String> {
    db.query_all_raw(sea_orm::Statement::from_string(
        db.get_database_backend(),
        "SELECT submission_id FROM survey_responses",
    ))
    .await
    .unwrap()
    .iter()
    .filter_map(|r| {
        r.try_get::<Option<String>>("", "submission_id")
            .ok()
            .flatten()
    })
    .collect()
}

/// A confidential report of extra fees at Samsat Kota, its receipt mailed to `email`.
pub(super) fn report_by_email(email: &str) -> Value {
    json!({"unit_code": "samsat-kota", "service_code": "skj-pkb",
        "category": "pungli", "mode": "rahasia",
        "what": "Petugas meminta uang tambahan di luar tarif resmi saat perpanjangan STNK.",
        "incident_date": "2026-11-20",
        "reporter": {"name": "Warga", "email": email}})
}

#[derive(Default)]
struct Acknowledged {
    surveys: HashSet<String>,
    complaints: HashSet<String>,
}

async fn killed_mid_load_keeps_every_acknowledged_submission(database_url: String) {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let mut child = start(&database_url, dir.path(), port);
    wait_until_up(&client, &base).await;

    let acked = Arc::new(Mutex::new(Acknowledged::default()));
    let mut workers = Vec::new();
    for w in 0..8 {
        let (client, base, acked) = (client.clone(), base.clone(), acked.clone());
        workers.push(tokio::spawn(async move {
            for i in 0.. {
                let sid = format!("{:08x}-0000-4000-8000-{:012x}", w, i);
                if i % 5 == 4 {
                    let body = report_by_email(&format!("warga{w}x{i}@contoh.id"));
                    match client.post(format!("{base}/api/v1/complaints")).json(&body).send().await {
                        Ok(r) if r.status().is_success() => {
                            let v: Value = match r.json().await {
                                Ok(v) => v,
                                Err(_) => continue,
                            };
                            let code = v["tracking_code"].as_str().unwrap().to_string();
                            acked.lock().unwrap().complaints.insert(code);
                        }
                        Ok(_) => {}
                        Err(_) => return,
                    }
                } else {
                    let answers: serde_json::Map<String, Value> =
                        (1..=9).map(|e| (format!("U{e}"), json!(1 + (i + e) % 4))).collect();
                    let body = json!({"service_code": "skj-pkb", "answers": answers, "submission_id": sid});
                    match client.post(format!("{base}/api/v1/surveys")).json(&body).send().await {
                        Ok(r) if r.status().is_success() => {
                            acked.lock().unwrap().surveys.insert(sid);
                        }
                        Ok(_) => {}
                        Err(_) => return,
                    }
                }
            }
        }));
    }
    // Mid-load: SIGKILL, no shutdown of any kind.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    child.kill().unwrap();
    child.wait().unwrap();
    for w in workers {
        w.await.unwrap();
    }
    let acked = std::mem::take(&mut *acked.lock().unwrap());
    assert!(
        acked.surveys.len() > 20 && !acked.complaints.is_empty(),
        "the load ran: {} surveys, {} complaints",
        acked.surveys.len(),
        acked.complaints.len()
    );

    eprintln!(
        "killed after {} surveys and {} complaints acknowledged",
        acked.surveys.len(),
        acked.complaints.len()
    );
    // Started again on the same database: everything acknowledged is there.
    let mut child = start(&database_url, dir.path(), port);
    wait_until_up(&client, &base).await;
    let db = Database::connect(database_url.as_str()).await.unwrap();
    let ids = submission_ids(&db).await;
    let lost: Vec<_> = acked.surveys.difference(&ids).collect();
    assert!(lost.is_empty(), "acknowledged surveys lost: {lost:?}");
    let codes: HashSet<String> = db
        .query_all_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            "SELECT tracking_code FROM complaints".to_string(),
        ))
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get::<String>("", "tracking_code").unwrap())
        .collect();
    let lost: Vec<_> = acked.complaints.difference(&codes).collect();
    assert!(lost.is_empty(), "acknowledged complaints lost: {lost:?}");
    let rows = number(&db, "SELECT COUNT(*) AS n FROM survey_responses").await;
    let summed = number(
        &db,
        "SELECT CAST(COALESCE(SUM(responses), 0) AS BIGINT) AS n FROM survey_daily",
    )
    .await;
    assert_eq!(summed, rows, "the kept sums equal the rows");

    // Every queued mail is sent after the restart, and each once.
    let mut sent_all = false;
    for _ in 0..120 {
        let waiting = number(
            &db,
            "SELECT COUNT(*) AS n FROM outbox WHERE status <> 'sent'",
        )
        .await;
        if waiting == 0 {
            sent_all = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    assert!(sent_all, "the outbox emptied after the restart");
    let queued: HashSet<String> = db
        .query_all_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            "SELECT message_id FROM outbox".to_string(),
        ))
        .await
        .unwrap()
        .iter()
        .map(|r| {
            r.try_get::<String>("", "message_id")
                .unwrap()
                .chars()
                .filter(|c| c.is_ascii_alphanumeric() || *c == '.' || *c == '-')
                .collect()
        })
        .collect();
    let files: Vec<String> = std::fs::read_dir(dir.path().join("mail"))
        .unwrap()
        .map(|e| {
            e.unwrap()
                .file_name()
                .to_string_lossy()
                .trim_end_matches(".eml")
                .to_string()
        })
        .collect();
    assert_eq!(files.len(), queued.len(), "one mail per queued message");
    assert_eq!(files.into_iter().collect::<HashSet<_>>(), queued);
    assert!(
        queued.len() >= acked.complaints.len(),
        "each acknowledged complaint queued its receipt"
    );
    db.close().await.ok();
    child.kill().unwrap();
    child.wait().unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_killed_mid_load_keeps_every_acknowledged_submission() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/suara.db?mode=rwc", dir.path().display());
    killed_mid_load_keeps_every_acknowledged_submission(url).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_killed_mid_load_keeps_every_acknowledged_submission() {
    if let Some(url) = suara_tests::fresh_postgres().await {
        killed_mid_load_keeps_every_acknowledged_submission(url).await;
    }
}
