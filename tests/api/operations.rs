//! What an operator does: `server backup PATH` while surveys keep arriving, and a restore
//! that serves again, on SQLite (an online file copy) and on PostgreSQL (pg_dump and
//! pg_restore); `/metrics` for the monitoring, behind its token.

use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use serde_json::json;
use suara_tests::{Backend, TestApp, on_both_backends_with};

async fn number(db: &DatabaseConnection, sql: &str) -> i64 {
    let row = db
        .query_one_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            sql.to_string(),
        ))
        .await
        .unwrap()
        .unwrap();
    row.try_get::<i64>("", "n").unwrap()
}

async fn post_survey(app: &TestApp, score: u8) -> StatusCode {
    let answers: serde_json::Map<String, serde_json::Value> =
        (1..=9).map(|i| (format!("U{i}"), json!(score))).collect();
    app.client
        .post(app.url("/api/v1/surveys"))
        .json(&json!({"service_code": "skj-pkb", "answers": answers}))
        .send()
        .await
        .unwrap()
        .status()
}

async fn a_backup_taken_while_surveys_arrive_restores_to_a_portal_that_serves(app: TestApp) {
    for _ in 0..20 {
        assert_eq!(post_survey(&app, 3).await, StatusCode::CREATED);
    }
    let before = app.count("survey_responses").await;
    let path = app.dir.join(match app.backend {
        Backend::Sqlite => "backup.db",
        Backend::Postgres => "backup.dump",
    });
    // Surveys keep arriving while the copy is taken.
    let writer = {
        let (client, url) = (app.client.clone(), app.url("/api/v1/surveys"));
        tokio::spawn(async move {
            let answers: serde_json::Map<String, serde_json::Value> =
                (1..=9).map(|i| (format!("U{i}"), json!(4))).collect();
            for _ in 0..40 {
                let r = client
                    .post(&url)
                    .json(&json!({"service_code": "skj-pkb", "answers": answers}))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(r.status(), StatusCode::CREATED);
            }
        })
    };
    let said = server::backup::run(&app.state.settings, &path)
        .await
        .expect("the backup is taken");
    writer.await.unwrap();
    assert!(said.starts_with("backup: "), "{said}");
    assert!(path.metadata().unwrap().len() > 0);
    // Readable by the server's user only, though the test runs under a 022 umask.
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(path.metadata().unwrap().permissions().mode() & 0o777, 0o600);
        if app.backend == Backend::Sqlite {
            for f in ["suara.db", "suara.db-wal"] {
                let mode = app.dir.join(f).metadata().unwrap().permissions().mode();
                assert_eq!(mode & 0o777, 0o600, "{f}");
            }
        }
    }
    let after = app.count("survey_responses").await;
    assert_eq!(after, before + 40);
    // A second backup never overwrites the first.
    let refused = server::backup::run(&app.state.settings, &path)
        .await
        .unwrap_err();
    assert!(refused.to_string().contains("exists already"), "{refused}");

    // Restored: a database of its own, served by a server of its own.
    let restored_url = match app.backend {
        Backend::Sqlite => format!("sqlite://{}", path.display()),
        Backend::Postgres => {
            let url = suara_tests::fresh_postgres().await.unwrap();
            let out = std::process::Command::new("pg_restore")
                .args(["--no-owner", "--dbname", &url])
                .arg(&path)
                .output()
                .expect("pg_restore runs");
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            url
        }
    };
    let db = Database::connect(&restored_url).await.unwrap();
    let rows = number(&db, "SELECT COUNT(*) AS n FROM survey_responses").await;
    assert!(
        (before..=after).contains(&rows),
        "a consistent moment between {before} and {after}: {rows}"
    );
    let summed = number(
        &db,
        "SELECT CAST(COALESCE(SUM(responses), 0) AS BIGINT) AS n FROM survey_daily",
    )
    .await;
    assert_eq!(summed, rows, "the kept sums equal the rows in the copy");
    db.close().await.ok();
    let mut settings = (*app.state.settings).clone();
    settings.database_url = restored_url.into();
    settings.site_addr = "127.0.0.1:0".parse().unwrap();
    let restored = server::Application::build(settings)
        .await
        .expect("a server on the restored database");
    let addr = restored.local_addr();
    tokio::spawn(restored.run_until_stopped());
    let r = app
        .client
        .get(format!("http://{addr}/api/v1/ikm?unit=samsat-kota"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let page = app
        .client
        .get(format!("http://{addr}/ikm"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
}

/// Parses Prometheus' text format with the reference client's parser (prometheus-client from
/// PyPI): the families it read, as `name kind samples` lines.
fn parse_with_reference(text: &str) -> String {
    use std::io::Write;
    let python =
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../.tools/venv/bin/python");
    let mut child = std::process::Command::new(python)
        .args([
            "-c",
            "import sys\nfrom prometheus_client.parser import text_string_to_metric_families as f\n\
             for m in f(sys.stdin.read()):\n    print(m.name, m.type, len(m.samples))",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the Python environment of scripts/setup.sh --test");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "the reference parser refused it: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

async fn metrics_are_for_the_token_holder_by_route_and_parse_as_prometheus_text(app: TestApp) {
    let url = app.url("/metrics");
    let r = app.client.get(&url).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let r = app
        .client
        .get(&url)
        .bearer_auth("not-the-token")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);

    assert_eq!(post_survey(&app, 4).await, StatusCode::CREATED);
    assert_eq!(
        app.client
            .get(app.url("/s/skj-pkb"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    let today = (chrono::Utc::now() + chrono::Duration::hours(7)).date_naive();
    assert!(app::jobs::claim(&app.db, "digest", today).await.unwrap());

    let r = app
        .client
        .get(&url)
        .bearer_auth("metrik-rahasia-123")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain; version=0.0.4")
    );
    let text = r.text().await.unwrap();
    for line in [
        "suara_submissions_stored_total{kind=\"survey\"} 1",
        "suara_http_requests_total{method=\"POST\",route=\"/api/v1/surveys\",status=\"2xx\"} 1",
        "suara_http_request_duration_seconds_count{method=\"GET\",route=\"/s/{code}\"} 1",
        "suara_outbox_backlog 0",
        "suara_outbox_oldest_unsent_age_seconds 0",
    ] {
        assert!(text.contains(line), "{line} in\n{text}");
    }
    assert!(
        text.contains("suara_job_last_run_timestamp_seconds{name=\"digest\"}"),
        "{text}"
    );
    assert!(text.contains("suara_db_pool_connections "), "{text}");
    assert!(
        !text.contains("skj-pkb"),
        "routes by pattern, never a concrete path"
    );
    let families = parse_with_reference(&text);
    for f in [
        "suara_http_requests counter",
        "suara_http_request_duration_seconds histogram",
        "suara_submissions_stored counter",
        "suara_outbox_backlog gauge",
        "suara_job_last_run_timestamp_seconds gauge",
        "suara_db_pool_idle_connections gauge",
    ] {
        assert!(families.contains(f), "{f} in\n{families}");
    }
}

on_both_backends_with!(&[("SUARA_METRICS_TOKEN", "metrik-rahasia-123")];
    a_backup_taken_while_surveys_arrive_restores_to_a_portal_that_serves,
    metrics_are_for_the_token_holder_by_route_and_parse_as_prometheus_text);

#[tokio::test]
async fn without_a_metrics_token_there_is_no_metrics_page() {
    let app = suara_tests::spawn_app(Backend::Sqlite).await.unwrap();
    let r = app
        .client
        .get(app.url("/metrics"))
        .bearer_auth("")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}

/// `SUARA_TODAY` moves the server's clock by whole days: a report filed now is filed on
/// that day, its deadline counts from it, and the public pages read that day's quarter.
async fn a_test_clock_moves_every_date_the_server_writes_and_reads(app: TestApp) {
    let r = app
        .client
        .post(app.url("/api/v1/complaints"))
        .json(
            &json!({"unit_code": "samsat-kota", "service_code": "skj-pkb", "category": "pungli",
            "mode": "anonim", "what": "Petugas loket meminta uang tambahan di luar tarif resmi."}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let code = r.json::<serde_json::Value>().await.unwrap()["tracking_code"]
        .as_str()
        .unwrap()
        .to_string();
    let public = app.public_json(&code).await;
    let filed = chrono::DateTime::parse_from_rfc3339(public["created_at"].as_str().unwrap())
        .unwrap()
        .with_timezone(&chrono::Utc);
    let day = chrono::NaiveDate::from_ymd_opt(2027, 3, 15).unwrap();
    assert_eq!(app::clock::wib_day(filed), day, "{public}");
    // Three working days to verify, counted from Monday 15 March 2027.
    assert_eq!(public["next_due"], "2027-03-18", "{public}");
    let stats = app.get_text("/statistik", None).await;
    assert!(stats.contains("<option value=\"2027-Q1\" selected"));
}

mod test_clock {
    use super::*;
    on_both_backends_with!(&[("SUARA_TODAY", "2027-03-15")];
        a_test_clock_moves_every_date_the_server_writes_and_reads);
}
