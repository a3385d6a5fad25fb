//! `server doctor`, the real binary against a real database, a real SMTP server and a real
//! folder: it passes on a portal that works, and on each fault says in words what is wrong
//! and exits 1: settings that do not read, production over http, a typed or development
//! secret key, an SMTP relay that does not answer, storage it cannot write, a missing
//! database, a database newer than the binary, PostgreSQL with `synchronous_commit=off`.

use super::durability::server_binary;
use sea_orm::ConnectionTrait;
use suara_tests::smtp::SmtpSink;
use suara_tests::{TestApp, on_both_backends};

/// Runs `server doctor` in `dir` with `env` (and nothing from the test's own environment
/// that names a setting); its exit status and output.
async fn doctor(dir: &std::path::Path, env: &[(&str, String)]) -> (i32, String) {
    let mut cmd = std::process::Command::new(server_binary());
    cmd.arg("doctor").current_dir(dir).env("RUST_LOG", "warn");
    for (k, _) in std::env::vars() {
        if k.starts_with("SUARA_") || k == "DATABASE_URL" || k == "SMTP_URL" {
            cmd.env_remove(k);
        }
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = tokio::task::spawn_blocking(move || cmd.output())
        .await
        .unwrap()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().unwrap_or(-1), text)
}

fn line<'a>(report: &'a str, what: &str) -> &'a str {
    report
        .lines()
        .find(|l| l.get(6..).is_some_and(|t| t.starts_with(what)))
        .unwrap_or_else(|| panic!("no line for {what} in\n{report}"))
}

/// A random key, as `openssl rand -base64 32` makes one.
fn random_key() -> String {
    app::crypto::SecretKey::generate().to_base64()
}

async fn a_working_portal_passes_and_each_fault_is_said_in_words(app: TestApp) {
    let dir = tempfile::tempdir().unwrap();
    let smtp_port = suara_tests::smtp::free_port();
    let sink = SmtpSink::start(smtp_port, dir.path()).await;
    let good = vec![
        ("DATABASE_URL", app.database_url.clone()),
        ("SUARA_ENV", "production".to_string()),
        ("SUARA_PUBLIC_URL", "https://suara.jambiprov.go.id".into()),
        ("SMTP_URL", format!("smtp://127.0.0.1:{smtp_port}")),
        ("SUARA_SECRET_KEY", random_key()),
        (
            "SUARA_STORAGE_URL",
            dir.path().join("evidence").display().to_string(),
        ),
    ];
    let (code, report) = doctor(dir.path(), &good).await;
    assert_eq!(code, 0, "{report}");
    for what in [
        "settings",
        "database",
        "migrations",
        "clock",
        "mail",
        "storage",
        "secret key",
    ] {
        assert!(line(&report, what).starts_with("ok"), "{what}: {report}");
    }
    assert!(line(&report, "migrations").contains("applied, as this binary expects"));
    assert!(
        report.contains("All ") && report.contains("checks passed."),
        "{report}"
    );
    if app.backend == suara_tests::Backend::Postgres {
        assert!(
            line(&report, "durability").contains("synchronous_commit = on"),
            "{report}"
        );
    }
    // The probe left nothing behind, and no mail was sent.
    let left: Vec<_> = walk(&dir.path().join("evidence"));
    assert!(left.is_empty(), "{left:?}");
    assert!(sink.messages().is_empty());

    let with = |changes: &[(&'static str, String)]| {
        let mut env = good.clone();
        for (k, v) in changes {
            env.retain(|(key, _)| key != k);
            env.push((k, v.clone()));
        }
        env
    };
    // Production over http, a typed key, a relay that is not there, storage that is a file.
    let blocker = dir.path().join("not-a-folder");
    std::fs::write(&blocker, b"x").unwrap();
    let (code, report) = doctor(
        dir.path(),
        &with(&[
            ("SUARA_PUBLIC_URL", "http://suara.jambiprov.go.id".into()),
            ("SUARA_SECRET_KEY", suara_tests::TEST_SECRET_KEY.into()),
            (
                "SMTP_URL",
                format!("smtp://127.0.0.1:{}", suara_tests::smtp::free_port()),
            ),
            ("SUARA_STORAGE_URL", blocker.display().to_string()),
        ]),
    )
    .await;
    assert_eq!(code, 1, "{report}");
    assert!(line(&report, "settings").starts_with("FAIL"), "{report}");
    assert!(
        line(&report, "settings").contains("need https://"),
        "{report}"
    );
    assert!(
        line(&report, "secret key").contains("typed text"),
        "{report}"
    );
    assert!(
        line(&report, "mail").contains("could not be reached"),
        "{report}"
    );
    assert!(line(&report, "mail").contains("outbox"), "{report}");
    assert!(line(&report, "storage").starts_with("FAIL"), "{report}");
    assert!(line(&report, "database").starts_with("ok"), "{report}");
    assert!(
        report.contains("4 of ") && report.contains("checks failed."),
        "{report}"
    );

    // The development key file used in production.
    std::fs::create_dir_all(dir.path().join("data")).unwrap();
    let dev = random_key();
    std::fs::write(dir.path().join("data/secret.key"), &dev).unwrap();
    let (code, report) = doctor(dir.path(), &with(&[("SUARA_SECRET_KEY", dev)])).await;
    assert_eq!(code, 1, "{report}");
    assert!(
        line(&report, "secret key").contains("development key"),
        "{report}"
    );
    std::fs::remove_file(dir.path().join("data/secret.key")).unwrap();

    // A password in the database URL is never printed, even when the URL does not parse.
    for url in [
        "postgres://suara:rahasia-db-123@127.0.0.1:1/suara",
        "postgres://suara:rahasia/db-123@127.0.0.1:1/suara",
    ] {
        let (code, report) = doctor(dir.path(), &with(&[("DATABASE_URL", url.into())])).await;
        assert_eq!(code, 1, "{report}");
        assert!(line(&report, "database").starts_with("FAIL"), "{report}");
        assert!(!report.contains("rahasia"), "{report}");
    }

    // Settings that do not read: one line naming the setting.
    let (code, report) = doctor(dir.path(), &with(&[("SUARA_ENV", "staging".into())])).await;
    assert_eq!(code, 1, "{report}");
    assert!(
        line(&report, "settings").contains("SUARA_ENV: 'staging' is not development or production"),
        "{report}"
    );

    // A database that has a migration this binary does not know (a newer release ran).
    app.db
        .execute_unprepared(
            "INSERT INTO seaql_migrations (version, applied_at) VALUES ('m20991231_000099_from_the_future', 0)",
        )
        .await
        .unwrap();
    let (code, report) = doctor(dir.path(), &good).await;
    assert_eq!(code, 1, "{report}");
    assert!(
        line(&report, "migrations").contains("m20991231_000099_from_the_future")
            && line(&report, "migrations").contains("older than the database"),
        "{report}"
    );
    app.db
        .execute_unprepared(
            "DELETE FROM seaql_migrations WHERE version = 'm20991231_000099_from_the_future'",
        )
        .await
        .unwrap();

    match app.backend {
        suara_tests::Backend::Sqlite => {
            // No database file: said, and none is created.
            let missing = dir.path().join("nowhere/suara.db");
            let (code, report) = doctor(
                dir.path(),
                &with(&[(
                    "DATABASE_URL",
                    format!("sqlite://{}?mode=rwc", missing.display()),
                )]),
            )
            .await;
            assert_eq!(code, 1, "{report}");
            assert!(
                line(&report, "database").contains("no SQLite file"),
                "{report}"
            );
            assert!(!missing.exists());
        }
        suara_tests::Backend::Postgres => {
            // Commits acknowledged before they are on disk.
            let name = app.database_url.rsplit('/').next().unwrap().to_string();
            app.db
                .execute_unprepared(&format!(
                    "ALTER DATABASE \"{name}\" SET synchronous_commit = off"
                ))
                .await
                .unwrap();
            let (code, report) = doctor(dir.path(), &good).await;
            assert_eq!(code, 1, "{report}");
            assert!(
                line(&report, "durability").contains("synchronous_commit is off"),
                "{report}"
            );
            app.db
                .execute_unprepared(&format!(
                    "ALTER DATABASE \"{name}\" RESET synchronous_commit"
                ))
                .await
                .unwrap();
            // A server that is not there answers within the timeout.
            let (code, report) = doctor(
                dir.path(),
                &with(&[(
                    "DATABASE_URL",
                    format!(
                        "postgres://postgres@127.0.0.1:{}/none",
                        suara_tests::smtp::free_port()
                    ),
                )]),
            )
            .await;
            assert_eq!(code, 1, "{report}");
            assert!(
                line(&report, "database").contains("cannot connect"),
                "{report}"
            );
        }
    }
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

on_both_backends!(a_working_portal_passes_and_each_fault_is_said_in_words);
