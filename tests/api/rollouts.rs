//! Randomized rollouts through the real server, on SQLite and PostgreSQL: a plan previewed
//! and registered before its first wave (the draw, the seal and the audit entry), never
//! edited, refused once its training has begun; then the server restarts months later on
//! the same database (`SUARA_TODAY`), the months after are imported, and the rollout's
//! report finds the effect the data carry, by the design's own randomization distribution.

use reqwest::StatusCode;
use serde_json::{Value, json};
use std::collections::{HashMap, HashSet};
use suara_tests::{Session, TestApp, on_both_backends_with};

async fn send(
    app: &TestApp,
    method: reqwest::Method,
    s: Option<&Session>,
    path: &str,
    body: Option<&Value>,
) -> (StatusCode, Value) {
    let mut req = app.client.request(method, app.url(path));
    if let Some(s) = s {
        req = req
            .header("cookie", &s.cookie)
            .header("x-csrf-token", &s.csrf);
    }
    if let Some(b) = body {
        req = req.json(b);
    }
    let r = req.send().await.unwrap();
    (r.status(), r.json().await.unwrap_or(Value::Null))
}

async fn post(app: &TestApp, body: Value, s: Option<&Session>) -> (StatusCode, Value) {
    send(
        app,
        reqwest::Method::POST,
        s,
        "/api/v1/training/rollouts",
        Some(&body),
    )
    .await
}

/// A deterministic stream of uniforms (a 64-bit LCG), so the data are the same every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Thirty responses a month per unit in `months` (`(year, month)`), each answer 4 with a
/// unit's own chance (plus `lift(unit, month)`) and 3 otherwise, as CSV lines.
fn responses(
    units: &[(String, String)],
    months: &[(i32, u32)],
    lift: &dyn Fn(&str, (i32, u32)) -> f64,
    rng: &mut Lcg,
) -> String {
    let mut csv = String::new();
    for (k, (unit, service)) in units.iter().enumerate() {
        let own = 0.2 + 0.05 * (k % 8) as f64;
        for &(y, m) in months {
            let p = (own + 0.04 * (rng.next() - 0.5) + lift(unit, (y, m))).clamp(0.0, 1.0);
            for r in 0..30 {
                let scores: Vec<&str> = (0..9)
                    .map(|_| if rng.next() < p { "4" } else { "3" })
                    .collect();
                csv.push_str(&format!(
                    "{y:04}-{m:02}-{:02},{service},{},,,,,\n",
                    1 + r % 27,
                    scores.join(",")
                ));
            }
        }
    }
    csv
}

fn month_range(from: (i32, u32), to: (i32, u32)) -> Vec<(i32, u32)> {
    let mut out = Vec::new();
    let (mut y, mut m) = from;
    while (y, m) <= to {
        out.push((y, m));
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    out
}

/// An office with two UPTDs (they must share a wave; the office itself serves nobody, so it
/// has no baseline) and seven offices on their own; `(code, first service code)` of the nine
/// units with services, and `(office, UPTD)`.
async fn plan_units(app: &TestApp) -> (Vec<(String, String)>, String, (String, String)) {
    let (_, units) = send(app, reqwest::Method::GET, None, "/api/v1/units", None).await;
    let units = units.as_array().unwrap().clone();
    let service = |u: &Value| u["services"][0]["code"].as_str().map(str::to_string);
    let children = |code: &str| -> Vec<Value> {
        units
            .iter()
            .filter(|u| u["parent_code"] == code && service(u).is_some())
            .cloned()
            .collect()
    };
    let office = units
        .iter()
        .find(|u| u["parent_code"].is_null() && children(u["code"].as_str().unwrap()).len() >= 2)
        .expect("an office with two UPTDs")["code"]
        .as_str()
        .unwrap()
        .to_string();
    let mut chosen: Vec<(String, String)> = children(&office)
        .iter()
        .take(2)
        .map(|u| (u["code"].as_str().unwrap().to_string(), service(u).unwrap()))
        .collect();
    for u in &units {
        if chosen.len() == 9 {
            break;
        }
        let code = u["code"].as_str().unwrap();
        if u["parent_code"].is_null() && service(u).is_some() && children(code).is_empty() {
            chosen.push((code.to_string(), service(u).unwrap()));
        }
    }
    assert_eq!(chosen.len(), 9);
    let uptd = chosen[0].0.clone();
    (chosen, office.clone(), (office, uptd))
}

async fn a_rollout_is_drawn_and_sealed_before_its_waves_and_judged_months_later(app: TestApp) {
    let admin = app.signed_in("a1@jambiprov.go.id", "admin", &[]).await;
    let (units, office_code, (office, uptd)) = plan_units(&app).await;
    let mut rng = Lcg(20_270_110);
    // A year of history before registration (today is 10 January 2027).
    app.import_surveys(
        &admin,
        &responses(
            &units,
            &month_range((2026, 1), (2026, 12)),
            &|_, _| 0.0,
            &mut rng,
        ),
    )
    .await;
    let mut codes: Vec<&str> = units.iter().map(|(c, _)| c.as_str()).collect();
    codes.push(&office_code);
    let codes_owned: Vec<String> = codes.iter().map(|c| c.to_string()).collect();
    let plan = json!({"name": "Pelayanan prima bertahap", "topic": "Sikap dan kejelasan petugas",
        "target_elements": ["U7", "U3"], "units": codes,
        "waves": ["2027-02-01", "2027-04-01", "2027-06-01"]});

    // Before anything is fixed: the clusters and the MDE, smaller with more units.
    let (s, preview) = send(
        &app,
        reqwest::Method::POST,
        Some(&admin),
        "/api/v1/training/rollouts/preview",
        Some(&plan),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{preview}");
    assert_eq!(preview["clusters"], 8, "the office and its UPTDs are one");
    assert_eq!(
        preview["with_baseline"], 9,
        "the office serves nobody itself"
    );
    assert!(preview["assignments"].as_u64().unwrap() >= 60, "{preview}");
    assert_eq!(preview["ready"], true);
    // Two offices in two waves: two possible draws; no test can ever say anything.
    let mut tiny = plan.clone();
    tiny["units"] = json!([units[2].0, units[3].0]);
    tiny["waves"] = json!(["2027-02-01", "2027-05-01"]);
    let (_, p) = send(
        &app,
        reqwest::Method::POST,
        Some(&admin),
        "/api/v1/training/rollouts/preview",
        Some(&tiny),
    )
    .await;
    assert_eq!(p["assignments"], 2, "{p}");
    assert_eq!(p["ready"], false);
    let options = preview["options"].as_array().unwrap();
    assert_eq!(options.len(), 4, "{preview}");
    assert_eq!(
        (options[0]["units"].clone(), options[0]["waves"].clone()),
        (json!(10), json!(3))
    );
    let mde = |i: usize| options[i]["mde"].as_f64().unwrap();
    assert!(mde(0) > 0.0 && mde(1) < mde(0), "{preview}");

    // Refused: no session, no CSRF token, a wave that began, waves in one month.
    assert_eq!(
        post(&app, plan.clone(), None).await.0,
        StatusCode::UNAUTHORIZED
    );
    let no_csrf = Session {
        cookie: admin.cookie.clone(),
        csrf: String::new(),
    };
    assert_eq!(
        post(&app, plan.clone(), Some(&no_csrf)).await.0,
        StatusCode::FORBIDDEN
    );
    let mut started = plan.clone();
    started["waves"] = json!(["2027-01-10", "2027-04-01", "2027-06-01"]);
    let (s, body) = post(&app, started, Some(&admin)).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"], "rollout_started", "{body}");
    assert_eq!(body["field"], "waves", "{body}");
    let mut crowded = plan.clone();
    crowded["waves"] = json!(["2027-02-01", "2027-02-20"]);
    assert_eq!(
        post(&app, crowded, Some(&admin)).await.1["error"],
        "rollout_waves"
    );
    // A manager plans for their own units only.
    let manager = app
        .signed_in("m1@jambiprov.go.id", "manager", &[&office])
        .await;
    assert_eq!(
        post(&app, plan.clone(), Some(&manager)).await.0,
        StatusCode::FORBIDDEN
    );

    // Registered: every unit once, its wave's date, a fresh seed, the server's time.
    let (s, reg) = post(&app, plan.clone(), Some(&admin)).await;
    assert_eq!(s, StatusCode::CREATED, "{reg}");
    let id = reg["id"].as_i64().unwrap();
    let assignment = reg["assignment"].as_array().unwrap();
    assert_eq!(assignment.len(), 10);
    let wave_of: HashMap<String, usize> = assignment
        .iter()
        .map(|a| {
            let w = a["wave"].as_u64().unwrap() as usize;
            assert_eq!(a["starts_on"], plan["waves"][w], "{a}");
            (a["unit"].as_str().unwrap().to_string(), w)
        })
        .collect();
    assert_eq!(wave_of.len(), 10, "each unit exactly once");
    assert_eq!(
        wave_of[&office], wave_of[&uptd],
        "an office shares its UPTDs' wave"
    );
    assert_eq!(wave_of[&uptd], wave_of[&units[1].0]);
    let mut sizes = [0; 3];
    for (u, _) in &units {
        sizes[wave_of[u]] += 1;
    }
    assert!(sizes.iter().all(|n| *n >= 2), "{sizes:?}");
    let seed = reg["seed"].as_u64().unwrap();
    assert!(seed < 1 << 53);
    let at = chrono::DateTime::parse_from_rfc3339(reg["registered_at"].as_str().unwrap()).unwrap();
    assert_eq!(
        app::clock::wib_day(at.with_timezone(&chrono::Utc)).to_string(),
        "2027-01-10"
    );
    let hash = reg["plan_hash"].as_str().unwrap();
    assert!(hash.len() == 64 && hash.chars().all(|c| c.is_ascii_hexdigit()));
    assert!(reg["mde"].as_f64().unwrap() > 0.0);
    // The same body again is a new plan with a new draw.
    let (_, again) = post(&app, plan.clone(), Some(&admin)).await;
    assert_ne!(again["seed"], reg["seed"]);
    assert_ne!(again["id"], reg["id"]);

    // Read back as registered; never edited or deleted.
    let path = format!("/api/v1/training/rollouts/{id}");
    let path_page = format!("/staf/pelatihan/acak/{id}");
    let (s, shown) = send(&app, reqwest::Method::GET, Some(&admin), &path, None).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(shown, reg);
    for m in [
        reqwest::Method::PUT,
        reqwest::Method::PATCH,
        reqwest::Method::DELETE,
    ] {
        let (s, _) = send(&app, m.clone(), Some(&admin), &path, Some(&plan)).await;
        assert_eq!(s, StatusCode::METHOD_NOT_ALLOWED, "{m}");
    }
    let (_, listed) = send(
        &app,
        reqwest::Method::GET,
        Some(&admin),
        "/api/v1/training/rollouts",
        None,
    )
    .await;
    assert_eq!(listed.as_array().unwrap().len(), 2);
    // The draw is in the hash-chained log, which verifies.
    let log = app.table_text("audit_log").await;
    assert!(log.contains("training.rollout.register") && log.contains(hash));
    let (_, chain) = send(
        &app,
        reqwest::Method::GET,
        Some(&admin),
        "/api/v1/triage/audit",
        None,
    )
    .await;
    assert_eq!(chain["first_broken_id"], Value::Null, "{chain}");
    // Too early to tell.
    let (_, early) = send(
        &app,
        reqwest::Method::GET,
        Some(&admin),
        &format!("{path}/impact"),
        None,
    )
    .await;
    assert_eq!(early["design"], "randomized");
    assert_eq!(early["verdict"], "insufficient_data");
    assert_eq!(early["reasons"][0]["code"], "post_not_complete", "{early}");
    assert_eq!(early["reasons"][0]["detail"], "2027-06-01");

    // Months later, on the same database: the months since are imported, each unit better
    // by 0.3 of an answer (7.5 IKM points) from the month after its wave.
    let app = app.restart_with(&[("SUARA_TODAY", "2027-06-10")]).await;
    let admin = app.signed_in("a2@jambiprov.go.id", "admin", &[]).await;
    let wave_month = [2u32, 4, 6];
    let lift = |unit: &str, (y, m): (i32, u32)| {
        let w = wave_of[unit];
        if y == 2027 && m > wave_month[w] {
            0.3
        } else {
            0.0
        }
    };
    app.import_surveys(
        &admin,
        &responses(&units, &month_range((2027, 1), (2027, 5)), &lift, &mut rng),
    )
    .await;
    let (s, r) = send(
        &app,
        reqwest::Method::GET,
        Some(&admin),
        &format!("{path}/impact"),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{r}");
    assert_eq!(r["design"], "randomized");
    assert_eq!(r["method"], "randomization");
    assert_eq!(r["verdict"], "improved", "{r}");
    assert_eq!(r["reasons"], json!([]));
    let est = r["estimate"].as_f64().unwrap();
    assert!((est - 7.5).abs() < 2.0, "{r}");
    assert!(r["ci_low"].as_f64().unwrap() < est && est < r["ci_high"].as_f64().unwrap());
    assert!(r["p_value"].as_f64().unwrap() < 0.05);
    assert!(r["mde"].as_f64().unwrap() > 0.0);
    assert_eq!(r["assignments"], 2001);
    assert_eq!(r["baseline"], json!({"from": "2026-08", "to": "2027-01"}));
    assert_eq!(r["compared"], json!({"from": "2027-03", "to": "2027-05"}));
    let names = |k: &str| -> HashSet<String> {
        r[k].as_array()
            .unwrap()
            .iter()
            .map(|u| u["code"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(names("treated_units").len(), sizes[0] + sizes[1]);
    assert_eq!(names("control_units").len(), sizes[1] + sizes[2]);
    assert_eq!(r["excluded_units"].as_array().unwrap().len(), 1, "{r}");
    assert_eq!(r["excluded_units"][0]["code"], office.as_str());
    assert_eq!(r["excluded_units"][0]["reason"], "no_baseline");
    assert_eq!(r["elements"].as_array().unwrap().len(), 2);
    assert_eq!(r["elements"][0]["code"], "U3");
    // The dashboard lists it beside the programs, with its verdict and its design.
    let dashboard = app.get_text("/staf/dasbor", Some(&admin.cookie)).await;
    let at = dashboard
        .find(&format!("href=\"{path_page}\""))
        .expect("the rollout on the dashboard");
    let item = &dashboard[at..at + dashboard[at..].find("</li>").unwrap()];
    assert!(item.contains("Pelayanan prima bertahap"), "{item}");
    assert!(
        item.contains("verdict-improved") && item.contains("Acak: sebab-akibat"),
        "{item}"
    );

    // An ordinary program elsewhere never takes the rollout's units as clean comparisons.
    let (_, all_units) = send(&app, reqwest::Method::GET, None, "/api/v1/units", None).await;
    let outside = all_units
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["code"].as_str().unwrap().to_string())
        .find(|c| !codes_owned.contains(c))
        .unwrap();
    let (s, created) = send(
        &app,
        reqwest::Method::POST,
        Some(&admin),
        "/api/v1/training",
        Some(
            &json!({"name": "Kelas pagi", "topic": "Sikap", "target_elements": ["U7"],
            "unit_codes": [outside], "participants": 10,
            "start_date": "2027-03-01", "end_date": "2027-03-03"}),
        ),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{created}");
    let (_, program) = send(
        &app,
        reqwest::Method::GET,
        Some(&admin),
        &format!("/api/v1/training/{}/impact", created["id"]),
        None,
    )
    .await;
    let trained_by_rollout: HashSet<String> = program["excluded_units"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| u["reason"] == "trained_by_other" && u["detail"] == "Pelayanan prima bertahap")
        .map(|u| u["code"].as_str().unwrap().to_string())
        .collect();
    for c in &codes_owned {
        assert!(trained_by_rollout.contains(c), "{c} in {program}");
    }
}

async fn page(app: &TestApp, s: &Session, path: &str) -> (StatusCode, String) {
    let r = app
        .client
        .get(app.url(path))
        .header("cookie", &s.cookie)
        .send()
        .await
        .unwrap();
    (r.status(), r.text().await.unwrap())
}

const HOSTILE: &str = "Prima </textarea><script>alert(1)</script><!-- \"'";

/// The console: the plan form, its preview (with the MDE table and the register button),
/// a refusal by its field with everything typed kept, the registration, the rollout's page
/// with its wave calendar and seal; hostile text comes back inert everywhere.
async fn the_console_plans_previews_registers_and_shows_the_calendar(app: TestApp) {
    let admin = app.signed_in("a1@jambiprov.go.id", "admin", &[]).await;
    let (units, office, _) = plan_units(&app).await;
    let mut rng = Lcg(7);
    app.import_surveys(
        &admin,
        &responses(
            &units,
            &month_range((2026, 1), (2026, 12)),
            &|_, _| 0.0,
            &mut rng,
        ),
    )
    .await;
    let (s, body) = page(&app, &admin, "/staf/pelatihan/acak").await;
    assert_eq!(s, StatusCode::OK);
    assert!(body.contains("Rencanakan peluncuran acak") && body.contains("name=\"waves\""));
    assert!(
        !body.contains("id=\"preview\""),
        "no preview before one is asked"
    );
    let mut query: Vec<(&str, &str)> = vec![
        ("pratinjau", "1"),
        ("name", HOSTILE),
        ("topic", "Sikap petugas"),
        ("target_elements", "U7"),
    ];
    for (c, _) in &units {
        query.push(("units", c));
    }
    query.push(("units", &office));
    let with_waves = |waves: &[&'static str]| {
        let mut q = query.clone();
        q.extend(waves.iter().map(|w| ("waves", *w)));
        let u = reqwest::Url::parse_with_params(&app.url("/staf/pelatihan/acak"), &q).unwrap();
        format!("{}?{}", u.path(), u.query().unwrap_or_default())
    };
    let (s, body) = page(
        &app,
        &admin,
        &with_waves(&["2027-02-01", "2027-04-01", "2027-06-01", ""]),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert!(body.contains("id=\"preview\""), "{body}");
    assert!(
        body.contains("Rencana ini, 10 unit dalam 3 gelombang: "),
        "the MDE list's first line"
    );
    assert!(body.contains("20 unit dalam 4 gelombang: "));
    assert!(body.contains("Undi dan daftarkan"));
    assert!(body.contains(&format!("name=\"csrf\" value=\"{}\"", admin.csrf)));
    assert!(!body.contains("<script>alert(1)"), "hostile text inert");
    assert!(!body.contains("</textarea><script>"));
    // A wave that began: the message by the waves, everything typed kept, no preview.
    let (_, body) = page(&app, &admin, &with_waves(&["2027-01-05", "2027-04-01"])).await;
    assert!(
        body.contains("Gelombang pertama harus sesudah hari ini"),
        "{body}"
    );
    assert!(!body.contains("id=\"preview\""));
    assert!(body.contains("value=\"2027-01-05\""));
    assert!(body.contains(&format!("value=\"{}\" checked", units[0].0)));
    // Registered from the form: the rollout's page.
    let mut form: Vec<(&str, &str)> = vec![
        ("csrf", admin.csrf.as_str()),
        ("name", HOSTILE),
        ("topic", "Sikap petugas"),
        ("target_elements", "U7"),
        ("waves", "2027-02-01"),
        ("waves", "2027-04-01"),
        ("waves", "2027-06-01"),
    ];
    for (c, _) in &units {
        form.push(("units", c));
    }
    let post_form = |form: Vec<(&'static str, String)>| {
        app.client
            .post(app.url("/staf/pelatihan/acak"))
            .header("cookie", &admin.cookie)
            .header("accept", "text/html")
            .form(&form)
            .send()
    };
    let owned = |f: &[(&'static str, &str)]| -> Vec<(&'static str, String)> {
        f.iter().map(|(k, v)| (*k, v.to_string())).collect()
    };
    let r = post_form(owned(&form)).await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let to = r.headers()["location"].to_str().unwrap().to_string();
    assert!(to.starts_with("/staf/pelatihan/acak/"), "{to}");
    let (s, body) = page(&app, &admin, &to).await;
    assert_eq!(s, StatusCode::OK);
    for part in [
        "Kalender gelombang",
        "Gelombang 3",
        "Benih undian",
        "Sidik jari rencana",
        "Data belum cukup",
        "akan datang",
    ] {
        assert!(body.contains(part), "{part} in {body}");
    }
    assert!(!body.contains("<script>alert(1)"));
    // Refused from the form: 422, the message, what was typed.
    let mut late = owned(&form);
    late.retain(|(k, _)| *k != "waves");
    late.push(("waves", "2026-12-01".into()));
    late.push(("waves", "2027-03-01".into()));
    let r = post_form(late).await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    assert!(body.contains("Gelombang pertama harus sesudah hari ini"));
    assert!(body.contains("value=\"2026-12-01\""));
    assert!(body.contains("value=\"Sikap petugas\""));
    assert!(!body.contains("<script>alert(1)"));
    // Listed on the training page; an inspector reads it but plans nothing.
    let (_, list) = page(&app, &admin, "/staf/pelatihan").await;
    assert!(list.contains(&format!("href=\"{to}\"")));
    let inspector = app.signed_in("i@jambiprov.go.id", "inspector", &[]).await;
    assert_eq!(
        page(&app, &inspector, "/staf/pelatihan/acak").await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(page(&app, &inspector, &to).await.0, StatusCode::OK);
}

on_both_backends_with!(&[("SUARA_TODAY", "2027-01-10")];
    a_rollout_is_drawn_and_sealed_before_its_waves_and_judged_months_later,
    the_console_plans_previews_registers_and_shows_the_calendar);
