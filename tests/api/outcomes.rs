//! What a complaint proved and what was done, through the real server: the finding's rules
//! at resolution (API and console form), the unit's proposal, what the reporter reads on the
//! status page, in the public API and in the mail (never the officer, never the measure),
//! the audit entries, completing an older case's finding once (40 at once leave one), and
//! the inspectors' list of earlier reports naming the same officer (scope, audit, never the
//! unit).

use super::casework::{form, forty_at_once, page, send};
use super::complaints::{file, rahasia};
use super::triage::act;
use reqwest::StatusCode;
use serde_json::{Value, json};
use suara_tests::{Session, TestApp, on_both_backends};

/// Verified, dispositioned and followed up (the officer proposing `proposed`): ready to
/// resolve.
async fn followed_up(
    app: &TestApp,
    inspector: &Session,
    officer: &Session,
    code: &str,
    proposed: Value,
) {
    for (who, body) in [
        (inspector, json!({"action": "verify", "reason": "cukup"})),
        (
            inspector,
            json!({"action": "disposition", "reason": "UPTD", "unit_code": "samsat-kota"}),
        ),
        (
            officer,
            json!({"action": "follow_up", "reason": "periksa", "text": "Petugas sudah dipanggil.", "proposed_actions": proposed}),
        ),
    ] {
        let (s, b) = act(app, who, code, body).await;
        assert_eq!(s, StatusCode::OK, "{b}");
    }
}

fn resolve(finding: Option<&str>, actions: Value) -> Value {
    let mut b = json!({"action": "resolve", "reason": "hasil klarifikasi", "actions": actions});
    if let Some(f) = finding {
        b["finding"] = f.into();
    }
    b
}

async fn a_resolution_records_its_finding_and_the_reporter_reads_it_in_plain_words(app: TestApp) {
    let inspector = app.signed_in("fi@jambiprov.go.id", "inspector", &[]).await;
    let officer = app
        .signed_in("fo@samsat.go.id", "unit_officer", &["samsat-kota"])
        .await;
    let code = file(&app, &rahasia()).await;
    // The unit proposes; an unknown kind is refused.
    for body in [
        json!({"action": "verify", "reason": "cukup"}),
        json!({"action": "disposition", "reason": "UPTD", "unit_code": "samsat-kota"}),
    ] {
        assert_eq!(act(&app, &inspector, &code, body).await.0, StatusCode::OK);
    }
    let (s, b) = act(
        &app,
        &officer,
        &code,
        json!({"action": "follow_up", "reason": "x", "text": "Sudah.", "proposed_actions": ["denda"]}),
    )
    .await;
    assert_eq!(
        (s, b["error"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("action_unknown"))
    );
    let (s, b) = act(
        &app,
        &officer,
        &code,
        json!({"action": "follow_up", "reason": "periksa", "text": "Petugas sudah dipanggil.", "proposed_actions": ["service_fix", "coaching"]}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let case = app.case_json(&inspector, &code).await;
    assert_eq!(case["proposed_actions"], json!(["coaching", "service_fix"]));
    // The finding's rules, each refused with its message and nothing changed.
    for (body, error) in [
        (
            resolve(None, json!([{"kind": "coaching"}])),
            "finding_missing",
        ),
        (
            resolve(Some("terbukti"), json!([{"kind": "coaching"}])),
            "finding_missing",
        ),
        (resolve(Some("substantiated"), json!([])), "actions_missing"),
        (
            resolve(Some("not_substantiated"), json!([{"kind": "coaching"}])),
            "action_not_for_finding",
        ),
        (
            resolve(Some("unprovable"), json!([{"kind": "discipline_light"}])),
            "action_not_for_finding",
        ),
        (
            resolve(
                Some("substantiated"),
                json!([{"kind": "none"}, {"kind": "service_fix"}]),
            ),
            "action_none_alone",
        ),
        (
            resolve(
                Some("substantiated"),
                json!([{"kind": "discipline_light", "measure": "pemberhentian"}]),
            ),
            "measure_wrong_level",
        ),
        (
            resolve(
                Some("substantiated"),
                json!([{"kind": "discipline_light"}, {"kind": "discipline_heavy"}]),
            ),
            "discipline_one_level",
        ),
    ] {
        let (s, b) = act(&app, &inspector, &code, body).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{error}: {b}");
        assert_eq!(b["error"], error);
    }
    let (s, b) = act(
        &app,
        &inspector,
        &code,
        json!({"action": "resolve", "reason": "x"}),
    )
    .await;
    assert_eq!(
        (s, b["error"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("finding_missing")),
        "no actions key at all"
    );
    assert_eq!(app.public_json(&code).await["status"], "followed_up");
    assert_eq!(app.count("complaint_outcomes").await, 0);
    // Recorded: the finding, the level with its measure, a fix.
    let (s, b) = act(
        &app,
        &inspector,
        &code,
        resolve(
            Some("substantiated"),
            json!([{"kind": "service_fix"}, {"kind": "discipline_light", "measure": "teguran_tertulis"}]),
        ),
    )
    .await;
    assert_eq!(
        (s, b["status"].as_str()),
        (StatusCode::OK, Some("resolved")),
        "{b}"
    );
    let case = app.case_json(&inspector, &code).await;
    assert_eq!(case["outcome"]["finding"], "substantiated");
    assert_eq!(
        case["outcome"]["actions"],
        json!([{"kind": "discipline_light", "measure": "teguran_tertulis"}, {"kind": "service_fix"}])
    );
    assert_eq!(case["outcome"]["recorded_by"], "fi@jambiprov.go.id");
    assert_eq!(case["outcome_missing"], false);
    let audit = app.table_text("audit_log").await;
    assert!(audit.contains("teguran_tertulis") && audit.contains("substantiated"));
    assert!(audit.contains("proposed"));
    // The reporter: the finding and the kinds of action, never the measure or the officer.
    let public = app.public_json(&code).await;
    assert_eq!(
        public["outcome"],
        json!({"finding": "substantiated", "actions": ["discipline_light", "service_fix"]})
    );
    let sentence = "Laporan Anda terbukti; pegawai yang bersangkutan telah dijatuhi hukuman disiplin tingkat ringan dan layanan diperbaiki.";
    let status = app.get_text(&format!("/lacak/{code}"), None).await;
    assert!(
        status.contains("Hasil pemeriksaan") && status.contains(sentence),
        "{status}"
    );
    assert!(status.contains("Sudah selesai?"), "the check-back stays");
    for hidden in ["teguran", "Teguran", "Petugas loket 3", "fi@jambiprov"] {
        assert!(!status.contains(hidden), "{hidden} on the status page");
        assert!(!public.to_string().contains(hidden), "{hidden} in the API");
    }
    let mail = app
        .mail_to(super::complaints::SECRET_EMAIL, "terbukti")
        .await;
    assert!(
        mail.contains(&format!("Hasil pemeriksaan: {sentence}")),
        "{mail}"
    );
    assert!(!mail.contains("teguran") && !mail.contains("Teguran"));
    // The unit reads the outcome of its case; it cannot complete or change one.
    let seen = app.case_json(&officer, &code).await;
    assert_eq!(seen["outcome"]["finding"], "substantiated");
    let (s, _) = send(
        &app,
        &officer,
        reqwest::Method::PUT,
        &format!("/api/v1/triage/complaints/{code}/outcome"),
        json!({"finding": "not_substantiated", "actions": [{"kind": "none"}]}),
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    // Recorded once: the inspector cannot overwrite it by "completing" it.
    let (s, b) = send(
        &app,
        &inspector,
        reqwest::Method::PUT,
        &format!("/api/v1/triage/complaints/{code}/outcome"),
        json!({"finding": "not_substantiated", "actions": [{"kind": "none"}]}),
    )
    .await;
    assert_eq!(
        (s, b["error"].as_str()),
        (StatusCode::CONFLICT, Some("outcome_recorded"))
    );
    // Reopened, the case has no outcome until it is resolved again.
    let (s, b) = act(
        &app,
        &inspector,
        &code,
        json!({"action": "reopen", "reason": "bukti baru"}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert_eq!(
        app.case_json(&inspector, &code).await["outcome"],
        Value::Null
    );
    assert_eq!(app.public_json(&code).await["outcome"], Value::Null);
    assert_eq!(app.count("complaint_outcome_actions").await, 0);
}

async fn the_console_form_asks_the_finding_and_keeps_what_was_typed(app: TestApp) {
    let inspector = app.signed_in("fk@jambiprov.go.id", "inspector", &[]).await;
    let officer = app
        .signed_in("fu@samsat.go.id", "unit_officer", &["samsat-kota"])
        .await;
    let code = file(&app, &rahasia()).await;
    followed_up(&app, &inspector, &officer, &code, json!(["restitution"])).await;
    let (_, html) = page(&app, &inspector, &format!("/staf/kasus/{code}")).await;
    assert!(html.contains("name=\"finding\"") && html.contains("value=\"partly_substantiated\""));
    assert!(html.contains("Usulan tindakan dari unit: Pengembalian pungutan"));
    assert!(
        html.contains("value=\"restitution\" checked"),
        "the unit's proposal starts ticked"
    );
    let hostile = concat!("</text", "area><script>alert(1)</script><!--\"'");
    let aksi = format!("/staf/kasus/{code}/aksi");
    // No finding: the page again, the message by the form, the words and ticks kept.
    let r = form(
        &app,
        &inspector,
        &aksi,
        &[
            ("action", "resolve"),
            ("reason", hostile),
            ("actions", "coaching"),
            ("actions", "service_fix"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("Pilih temuan pemeriksaan."));
    assert!(!html.contains("<script>alert(1)") && html.contains("&lt;script&gt;alert(1)"));
    assert!(
        html.contains("value=\"coaching\" checked")
            && html.contains("value=\"service_fix\" checked")
    );
    // Not substantiated with coaching: refused in words.
    let r = form(
        &app,
        &inspector,
        &aksi,
        &[
            ("action", "resolve"),
            ("reason", "klarifikasi"),
            ("finding", "not_substantiated"),
            ("actions", "coaching"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("Tindakan ini tidak sesuai dengan temuannya."));
    assert!(html.contains("value=\"not_substantiated\" checked"));
    // Done: partly proven, the levy repaid, referred to Saber Pungli.
    let r = form(
        &app,
        &inspector,
        &aksi,
        &[
            ("action", "resolve"),
            ("reason", "klarifikasi"),
            ("finding", "partly_substantiated"),
            ("actions", "restitution"),
            ("actions", "referral"),
            ("measure", "teguran_lisan"),
            ("referral_to", "saber_pungli"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let case = app.case_json(&inspector, &code).await;
    assert_eq!(
        case["outcome"]["actions"],
        json!([{"kind": "restitution"}, {"kind": "referral", "referral_to": "saber_pungli"}]),
        "the measure goes with a discipline level only"
    );
    let (_, html) = page(&app, &inspector, &format!("/staf/kasus/{code}")).await;
    assert!(html.contains("Sebagian terbukti") && html.contains("Saber Pungli"));
    assert!(
        html.contains("Pelapor membaca:</span>“Laporan Anda sebagian terbukti;"),
        "{html}"
    );
}

async fn an_older_case_is_completed_once_and_forty_at_once_leave_one(app: TestApp) {
    let inspector = app.signed_in("fl@jambiprov.go.id", "inspector", &[]).await;
    let second = app.signed_in("fm@jambiprov.go.id", "inspector", &[]).await;
    let officer = app
        .signed_in("fn@samsat.go.id", "unit_officer", &["samsat-kota"])
        .await;
    let code = file(&app, &rahasia()).await;
    let open = file(&app, &rahasia()).await;
    followed_up(&app, &inspector, &officer, &code, json!([])).await;
    let (s, _) = act(
        &app,
        &inspector,
        &code,
        resolve(Some("substantiated"), json!([{"kind": "coaching"}])),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    // As it was before findings were recorded.
    use sea_orm::ConnectionTrait;
    app.db
        .execute_unprepared("DELETE FROM complaint_outcome_actions; DELETE FROM complaint_outcomes")
        .await
        .unwrap();
    let case = app.case_json(&inspector, &code).await;
    assert_eq!(
        (case["outcome"].clone(), case["outcome_missing"].clone()),
        (Value::Null, json!(true))
    );
    let (_, html) = page(&app, &inspector, &format!("/staf/kasus/{code}")).await;
    assert!(html.contains("Temuan belum dicatat.") && html.contains("/temuan"));
    let (_, html) = page(&app, &officer, &format!("/staf/kasus/{code}")).await;
    assert!(
        html.contains("Temuan belum dicatat.") && !html.contains("/temuan\""),
        "the unit reads, never completes"
    );
    // Not for a case that was never resolved.
    let path = |c: &str| format!("/api/v1/triage/complaints/{c}/outcome");
    let body = json!({"finding": "unprovable", "actions": [{"kind": "service_fix"}]});
    let (s, b) = send(
        &app,
        &inspector,
        reqwest::Method::PUT,
        &path(&open),
        body.clone(),
    )
    .await;
    assert_eq!(
        (s, b["error"].as_str()),
        (StatusCode::CONFLICT, Some("outcome_not_due"))
    );
    let (s, b) = send(
        &app,
        &inspector,
        reqwest::Method::PUT,
        &path(&code),
        json!({"finding": "unprovable", "actions": [{"kind": "restitution"}]}),
    )
    .await;
    assert_eq!(
        (s, b["error"].as_str()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("action_not_for_finding")
        )
    );
    // Forty at once by two inspectors: one records it, the rest are told it is recorded.
    let answers: Vec<StatusCode> = forty_at_once(
        &app,
        [&inspector, &second],
        reqwest::Method::PUT,
        &path(&code),
        body.clone(),
    )
    .await
    .into_iter()
    .map(|(_, s)| s)
    .collect();
    assert_eq!(
        answers.iter().filter(|s| **s == StatusCode::OK).count(),
        1,
        "{answers:?}"
    );
    assert_eq!(
        answers
            .iter()
            .filter(|s| **s == StatusCode::CONFLICT)
            .count(),
        39,
        "{answers:?}"
    );
    assert_eq!(app.count("complaint_outcomes").await, 1);
    assert_eq!(app.count("complaint_outcome_actions").await, 1);
    let audit = app.table_text("audit_log").await;
    assert_eq!(audit.matches("complaint.outcome_completed").count(), 1);
    let case = app.case_json(&inspector, &code).await;
    assert_eq!(case["outcome"]["completed_later"], true);
    assert_eq!(
        app.public_json(&code).await["outcome"]["finding"],
        "unprovable"
    );
    // A case reopened and then merged did not end in a resolution: no finding to complete
    // (it would count one incident twice).
    let merged = file(&app, &rahasia()).await;
    followed_up(&app, &inspector, &officer, &merged, json!([])).await;
    for body in [
        resolve(Some("not_substantiated"), json!([{"kind": "none"}])),
        json!({"action": "reopen", "reason": "bukti baru"}),
        json!({"action": "mark_duplicate", "reason": "sama", "duplicate_of": open}),
    ] {
        let (s, b) = act(&app, &inspector, &merged, body).await;
        assert_eq!(s, StatusCode::OK, "{b}");
    }
    assert_eq!(
        app.case_json(&inspector, &merged).await["outcome_missing"],
        false
    );
    let (s, b) = send(
        &app,
        &inspector,
        reqwest::Method::PUT,
        &path(&merged),
        json!({"finding": "substantiated", "actions": [{"kind": "discipline_heavy"}]}),
    )
    .await;
    assert_eq!(
        (s, b["error"].as_str()),
        (StatusCode::CONFLICT, Some("outcome_not_due"))
    );
    // An unknown key in an action is refused, as in the rest of the body.
    let (s, _) = send(
        &app,
        &inspector,
        reqwest::Method::PUT,
        &path(&code),
        json!({"finding": "unprovable", "actions": [{"kind": "coaching", "extra": 1}]}),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    // A code typed with a line break in the path still lands on the case's own address.
    let r = form(
        &app,
        &inspector,
        &format!("/staf/kasus/{}%0D%0A{}/catatan", &code[..4], &code[4..]),
        &[("text", "catatan dengan kode terpotong")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        r.headers()["location"].to_str().unwrap(),
        format!("/staf/kasus/{code}?ok=note#catatan")
    );
    // The console form, refused once it is recorded.
    let r = form(
        &app,
        &inspector,
        &format!("/staf/kasus/{code}/temuan"),
        &[("finding", "substantiated"), ("actions", "none")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert!(r.text().await.unwrap().contains("sudah dicatat"));
}

async fn officers_named_before_are_listed_for_inspectors_only_and_each_look_is_audited(
    app: TestApp,
) {
    let inspector = app.signed_in("fr@jambiprov.go.id", "inspector", &[]).await;
    let area = app
        .signed_in("fs@jambiprov.go.id", "inspector", &["rsud-rm"])
        .await;
    let officer = app
        .signed_in("ft@samsat.go.id", "unit_officer", &["samsat-kota"])
        .await;
    let named = |who: &str, unit: &str, service: &str| {
        let mut b = rahasia();
        b["who"] = who.into();
        b["unit_code"] = unit.into();
        b["service_code"] = service.into();
        b
    };
    let first = file(
        &app,
        &named("Pak Budi di loket 2", "samsat-kota", "skj-pkb"),
    )
    .await;
    let other = file(&app, &named("Budi Hartono", "samsat-kota", "skj-pkb")).await;
    let elsewhere = file(&app, &named("Budi S.", "rsud-rm", "rsud-rm-rj")).await;
    let hostile = concat!(
        "BUDI SANTOSO, S.H. </text",
        "area><script>alert(1)</script>"
    );
    let latest = file(&app, &named(hostile, "samsat-kota", "skj-pkb")).await;
    followed_up(&app, &inspector, &officer, &first, json!([])).await;
    let (s, _) = act(
        &app,
        &inspector,
        &first,
        resolve(
            Some("substantiated"),
            json!([{"kind": "discipline_moderate"}]),
        ),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let path = format!("/api/v1/triage/complaints/{latest}/repeat-names");
    let before = app
        .table_text("audit_log")
        .await
        .matches("complaint.repeat_names")
        .count();
    let (s, b) = send(&app, &inspector, reqwest::Method::GET, &path, Value::Null).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert_eq!(b["names"][0], "Budi Santoso", "{b}");
    let earlier = b["earlier"].as_array().unwrap();
    assert_eq!(earlier.len(), 1, "{b}");
    assert_eq!(earlier[0]["tracking_code"], first);
    assert_eq!(earlier[0]["finding"], "substantiated");
    assert_eq!(earlier[0]["actions"], json!(["discipline_moderate"]));
    assert!(!b.to_string().contains(&other) && !b.to_string().contains(&elsewhere));
    let audit = app.table_text("audit_log").await;
    assert_eq!(audit.matches("complaint.repeat_names").count(), before + 1);
    // The page: inspectors only, audited again, the names inert.
    let (s, html) = page(
        &app,
        &inspector,
        &format!("/staf/kasus/{latest}/nama-serupa"),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("Laporan terdahulu dengan nama pegawai serupa"));
    assert!(html.contains("Pak Budi di loket 2") && html.contains("Terbukti"));
    assert!(!html.contains("<script>alert(1)") && html.contains("&lt;script&gt;"));
    assert_eq!(
        app.table_text("audit_log")
            .await
            .matches("complaint.repeat_names")
            .count(),
        before + 2
    );
    let (_, html) = page(&app, &inspector, &format!("/staf/kasus/{latest}")).await;
    assert!(html.contains(&format!("/staf/kasus/{latest}/nama-serupa")));
    // Never the unit: not on its case page, not by the API, not by the page.
    for (verb, dispositioned) in [("verify", false), ("disposition", true)] {
        let mut body = json!({"action": verb, "reason": "x"});
        if dispositioned {
            body["unit_code"] = "samsat-kota".into();
        }
        assert_eq!(act(&app, &inspector, &latest, body).await.0, StatusCode::OK);
    }
    let (_, html) = page(&app, &officer, &format!("/staf/kasus/{latest}")).await;
    assert!(!html.contains("nama-serupa"));
    let (s, _) = send(&app, &officer, reqwest::Method::GET, &path, Value::Null).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, html) = page(&app, &officer, &format!("/staf/kasus/{latest}/nama-serupa")).await;
    assert!(
        s == StatusCode::FORBIDDEN && !html.contains("Pak Budi"),
        "{s}"
    );
    // An area inspector out of the unit's scope: as unknown.
    let (s, _) = send(&app, &area, reqwest::Method::GET, &path, Value::Null).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert_eq!(
        app.table_text("audit_log")
            .await
            .matches("complaint.repeat_names")
            .count(),
        before + 2,
        "refused looks write nothing"
    );
}

/// Files a report of `unit` and takes it to `resolved` with `finding` and `action`.
async fn resolved_with(
    app: &TestApp,
    inspector: &Session,
    officer: &Session,
    unit: (&str, &str),
    finding: &str,
    action: &str,
) -> String {
    let mut body = rahasia();
    body["unit_code"] = unit.0.into();
    body["service_code"] = unit.1.into();
    body["who"] = "Pak Budi, loket 2".into();
    let code = file(app, &body).await;
    for (who, body) in [
        (inspector, json!({"action": "verify", "reason": "cukup"})),
        (
            inspector,
            json!({"action": "disposition", "reason": "ke unit", "unit_code": unit.0}),
        ),
        (
            officer,
            json!({"action": "follow_up", "reason": "periksa", "text": "Sudah."}),
        ),
        (inspector, resolve(Some(finding), json!([{"kind": action}]))),
    ] {
        let (s, b) = act(app, who, &code, body).await;
        assert_eq!(s, StatusCode::OK, "{b}");
    }
    code
}

async fn oversight_figures_carry_findings_with_small_counts_hidden_and_training_is_suggested(
    app: TestApp,
) {
    let inspector = app.signed_in("fx@jambiprov.go.id", "inspector", &[]).await;
    let samsat = app
        .signed_in("fy@samsat.go.id", "unit_officer", &["samsat-kota"])
        .await;
    let rsud = app
        .signed_in("fz@rsud.go.id", "unit_officer", &["rsud-rm"])
        .await;
    let manager = app.signed_in("fw@jambiprov.go.id", "manager", &[]).await;
    let admin = app.signed_in("fv@jambiprov.go.id", "admin", &[]).await;
    let samsat_unit = ("samsat-kota", "skj-pkb");
    // Samsat Kota: five proven (coached), five not (three with no action, two with a service
    // fix). RSUD: four proven (too few).
    for _ in 0..5 {
        resolved_with(
            &app,
            &inspector,
            &samsat,
            samsat_unit,
            "substantiated",
            "coaching",
        )
        .await;
    }
    for action in ["none", "none", "none", "service_fix", "service_fix"] {
        resolved_with(
            &app,
            &inspector,
            &samsat,
            samsat_unit,
            "not_substantiated",
            action,
        )
        .await;
    }
    for _ in 0..4 {
        resolved_with(
            &app,
            &inspector,
            &rsud,
            ("rsud-rm", "rsud-rm-rj"),
            "partly_substantiated",
            "service_fix",
        )
        .await;
    }
    // The public page: the share proven where five findings or more stand behind it, each
    // action counted or "< 5".
    let page_html = app.get_text("/statistik", None).await;
    let row = |name: &str| {
        let at = page_html
            .find(&format!(">{name}</th>"))
            .unwrap_or_else(|| panic!("{name}"));
        page_html[at..at + page_html[at..].find("</tr>").unwrap()].to_string()
    };
    let samsat_row = row("UPTD PPD Samsat Kota Jambi");
    assert!(
        samsat_row.contains("data-label=\"Terbukti (%)\">50%"),
        "{samsat_row}"
    );
    let rsud_row = row("RSUD Raden Mattaher");
    assert!(
        rsud_row.contains("&lt; 5"),
        "four reports are few: {rsud_row}"
    );
    assert!(
        !rsud_row.contains("100%"),
        "four findings give no share: {rsud_row}"
    );
    let actions = &page_html[page_html.find("id=\"tindakan\"").expect("actions table")..];
    let samsat_actions = &actions[actions
        .find(">UPTD PPD Samsat Kota Jambi</th>")
        .expect("samsat's actions")..];
    let samsat_actions = &samsat_actions[..samsat_actions.find("</tr>").unwrap()];
    assert!(
        samsat_actions.contains("data-label=\"Pembinaan\">5<"),
        "{samsat_actions}"
    );
    assert!(
        samsat_actions.contains("data-label=\"Tidak ada tindakan\">&lt; 5<"),
        "{samsat_actions}"
    );
    assert!(
        !actions[..actions.find("</table>").unwrap()].contains("RSUD Raden Mattaher"),
        "a row of < 5 only is left out"
    );
    for hidden in ["Pak Budi", "fx@jambiprov"] {
        assert!(!page_html.contains(hidden));
    }
    // The statistics API: exact counts for those who may read them.
    let r = app
        .client
        .get(app.url("/api/v1/stats/complaints"))
        .header("cookie", &manager.cookie)
        .send()
        .await
        .unwrap();
    let st: Value = r.json().await.unwrap();
    assert_eq!(
        st["findings"],
        json!([{"finding": "substantiated", "complaints": 5}, {"finding": "partly_substantiated", "complaints": 4}, {"finding": "not_substantiated", "complaints": 5}])
    );
    assert_eq!(
        st["actions"],
        json!([{"action": "coaching", "complaints": 5}, {"action": "service_fix", "complaints": 6}, {"action": "none", "complaints": 3}])
    );
    assert!((st["substantiated_share"].as_f64().unwrap() - 9.0 / 14.0).abs() < 1e-9);
    let samsat_count = st["by_unit"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["unit_code"] == "samsat-kota")
        .unwrap()
        .clone();
    assert_eq!(
        (
            samsat_count["complaints"].clone(),
            samsat_count["substantiated"].clone()
        ),
        (json!(10), json!(5))
    );
    // The CSV: the finding and the kinds of action in words, no names.
    let csv = app
        .client
        .get(app.url("/staf/ekspor/pengaduan.csv"))
        .header("cookie", &manager.cookie)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(csv.contains("Temuan") && csv.contains("Tindakan"));
    assert!(csv.contains("Sebagian terbukti") && csv.contains("Perbaikan layanan/prosedur"));
    assert!(!csv.contains("Pak Budi"));
    // The dashboard: Samsat's proven findings beside U7, and training for pungli (five
    // proven, at least two) pre-filled; RSUD's four pungli too.
    let (_, dash) = page(&app, &manager, "/staf/dasbor").await;
    assert!(dash.contains("Perilaku petugas: laporan terbukti dan nilai U7"));
    let conduct = &dash[dash.find("id=\"h-conduct\"").unwrap()..];
    assert!(
        conduct.contains("UPTD PPD Samsat Kota Jambi") && conduct.contains("Pungutan liar: 5"),
        "{conduct}"
    );
    assert!(conduct.contains("Integritas pelayanan dan pencegahan pungutan liar"));
    assert!(conduct.contains("targets=U4%2CU7") && conduct.contains("unit=samsat-kota"));
    assert!(
        conduct.contains("/staf/pelatihan/acak?topic=") && conduct.contains("target_elements=U4")
    );
    // The form opens with the suggestion.
    let (_, form_page) = page(
        &app,
        &manager,
        "/staf/pelatihan?unit=samsat-kota&targets=U4,U7&topic=Integritas%20pelayanan",
    )
    .await;
    assert!(form_page.contains("value=\"Integritas pelayanan\""));
    assert!(form_page.contains("value=\"U4\" checked"));
    let (_, rollout_page) = page(
        &app,
        &manager,
        "/staf/pelatihan/acak?topic=Integritas%20pelayanan&target_elements=U4&target_elements=U7&units=samsat-kota",
    )
    .await;
    assert!(
        rollout_page.contains("value=\"Integritas pelayanan\""),
        "the rollout form too"
    );
    // The mapping is data the admins edit: audited, markup inert, emptied to stop.
    let hostile = concat!("Anti pungli </text", "area><script>alert(1)</script>");
    let r = form(
        &app,
        &admin,
        "/staf/admin/saran-pelatihan/simpan",
        &[
            ("category", "pungli"),
            ("topic", hostile),
            ("elements", "U4"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, admin_page) = page(&app, &admin, "/staf/admin/saran-pelatihan").await;
    assert!(admin_page.contains("Anti pungli &lt;/textarea&gt;&lt;script&gt;"));
    let (_, dash) = page(&app, &manager, "/staf/dasbor").await;
    assert!(dash.contains("Anti pungli &lt;/textarea&gt;") && !dash.contains("<script>alert(1)"));
    assert!(
        app.table_text("audit_log")
            .await
            .contains("suggestion.save")
    );
    let r = form(
        &app,
        &samsat,
        "/staf/admin/saran-pelatihan/simpan",
        &[("category", "pungli"), ("topic", "x")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = form(
        &app,
        &admin,
        "/staf/admin/saran-pelatihan/simpan",
        &[("category", "pungli"), ("topic", "  ")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, dash) = page(&app, &manager, "/staf/dasbor").await;
    assert!(
        !dash.contains("Anti pungli") && !dash.contains("Saran pelatihan"),
        "no mapping, no suggestion"
    );
    assert!(
        app.table_text("audit_log")
            .await
            .contains("suggestion.delete")
    );
    // One proven finding of a category is no pattern.
    let (_, ok) = page(&app, &admin, "/staf/admin/saran-pelatihan").await;
    assert!(
        ok.contains("Etika pelayanan dan komunikasi yang santun"),
        "the defaults are seeded"
    );
}

async fn the_training_evaluation_measures_proven_conduct_complaints_and_waits_for_findings(
    app: TestApp,
) {
    let admin = app.signed_in("fp@jambiprov.go.id", "admin", &[]).await;
    let manager = app.signed_in("fq@jambiprov.go.id", "manager", &[]).await;
    let inspector = app.signed_in("fo2@jambiprov.go.id", "inspector", &[]).await;
    let officer = app
        .signed_in("fo3@samsat.go.id", "unit_officer", &["samsat-kota"])
        .await;
    let day = |d: i64| (chrono::Utc::now().date_naive() - chrono::Duration::days(d)).to_string();
    let id = super::analytics::post_program(
        &app,
        &admin,
        &json!({"name": "Integritas loket", "topic": "Integritas pelayanan", "target_elements": ["U4", "U7"],
            "unit_codes": ["samsat-kota"], "participants": 12, "start_date": day(45), "end_date": day(44)}),
    )
    .await;
    // One proven, one still examined: the counts are not final.
    resolved_with(
        &app,
        &inspector,
        &officer,
        ("samsat-kota", "skj-pkb"),
        "substantiated",
        "coaching",
    )
    .await;
    file(&app, &rahasia()).await;
    let impact = |q: &'static str| {
        let app = &app;
        let manager = &manager;
        async move {
            let r = app
                .client
                .get(app.url(&format!("/api/v1/training/{id}/impact{q}")))
                .header("cookie", &manager.cookie)
                .send()
                .await
                .unwrap();
            (r.status(), r.json::<Value>().await.unwrap_or(Value::Null))
        }
    };
    let (s, ikm) = impact("").await;
    assert_eq!((s, ikm["outcome"].as_str()), (StatusCode::OK, Some("ikm")));
    let (s, r) = impact("?outcome=conduct").await;
    assert_eq!(s, StatusCode::OK, "{r}");
    assert_eq!(r["outcome"], "conduct");
    assert_eq!(r["verdict"], "insufficient_data");
    let reasons: Vec<(String, String)> = r["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                x["code"].as_str().unwrap().into(),
                x["detail"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert!(
        reasons.contains(&("conduct_open".into(), "1".into())),
        "{reasons:?}"
    );
    assert!(
        reasons.iter().any(|(c, _)| c == "post_not_complete"),
        "{reasons:?}"
    );
    assert_eq!(r["elements"], json!([]));
    let (s, b) = impact("?outcome=pungli").await;
    assert_eq!(
        (s, b["error"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("outcome_unknown"))
    );
    let (_, html) = page(
        &app,
        &manager,
        &format!("/staf/pelatihan/{id}?ukuran=perilaku"),
    )
    .await;
    assert!(
        html.contains("aria-current=\"page\">Pengaduan perilaku terbukti</a>"),
        "{html}"
    );
    assert!(html.contains("belum punya temuan"));
    let (_, html) = page(&app, &manager, &format!("/staf/pelatihan/{id}")).await;
    assert!(html.contains("aria-current=\"page\">Kepuasan (IKM)</a>"));
}

on_both_backends!(
    a_resolution_records_its_finding_and_the_reporter_reads_it_in_plain_words,
    the_console_form_asks_the_finding_and_keeps_what_was_typed,
    an_older_case_is_completed_once_and_forty_at_once_leave_one,
    officers_named_before_are_listed_for_inspectors_only_and_each_look_is_audited,
    oversight_figures_carry_findings_with_small_counts_hidden_and_training_is_suggested,
    the_training_evaluation_measures_proven_conduct_complaints_and_waits_for_findings,
);
