//! The Suara server: connects and migrates the database, builds the router, and serves it.

pub mod backup;
pub mod cli;
pub mod doctor;
pub mod generate;
pub mod migrations;
pub mod routes;

use anyhow::Context;
use app::config::{DemoData, Settings};
use app::crypto::{Keys, SecretKey};
use app::mail::transport::Mailer;
use app::mail::worker::Pace;
use app::ratelimit::RateLimits;
use app::state::AppState;
use app::storage::EvidenceStore;
use leptos::config::LeptosOptions;
use sea_orm::{ConnectOptions, Database, DatabaseConnection};
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::net::TcpListener;

/// A built server, bound to its address, ready to run.
pub struct Application {
    listener: TcpListener,
    router: axum::Router,
    state: AppState,
    mailer: Mailer,
}

/// The development key: read from `path`, or generated there on first start (owner-only).
/// Production never gets here: its settings require `SUARA_SECRET_KEY`.
fn development_key(path: &std::path::Path) -> anyhow::Result<SecretKey> {
    if let Ok(text) = std::fs::read_to_string(path) {
        return SecretKey::parse(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()));
    }
    let key = SecretKey::generate();
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(path, key.to_base64())
        .with_context(|| format!("writing the development key {}", path.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    }
    tracing::warn!(file = %path.display(), "generated a development secret key; set SUARA_SECRET_KEY in production");
    Ok(key)
}

/// The SQLite file is readable by the server's user only (0600), whatever the umask: it is
/// created so, and an existing one is narrowed. SQLite gives its `-wal` and `-shm` files
/// the database file's mode.
fn private_database_file(file: &std::path::Path) -> anyhow::Result<()> {
    if file.as_os_str().is_empty() || file.to_str() == Some(":memory:") {
        return Ok(());
    }
    match backup::private_new_file(file) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
        Err(e) => return Err(e).with_context(|| format!("creating {}", file.display())),
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(file, std::fs::Permissions::from_mode(0o600))
            .with_context(|| format!("narrowing the mode of {}", file.display()))?;
    }
    Ok(())
}

/// Connects to the database of the settings (creating the SQLite file's folder, WAL mode,
/// `synchronous=FULL`)
/// and runs every pending migration.
pub async fn connect(settings: &Settings) -> anyhow::Result<DatabaseConnection> {
    let url = settings.database_url.expose();
    if let Some(path) = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
    {
        let file = path.split('?').next().unwrap_or_default();
        if let Some(dir) = std::path::Path::new(file)
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
        {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("creating database folder {}", dir.display()))?;
        }
        private_database_file(std::path::Path::new(file))?;
    }
    let mut opts = ConnectOptions::new(url.to_string());
    opts.max_connections(settings.db_max_connections)
        .acquire_timeout(settings.db_acquire_timeout)
        .sqlx_logging(false)
        .map_sqlx_sqlite_opts(|o| {
            // FULL: each commit syncs the write-ahead log before it returns, so what was
            // acknowledged survives a power cut (NORMAL may roll back the last commits). With
            // group commit that is one sync per batch, not per request.
            o.journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                .synchronous(sea_orm::sqlx::sqlite::SqliteSynchronous::Full)
                .busy_timeout(std::time::Duration::from_secs(10))
                .foreign_keys(true)
                // Deleted and overwritten content is zeroed in the file (retention).
                .pragma("secure_delete", "ON")
        });
    // A connection open at a disk fault is closed instead of used (app::db_health).
    opts.map_sqlx_sqlite_before_acquire(|_, meta| {
        Box::pin(async move { Ok(!app::db_health::opened_before_fault(meta.age)) })
    });
    let db = Database::connect(opts)
        .await
        .context("connecting to the database")?;
    migrations::run(&db).await?;
    Ok(db)
}

/// The keys derived from the settings' secret key (the development key file without one).
pub fn keys(settings: &Settings) -> anyhow::Result<Keys> {
    let master = match &settings.secret_key {
        Some(k) => k.clone(),
        None => development_key(std::path::Path::new("data/secret.key"))?,
    };
    Ok(Keys::derive(&master))
}

/// The server's state without a listener: the database (migrated), keys, evidence store
/// and limits. The server and the commands that need more than the database
/// (`server retention run`) open it the same way.
pub async fn open_state(settings: Settings) -> anyhow::Result<AppState> {
    app::clock::set_today(settings.today);
    if let Some(day) = settings.today {
        tracing::warn!(%day, "SUARA_TODAY: the server's clock is moved to this day (tests and demos)");
    }
    let db = connect(&settings).await?;
    let keys = keys(&settings)?;
    let evidence = EvidenceStore::open(&settings.storage_url, &settings.s3, keys.clone())
        .with_context(|| format!("opening evidence storage {}", settings.storage_url))?;
    let assets = app::web::assets::Assets::read(&settings.site_root);
    Ok(AppState::new(app::state::Shared {
        db,
        limits: Arc::new(RateLimits::new(&settings)),
        leptos_options: leptos_options(&settings, &assets),
        assets: Arc::new(assets),
        keys,
        evidence,
        mail_wakeup: Arc::new(tokio::sync::Notify::new()),
        write_gate: Arc::new(tokio::sync::Semaphore::new(
            if settings.database_url.expose().starts_with("sqlite:") {
                1
            } else {
                settings.db_max_connections as usize
            },
        )),
        lanes: app::group_commit::Lanes::default(),
        figures: Arc::new(app::survey::report::Figures::new(settings.figures_max_age)),
        public_stats: Arc::new(app::memo::Memo::new(settings.figures_max_age, 8)),
        dashboards: Arc::new(app::memo::Memo::new(settings.figures_max_age, 32)),
        settings: Arc::new(settings),
        metrics: Arc::new(app::metrics::Metrics::new()),
        untrusted: app::untrusted::Pool::per_core(),
    }))
}

/// Loads the demo data the settings ask for, into an empty database only. On PostgreSQL
/// under the migrations' lock: instances started at once on an empty database would
/// otherwise each find it empty and load the same units (all but one failing on a unit's
/// code).
pub async fn load_demo_data(db: &DatabaseConnection, demo: DemoData) -> anyhow::Result<()> {
    if demo == DemoData::None {
        return Ok(());
    }
    let lock = migrations::MigrationLock::take(db).await?;
    let loaded = load_demo_data_locked(db, demo).await;
    if let Some(lock) = lock {
        lock.release().await;
    }
    loaded
}

async fn load_demo_data_locked(db: &DatabaseConnection, demo: DemoData) -> anyhow::Result<()> {
    if !app::units::repo::is_empty(db).await? {
        return Ok(());
    }
    app::demo::load_units(db).await?;
    tracing::info!("loaded the reference units and services");
    if demo == DemoData::Full {
        let n = app::training::rollout::demo::load(db, 2026)
            .await
            .map_err(|e| anyhow::anyhow!("loading the demo rollout: {e}"))?;
        tracing::info!(
            responses = n,
            "loaded eighteen months of demo survey responses and a finished randomized rollout"
        );
    }
    Ok(())
}

/// Leptos options built from the settings, not from a config file, so the binary runs from
/// the repository root with nothing but the environment. The islands' package goes by its
/// content-hashed name (`suara.{hash}`, from the build's manifest).
fn leptos_options(settings: &Settings, assets: &app::web::assets::Assets) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name(assets.pkg.clone())
        .site_root(settings.site_root.clone())
        .site_pkg_dir("pkg")
        .site_addr(settings.site_addr)
        .build()
}

impl Application {
    /// Connects, migrates, loads demo data if asked, and binds the listener.
    pub async fn build(settings: Settings) -> anyhow::Result<Application> {
        let site_addr = settings.site_addr;
        let state = open_state(settings).await?;
        load_demo_data(&state.db, state.settings.demo_data).await?;
        let listener = TcpListener::bind(site_addr)
            .await
            .with_context(|| format!("binding {site_addr}"))?;
        let mail = &state.settings.mail;
        let mailer = match &mail.smtp_url {
            Some(url) => Mailer::smtp(url.expose(), &mail.from),
            None => Mailer::files(&mail.dir, &mail.from),
        }
        .map_err(|e| anyhow::anyhow!(e))?;
        tracing::info!(evidence = %state.evidence.describe, mail = %mailer.describe(), "storage and mail ready");
        if state.settings.demo_data == DemoData::Full {
            app::demo_staff::load(&state)
                .await
                .map_err(|e| anyhow::anyhow!("loading the console demo: {e}"))?;
        }
        let router = routes::router(state.clone());
        Ok(Application {
            listener,
            router,
            state,
            mailer,
        })
    }

    /// The address actually bound (useful with port 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound listener has an address")
    }

    /// The shared state (tests read the database through it).
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until Ctrl-C or SIGTERM, then finishes the requests in flight.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        let mail = &self.state.settings.mail;
        let pace = Pace {
            retry_base: mail.retry_base,
            max_delay: std::time::Duration::from_secs(3600),
            max_attempts: mail.max_attempts,
            poll: mail.poll,
            lease: mail.lease,
        };
        let worker = tokio::spawn(app::mail::worker::run(
            self.state.db.clone(),
            self.state.keys.clone(),
            self.mailer.clone(),
            pace,
            self.state.mail_wakeup.clone(),
        ));
        use app::metrics::Job;
        let jobs_state = self.state.clone();
        let jobs = tokio::spawn(async move {
            let mut tick = tokio::time::interval(jobs_state.settings.jobs_interval);
            loop {
                tick.tick().await;
                if let Err(e) = app::triage::jobs::run_once(&jobs_state).await {
                    jobs_state.metrics.job_failed(Job::Triage);
                    tracing::error!(error = %e, "daily triage work failed; retried at the next tick");
                }
                let today = app::clock::wib_day(app::clock::now());
                if let Err(e) = app::analytics::warning::job::run_daily(&jobs_state, today).await {
                    jobs_state.metrics.job_failed(Job::EarlyWarning);
                    tracing::error!(error = %e, "early warning failed; retried at the next tick");
                }
                if let Err(e) = app::followups::jobs::mail_due(&jobs_state, today).await {
                    jobs_state.metrics.job_failed(Job::FollowUpDue);
                    tracing::error!(error = %e, "follow-up due mail failed; retried at the next tick");
                }
                if let Err(e) =
                    app::complaints::retention::run_daily(&jobs_state, app::clock::now()).await
                {
                    jobs_state.metrics.job_failed(Job::Retention);
                    tracing::error!(error = %e, "retention failed; retried tomorrow or with `server retention run`");
                }
            }
        });
        // Kiosk ratings held back for coming too soon are stored as the interval allows.
        let kiosk_state = self.state.clone();
        let kiosks = tokio::spawn(async move {
            let every = kiosk_state.settings.kiosk_min_interval_secs.clamp(1, 5);
            let mut tick = tokio::time::interval(std::time::Duration::from_secs(u64::from(every)));
            loop {
                tick.tick().await;
                if let Err(e) = app::survey::kiosk::held::release_due(&kiosk_state).await {
                    kiosk_state.metrics.job_failed(Job::KioskRelease);
                    tracing::error!(error = %e, "held kiosk ratings not stored; retried at the next tick");
                }
            }
        });
        let limits = self.state.limits.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
            loop {
                tick.tick().await;
                limits.shrink();
            }
        });
        axum::serve(
            self.listener,
            self.router
                .into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown_signal())
        .await?;
        worker.abort();
        jobs.abort();
        kiosks.abort();
        Ok(())
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}

#[cfg(test)]
mod tests {
    use sea_orm::{ConnectionTrait, Database, Statement};

    /// `.cargo/config.toml` builds the bundled SQLite with the query planner stability
    /// guarantee; without it, STAT4 statistics make SQLite prepare the survey sums' reads
    /// again at every execution (BENCHMARKS.md, issue 30).
    #[tokio::test]
    async fn bundled_sqlite_keeps_its_plans() {
        let db = Database::connect("sqlite::memory:").await.unwrap();
        let rows = db
            .query_all_raw(Statement::from_string(
                db.get_database_backend(),
                "PRAGMA compile_options",
            ))
            .await
            .unwrap();
        let options: Vec<String> = rows
            .iter()
            .map(|r| r.try_get_by_index(0).unwrap())
            .collect();
        assert!(options.iter().any(|o| o == "ENABLE_QPSG"), "{options:?}");
    }
}
