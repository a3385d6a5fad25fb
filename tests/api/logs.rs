//! What the server logs: ids, codes and causes, never a reporter's identity or what they
//! reported, even when mail fails and input is refused.

use super::complaints::{post_complaint, rahasia};
use reqwest::StatusCode;
use serde_json::json;
use std::sync::{Arc, Mutex, OnceLock};
use suara_tests::smtp::free_port;
use suara_tests::{Backend, spawn_app_with};
use tracing_subscriber::fmt::MakeWriter;

/// Everything logged in this test process.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("log buffer").extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Captured {
    type Writer = Captured;
    fn make_writer(&'a self) -> Captured {
        self.clone()
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().expect("log buffer")).into_owned()
    }
}

/// Installs a subscriber more verbose than production's (debug for everything but the
/// database drivers) that writes into memory.
fn capture() -> Captured {
    static LOGS: OnceLock<Captured> = OnceLock::new();
    LOGS.get_or_init(|| {
        let c = Captured::default();
        let _ = tracing_subscriber::fmt()
            .with_env_filter(
                "debug,sqlx=warn,sea_orm=warn,hyper=info,hyper_util=info,h2=info,reqwest=info",
            )
            .with_ansi(false)
            .with_writer(c.clone())
            .try_init();
        c
    })
    .clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logs_never_carry_identities_or_complaint_text() {
    let logs = capture();
    let smtp = format!("smtp://127.0.0.1:{}", free_port());
    let app = spawn_app_with(Backend::Sqlite, &[("SMTP_URL", &smtp)])
        .await
        .unwrap();
    let r = post_complaint(&app, &rahasia()).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let filed: serde_json::Value = r.json().await.unwrap();
    let code = filed["tracking_code"].as_str().unwrap().to_string();
    let key = filed["reply_key"].as_str().unwrap().to_string();
    // The reporter follows and writes with the code (and the key): neither reaches the logs.
    app.get_text(&format!("/lacak/{code}"), None).await;
    let wrote = reqwest::Client::new()
        .post(app.url(&format!("/api/v1/complaints/{code}/messages")))
        .json(&json!({"reply_key": key, "text": "Petugas loket meminta lagi kemarin."}))
        .send()
        .await
        .unwrap();
    assert_eq!(wrote.status(), StatusCode::CREATED);
    let mut refused = rahasia();
    refused["incident_date"] = json!("kemarin");
    assert_eq!(
        post_complaint(&app, &refused).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    // A kiosk's enrolment link is opened and confirmed: its token stays out of the logs.
    let admin = app.signed_in("admin@jambiprov.go.id", "admin", &[]).await;
    let (s, b) = super::kiosk::register(
        &app,
        &admin,
        json!({"unit_code": "samsat-kota", "name": "Loket log", "service_codes": ["skj-pkb"]}),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    let link = b["enrol_url"].as_str().unwrap();
    let path = &link[link.find("/kios/daftar/").unwrap()..];
    let token = path.trim_start_matches("/kios/daftar/").to_string();
    assert_eq!(
        app.client.get(app.url(path)).send().await.unwrap().status(),
        StatusCode::OK
    );
    assert_eq!(
        app.client
            .post(app.url(path))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::SEE_OTHER
    );
    let failed = app
        .eventually(10, || async { logs.text().contains("mail not sent") })
        .await;
    assert!(failed, "the capture sees the worker's failure");
    let text = logs.text();
    assert!(text.contains("/api/v1/complaints"), "requests are traced");
    assert!(
        text.contains(&format!("/lacak/{}…", &code[..4])),
        "a code's prefix correlates the lines of a case"
    );
    let digits: String = key.chars().filter(char::is_ascii_digit).collect();
    assert!(text.contains(&format!("/kios/daftar/{}…", &token[..4])));
    for secret in [code.as_str(), key.as_str(), digits.as_str(), token.as_str()] {
        assert!(
            !text.contains(secret),
            "a tracking code, reply key or enrolment token was logged"
        );
    }
    for secret in [
        "Siti Rahmawati",
        "siti.rahasia",
        "0812-7400",
        "Rp50.000",
        "Petugas loket",
    ] {
        assert!(!text.contains(secret), "{secret} appeared in the logs");
    }
}
