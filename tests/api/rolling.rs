//! A rolling deploy on PostgreSQL (`docs/deploy.md`), simulated: two instances of the real
//! server binary serve one database under a steady load of survey writes and index reads;
//! the next release's expand step is applied to that database while they serve (a nullable
//! column on the busiest table, a new table, and its row in `seaql_migrations`); then one
//! instance is taken out of rotation, restarted as an instance of this release would be
//! mid-deploy, and put back. Nothing may fail while both run, and every acknowledged write
//! is stored.
//!
//! Simulated, not built: building the previous release inside the test costs about ten of
//! the CI run's 25 minutes on two cores. Today's binary plays the release being replaced,
//! and the step it must survive is the next release's migration, written here as the
//! expand-only change `docs/deploy.md` allows. What this shows is what the old binary must
//! do on an expanded schema (read, write, start again); that a real migration only expands is
//! the rule of that document and of review.

use super::durability::{free_port, start_binary, submission_ids, wait_until_up};
use sea_orm::{ConnectionTrait, Database};
use serde_json::{Value, json};
use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The next release's expand step, as its migration would apply it.
const NEXT_RELEASE_EXPAND: [&str; 4] = [
    "ALTER TABLE survey_responses ADD COLUMN channel_note TEXT NULL",
    "CREATE TABLE next_release_notes (id SERIAL PRIMARY KEY, note TEXT NOT NULL)",
    "INSERT INTO next_release_notes (note) VALUES ('written by the next release')",
    "INSERT INTO seaql_migrations (version, applied_at) VALUES ('m20991231_000099_next_release_expand', 0)",
];

#[derive(Default)]
struct Load {
    acknowledged: HashSet<String>,
    failures: Vec<String>,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_keep_serving_while_the_next_release_expands_the_schema_and_one_restarts() {
    let Some(url) = suara_tests::fresh_postgres().await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let extra = [
        ("SUARA_RATE_SURVEY_BURST", "100000"),
        ("SUARA_RATE_SURVEY_PER_MINUTE", "100000"),
    ];
    let client = reqwest::Client::new();
    let ports = [free_port(), free_port()];
    let bases: Vec<String> = ports
        .iter()
        .map(|p| format!("http://127.0.0.1:{p}"))
        .collect();
    let mut a = start_binary(&url, &dir.path().join("a"), ports[0], &extra, None);
    wait_until_up(&client, &bases[0]).await;
    let mut b = start_binary(&url, &dir.path().join("b"), ports[1], &extra, None);
    wait_until_up(&client, &bases[1]).await;

    // The balancer: instances in rotation, and requests in flight on each.
    let in_rotation = Arc::new([AtomicBool::new(true), AtomicBool::new(true)]);
    let in_flight = Arc::new([AtomicUsize::new(0), AtomicUsize::new(0)]);
    let served_by_b = Arc::new(AtomicUsize::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let load = Arc::new(Mutex::new(Load::default()));
    let mut workers = Vec::new();
    for w in 0..4u64 {
        let (client, bases) = (client.clone(), bases.clone());
        let (in_rotation, in_flight, stop, load, served_by_b) = (
            in_rotation.clone(),
            in_flight.clone(),
            stop.clone(),
            load.clone(),
            served_by_b.clone(),
        );
        workers.push(tokio::spawn(async move {
            let mut i = 0u64;
            while !stop.load(Ordering::SeqCst) {
                i += 1;
                // Counted in flight before the rotation is read: an instance taken out waits for
                // every request that may have chosen it.
                let n = usize::try_from((w + i) % 2).unwrap();
                in_flight[n].fetch_add(1, Ordering::SeqCst);
                let n = if in_rotation[n].load(Ordering::SeqCst) {
                    n
                } else {
                    in_flight[n].fetch_sub(1, Ordering::SeqCst);
                    in_flight[1 - n].fetch_add(1, Ordering::SeqCst);
                    1 - n
                };
                let base = &bases[n];
                let sid = format!("{w:08x}-0000-4000-8000-{i:012x}");
                let answers: serde_json::Map<String, Value> =
                    (1..=9).map(|e| (format!("U{e}"), json!(1 + (i + e) % 4))).collect();
                let write = client
                    .post(format!("{base}/api/v1/surveys"))
                    .json(&json!({"service_code": "skj-pkb", "answers": answers, "submission_id": sid}))
                    .send()
                    .await;
                let read = client
                    .get(format!("{base}/api/v1/ikm?unit=samsat-kota"))
                    .send()
                    .await;
                in_flight[n].fetch_sub(1, Ordering::SeqCst);
                let mut l = load.lock().unwrap();
                match write {
                    Ok(r) if r.status().is_success() => {
                        l.acknowledged.insert(sid);
                        if n == 1 {
                            served_by_b.fetch_add(1, Ordering::SeqCst);
                        }
                    }
                    Ok(r) => l.failures.push(format!("survey on {n}: {}", r.status())),
                    Err(e) => l.failures.push(format!("survey on {n}: {e}")),
                }
                match read {
                    Ok(r) if r.status().is_success() => {}
                    Ok(r) => l.failures.push(format!("index on {n}: {}", r.status())),
                    Err(e) => l.failures.push(format!("index on {n}: {e}")),
                }
            }
        }));
    }

    tokio::time::sleep(Duration::from_millis(1500)).await;
    // The next release's first instance migrates the database while both serve.
    let db = Database::connect(&url).await.unwrap();
    for sql in NEXT_RELEASE_EXPAND {
        db.execute_unprepared(sql).await.unwrap();
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;

    // Instance B, still of this release, is taken out of rotation, drained, stopped and
    // started again on the expanded schema (a crash, or the deploy's own restart).
    in_rotation[1].store(false, Ordering::SeqCst);
    while in_flight[1].load(Ordering::SeqCst) > 0 {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let served_before = served_by_b.load(Ordering::SeqCst);
    let _ = std::process::Command::new("kill")
        .args(["-TERM", &b.id().to_string()])
        .status();
    b.wait().unwrap();
    b = start_binary(&url, &dir.path().join("b"), ports[1], &extra, None);
    wait_until_up(&client, &bases[1]).await;
    in_rotation[1].store(true, Ordering::SeqCst);
    tokio::time::sleep(Duration::from_millis(1500)).await;

    stop.store(true, Ordering::SeqCst);
    for w in workers {
        w.await.unwrap();
    }
    let _ = a.kill();
    let _ = b.kill();
    let _ = a.wait();
    let _ = b.wait();

    // A release later, the next one contracts: this release no longer starts on it.
    db.execute_unprepared(
        "INSERT INTO seaql_migrations (version, applied_at) VALUES ('m20991231_000100_contract_drop_old_columns', 0)",
    )
    .await
    .unwrap();
    let mut c = start_binary(&url, &dir.path().join("c"), free_port(), &extra, None);
    let mut exited = None;
    for _ in 0..300 {
        exited = c.try_wait().unwrap();
        if exited.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    if exited.is_none() {
        let _ = c.kill();
        let _ = c.wait();
    }
    assert!(
        exited.is_some_and(|s| !s.success()),
        "refuses to start after a contract step: {exited:?}"
    );

    let load = std::mem::take(&mut *load.lock().unwrap());
    assert!(load.failures.is_empty(), "{:?}", load.failures);
    assert!(
        served_by_b.load(Ordering::SeqCst) > served_before,
        "the restarted instance served again"
    );
    let stored = submission_ids(&db).await;
    let lost: Vec<&String> = load.acknowledged.difference(&stored).collect();
    assert!(lost.is_empty(), "acknowledged but not stored: {lost:?}");
    assert!(load.acknowledged.len() > 20, "{}", load.acknowledged.len());
    // What the next release wrote on its expanded schema is still there, beside this
    // release's writes.
    let next = db
        .query_one_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            "SELECT COUNT(*) AS n FROM next_release_notes",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get::<i64>("", "n")
        .unwrap();
    assert_eq!(next, 1);
}

/// Instances started at the same moment on an empty database (a first deploy, or a
/// deploy tool that starts every instance at once) migrate it once between them: each
/// waits for the one migrating (a PostgreSQL advisory lock held across the migrations), so
/// none fails on a table another just created, and every one serves.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn instances_started_at_once_on_an_empty_database_migrate_it_once_and_all_serve() {
    let Some(url) = suara_tests::fresh_postgres().await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let client = reqwest::Client::new();
    let ports: Vec<u16> = (0..4).map(|_| free_port()).collect();
    let mut children: Vec<_> = ports
        .iter()
        .enumerate()
        .map(|(i, &p)| start_binary(&url, &dir.path().join(format!("i{i}")), p, &[], None))
        .collect();
    for (i, p) in ports.iter().enumerate() {
        let base = format!("http://127.0.0.1:{p}");
        let mut up = false;
        for _ in 0..300 {
            if let Ok(Some(status)) = children[i].try_wait() {
                panic!("instance {i} exited: {status}");
            }
            if client
                .get(format!("{base}/healthz"))
                .send()
                .await
                .is_ok_and(|r| r.status().is_success())
            {
                up = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert!(up, "instance {i} did not come up");
        let r = client
            .get(format!("{base}/api/v1/units"))
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success(), "instance {i}: {}", r.status());
    }
    for c in &mut children {
        c.kill().ok();
        c.wait().ok();
    }
    let db = Database::connect(&url).await.unwrap();
    // Every migration of this release recorded, and nothing else.
    let applied = server::migrations::applied(&db).await.unwrap().unwrap();
    assert_eq!(applied, server::migrations::known());
}
