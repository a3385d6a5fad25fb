//! The inspector's working day through the real server: a rahasia identity opened only with a
//! reason and a confirmation (logged first, shown to the reporter as a date), the admins'
//! audit page and its CSV, the queue's search within scope, evidence shown in the browser,
//! who handles a case (taken, assigned, 40 takes at once), internal notes that never leave
//! the Inspectorate, possible duplicates merged in one click, response templates, mail to
//! the handling inspector, and the national holidays in the deadlines.

use super::complaints::{SECRET_NAME, WHAT, file, filed, rahasia};
use super::triage::{act, reveal_body};
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};
use suara_tests::{Session, TestApp, on_both_backends};

pub(super) async fn send(
    app: &TestApp,
    s: &Session,
    method: reqwest::Method,
    path: &str,
    body: Value,
) -> (StatusCode, Value) {
    let r = app
        .client
        .request(method, app.url(path))
        .header("cookie", &s.cookie)
        .header("x-csrf-token", &s.csrf)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = r.status();
    (status, r.json().await.unwrap_or(Value::Null))
}

async fn reveal(app: &TestApp, s: &Session, code: &str, body: Value) -> (StatusCode, Value) {
    send(
        app,
        s,
        reqwest::Method::POST,
        &format!("/api/v1/triage/complaints/{code}/reveal"),
        body,
    )
    .await
}

pub(super) async fn page(app: &TestApp, s: &Session, path: &str) -> (StatusCode, String) {
    let r = app
        .client
        .get(app.url(path))
        .header("cookie", &s.cookie)
        .send()
        .await
        .unwrap();
    (r.status(), r.text().await.unwrap())
}

pub(super) async fn form(
    app: &TestApp,
    s: &Session,
    path: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let mut body: Vec<(&str, &str)> = vec![("csrf", s.csrf.as_str())];
    body.extend_from_slice(fields);
    app.client
        .post(app.url(path))
        .header("cookie", &s.cookie)
        .form(&body)
        .send()
        .await
        .unwrap()
}

/// 40 requests at once, alternately by the two sessions; each answer with the index (0 or 1)
/// of the session that sent it.
pub(super) async fn forty_at_once(
    app: &TestApp,
    sessions: [&Session; 2],
    method: reqwest::Method,
    path: &str,
    body: Value,
) -> Vec<(usize, StatusCode)> {
    let tasks: Vec<_> = (0..40)
        .map(|i| {
            let who = i % 2;
            let (cookie, csrf) = (sessions[who].cookie.clone(), sessions[who].csrf.clone());
            let req = app
                .client
                .request(method.clone(), app.url(path))
                .header("cookie", cookie)
                .header("x-csrf-token", csrf)
                .json(&body);
            tokio::spawn(async move { (who, req.send().await.unwrap().status()) })
        })
        .collect();
    let mut answers = Vec::with_capacity(40);
    for t in tasks {
        answers.push(t.await.unwrap());
    }
    answers
}

async fn audit_count(app: &TestApp, action: &str) -> usize {
    app.table_text("audit_log").await.matches(action).count()
}

async fn an_identity_opens_only_for_a_reason_that_is_logged_first(app: TestApp) {
    let inspector = app.signed_in("ri@jambiprov.go.id", "inspector", &[]).await;
    let officer = app
        .signed_in("ro@samsat.go.id", "unit_officer", &["samsat-kota"])
        .await;
    let code = file(&app, &rahasia()).await;
    for body in [
        json!({"action": "verify", "reason": "cukup"}),
        json!({"action": "disposition", "reason": "ke UPTD", "unit_code": "samsat-kota"}),
    ] {
        assert_eq!(act(&app, &inspector, &code, body).await.0, StatusCode::OK);
    }
    let before = app.count("audit_log").await;
    // Without a reason, with a short one, or unconfirmed: refused, nothing shown or logged.
    for (body, error) in [
        (
            json!({"reason": "", "confirm": true}),
            "reveal_reason_short",
        ),
        (
            json!({"reason": "   perlu    ", "confirm": true}),
            "reveal_reason_short",
        ),
        (
            json!({"reason": "perlu memanggil saksi", "confirm": false}),
            "reveal_confirm_missing",
        ),
    ] {
        let (s, b) = reveal(&app, &inspector, &code, body).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
        assert_eq!(b["error"], error);
        assert!(!b.to_string().contains(SECRET_NAME));
    }
    let (s, _) = reveal(&app, &inspector, &code, json!({})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "no body at all");
    // Characters nobody can read are no reason.
    for invisible in [
        "\u{200B}".repeat(11),
        "\u{0}".repeat(12),
        "e\u{301}".repeat(3),
    ] {
        let (s, b) = reveal(
            &app,
            &inspector,
            &code,
            json!({"reason": invisible, "confirm": true}),
        )
        .await;
        assert_eq!(
            (s, b["error"].as_str()),
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                Some("reveal_reason_short")
            )
        );
    }
    assert_eq!(app.count("audit_log").await, before, "nothing logged");
    let (s, b) = reveal(&app, &officer, &code, reveal_body()).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{b}");
    // With both: logged with who and why, then shown.
    let (s, b) = reveal(&app, &inspector, &code, reveal_body()).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert_eq!(b["name"], SECRET_NAME);
    let log = app.table_text("audit_log").await;
    assert!(log.contains("perlu memanggil pelapor sebagai saksi"));
    // The inspector's history says who opened it, when and why; the unit sees none of it.
    let case = app.case_json(&inspector, &code).await;
    let opened = case["identity_opened"].as_array().unwrap();
    assert_eq!(opened.len(), 1);
    assert_eq!(opened[0]["by"], "ri@jambiprov.go.id");
    assert_eq!(opened[0]["reason"], "perlu memanggil pelapor sebagai saksi");
    let (_, html) = page(&app, &inspector, &format!("/staf/kasus/{code}")).await;
    assert!(html.contains("Identitas dibuka oleh ri@jambiprov.go.id"));
    let seen = app.case_json(&officer, &code).await;
    assert_eq!(seen["identity_opened"], json!([]));
    let (_, html) = page(&app, &officer, &format!("/staf/kasus/{code}")).await;
    assert!(!html.contains("Identitas dibuka") && !html.contains("sebagai saksi"));
    // The reporter reads that it was opened, and when, never by whom or why.
    let public = app.public_json(&code).await;
    assert_eq!(public["identity_opened"].as_array().unwrap().len(), 1);
    let status = app.get_text(&format!("/lacak/{code}"), None).await;
    assert!(status.contains("Identitas Anda dibuka oleh petugas Inspektorat pada"));
    assert!(!status.contains("ri@jambiprov.go.id") && !status.contains("sebagai saksi"));
    // The form without JavaScript: refused without a reason, the text typed kept and
    // inert; with the reason and the box ticked, the identity shows.
    let hostile = concat!("</text", "area><script>alert(1)</script><!--");
    let r = form(
        &app,
        &inspector,
        &format!("/staf/kasus/{code}/ungkap"),
        &[("reason", hostile)],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    assert!(body.contains("Centang pernyataan") && !body.contains(SECRET_NAME));
    assert!(!body.contains("<script>alert(1)") && body.contains("&lt;script&gt;"));
    let r = form(
        &app,
        &inspector,
        &format!("/staf/kasus/{code}/ungkap"),
        &[("reason", "pendek")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("minimal 10 karakter"));
    assert_eq!(audit_count(&app, "complaint.reveal_identity").await, 1);
    let r = form(
        &app,
        &inspector,
        &format!("/staf/kasus/{code}/ungkap"),
        &[("reason", "klarifikasi kronologi"), ("confirm", "1")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        r.headers()["cache-control"].to_str().unwrap(),
        "no-store",
        "an identity is never cached"
    );
    assert!(r.text().await.unwrap().contains(SECRET_NAME));
    assert_eq!(audit_count(&app, "complaint.reveal_identity").await, 2);
    // Once an inspector handles the case, another area inspector may not open it; the head
    // of the Inspectorate still may.
    let area = app
        .signed_in("ra@jambiprov.go.id", "inspector", &["samsat-kota"])
        .await;
    let handler = format!("/api/v1/triage/complaints/{code}/handler");
    let (s, _) = send(&app, &area, reqwest::Method::PUT, &handler, json!({})).await;
    assert_eq!(s, StatusCode::OK);
    let other = app
        .signed_in("rb@jambiprov.go.id", "inspector", &["bapenda"])
        .await;
    let (s, b) = reveal(&app, &other, &code, reveal_body()).await;
    assert_eq!(
        (s, b["error"].as_str()),
        (StatusCode::CONFLICT, Some("reveal_not_handler"))
    );
    assert_eq!(
        app.case_json(&other, &code).await["reporter"]["revealable"],
        false
    );
    assert_eq!(
        reveal(&app, &area, &code, reveal_body()).await.0,
        StatusCode::OK
    );
    assert_eq!(
        reveal(&app, &inspector, &code, reveal_body()).await.0,
        StatusCode::OK
    );
    assert_eq!(audit_count(&app, "complaint.reveal_identity").await, 4);
}

async fn admins_read_the_audit_log_filter_it_and_export_it(app: TestApp) {
    let admin = app.signed_in("aa@jambiprov.go.id", "admin", &[]).await;
    let inspector = app.signed_in("ai@jambiprov.go.id", "inspector", &[]).await;
    let code = file(&app, &rahasia()).await;
    let other = file(&app, &rahasia()).await;
    for c in [&code, &other] {
        let body = json!({"action": "verify", "reason": "cukup"});
        assert_eq!(act(&app, &inspector, c, body).await.0, StatusCode::OK);
    }
    let reason = "memanggil pelapor; \"saksi\" <b>kunci</b>";
    let (s, _) = reveal(
        &app,
        &inspector,
        &code,
        json!({"reason": reason, "confirm": true}),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let (s, html) = page(&app, &admin, "/staf/audit").await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        html.contains("Rantai hash utuh: 3 entri diperiksa"),
        "{html}"
    );
    assert!(html.contains("Pembukaan identitas pelapor Rahasia"));
    assert!(html.contains("ai@jambiprov.go.id"));
    assert!(
        html.contains("&lt;b&gt;kunci&lt;/b&gt;"),
        "the reason is inert"
    );
    assert!(!html.contains("<b>kunci</b>"));
    // Only admins.
    let (s, _) = page(&app, &inspector, "/staf/audit").await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let r = app
        .client
        .get(app.url("/staf/audit.csv"))
        .header("cookie", &inspector.cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // Filtered by case (typed in lower case with dashes), by action, by dates.
    let typed = format!("{}-{}", &other[..4], &other[4..]).to_lowercase();
    let (_, html) = page(&app, &admin, &format!("/staf/audit?case={typed}")).await;
    assert!(html.contains("1 entri") && html.contains("complaint.verify"));
    assert!(html.contains("Tidak ada identitas yang dibuka dalam pilihan ini"));
    let (_, html) = page(&app, &admin, "/staf/audit?action=complaint.reveal_identity").await;
    assert!(html.contains("1 entri"));
    let (_, html) = page(&app, &admin, "/staf/audit?from=2001-01-01&to=2001-01-31").await;
    assert!(html.contains("0 entri"));
    let (_, html) = page(&app, &admin, "/staf/audit?case=ZZZZ").await;
    assert!(html.contains("Kode kasus ini tidak dikenal"));
    // Markup in the echoed filters comes back inert.
    let (s, html) = page(
        &app,
        &admin,
        "/staf/audit?case=%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E&from=%3C!--&to=x",
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert!(!html.contains("<script>alert(1)") && !html.contains("value=\"<!--"));
    assert!(html.contains("&lt;script&gt;alert(1)") || html.contains("&quot;&gt;&lt;script"));
    // The CSV: for Excel with Indonesian settings, the reason in its own column.
    let r = app
        .client
        .get(app.url("/staf/audit.csv?action=complaint.reveal_identity&sep=%3B"))
        .header("cookie", &admin.cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["cache-control"], "no-store");
    let bytes = r.bytes().await.unwrap();
    assert!(
        bytes.starts_with("\u{feff}".as_bytes()),
        "a byte order mark"
    );
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    let mut lines = text.trim_start_matches('\u{feff}').lines();
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("\"Nomor\";\"Waktu (WIB)\";\"Pelaku\"")
    );
    let row = lines.next().unwrap();
    assert!(row.contains(&code) && row.contains("<b>kunci</b>"), "{row}");
    assert_eq!(lines.next(), None, "one reveal");
    // Tampering shows on the page.
    use sea_orm::ConnectionTrait;
    app.db
        .execute_unprepared("UPDATE audit_log SET detail = '{}' WHERE id = 2")
        .await
        .unwrap();
    let (_, html) = page(&app, &admin, "/staf/audit").await;
    assert!(html.contains("Rantai hash RUSAK mulai entri #2"));
}

async fn the_queue_finds_a_code_or_words_within_the_readers_scope(app: TestApp) {
    let head = app.signed_in("qh@jambiprov.go.id", "inspector", &[]).await;
    let rsud_only = app
        .signed_in("qr@jambiprov.go.id", "inspector", &["rsud-rm"])
        .await;
    let officer = app
        .signed_in("qo@samsat.go.id", "unit_officer", &["samsat-kota"])
        .await;
    let code = file(&app, &rahasia()).await;
    let mut other = rahasia();
    other["what"] =
        json!("Antrean sangat lama karena loket 2 tutup tanpa pemberitahuan 100% hari ini.");
    let other = file(&app, &other).await;
    let items = |v: &Value| -> Vec<String> {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["tracking_code"].as_str().unwrap().to_string())
            .collect()
    };
    // A code in lower case, with or without dashes.
    let dashed = format!("{}-{}-{}", &code[..4], &code[4..8], &code[8..]).to_lowercase();
    for q in [code.to_lowercase(), dashed.clone()] {
        assert_eq!(items(&search(&app, &head, &q).await), vec![code.clone()]);
    }
    // The console goes straight to the case.
    let r = app
        .client
        .get(app.url(&format!("/staf/antrean?q={dashed}")))
        .header("cookie", &head.cookie)
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert!(r.status().is_redirection(), "{}", r.status());
    assert_eq!(r.headers()["location"], format!("/staf/kasus/{code}"));
    // Words: each must appear, in any case; `%` stands for itself.
    assert_eq!(
        items(&search(&app, &head, "STNK rp50.000").await),
        vec![code.clone()]
    );
    assert_eq!(
        items(&search(&app, &head, "100%").await),
        vec![other.clone()]
    );
    assert!(items(&search(&app, &head, "10%0").await).is_empty());
    assert!(items(&search(&app, &head, "stnk loket-2-tutup").await).is_empty());
    // Within scope: an inspector for another unit finds nothing, nor does an officer before
    // the case is forwarded to their unit.
    assert!(items(&search(&app, &rsud_only, "stnk").await).is_empty());
    assert!(items(&search(&app, &rsud_only, &code).await).is_empty());
    assert!(items(&search(&app, &officer, "stnk").await).is_empty());
    for body in [
        json!({"action": "verify", "reason": "cukup"}),
        json!({"action": "disposition", "reason": "ke UPTD", "unit_code": "samsat-kota"}),
    ] {
        assert_eq!(act(&app, &head, &code, body).await.0, StatusCode::OK);
    }
    let found = search(&app, &officer, "stnk").await;
    assert_eq!(items(&found), vec![code.clone()]);
    // The first words for inspectors; never in an officer's queue.
    assert_eq!(found["items"][0]["excerpt"], Value::Null);
    let found = search(&app, &head, "stnk").await;
    assert!(
        found["items"][0]["excerpt"]
            .as_str()
            .unwrap()
            .starts_with("Petugas loket meminta uang")
    );
    let (_, html) = page(&app, &head, "/staf/antrean").await;
    assert!(html.contains("Petugas loket meminta uang"));
    let (_, html) = page(&app, &officer, "/staf/antrean").await;
    assert!(!html.contains("Petugas loket meminta uang"));
    // The officer's unit filter lists only the units they may see.
    let filter = &html[html.find("<select name=\"unit\">").unwrap()..];
    let filter = &filter[..filter.find("</select>").unwrap()];
    assert!(
        filter.contains("value=\"samsat-kota\"") && !filter.contains("value=\"rsud-rm\""),
        "{filter}"
    );
    // Markup typed in the search comes back inert.
    let (_, html) = page(
        &app,
        &head,
        &format!(
            "/staf/antrean?q={}",
            urlencode("\"><script>alert(1)</script>")
        ),
    )
    .await;
    assert!(!html.contains("<script>alert(1)") && html.contains("&lt;script&gt;"));
}

async fn search(app: &TestApp, s: &Session, q: &str) -> Value {
    let (st, body) = page(
        app,
        s,
        &format!("/api/v1/triage/complaints?q={}", urlencode(q)),
    )
    .await;
    assert_eq!(st, StatusCode::OK, "{body}");
    serde_json::from_str::<Value>(&body).unwrap()
}

async fn mine(app: &TestApp, s: &Session) -> Value {
    let (_, body) = page(app, s, "/api/v1/triage/complaints?mine=true").await;
    serde_json::from_str::<Value>(&body).unwrap()["total"].clone()
}

/// `s` as a query value.
pub(super) fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

async fn evidence_opens_in_the_browser_and_downloads_only_when_asked(app: TestApp) {
    let inspector = app.signed_in("ei@jambiprov.go.id", "inspector", &[]).await;
    let (code, key) = filed(&app, &rahasia()).await;
    let photo = std::fs::read(format!("{}/fixtures/tiny.jpg", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let form = Form::new()
        .text("reply_key", key)
        .text("text", "Foto kuitansi.")
        .part("files", Part::bytes(photo).file_name("kuitansi.jpg"));
    let r = app
        .client
        .post(app.url(&format!("/api/v1/complaints/{code}/messages")))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let case = app.case_json(&inspector, &code).await;
    let id = case["history"]
        .as_array()
        .unwrap()
        .iter()
        .find_map(|h| h["files"][0]["id"].as_i64())
        .unwrap();
    let url = format!("/api/v1/triage/complaints/{code}/files/{id}");
    let r = app
        .client
        .get(app.url(&url))
        .header("cookie", &inspector.cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let h = r.headers();
    assert!(
        h["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("inline;")
    );
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert!(h["cache-control"].to_str().unwrap().contains("no-store"));
    assert!(
        h["content-security-policy"]
            .to_str()
            .unwrap()
            .starts_with("sandbox")
    );
    assert_eq!(h["content-type"], "image/jpeg");
    let r = app
        .client
        .get(app.url(&format!("{url}?unduh=1")))
        .header("cookie", &inspector.cookie)
        .send()
        .await
        .unwrap();
    assert!(
        r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment;")
    );
    // The case page shows it as a thumbnail opening full size, and a download link.
    let (_, html) = page(&app, &inspector, &format!("/staf/kasus/{code}")).await;
    assert!(html.contains(&format!("<img src=\"{url}\"")), "a thumbnail");
    assert!(html.contains(&format!("href=\"{url}?unduh=1\"")));
    // Nobody without the case sees it.
    let stranger = app
        .signed_in("eo@rsud.go.id", "unit_officer", &["rsud-rm"])
        .await;
    let r = app
        .client
        .get(app.url(&url))
        .header("cookie", &stranger.cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}

async fn inspectors_take_cases_the_head_assigns_them_and_forty_takes_leave_one_handler(
    app: TestApp,
) {
    let head = app.signed_in("hh@jambiprov.go.id", "inspector", &[]).await;
    let a = app
        .signed_in("ha@jambiprov.go.id", "inspector", &["bapenda"])
        .await;
    let b = app
        .signed_in("hb@jambiprov.go.id", "inspector", &["samsat-kota"])
        .await;
    let rsud = app
        .signed_in("hr@jambiprov.go.id", "inspector", &["rsud-rm"])
        .await;
    let officer = app
        .signed_in("ho@samsat.go.id", "unit_officer", &["samsat-kota"])
        .await;
    let code = file(&app, &rahasia()).await;
    let path = format!("/api/v1/triage/complaints/{code}/handler");
    // 40 takes at once by two inspectors: one of them handles it, the other is told.
    let mut won = [0, 0];
    let mut taken = 0;
    for (who, status) in forty_at_once(&app, [&a, &b], reqwest::Method::PUT, &path, json!({})).await
    {
        match status {
            StatusCode::OK => won[who] += 1,
            StatusCode::CONFLICT => taken += 1,
            other => panic!("{other}"),
        }
    }
    assert!(won.contains(&0) && won.contains(&20), "{won:?}");
    assert_eq!(taken, 20);
    assert_eq!(audit_count(&app, "complaint.handler").await, 1);
    let (winner, loser) = if won[0] == 20 { (&a, &b) } else { (&b, &a) };
    let item = app.queue_item(&head, &code).await;
    assert!(item["handler_name"].as_str().unwrap().starts_with('h'));
    // "Kasus saya" lists it for the winner only.
    assert_eq!(mine(&app, winner).await, 1);
    assert_eq!(mine(&app, loser).await, 0);
    // Only the head assigns; to an inspector who may handle the case.
    let loser_id = user_id(&app, if won[0] == 20 { "hb@" } else { "ha@" }).await;
    let (s, _) = send(
        &app,
        winner,
        reqwest::Method::PUT,
        &path,
        json!({"user_id": loser_id}),
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let rsud_id = user_id(&app, "hr@").await;
    let (s, b2) = send(
        &app,
        &head,
        reqwest::Method::PUT,
        &path,
        json!({"user_id": rsud_id}),
    )
    .await;
    assert_eq!(
        (s, b2["error"].as_str()),
        (StatusCode::NOT_FOUND, Some("handler_unknown"))
    );
    let officer_id = user_id(&app, "ho@").await;
    let (s, _) = send(
        &app,
        &head,
        reqwest::Method::PUT,
        &path,
        json!({"user_id": officer_id}),
    )
    .await;
    assert_eq!(
        s,
        StatusCode::NOT_FOUND,
        "not an inspector who may handle it"
    );
    let (s, _) = send(&app, &officer, reqwest::Method::PUT, &path, json!({})).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = send(&app, &rsud, reqwest::Method::PUT, &path, json!({})).await;
    assert_eq!(s, StatusCode::NOT_FOUND, "out of scope");
    let (s, b3) = send(
        &app,
        &head,
        reqwest::Method::PUT,
        &path,
        json!({"user_id": loser_id}),
    )
    .await;
    assert_eq!(
        (s, b3["user_id"].as_i64()),
        (StatusCode::OK, Some(i64::from(loser_id)))
    );
    assert_eq!(mine(&app, loser).await, 1);
    assert_eq!(
        audit_count(&app, "complaint.handler").await,
        2,
        "reassignment audited"
    );
    // The console's button.
    let (_, html) = page(&app, &head, &format!("/staf/kasus/{code}")).await;
    assert!(html.contains("Tugaskan ke") && html.contains("Saya tangani"));
    let r = form(&app, &head, &format!("/staf/kasus/{code}/petugas"), &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let item = app.queue_item(&head, &code).await;
    assert_eq!(item["handler_name"], "hh@jambiprov.go.id");
}

/// 40 verifications of one case at once, by two inspectors: one moves it, every other is
/// refused (the workflow's 409, or `case_changed` for one that read the old status), and the
/// history and the audit log hold one step.
async fn forty_steps_at_once_move_a_case_once(app: TestApp) {
    let a = app.signed_in("sa@jambiprov.go.id", "inspector", &[]).await;
    let b = app.signed_in("sb@jambiprov.go.id", "inspector", &[]).await;
    let code = file(&app, &rahasia()).await;
    let path = format!("/api/v1/triage/complaints/{code}/transitions");
    let answers = forty_at_once(
        &app,
        [&a, &b],
        reqwest::Method::POST,
        &path,
        json!({"action": "verify", "reason": "bukti cukup"}),
    )
    .await;
    let mut ok = 0;
    for (_, status) in answers {
        match status {
            StatusCode::OK => ok += 1,
            StatusCode::CONFLICT => {}
            other => panic!("{other}"),
        }
    }
    assert_eq!(ok, 1);
    let case = app.case_json(&a, &code).await;
    let verified = case["history"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["status_to"] == "verified")
        .count();
    assert_eq!(verified, 1);
    assert_eq!(audit_count(&app, "complaint.verify").await, 1);
    // The same, without the timing: two writers that read the same case before either wrote
    // (as two PostgreSQL transactions or two instances may), the second changes nothing.
    let code = app::complaints::domain::TrackingCode::parse(&file(&app, &rahasia()).await).unwrap();
    let read = app::complaints::repo::find(&app.db, &code)
        .await
        .unwrap()
        .unwrap();
    let now = chrono::Utc::now();
    use app::complaints::domain::Status;
    let set = |to| app::complaints::repo::set_status(&app.db, &read, to, now);
    assert!(set(Status::Verified).await.unwrap());
    assert!(
        !set(Status::Rejected).await.unwrap(),
        "the stale read changes nothing"
    );
    let take = |h| app::triage::repo::set_handler(&app.db, read.id, None, Some(h));
    let ids = (user_id(&app, "sa@").await, user_id(&app, "sb@").await);
    assert!(take(ids.0).await.unwrap());
    assert!(!take(ids.1).await.unwrap(), "taken already");
    let now_read = app::complaints::repo::find(&app.db, &code)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (now_read.status.as_str(), now_read.handler_user_id),
        ("verified", Some(ids.0))
    );
}

async fn user_id(app: &TestApp, email_start: &str) -> i32 {
    app.table_text("users")
        .await
        .lines()
        .find(|l| l.contains(email_start))
        .and_then(|l| {
            l.split(|ch: char| !ch.is_ascii_digit())
                .find(|t| !t.is_empty())
        })
        .and_then(|t| t.parse().ok())
        .expect("the account's id")
}

async fn notes_stay_with_the_inspectorate_and_mail_reaches_the_handler(app: TestApp) {
    let head = app.signed_in("nh@jambiprov.go.id", "inspector", &[]).await;
    let other = app.signed_in("nx@jambiprov.go.id", "inspector", &[]).await;
    let officer = app
        .signed_in("no@samsat.go.id", "unit_officer", &["samsat-kota"])
        .await;
    let (code, key) = filed(&app, &rahasia()).await;
    for body in [
        json!({"action": "verify", "reason": "cukup"}),
        json!({"action": "disposition", "reason": "ke UPTD", "unit_code": "samsat-kota"}),
    ] {
        assert_eq!(act(&app, &head, &code, body).await.0, StatusCode::OK);
    }
    let note = "Catatan internal: cek CCTV loket 3 <i>sebelum</i> memanggil petugas.";
    let notes = format!("/api/v1/triage/complaints/{code}/notes");
    let (s, _) = send(
        &app,
        &head,
        reqwest::Method::POST,
        &notes,
        json!({"text": note}),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED);
    let (s, b) = send(
        &app,
        &head,
        reqwest::Method::POST,
        &notes,
        json!({"text": " \u{200B}\u{0} "}),
    )
    .await;
    assert_eq!(
        (s, b["error"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("note_missing"))
    );
    let (s, _) = send(
        &app,
        &officer,
        reqwest::Method::POST,
        &notes,
        json!({"text": "x"}),
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let case = app.case_json(&head, &code).await;
    assert_eq!(case["notes"][0]["text"], note);
    assert_eq!(case["notes"][0]["by"], "nh@jambiprov.go.id");
    let (_, html) = page(&app, &head, &format!("/staf/kasus/{code}")).await;
    assert!(html.contains("cek CCTV loket 3 &lt;i&gt;sebelum&lt;/i&gt;"));
    // Never to the unit, the reporter, Open311 or an export.
    assert_eq!(app.case_json(&officer, &code).await["notes"], json!([]));
    let (_, html) = page(&app, &officer, &format!("/staf/kasus/{code}")).await;
    let public = app.get_text(&format!("/lacak/{code}"), None).await;
    let json = app.public_json(&code).await.to_string();
    let open311 = app.get_text("/open311/v2/requests.json", None).await;
    let admin = app.signed_in("na@jambiprov.go.id", "admin", &[]).await;
    let (_, csv) = page(&app, &admin, "/staf/ekspor/pengaduan.csv").await;
    for (place, text) in [
        ("officer's page", &html),
        ("status page", &public),
        ("status JSON", &json),
        ("Open311", &open311),
        ("CSV", &csv),
    ] {
        assert!(!text.contains("cek CCTV"), "the note reached the {place}");
    }
    // The reporter answers: the handling inspector is mailed, naming the case, not the text.
    let path = format!("/api/v1/triage/complaints/{code}/handler");
    assert_eq!(
        send(&app, &head, reqwest::Method::PUT, &path, json!({}))
            .await
            .0,
        StatusCode::OK
    );
    let r = app
        .client
        .post(app.url(&format!("/api/v1/complaints/{code}/messages")))
        .json(&json!({"reply_key": key, "text": "Saksi bernama Pak Umar di loket 3."}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let mail = app
        .mail_to("nh@jambiprov.go.id", "menambahkan informasi")
        .await;
    assert!(
        mail.contains(&code[..4]) && !mail.contains("Pak Umar"),
        "{mail}"
    );
    assert!(
        !app.mails()
            .iter()
            .any(|m| m.contains("nx@jambiprov.go.id") && m.contains("menambahkan informasi")),
        "only the handler is mailed when there is one"
    );
    let _ = other;
}

async fn close_reports_are_offered_for_merging_in_one_click(app: TestApp) {
    let inspector = app.signed_in("di@jambiprov.go.id", "inspector", &[]).await;
    let first = file(&app, &rahasia()).await;
    let mut again = rahasia();
    again["what"] = json!(
        "petugas di loket samsat minta uang 50 ribu diluar tarif resmi supaya STNK cepat selesai"
    );
    let second = file(&app, &again).await;
    let mut unlike = rahasia();
    unlike["what"] =
        json!("Ruang tunggu panas dan kursi rusak, antrean tidak diatur sama sekali oleh satpam.");
    let unlike = file(&app, &unlike).await;
    let mut elsewhere = rahasia();
    elsewhere["category"] = json!("tidak_sopan");
    let elsewhere = file(&app, &elsewhere).await;
    let case = app.case_json(&inspector, &second).await;
    let similar: Vec<&str> = case["similar"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["tracking_code"].as_str().unwrap())
        .collect();
    assert_eq!(
        similar,
        vec![first.as_str()],
        "same unit and category, close words"
    );
    assert!(!similar.contains(&unlike.as_str()) && !similar.contains(&elsewhere.as_str()));
    let pct = case["similar"][0]["similarity_pct"].as_u64().unwrap();
    assert!((30..100).contains(&pct), "{pct}");
    // One click merges it.
    let (_, html) = page(&app, &inspector, &format!("/staf/kasus/{second}")).await;
    assert!(html.contains("Gabungkan laporan ini ke"));
    let reason = format!("Sama dengan laporan {first}");
    let r = form(
        &app,
        &inspector,
        &format!("/staf/kasus/{second}/aksi"),
        &[
            ("action", "mark_duplicate"),
            ("duplicate_of", &first),
            ("reason", &reason),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let case = app.case_json(&inspector, &second).await;
    assert_eq!(case["status"], "duplicate");
    assert_eq!(case["duplicate_of"], first.as_str());
    // A merged case is no longer offered.
    let case = app.case_json(&inspector, &first).await;
    assert_eq!(case["similar"], json!([]));
    let _ = WHAT;
}

async fn templates_start_the_reply_and_the_admin_pages_have_their_own_addresses(app: TestApp) {
    let admin = app.signed_in("ta@jambiprov.go.id", "admin", &[]).await;
    let inspector = app.signed_in("ti@jambiprov.go.id", "inspector", &[]).await;
    let body = concat!(
        "Mohon kirim foto kuitansi </text",
        "area><script>x()</script> dan nomor loket."
    );
    let r = form(
        &app,
        &admin,
        "/staf/admin/templat/simpan",
        &[("title", "Minta kuitansi"), ("body", body)],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], "/staf/admin/templat?ok=template");
    let r = form(
        &app,
        &admin,
        "/staf/admin/templat/simpan",
        &[("title", ""), ("body", "isi yang diketik")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("Tulis judul templat") && html.contains("isi yang diketik"));
    let r = form(
        &app,
        &inspector,
        "/staf/admin/templat/simpan",
        &[("title", "x"), ("body", "y")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let id = app
        .table_text("response_templates")
        .await
        .split(|c: char| !c.is_ascii_digit())
        .find(|t| !t.is_empty())
        .unwrap()
        .to_string();
    let code = file(&app, &rahasia()).await;
    let (_, html) = page(&app, &inspector, &format!("/staf/kasus/{code}")).await;
    assert!(html.contains("Minta kuitansi"), "the forms offer it");
    let (_, html) = page(
        &app,
        &inspector,
        &format!("/staf/kasus/{code}?templat={id}&untuk=ask"),
    )
    .await;
    assert!(html.contains("Mohon kirim foto kuitansi &lt;/textarea&gt;&lt;script&gt;"));
    assert!(!html.contains("<script>x()"));
    // The admin pages: each its own address, the holidays shipped and importable.
    for path in [
        "/staf/admin",
        "/staf/admin/unit-layanan",
        "/staf/admin/hari-libur",
        "/staf/admin/impor",
        "/staf/admin/templat",
    ] {
        let (s, html) = page(&app, &admin, path).await;
        assert_eq!(s, StatusCode::OK, "{path}");
        assert!(html.contains("aria-current=\"page\""), "{path}");
    }
    let (s, _) = page(&app, &admin, "/staf/admin/entah").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (_, html) = page(&app, &admin, "/staf/admin/hari-libur").await;
    assert!(html.contains("2026-03-23") && html.contains("Cuti bersama Idul Fitri"));
    let upload = |text: &'static str| {
        let form = Form::new().text("csrf", admin.csrf.clone()).part(
            "csv",
            Part::bytes(text.as_bytes().to_vec()).file_name("libur.csv"),
        );
        app.client
            .post(app.url("/staf/admin/libur-csv"))
            .header("cookie", &admin.cookie)
            .multipart(form)
            .send()
    };
    let before = app.count("holidays").await;
    let r = upload("date;name\n2028-01-01;Tahun Baru 2028 Masehi\n2028-02-30;Salah\n")
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    let errors = html.find("id=\"import-errors\"").expect("errors shown");
    let list = html.find("holiday-list").unwrap();
    assert!(errors < list, "the errors come first");
    assert!(
        html.contains("3: tanggal &#x27;2028-02-30&#x27;")
            || html.contains("3: tanggal '2028-02-30'"),
        "{}",
        &html[errors..errors + 400]
    );
    assert_eq!(app.count("holidays").await, before, "nothing saved");
    let r = upload(
        "date,name\n2028-01-01,Tahun Baru 2028 Masehi\n2028-01-03,</td><script>x()</script><!--\n",
    )
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.count("holidays").await, before + 2);
    // An imported name is shown as text.
    let (_, html) = page(&app, &admin, "/staf/admin/hari-libur").await;
    assert!(html.contains("&lt;/td&gt;&lt;script&gt;x()") && !html.contains("<script>x()"));
}

on_both_backends!(
    an_identity_opens_only_for_a_reason_that_is_logged_first,
    admins_read_the_audit_log_filter_it_and_export_it,
    the_queue_finds_a_code_or_words_within_the_readers_scope,
    evidence_opens_in_the_browser_and_downloads_only_when_asked,
    inspectors_take_cases_the_head_assigns_them_and_forty_takes_leave_one_handler,
    notes_stay_with_the_inspectorate_and_mail_reaches_the_handler,
    close_reports_are_offered_for_merging_in_one_click,
    templates_start_the_reply_and_the_admin_pages_have_their_own_addresses,
    kiosks_are_registered_unit_first_and_listed_by_service_names,
    forty_steps_at_once_move_a_case_once,
);

async fn kiosks_are_registered_unit_first_and_listed_by_service_names(app: TestApp) {
    let admin = app.signed_in("ka@jambiprov.go.id", "admin", &[]).await;
    let (s, html) = page(&app, &admin, "/staf/kios").await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        html.contains("Pilih unit terlebih dahulu") && !html.contains("id=\"svc-"),
        "unit first"
    );
    let (_, html) = page(&app, &admin, "/staf/kios?unit=samsat-kota").await;
    assert!(html.contains("id=\"svc-skj-pkb\"") && !html.contains("id=\"svc-rsud-rm-rj\""));
    let r = form(
        &app,
        &admin,
        "/staf/kios",
        &[
            ("unit_code", "samsat-kota"),
            ("name", "Tablet loket 1"),
            ("service", "skj-pkb"),
        ],
    )
    .await;
    assert!(r.status().is_success(), "{}", r.status());
    let (_, html) = page(&app, &admin, "/staf/kios").await;
    assert!(
        html.contains("Pembayaran PKB tahunan"),
        "listed by the service's name"
    );
    // An officer of one unit skips the choice.
    let officer = app
        .signed_in("ko@samsat.go.id", "unit_officer", &["samsat-kota"])
        .await;
    let (_, html) = page(&app, &officer, "/staf/kios").await;
    assert!(!html.contains("Pilih unit terlebih dahulu") && html.contains("id=\"svc-skj-pkb\""));
}

/// A case received and verified on Tuesday 17 March 2026: the working days skip Nyepi, Idul
/// Fitri and their cuti bersama (18-24 March).
mod lebaran {
    use super::*;

    /// Received on Tuesday 17 March 2026: its 3 working days to verify end on the 27th (the
    /// 20th with weekends alone); verified that day, its 14 working days end on 14 April.
    async fn a_deadline_across_idul_fitri_2026_skips_those_days(app: TestApp) {
        let inspector = app.signed_in("li@jambiprov.go.id", "inspector", &[]).await;
        let mut body = rahasia();
        body["incident_date"] = json!("2026-03-16");
        let code = file(&app, &body).await;
        let case = app.case_json(&inspector, &code).await;
        assert_eq!(
            case["due_date"], "2026-03-27",
            "received on the 17th: 3 working days"
        );
        let (s, _) = act(
            &app,
            &inspector,
            &code,
            json!({"action": "verify", "reason": "cukup"}),
        )
        .await;
        assert_eq!(s, StatusCode::OK);
        let case = app.case_json(&inspector, &code).await;
        // 14 working days from the 17th: 25-27 and 30-31 March, then 1, 2, 6-10, 13, 14 April
        // (Good Friday on the 3rd).
        assert_eq!(case["resolve_due"], "2026-04-14");
    }

    suara_tests::on_both_backends_with!(&[("SUARA_TODAY", "2026-03-17")];
        a_deadline_across_idul_fitri_2026_skips_those_days,
    );
}
