//! What every browser test needs: ChromeDriver and Chromium at phone and desktop size, the
//! wait for islands, signing in to the console, and screenshots to look at.

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;
use std::process::{Child, Command, Stdio};
use std::time::Duration;
use suara_tests::{Backend, PASSWORD, TestApp, spawn_app};

/// A chromedriver process, stopped when dropped.
pub struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    /// The port chromedriver listens on, for its endpoints fantoccini does not wrap.
    pub fn port(&self) -> u16 {
        self.port
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub async fn start_driver() -> Driver {
    let port = free_port();
    let driver = Driver {
        port,
        child: Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver on PATH (scripts/setup.sh --browser installs it)"),
    };
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            return driver;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("chromedriver did not start");
}

/// Headless Chromium's flags for a window `size` ("360,740") with its own profile.
pub fn chromium_args(size: &str, profile: &std::path::Path) -> Vec<String> {
    vec![
        "--headless".to_string(),
        "--no-sandbox".into(),
        "--disable-gpu".into(),
        "--disable-dev-shm-usage".into(),
        "--disable-background-networking".into(),
        "--disable-component-update".into(),
        "--disable-sync".into(),
        "--no-first-run".into(),
        "--hide-scrollbars".into(),
        format!("--window-size={size}"),
        format!("--user-data-dir={}", profile.display()),
    ]
}

pub async fn session(driver: &Driver, options: serde_json::Value) -> Client {
    let caps = json!({"goog:chromeOptions": options});
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps.as_object().unwrap().clone())
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .expect("a Chromium session")
}

pub async fn phone(driver: &Driver, javascript: bool, profile: &std::path::Path) -> Client {
    // Page scripts off through the content setting; chromedriver's own scripts still run.
    // Mobile emulation is only used with scripts on: with both, chromedriver hangs on clicks.
    let prefs = if javascript {
        json!({})
    } else {
        json!({"profile.managed_default_content_settings.javascript": 2})
    };
    let mut options = json!({"args": chromium_args("360,740", profile), "prefs": prefs});
    if javascript {
        options["mobileEmulation"] =
            json!({"deviceMetrics": {"width": 360, "height": 740, "pixelRatio": 2.0}});
    }
    session(driver, options).await
}

pub async fn submit(c: &Client) {
    let button = c
        .find(Locator::Css("button[type=submit]"))
        .await
        .expect("submit button");
    button.click().await.expect("submit clicked");
}

pub async fn body_text(c: &Client) -> String {
    c.find(Locator::Css("body"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// Waits until the page's islands are live.
pub async fn hydrated(c: &Client) {
    c.wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("body[data-hydrated='1']"))
        .await
        .expect("islands hydrate");
}

pub async fn app() -> TestApp {
    spawn_app(Backend::Sqlite).await.expect("app")
}

/// Signs in through the console's form and waits for the queue.
pub async fn sign_in(c: &Client, app: &TestApp, email: &str) {
    sign_in_to(c, app, email, "/staf", ".console-nav").await;
}

/// Opens `page`, signs in on the form it sends to, and waits for `shown` on `page`.
pub async fn sign_in_to(c: &Client, app: &TestApp, email: &str, page: &str, shown: &str) {
    c.goto(&app.url(page)).await.unwrap();
    c.wait()
        .for_element(Locator::Id("email"))
        .await
        .expect("sent to the sign-in page");
    sign_in_here(c, email, PASSWORD).await;
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(shown))
        .await
        .expect("signed in");
}

/// Fills the sign-in form on the current page, sends it and waits until the browser has
/// left the sign-in page (a refusal shows it again, and fails here).
pub async fn sign_in_here(c: &Client, email: &str, password: &str) {
    c.find(Locator::Id("email"))
        .await
        .unwrap()
        .send_keys(email)
        .await
        .unwrap();
    c.find(Locator::Id("password"))
        .await
        .unwrap()
        .send_keys(password)
        .await
        .unwrap();
    c.find(Locator::Css("form button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    for _ in 0..100 {
        let url = c.current_url().await.unwrap();
        if !url.path().starts_with("/staf/masuk") {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{email} was not signed in: {}", body_text(c).await);
}

/// A desktop browser window (1280 px wide), scripts on.
pub async fn desktop(driver: &Driver, profile: &std::path::Path) -> Client {
    session(driver, json!({"args": chromium_args("1280,900", profile)})).await
}

/// Saves a screenshot of the whole page when `SUARA_SCREENSHOTS` names a folder (for
/// looking at what a change did; the tests do not need it).
pub async fn keep_screenshot(c: &Client, name: &str) {
    let Ok(dir) = std::env::var("SUARA_SCREENSHOTS") else {
        return;
    };
    let height = c
        .execute("return document.documentElement.scrollHeight", vec![])
        .await
        .ok()
        .and_then(|v| v.as_f64())
        .unwrap_or(900.0);
    let width = c
        .execute("return window.innerWidth", vec![])
        .await
        .ok()
        .and_then(|v| v.as_f64())
        .unwrap_or(1280.0);
    let _ = std::fs::create_dir_all(&dir);
    if width >= 1000.0 {
        // A desktop window grows to the whole page: one picture.
        let _ = c.set_window_size(width as u32, height as u32 + 100).await;
        if let Ok(png) = c.screenshot().await {
            let _ = std::fs::write(format!("{dir}/{name}.png"), png);
        }
        return;
    }
    // An emulated phone keeps its screen: one picture per screenful.
    let screen = c
        .execute("return window.innerHeight", vec![])
        .await
        .ok()
        .and_then(|v| v.as_f64())
        .unwrap_or(740.0);
    let mut top = 0.0;
    let mut i = 1;
    while top < height {
        let _ = c
            .execute(&format!("window.scrollTo(0, {top})"), vec![])
            .await;
        if let Ok(png) = c.screenshot().await {
            let _ = std::fs::write(format!("{dir}/{name}-{i}.png"), png);
        }
        top += screen;
        i += 1;
    }
}

/// axe-core's accessibility rules of WCAG 2.0, 2.1 and 2.2 at levels A and AA, run on the
/// page open in `c`; each violation as "rule: the elements it found". axe-core comes from
/// the npm registry (`scripts/setup.sh --test` puts it in `.tools`) and is injected here.
pub async fn axe_violations(c: &Client) -> Vec<String> {
    static AXE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let source = AXE.get_or_init(|| {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../.tools/node_modules/axe-core/axe.min.js");
        std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "{}: {e} (scripts/setup.sh --test installs axe-core)",
                path.display()
            )
        })
    });
    c.execute(&format!("{source}\n;return true;"), vec![])
        .await
        .expect("axe-core injected");
    let found = c
        .execute_async(
            r#"const done = arguments[arguments.length - 1];
            axe.run(document, {runOnly: {type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa']}})
              .then(r => done(r.violations.map(v => v.id + ': ' +
                  v.nodes.map(n => n.target.join(' ')).slice(0, 5).join(' | '))))
              .catch(e => done(['axe failed: ' + e]));"#,
            vec![],
        )
        .await
        .expect("axe-core ran");
    found
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// Every text of every chart on the page whose box (after its own transform) leaves the
/// chart's view box, as "chart: text [x, y, w, h]".
pub async fn text_outside_charts(c: &Client) -> Vec<String> {
    let found = c
        .execute(
            r#"
            const out = [];
            for (const svg of document.querySelectorAll('svg.chart')) {
                const vb = svg.viewBox.baseVal;
                const toSvg = svg.getScreenCTM().inverse();
                for (const t of svg.querySelectorAll('text')) {
                    const b = t.getBBox();
                    if (b.width === 0 || b.height === 0) continue;
                    const m = toSvg.multiply(t.getScreenCTM());
                    const xs = [], ys = [];
                    for (const [x, y] of [[b.x, b.y], [b.x + b.width, b.y], [b.x, b.y + b.height], [b.x + b.width, b.y + b.height]]) {
                        const p = new DOMPoint(x, y).matrixTransform(m);
                        xs.push(p.x); ys.push(p.y);
                    }
                    const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
                    if (x0 < vb.x - 1 || y0 < vb.y - 1 || x1 > vb.x + vb.width + 1 || y1 > vb.y + vb.height + 1) {
                        out.push(svg.getAttribute('aria-labelledby') + ': ' + t.textContent + ' ' +
                            JSON.stringify([x0, y0, x1 - x0, y1 - y0].map(Math.round)));
                    }
                }
            }
            return out;
            "#,
            vec![],
        )
        .await
        .unwrap();
    serde_json::from_value(found).unwrap()
}

/// Registers a kiosk of UPTD Samsat Kota for `services` as an admin; the path of its
/// one-time enrolment link.
pub async fn kiosk_enrolment(app: &TestApp, name: &str, services: &[&str]) -> String {
    let admin = app.signed_in("admin@jambiprov.go.id", "admin", &[]).await;
    let r: serde_json::Value = app
        .client
        .post(app.url("/api/v1/kiosks"))
        .header("cookie", &admin.cookie)
        .header("x-csrf-token", &admin.csrf)
        .json(&json!({"unit_code": "samsat-kota", "name": name, "service_codes": services}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let link = r["enrol_url"].as_str().expect("an enrolment link");
    link[link.find("/kios/daftar/").expect("a kiosk link")..].to_string()
}

/// Opens an enrolment link on the tablet and confirms it: the link's page names the kiosk
/// and only its button spends the link.
pub async fn enrol_tablet(c: &Client, app: &TestApp, path: &str) {
    c.goto(&app.url(path)).await.expect("the enrolment page");
    let confirm = c
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(
            "form[action^='/kios/daftar/'] button[type='submit']",
        ))
        .await
        .expect("the enrolment asks to confirm");
    keep_screenshot(c, "kiosk-enrol-confirm").await;
    confirm.click().await.expect("confirmed");
}
