//! `server backup PATH`: a copy of the database taken while the portal keeps running.
//! SQLite: `VACUUM INTO`, one read transaction, so the copy is a consistent database file
//! of the moment it started (writers go on meanwhile); it is restored by pointing
//! `DATABASE_URL` at it. PostgreSQL: `pg_dump` in its custom format (one snapshot too),
//! restored with `pg_restore` into an empty database (docs/operations.md).

use anyhow::{Context, bail};
use app::config::Settings;
use sea_orm::ConnectionTrait;
use std::path::Path;

/// Copies the settings' database to `path` (which must not exist); what was done, in words.
pub async fn run(settings: &Settings, path: &Path) -> anyhow::Result<String> {
    if path.exists() {
        bail!(
            "{} exists already: a backup never overwrites a file",
            path.display()
        );
    }
    let target = path
        .to_str()
        .context("the backup path is not valid UTF-8")?;
    let url = &settings.database_url;
    if url.starts_with("sqlite:") {
        let db = crate::connect(settings).await?;
        db.execute_unprepared(&format!("VACUUM INTO '{}'", target.replace('\'', "''")))
            .await
            .with_context(|| format!("copying the SQLite database to {target}"))?;
        let bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        return Ok(format!(
            "backup: SQLite database copied to {target} ({bytes} bytes); restore by starting \
             the server with DATABASE_URL=sqlite://{target}"
        ));
    }
    if url.starts_with("postgres") {
        let (file, dbname) = (target.to_string(), url.clone());
        let out = tokio::task::spawn_blocking(move || {
            std::process::Command::new("pg_dump")
                .args([
                    "--format=custom",
                    "--no-owner",
                    "--file",
                    &file,
                    "--dbname",
                    &dbname,
                ])
                .output()
        })
        .await?
        .context("running pg_dump (PostgreSQL's client tools, Debian's postgresql-client)")?;
        if !out.status.success() {
            bail!(
                "pg_dump failed ({}): {}",
                out.status,
                String::from_utf8_lossy(&out.stderr).trim()
            );
        }
        let bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        return Ok(format!(
            "backup: PostgreSQL database dumped to {target} ({bytes} bytes, pg_dump custom \
             format); restore with pg_restore --no-owner --dbname NEW_DATABASE_URL {target}"
        ));
    }
    bail!("DATABASE_URL is neither sqlite: nor postgres:")
}
