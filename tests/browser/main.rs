//! The survey as a citizen uses it: headless Chromium at phone size (360x740), with
//! JavaScript on (hydrated island validates before sending) and off (plain form POST).

use fantoccini::{Client, Locator};
use pages::*;
use serde_json::{Value, json};
use std::time::Duration;

mod console;
mod figures;
mod lighthouse;
mod offline;
mod pages;
mod tour;
mod workday;

async fn choose(c: &Client, element: &str, score: u8) {
    let el = c
        .find(Locator::Css(&format!(
            "input[name='{element}'][value='{score}']"
        )))
        .await
        .expect("radio found");
    el.click().await.expect("radio clicked");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_javascript_the_island_validates_before_sending_then_the_survey_is_sent() {
    let app = app().await;
    let driver = start_driver().await;
    let profile = tempfile::tempdir().unwrap();
    let c = phone(&driver, true, profile.path()).await;
    c.goto(&app.url("/s/rsud-rm-rj")).await.unwrap();
    hydrated(&c).await;
    let width: f64 = c
        .execute("return window.innerWidth", vec![])
        .await
        .unwrap()
        .as_f64()
        .unwrap();
    assert_eq!(width, 360.0);

    // Sending an incomplete form is stopped in the browser: no request, errors by the fields.
    c.execute("window.stillHere = true", vec![]).await.unwrap();
    for (i, e) in ["U1", "U2", "U3", "U4", "U5", "U6", "U7"]
        .iter()
        .enumerate()
    {
        choose(&c, e, 1 + (i % 4) as u8).await;
    }
    submit(&c).await;
    c.wait()
        .for_element(Locator::Css("#U8-error"))
        .await
        .expect("U8 error shown");
    let still_here = c
        .execute("return window.stillHere === true", vec![])
        .await
        .unwrap();
    assert_eq!(
        still_here,
        json!(true),
        "the page did not reload: checked in the browser"
    );
    assert!(
        body_text(&c)
            .await
            .contains("Ada 2 isian yang perlu diperbaiki")
    );
    assert_eq!(app.count("survey_responses").await, 0);
    assert!(
        c.find(Locator::Css(".error-summary a[href='#q-U8']"))
            .await
            .is_ok(),
        "the summary links to the refused question, in the browser too"
    );

    // Answering clears that question's error; completing the form sends it.
    choose(&c, "U8", 4).await;
    assert!(
        c.find(Locator::Css("#U8-error")).await.is_err(),
        "error cleared on answer"
    );
    choose(&c, "U9", 3).await;
    c.find(Locator::Id("age"))
        .await
        .unwrap()
        .send_keys("29")
        .await
        .unwrap();
    submit(&c).await;
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_url(&url::Url::parse(&app.url("/s/rsud-rm-rj/terima-kasih")).unwrap())
        .await
        .unwrap();
    let text = body_text(&c).await;
    assert!(text.contains("Terima kasih"), "{text}");
    assert!(text.contains("RSUD Raden Mattaher"));
    assert_eq!(app.count("survey_responses").await, 1);
    c.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_finder_filters_as_one_types_once_hydrated() {
    let app = app().await;
    let driver = start_driver().await;
    let profile = tempfile::tempdir().unwrap();
    let c = phone(&driver, true, profile.path()).await;
    c.goto(&app.url("/layanan")).await.unwrap();
    hydrated(&c).await;
    let services = "return [...document.querySelectorAll('#finder-results a.service')] \
        .map((a) => a.getAttribute('href'))";
    let all: Vec<String> =
        serde_json::from_value(c.execute(services, vec![]).await.unwrap()).unwrap();
    assert!(all.len() > 20, "{all:?}");
    c.execute("window.stillHere = true", vec![]).await.unwrap();
    c.find(Locator::Id("q"))
        .await
        .unwrap()
        .send_keys("perpanjang stnk")
        .await
        .unwrap();
    let mut found: Vec<String> = Vec::new();
    for _ in 0..50 {
        found = serde_json::from_value(c.execute(services, vec![]).await.unwrap()).unwrap();
        if found.len() < all.len() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        found.contains(&"/s/skj-pkb".to_string()) && found.len() < 5,
        "a word form of a keyword finds its service: {found:?}"
    );
    assert_eq!(
        c.execute("return window.stillHere === true", vec![])
            .await
            .unwrap(),
        json!(true),
        "no page load"
    );
    let url = c.current_url().await.unwrap();
    assert!(
        url.as_str().ends_with("/layanan?q=perpanjang%20stnk"),
        "the address keeps the words: {url}"
    );
    keep_screenshot(&c, "finder-live-phone").await;
    c.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_javascript_the_server_checks_the_form_keeps_every_value_and_accepts_the_fix() {
    let app = app().await;
    let driver = start_driver().await;
    let profile = tempfile::tempdir().unwrap();
    let c = phone(&driver, false, profile.path()).await;
    c.goto(&app.url("/s/skj-pkb")).await.unwrap();
    for e in ["U1", "U2", "U3", "U4", "U6", "U7", "U8", "U9"] {
        choose(&c, e, 3).await;
    }
    c.find(Locator::Id("suggestion"))
        .await
        .unwrap()
        .send_keys("Antrian panjang di loket 2")
        .await
        .unwrap();
    submit(&c).await;
    c.wait()
        .for_element(Locator::Css("#U5-error"))
        .await
        .expect("server error by U5");
    assert!(
        c.find(Locator::Css("body[data-hydrated]")).await.is_err(),
        "no script ran"
    );
    assert!(
        body_text(&c)
            .await
            .contains("Pilih salah satu jawaban untuk pertanyaan ini.")
    );
    let kept = c
        .find(Locator::Id("suggestion"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(kept.as_deref(), Some("Antrian panjang di loket 2"));
    let u1 = c
        .find(Locator::Css("input[name='U1'][value='3']"))
        .await
        .unwrap()
        .prop("checked")
        .await
        .unwrap();
    assert_eq!(u1.as_deref(), Some("true"), "answers kept");
    assert_eq!(app.count("survey_responses").await, 0);

    choose(&c, "U5", 2).await;
    submit(&c).await;
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_url(&url::Url::parse(&app.url("/s/skj-pkb/terima-kasih")).unwrap())
        .await
        .unwrap();
    let text = body_text(&c).await;
    assert!(text.contains("Terima kasih"));
    assert!(text.contains("UPTD PPD Samsat Kota Jambi"));
    assert_eq!(app.count("survey_responses").await, 1);
    c.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_citizen_reports_with_a_photo_on_a_phone_then_follows_the_report_by_its_code() {
    let app = app().await;
    let driver = start_driver().await;
    let profile = tempfile::tempdir().unwrap();
    let c = phone(&driver, true, profile.path()).await;
    c.goto(&app.url("/lapor")).await.unwrap();
    hydrated(&c).await;
    // The unit first; then how to be known, before anything is written.
    let order = c
        .execute(
            "const at = (s) => [...document.querySelectorAll('form.complaint [name]')].findIndex((e) => e.matches(s)); \
             return [at('[name=unit_code]'), at('[name=mode]'), at('[name=category]'), at('[name=what]')];",
            vec![],
        )
        .await
        .unwrap();
    let order: Vec<i64> = serde_json::from_value(order).unwrap();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
    let services_listed = "return [...document.querySelectorAll('#f-service_code optgroup')] \
        .filter((g) => !g.hidden).flatMap((g) => [...g.querySelectorAll('option')]) \
        .map((o) => o.dataset.unit)";
    let all: Vec<String> =
        serde_json::from_value(c.execute(services_listed, vec![]).await.unwrap()).unwrap();
    assert!(
        all.len() > 5,
        "every service before a unit is chosen: {all:?}"
    );
    // A service of another unit chosen first is let go when the unit is chosen.
    c.find(Locator::Id("f-service_code"))
        .await
        .unwrap()
        .select_by_value("rsud-rm-rj")
        .await
        .unwrap();
    c.find(Locator::Id("f-unit_code"))
        .await
        .unwrap()
        .select_by_value("samsat-kota")
        .await
        .unwrap();
    let narrowed: Vec<String> =
        serde_json::from_value(c.execute(services_listed, vec![]).await.unwrap()).unwrap();
    assert!(
        !narrowed.is_empty() && narrowed.iter().all(|u| u == "samsat-kota"),
        "only the unit's services: {narrowed:?}"
    );
    let chosen = c
        .execute(
            "return document.getElementById('f-service_code').value",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(chosen, json!(""));
    c.find(Locator::Css("input[name='category'][value='pungli']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.find(Locator::Id("f-what"))
        .await
        .unwrap()
        .send_keys("Uang lebih")
        .await
        .unwrap();
    // Anonim hides (and disables) the contact fields.
    c.find(Locator::Css("input[name='mode'][value='anonim']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let hidden = c
        .execute(
            "return document.getElementById('reporter-fields').hidden",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(hidden, json!(true));
    // Too short an account is caught in the browser, without a round trip.
    c.execute("window.stillHere = true", vec![]).await.unwrap();
    c.find(Locator::Id("send"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let msg = c
        .find(Locator::Id("err-what"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(msg.contains("minimal 20 huruf"), "{msg}");
    assert_eq!(
        c.execute("return window.stillHere === true", vec![])
            .await
            .unwrap(),
        json!(true)
    );
    c.find(Locator::Id("f-what"))
        .await
        .unwrap()
        .send_keys(" dari tarif resmi diminta petugas loket agar STNK selesai hari itu.")
        .await
        .unwrap();
    let photo = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/gps.jpg");
    c.find(Locator::Id("f-files"))
        .await
        .unwrap()
        .send_keys(photo)
        .await
        .unwrap();
    c.find(Locator::Id("send"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.wait()
        .at_most(Duration::from_secs(15))
        .for_element(Locator::Css(".tracking-code"))
        .await
        .expect("the status page with the code");
    let text = body_text(&c).await;
    assert!(text.contains("Laporan Anda sudah tersimpan"), "{text}");
    let code = c
        .find(Locator::Css(".tracking-code"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(code.len(), 14, "grouped as XXXX-XXXX-XXXX: {code}");
    assert_eq!(app.count("complaints").await, 1);
    assert_eq!(app.count("complaint_files").await, 1);
    // The reply key is shown once, in four groups of four digits; a reload shows it no more.
    let key = c
        .find(Locator::Css(".reply-key"))
        .await
        .expect("the reply key on the receipt")
        .text()
        .await
        .unwrap();
    assert!(
        key.len() == 19
            && key
                .split(' ')
                .all(|g| g.len() == 4 && g.bytes().all(|b| b.is_ascii_digit())),
        "{key}"
    );
    keep_screenshot(&c, "receipt-key-phone").await;
    // Once hydrated the card's copy button shows: one tap puts the code and the key on the
    // clipboard. Until the key is copied (or saved, or mailed) leaving the page asks first.
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("#receipt-copy:not([hidden])"))
        .await
        .expect("the copy button once hydrated");
    let leaving = "const e = new Event('beforeunload', {cancelable: true}); \
        window.dispatchEvent(e); return e.defaultPrevented;";
    assert_eq!(
        c.execute(leaving, vec![]).await.unwrap(),
        json!(true),
        "leaving asks first"
    );
    // The clipboard as the page sees it (headless Chromium has no clipboard to read back).
    c.execute(
        "window.copied = null; Object.defineProperty(navigator, 'clipboard', {configurable: true, \
         value: {writeText: (t) => { window.copied = t; return Promise.resolve(); }}});",
        vec![],
    )
    .await
    .unwrap();
    c.find(Locator::Id("receipt-copy"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let mut said = String::new();
    for _ in 0..50 {
        said = c
            .find(Locator::Id("receipt-copied"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        if said.contains("Tersalin") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        said.contains("Tersalin"),
        "the page says it is copied: {said}"
    );
    let copied = c.execute("return window.copied", vec![]).await.unwrap();
    let copied = copied.as_str().unwrap_or_default().to_string();
    assert!(
        copied.contains(&code) && copied.contains(&key) && copied.contains("/lacak/"),
        "{copied}"
    );
    assert_eq!(
        c.execute(leaving, vec![]).await.unwrap(),
        json!(false),
        "copied: leaving no longer asks"
    );
    keep_screenshot(&c, "receipt-copied-phone").await;
    // Printed, the page is the receipt alone: the code and the key, without buttons, forms
    // or the site's menu.
    let pdf = c
        .print(fantoccini::wd::PrintConfiguration::default())
        .await
        .expect("Chromium prints the page");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("tanda-terima.pdf");
    std::fs::write(&file, &pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .arg(&file)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) on PATH");
    let printed = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        printed.contains(&code) && printed.contains(&key),
        "{printed}"
    );
    for absent in [
        "Salin kode dan kunci",
        "Simpan sebagai PDF",
        "Tambah keterangan",
        "Lacak laporan",
        "Status laporan",
    ] {
        assert!(!printed.contains(absent), "{absent} printed:\n{printed}");
    }
    c.refresh().await.unwrap();
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(".tracking-code"))
        .await
        .unwrap();
    assert!(
        c.find(Locator::Css(".reply-key")).await.is_err(),
        "the key is shown only once"
    );
    assert!(!body_text(&c).await.contains(&key));

    // Later, on the same phone: look the report up by typing its code.
    c.goto(&app.url("/lacak")).await.unwrap();
    c.find(Locator::Id("kode"))
        .await
        .unwrap()
        .send_keys(&code.to_lowercase())
        .await
        .unwrap();
    c.find(Locator::Css("form.lookup button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(".status-now"))
        .await
        .unwrap();
    let text = body_text(&c).await;
    assert!(
        text.contains("Diterima") && text.contains("UPTD PPD Samsat Kota Jambi"),
        "{text}"
    );
    assert!(
        !text.contains("tarif resmi"),
        "the report text is not public"
    );
    c.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_javascript_a_reporter_answers_a_question_with_a_photo_from_the_status_page() {
    let app = app().await;
    let inspector = app
        .signed_in("tanya@inspektorat.jambiprov.go.id", "inspector", &[])
        .await;
    let filed: Value = app
        .client
        .post(app.url("/api/v1/complaints"))
        .json(
            &json!({"unit_code": "samsat-kota", "category": "pungli", "mode": "anonim",
            "what": "Petugas loket meminta uang Rp50.000 di luar tarif resmi."}),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let code = filed["tracking_code"].as_str().unwrap().to_string();
    let key = filed["reply_key"].as_str().unwrap().to_string();
    let question = "Di loket nomor berapa, dan apakah Anda menyimpan kuitansinya?";
    let r = app
        .client
        .post(app.url(&format!("/api/v1/triage/complaints/{code}/questions")))
        .header("cookie", &inspector.cookie)
        .header("x-csrf-token", &inspector.csrf)
        .json(&json!({ "text": question }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), reqwest::StatusCode::CREATED);

    let driver = start_driver().await;
    let profile = tempfile::tempdir().unwrap();
    let c = phone(&driver, false, profile.path()).await;
    c.goto(&app.url(&format!("/lacak/{code}"))).await.unwrap();
    let text = body_text(&c).await;
    assert!(
        text.contains("Inspektorat menunggu jawaban Anda") && text.contains(question),
        "{text}"
    );
    keep_screenshot(&c, "status-question-phone").await;
    let answer = "Loket 3. Kuitansinya saya foto, terlampir.";
    let photo = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/gps.jpg");
    // First with a mistyped key: refused by the field, the text kept.
    for typed in ["1234 5678", key.as_str()] {
        let field = c.find(Locator::Id("reply-key")).await.unwrap();
        field.clear().await.unwrap();
        field.send_keys(typed).await.unwrap();
        let area = c.find(Locator::Id("reply-text")).await.unwrap();
        if area
            .prop("value")
            .await
            .unwrap()
            .unwrap_or_default()
            .is_empty()
        {
            area.send_keys(answer).await.unwrap();
        }
        c.find(Locator::Id("reply-files"))
            .await
            .unwrap()
            .send_keys(photo)
            .await
            .unwrap();
        c.find(Locator::Css("#balas button[type='submit']"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        // Wait for the answer's own page (the old page has the same code on it).
        let outcome = if typed == key {
            ".notice.ok"
        } else {
            "#balas .field-error"
        };
        c.wait()
            .at_most(Duration::from_secs(15))
            .for_element(Locator::Css(outcome))
            .await
            .expect("the page after sending");
        if typed != key {
            let err = c
                .find(Locator::Css("#balas .field-error"))
                .await
                .expect("the key's message by the field")
                .text()
                .await
                .unwrap();
            assert!(err.to_lowercase().contains("kunci"), "{err}");
            let kept = c
                .find(Locator::Id("reply-text"))
                .await
                .unwrap()
                .prop("value")
                .await
                .unwrap();
            assert_eq!(kept.as_deref(), Some(answer), "the answer is kept");
            keep_screenshot(&c, "status-reply-refused-phone").await;
        }
    }
    let text = body_text(&c).await;
    assert!(text.contains("Jawaban Anda terkirim"), "{text}");
    assert!(!text.contains("Inspektorat menunggu jawaban Anda"));
    keep_screenshot(&c, "status-answered-phone").await;
    let case = app.case_json(&inspector, &code).await;
    let got = case["history"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["kind"] == "answer")
        .cloned()
        .expect("the answer reached the case");
    assert_eq!(got["message"], answer);
    assert_eq!(got["files"].as_array().unwrap().len(), 1, "with the photo");
    c.close().await.unwrap();
}

/// Opens the action of the case page, fills it and sends it.
async fn take(c: &Client, action: &str, reason: &str, text: Option<&str>, unit: Option<&str>) {
    c.find(Locator::XPath(&format!(
        "//details[.//input[@name='action' and @value='{action}']]/summary"
    )))
    .await
    .unwrap()
    .click()
    .await
    .unwrap();
    if let Some(u) = unit {
        c.find(Locator::Id(&format!("{action}-unit")))
            .await
            .unwrap()
            .select_by_value(u)
            .await
            .unwrap();
    }
    c.find(Locator::Id(&format!("{action}-reason")))
        .await
        .unwrap()
        .send_keys(reason)
        .await
        .unwrap();
    if let Some(t) = text {
        c.find(Locator::Id(&format!("{action}-text")))
            .await
            .unwrap()
            .send_keys(t)
            .await
            .unwrap();
    }
    c.find(Locator::XPath(&format!(
        "//form[.//input[@name='action' and @value='{action}']]//button[@type='submit']"
    )))
    .await
    .unwrap()
    .click()
    .await
    .unwrap();
    // The previous step's page shows a notice too: wait for this step's address.
    let marker = format!("ok={action}");
    for _ in 0..100 {
        if c.current_url()
            .await
            .is_ok_and(|u| u.as_str().contains(&marker))
        {
            c.wait()
                .for_element(Locator::Css(".notice.ok"))
                .await
                .unwrap_or_else(|_| panic!("{action} saved"));
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{action} was not saved: {}", body_text(c).await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_inspector_and_a_unit_officer_work_a_case_and_the_reporter_reads_the_answer() {
    let app = app().await;
    for (email, role, unit) in [
        ("inspektur@inspektorat.jambiprov.go.id", "inspector", None),
        (
            "petugas@samsat.jambiprov.go.id",
            "unit_officer",
            Some("samsat-kota"),
        ),
    ] {
        let mut args = vec![
            "user", "add", "--email", email, "--name", email, "--role", role,
        ];
        if let Some(u) = unit {
            args.extend(["--unit", u]);
        }
        let args: Vec<String> = args.into_iter().map(str::to_string).collect();
        let cmd = server::cli::parse(&args).unwrap();
        server::cli::add_user(&app.db, &cmd, "kopi jambi pagi hari")
            .await
            .unwrap();
    }
    let filed: serde_json::Value = app
        .client
        .post(app.url("/api/v1/complaints"))
        .json(
            &json!({"unit_code": "samsat-kota", "category": "pungli", "mode": "rahasia",
            "what": "Petugas loket meminta uang Rp50.000 di luar tarif resmi.",
            "reporter": {"name": "Siti Rahmawati Pelapor", "email": "siti@contoh.id"}}),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let code = filed["tracking_code"].as_str().unwrap().to_string();
    let driver = start_driver().await;

    let profile = tempfile::tempdir().unwrap();
    let c = phone(&driver, true, profile.path()).await;
    sign_in(&c, &app, "inspektur@inspektorat.jambiprov.go.id").await;
    c.find(Locator::Css(&format!("a[href='/staf/kasus/{code}']")))
        .await
        .expect("the case in the queue")
        .click()
        .await
        .unwrap();
    take(
        &c,
        "verify",
        "Bukti cukup untuk ditindaklanjuti.",
        None,
        None,
    )
    .await;
    take(
        &c,
        "disposition",
        "Wewenang UPTD Samsat.",
        None,
        Some("samsat-kota"),
    )
    .await;
    assert!(
        !body_text(&c).await.contains("Siti Rahmawati"),
        "sealed until revealed"
    );
    c.close().await.unwrap();

    let profile = tempfile::tempdir().unwrap();
    let c = phone(&driver, true, profile.path()).await;
    sign_in(&c, &app, "petugas@samsat.jambiprov.go.id").await;
    c.goto(&app.url(&format!("/staf/kasus/{code}")))
        .await
        .unwrap();
    let answer = "Petugas telah ditegur dan uang dikembalikan.";
    take(
        &c,
        "follow_up",
        "Hasil pemeriksaan internal.",
        Some(answer),
        None,
    )
    .await;
    let text = body_text(&c).await;
    assert!(
        !text.contains("Siti Rahmawati") && !text.contains("siti@contoh.id"),
        "the officer never sees the reporter"
    );
    c.close().await.unwrap();

    let profile = tempfile::tempdir().unwrap();
    let c = phone(&driver, true, profile.path()).await;
    c.goto(&app.url(&format!("/lacak/{code}"))).await.unwrap();
    let text = body_text(&c).await;
    assert!(text.contains(answer), "{text}");
    assert!(text.contains("Ditindaklanjuti unit"));
    assert!(
        !text.contains("Hasil pemeriksaan internal"),
        "internal reasons stay internal"
    );
    c.close().await.unwrap();
}

/// Records, in `sessionStorage` (it outlives the navigation to the result page), what the
/// page did when the upload started: whether it went by `XMLHttpRequest`, whether the
/// progress bar was showing and the button disabled, and the last upload progress seen.
const WATCH_UPLOADS: &str = r#"
sessionStorage.clear();
const send = XMLHttpRequest.prototype.send;
XMLHttpRequest.prototype.send = function (body) {
  const box = document.querySelector('#survey-import .upload-progress');
  sessionStorage.setItem('sent', 'xhr');
  sessionStorage.setItem('bar_shown', String(!box.hidden));
  sessionStorage.setItem('button_disabled',
    String(document.querySelector('#survey-import button').disabled));
  this.upload.addEventListener('progress', (e) => {
    sessionStorage.setItem('progress', e.loaded + '/' + e.total);
  });
  return send.call(this, body);
};
window.stillHere = true;
"#;

async fn session_item(c: &Client, key: &str) -> Option<String> {
    c.execute(
        "return sessionStorage.getItem(arguments[0])",
        vec![json!(key)],
    )
    .await
    .unwrap()
    .as_str()
    .map(str::to_string)
}

async fn upload_surveys(c: &Client, file: &std::path::Path) {
    c.execute(WATCH_UPLOADS, vec![]).await.unwrap();
    c.find(Locator::Css("#survey-import input[type=file]"))
        .await
        .unwrap()
        .send_keys(&file.display().to_string())
        .await
        .unwrap();
    c.find(Locator::Css("#survey-import button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_large_survey_file_uploads_with_a_progress_bar_and_a_refused_file_lists_its_lines() {
    let app = app().await;
    let args: Vec<String> = [
        "user",
        "add",
        "--email",
        "admin@bkd.jambiprov.go.id",
        "--name",
        "Admin BKD",
        "--role",
        "admin",
    ]
    .into_iter()
    .map(str::to_string)
    .collect();
    let cmd = server::cli::parse(&args).unwrap();
    server::cli::add_user(&app.db, &cmd, "kopi jambi pagi hari")
        .await
        .unwrap();
    // About 1.2 MB: big enough for the browser to report upload progress.
    let dir = tempfile::tempdir().unwrap();
    let rows = 30_000;
    let mut csv = String::from(
        "date,service_code,U1,U2,U3,U4,U5,U6,U7,U8,U9,gender,age,education,occupation,suggestion\n",
    );
    for i in 0..rows {
        csv.push_str(&format!(
            "2026-03-{:02},skj-pkb,4,3,3,4,3,3,4,{},3,P,41,s1,pns,Antrean cukup cepat\n",
            i % 28 + 1,
            1 + i % 4
        ));
    }
    let good = dir.path().join("survei-kertas.csv");
    std::fs::write(&good, &csv).unwrap();
    csv.push_str("2026-02-30,skj-pkb,4,4,4,4,4,4,4,4,4,,,,,\n");
    let bad = dir.path().join("survei-salah.csv");
    std::fs::write(&bad, &csv).unwrap();

    let driver = start_driver().await;
    let profile = tempfile::tempdir().unwrap();
    let c = phone(&driver, true, profile.path()).await;
    sign_in_to(
        &c,
        &app,
        "admin@bkd.jambiprov.go.id",
        "/staf/admin/impor",
        "#survey-import",
    )
    .await;
    hydrated(&c).await;

    // A file refused at its last line: nothing saved, the line shown, no page load.
    upload_surveys(&c, &bad).await;
    c.wait()
        .at_most(Duration::from_secs(30))
        .for_element(Locator::Css("#import-errors"))
        .await
        .expect("the refused line listed");
    let text = body_text(&c).await;
    assert!(
        text.contains(&format!("{}: ", rows + 2)) && text.contains("2026-02-30"),
        "{text}"
    );
    assert_eq!(session_item(&c, "sent").await.as_deref(), Some("xhr"));
    assert_eq!(
        c.execute("return window.stillHere === true", vec![])
            .await
            .unwrap(),
        json!(true),
        "the answer was shown in place, by the island"
    );
    assert_eq!(app.count("survey_responses").await, 0, "all or nothing");

    // The corrected file: the bar shows while it goes up, then the result page.
    c.goto(&app.url("/staf/admin/impor")).await.unwrap();
    hydrated(&c).await;
    upload_surveys(&c, &good).await;
    c.wait()
        .at_most(Duration::from_secs(60))
        .for_element(Locator::Css(".notice.ok"))
        .await
        .expect("the import's result");
    assert!(
        c.current_url()
            .await
            .unwrap()
            .as_str()
            .ends_with(&format!("/staf/admin/impor?ok=surveys&n={rows}"))
    );
    assert!(
        body_text(&c)
            .await
            .contains(&format!("{rows} jawaban survei diimpor"))
    );
    assert_eq!(session_item(&c, "sent").await.as_deref(), Some("xhr"));
    assert_eq!(session_item(&c, "bar_shown").await.as_deref(), Some("true"));
    assert_eq!(
        session_item(&c, "button_disabled").await.as_deref(),
        Some("true"),
        "no second upload while the first runs"
    );
    let progress = session_item(&c, "progress")
        .await
        .expect("progress reported");
    let (loaded, total) = progress.split_once('/').unwrap();
    assert_eq!(loaded, total, "the whole file went up: {progress}");
    assert!(
        total.parse::<u64>().unwrap() > csv.len() as u64 / 2,
        "{progress}"
    );
    assert_eq!(app.count("survey_responses").await, rows as i64);
    c.close().await.unwrap();
}

/// What a hostile site would auto-post: markup that closes the textarea and runs script.
const HOSTILE: &str = "</textarea><script>window.__xss=1</script><!-- \"quoted\" 'x'";

/// Posts `fields` to `action` from a form built in the page (as another site's auto-posting
/// form would), and waits for the refused form to come back.
async fn post_from_page(c: &Client, action: &str, fields: Value, wait_for: &str) {
    c.execute(
        "const [action, fields] = arguments;
         const f = document.createElement('form');
         f.method = 'post'; f.action = action;
         f.enctype = action === '/lapor' ? 'multipart/form-data' : 'application/x-www-form-urlencoded';
         for (const [k, v] of Object.entries(fields)) {
           const i = document.createElement('textarea'); i.name = k; i.value = v; f.appendChild(i);
         }
         document.body.appendChild(f); HTMLFormElement.prototype.submit.call(f);",
        vec![json!(action), fields],
    )
    .await
    .unwrap();
    c.wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css(wait_for))
        .await
        .expect("the refused form comes back");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_text_posted_to_the_public_forms_stays_text_with_and_without_hydration() {
    let app = app().await;
    let driver = start_driver().await;
    for javascript in [true, false] {
        let profile = tempfile::tempdir().unwrap();
        let c = phone(&driver, javascript, profile.path()).await;
        c.goto(&app.url("/lapor")).await.unwrap();
        let token = c
            .find(Locator::Css("input[name='form_token']"))
            .await
            .unwrap()
            .prop("value")
            .await
            .unwrap()
            .unwrap();
        c.goto(&app.url("/s/rsud-rm-rj")).await.unwrap();
        post_from_page(
            &c,
            "/s/rsud-rm-rj",
            json!({"suggestion": HOSTILE}),
            "#U1-error",
        )
        .await;
        check_inert(&c, javascript, &[("suggestion", HOSTILE)]).await;
        c.goto(&app.url("/lapor")).await.unwrap();
        post_from_page(
            &c,
            "/lapor",
            json!({"form_token": token, "unit_code": "samsat-kota", "mode": "anonim",
                   "what": HOSTILE, "how": HOSTILE, "website": ""}),
            "#err-category:not([hidden])",
        )
        .await;
        check_inert(&c, javascript, &[("f-what", HOSTILE), ("f-how", HOSTILE)]).await;
        c.close().await.unwrap();
    }
    assert_eq!(app.count("survey_responses").await, 0);
    assert_eq!(app.count("complaints").await, 0);
}

/// No script from the text ran, the textareas hold exactly the text, and with JavaScript the
/// page's own island still hydrated (the strict policy lets the page's nonce through).
async fn check_inert(c: &Client, javascript: bool, fields: &[(&str, &str)]) {
    if javascript {
        hydrated(c).await;
    }
    let ran = c
        .execute("return window.__xss === 1", vec![])
        .await
        .unwrap();
    assert_eq!(ran, json!(false), "the posted script ran");
    let injected = c
        .execute(
            "return [...document.scripts].filter(s => s.textContent.includes('__xss')).length",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(injected, json!(0), "a script element was injected");
    for (id, text) in fields {
        let value = c
            .find(Locator::Id(id))
            .await
            .unwrap()
            .prop("value")
            .await
            .unwrap();
        assert_eq!(
            value.as_deref(),
            Some(*text),
            "{id} holds the text as typed"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_manager_reads_a_programs_verdict_interval_mde_and_event_study_on_a_phone_and_a_desktop()
{
    let app = app().await;
    let ids = figures::manager_with_programs(&app).await;
    let driver = start_driver().await;
    for (width, name) in [(360.0, "phone"), (1280.0, "desktop")] {
        let profile = tempfile::tempdir().unwrap();
        let c = if width < 400.0 {
            phone(&driver, true, profile.path()).await
        } else {
            desktop(&driver, profile.path()).await
        };
        let page = format!("/staf/pelatihan/{}", ids[0]);
        sign_in_to(&c, &app, "pimpinan@jambiprov.go.id", &page, ".verdict").await;
        let text = body_text(&c).await;
        assert!(
            ["Membaik", "Memburuk", "Tidak ada perubahan yang terukur"]
                .iter()
                .any(|v| text.contains(v)),
            "a verdict: {text}"
        );
        assert!(
            text.contains("Selang 95 %") && text.contains(" … "),
            "the interval"
        );
        assert!(
            text.contains("Dampak terkecil yang dapat dideteksi"),
            "the MDE"
        );
        assert!(text.contains("Dinas Sosial") || text.contains("ikut program lain"));
        c.find(Locator::Css("svg[aria-labelledby^='event-study']"))
            .await
            .expect("the event-study chart");
        let rows = c
            .execute(
                "return document.querySelectorAll('table caption')[0].closest('table').tBodies[0].rows.length",
                vec![],
            )
            .await
            .unwrap();
        assert!(rows.as_u64().unwrap() >= 2);
        let inner = c
            .execute("return window.innerWidth", vec![])
            .await
            .unwrap()
            .as_f64()
            .unwrap();
        assert_eq!(inner, width);
        let overflow = c
            .execute(
                "return document.documentElement.scrollWidth > window.innerWidth",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(
            overflow,
            json!(false),
            "nothing wider than the screen at {width}"
        );
        keep_screenshot(&c, &format!("impact-{name}")).await;
        c.close().await.unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_kiosk_tablet_is_enrolled_takes_a_rating_and_returns_to_the_start_by_itself() {
    let app = app().await;
    let path = &kiosk_enrolment(&app, "Loket 1", &["skj-pkb", "skj-bbnkb"]).await;
    let driver = start_driver().await;
    let profile = tempfile::tempdir().unwrap();
    let c = session(
        &driver,
        json!({"args": chromium_args("800,1280", profile.path())}),
    )
    .await;
    enrol_tablet(&c, &app, path).await;
    // Enrolled: the kiosk asks which service first.
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(".kiosk-services"))
        .await
        .expect("the service choice");
    keep_screenshot(&c, "kiosk-services-tablet").await;
    c.find(Locator::Css("a[href='/kios?layanan=skj-pkb']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(".kiosk form.survey"))
        .await
        .unwrap();
    hydrated(&c).await;
    for e in ["U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9"] {
        offline::answer_on_kiosk(&c, e, 4).await;
    }
    keep_screenshot(&c, "kiosk-form-tablet").await;
    submit(&c).await;
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(".kiosk-thanks"))
        .await
        .expect("the thank-you screen");
    keep_screenshot(&c, "kiosk-thanks-tablet").await;
    assert_eq!(app.count("survey_responses").await, 1);
    // By itself, after a few seconds, the kiosk is back at the start for the next person.
    c.wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css(".kiosk-services"))
        .await
        .expect("back to the start");
    assert!(c.find(Locator::Css(".kiosk-thanks")).await.is_err());
    c.close().await.unwrap();
}
