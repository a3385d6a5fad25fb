//! Operations people already use: the alerting rules of `docs/ops/alerts.yml` pass
//! `promtool check rules` and their own unit tests (`promtool test rules`), and a real
//! Prometheus (Debian's `prometheus`) scrapes a real server with the metrics token, evaluates
//! every rule without error, and fires one on the server's own data (a mail given up on).
//! Every query of the Grafana dashboard (`docs/ops/grafana-dashboard.json`) runs in that
//! Prometheus, and every series the rules and the dashboard name is one the server exports.

use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::process::{Child, Command, Stdio};
use suara_tests::{TestApp, on_both_backends_with};

/// The metrics token of the servers below (the macro at the end names it again).
const TOKEN: &str = "metrik-prom-456";

fn ops(file: &str) -> String {
    format!("{}/../docs/ops/{file}", env!("CARGO_MANIFEST_DIR"))
}

fn promtool(args: &[&str]) -> (bool, String) {
    let out = Command::new("promtool")
        .args(args)
        .output()
        .expect("promtool (Debian's prometheus package, scripts/setup.sh --test)");
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

#[test]
fn the_alerting_rules_pass_promtool_and_their_unit_tests() {
    let (ok, out) = promtool(&["check", "rules", &ops("alerts.yml")]);
    assert!(ok && out.contains("SUCCESS: 10 rules found"), "{out}");
    let (ok, out) = promtool(&["test", "rules", &ops("alerts.test.yml")]);
    assert!(ok && out.contains("SUCCESS"), "{out}");
}

/// Metric names in a PromQL text (`suara_...`).
fn series_named(text: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let mut rest = text;
    while let Some(at) = rest.find("suara_") {
        let tail = &rest[at..];
        let end = tail
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(tail.len());
        names.insert(tail[..end].to_string());
        rest = &tail[end..];
    }
    names
}

/// The dashboard's queries as Prometheus reads them: Grafana's variables replaced.
fn dashboard_queries() -> Vec<(String, String)> {
    let dash: Value =
        serde_json::from_str(&std::fs::read_to_string(ops("grafana-dashboard.json")).unwrap())
            .expect("the dashboard is JSON");
    assert_eq!(dash["uid"], "suara-ops");
    let mut out = Vec::new();
    for panel in dash["panels"].as_array().unwrap() {
        if panel["type"] == "row" {
            continue;
        }
        assert_eq!(panel["datasource"]["uid"], "${datasource}", "{panel}");
        let title = panel["title"].as_str().unwrap().to_string();
        let targets = panel["targets"].as_array().unwrap();
        assert!(!targets.is_empty(), "{title} has a query");
        for t in targets {
            let expr = t["expr"]
                .as_str()
                .unwrap()
                .replace("$__rate_interval", "1m")
                .replace("$instance", ".*");
            out.push((title.clone(), expr));
        }
    }
    out
}

struct Prometheus(Child);

impl Drop for Prometheus {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

async fn query(client: &reqwest::Client, base: &str, path: &str, q: &[(&str, &str)]) -> Value {
    client
        .get(format!("{base}{path}"))
        .query(q)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

async fn a_real_prometheus_scrapes_the_server_evaluates_the_rules_and_runs_the_dashboard(
    app: TestApp,
) {
    // A mail given up on: a complaint's receipt, sent, then marked failed as the relay would.
    let r = app
        .client
        .post(app.url("/api/v1/complaints"))
        .json(&super::durability::report_by_email("warga@contoh.id"))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "{}", r.status());
    use app::entities::outbox;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    assert!(
        app.eventually(30, || async {
            outbox::Entity::find()
                .filter(outbox::Column::Status.eq(app::mail::outbox::PENDING))
                .all(&app.db)
                .await
                .unwrap()
                .is_empty()
        })
        .await,
        "the receipt left the outbox"
    );
    let mail = outbox::Entity::find().one(&app.db).await.unwrap().unwrap();
    app::mail::outbox::mark_failed(&app.db, mail.id, "550 5.1.1 mailbox unavailable", None)
        .await
        .unwrap();

    // A survey, so that the group-commit series (batch sizes, the queue) exist.
    let r = app
        .client
        .post(app.url("/api/v1/surveys"))
        .json(
            &json!({"service_code": "skj-pkb", "answers": {"U1": 4, "U2": 3, "U3": 3,
            "U4": 4, "U5": 3, "U6": 4, "U7": 4, "U8": 3, "U9": 2}}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);

    let dir = tempfile::tempdir().unwrap();
    let port = super::durability::free_port();
    let config = format!(
        "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n\
         rule_files:\n  - {rules}\n\
         scrape_configs:\n  - job_name: suara\n    metrics_path: /metrics\n\
         \x20   authorization:\n      credentials: {TOKEN}\n\
         \x20   static_configs:\n      - targets: ['{target}']\n",
        rules = ops("alerts.yml"),
        target = app.addr,
    );
    std::fs::write(dir.path().join("prometheus.yml"), config).unwrap();
    let _prometheus = Prometheus(
        Command::new("prometheus")
            .arg(format!(
                "--config.file={}",
                dir.path().join("prometheus.yml").display()
            ))
            .arg(format!(
                "--storage.tsdb.path={}",
                dir.path().join("data").display()
            ))
            .arg(format!("--web.listen-address=127.0.0.1:{port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("prometheus (Debian's package, scripts/setup.sh --test)"),
    );
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::new();

    // The rule fires on the server's data.
    let mut fired = Value::Null;
    for _ in 0..120 {
        if let Ok(r) = client.get(format!("{base}/api/v1/alerts")).send().await
            && let Ok(v) = r.json::<Value>().await
            && let Some(a) = v["data"]["alerts"].as_array().and_then(|a| {
                a.iter()
                    .find(|a| a["labels"]["alertname"] == "SuaraMailGivenUp")
            })
            && a["state"] == "firing"
        {
            fired = a.clone();
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    }
    assert_eq!(fired["labels"]["severity"], "warning", "{fired}");
    assert_eq!(
        fired["annotations"]["summary"],
        "1 mails were given up on after every attempt"
    );

    // Every rule evaluates without error; the target is up.
    let rules = query(&client, &base, "/api/v1/rules", &[]).await;
    let rules: Vec<&Value> = rules["data"]["groups"][0]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .collect();
    assert_eq!(rules.len(), 10);
    for r in &rules {
        assert_eq!(r["health"], "ok", "{r}");
    }
    let up = query(
        &client,
        &base,
        "/api/v1/query",
        &[("query", "up{job=\"suara\"}")],
    )
    .await;
    assert_eq!(up["data"]["result"][0]["value"][1], "1", "{up}");

    // The series the server exports, as Prometheus stored them.
    let exported: BTreeSet<String> = query(&client, &base, "/api/v1/label/__name__/values", &[])
        .await["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| n.as_str().map(str::to_string))
        .collect();
    let mut named = series_named(&std::fs::read_to_string(ops("alerts.yml")).unwrap());
    let queries = dashboard_queries();
    for (_, q) in &queries {
        named.extend(series_named(q));
    }
    let missing: Vec<_> = named.difference(&exported).collect();
    assert!(
        missing.is_empty(),
        "named in the rules or the dashboard, not exported: {missing:?}"
    );
    assert!(named.len() >= 12, "{named:?}");

    // Every dashboard query runs.
    for (title, q) in &queries {
        let v = query(&client, &base, "/api/v1/query", &[("query", q)]).await;
        assert_eq!(v["status"], "success", "{title}: {q}\n{v}");
    }
}

on_both_backends_with!(&[("SUARA_METRICS_TOKEN", "metrik-prom-456"), ("SUARA_MAIL_POLL_SECS", "1")];
    a_real_prometheus_scrapes_the_server_evaluates_the_rules_and_runs_the_dashboard);
