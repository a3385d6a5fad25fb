//! The baseline of `scripts/bench.sh`: a bare axum handler that reads a survey's JSON and
//! inserts one row per request, in its own (autocommit) transaction, with nothing else
//! (no validation beyond the nine scores, no sums, no middleware). Suara's survey POST is
//! measured against it in the same run.
//!
//! `DATABASE_URL` (SQLite with the same pragmas as the server, or PostgreSQL), `BIND`
//! (default 127.0.0.1:3998) and `POOL` (connections; default 10 as the server's).

use axum::{Json, Router, body::Bytes, extract::State, http::StatusCode, routing::post};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, Statement,
};
use serde_json::{Value, json};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let url = std::env::var("DATABASE_URL")?;
    let bind = std::env::var("BIND").unwrap_or_else(|_| "127.0.0.1:3998".into());
    let pool: u32 = std::env::var("POOL").map_or(Ok(10), |p| p.parse())?;
    let mut opts = ConnectOptions::new(url);
    opts.max_connections(pool)
        .sqlx_logging(false)
        .map_sqlx_sqlite_opts(|o| {
            o.journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                .synchronous(sea_orm::sqlx::sqlite::SqliteSynchronous::Full)
                .busy_timeout(std::time::Duration::from_secs(10))
                .create_if_missing(true)
        });
    let db = Database::connect(opts).await?;
    let id = match db.get_database_backend() {
        DbBackend::Postgres => "BIGSERIAL PRIMARY KEY",
        _ => "INTEGER PRIMARY KEY AUTOINCREMENT",
    };
    let scores = (1..=9)
        .map(|i| format!("u{i} SMALLINT NOT NULL"))
        .collect::<Vec<_>>();
    db.execute_unprepared(&format!(
        "CREATE TABLE IF NOT EXISTS bare_response (id {id}, service_code TEXT NOT NULL, {}, \
         received_at TEXT NOT NULL)",
        scores.join(", ")
    ))
    .await?;
    let app = Router::new()
        .route("/api/v1/surveys", post(create))
        .with_state(db);
    let listener = tokio::net::TcpListener::bind(&bind).await?;
    axum::serve(listener, app).await?;
    Ok(())
}

/// Parses the body and inserts one row; 201 with its id, 422 for a body without nine scores.
async fn create(
    State(db): State<DatabaseConnection>,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), StatusCode> {
    let v: Value = serde_json::from_slice(&body).map_err(|_| StatusCode::UNPROCESSABLE_ENTITY)?;
    let code = v["service_code"]
        .as_str()
        .ok_or(StatusCode::UNPROCESSABLE_ENTITY)?
        .to_string();
    let mut values: Vec<sea_orm::Value> = vec![code.into()];
    for i in 1..=9 {
        let s = v["answers"][format!("U{i}")]
            .as_i64()
            .filter(|s| (1..=4).contains(s))
            .ok_or(StatusCode::UNPROCESSABLE_ENTITY)?;
        values.push((s as i16).into());
    }
    values.push(chrono::Utc::now().to_rfc3339().into());
    let backend = db.get_database_backend();
    let marks: Vec<String> = (1..=values.len())
        .map(|i| match backend {
            DbBackend::Postgres => format!("${i}"),
            _ => "?".to_string(),
        })
        .collect();
    let sql = format!(
        "INSERT INTO bare_response (service_code, u1, u2, u3, u4, u5, u6, u7, u8, u9, \
         received_at) VALUES ({}) RETURNING id",
        marks.join(", ")
    );
    let row = db
        .query_one_raw(Statement::from_sql_and_values(backend, sql, values))
        .await
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?
        .ok_or(StatusCode::INTERNAL_SERVER_ERROR)?;
    let id: i64 = row
        .try_get("", "id")
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?;
    Ok((StatusCode::CREATED, Json(json!({ "id": id }))))
}
