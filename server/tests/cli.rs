//! The `server` binary as an operator runs it: help and version without any settings, a
//! mistyped command refused with what is wrong, logs as JSON lines when asked, and a backup
//! of a SQLite database.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

fn server() -> Command {
    Command::new(env!("CARGO_BIN_EXE_server"))
}

/// A folder of this test's own under the system's temporary folder.
fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("suara-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn help_version_and_mistakes_need_no_settings() {
    let out = server().arg("--version").output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("server "));
    for cmd in [
        &["--help"][..],
        &["backup", "--help"],
        &["user", "add", "--help"],
    ] {
        let out = server().args(cmd).output().unwrap();
        assert!(out.status.success(), "{cmd:?}");
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("Usage: server"),
            "{cmd:?}"
        );
    }
    let out = server().arg("bakcup").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("unrecognized subcommand 'bakcup'") && err.contains("backup"),
        "{err}"
    );
    let out = server()
        .args([
            "user", "add", "--email", "x", "--name", "A", "--role", "admin",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("'x' is not an email address"));
}

#[test]
fn logs_are_json_lines_when_asked_and_a_backup_copies_the_database() {
    let dir = scratch("json");
    let db = format!("sqlite://{}/suara.db?mode=rwc", dir.display());
    let mut child = server()
        .env("DATABASE_URL", &db)
        .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
        .env("SUARA_DEMO_DATA", "units")
        .env("SUARA_STORAGE_URL", dir.join("evidence"))
        .env("SUARA_MAIL_DIR", dir.join("mail"))
        .env("SUARA_LOG_FORMAT", "json")
        .env("RUST_LOG", "info")
        .current_dir(&dir)
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let mut listening = None;
    for line in lines.by_ref().take(200) {
        let line = line.unwrap();
        let v: serde_json::Value =
            serde_json::from_str(&line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
        assert!(
            v["timestamp"].is_string() && v["level"].is_string(),
            "{line}"
        );
        if v["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("Suara listening"))
        {
            listening = Some(line);
            break;
        }
    }
    assert!(listening.is_some(), "the server says where it listens");

    // While it serves, a backup of its database.
    let copy = dir.join("copy.db");
    let out = server()
        .args(["backup", copy.to_str().unwrap()])
        .env("DATABASE_URL", &db)
        .env("SUARA_LOG_FORMAT", "json")
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("backup: SQLite database copied"));
    assert!(copy.metadata().unwrap().len() > 0);
    let again = server()
        .args(["backup", copy.to_str().unwrap()])
        .env("DATABASE_URL", &db)
        .current_dir(&dir)
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("exists already"));
    child.kill().unwrap();
    child.wait().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}
