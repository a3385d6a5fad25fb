//! Two server processes on one PostgreSQL database behind HAProxy (Debian's, started by the
//! test on loopback with the configuration of docs/deploy.md): a session made on one works on
//! the other; triage transitions sent to both at once keep the audit chain valid; the daily
//! jobs run once; each mail is sent once (by one of the two); and one address gets no more
//! than its survey quota through the balancer, which keeps an address on one instance
//! (`balance source`). Runs when `TEST_DATABASE_URL` is set and HAProxy is installed
//! (`scripts/setup.sh --test` installs it).

use super::durability::{free_port, start_binary, wait_until_up};
use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, Database};
use serde_json::{Value, json};
use std::collections::HashSet;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

struct Killed(Vec<Child>);

impl Drop for Killed {
    fn drop(&mut self) {
        for c in &mut self.0 {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

fn instance(url: &str, dir: &std::path::Path, port: u16) -> Child {
    start_binary(
        url,
        dir,
        port,
        &[
            ("SUARA_RATE_SURVEY_BURST", "5"),
            ("SUARA_RATE_SURVEY_PER_MINUTE", "1"),
            ("SUARA_RATE_COMPLAINT_BURST", "1000"),
            ("SUARA_RATE_COMPLAINT_PER_MINUTE", "1000"),
            ("SUARA_TRUSTED_IP_HEADER", "x-forwarded-for"),
            ("SUARA_TRUSTED_PROXY_HOPS", "1"),
            ("SUARA_JOBS_INTERVAL_SECS", "10"),
        ],
        None,
    )
}

/// The example configuration of docs/deploy.md with this test's ports.
fn haproxy_config(front: u16, a: u16, b: u16) -> String {
    let example = include_str!("../../docs/haproxy.cfg");
    example
        .replace(
            "bind :443 ssl crt /etc/haproxy/suara.pem",
            &format!("bind 127.0.0.1:{front}"),
        )
        .replace("127.0.0.1:3001", &format!("127.0.0.1:{a}"))
        .replace("127.0.0.1:3002", &format!("127.0.0.1:{b}"))
        .replace(
            "    http-request redirect scheme https unless { ssl_fc }\n",
            "",
        )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_behind_haproxy_share_sessions_jobs_mail_and_quotas() {
    let Some(url) = suara_tests::fresh_postgres().await else {
        return;
    };
    let haproxy = which("haproxy").expect("HAProxy (scripts/setup.sh --test installs it)");
    let dir = tempfile::tempdir().unwrap();
    let (pa, pb, front) = (free_port(), free_port(), free_port());
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(20))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    // The first instance creates the schema; the second starts on it.
    let mut procs = Killed(vec![instance(&url, &dir.path().join("a"), pa)]);
    let (a, b) = (
        format!("http://127.0.0.1:{pa}"),
        format!("http://127.0.0.1:{pb}"),
    );
    wait_until_up(&client, &a).await;
    procs.0.push(instance(&url, &dir.path().join("b"), pb));
    wait_until_up(&client, &b).await;
    let cfg = dir.path().join("haproxy.cfg");
    std::fs::write(&cfg, haproxy_config(front, pa, pb)).unwrap();
    let check = Command::new(&haproxy)
        .arg("-c")
        .arg("-f")
        .arg(&cfg)
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    procs.0.push(
        Command::new(&haproxy)
            .arg("-db")
            .arg("-f")
            .arg(&cfg)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let lb = format!("http://127.0.0.1:{front}");
    wait_until_up(&client, &lb).await;

    // Accounts, made as an operator does.
    let db = Database::connect(url.as_str()).await.unwrap();
    for (email, role, units) in [
        ("inspektur@jambiprov.go.id", "inspector", vec![]),
        ("petugas@samsat.go.id", "unit_officer", vec!["samsat-kota"]),
    ] {
        let mut args = vec![
            "user", "add", "--email", email, "--name", email, "--role", role,
        ];
        for u in &units {
            args.extend(["--unit", u]);
        }
        let args: Vec<String> = args.into_iter().map(str::to_string).collect();
        let cmd = server::cli::parse(&args).unwrap();
        server::cli::add_user(&db, &cmd, suara_tests::PASSWORD)
            .await
            .unwrap();
    }

    // A session made on A works on B.
    let suara_tests::Session { cookie, csrf } = suara_tests::sign_in(
        &client,
        &a,
        "inspektur@jambiprov.go.id",
        suara_tests::PASSWORD,
    )
    .await;
    let me = client
        .get(format!("{b}/api/v1/auth/me"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), StatusCode::OK);

    // Reports through the balancer, each with a receipt mail and alerts.
    let mut codes = Vec::new();
    for i in 0..8 {
        let r = client
            .post(format!("{lb}/api/v1/complaints"))
            .header("x-forwarded-for", format!("10.0.0.{}", 10 + i))
            .json(
                &json!({"unit_code": "samsat-kota", "service_code": "skj-pkb",
                "category": "pungli", "mode": "rahasia",
                "what": "Petugas meminta uang tambahan di luar tarif resmi saat perpanjangan STNK.",
                "incident_date": "2026-11-20",
                "reporter": {"name": "Warga", "email": format!("warga{i}@contoh.id")}}),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::CREATED);
        let v: Value = r.json().await.unwrap();
        codes.push(v["tracking_code"].as_str().unwrap().to_string());
    }
    // Transitions sent to both instances at once keep the audit chain whole.
    let mut sends = Vec::new();
    for (i, code) in codes.iter().enumerate() {
        let base = if i % 2 == 0 { a.clone() } else { b.clone() };
        let (client, cookie, csrf, code) =
            (client.clone(), cookie.clone(), csrf.clone(), code.clone());
        sends.push(tokio::spawn(async move {
            client
                .post(format!(
                    "{base}/api/v1/triage/complaints/{code}/transitions"
                ))
                .header("cookie", &cookie)
                .header("x-csrf-token", &csrf)
                .json(&json!({"action": "verify", "reason": "bukti cukup"}))
                .send()
                .await
                .unwrap()
                .status()
        }));
    }
    for s in sends {
        assert_eq!(s.await.unwrap(), StatusCode::OK);
    }
    let chain = app::audit::verify_chain(&db).await.unwrap();
    assert_eq!(chain.first_broken_id, None, "the audit chain holds");
    assert!(
        chain.entries >= 8,
        "each verification recorded: {}",
        chain.entries
    );

    // Each mail is sent once, by one instance or the other.
    let mut all_sent = false;
    for _ in 0..60 {
        let row = db
            .query_one_raw(sea_orm::Statement::from_string(
                db.get_database_backend(),
                "SELECT COUNT(*) AS n FROM outbox WHERE status <> 'sent'".to_string(),
            ))
            .await
            .unwrap()
            .unwrap();
        if row.try_get::<i64>("", "n").unwrap() == 0 {
            all_sent = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    assert!(all_sent, "the outbox emptied");
    let mut files = Vec::new();
    for side in ["a", "b"] {
        if let Ok(dir) = std::fs::read_dir(dir.path().join(side).join("mail")) {
            files.extend(dir.map(|e| e.unwrap().file_name().to_string_lossy().to_string()));
        }
    }
    let unique: HashSet<&String> = files.iter().collect();
    assert_eq!(unique.len(), files.len(), "no mail sent by both: {files:?}");
    let queued = db
        .query_one_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            "SELECT COUNT(*) AS n FROM outbox".to_string(),
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get::<i64>("", "n")
        .unwrap();
    assert_eq!(files.len() as i64, queued, "every queued mail sent");

    // The daily jobs ran today, once, on whichever instance claimed them first.
    let jobs = db
        .query_all_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            "SELECT name, COUNT(*) AS n FROM job_runs GROUP BY name".to_string(),
        ))
        .await
        .unwrap();
    assert!(!jobs.is_empty(), "the jobs ran");
    for j in jobs {
        assert_eq!(j.try_get::<i64>("", "n").unwrap(), 1);
    }

    // One address through the balancer: its quota (a burst of 5), not one per instance.
    let answers: serde_json::Map<String, Value> =
        (1..=9).map(|e| (format!("U{e}"), json!(3))).collect();
    let mut accepted = 0;
    for _ in 0..12 {
        let r = client
            .post(format!("{lb}/api/v1/surveys"))
            .json(&json!({"service_code": "skj-pkb", "answers": answers}))
            .send()
            .await
            .unwrap();
        if r.status() == StatusCode::CREATED {
            accepted += 1;
        } else {
            assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
        }
    }
    assert_eq!(accepted, 5, "one address's quota across both instances");
    db.close().await.ok();
}

fn which(name: &str) -> Option<std::path::PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .chain([std::path::PathBuf::from("/usr/sbin")])
            .map(|p| p.join(name))
            .find(|p| p.exists())
    })
}
