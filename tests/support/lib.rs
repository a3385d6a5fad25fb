//! Test harness: the real server on 127.0.0.1:0 over a fresh SQLite file, or a fresh
//! PostgreSQL database when `TEST_DATABASE_URL` is set, migrated by the real migrator.

pub mod s3;
pub mod smtp;

use app::config::Settings;
use app::state::AppState;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;

/// The master key of every test server (32 bytes, base64).
pub const TEST_SECRET_KEY: &str = "c3VhcmEtdGVzdC1rZXktMzItYnl0ZXMtbG9uZyEhISE";
/// The Open311 key every test server accepts.
pub const OPEN311_KEY: &str = "test-open311-key";

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
    pub backend: Backend,
    /// The server's state, for tests that drive the domain directly.
    pub state: AppState,
    /// The test's folder: `suara.db` (SQLite), `evidence/`, `mail/`.
    pub dir: PathBuf,
    /// The database the server runs on.
    pub database_url: String,
    _dir: tempfile::TempDir,
}

/// A signed-in staff member: the session's cookie pair and its CSRF token.
pub struct Session {
    pub cookie: String,
    pub csrf: String,
}

/// Signs `email` in through the JSON API of the server at `base`: its session.
pub async fn sign_in(client: &reqwest::Client, base: &str, email: &str, password: &str) -> Session {
    let r = client
        .post(format!("{base}/api/v1/auth/login"))
        .json(&serde_json::json!({"email": email, "password": password}))
        .send()
        .await
        .expect("sign-in request");
    assert_eq!(r.status(), reqwest::StatusCode::OK, "{email} signs in");
    let cookie = r.headers()["set-cookie"]
        .to_str()
        .expect("a cookie")
        .split(';')
        .next()
        .unwrap_or_default()
        .to_string();
    let me: serde_json::Value = r.json().await.expect("the signed-in account");
    Session {
        cookie,
        csrf: me["csrf_token"].as_str().unwrap_or_default().to_string(),
    }
}

/// The header of the survey import's CSV (`POST /api/v1/import/surveys`).
pub const SURVEY_CSV_HEADER: &str =
    "date,service_code,U1,U2,U3,U4,U5,U6,U7,U8,U9,gender,age,education,occupation,suggestion\n";

/// Undoes the migrations from the last one back to `name` included, so that a test can
/// stand where the schema was before `name`, however many migrations came after it.
pub async fn migrate_down_through(db: &sea_orm::DatabaseConnection, name: &str) {
    use migration::MigratorTrait;
    let all = migration::Migrator::migrations();
    let at = all
        .iter()
        .position(|m| m.name() == name)
        .unwrap_or_else(|| panic!("no migration {name}"));
    migration::Migrator::down(db, Some((all.len() - at) as u32))
        .await
        .expect("the migrations go down");
}

/// The password of every account the tests create.
pub const PASSWORD: &str = "kopi jambi pagi hari";

impl TestApp {
    /// Creates a staff account (`role`, assigned to `units`; its name is its email) and signs
    /// it in through the JSON API.
    pub async fn signed_in(&self, email: &str, role: &str, units: &[&str]) -> Session {
        let mut args = vec![
            "user", "add", "--email", email, "--name", email, "--role", role,
        ];
        for u in units {
            args.extend(["--unit", u]);
        }
        let args: Vec<String> = args.into_iter().map(str::to_string).collect();
        let cmd = server::cli::parse(&args).expect("a valid user add command");
        server::cli::add_user(&self.db, &cmd, PASSWORD)
            .await
            .expect("the account is created");
        sign_in(&self.client, &self.url(""), email, PASSWORD).await
    }

    /// Imports survey responses (CSV lines without the header) as `admin`, which must succeed.
    pub async fn import_surveys(&self, admin: &Session, lines: &str) {
        let r = self
            .client
            .post(self.url("/api/v1/import/surveys"))
            .header("content-type", "text/csv")
            .header("cookie", &admin.cookie)
            .header("x-csrf-token", &admin.csrf)
            .body(format!("{SURVEY_CSV_HEADER}{lines}"))
            .send()
            .await
            .expect("request");
        let status = r.status();
        assert_eq!(status, 200, "{}", r.text().await.unwrap_or_default());
    }

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

    /// Waits (up to `secs`) until `check` holds, polling every 100 ms.
    pub async fn eventually<F, Fut>(&self, secs: u64, mut check: F) -> bool
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = bool>,
    {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
        while std::time::Instant::now() < deadline {
            if check().await {
                return true;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        false
    }

    /// Every message the development mail transport wrote (`mail/*.eml`), readable.
    pub fn mails(&self) -> Vec<String> {
        std::fs::read_dir(self.dir.join("mail"))
            .map(|d| {
                d.flatten()
                    .filter_map(|e| std::fs::read_to_string(e.path()).ok())
                    .map(|m| smtp::readable(&m))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Waits (up to 10 s) for a written mail holding a link that contains `part`; the link.
    pub async fn mail_link(&self, part: &str) -> Option<String> {
        let find = || {
            self.mails().iter().find_map(|m| {
                let at = m.find(part)?;
                let start = m[..at].rfind(char::is_whitespace).map_or(0, |i| i + 1);
                Some(m[start..].split_whitespace().next()?.to_string())
            })
        };
        for _ in 0..100 {
            if let Some(l) = find() {
                return Some(l);
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        None
    }

    /// Every value stored in a table, as text (rows joined), to look for leaked plain text.
    pub async fn table_text(&self, table: &str) -> String {
        let sql = match self.backend {
            Backend::Postgres => format!("SELECT row_to_json(t)::text AS j FROM {table} t"),
            Backend::Sqlite => {
                let cols = self
                    .db
                    .query_all_raw(sea_orm::Statement::from_string(
                        self.db.get_database_backend(),
                        format!("SELECT name FROM pragma_table_info('{table}')"),
                    ))
                    .await
                    .expect("columns");
                let cols: Vec<String> = cols
                    .iter()
                    .map(|r| {
                        format!(
                            "COALESCE(CAST({} AS TEXT), '')",
                            r.try_get::<String>("", "name").expect("name")
                        )
                    })
                    .collect();
                format!("SELECT {} AS j FROM {table}", cols.join(" || '|' || "))
            }
        };
        let rows = self
            .db
            .query_all_raw(sea_orm::Statement::from_string(
                self.db.get_database_backend(),
                sql,
            ))
            .await
            .expect("table dump");
        rows.iter()
            .map(|r| r.try_get::<String>("", "j").unwrap_or_default())
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The case as staff member `s` sees it (`GET /api/v1/triage/complaints/{code}`).
    pub async fn case_json(&self, s: &Session, code: &str) -> serde_json::Value {
        self.client
            .get(self.url(&format!("/api/v1/triage/complaints/{code}")))
            .header("cookie", &s.cookie)
            .send()
            .await
            .expect("case request")
            .json()
            .await
            .expect("case JSON")
    }

    /// The report as the public sees it (`GET /api/v1/complaints/{code}`).
    pub async fn public_json(&self, code: &str) -> serde_json::Value {
        self.client
            .get(self.url(&format!("/api/v1/complaints/{code}")))
            .send()
            .await
            .expect("public request")
            .json()
            .await
            .expect("public JSON")
    }

    /// The case's row in the queue of staff member `s`.
    pub async fn queue_item(&self, s: &Session, code: &str) -> serde_json::Value {
        let q: serde_json::Value = self
            .client
            .get(self.url("/api/v1/triage/complaints"))
            .header("cookie", &s.cookie)
            .send()
            .await
            .expect("queue request")
            .json()
            .await
            .expect("queue JSON");
        q["items"]
            .as_array()
            .expect("queue items")
            .iter()
            .find(|i| i["tracking_code"] == code)
            .cloned()
            .expect("the case is in the queue")
    }

    /// Waits (up to 15 s) for a written mail to `to` whose text holds `part`; the mail.
    pub async fn mail_to(&self, to: &str, part: &str) -> String {
        let has = |m: &String| m.contains(&format!("To: {to}")) && m.contains(part);
        let found = self
            .eventually(15, || async { self.mails().iter().any(has) })
            .await;
        assert!(found, "no mail to {to} with {part:?}");
        self.mails().into_iter().find(has).expect("the mail")
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
pub async fn fresh_postgres() -> Option<String> {
    let base = std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|s| !s.is_empty())?;
    let admin = Database::connect(&base)
        .await
        .expect("TEST_DATABASE_URL reachable");
    drop_databases_of_finished_runs(&admin).await;
    let name = format!(
        "suara_test_{}_{:012x}",
        std::process::id(),
        rand_u64() >> 16
    );
    admin
        .execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await
        .expect("create test database");
    admin.close().await.ok();
    let (prefix, _) = base.rsplit_once('/').expect("database URL with a path");
    Some(format!("{prefix}/{name}"))
}

/// Drops the test databases of test processes that are no longer running (their names
/// carry the process id), once per process, so runs do not pile databases up.
async fn drop_databases_of_finished_runs(admin: &DatabaseConnection) {
    static DONE: tokio::sync::OnceCell<()> = tokio::sync::OnceCell::const_new();
    DONE.get_or_init(|| async {
        let Ok(rows) = admin
            .query_all_raw(sea_orm::Statement::from_string(
                admin.get_database_backend(),
                "SELECT datname FROM pg_database WHERE datname LIKE 'suara_test_%'",
            ))
            .await
        else {
            return;
        };
        for row in rows {
            let Ok(name) = row.try_get::<String>("", "datname") else {
                continue;
            };
            let pid = name.split('_').nth(2).and_then(|p| p.parse::<u32>().ok());
            let alive = pid.is_some_and(|p| std::path::Path::new(&format!("/proc/{p}")).exists());
            if !alive {
                let _ = admin
                    .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .await;
            }
        }
    })
    .await;
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
    Some(start_on(backend, database_url, dir, extra).await)
}

impl TestApp {
    /// Starts another server on this one's database and folder with `extra` settings, as
    /// after a restart (`("SUARA_TODAY", "2027-08-10")`: months later). This server keeps
    /// running but is no longer used.
    pub async fn restart_with(self, extra: &[(&str, &str)]) -> TestApp {
        start_on(self.backend, self.database_url, self._dir, extra).await
    }
}

async fn start_on(
    backend: Backend,
    database_url: String,
    dir: tempfile::TempDir,
    extra: &[(&str, &str)],
) -> TestApp {
    let mut env: HashMap<String, String> = [
        ("DATABASE_URL", database_url.as_str()),
        ("LEPTOS_SITE_ADDR", "127.0.0.1:0"),
        ("SUARA_DEMO_DATA", "units"),
        ("SUARA_PUBLIC_URL", "https://suara.example.go.id"),
        ("SUARA_RATE_SURVEY_BURST", "10000"),
        ("SUARA_RATE_SURVEY_PER_MINUTE", "10000"),
        ("SUARA_DB_MAX_CONNECTIONS", "5"),
        // Province-wide figures added up for every reader, so a test reads what it just
        // wrote (`province::...` tests keep them, as production does).
        ("SUARA_FIGURES_MAX_AGE_SECS", "0"),
        ("SUARA_SECRET_KEY", TEST_SECRET_KEY),
        ("SUARA_RATE_COMPLAINT_BURST", "10000"),
        ("SUARA_RATE_COMPLAINT_PER_MINUTE", "10000"),
        ("SUARA_RATE_LOOKUP_BURST", "10000"),
        ("SUARA_RATE_LOOKUP_PER_MINUTE", "10000"),
        ("SUARA_MIN_FILL_SECS", "0"),
        ("SUARA_MAIL_RETRY_BASE_SECS", "1"),
        ("SUARA_MAIL_POLL_SECS", "1"),
        ("OPEN311_API_KEYS", OPEN311_KEY),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    env.insert("LEPTOS_SITE_ROOT".into(), site_root());
    env.insert(
        "SUARA_STORAGE_URL".into(),
        dir.path().join("evidence").display().to_string(),
    );
    env.insert(
        "SUARA_MAIL_DIR".into(),
        dir.path().join("mail").display().to_string(),
    );
    for (k, v) in extra {
        env.insert(k.to_string(), v.to_string());
    }
    let settings = Settings::from_lookup(|k| env.get(k).cloned()).expect("test settings");
    let app = server::Application::build(settings)
        .await
        .expect("server builds");
    let addr = app.local_addr();
    let state = app.state().clone();
    let db = state.db.clone();
    tokio::spawn(app.run_until_stopped());
    // Bounded, so a stuck request fails its test instead of stalling the run.
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(std::time::Duration::from_secs(60))
        .build()
        .expect("client");
    TestApp {
        addr,
        client,
        db,
        backend,
        state,
        dir: dir.path().to_path_buf(),
        database_url,
        _dir: dir,
    }
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

/// Like [`on_both_backends!`], with extra settings for every server:
/// `on_both_backends_with!(&[("SUARA_MIN_FILL_SECS", "30")]; name, ...)`.
#[macro_export]
macro_rules! on_both_backends_with {
    ($settings:expr; $($name:ident),+ $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let app = suara_tests::spawn_app_with(suara_tests::Backend::Sqlite, $settings).await.expect("sqlite app");
                    super::$name(app).await;
                }
            )+
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    match suara_tests::spawn_app_with(suara_tests::Backend::Postgres, $settings).await {
                        Some(app) => super::$name(app).await,
                        None => eprintln!("TEST_DATABASE_URL unset: PostgreSQL variant not run"),
                    }
                }
            )+
        }
    };
}
