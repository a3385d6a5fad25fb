//! Open311 GeoReport v2: shapes as the spec gives them, the api_key check, errors, and the
//! `georeport` client from PyPI reading the running server.

use super::complaints::{file, rahasia};
use reqwest::StatusCode;
use serde_json::Value;
use suara_tests::{OPEN311_KEY, TestApp, on_both_backends};

async fn get(app: &TestApp, path: &str) -> (StatusCode, String, String) {
    let r = app.client.get(app.url(path)).send().await.unwrap();
    let ct = r
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    (r.status(), ct, r.text().await.unwrap())
}

async fn post(app: &TestApp, fmt: &str, form: &[(&str, &str)]) -> (StatusCode, String) {
    let r = app
        .client
        .post(app.url(&format!("/open311/v2/requests.{fmt}")))
        .form(form)
        .send()
        .await
        .unwrap();
    (r.status(), r.text().await.unwrap())
}

async fn discovery_and_services_have_the_spec_shapes(app: TestApp) {
    let (s, ct, body) = get(&app, "/open311/v2/discovery.json").await;
    assert_eq!(s, StatusCode::OK);
    assert!(ct.starts_with("application/json"));
    let d: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        d["endpoints"][0]["specification"],
        "http://wiki.open311.org/GeoReport_v2"
    );
    assert_eq!(
        d["endpoints"][0]["url"],
        "https://suara.example.go.id/open311/v2"
    );
    let (_, ct, xml) = get(&app, "/open311/v2/discovery.xml").await;
    assert!(ct.starts_with("text/xml"));
    assert!(
        xml.contains("<discovery>")
            && xml.contains("<endpoints><endpoint>")
            && xml.contains("<format>text/xml</format>")
    );
    let (_, _, body) = get(&app, "/open311/v2/services.json").await;
    let services: Value = serde_json::from_str(&body).unwrap();
    let services = services.as_array().unwrap();
    assert_eq!(services.len(), 9, "one service per conduct category");
    let pungli = services
        .iter()
        .find(|s| s["service_code"] == "pungli")
        .unwrap();
    for key in ["service_name", "description", "keywords", "group"] {
        assert!(pungli[key].is_string(), "{key}");
    }
    assert_eq!(pungli["metadata"], true);
    assert_eq!(pungli["type"], "realtime");
    let (_, _, xml) = get(&app, "/open311/v2/services.xml").await;
    assert!(xml.starts_with("<?xml") && xml.contains("<services><service><service_code>"));
    let (_, _, body) = get(&app, "/open311/v2/services/pungli.json").await;
    let def: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(def["service_code"], "pungli");
    let attrs = def["attributes"].as_array().unwrap();
    let unit = attrs.iter().find(|a| a["code"] == "unit").unwrap();
    assert_eq!(unit["datatype"], "singlevaluelist");
    assert_eq!(unit["required"], true);
    assert!(
        unit["values"]
            .as_array()
            .unwrap()
            .iter()
            .any(|v| v["key"] == "samsat-kota" && v["name"].is_string())
    );
    assert!(attrs.iter().any(|a| a["code"] == "incident_date"));
    assert!(attrs.iter().any(|a| a["code"] == "reporter_mode"));
    let (s, _, body) = get(&app, "/open311/v2/services/korupsi.json").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let e: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(e[0]["code"], 404);
    assert!(e[0]["description"].is_string());
}

async fn requests_are_filed_with_a_key_and_read_without_anything_confidential(app: TestApp) {
    let base = [
        ("service_code", "pungli"),
        ("attribute[unit]", "samsat-kota"),
        (
            "description",
            "Diminta uang tambahan Rp75.000 untuk mempercepat balik nama kendaraan.",
        ),
        ("first_name", "Rudi"),
        ("last_name", "Rahasiawan"),
        ("email", "rudi.rahasiawan@contoh.id"),
        ("address_string", "Jl. Jend. Sudirman, Jambi"),
    ];
    let (s, body) = post(&app, "json", &base).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let e: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(e[0]["code"], 403);
    let with_key: Vec<(&str, &str)> = base
        .iter()
        .copied()
        .chain([("api_key", OPEN311_KEY)])
        .collect();
    let (s, body) = post(&app, "json", &with_key).await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    let created: Value = serde_json::from_str(&body).unwrap();
    let id = created[0]["service_request_id"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(created[0]["service_notice"].is_string());
    let mut bad = with_key.clone();
    bad.retain(|(k, _)| *k != "attribute[unit]");
    let (s, body) = post(&app, "xml", &bad).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(
        body.contains("<errors><error><code>400</code><description>attribute[unit]"),
        "{body}"
    );
    let (s, _, body) = get(&app, &format!("/open311/v2/requests/{id}.json")).await;
    assert_eq!(s, StatusCode::OK);
    let one: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(one.as_array().unwrap().len(), 1);
    let r = &one[0];
    assert_eq!(r["service_request_id"], id.as_str());
    assert_eq!(r["status"], "open");
    assert_eq!(r["service_code"], "pungli");
    // The Inspectorate handles it; the unit reported is never published per report (the
    // list would give each unit's exact count, which /statistik withholds under five).
    assert_eq!(r["agency_responsible"], "Inspektorat Provinsi Jambi");
    let (_, _, listed) = get(&app, "/open311/v2/requests.json").await;
    assert!(!listed.contains("Samsat"), "{listed}");
    let requested = r["requested_datetime"].as_str().unwrap();
    assert!(
        chrono::DateTime::parse_from_rfc3339(requested).is_ok() && requested.ends_with("+07:00"),
        "{requested}"
    );
    let (_, _, xml) = get(&app, &format!("/open311/v2/requests/{id}.xml")).await;
    assert!(xml.contains("<service_requests><request><service_request_id>"));
    let (_, _, list) = get(
        &app,
        "/open311/v2/requests.json?status=open&service_code=pungli",
    )
    .await;
    let list: Value = serde_json::from_str(&list).unwrap();
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .any(|r| r["service_request_id"] == id.as_str())
    );
    let (_, _, closed) = get(&app, "/open311/v2/requests.json?status=closed").await;
    assert_eq!(closed, "[]");
    let (s, _, _) = get(&app, "/open311/v2/requests.json?start_date=2026-01-01T00:00:00%2B07:00&end_date=2026-12-31T00:00:00%2B07:00").await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "more than 90 days");
    let (s, _, _) = get(&app, "/open311/v2/requests/000000000000.json").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let everything = [
        get(&app, &format!("/open311/v2/requests/{id}.json"))
            .await
            .2,
        get(&app, "/open311/v2/requests.xml").await.2,
    ]
    .concat();
    for secret in ["Rudi", "Rahasiawan", "rudi.rahasiawan", "Rp75.000"] {
        assert!(!everything.contains(secret), "{secret} appears in Open311");
    }
    // Identity given without a mode: filed as rahasia, so it is sealed.
    assert!(!app.table_text("complaints").await.contains("Rahasiawan"));
}

async fn the_georeport_client_from_pypi_reads_services_and_requests(app: TestApp) {
    let code = file(&app, &rahasia()).await;
    // Open311 knows the report by its public id, never by the tracking code.
    let public_id = {
        use sea_orm::ConnectionTrait;
        app.db
            .query_one_raw(sea_orm::Statement::from_string(
                app.db.get_database_backend(),
                format!("SELECT public_id FROM complaints WHERE tracking_code = '{code}'"),
            ))
            .await
            .unwrap()
            .unwrap()
            .try_get::<String>("", "public_id")
            .unwrap()
    };
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/open311/georeport_check.py");
    let base = app.url("/open311/v2");
    let out = tokio::task::spawn_blocking(move || {
        std::process::Command::new(suara_tests::smtp::python())
            .arg(script)
            .arg(base)
            .arg(public_id)
            .output()
    })
    .await
    .unwrap()
    .expect("python runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "georeport: {stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("json: 9 services") && stdout.contains("xml: 9 services"),
        "{stdout}"
    );
}

on_both_backends!(
    discovery_and_services_have_the_spec_shapes,
    requests_are_filed_with_a_key_and_read_without_anything_confidential,
    the_georeport_client_from_pypi_reads_services_and_requests,
);
