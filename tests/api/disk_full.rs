//! The disk fills (SQLite). The real server binary runs with its database, evidence and mail
//! on a tmpfs of 16 MiB mounted by the test (`mount -t tmpfs -o size=16m`, so it needs root;
//! elsewhere the test says so and does not run), and a file fills what is left. Surveys keep
//! arriving forty at a time: once SQLite finds no room, each is answered 503 with
//! `Retry-After`, never a 500; the survey form without JavaScript comes back 503 with every
//! answer still marked; a report with a photo comes back 503 with its text kept, and no file
//! of it stays in the evidence folder. When the filler is removed the same server stores
//! surveys and reports again, without a restart. Every survey answered 2xx is in the
//! database, and the database passes `PRAGMA integrity_check`.

use super::complaints::token_of;
use super::durability::{free_port, number, start_binary, submission_ids, wait_until_up};
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};
use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// A tmpfs mounted for the test, unmounted when dropped.
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(dir: &Path, size: &str) -> Option<Tmpfs> {
        let ok = Command::new("mount")
            .args([
                "-t",
                "tmpfs",
                "-o",
                &format!("size={size},mode=0700"),
                "tmpfs",
            ])
            .arg(dir)
            .output()
            .is_ok_and(|o| o.status.success());
        ok.then(|| Tmpfs(dir.to_path_buf()))
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).output();
    }
}

/// Writes a file until the file system has no room left.
fn fill(path: &Path) {
    let mut f = std::fs::File::create(path).unwrap();
    for chunk in [1 << 20, 64 << 10, 4 << 10, 512] {
        let block = vec![0u8; chunk];
        while f.write_all(&block).and_then(|()| f.flush()).is_ok() {}
    }
    let _ = f.sync_all();
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(files_under(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

const WHAT: &str =
    "Petugas loket meminta uang tambahan di luar tarif resmi saat perpanjangan STNK.";

fn report_with_photo(token: &str) -> Form {
    let photo = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/gps.jpg")).unwrap();
    Form::new()
        .text("form_token", token.to_string())
        .text("unit_code", "samsat-kota")
        .text("category", "pungli")
        .text("mode", "anonim")
        .text("what", WHAT)
        .text("website", "")
        .part(
            "files",
            Part::bytes(photo)
                .file_name("bukti.jpg")
                .mime_str("image/jpeg")
                .unwrap(),
        )
}

async fn survey(client: &reqwest::Client, base: &str, sid: &str) -> (u16, bool, Value) {
    let answers: serde_json::Map<String, Value> = (1..=9)
        .map(|e| (format!("U{e}"), json!(1 + e % 4)))
        .collect();
    let r = client
        .post(format!("{base}/api/v1/surveys"))
        .json(&json!({"service_code": "skj-pkb", "answers": answers, "submission_id": sid}))
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let retry = r.headers().contains_key("retry-after");
    (status, retry, r.json().await.unwrap_or(Value::Null))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_disk_answers_503_keeps_what_was_typed_loses_nothing_and_recovers_without_a_restart()
{
    let dir = tempfile::tempdir().unwrap();
    let mnt = dir.path().join("disk");
    std::fs::create_dir_all(&mnt).unwrap();
    let Some(_tmpfs) = Tmpfs::mount(&mnt, "16m") else {
        eprintln!("mounting a tmpfs needs root here: the full-disk test is not run");
        return;
    };
    let db_file = mnt.join("suara.db");
    let url = format!("sqlite://{}?mode=rwc", db_file.display());
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut server = start_binary(
        &url,
        &mnt,
        port,
        &[
            ("SUARA_RATE_SURVEY_BURST", "1000000"),
            ("SUARA_RATE_SURVEY_PER_MINUTE", "1000000"),
            ("SUARA_RATE_COMPLAINT_BURST", "1000"),
            ("SUARA_RATE_COMPLAINT_PER_MINUTE", "1000"),
        ],
        None,
    );
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    wait_until_up(&client, &base).await;
    // The report form's token, taken while there is room (the page only reads).
    let token = token_of(
        &client
            .get(format!("{base}/lapor"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    );

    fill(&mnt.join("filler"));
    let mut acknowledged = HashSet::new();
    let mut refused = 0;
    let mut round = 0u32;
    while refused < 40 && round < 400 {
        round += 1;
        let mut sent = Vec::new();
        for i in 0..40 {
            let (client, base) = (client.clone(), base.clone());
            let sid = format!("d15cf011-{round:04x}-4000-8000-{i:012x}");
            sent.push(tokio::spawn(async move {
                let answer = survey(&client, &base, &sid).await;
                (sid, answer)
            }));
        }
        for s in sent {
            let (sid, (status, retry, body)) = s.await.unwrap();
            match status {
                200 | 201 => {
                    acknowledged.insert(sid);
                }
                503 => {
                    assert!(retry, "a 503 says when to come back");
                    assert_eq!(body["error"], "unavailable", "{body}");
                    refused += 1;
                }
                other => panic!("answered {other} on a full disk: {body}"),
            }
        }
    }
    eprintln!(
        "full disk: {} surveys stored before the room ran out, {refused} refused in {round} rounds",
        acknowledged.len()
    );
    assert!(refused >= 40, "the disk filled: {refused} refused");

    // The form without JavaScript: 503, every answer still marked, the reason said.
    let mut fields: Vec<(String, String)> = (1..=9)
        .map(|e| (format!("U{e}"), (1 + e % 4).to_string()))
        .collect();
    fields.push(("suggestion".into(), "Antrean perlu nomor".into()));
    let r = client
        .post(format!("{base}/s/skj-pkb"))
        .form(&fields)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 503);
    assert!(r.headers().contains_key("retry-after"));
    let page = r.text().await.unwrap();
    assert!(
        page.contains("Isian Anda belum tersimpan") && page.contains("Antrean perlu nomor"),
        "the reason and what was typed"
    );
    assert_eq!(
        page.matches(" checked").count(),
        9,
        "the nine answers stay marked"
    );

    // A report with a photo: 503, the text kept, no file left behind.
    let r = client
        .post(format!("{base}/lapor"))
        .multipart(report_with_photo(&token))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 503);
    let page = r.text().await.unwrap();
    assert!(
        page.contains("Isian Anda belum tersimpan") && page.contains(WHAT),
        "the reason and the report's text"
    );
    assert!(
        files_under(&mnt.join("evidence")).is_empty(),
        "no half-written evidence: {:?}",
        files_under(&mnt.join("evidence"))
    );

    // Room again: the same server stores surveys and reports.
    std::fs::remove_file(mnt.join("filler")).unwrap();
    let mut stored_again = false;
    for i in 0..50 {
        let sid = format!("d15cf011-ffff-4000-8000-{i:012x}");
        let (status, _, _) = survey(&client, &base, &sid).await;
        if status == 201 {
            acknowledged.insert(sid);
            stored_again = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(stored_again, "surveys are stored again once there is room");
    let r = client
        .post(format!("{base}/lapor"))
        .multipart(report_with_photo(&token))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303, "the report is stored");
    assert_eq!(
        files_under(&mnt.join("evidence")).len(),
        1,
        "its photo is stored"
    );

    let _ = server.kill();
    let _ = server.wait();
    let db = sea_orm::Database::connect(url.as_str()).await.unwrap();
    use sea_orm::ConnectionTrait;
    let check = db
        .query_one_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            "PRAGMA integrity_check",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get::<String>("", "integrity_check")
        .unwrap();
    assert_eq!(check, "ok");
    let ids = submission_ids(&db).await;
    let lost: Vec<_> = acknowledged.difference(&ids).collect();
    assert!(lost.is_empty(), "acknowledged and lost: {lost:?}");
    let files = number(&db, "SELECT COUNT(*) AS n FROM complaint_files").await;
    assert_eq!(files, 1, "one row for the one photo stored");
    db.close().await.ok();
}
