//! Upgrades from the first release. `tests/fixtures/upgrade/` holds databases written by the
//! first release's own binary (commit 2ecbbe5, migrations 1-6; made by
//! `scripts/make-upgrade-fixture.py`): its demo units, services, survey responses and staff,
//! reports filed openly, confidentially and anonymously, cases at each of its eight statuses
//! with their events and audit chain, staff sessions, and mail waiting in the outbox.
//!
//! Today's server binary starts on a copy (SQLite) or a restore (PostgreSQL, `psql`) and runs
//! every migration since. Then every row still reads through the API: every unit, the
//! responses in the index, every case by its tracking code at its status, the whole queue for
//! the inspector who signs in with the first release's password; the kept sums equal the rows
//! (daily, and the monthly sums a later migration built from them); the audit
//! chain verifies (`server audit verify`); and the waiting mail is sent, each once.

use super::durability::{free_port, number, server_binary, start_binary, wait_until_up};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, Statement};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// The fixture `name` (gzipped in the repository), unpacked to `to`.
fn unpack(name: &str, to: &Path) {
    let packed = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/upgrade")
        .join(format!("{name}.gz"));
    let out = std::process::Command::new("gzip")
        .arg("-dc")
        .arg(&packed)
        .output()
        .unwrap();
    assert!(out.status.success(), "gzip -dc {}", packed.display());
    std::fs::write(to, out.stdout).unwrap();
}

async fn strings(db: &DatabaseConnection, sql: &str) -> Vec<Vec<String>> {
    db.query_all_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap()
        .iter()
        .map(|r| {
            (0..)
                .map_while(|i| r.try_get_by_index::<String>(i).ok())
                .collect()
        })
        .collect()
}

/// What the first release left, read with its own schema before the upgrade.
struct Before {
    units: Vec<String>,
    responses: i64,
    cases: BTreeMap<String, String>,
    events: i64,
    audit: i64,
    outbox_waiting: i64,
    sessions: i64,
}

async fn before(db: &DatabaseConnection) -> Before {
    Before {
        units: strings(db, "SELECT code FROM units ORDER BY code")
            .await
            .into_iter()
            .map(|r| r[0].clone())
            .collect(),
        responses: number(db, "SELECT COUNT(*) AS n FROM survey_responses").await,
        cases: strings(db, "SELECT tracking_code, status FROM complaints")
            .await
            .into_iter()
            .map(|r| (r[0].clone(), r[1].clone()))
            .collect(),
        events: number(db, "SELECT COUNT(*) AS n FROM complaint_events").await,
        audit: number(db, "SELECT COUNT(*) AS n FROM audit_log").await,
        outbox_waiting: number(
            db,
            "SELECT COUNT(*) AS n FROM outbox WHERE status = 'pending'",
        )
        .await,
        sessions: number(db, "SELECT COUNT(*) AS n FROM sessions").await,
    }
}

async fn upgraded_from_the_first_release_every_row_reads_and_the_sums_and_chain_hold(
    database_url: String,
) {
    let db = Database::connect(database_url.as_str()).await.unwrap();
    let was = before(&db).await;
    let statuses: std::collections::BTreeSet<&str> =
        was.cases.values().map(String::as_str).collect();
    assert_eq!(
        statuses.len(),
        8,
        "the fixture has a case at each of the first release's statuses: {statuses:?}"
    );
    assert!(was.responses > 1000 && was.outbox_waiting > 0 && was.sessions >= 2);

    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut server = start_binary(&database_url, dir.path(), port, &[], None);
    let client = reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(30))
        .build()
        .unwrap();
    // Every migration since runs before the server listens.
    wait_until_up(&client, &base).await;

    // Every unit.
    let units: Value = client
        .get(format!("{base}/api/v1/units"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let listed = units.to_string();
    for code in &was.units {
        assert!(
            listed.contains(&format!("\"{code}\"")),
            "unit {code} listed"
        );
    }
    // Every response counts in the index of its office (an office's figure holds its UPTDs').
    let offices = strings(&db, "SELECT code FROM units WHERE parent_id IS NULL").await;
    let mut counted = 0;
    for office in &offices {
        let ikm: Value = client
            .get(format!(
                "{base}/api/v1/ikm?unit={}&from=2000-01-01&to=2099-12-31",
                office[0]
            ))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        counted += ikm["responses"].as_i64().unwrap_or_else(|| panic!("{ikm}"));
    }
    assert_eq!(
        counted, was.responses,
        "the offices' indexes count every response"
    );
    // Every case by its code, at its status.
    for (code, status) in &was.cases {
        let r = client
            .get(format!("{base}/api/v1/complaints/{code}"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{code}");
        let v: Value = r.json().await.unwrap();
        assert_eq!(v["status"], status.as_str(), "{code}: {v}");
    }
    // The inspector signs in with the first release's password and sees the whole queue.
    let inspector =
        suara_tests::sign_in(&client, &base, "inspektur@demo.suara.id", "suara-demo-2026").await;
    let queue: Value = client
        .get(format!("{base}/api/v1/triage/complaints?per_page=200"))
        .header("cookie", &inspector.cookie)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let text = queue.to_string();
    for code in was.cases.keys() {
        assert!(text.contains(code.as_str()), "{code} in the queue");
    }
    // The sums equal the rows; the history is whole.
    let rows = number(&db, "SELECT COUNT(*) AS n FROM survey_responses").await;
    assert_eq!(rows, was.responses);
    for table in ["survey_daily", "survey_monthly"] {
        let summed = number(
            &db,
            &format!("SELECT CAST(COALESCE(SUM(responses), 0) AS BIGINT) AS n FROM {table}"),
        )
        .await;
        assert_eq!(summed, rows, "{table} sums the rows");
        // Who answered (migration 29), counted from the first release's responses.
        let profiled = number(
            &db,
            &format!("SELECT CAST(COALESCE(SUM(profiled), 0) AS BIGINT) AS n FROM {table}"),
        )
        .await;
        assert_eq!(profiled, rows, "{table} profiles every response");
        for (column, condition) in [
            ("g_p", "gender = 'P'"),
            ("age_40", "age >= 40 AND age < 50"),
            ("edu_s1", "education = 's1'"),
        ] {
            let kept = number(
                &db,
                &format!("SELECT CAST(COALESCE(SUM({column}), 0) AS BIGINT) AS n FROM {table}"),
            )
            .await;
            let counted = number(
                &db,
                &format!("SELECT COUNT(*) AS n FROM survey_responses WHERE {condition}"),
            )
            .await;
            assert_eq!(kept, counted, "{table}.{column}");
        }
    }
    // The queue's tallies (migrations 27 and 33) count the first release's complaints, each
    // once, per status and per category and status.
    let complaints = number(&db, "SELECT COUNT(*) AS n FROM complaints").await;
    for (table, key, rows) in [
        (
            "complaint_tallies",
            "unit_id, assigned_unit_id, status",
            "unit_id, COALESCE(assigned_unit_id, 0) AS assigned_unit_id, status",
        ),
        (
            "complaint_category_tallies",
            "category, unit_id, assigned_unit_id, status",
            "category, unit_id, COALESCE(assigned_unit_id, 0) AS assigned_unit_id, status",
        ),
    ] {
        let summed = number(
            &db,
            &format!("SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) AS n FROM {table}"),
        )
        .await;
        assert_eq!(summed, complaints, "{table} counts every complaint");
        // Every tally is its rows' count (no key counted wrong and another made up for it).
        let differing = number(
            &db,
            &format!(
                "SELECT COUNT(*) AS n FROM {table} t FULL JOIN (SELECT {rows}, COUNT(*) AS c \
                 FROM complaints GROUP BY {key}) r USING ({key}) \
                 WHERE t.n IS DISTINCT FROM r.c AND NOT (t.n = 0 AND r.c IS NULL)"
            ),
        )
        .await;
        assert_eq!(differing, 0, "{table} per key");
    }
    assert!(number(&db, "SELECT COUNT(*) AS n FROM complaint_events").await >= was.events);
    assert!(number(&db, "SELECT COUNT(*) AS n FROM audit_log").await >= was.audit);
    // The audit chain verifies.
    let verify = std::process::Command::new(server_binary())
        .args(["audit", "verify"])
        .env("DATABASE_URL", &database_url)
        .env("SUARA_SECRET_KEY", suara_tests::TEST_SECRET_KEY)
        .env("RUST_LOG", "warn")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        verify.status.success(),
        "audit verify: {}{}",
        String::from_utf8_lossy(&verify.stdout),
        String::from_utf8_lossy(&verify.stderr)
    );
    // The mail the first release left waiting is sent, each once.
    let mut sent = false;
    for _ in 0..150 {
        if number(
            &db,
            "SELECT COUNT(*) AS n FROM outbox WHERE status = 'pending'",
        )
        .await
            == 0
        {
            sent = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    assert!(sent, "the waiting mail was sent");
    let files = std::fs::read_dir(dir.path().join("mail")).unwrap().count() as i64;
    assert!(
        files >= was.outbox_waiting,
        "{files} mails for {}",
        was.outbox_waiting
    );
    db.close().await.ok();
    let _ = server.kill();
    let _ = server.wait();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_upgraded_from_the_first_release_every_row_reads_and_the_sums_and_chain_hold() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("suara.db");
    unpack("release1.sqlite", &file);
    upgraded_from_the_first_release_every_row_reads_and_the_sums_and_chain_hold(format!(
        "sqlite://{}?mode=rwc",
        file.display()
    ))
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_upgraded_from_the_first_release_every_row_reads_and_the_sums_and_chain_hold() {
    let Some(url) = suara_tests::fresh_postgres().await else {
        eprintln!("TEST_DATABASE_URL unset: PostgreSQL variant not run");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let dump = dir.path().join("release1.pg.sql");
    unpack("release1.pg.sql", &dump);
    let out = std::process::Command::new("psql")
        .args(["-qX", "-v", "ON_ERROR_STOP=1", "-o", "/dev/null", "-f"])
        .arg(&dump)
        .arg(&url)
        .output()
        .expect("psql (postgresql-client, scripts/setup.sh --test)");
    assert!(
        out.status.success(),
        "restoring the fixture: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    upgraded_from_the_first_release_every_row_reads_and_the_sums_and_chain_hold(url).await;
}
