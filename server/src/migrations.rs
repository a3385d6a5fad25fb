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
