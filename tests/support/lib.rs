//! Test harness: the real server on 127.0.0.1:0 over a fresh SQLite file, or a fresh
//! PostgreSQL database when `TEST_DATABASE_URL` is set, migrated by the real migrator.

use app::config::Settings;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use std::collections::HashMap;
use std::net::SocketAddr;

/// Which database a test runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A running server and what a test needs to talk to it.
pub struct TestApp {
    pub addr: SocketAddr,
    pub client: reqwest::Client,
    pub db: DatabaseConnection,
    _dir: tempfile::TempDir,
}

impl TestApp {
    /// Absolute URL of a path on the server.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// The body of a GET as text (with an optional `Cookie` header).
    pub async fn get_text(&self, path: &str, cookie: Option<&str>) -> String {
        let mut req = self.client.get(self.url(path));
        if let Some(c) = cookie {
            req = req.header("cookie", c);
        }
        req.send()
            .await
            .expect("request")
            .text()
            .await
            .expect("body")
    }

    /// Number of rows in a table.
    pub async fn count(&self, table: &str) -> i64 {
        let row = self
            .db
            .query_one_raw(sea_orm::Statement::from_string(
                self.db.get_database_backend(),
                format!("SELECT COUNT(*) AS n FROM {table}"),
            ))
            .await
            .expect("count query")
            .expect("one row");
        row.try_get::<i64>("", "n").expect("count value")
    }
}

/// The folder the browser assets are built into (`scripts/build-site.sh`).
pub fn site_root() -> String {
    format!("{}/../target/site", env!("CARGO_MANIFEST_DIR"))
}

/// A fresh PostgreSQL database on the server of `TEST_DATABASE_URL`, or `None` when unset.
async fn fresh_postgres() -> Option<String> {
    let base = std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|s| !s.is_empty())?;
    let admin = Database::connect(&base)
        .await
        .expect("TEST_DATABASE_URL reachable");
    let name = format!("suara_test_{:016x}", rand_u64());
    admin
        .execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await
        .expect("create test database");
    admin.close().await.ok();
    let (prefix, _) = base.rsplit_once('/').expect("database URL with a path");
    Some(format!("{prefix}/{name}"))
}

fn rand_u64() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default()
            .as_nanos(),
    );
    h.finish()
}

/// Starts the server on the backend with the reference units loaded and generous rate
/// limits; `None` when the backend is PostgreSQL and no test server was given.
pub async fn spawn_app(backend: Backend) -> Option<TestApp> {
    spawn_app_with(backend, &[]).await
}

/// Like [`spawn_app`], with extra settings (`("SUARA_RATE_SURVEY_BURST", "2")`, ...).
pub async fn spawn_app_with(backend: Backend, extra: &[(&str, &str)]) -> Option<TestApp> {
    let dir = tempfile::tempdir().expect("temp dir");
    let database_url = match backend {
        Backend::Sqlite => format!("sqlite://{}/suara.db?mode=rwc", dir.path().display()),
        Backend::Postgres => fresh_postgres().await?,
    };
    let mut env: HashMap<String, String> = [
        ("DATABASE_URL", database_url.as_str()),
        ("LEPTOS_SITE_ADDR", "127.0.0.1:0"),
        ("SUARA_DEMO_DATA", "units"),
        ("SUARA_PUBLIC_URL", "https://suara.example.go.id"),
        ("SUARA_RATE_SURVEY_BURST", "10000"),
        ("SUARA_RATE_SURVEY_PER_MINUTE", "10000"),
        ("SUARA_DB_MAX_CONNECTIONS", "5"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    env.insert("LEPTOS_SITE_ROOT".into(), site_root());
    for (k, v) in extra {
        env.insert(k.to_string(), v.to_string());
    }
    let settings = Settings::from_lookup(|k| env.get(k).cloned()).expect("test settings");
    let app = server::Application::build(settings)
        .await
        .expect("server builds");
    let addr = app.local_addr();
    let db = app.state().db.clone();
    tokio::spawn(app.run_until_stopped());
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    Some(TestApp {
        addr,
        client,
        db,
        _dir: dir,
    })
}

/// Generates one test per backend for each scenario `async fn name(app: TestApp)`; the
/// PostgreSQL variant passes without running when `TEST_DATABASE_URL` is unset (CI sets it).
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),+ $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let app = suara_tests::spawn_app(suara_tests::Backend::Sqlite).await.expect("sqlite app");
                    super::$name(app).await;
                }
            )+
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    match suara_tests::spawn_app(suara_tests::Backend::Postgres).await {
                        Some(app) => super::$name(app).await,
                        None => eprintln!("TEST_DATABASE_URL unset: PostgreSQL variant not run"),
                    }
                }
            )+
        }
    };
}
