//! PostgreSQL restarts under load. The test makes its own cluster on its own port
//! (`pg_createcluster`; the shared one on 5432 is never touched), starts the real server
//! binary on it and keeps six clients sending surveys, then stops the cluster for eight
//! seconds (`pg_ctlcluster ... stop -m fast`, then `start`), and later restarts it at once
//! (`pg_ctlcluster ... restart`). While it is away the server answers 503 with `Retry-After`,
//! never a 500, and no request waits past the pool's timeout; within 5 s of its return the
//! server stores surveys again, the outbox sends and the scheduled jobs (here the held kiosk
//! ratings' job, every second) run without failing;
//! and every survey answered 2xx is in the database.

use super::durability::{free_port, report_by_email, start_binary, submission_ids, wait_until_up};
use serde_json::{Value, json};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const VERSION: &str = "15";

/// A PostgreSQL cluster of the test's own, dropped with the test.
struct Cluster {
    name: String,
    port: u16,
}

impl Cluster {
    fn create() -> Cluster {
        let port = free_port();
        let name = format!("suara_restart_{}", std::process::id());
        let out = Command::new("pg_createcluster")
            .args(["-p", &port.to_string(), "--start", VERSION, &name])
            .args(["--", "--auth-host=trust", "--auth-local=trust"])
            .output()
            .expect("pg_createcluster (Debian's postgresql-common)");
        assert!(
            out.status.success(),
            "pg_createcluster: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        Cluster { name, port }
    }

    fn ctl(&self, args: &[&str]) {
        let out = Command::new("pg_ctlcluster")
            .args([VERSION, &self.name])
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "pg_ctlcluster {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = Command::new("pg_dropcluster")
            .args(["--stop", VERSION, &self.name])
            .output();
    }
}

/// One request of the load: when it was sent and answered, its status, whether a 503 said
/// when to come back, and the survey's id.
#[derive(Clone, Debug)]
struct Sent {
    at: Instant,
    took: Duration,
    status: u16,
    retry_after: bool,
    sid: String,
}

async fn job_failures(client: &reqwest::Client, base: &str) -> f64 {
    let text = client
        .get(format!("{base}/metrics"))
        .bearer_auth("metrik-restart")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    text.lines()
        .filter(|l| l.starts_with("suara_job_failures_total{"))
        .filter_map(|l| l.rsplit(' ').next()?.parse::<f64>().ok())
        .sum()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_restarting_under_load_answers_503_then_serves_again_within_5_seconds() {
    if std::env::var("TEST_DATABASE_URL").is_err() {
        eprintln!("TEST_DATABASE_URL unset: no PostgreSQL here, the restart test is not run");
        return;
    }
    let cluster = Cluster::create();
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut server = start_binary(
        &cluster.url(),
        dir.path(),
        port,
        &[
            ("SUARA_RATE_SURVEY_BURST", "1000000"),
            ("SUARA_RATE_SURVEY_PER_MINUTE", "1000000"),
            ("SUARA_RATE_COMPLAINT_BURST", "1000"),
            ("SUARA_RATE_COMPLAINT_PER_MINUTE", "1000"),
            ("SUARA_DB_ACQUIRE_TIMEOUT_SECS", "2"),
            // The held kiosk ratings' job then runs every second.
            ("SUARA_KIOSK_MIN_INTERVAL_SECS", "1"),
            ("SUARA_METRICS_TOKEN", "metrik-restart"),
        ],
        None,
    );
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    wait_until_up(&client, &base).await;

    let log = Arc::new(Mutex::new(Vec::<Sent>::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let mut workers = Vec::new();
    for w in 0..6 {
        let (client, base, log, stop) = (client.clone(), base.clone(), log.clone(), stop.clone());
        workers.push(tokio::spawn(async move {
            let mut i = 0u64;
            while !stop.load(Ordering::SeqCst) {
                i += 1;
                let sid = format!("7e57a7e5-{w:04x}-4000-8000-{i:012x}");
                let answers: serde_json::Map<String, Value> = (1..=9)
                    .map(|e| (format!("U{e}"), json!(1 + (i + e) % 4)))
                    .collect();
                let body =
                    json!({"service_code": "skj-pkb", "answers": answers, "submission_id": sid});
                let at = Instant::now();
                let r = client
                    .post(format!("{base}/api/v1/surveys"))
                    .json(&body)
                    .send()
                    .await
                    .expect("every request is answered (none hangs to the client's timeout)");
                let status = r.status().as_u16();
                let retry_after = r.headers().contains_key("retry-after");
                log.lock().unwrap().push(Sent {
                    at,
                    took: at.elapsed(),
                    status,
                    retry_after,
                    sid,
                });
                if status == 503 {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            }
        }));
    }

    tokio::time::sleep(Duration::from_millis(1500)).await;
    cluster.ctl(&["stop", "-m", "fast"]);
    let down_at = Instant::now();
    tokio::time::sleep(Duration::from_secs(8)).await;
    // Answers given before `start` is called were given while the database was down; it
    // is ready when `start` returns.
    let start_called = Instant::now();
    cluster.ctl(&["start"]);
    let back_at = Instant::now();
    // Served again: the first survey stored after the database came back.
    let mut served_at = None;
    for _ in 0..200 {
        let first = log
            .lock()
            .unwrap()
            .iter()
            .filter(|s| s.at >= back_at && (200..300).contains(&s.status))
            .map(|s| s.at + s.took)
            .min();
        if first.is_some() {
            served_at = first;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let served_at = served_at.expect("surveys are stored again after the restart");
    let recovery = served_at - back_at;

    // The outbox sends again: a complaint's receipt leaves as a mail file.
    let r = client
        .post(format!("{base}/api/v1/complaints"))
        .json(&report_by_email("warga@contoh.id"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let mut mailed = false;
    for _ in 0..100 {
        if std::fs::read_dir(dir.path().join("mail")).is_ok_and(|d| d.count() > 0) {
            mailed = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(mailed, "the outbox sent the receipt after the restart");
    // The jobs (every second here) failed while it was away, and run again without failing.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let settled = job_failures(&client, &base).await;
    let failures_while_down = settled;
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(
        job_failures(&client, &base).await,
        settled,
        "no job failed in the 3 s after the restart settled"
    );

    // A restart at once, as an operator would do it.
    cluster.ctl(&["restart", "-m", "fast"]);
    let restarted_at = Instant::now();
    tokio::time::sleep(Duration::from_secs(5)).await;
    stop.store(true, Ordering::SeqCst);
    for w in workers {
        w.await.unwrap();
    }
    let sent = log.lock().unwrap().clone();
    let during = |s: &Sent| s.at >= down_at && s.at + s.took <= start_called;
    let unavailable = sent.iter().filter(|s| s.status == 503).count();
    let stored = sent
        .iter()
        .filter(|s| (200..300).contains(&s.status))
        .count();
    let slowest = sent.iter().map(|s| s.took).max().unwrap();
    let stored_after_restart = sent
        .iter()
        .filter(|s| s.at > restarted_at + Duration::from_secs(3) && (200..300).contains(&s.status))
        .count();
    eprintln!(
        "{} requests: {stored} stored, {unavailable} answered 503; slowest {slowest:?}; served again {recovery:?} after the database came back; {stored_after_restart} stored after the quick restart; job failures {failures_while_down} while down",
        sent.len()
    );
    let other: Vec<_> = sent
        .iter()
        .filter(|s| s.status != 503 && !(200..300).contains(&s.status))
        .collect();
    assert!(
        other.is_empty(),
        "answers other than 2xx and 503: {other:?}"
    );
    let acknowledged_while_down: Vec<String> = sent
        .iter()
        .filter(|s| during(s) && s.status != 503)
        .map(|s| {
            format!(
                "{} sent {:?} after the stop, answered {:?} before the start",
                s.status,
                s.at - down_at,
                start_called - (s.at + s.took)
            )
        })
        .collect();
    assert!(
        acknowledged_while_down.is_empty(),
        "acknowledged while the database was down: {acknowledged_while_down:?}"
    );
    assert!(
        sent.iter().filter(|s| during(s)).count() >= 3,
        "the clients were answered while the database was down"
    );
    assert!(
        sent.iter()
            .filter(|s| s.status == 503)
            .all(|s| s.retry_after),
        "every 503 says when to come back"
    );
    // The pool waits 2 s for a connection; a request may wait for the batch before its own
    // (two are in flight), so twice that at most.
    assert!(
        slowest <= Duration::from_secs(5),
        "a request waited {slowest:?}"
    );
    assert!(
        recovery <= Duration::from_secs(5),
        "served again {recovery:?} after the database came back"
    );
    assert!(
        failures_while_down > 0.0,
        "the jobs did run (and fail) while it was down"
    );
    assert!(
        stored_after_restart > 0,
        "stored again after the quick restart"
    );

    // Every survey acknowledged is stored.
    let db = sea_orm::Database::connect(cluster.url()).await.unwrap();
    let ids = submission_ids(&db).await;
    let lost: Vec<_> = sent
        .iter()
        .filter(|s| (200..300).contains(&s.status) && !ids.contains(&s.sid))
        .map(|s| &s.sid)
        .collect();
    assert!(lost.is_empty(), "acknowledged and not stored: {lost:?}");
    db.close().await.ok();
    let _ = server.kill();
    let _ = server.wait();
}
