//! The second security review's findings (issue 27), each proven closed through the real
//! server: PDF bombs cost nothing on the request threads and are refused, a wrong reply key
//! is refused before a file byte is read, the sign-in lock, the reply-key lock and the kiosk
//! limits hold under 40 requests at once, and the unit reported never sees who reported.

use super::complaints::{filed, rahasia};
use super::triage::act;
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use serde_json::json;
use std::io::Write;
use std::time::{Duration, Instant};
use suara_tests::{Session, TestApp, on_both_backends_with};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A 1-page PDF whose object stream inflates to 255 MB of spaces (about 250 KB on disk),
/// as the review built it.
fn pdf_bomb() -> Vec<u8> {
    static BOMB: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    BOMB.get_or_init(|| {
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        let block = vec![b' '; 1 << 20];
        for _ in 0..255 {
            z.write_all(&block).expect("compressing in memory");
        }
        let data = z.finish().expect("compressing in memory");
        let mut pdf = b"%PDF-1.7\n".to_vec();
        let mut offsets = Vec::new();
        for (i, body) in [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] >>",
        ]
        .iter()
        .enumerate()
        {
            offsets.push(pdf.len());
            pdf.extend(format!("{} 0 obj\n{body}\nendobj\n", i + 1).bytes());
        }
        offsets.push(pdf.len());
        pdf.extend(
            format!(
                "4 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length {} >>\nstream\n",
                data.len()
            )
            .bytes(),
        );
        pdf.extend(&data);
        pdf.extend(b"\nendstream\nendobj\n");
        let xref = pdf.len();
        pdf.extend(b"xref\n0 5\n0000000000 65535 f \n");
        for o in offsets {
            pdf.extend(format!("{o:010} 00000 n \n").bytes());
        }
        pdf.extend(format!("trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n").bytes());
        pdf
    })
    .clone()
}

/// The process's peak resident memory in MiB (the server runs in the test's process).
fn peak_rss_mib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<u64>().ok())
        .map_or(0, |kb| kb / 1024)
}

/// The text fields of a complaint body added to a multipart form.
fn text_fields(body: &serde_json::Value, form: Form) -> Form {
    body.as_object()
        .expect("an object")
        .iter()
        .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
        .fold(form, |f, (k, v)| f.text(k, v))
}

fn bombs(form: Form) -> Form {
    (0..5).fold(form, |f, i| {
        f.part(
            "files",
            Part::bytes(pdf_bomb())
                .file_name(format!("bukti-{i}.pdf"))
                .mime_str("application/pdf")
                .expect("a media type"),
        )
    })
}

async fn pdf_bombs_on_every_upload_route_leave_the_server_answering_and_are_refused(app: TestApp) {
    let (code, key) = filed(&app, &rahasia()).await;
    let token = super::complaints::token_of(&app.get_text("/lapor", None).await);
    let mut anonim = rahasia();
    anonim["mode"] = json!("anonim");
    let before = peak_rss_mib();
    let base = app.url("");
    // Health is asked every 50 ms while the bombs are cleaned.
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let health = {
        let (client, done) = (app.client.clone(), done.clone());
        let url = format!("{base}/healthz");
        tokio::spawn(async move {
            let mut slowest = Duration::ZERO;
            while !done.load(std::sync::atomic::Ordering::SeqCst) {
                let t = Instant::now();
                let r = client.get(&url).send().await.expect("healthz answers");
                assert!(r.status().is_success());
                slowest = slowest.max(t.elapsed());
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            slowest
        })
    };
    let started = Instant::now();
    let mut sends = Vec::new();
    for _ in 0..2 {
        let c = app.client.clone();
        let form = bombs(
            Form::new()
                .text("reply_key", key.clone())
                .text("text", "Bukti tambahan"),
        );
        sends.push(tokio::spawn(
            c.post(format!("{base}/api/v1/complaints/{code}/messages"))
                .multipart(form)
                .send(),
        ));
        let form = bombs(
            Form::new()
                .text("reply_key", key.clone())
                .text("text", "Bukti tambahan"),
        );
        sends.push(tokio::spawn(
            c.post(format!("{base}/lacak/{code}/balas"))
                .multipart(form)
                .send(),
        ));
        let filing = text_fields(&anonim, Form::new().text("form_token", token.clone()));
        sends.push(tokio::spawn(
            c.post(format!("{base}/lapor"))
                .multipart(bombs(filing.text("website", "")))
                .send(),
        ));
        let api = text_fields(&anonim, Form::new());
        sends.push(tokio::spawn(
            c.post(format!("{base}/api/v1/complaints"))
                .multipart(bombs(api))
                .send(),
        ));
    }
    for s in sends {
        let r = s.await.expect("joined").expect("an answer");
        let status = r.status();
        let body = r.text().await.unwrap_or_default();
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body:.300}");
        let shown = body
            .find("field-error")
            .map_or(&body[..body.len().min(300)], |at| {
                &body[at..body.len().min(at + 300)]
            });
        assert!(
            body.contains("file_too_complex") || body.contains("terlalu rumit"),
            "the file is refused with a clear message: {shown}"
        );
    }
    let took = started.elapsed();
    done.store(true, std::sync::atomic::Ordering::SeqCst);
    let slowest = health.await.expect("joined");
    let grew = peak_rss_mib().saturating_sub(before);
    eprintln!(
        "bombs: 8 requests x 5 bombs refused in {took:?}; slowest /healthz {slowest:?}; peak RSS grew {grew} MiB"
    );
    assert!(
        slowest < Duration::from_secs(1),
        "health stays answering: {slowest:?}"
    );
    assert!(grew < 200, "memory stays bounded: +{grew} MiB");
    // Nothing of the bombs was stored.
    assert_eq!(app.count("complaint_files").await, 0);
}

/// Sends a multipart head with a wrong key and the start of a file, then stops sending: the
/// server must answer from what it has, without waiting for the file.
async fn answer_to_a_stalled_upload(app: &TestApp, path: &str, key: &str) -> String {
    let mut s = tokio::net::TcpStream::connect(app.addr)
        .await
        .expect("connects");
    let head = format!(
        "--B0\r\nContent-Disposition: form-data; name=\"reply_key\"\r\n\r\n{key}\r\n\
         --B0\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\nTambahan\r\n\
         --B0\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.pdf\"\r\n\
         Content-Type: application/pdf\r\n\r\n%PDF-1.7\n"
    );
    let req = format!(
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n\
         Content-Type: multipart/form-data; boundary=B0\r\nContent-Length: 4000000\r\n\r\n{head}"
    );
    s.write_all(req.as_bytes()).await.expect("sends");
    let mut buf = vec![0u8; 16384];
    let n = tokio::time::timeout(Duration::from_secs(10), s.read(&mut buf))
        .await
        .expect("answered without the rest of the file")
        .expect("reads");
    String::from_utf8_lossy(&buf[..n]).to_string()
}

async fn a_wrong_reply_key_is_refused_before_a_file_byte_is_read(app: TestApp) {
    let (code, _) = filed(&app, &rahasia()).await;
    for path in [
        format!("/api/v1/complaints/{code}/messages"),
        format!("/lacak/{code}/balas"),
    ] {
        let answer = answer_to_a_stalled_upload(&app, &path, "0000 0000 0000 0000").await;
        assert!(
            // The API: 403, a key that opens nothing; the page: the form again (422).
            answer.starts_with("HTTP/1.1 403") && answer.contains("reply_key_wrong")
                || path.starts_with("/lacak") && answer.starts_with("HTTP/1.1 422"),
            "{path}: {answer:.400}"
        );
    }
    // An unknown code is refused before the body is read at all.
    let answer = answer_to_a_stalled_upload(
        &app,
        "/api/v1/complaints/7ZZZZZZZZZZZ/messages",
        "0000 0000 0000 0000",
    )
    .await;
    assert!(answer.starts_with("HTTP/1.1 404"), "{answer:.300}");
}

/// Posts 40 requests at once and returns their statuses.
pub async fn forty<F, Fut>(make: F) -> Vec<StatusCode>
where
    F: Fn(usize) -> Fut,
    Fut: std::future::Future<Output = reqwest::Response> + Send + 'static,
{
    let tasks: Vec<_> = (0..40).map(|i| tokio::spawn(make(i))).collect();
    let mut out = Vec::new();
    for t in tasks {
        out.push(t.await.expect("joined").status());
    }
    out
}

pub fn count(statuses: &[StatusCode], s: StatusCode) -> usize {
    statuses.iter().filter(|x| **x == s).count()
}

async fn forty_parallel_wrong_passwords_check_five_and_the_right_one_then_waits(app: TestApp) {
    let email = "balapan@jambiprov.go.id";
    let _ = app.signed_in(email, "inspector", &[]).await;
    let (client, url) = (app.client.clone(), app.url("/api/v1/auth/login"));
    let statuses = forty(|i| {
        let (client, url) = (client.clone(), url.clone());
        async move {
            client
                .post(url)
                .json(&json!({"email": email, "password": format!("salah-{i}")}))
                .send()
                .await
                .expect("an answer")
        }
    })
    .await;
    assert_eq!(
        count(&statuses, StatusCode::UNAUTHORIZED),
        5,
        "five wrong passwords checked: {statuses:?}"
    );
    assert_eq!(count(&statuses, StatusCode::TOO_MANY_REQUESTS), 35);
    let r = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"email": email, "password": suara_tests::PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS, "the lock holds");
}

/// Whoever holds a session (a phone left signed in) gets five guesses at the current
/// password, however many are sent at once; then even the right one waits, in the API (429,
/// `Retry-After`) and the form (its message, what was typed not echoed). The account's own
/// sign-in is not locked by them.
async fn forty_parallel_wrong_current_passwords_check_five_and_the_right_one_then_waits(
    app: TestApp,
) {
    let email = "sandi.balapan@jambiprov.go.id";
    let s = app.signed_in(email, "inspector", &[]).await;
    // A password change from session `s` with `current`.
    let change = |s: &Session, current: String| {
        app.client
            .post(app.url("/api/v1/auth/password"))
            .header("cookie", &s.cookie)
            .header("x-csrf-token", &s.csrf)
            .json(&json!({"current": current, "new": "teh manis sore hari"}))
            .send()
    };
    let statuses = forty(|i| {
        let sent = change(&s, format!("tebakan-{i}"));
        async move { sent.await.expect("an answer") }
    })
    .await;
    assert_eq!(
        count(&statuses, StatusCode::FORBIDDEN),
        5,
        "five wrong current passwords checked: {statuses:?}"
    );
    assert_eq!(count(&statuses, StatusCode::TOO_MANY_REQUESTS), 35);
    let r = change(&s, suara_tests::PASSWORD.into()).await.unwrap();
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS, "the lock holds");
    assert!(r.headers().contains_key("retry-after"));
    let r = app
        .client
        .post(app.url("/staf/sandi"))
        .header("cookie", &s.cookie)
        .form(&[
            ("csrf", s.csrf.as_str()),
            ("current", suara_tests::PASSWORD),
            ("new", "teh manis sore hari"),
            ("confirm", "teh manis sore hari"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("Terlalu banyak kata sandi sekarang yang salah"),
        "{html}"
    );
    assert!(
        !html.contains("teh manis sore hari"),
        "nothing typed is echoed"
    );
    // The password did not change, the account still signs in, and its owner's own session
    // (not the guessing one) changes the password, which ends the guessing session.
    let owner = suara_tests::sign_in(&app.client, &app.url(""), email, suara_tests::PASSWORD).await;
    let r = change(&owner, suara_tests::PASSWORD.into()).await.unwrap();
    assert_eq!(
        r.status(),
        StatusCode::NO_CONTENT,
        "the owner is not locked out"
    );
    let r = app
        .client
        .get(app.url("/api/v1/auth/me"))
        .header("cookie", &s.cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        StatusCode::UNAUTHORIZED,
        "the guessing session ended"
    );
}

async fn forty_parallel_wrong_reply_keys_from_forty_addresses_check_five(app: TestApp) {
    let (code, key) = filed(&app, &rahasia()).await;
    let (client, url) = (
        app.client.clone(),
        app.url(&format!("/api/v1/complaints/{code}/messages")),
    );
    let statuses = forty(|i| {
        let (client, url) = (client.clone(), url.clone());
        let wrong = app::complaints::domain::ReplyKey::from_random(
            [u8::try_from(i % 10).expect("a digit"); app::complaints::domain::KEY_RANDOM_DIGITS],
        )
        .grouped();
        async move {
            client
                .post(url)
                .header("x-forwarded-for", format!("10.9.{i}.1"))
                .json(&json!({"reply_key": wrong, "text": "tebakan"}))
                .send()
                .await
                .expect("an answer")
        }
    })
    .await;
    assert_eq!(
        count(&statuses, StatusCode::FORBIDDEN),
        5,
        "five keys checked: {statuses:?}"
    );
    assert_eq!(count(&statuses, StatusCode::TOO_MANY_REQUESTS), 35);
    let r = app
        .client
        .post(url)
        .json(&json!({"reply_key": key, "text": "kunci benar"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS, "the lock holds");
}

async fn forty_parallel_kiosk_posts_store_one_per_interval_and_the_cap_a_day(app: TestApp) {
    let cookie = super::kiosk::enrolled(&app).await;
    let (client, url) = (app.client.clone(), app.url("/kios"));
    let post = |prefix: u32| {
        let (client, url, cookie) = (client.clone(), url.clone(), cookie.clone());
        move |i: usize| {
            let (client, url, cookie) = (client.clone(), url.clone(), cookie.clone());
            let form = super::kiosk::answers(&format!("{prefix:08x}-0000-4000-8000-{i:012x}"));
            async move {
                client
                    .post(url)
                    .header("cookie", cookie)
                    .form(&form)
                    .send()
                    .await
                    .expect("an answer")
            }
        }
    };
    let statuses = forty(post(1)).await;
    assert_eq!(
        app.count("survey_responses").await,
        1,
        "one inside the interval: {statuses:?}"
    );
    assert_eq!(count(&statuses, StatusCode::TOO_MANY_REQUESTS), 39);
    assert_eq!(
        app.count("kiosk_held_responses").await,
        2,
        "held back to be stored later, within the cap of 3 a day"
    );
    // The interval gone (answered long enough ago, as kept offline), the cap of 3 a day,
    // the held ones counted.
    let old = (chrono::Utc::now() - chrono::Duration::minutes(5)).to_rfc3339();
    let statuses = forty(|i| {
        let (client, url, cookie, old) = (client.clone(), url.clone(), cookie.clone(), old.clone());
        let mut form = super::kiosk::answers(&format!("00000002-0000-4000-8000-{i:012x}"));
        form.push(("answered_at".into(), old));
        async move {
            client
                .post(url)
                .header("cookie", cookie)
                .form(&form)
                .send()
                .await
                .expect("an answer")
        }
    })
    .await;
    assert_eq!(
        app.count("survey_responses").await + app.count("kiosk_held_responses").await,
        3,
        "the daily cap, stored and held: {statuses:?}"
    );
    assert_eq!(count(&statuses, StatusCode::TOO_MANY_REQUESTS), 40);
}

async fn the_unit_reported_never_sees_an_open_reporter(app: TestApp) {
    let inspector = app
        .signed_in("terbuka-i@jambiprov.go.id", "inspector", &[])
        .await;
    let officer = app
        .signed_in(
            "terbuka-o@jambiprov.go.id",
            "unit_officer",
            &["samsat-kota"],
        )
        .await;
    let mut open = rahasia();
    open["mode"] = json!("terbuka");
    let (code, _) = filed(&app, &open).await;
    for (action, extra) in [
        ("verify", json!({"reason": "cukup"})),
        (
            "disposition",
            json!({"unit_code": "samsat-kota", "reason": "wewenang unit"}),
        ),
    ] {
        let mut body = json!({"action": action});
        for (k, v) in extra.as_object().expect("an object") {
            body[k] = v.clone();
        }
        let (s, b) = act(&app, &inspector, &code, body).await;
        assert_eq!(s, StatusCode::OK, "{b}");
    }
    let seen = app.case_json(&inspector, &code).await;
    assert_eq!(seen["reporter"]["name"], super::complaints::SECRET_NAME);
    let unit = app.case_json(&officer, &code).await;
    assert!(unit["reporter"]["name"].is_null(), "{}", unit["reporter"]);
    assert!(unit["reporter"]["email"].is_null() && unit["reporter"]["phone"].is_null());
    let page = app
        .get_text(&format!("/staf/kasus/{code}"), Some(&officer.cookie))
        .await;
    for secret in [
        super::complaints::SECRET_NAME,
        super::complaints::SECRET_EMAIL,
        "0812-7400-1122",
    ] {
        assert!(!page.contains(secret), "{secret} shown to the unit");
    }
    assert!(page.contains("hanya untuk Inspektorat"));
    assert!(
        app.get_text("/lapor", None)
            .await
            .contains("tidak diberikan kepada unit yang dilaporkan")
    );
}

async fn training_programs_follow_the_readers_units(app: TestApp) {
    let admin = app.signed_in("latih-a@jambiprov.go.id", "admin", &[]).await;
    let id = super::analytics::post_program(
        &app,
        &admin,
        &json!({"name": "Pelayanan Prima Samsat", "topic": "Kesopanan", "target_elements": ["U7"],
            "unit_codes": ["samsat-kota"], "participants": 12,
            "start_date": "2026-04-01", "end_date": "2026-04-03"}),
    )
    .await;
    for role in ["manager", "inspector"] {
        let rsud = app
            .signed_in(&format!("latih-{role}@rsud.go.id"), role, &["rsud-rm"])
            .await;
        let r = app
            .client
            .get(app.url(&format!("/api/v1/training/{id}/impact")))
            .header("cookie", &rsud.cookie)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{role} of RSUD");
        let list: serde_json::Value = app
            .client
            .get(app.url("/api/v1/training"))
            .header("cookie", &rsud.cookie)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(list, json!([]), "{role} of RSUD lists none");
        let page = app
            .get_text(&format!("/staf/pelatihan/{id}"), Some(&rsud.cookie))
            .await;
        assert!(
            !page.contains("Pelayanan Prima Samsat"),
            "{role}: {page:.300}"
        );
        let samsat = app
            .signed_in(
                &format!("latih-{role}@samsat.go.id"),
                role,
                &["samsat-kota"],
            )
            .await;
        let r = app
            .client
            .get(app.url(&format!("/api/v1/training/{id}/impact")))
            .header("cookie", &samsat.cookie)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{role} of Samsat");
    }
}

on_both_backends_with!(&[
        ("SUARA_TRUSTED_IP_HEADER", "X-Forwarded-For"),
        ("SUARA_KIOSK_DAILY_CAP", "3"),
    ];
    pdf_bombs_on_every_upload_route_leave_the_server_answering_and_are_refused,
    a_wrong_reply_key_is_refused_before_a_file_byte_is_read,
    forty_parallel_wrong_passwords_check_five_and_the_right_one_then_waits,
    forty_parallel_wrong_current_passwords_check_five_and_the_right_one_then_waits,
    forty_parallel_wrong_reply_keys_from_forty_addresses_check_five,
    forty_parallel_kiosk_posts_store_one_per_interval_and_the_cap_a_day,
    the_unit_reported_never_sees_an_open_reporter,
    training_programs_follow_the_readers_units,
);
