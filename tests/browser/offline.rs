//! A survey answered without a connection: on a phone at 360 px and on a kiosk tablet at
//! 800x1280, the browser is switched offline by DevTools network emulation (through
//! ChromeDriver, on the page and its service worker), the answers are sent, the page says they are kept on the device, and once
//! the browser is back online the response arrives exactly once, on its answered time.

use crate::pages::*;
use fantoccini::{Client, Locator};
use serde_json::{Value, json};
use std::time::Duration;
use suara_tests::TestApp;

/// A DevTools command to the page's target, through ChromeDriver.
async fn cdp(driver: &Driver, c: &Client, cmd: &str, params: Value) -> Value {
    let session = c.session_id().await.unwrap().expect("a session id");
    let r = reqwest::Client::new()
        .post(format!(
            "http://127.0.0.1:{}/session/{session}/goog/cdp/execute",
            driver.port()
        ))
        .json(&json!({"cmd": cmd, "params": params}))
        .send()
        .await
        .expect("chromedriver answers");
    assert!(r.status().is_success(), "{cmd}: {:?}", r.text().await);
    r.json::<Value>().await.unwrap()["value"].clone()
}

/// The browser switched offline, as the offline switch of DevTools does it: network
/// emulation on the page and on every service worker (each worker is a DevTools target of
/// its own; emulation on the page alone leaves the worker online). Dropped by [`online`].
struct Offline {
    workers: Vec<Value>,
}

fn conditions(offline: bool) -> Value {
    let throughput = if offline { 0 } else { -1 };
    json!({"offline": offline, "latency": 0,
        "downloadThroughput": throughput, "uploadThroughput": throughput})
}

async fn to_worker(
    driver: &Driver,
    c: &Client,
    session: &Value,
    id: u32,
    method: &str,
    params: Value,
) {
    let message = json!({"id": id, "method": method, "params": params});
    cdp(
        driver,
        c,
        "Target.sendMessageToTarget",
        json!({"sessionId": session, "message": message.to_string()}),
    )
    .await;
}

async fn offline(driver: &Driver, c: &Client) -> Offline {
    let targets = cdp(driver, c, "Target.getTargets", json!({})).await;
    let ids: Vec<Value> = targets["targetInfos"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["type"] == "service_worker")
        .map(|t| t["targetId"].clone())
        .collect();
    assert!(!ids.is_empty(), "a service worker to switch: {targets}");
    let mut workers = Vec::new();
    for target in ids {
        let attached = cdp(
            driver,
            c,
            "Target.attachToTarget",
            json!({"targetId": target, "flatten": false}),
        )
        .await;
        let session = attached["sessionId"].clone();
        to_worker(driver, c, &session, 1, "Network.enable", json!({})).await;
        to_worker(
            driver,
            c,
            &session,
            2,
            "Network.emulateNetworkConditions",
            conditions(true),
        )
        .await;
        workers.push(session);
    }
    cdp(
        driver,
        c,
        "Network.emulateNetworkConditions",
        conditions(true),
    )
    .await;
    Offline { workers }
}

/// Back online: the workers first, then the page (whose `online` event asks the worker to
/// send what it kept).
async fn online(driver: &Driver, c: &Client, was: Offline) {
    for session in was.workers {
        to_worker(
            driver,
            c,
            &session,
            3,
            "Network.emulateNetworkConditions",
            conditions(false),
        )
        .await;
        cdp(
            driver,
            c,
            "Target.detachFromTarget",
            json!({"sessionId": session}),
        )
        .await;
    }
    cdp(
        driver,
        c,
        "Network.emulateNetworkConditions",
        conditions(false),
    )
    .await;
}

/// Waits until the survey's service worker controls the page.
async fn controlled(c: &Client) {
    for _ in 0..100 {
        let on = c
            .execute("return !!navigator.serviceWorker.controller", vec![])
            .await
            .unwrap();
        if on == json!(true) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the service worker never took the page");
}

async fn text_of(c: &Client, css: &str) -> String {
    c.find(Locator::Css(css))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// Every stored response as (submission id, answered, received).
async fn stored(app: &TestApp) -> Vec<(Option<String>, i64, Option<i64>)> {
    use app::entities::survey_response;
    use sea_orm::EntityTrait;
    survey_response::Entity::find()
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|r| {
            (
                r.submission_id,
                r.submitted_at.timestamp(),
                r.received_at.map(|t| t.timestamp()),
            )
        })
        .collect()
}

async fn choose(c: &Client, element: &str, score: u8) {
    c.find(Locator::Css(&format!(
        "input[name='{element}'][value='{score}']"
    )))
    .await
    .expect("radio found")
    .click()
    .await
    .expect("radio clicked");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_phone_that_loses_its_connection_keeps_the_answers_and_sends_them_once_when_back() {
    let app = app().await;
    let driver = start_driver().await;
    let profile = tempfile::tempdir().unwrap();
    let c = phone(&driver, true, profile.path()).await;
    c.goto(&app.url("/s/skj-pkb")).await.unwrap();
    hydrated(&c).await;
    controlled(&c).await;
    let first_id: Value = c
        .execute(
            "return document.querySelector('[name=submission_id]').value",
            vec![],
        )
        .await
        .unwrap();

    for e in ["U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9"] {
        choose(&c, e, 3).await;
    }
    let off = offline(&driver, &c).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    submit(&c).await;
    c.wait()
        .at_most(Duration::from_secs(15))
        .for_element(Locator::Css("#offline-state"))
        .await
        .expect("the page that says the answers are kept");
    let said = text_of(&c, "#offline-state").await;
    assert!(said.contains("simpan di perangkat ini"), "{said}");
    keep_screenshot(&c, "offline-saved-phone").await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(
        app.count("survey_responses").await,
        0,
        "nothing reached the server"
    );

    // Still offline, the questionnaire opens again from the device, with a new id: the next
    // person's answers are a response of their own.
    c.goto(&app.url("/s/skj-pkb")).await.unwrap();
    c.wait()
        .at_most(Duration::from_secs(15))
        .for_element(Locator::Css("form.survey"))
        .await
        .expect("the kept questionnaire");
    let second_id: Value = c
        .execute(
            "return document.querySelector('[name=submission_id]').value",
            vec![],
        )
        .await
        .unwrap();
    assert_ne!(
        first_id, second_id,
        "a kept page gets a fresh submission id"
    );
    hydrated(&c).await;
    for e in ["U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9"] {
        choose(&c, e, 4).await;
    }
    submit(&c).await;
    c.wait()
        .at_most(Duration::from_secs(15))
        .for_element(Locator::Css("#offline-state"))
        .await
        .expect("kept again");

    // Back online: the page asks the worker to send, and both arrive, once each.
    online(&driver, &c, off).await;
    let arrived = app
        .eventually(30, || async { app.count("survey_responses").await == 2 })
        .await;
    assert!(
        arrived,
        "the kept answers arrived: {:?}",
        stored(&app).await
    );
    c.wait()
        .at_most(Duration::from_secs(15))
        .for_element(Locator::Css("#offline-state.ok"))
        .await
        .expect("the page says they were sent");
    let said = text_of(&c, "#offline-state").await;
    assert!(said.contains("sudah terkirim"), "{said}");
    keep_screenshot(&c, "offline-sent-phone").await;
    // Another page view and another `online` event send nothing more.
    c.goto(&app.url("/s/skj-pkb")).await.unwrap();
    hydrated(&c).await;
    c.execute("window.dispatchEvent(new Event('online'))", vec![])
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_secs(3)).await;
    let rows = stored(&app).await;
    assert_eq!(rows.len(), 2, "{rows:?}");
    let ids: Vec<Value> = rows.iter().map(|r| json!(r.0)).collect();
    assert!(
        ids.contains(&first_id) && ids.contains(&second_id),
        "{rows:?}"
    );
    for (id, answered, received) in &rows {
        // Stored on the device's answered time, not on the time it arrived; the first one
        // waited on the device for seconds.
        assert!(*answered <= received.unwrap(), "{rows:?}");
        if json!(id) == first_id {
            assert!(*answered < received.unwrap(), "{rows:?}");
        }
    }
    c.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_kiosk_asks_one_question_per_screen_keeps_a_rating_offline_and_starts_again_by_itself() {
    let app = suara_tests::spawn_app_with(
        suara_tests::Backend::Sqlite,
        &[("SUARA_KIOSK_IDLE_SECS", "6")],
    )
    .await
    .expect("app");
    let path = &kiosk_enrolment(&app, "Loket 2", &["skj-pkb"]).await;
    let driver = start_driver().await;
    let profile = tempfile::tempdir().unwrap();
    let c = session(
        &driver,
        json!({"args": chromium_args("800,1280", profile.path())}),
    )
    .await;
    enrol_tablet(&c, &app, path).await;
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(".kiosk form.survey"))
        .await
        .expect("one service: the questionnaire at once");
    hydrated(&c).await;
    controlled(&c).await;

    // Left alone after a first answer, the kiosk starts again by itself.
    answer_on_kiosk(&c, "U1", 2).await;
    c.wait()
        .at_most(Duration::from_secs(15))
        .for_element(Locator::Css("fieldset#q-U2:not(.off)"))
        .await
        .unwrap();
    c.execute("window.beforeTheReset = true", vec![])
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_secs(8)).await;
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("fieldset#q-U1:not(.off)"))
        .await
        .expect("back at the first question");
    let reset = c
        .execute("return window.beforeTheReset === undefined", vec![])
        .await
        .unwrap();
    assert_eq!(reset, json!(true), "the page was loaded again");
    hydrated(&c).await;
    let checked = c
        .execute(
            "return document.querySelectorAll('input[type=radio]:checked').length",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        checked,
        json!(0),
        "no answer of the previous person is left"
    );

    // One question per screen, then the rest, sent offline.
    for (i, e) in ["U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9"]
        .iter()
        .enumerate()
    {
        let shown = c
            .execute(
                "return [...document.querySelectorAll('fieldset.q')].filter(f => f.offsetParent !== null).map(f => f.id)",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(shown, json!([format!("q-{e}")]), "one question on screen");
        if i == 4 {
            keep_screenshot(&c, "kiosk-question-tablet").await;
        }
        answer_on_kiosk(&c, e, 4).await;
    }
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(".last-step:not(.off) button[type=submit]"))
        .await
        .expect("the last screen");
    let off = offline(&driver, &c).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    submit(&c).await;
    c.wait()
        .at_most(Duration::from_secs(15))
        .for_element(Locator::Css(".kiosk-thanks #offline-state"))
        .await
        .expect("the kiosk says the rating is kept");
    keep_screenshot(&c, "kiosk-saved-tablet").await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(app.count("survey_responses").await, 0);
    online(&driver, &c, off).await;
    let arrived = app
        .eventually(30, || async { app.count("survey_responses").await == 1 })
        .await;
    assert!(arrived, "the kept rating arrived");
    // The thank-you screen returns to the start by itself; nothing more arrives.
    c.wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css(".kiosk form.survey"))
        .await
        .expect("back to the start");
    tokio::time::sleep(Duration::from_secs(2)).await;
    let rows = stored(&app).await;
    assert_eq!(rows.len(), 1, "{rows:?}");
    let source = app.table_text("survey_responses").await;
    assert!(source.contains("kiosk"), "{source}");

    // The next citizen answers within the kiosk's interval of the last rating: the kiosk's own
    // screen says the rating is kept and will be recorded by itself (never raw JSON), then
    // starts again by itself; the rating is stored once the interval allows.
    hydrated(&c).await;
    for e in ["U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9"] {
        answer_on_kiosk(&c, e, 3).await;
    }
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(".last-step:not(.off) button[type=submit]"))
        .await
        .expect("the last screen");
    submit(&c).await;
    c.wait()
        .at_most(Duration::from_secs(15))
        .for_element(Locator::Css(".kiosk-thanks .notice.ok"))
        .await
        .expect("the kiosk says the rating is kept");
    let text = body_text(&c).await;
    assert!(text.contains("penilaian Anda kami simpan"), "{text}");
    assert!(!text.contains("kiosk_too_soon"), "{text}");
    assert!(
        c.find(Locator::Css(".kiosk-report figure.qr svg"))
            .await
            .is_ok(),
        "the complaint form's QR code"
    );
    keep_screenshot(&c, "kiosk-held-tablet").await;
    assert_eq!(app.count("kiosk_held_responses").await, 1);
    c.wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css(".kiosk form.survey"))
        .await
        .expect("back to the start by itself");
    use sea_orm::ConnectionTrait;
    app.db
        .execute_unprepared("UPDATE kiosks SET last_response_at = NULL")
        .await
        .unwrap();
    let held_stored = app
        .eventually(15, || async { app.count("survey_responses").await == 2 })
        .await;
    assert!(
        held_stored,
        "the held rating is stored when the interval allows"
    );
    assert_eq!(app.count("kiosk_held_responses").await, 0);
    c.close().await.unwrap();
}

/// Answers the question on the kiosk's screen and waits for the screen to move on.
pub async fn answer_on_kiosk(c: &Client, element: &str, score: u8) {
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(&format!("fieldset#q-{element}:not(.off)")))
        .await
        .expect("the question on screen");
    choose(c, element, score).await;
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(&format!("fieldset#q-{element}.off")))
        .await
        .expect("the screen moves on");
}
