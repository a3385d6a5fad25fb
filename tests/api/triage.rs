//! The triage API: the workflow through real requests, deadlines, the authorization
//! matrix, reporter protection towards unit officers, the reveal, and the audit chain.

use super::complaints::{file, rahasia};
use reqwest::StatusCode;
use serde_json::{Value, json};
use suara_tests::{TestApp, on_both_backends};

use suara_tests::{PASSWORD, Session};

async fn get(app: &TestApp, s: Option<&Session>, path: &str) -> (StatusCode, String) {
    let mut req = app.client.get(app.url(path));
    if let Some(s) = s {
        req = req.header("cookie", &s.cookie);
    }
    let r = req.send().await.unwrap();
    (r.status(), r.text().await.unwrap())
}

async fn post(app: &TestApp, s: Option<&Session>, path: &str, body: Value) -> (StatusCode, Value) {
    let mut req = app.client.post(app.url(path)).json(&body);
    if let Some(s) = s {
        req = req
            .header("cookie", &s.cookie)
            .header("x-csrf-token", &s.csrf);
    }
    let r = req.send().await.unwrap();
    (r.status(), r.json().await.unwrap_or(Value::Null))
}

/// A reveal's body with a reason and the confirmation.
pub(super) fn reveal_body() -> Value {
    json!({"reason": "perlu memanggil pelapor sebagai saksi", "confirm": true})
}

pub(super) async fn act(
    app: &TestApp,
    s: &Session,
    code: &str,
    body: Value,
) -> (StatusCode, Value) {
    post(
        app,
        Some(s),
        &format!("/api/v1/triage/complaints/{code}/transitions"),
        body,
    )
    .await
}

/// Takes a filed case of UPTD Samsat Kota through its steps to `resolved`: verified and
/// dispositioned by the inspector, answered by the officer, resolved by the inspector.
pub(super) async fn resolve(app: &TestApp, inspector: &Session, officer: &Session, code: &str) {
    let (s, b) = act(
        app,
        inspector,
        code,
        json!({"action": "verify", "reason": "cukup"}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    resolve_verified(app, inspector, officer, code).await;
}

/// Like [`resolve`], for a case already verified.
pub(super) async fn resolve_verified(
    app: &TestApp,
    inspector: &Session,
    officer: &Session,
    code: &str,
) {
    for (who, body) in [
        (
            inspector,
            json!({"action": "disposition", "reason": "UPTD", "unit_code": "samsat-kota"}),
        ),
        (
            officer,
            json!({"action": "follow_up", "reason": "periksa", "text": "Sudah ditegur."}),
        ),
        (
            inspector,
            json!({"action": "resolve", "reason": "memadai", "finding": "substantiated", "actions": [{"kind": "coaching"}]}),
        ),
    ] {
        let (s, b) = act(app, who, code, body).await;
        assert_eq!(s, StatusCode::OK, "{b}");
    }
}

async fn a_case_goes_from_report_to_resolution_and_the_officer_never_sees_the_reporter(
    app: TestApp,
) {
    // The inspector covers Bapenda, and so its UPTD Samsat; the officer answers for Samsat.
    let inspector = app
        .signed_in(
            "inspektur@inspektorat.jambiprov.go.id",
            "inspector",
            &["bapenda"],
        )
        .await;
    let officer = app
        .signed_in(
            "petugas@samsat.jambiprov.go.id",
            "unit_officer",
            &["samsat-kota"],
        )
        .await;
    let code = file(&app, &rahasia()).await;

    let (s, body) = get(&app, Some(&inspector), "/api/v1/triage/complaints").await;
    assert_eq!(s, StatusCode::OK);
    let queue: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(queue["counts"]["received"], 1);
    let item = &queue["items"][0];
    assert_eq!(item["tracking_code"], code.as_str());
    let created =
        chrono::NaiveDate::parse_from_str(&item["created_at"].as_str().unwrap()[..10], "%Y-%m-%d")
            .unwrap();
    let due =
        chrono::NaiveDate::parse_from_str(item["due_date"].as_str().unwrap(), "%Y-%m-%d").unwrap();
    let days = (due - created).num_days();
    assert!(
        (3..=6).contains(&days),
        "3 working days to verify: {created} -> {due}"
    );

    let (s, _) = post(
        &app,
        None,
        &format!("/api/v1/triage/complaints/{code}/transitions"),
        json!({"action": "verify", "reason": "x"}),
    )
    .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let no_csrf = app
        .client
        .post(app.url(&format!("/api/v1/triage/complaints/{code}/transitions")))
        .header("cookie", &inspector.cookie)
        .json(&json!({"action": "verify", "reason": "bukti cukup"}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        no_csrf.status(),
        StatusCode::FORBIDDEN,
        "CSRF token required"
    );
    let (s, e) = act(&app, &inspector, &code, json!({"action": "verify"})).await;
    assert_eq!(
        (s, e["error"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("reason_missing"))
    );
    let (s, e) = act(
        &app,
        &inspector,
        &code,
        json!({"action": "resolve", "reason": "terlalu cepat"}),
    )
    .await;
    assert_eq!(
        (s, e["error"].as_str()),
        (StatusCode::CONFLICT, Some("transition_not_allowed"))
    );
    let (s, r) = act(
        &app,
        &inspector,
        &code,
        json!({"action": "verify", "reason": "bukti kuitansi cukup", "class": "desk",
        "text": "Laporan Anda kami verifikasi."}),
    )
    .await;
    assert_eq!(
        (s, r["status"].as_str()),
        (StatusCode::OK, Some("verified"))
    );

    // Before the disposition the officer sees nothing of it.
    let (s, _) = get(
        &app,
        Some(&officer),
        &format!("/api/v1/triage/complaints/{code}"),
    )
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, e) = act(
        &app,
        &inspector,
        &code,
        json!({"action": "disposition", "reason": "wewenang UPTD", "unit_code": "nowhere"}),
    )
    .await;
    assert_eq!(
        (s, e["error"].as_str()),
        (StatusCode::NOT_FOUND, Some("unit_unknown"))
    );
    let (s, _) = act(
        &app,
        &inspector,
        &code,
        json!({"action": "disposition", "reason": "wewenang UPTD", "unit_code": "samsat-kota"}),
    )
    .await;
    assert_eq!(s, StatusCode::OK);

    // Everything the officer can reach, searched for the reporter's identity.
    let mut seen = String::new();
    for path in [
        "/api/v1/triage/complaints",
        &format!("/api/v1/triage/complaints/{code}"),
        "/api/v1/auth/me",
        &format!("/lacak/{code}"),
    ] {
        let (s, body) = get(&app, Some(&officer), path).await;
        assert_eq!(s, StatusCode::OK, "{path}");
        seen += &body;
    }
    assert!(
        seen.contains("Rp50.000"),
        "the officer reads the report itself"
    );
    for secret in ["Siti Rahmawati", "siti.rahasia", "0812-7400"] {
        assert!(!seen.contains(secret), "{secret} reached a unit officer");
    }
    let (s, _) = post(
        &app,
        Some(&officer),
        &format!("/api/v1/triage/complaints/{code}/reveal"),
        reveal_body(),
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = act(
        &app,
        &officer,
        &code,
        json!({"action": "verify", "reason": "coba"}),
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN, "officers only follow up");
    let (s, e) = act(
        &app,
        &officer,
        &code,
        json!({"action": "follow_up", "reason": "diperiksa"}),
    )
    .await;
    assert_eq!(
        (s, e["error"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("text_missing"))
    );
    let answer = "Petugas loket telah diberi teguran tertulis dan uang Rp50.000 dikembalikan kepada pelapor.";
    let (s, _) = act(
        &app,
        &officer,
        &code,
        json!({"action": "follow_up", "reason": "hasil pemeriksaan", "text": answer}),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let (s, r) = act(
        &app,
        &inspector,
        &code,
        json!({"action": "resolve", "reason": "tindak lanjut memadai", "finding": "substantiated", "actions": [{"kind": "coaching"}]}),
    )
    .await;
    assert_eq!(
        (s, r["status"].as_str()),
        (StatusCode::OK, Some("resolved"))
    );

    // The reporter sees the unit's answer, not the internal reasons.
    let status_page = app.get_text(&format!("/lacak/{code}"), None).await;
    assert!(status_page.contains(answer) && status_page.contains("Selesai"));
    assert!(!status_page.contains("hasil pemeriksaan") && !status_page.contains("inspektur@"));
    // The inspector's case view has the whole history with who and why.
    let (_, body) = get(
        &app,
        Some(&inspector),
        &format!("/api/v1/triage/complaints/{code}"),
    )
    .await;
    let case: Value = serde_json::from_str(&body).unwrap();
    let history = case["history"].as_array().unwrap();
    assert_eq!(
        history.len(),
        5,
        "received, verified, dispositioned, followed_up, resolved"
    );
    assert_eq!(history[2]["reason"], "wewenang UPTD");
    assert_eq!(history[2]["actor"], "inspektur@inspektorat.jambiprov.go.id");
    assert_eq!(
        case["reporter"]["name"],
        Value::Null,
        "rahasia stays sealed until revealed"
    );
    assert_eq!(case["reporter"]["revealable"], true);
    // Within the reporter's objection window the case cannot be closed by hand.
    assert_eq!(case["actions"], json!(["reopen"]));
    // Every status change meant for the reporter was mailed.
    let mails = app
        .eventually(10, || async {
            app.mails()
                .iter()
                .filter(|m| m.contains("Status laporan"))
                .count()
                >= 4
        })
        .await;
    assert!(
        mails,
        "verified, dispositioned, followed up and resolved were mailed"
    );
}

async fn who_may_call_what(app: TestApp) {
    let code = file(&app, &rahasia()).await;
    let inspector = app
        .signed_in("i1@jambiprov.go.id", "inspector", &["samsat-kota"])
        .await;
    let other_inspector = app
        .signed_in("i2@jambiprov.go.id", "inspector", &["rsud-rm"])
        .await;
    let officer = app
        .signed_in("o1@jambiprov.go.id", "unit_officer", &["samsat-kota"])
        .await;
    let other_officer = app
        .signed_in("o2@jambiprov.go.id", "unit_officer", &["rsud-rm"])
        .await;
    let admin = app.signed_in("a1@jambiprov.go.id", "admin", &[]).await;
    let manager = app.signed_in("m1@jambiprov.go.id", "manager", &[]).await;
    let who: [(&str, Option<&Session>); 7] = [
        ("anonymous", None),
        ("admin", Some(&admin)),
        ("manager", Some(&manager)),
        ("inspector", Some(&inspector)),
        ("inspector of another unit", Some(&other_inspector)),
        ("unit officer", Some(&officer)),
        ("unit officer of another unit", Some(&other_officer)),
    ];
    let case = format!("/api/v1/triage/complaints/{code}");
    use StatusCode as S;
    let expect_get: [(&str, [S; 7]); 4] = [
        (
            "/api/v1/triage/complaints",
            [
                S::UNAUTHORIZED,
                S::FORBIDDEN,
                S::FORBIDDEN,
                S::OK,
                S::OK,
                S::OK,
                S::OK,
            ],
        ),
        (
            &case,
            [
                S::UNAUTHORIZED,
                S::FORBIDDEN,
                S::FORBIDDEN,
                S::OK,
                S::NOT_FOUND,
                S::NOT_FOUND,
                S::NOT_FOUND,
            ],
        ),
        (
            "/api/v1/triage/audit",
            [
                S::UNAUTHORIZED,
                S::OK,
                S::FORBIDDEN,
                S::OK,
                S::OK,
                S::FORBIDDEN,
                S::FORBIDDEN,
            ],
        ),
        (
            "/api/v1/auth/me",
            [S::UNAUTHORIZED, S::OK, S::OK, S::OK, S::OK, S::OK, S::OK],
        ),
    ];
    for (path, expected) in expect_get {
        for ((name, s), want) in who.iter().zip(expected) {
            let (got, body) = get(&app, *s, path).await;
            assert_eq!(got, want, "GET {path} as {name}");
            if path == "/api/v1/triage/complaints" && got == S::OK {
                assert_eq!(
                    body.contains(&code),
                    *name == "inspector",
                    "queue of {name}"
                );
            }
        }
    }
    let reveal = format!("{case}/reveal");
    let expected = [
        S::UNAUTHORIZED,
        S::FORBIDDEN,
        S::FORBIDDEN,
        S::OK,
        S::NOT_FOUND,
        S::FORBIDDEN,
        S::FORBIDDEN,
    ];
    for ((name, s), want) in who.iter().zip(expected) {
        let (got, body) = post(&app, *s, &reveal, reveal_body()).await;
        assert_eq!(got, want, "POST reveal as {name}");
        if got == S::OK {
            assert_eq!(body["name"], "Siti Rahmawati Pelapor");
        }
    }
    let transition = format!("{case}/transitions");
    let expected = [
        S::UNAUTHORIZED,
        S::FORBIDDEN,
        S::FORBIDDEN,
        S::OK,
        S::NOT_FOUND,
        S::NOT_FOUND,
        S::NOT_FOUND,
    ];
    // The allowed caller goes last, so the case is still `received` for everyone else.
    for ((name, s), want) in who.iter().zip(expected).rev() {
        let (got, _) = post(
            &app,
            *s,
            &transition,
            json!({"action": "verify", "reason": "cek"}),
        )
        .await;
        assert_eq!(got, want, "POST transition as {name}");
    }
}

async fn reveals_are_logged_and_tampering_with_the_audit_log_is_detected(app: TestApp) {
    let code = file(&app, &rahasia()).await;
    let inspector = app.signed_in("i@jambiprov.go.id", "inspector", &[]).await;
    for body in [
        json!({"action": "verify", "reason": "cukup"}),
        json!({"action": "disposition", "reason": "ke UPTD", "unit_code": "samsat-kota"}),
    ] {
        assert_eq!(act(&app, &inspector, &code, body).await.0, StatusCode::OK);
    }
    assert_eq!(
        post(
            &app,
            Some(&inspector),
            &format!("/api/v1/triage/complaints/{code}/reveal"),
            reveal_body()
        )
        .await
        .0,
        StatusCode::OK
    );
    let check = || async {
        let (s, body) = get(&app, Some(&inspector), "/api/v1/triage/audit").await;
        assert_eq!(s, StatusCode::OK);
        serde_json::from_str::<Value>(&body).unwrap()
    };
    let report = check().await;
    assert_eq!(report["entries"], 3);
    assert_eq!(report["first_broken_id"], Value::Null);
    assert!(
        app.table_text("audit_log")
            .await
            .contains("complaint.reveal_identity")
    );
    use sea_orm::ConnectionTrait;
    let db = app.db.clone();
    db.execute_unprepared("UPDATE audit_log SET detail = '{\"to\":\"closed\"}' WHERE id = 2")
        .await
        .unwrap();
    assert_eq!(
        check().await["first_broken_id"],
        2,
        "an edited entry is found"
    );
    db.execute_unprepared("DELETE FROM audit_log WHERE id = 2")
        .await
        .unwrap();
    assert_eq!(
        check().await["first_broken_id"],
        3,
        "a deleted entry breaks the next link"
    );
}

async fn overdue_cases_are_found_by_the_filter(app: TestApp) {
    let late = file(&app, &rahasia()).await;
    let fresh = file(&app, &rahasia()).await;
    let inspector = app.signed_in("i@jambiprov.go.id", "inspector", &[]).await;
    {
        use sea_orm::ConnectionTrait;
        app.db
            .execute_unprepared(&format!(
                "UPDATE complaints SET due_date = '2026-01-05' WHERE tracking_code = '{late}'"
            ))
            .await
            .unwrap();
    }
    let (_, body) = get(
        &app,
        Some(&inspector),
        "/api/v1/triage/complaints?overdue=true",
    )
    .await;
    let q: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(q["total"], 1);
    assert_eq!(q["items"][0]["tracking_code"], late.as_str());
    assert_eq!(q["items"][0]["overdue"], true);
    let (_, body) = get(
        &app,
        Some(&inspector),
        "/api/v1/triage/complaints?category=pungli&mode=rahasia&unit=bapenda",
    )
    .await;
    let q: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(q["total"], 2);
    assert_eq!(
        q["items"][0]["tracking_code"],
        late.as_str(),
        "sorted by deadline"
    );
    assert_eq!(q["items"][1]["tracking_code"], fresh.as_str());
    let (_, body) = get(
        &app,
        Some(&inspector),
        "/api/v1/triage/complaints?mode=anonim",
    )
    .await;
    assert_eq!(serde_json::from_str::<Value>(&body).unwrap()["total"], 0);
}

/// Puts `n` cases straight into the table: every third without a deadline, deadlines and
/// arrival times crossing each other, statuses and units mixed. Returns them as
/// (code, status, unit code, due date, created at).
async fn many_cases(
    app: &TestApp,
    n: usize,
) -> Vec<(
    String,
    String,
    String,
    Option<chrono::NaiveDate>,
    chrono::DateTime<chrono::Utc>,
)> {
    use app::entities::{complaint, unit};
    use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
    let units: Vec<unit::Model> = unit::Entity::find()
        .filter(unit::Column::Code.is_in(["bapenda", "samsat-kota", "dinkes"]))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(units.len(), 3);
    let start = chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    let t0 = chrono::DateTime::parse_from_rfc3339("2026-02-02T01:00:00Z")
        .unwrap()
        .to_utc();
    let statuses = ["received", "verified", "dispositioned", "closed"];
    let mut made = Vec::new();
    for i in 0..n {
        let u = &units[i % 3];
        let status = statuses[i % 4];
        // Deadlines run backwards while arrival runs forwards, several cases share a day.
        let due = (i % 3 != 0).then(|| start + chrono::Days::new(((n - i) / 4) as u64));
        let created = t0 + chrono::Duration::minutes((i * 7 % n) as i64);
        let code = format!("Q{i:011}");
        complaint::Entity::insert(complaint::ActiveModel {
            tracking_code: Set(code.clone()),
            unit_id: Set(u.id),
            category: Set("pungli".into()),
            mode: Set("anonim".into()),
            status: Set(status.into()),
            what: Set("Diminta uang tambahan di loket.".into()),
            reporter_has_email: Set(false),
            lang: Set("id".into()),
            source: Set("web".into()),
            created_at: Set(created),
            updated_at: Set(created),
            due_date: Set(due),
            reporter_news: Set(false),
            key_failures: Set(0),
            // The rest is null.
            ..Default::default()
        })
        .exec(&app.db)
        .await
        .unwrap();
        made.push((code, status.to_string(), u.code.clone(), due, created));
    }
    made
}

/// Every page of the queue at `path` (which has no `page`), one after the other.
async fn all_pages(app: &TestApp, s: &Session, path: &str) -> (Value, Vec<String>) {
    let mut codes = Vec::new();
    let mut first = Value::Null;
    for page in 1.. {
        let sep = if path.contains('?') { '&' } else { '?' };
        let (status, body) = get(app, Some(s), &format!("{path}{sep}page={page}")).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let q: Value = serde_json::from_str(&body).unwrap();
        let items = q["items"].as_array().unwrap();
        assert!(items.len() <= 50, "a page has at most 50 cases");
        if page == 1 {
            first = q.clone();
        }
        if items.is_empty() {
            break;
        }
        codes.extend(
            items
                .iter()
                .map(|i| i["tracking_code"].as_str().unwrap().to_string()),
        );
    }
    (first, codes)
}

async fn the_queue_is_counted_sorted_and_paged_over_many_cases(app: TestApp) {
    let made = many_cases(&app, 131).await;
    let inspector = app.signed_in("i@jambiprov.go.id", "inspector", &[]).await;
    // The nearest deadline first, cases without one last, then the oldest; across pages.
    let mut due = made.clone();
    due.sort_by_key(|c| (c.3.is_none(), c.3, c.4, c.0.clone()));
    let (first, codes) = all_pages(&app, &inspector, "/api/v1/triage/complaints").await;
    assert_eq!(first["total"], 131);
    assert_eq!(codes, due.iter().map(|c| c.0.clone()).collect::<Vec<_>>());
    for status in ["received", "verified", "dispositioned", "closed"] {
        let n = made.iter().filter(|c| c.1 == status).count();
        assert_eq!(first["counts"][status], n, "{status}");
    }
    // Newest first.
    let mut newest = made.clone();
    newest.sort_by_key(|c| std::cmp::Reverse((c.4, c.0.clone())));
    let (_, codes) = all_pages(&app, &inspector, "/api/v1/triage/complaints?sort=newest").await;
    assert_eq!(
        codes,
        newest.iter().map(|c| c.0.clone()).collect::<Vec<_>>()
    );
    // A status and a unit with its UPTDs: the total is that status's count, the counts
    // are over the unit for every status.
    let bapenda: Vec<_> = made
        .iter()
        .filter(|c| c.2 == "bapenda" || c.2 == "samsat-kota")
        .collect();
    let mut received: Vec<_> = bapenda.iter().filter(|c| c.1 == "received").collect();
    received.sort_by_key(|c| (c.4, c.0.clone()));
    let (first, codes) = all_pages(
        &app,
        &inspector,
        "/api/v1/triage/complaints?unit=bapenda&status=received&sort=received",
    )
    .await;
    assert_eq!(first["total"], received.len());
    assert_eq!(
        first["counts"]["verified"],
        bapenda.iter().filter(|c| c.1 == "verified").count()
    );
    assert_eq!(
        codes,
        received.iter().map(|c| c.0.clone()).collect::<Vec<_>>()
    );
    // Overdue: open, past the deadline; a page past the end is empty with the total.
    let today = app::clock::today();
    let overdue = made
        .iter()
        .filter(|c| c.1 != "closed" && c.3.is_some_and(|d| d < today))
        .count();
    let (_, body) = get(
        &app,
        Some(&inspector),
        "/api/v1/triage/complaints?overdue=true&page=99",
    )
    .await;
    let q: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(q["total"], overdue);
    assert_eq!(q["items"].as_array().unwrap().len(), 0);
}

on_both_backends!(
    a_case_goes_from_report_to_resolution_and_the_officer_never_sees_the_reporter,
    who_may_call_what,
    reveals_are_logged_and_tampering_with_the_audit_log_is_detected,
    overdue_cases_are_found_by_the_filter,
    the_queue_is_counted_sorted_and_paged_over_many_cases,
);

async fn resolved_cases_close_after_the_window_and_the_reporter_may_reopen_within_it(app: TestApp) {
    let inspector = app.signed_in("i@jambiprov.go.id", "inspector", &[]).await;
    let officer = app
        .signed_in("o@jambiprov.go.id", "unit_officer", &["samsat-kota"])
        .await;
    let mut codes = Vec::new();
    for _ in 0..2 {
        let (code, key) = super::complaints::filed(&app, &rahasia()).await;
        resolve(&app, &inspector, &officer, &code).await;
        codes.push((code, key));
    }
    let ((reopen, reopen_key), (expire, expire_key)) = (&codes[0], &codes[1]);
    // Within the window, the status page asks "Sudah selesai?"; a "no" without a word on
    // what is wrong is refused with the message by the comment, and nothing changes.
    let page = app.get_text(&format!("/lacak/{reopen}"), None).await;
    assert!(page.contains("Belum, buka kembali laporan saya"));
    let r = app
        .client
        .post(app.url(&format!("/lacak/{reopen}/selesai")))
        .form(&[
            ("reply_key", reopen_key.as_str()),
            ("resolved", "tidak"),
            ("comment", " "),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(
        page.contains("id=\"err-feedback-comment\""),
        "by the comment"
    );
    assert!(page.contains("Tuliskan apa yang belum selesai"));
    let r = app
        .client
        .post(app.url(&format!("/lacak/{reopen}/selesai")))
        .form(&[
            ("reply_key", reopen_key.as_str()),
            ("resolved", "tidak"),
            ("comment", "Petugas yang sama masih meminta uang."),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let page = app
        .get_text(&format!("/lacak/{reopen}?dibuka=1"), None)
        .await;
    assert!(page.contains("Laporan dibuka kembali") && page.contains("Diverifikasi"));
    // The other one's window has passed: no objection any more, and the daily work closes it.
    {
        use sea_orm::ConnectionTrait;
        app.db
            .execute_unprepared(&format!(
                "UPDATE complaints SET due_date = '2026-01-05' WHERE tracking_code = '{expire}'"
            ))
            .await
            .unwrap();
    }
    let r = app
        .client
        .post(app.url(&format!("/lacak/{expire}/selesai")))
        .form(&[
            ("reply_key", expire_key.as_str()),
            ("resolved", "tidak"),
            ("comment", "Masih terjadi."),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(
        page.contains("tidak lagi menunggu jawaban Anda") && page.contains("Masih terjadi."),
        "message and text kept"
    );
    let today = chrono::Utc::now().date_naive();
    assert_eq!(
        app::triage::jobs::close_expired(&app.state, today)
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        app::triage::jobs::close_expired(&app.state, today)
            .await
            .unwrap(),
        0
    );
    let status: Value = app
        .client
        .get(app.url(&format!("/api/v1/complaints/{expire}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(status["status"], "closed");
    let (_, body) = get(&app, Some(&inspector), "/api/v1/triage/audit").await;
    let report: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(report["first_broken_id"], Value::Null);
    assert_eq!(
        report["entries"], 11,
        "8 staff steps, the reporter's answer and the reopening it made, the system's closing"
    );
}

async fn inspectors_get_one_daily_digest_of_their_overdue_cases(app: TestApp) {
    app.signed_in("semua@inspektorat.jambiprov.go.id", "inspector", &[])
        .await;
    app.signed_in(
        "rsud@inspektorat.jambiprov.go.id",
        "inspector",
        &["rsud-rm"],
    )
    .await;
    let late = file(&app, &rahasia()).await;
    {
        use sea_orm::ConnectionTrait;
        app.db
            .execute_unprepared(&format!(
                "UPDATE complaints SET due_date = '2026-01-05' WHERE tracking_code = '{late}'"
            ))
            .await
            .unwrap();
    }
    // A Monday that is no holiday.
    let monday = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    assert_eq!(
        app::triage::jobs::send_digests(&app.state, monday)
            .await
            .unwrap(),
        1,
        "only the inspector whose scope holds it"
    );
    assert_eq!(
        app::triage::jobs::send_digests(&app.state, monday)
            .await
            .unwrap(),
        0,
        "once a day, whatever the instances"
    );
    let sunday = chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
    assert_eq!(
        app::triage::jobs::send_digests(&app.state, sunday)
            .await
            .unwrap(),
        0,
        "not on weekends"
    );
    let grouped = app::complaints::domain::TrackingCode::parse(&late)
        .unwrap()
        .grouped();
    let found = app
        .eventually(10, || async {
            app.mails().iter().any(|m| {
                m.contains("melewati batas waktu")
                    && m.contains(&grouped)
                    && m.contains("semua@inspektorat")
            })
        })
        .await;
    assert!(found, "digest mailed");
}

mod daily {
    use super::{
        inspectors_get_one_daily_digest_of_their_overdue_cases,
        resolved_cases_close_after_the_window_and_the_reporter_may_reopen_within_it,
    };
    suara_tests::on_both_backends!(
        resolved_cases_close_after_the_window_and_the_reporter_may_reopen_within_it,
        inspectors_get_one_daily_digest_of_their_overdue_cases,
    );
}

async fn page(
    app: &TestApp,
    s: Option<&Session>,
    path: &str,
) -> (StatusCode, String, Option<String>) {
    let mut req = app.client.get(app.url(path)).header("accept", "text/html");
    if let Some(s) = s {
        req = req.header("cookie", &s.cookie);
    }
    let r = req.send().await.unwrap();
    let location = r
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_string());
    (r.status(), r.text().await.unwrap(), location)
}

async fn console_pages_follow_the_same_rules(app: TestApp) {
    let code = file(&app, &rahasia()).await;
    let inspector = app
        .signed_in("i1@jambiprov.go.id", "inspector", &["samsat-kota"])
        .await;
    let other_officer = app
        .signed_in("o2@jambiprov.go.id", "unit_officer", &["rsud-rm"])
        .await;
    let manager = app.signed_in("m1@jambiprov.go.id", "manager", &[]).await;
    let case = format!("/staf/kasus/{code}");
    let (s, _, location) = page(&app, None, &case).await;
    assert!(s.is_redirection(), "anonymous is sent to sign in");
    assert_eq!(
        location.as_deref(),
        Some(format!("/staf/masuk?next={case}").as_str())
    );
    let (s, _, location) = page(&app, None, "/staf/sandi").await;
    assert!(s.is_redirection() && location.unwrap().starts_with("/staf/masuk"));
    let (s, body, _) = page(&app, Some(&manager), "/staf/sandi").await;
    assert_eq!(
        s,
        StatusCode::OK,
        "every staff member may change their password"
    );
    assert!(body.contains(&manager.csrf));
    let (s, _, location) = page(&app, Some(&manager), "/staf").await;
    assert_eq!(s, StatusCode::SEE_OTHER, "a manager lands on the dashboard");
    assert_eq!(location.as_deref(), Some("/staf/dasbor"));
    let (s, body, _) = page(&app, Some(&manager), "/staf/antrean").await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert!(body.contains("tidak memiliki akses"));
    let (s, body, _) = page(&app, Some(&other_officer), &case).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert!(!body.contains("Rp50.000"));
    let (s, body, _) = page(&app, Some(&inspector), &case).await;
    assert_eq!(s, StatusCode::OK);
    assert!(body.contains("Rp50.000") && body.contains("Buka identitas pelapor"));
    assert!(!body.contains("Siti Rahmawati"), "sealed until revealed");
    // A form without the session's token is refused; with it, the step is taken.
    let act_form = |csrf: &str| {
        app.client
            .post(app.url(&format!("{case}/aksi")))
            .header("cookie", &inspector.cookie)
            .form(&[
                ("csrf", csrf),
                ("action", "verify"),
                ("reason", "bukti cukup"),
            ])
            .send()
    };
    assert_eq!(
        act_form("forged").await.unwrap().status(),
        StatusCode::FORBIDDEN
    );
    let r = act_form(&inspector.csrf).await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // A refused step shows the page again with the message and the reason kept.
    let r = app
        .client
        .post(app.url(&format!("{case}/aksi")))
        .header("cookie", &inspector.cookie)
        .form(&[
            ("csrf", inspector.csrf.as_str()),
            ("action", "disposition"),
            ("reason", "alasan yang diketik"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    assert!(body.contains("alasan yang diketik"));
    // The reveal button shows the identity once, and logs it.
    let r = app
        .client
        .post(app.url(&format!("{case}/ungkap")))
        .header("cookie", &inspector.cookie)
        .form(&[
            ("csrf", inspector.csrf.as_str()),
            ("reason", "memanggil pelapor sebagai saksi"),
            ("confirm", "1"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.unwrap().contains("Siti Rahmawati Pelapor"));
    assert!(
        app.table_text("audit_log")
            .await
            .contains("complaint.reveal_identity")
    );
    // Signing in through the form: a wrong password keeps the email and says nothing more.
    let r = app
        .client
        .post(app.url("/staf/masuk"))
        .form(&[
            ("email", "i1@jambiprov.go.id"),
            ("password", "salah sekali"),
            ("next", "/staf"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let body = r.text().await.unwrap();
    assert!(body.contains("Email atau kata sandi salah") && body.contains("i1@jambiprov.go.id"));
    let r = app
        .client
        .post(app.url("/staf/masuk"))
        .form(&[
            ("email", "i1@jambiprov.go.id"),
            ("password", PASSWORD),
            ("next", "https://evil.example/"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["location"], "/staf", "no open redirect");
    let out = app
        .client
        .post(app.url("/staf/keluar"))
        .header("cookie", &inspector.cookie)
        .form(&[("csrf", inspector.csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), StatusCode::SEE_OTHER);
    let (s, _, location) = page(&app, Some(&inspector), "/staf/antrean").await;
    assert!(s.is_redirection(), "signed out");
    assert!(location.unwrap().starts_with("/staf/masuk"));
}

mod pages {
    use super::console_pages_follow_the_same_rules;
    suara_tests::on_both_backends!(console_pages_follow_the_same_rules);
}
