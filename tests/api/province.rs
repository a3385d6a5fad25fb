//! The province-wide figures are kept for `SUARA_FIGURES_MAX_AGE_SECS` (`app::memo`): the
//! province's index, every unit's table and the province's trend answer from memory until
//! then, while a unit's or a service's figures are read afresh; once the age passes, the next
//! reader sees what was written meanwhile. On SQLite and PostgreSQL.

use reqwest::StatusCode;
use serde_json::{Value, json};
use suara_tests::TestApp;

const MAX_AGE_SECS: u64 = 3;

fn survey(score: u8) -> Value {
    let answers: serde_json::Map<String, Value> =
        (1..=9).map(|i| (format!("U{i}"), json!(score))).collect();
    json!({"service_code": "skj-pkb", "answers": answers})
}

/// The responses an index answer counts, or a trend's over its points.
fn counted(v: &Value) -> Option<i64> {
    v["responses"].as_i64().or_else(|| {
        v["points"]
            .as_array()
            .map(|p| p.iter().map(|x| x["responses"].as_i64().unwrap_or(0)).sum())
    })
}

async fn responses(app: &TestApp, path: &str) -> i64 {
    let r = app.client.get(app.url(path)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK, "{path}");
    let v: Value = r.json().await.unwrap();
    counted(&v).unwrap_or_else(|| panic!("{path}: {v}"))
}

async fn province_figures_are_kept_for_their_age_and_units_are_read_afresh(app: TestApp) {
    let province = "/api/v1/ikm";
    let trend = "/api/v1/trends?granularity=month";
    let unit = "/api/v1/ikm?unit=samsat-kota";
    for score in [4, 3] {
        let r = app
            .client
            .post(app.url("/api/v1/surveys"))
            .json(&survey(score))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::CREATED);
    }
    // First read: computed and kept.
    assert_eq!(responses(&app, province).await, 2);
    assert_eq!(responses(&app, trend).await, 2);
    assert!(app.get_text("/ikm", None).await.contains("2 responden"));
    let r = app
        .client
        .post(app.url("/api/v1/surveys"))
        .json(&survey(2))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    // The unit is read afresh; the province's figures, forty readers at once, are the kept
    // ones, however many ask.
    assert_eq!(responses(&app, unit).await, 3);
    let mut readers = Vec::new();
    for k in 0..40 {
        let app_client = app.client.clone();
        let url = app.url(if k % 2 == 0 { province } else { trend });
        readers.push(tokio::spawn(async move {
            let v: Value = app_client
                .get(url)
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            counted(&v).unwrap()
        }));
    }
    for r in readers {
        assert_eq!(
            r.await.unwrap(),
            2,
            "a reader within the age saw new figures"
        );
    }
    let page = app.get_text("/ikm", None).await;
    assert!(page.contains("2 responden"), "the public table is kept too");
    // Past the age the next reader adds them up again.
    tokio::time::sleep(std::time::Duration::from_millis(MAX_AGE_SECS * 1000 + 200)).await;
    assert_eq!(responses(&app, province).await, 3);
    assert_eq!(responses(&app, trend).await, 3);
    let page = app.get_text("/ikm", None).await;
    assert!(page.contains("3 responden"), "{page}");
}

suara_tests::on_both_backends_with!(&[("SUARA_FIGURES_MAX_AGE_SECS", "3")];
    province_figures_are_kept_for_their_age_and_units_are_read_afresh,
);
