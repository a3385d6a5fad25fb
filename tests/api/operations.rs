//! What an operator does: `server backup PATH` while surveys keep arriving, and a restore
//! that serves again, on SQLite (an online file copy) and on PostgreSQL (pg_dump and
//! pg_restore).

use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use serde_json::json;
use suara_tests::{Backend, TestApp, on_both_backends};

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
    settings.database_url = restored_url;
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

on_both_backends!(a_backup_taken_while_surveys_arrive_restores_to_a_portal_that_serves);
