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
    let lock = MigrationLock::take(db).await?;
    let done = run_locked(db).await;
    lock.release().await;
    done
}

/// The key of the PostgreSQL advisory lock an instance holds while it migrates ("SUARA_MI").
pub const MIGRATION_LOCK_KEY: i64 = 0x5355_4152_415f_4d49;

/// Held while this instance migrates. On PostgreSQL, instances started at the same moment on
/// one database (a first deploy, a tool that starts them all at once) would otherwise each
/// create the same tables, and all but one fail: the first takes a session advisory lock on
/// a connection of its own (the migrations run on the pool, each in its transaction), the
/// others wait for it, then find the migrations applied. SQLite has one instance.
struct MigrationLock(Option<sea_orm::sqlx::PgConnection>);

impl MigrationLock {
    async fn take(db: &DatabaseConnection) -> anyhow::Result<Self> {
        use sea_orm::sqlx::Connection;
        if db.get_database_backend() != sea_orm::DbBackend::Postgres {
            return Ok(MigrationLock(None));
        }
        let options = db.get_postgres_connection_pool().connect_options();
        let mut conn = sea_orm::sqlx::PgConnection::connect_with(&options)
            .await
            .context("connecting to take the migration lock")?;
        sea_orm::sqlx::query("SELECT pg_advisory_lock($1)")
            .bind(MIGRATION_LOCK_KEY)
            .execute(&mut conn)
            .await
            .context("taking the migration lock")?;
        Ok(MigrationLock(Some(conn)))
    }

    /// Lets the next instance migrate (closing the connection would too).
    async fn release(self) {
        use sea_orm::sqlx::Connection;
        if let Some(mut conn) = self.0 {
            let unlocked: Result<bool, _> =
                sea_orm::sqlx::query_scalar("SELECT pg_advisory_unlock($1)")
                    .bind(MIGRATION_LOCK_KEY)
                    .fetch_one(&mut conn)
                    .await;
            match unlocked {
                Ok(true) => {}
                // The lock's connection was lost while the migrations ran (the server closed
                // it, a proxy dropped it): another instance may have migrated meanwhile.
                Ok(false) => tracing::error!(
                    "the migration lock was no longer held when the migrations ended: its connection was lost"
                ),
                Err(e) => {
                    tracing::warn!(error = %e, "releasing the migration lock: closing its connection instead")
                }
            }
            conn.close().await.ok();
        }
    }
}

/// [`run`] once the lock is held.
async fn run_locked(db: &DatabaseConnection) -> anyhow::Result<()> {
    let known = known();
    let applied = applied(db)
        .await
        .context("reading the applied migrations")?
        .unwrap_or_default();
    let newer: Vec<&String> = applied.iter().filter(|v| !known.contains(v)).collect();
    if newer.is_empty() {
        return Migrator::up(db, None).await.context("running migrations");
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
