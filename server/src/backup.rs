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
    // The copy holds everything the database holds: readable by the server's user only,
    // whatever the umask. Created here, empty (`VACUUM INTO` and `pg_dump` write into it);
    // `create_new` also refuses a file that exists, at the moment of creation.
    private_new_file(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => anyhow::anyhow!(
            "{} exists already: a backup never overwrites a file",
            path.display()
        ),
        _ => anyhow::Error::new(e).context(format!("creating {}", path.display())),
    })?;
    let copied = copy(settings, path).await;
    if copied.is_err() {
        // No empty or half-written file stays behind to be taken for a backup.
        let _ = std::fs::remove_file(path);
    }
    copied
}

/// Writes the copy into the (new, empty) file at `path`.
async fn copy(settings: &Settings, path: &Path) -> anyhow::Result<String> {
    let target = path
        .to_str()
        .context("the backup path is not valid UTF-8")?;
    let url = settings.database_url.expose();
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
        let (file, dbname) = (target.to_string(), url.to_string());
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

/// Creates an empty file that only its owner may read and write (0600 on Unix), failing if
/// it exists.
pub fn private_new_file(path: &Path) -> std::io::Result<()> {
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
    o.open(path).map(drop)
}
