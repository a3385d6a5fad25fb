//! The schema's migrations as this binary and the database see them, and running them at
//! start. During a rolling deploy the next release's first instance migrates the database
//! further (expand only, `docs/deploy.md`) while instances of this release still serve; one
//! of them that restarts then finds migrations it does not know, and serves on the expanded
//! schema instead of refusing to start.

use anyhow::Context;
use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, Statement};

/// The migrations this binary knows, in order.
pub fn known() -> Vec<String> {
    Migrator::migrations()
        .iter()
        .map(|m| m.name().to_string())
        .collect()
}

/// The migrations the database has applied; `None` for a database never migrated.
pub async fn applied(db: &DatabaseConnection) -> Result<Option<Vec<String>>, DbErr> {
    match db
        .query_all_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT version FROM seaql_migrations ORDER BY version",
        ))
        .await
    {
        Ok(rows) => Ok(Some(
            rows.iter()
                .filter_map(|r| r.try_get::<String>("", "version").ok())
                .collect(),
        )),
        Err(e) if is_missing_table(&e) => Ok(None),
        Err(e) => Err(e),
    }
}

fn is_missing_table(e: &DbErr) -> bool {
    let text = e.to_string();
    text.contains("no such table") || text.contains("does not exist")
}

/// Applies this release's pending migrations. A database that a newer release has already
/// migrated further is left as it is when every migration of this release is applied and
/// the newer ones only expand (a rolling deploy: this instance is about to be replaced). A
/// newer migration that contracts (named `..._contract_...`: it drops or renames what an
/// older release reads) means this release can no longer run on the database; with some of
/// this release's own missing, the database is neither this release's nor a newer one's.
/// Both refuse the start.
pub async fn run(db: &DatabaseConnection) -> anyhow::Result<()> {
    match MigrationLock::take(db).await? {
        Some(lock) => {
            let done = run_locked(&lock.0, Some(&lock)).await;
            lock.release().await;
            done
        }
        None => run_locked(db, None).await,
    }
}

/// The key of the PostgreSQL advisory lock an instance holds while it migrates ("SUARA_MI").
pub const MIGRATION_LOCK_KEY: i64 = 0x5355_4152_415f_4d49;

/// Held while this instance migrates (and while it loads the demo data into an empty
/// database, [`crate::load_demo_data`]). On PostgreSQL, instances started at the same moment on
/// one database (a first deploy, a tool that starts them all at once) would otherwise each
/// create the same tables, and all but one fail: the first takes a session advisory lock,
/// the others wait for it, then find the migrations applied. The lock is taken on a pool of
/// one connection of its own, and the migrations run on that same connection, one at a time,
/// each checked before and after to have run in the session holding the lock: if the
/// connection is lost, the lock and the migration under way end together (its transaction
/// rolls back and the start fails), and a migration run on a session made anew fails the
/// start. SQLite has one instance.
/// The lock's one-connection pool and the server process of the session holding the lock.
pub(crate) struct MigrationLock(DatabaseConnection, i32);

impl MigrationLock {
    /// The lock on PostgreSQL, none elsewhere.
    pub(crate) async fn take(db: &DatabaseConnection) -> anyhow::Result<Option<Self>> {
        if db.get_database_backend() != sea_orm::DbBackend::Postgres {
            return Ok(None);
        }
        let options = db.get_postgres_connection_pool().connect_options();
        // One connection, never recycled while the migrations run (however long a
        // province's take): every statement below is on the connection holding the lock.
        let pool = sea_orm::sqlx::postgres::PgPoolOptions::new()
            .max_connections(1)
            .min_connections(1)
            .idle_timeout(None)
            .max_lifetime(None)
            .connect_with((*options).clone())
            .await
            .context("connecting to take the migration lock")?;
        let conn = sea_orm::SqlxPostgresConnector::from_sqlx_postgres_pool(pool);
        conn.execute_raw(Statement::from_sql_and_values(
            sea_orm::DbBackend::Postgres,
            "SELECT pg_advisory_lock($1)",
            [MIGRATION_LOCK_KEY.into()],
        ))
        .await
        .context("taking the migration lock")?;
        let pid = backend_pid(&conn).await?;
        Ok(Some(MigrationLock(conn, pid)))
    }

    /// Fails unless the pool's connection is still the session that took the lock (its
    /// server process, `pg_backend_pid()`, is the one recorded then): checked before and
    /// after each migration, so one that ran on a session made anew, without the lock, fails
    /// the start instead of passing unseen.
    async fn still_held(&self) -> anyhow::Result<()> {
        let pid = backend_pid(&self.0).await?;
        anyhow::ensure!(
            pid == self.1,
            "the migration lock's connection was lost (session {} is now {pid}): another instance may be migrating; start this one again once it is done. The migrations need a session of their own: connect directly or through a pooler in session mode",
            self.1
        );
        Ok(())
    }

    /// Lets the next instance migrate (closing the connection would too).
    pub(crate) async fn release(self) {
        let unlocked = self
            .0
            .query_one_raw(Statement::from_sql_and_values(
                sea_orm::DbBackend::Postgres,
                "SELECT pg_advisory_unlock($1) AS unlocked",
                [MIGRATION_LOCK_KEY.into()],
            ))
            .await
            .and_then(|row| match row {
                Some(r) => r.try_get::<bool>("", "unlocked"),
                None => Ok(false),
            });
        match unlocked {
            Ok(true) => {}
            // The connection was lost after the migrations' last statement and made again
            // (the server closed it, a proxy dropped it): its new session held no lock.
            Ok(false) => tracing::error!(
                "the migration lock was no longer held when the migrations ended: its connection was lost"
            ),
            Err(e) => {
                tracing::warn!(error = %e, "releasing the migration lock: closing its connection instead")
            }
        }
        self.0.close().await.ok();
    }
}

/// The server process of the connection's session.
async fn backend_pid(conn: &DatabaseConnection) -> anyhow::Result<i32> {
    conn.query_one_raw(Statement::from_string(
        sea_orm::DbBackend::Postgres,
        "SELECT pg_backend_pid() AS pid",
    ))
    .await
    .context("reading the migration lock's session")?
    .context("no session")?
    .try_get::<i32>("", "pid")
    .context("reading the migration lock's session")
}

/// [`run`] once the lock (if any) is held.
async fn run_locked(db: &DatabaseConnection, lock: Option<&MigrationLock>) -> anyhow::Result<()> {
    let known = known();
    let applied = applied(db)
        .await
        .context("reading the applied migrations")?
        .unwrap_or_default();
    let newer: Vec<&String> = applied.iter().filter(|v| !known.contains(v)).collect();
    if newer.is_empty() {
        let pending = known.iter().filter(|v| !applied.contains(v)).count();
        // Checked before the first and after each: one check stands between two migrations.
        for step in 0..=pending {
            if let Some(lock) = lock {
                lock.still_held().await?;
            }
            if step < pending {
                Migrator::up(db, Some(1))
                    .await
                    .context("running migrations")?;
            }
        }
        return Ok(());
    }
    let contracting: Vec<&String> = newer
        .iter()
        .copied()
        .filter(|v| v.contains("_contract_"))
        .collect();
    anyhow::ensure!(
        contracting.is_empty(),
        "the database was migrated by a newer release that dropped or renamed what this one reads ({}): start the newer release",
        join(&contracting)
    );
    let pending: Vec<&String> = known.iter().filter(|v| !applied.contains(v)).collect();
    anyhow::ensure!(
        pending.is_empty(),
        "the database has migrations of a newer release ({}) but lacks some of this one's ({}): start the newer release",
        join(&newer),
        join(&pending)
    );
    tracing::warn!(
        newer = %join(&newer),
        "the database was migrated by a newer release: serving on its expanded schema (a rolling deploy; replace this instance)"
    );
    Ok(())
}

fn join(v: &[&String]) -> String {
    v.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
}
