//! `server doctor`: checks what a running portal depends on, with the settings the server
//! would start with, and says in words what is wrong. It changes nothing: no migration is
//! run, no database file is created, no mail is sent (the relay is greeted and left), and
//! the storage check writes one probe file and removes it.
//!
//! Error texts never carry the database URL's password. Checks: the settings; the database
//! connection; its migrations against this binary's;
//! PostgreSQL's `synchronous_commit`; the clock against the database's; the mail relay; the
//! evidence storage; the secret key (present, random, not the development key file in
//! production). Exit status 1 when any check fails.

use app::config::{Environment, Settings};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, Statement};
use std::time::Duration;

/// How far the machine's clock may be from the database's before deadlines and sessions
/// read wrong.
const MAX_SKEW_SECS: f64 = 2.0;

/// One check's outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Ok,
    /// Works, but an operator should know (pending migrations before the first start).
    Note,
    Fail,
}

/// A line of the report.
#[derive(Debug, Clone)]
pub struct Check {
    pub verdict: Verdict,
    pub what: &'static str,
    pub says: String,
}

impl Check {
    fn ok(what: &'static str, says: impl Into<String>) -> Check {
        Check {
            verdict: Verdict::Ok,
            what,
            says: says.into(),
        }
    }
    fn note(what: &'static str, says: impl Into<String>) -> Check {
        Check {
            verdict: Verdict::Note,
            what,
            says: says.into(),
        }
    }
    fn fail(what: &'static str, says: impl Into<String>) -> Check {
        Check {
            verdict: Verdict::Fail,
            what,
            says: says.into(),
        }
    }

    /// The line as printed: `ok`, `note` or `FAIL`, the check, what it found.
    pub fn line(&self) -> String {
        let mark = match self.verdict {
            Verdict::Ok => "ok  ",
            Verdict::Note => "note",
            Verdict::Fail => "FAIL",
        };
        format!("{mark}  {:<11} {}", self.what, self.says)
    }
}

/// Every check, in order; settings that do not read give one failing line.
pub async fn run(settings: Result<Settings, app::config::SettingsError>) -> Vec<Check> {
    let settings = match settings {
        Ok(s) => s,
        Err(e) => {
            return vec![Check::fail(
                "settings",
                format!("{}: {} (every setting is in .env.example)", e.var, e.why),
            )];
        }
    };
    let mut out = vec![settings_check(&settings)];
    match database(&settings).await {
        Ok(db) => {
            out.push(Check::ok("database", describe_database(&settings)));
            out.push(migrations(&db).await);
            if let Some(c) = durability(&db).await {
                out.push(c);
            }
            out.push(clock(&db).await);
            db.close().await.ok();
        }
        Err(e) => out.push(Check::fail("database", e)),
    }
    out.push(mail(&settings).await);
    out.push(storage(&settings).await);
    out.push(secret_key(&settings));
    out
}

fn settings_check(s: &Settings) -> Check {
    let env = match s.environment {
        Environment::Production => "production",
        Environment::Development => "development",
    };
    if s.environment == Environment::Production && !s.public_base_url.starts_with("https://") {
        return Check::fail(
            "settings",
            format!(
                "production with SUARA_PUBLIC_URL {}: citizens' links and the session cookie need https://",
                s.public_base_url
            ),
        );
    }
    if s.environment == Environment::Production && s.demo_data == app::config::DemoData::Full {
        return Check::fail(
            "settings",
            "production with SUARA_DEMO_DATA=1: invented responses and demo accounts would be loaded (units loads the units alone)",
        );
    }
    Check::ok(
        "settings",
        format!("{env}, public address {}", s.public_base_url),
    )
}

fn describe_database(s: &Settings) -> String {
    let url = s.database_url.expose();
    if url.starts_with("sqlite:") {
        format!("SQLite file {}", sqlite_file(url).unwrap_or_default())
    } else {
        // Host and database only: never the user, the password or the options.
        let tail = url.rsplit('@').next().unwrap_or_default();
        let tail = tail.split('?').next().unwrap_or_default();
        format!("PostgreSQL at {tail}")
    }
}

fn sqlite_file(url: &str) -> Option<&str> {
    url.strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .map(|p| p.split('?').next().unwrap_or_default())
}

/// Connects without creating or migrating anything, within 5 seconds.
async fn database(s: &Settings) -> Result<DatabaseConnection, String> {
    let url = s.database_url.expose();
    let url = if let Some(file) = sqlite_file(url) {
        if !std::path::Path::new(file).exists() {
            return Err(format!(
                "no SQLite file at {file} (the server creates it at its first start)"
            ));
        }
        format!("sqlite://{file}?mode=ro")
    } else {
        url.to_string()
    };
    let mut opts = ConnectOptions::new(url);
    opts.max_connections(1)
        .connect_timeout(Duration::from_secs(5))
        .acquire_timeout(Duration::from_secs(5))
        .sqlx_logging(false);
    let db = tokio::time::timeout(Duration::from_secs(6), Database::connect(opts))
        .await
        .map_err(|_| "no answer within 5 seconds".to_string())?
        .map_err(|e| format!("cannot connect: {}", scrub(first_line(&e.to_string()), s)))?;
    within(db.execute_unprepared("SELECT 1"))
        .await
        .map_err(|e| format!("connected, but a query failed: {}", scrub(&e, s)))?;
    Ok(db)
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or_default()
}

/// A query's result within 5 seconds, its error in one line.
async fn within<T, E: std::fmt::Display>(
    f: impl std::future::Future<Output = Result<T, E>>,
) -> Result<T, String> {
    match tokio::time::timeout(Duration::from_secs(5), f).await {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(first_line(&e.to_string()).to_string()),
        Err(_) => Err("no answer within 5 seconds".into()),
    }
}

/// An error text without the database URL or any password written in a URL.
fn scrub(text: &str, s: &Settings) -> String {
    let mut out = text.replace(s.database_url.expose(), "DATABASE_URL");
    let mut from = 0;
    while let Some(at) = out[from..].find("://").map(|i| i + from + 3) {
        let Some(end) = out[at..].find('@').map(|i| i + at) else {
            break;
        };
        if let Some(colon) = out[at..end].find(':').map(|i| i + at) {
            out.replace_range(colon + 1..end, "***");
        }
        from = at;
    }
    out
}

/// The migrations this binary knows against those the database has applied.
async fn migrations(db: &DatabaseConnection) -> Check {
    let known = crate::migrations::known();
    let applied = match within(crate::migrations::applied(db)).await {
        Ok(Some(applied)) => applied,
        Ok(None) => {
            return Check::note(
                "migrations",
                format!(
                    "an empty database: the server applies all {} migrations at its first start",
                    known.len()
                ),
            );
        }
        Err(e) => return Check::fail("migrations", format!("could not read them: {e}")),
    };
    let unknown: Vec<&String> = applied.iter().filter(|v| !known.contains(v)).collect();
    let pending: Vec<&String> = known.iter().filter(|v| !applied.contains(v)).collect();
    if !unknown.is_empty() {
        return Check::fail(
            "migrations",
            format!(
                "the database has {} migrations this binary does not know ({}): it is older than the database; run the newer release (during a rolling deploy, only until every instance is replaced)",
                unknown.len(),
                unknown
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        );
    }
    if !pending.is_empty() {
        return Check::note(
            "migrations",
            format!(
                "{} of {} applied; the server applies the {} pending ones at its start ({})",
                applied.len(),
                known.len(),
                pending.len(),
                pending
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        );
    }
    Check::ok(
        "migrations",
        format!("all {} applied, as this binary expects", known.len()),
    )
}

/// PostgreSQL: an acknowledged commit must be on disk (`synchronous_commit` not `off`).
async fn durability(db: &DatabaseConnection) -> Option<Check> {
    if db.get_database_backend() != sea_orm::DatabaseBackend::Postgres {
        return None;
    }
    let value = within(db.query_one_raw(Statement::from_string(
        sea_orm::DatabaseBackend::Postgres,
        "SELECT current_setting('synchronous_commit') AS v",
    )))
    .await
    .ok()
    .flatten()
    .and_then(|r| r.try_get::<String>("", "v").ok())
    .unwrap_or_default();
    Some(if value == "off" {
        Check::fail(
            "durability",
            "PostgreSQL's synchronous_commit is off: a crash could lose reports already acknowledged to citizens; set it on",
        )
    } else {
        Check::ok("durability", format!("synchronous_commit = {value}"))
    })
}

/// This machine's clock against the database's.
async fn clock(db: &DatabaseConnection) -> Check {
    if db.get_database_backend() != sea_orm::DatabaseBackend::Postgres {
        return Check::ok(
            "clock",
            format!(
                "SQLite reads this machine's clock; now {}",
                app::clock::fmt_wib(chrono::Utc::now())
            ),
        );
    }
    let before = chrono::Utc::now();
    let theirs = within(db.query_one_raw(Statement::from_string(
        sea_orm::DatabaseBackend::Postgres,
        "SELECT CAST(EXTRACT(EPOCH FROM clock_timestamp()) AS DOUBLE PRECISION) AS t",
    )))
    .await
    .ok()
    .flatten()
    .and_then(|r| r.try_get::<f64>("", "t").ok());
    let after = chrono::Utc::now();
    let Some(theirs) = theirs else {
        return Check::fail("clock", "the database did not say its time");
    };
    let ours = (before.timestamp_micros() + after.timestamp_micros()) as f64 / 2e6;
    let skew = ours - theirs;
    if skew.abs() > MAX_SKEW_SECS {
        Check::fail(
            "clock",
            format!(
                "this machine's clock is {:.1} s {} the database's: deadlines, sessions and the audit chain's times would disagree between instances; synchronise both (chrony, systemd-timesyncd)",
                skew.abs(),
                if skew > 0.0 { "ahead of" } else { "behind" }
            ),
        )
    } else {
        Check::ok("clock", format!("{:.3} s from the database's", skew.abs()))
    }
}

async fn mail(s: &Settings) -> Check {
    let mailer = match &s.mail.smtp_url {
        Some(url) => app::mail::transport::Mailer::smtp(url.expose(), &s.mail.from),
        None => app::mail::transport::Mailer::files(&s.mail.dir, &s.mail.from),
    };
    let mailer = match mailer {
        Ok(m) => m,
        Err(e) => return Check::fail("mail", e),
    };
    match tokio::time::timeout(Duration::from_secs(20), mailer.check()).await {
        Ok(Ok(says)) => Check::ok("mail", says),
        Ok(Err(e)) => Check::fail("mail", format!("{e}; mail waits in the outbox meanwhile")),
        Err(_) => Check::fail("mail", "the SMTP server did not answer within 20 seconds"),
    }
}

/// Writes, reads back and removes a probe in the evidence storage.
async fn storage(s: &Settings) -> Check {
    let keys = app::crypto::Keys::derive(
        &s.secret_key
            .clone()
            .unwrap_or_else(app::crypto::SecretKey::generate),
    );
    let store = match app::storage::EvidenceStore::open(&s.storage_url, &s.s3, keys) {
        Ok(st) => st,
        Err(e) => return Check::fail("storage", format!("{}: {e}", s.storage_url)),
    };
    let key = format!(".doctor-probe-{}", uuid_like());
    let probe = bytes::Bytes::from_static(b"suara doctor probe");
    let result = async {
        store.put(&key, probe.clone()).await?;
        let back = store.get(&key).await?;
        store.delete(&key).await?;
        Ok::<bool, app::storage::StorageError>(back == probe)
    };
    let outcome = tokio::time::timeout(Duration::from_secs(20), result).await;
    if !matches!(outcome, Ok(Ok(_))) {
        // Whatever failed, no probe stays behind.
        let _ = tokio::time::timeout(Duration::from_secs(5), store.delete(&key)).await;
    }
    match outcome {
        Ok(Ok(true)) => Check::ok(
            "storage",
            format!("{}: a file written, read back and removed", s.storage_url),
        ),
        Ok(Ok(false)) => Check::fail("storage", "a file read back differs from what was written"),
        Ok(Err(e)) => Check::fail(
            "storage",
            format!("{}: {e}; evidence uploads would be refused", s.storage_url),
        ),
        Err(_) => Check::fail("storage", "no answer within 20 seconds"),
    }
}

fn uuid_like() -> String {
    format!("{:016x}", rand::random::<u64>())
}

/// The development key file beside the server (`data/secret.key`), if there is one.
const DEVELOPMENT_KEY_FILE: &str = "data/secret.key";

fn secret_key(s: &Settings) -> Check {
    let production = s.environment == Environment::Production;
    let Some(key) = &s.secret_key else {
        return if production {
            Check::fail("secret key", "SUARA_SECRET_KEY is not set")
        } else {
            Check::ok(
                "secret key",
                format!("development: the generated key file {DEVELOPMENT_KEY_FILE}"),
            )
        };
    };
    if !production {
        return Check::ok("secret key", "SUARA_SECRET_KEY is set");
    }
    let development = std::fs::read_to_string(DEVELOPMENT_KEY_FILE)
        .ok()
        .and_then(|t| app::crypto::SecretKey::parse(&t).ok());
    if development.is_some_and(|d| d.same_as(key)) {
        return Check::fail(
            "secret key",
            format!(
                "SUARA_SECRET_KEY is the development key of {DEVELOPMENT_KEY_FILE}, kept on disk beside the server: production needs its own, made with `openssl rand -base64 32` before the first start"
            ),
        );
    }
    if key.looks_typed() {
        return Check::fail(
            "secret key",
            "SUARA_SECRET_KEY is typed text or an example, not 32 random bytes: generate one with `openssl rand -base64 32`",
        );
    }
    Check::ok("secret key", "set, 32 random bytes")
}
