//! Lighthouse 12.2.3 (npm, installed by `scripts/setup.sh --test`) on the citizen pages in its
//! mobile mode (a mid-range phone on a slow 4G connection, simulated): performance,
//! accessibility, best practices and SEO each score 95 or more on `/s/{service}`, `/lapor`,
//! `/ikm` and `/lacak`, with the demo's responses. It runs alone (`.config/nextest.toml`):
//! the other tests would take the cores from the page it measures. It prints each score
//! (`cargo nextest run ... --no-capture`); BENCHMARKS.md keeps them.

use crate::pages::app;

/// Lighthouse's categories, each at least this score (of 100).
const AT_LEAST: f64 = 95.0;
const CATEGORIES: [&str; 4] = ["performance", "accessibility", "best-practices", "seo"];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lighthouse_scores_the_citizen_pages_95_or_more_on_a_phone() {
    let app = app().await;
    app::demo::load_responses(&app.db, 120, 2026).await.unwrap();
    let cli = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../.tools/node_modules/lighthouse/cli/index.js"
    );
    assert!(
        std::path::Path::new(cli).is_file(),
        "Lighthouse from npm (scripts/setup.sh --test installs it)"
    );
    let mut problems = Vec::new();
    for path in ["/s/skj-pkb", "/lapor", "/ikm", "/lacak"] {
        let report = app.dir.join("lighthouse.json");
        let mut run = std::process::Command::new("node");
        run.arg(cli)
            .arg(app.url(path))
            .arg("--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage")
            .arg(format!("--only-categories={}", CATEGORIES.join(",")))
            .args(["--form-factor=mobile", "--output=json", "--quiet"])
            .arg(format!("--output-path={}", report.display()))
            .env("CHROME_PATH", "/usr/bin/chromium");
        let out = tokio::task::spawn_blocking(move || run.output().expect("node on PATH"))
            .await
            .unwrap();
        assert!(
            out.status.success(),
            "{path}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
        let mut line = format!("lighthouse {path}:");
        for c in CATEGORIES {
            let score = json["categories"][c]["score"].as_f64().unwrap_or(0.0) * 100.0;
            line += &format!(" {c} {score:.0}");
            if score < AT_LEAST {
                // What cost the points, to say why.
                let lost: Vec<String> = json["categories"][c]["auditRefs"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter(|r| r["weight"].as_f64().unwrap_or(0.0) > 0.0)
                    .filter_map(|r| {
                        let a = &json["audits"][r["id"].as_str()?];
                        (a["score"].as_f64()? < 0.9).then(|| {
                            format!("{} {}", r["id"], a["displayValue"].as_str().unwrap_or(""))
                        })
                    })
                    .collect();
                problems.push(format!("{path}: {c} {score:.0} ({})", lost.join("; ")));
            }
        }
        println!("{line}");
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
