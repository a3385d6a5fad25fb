//! An inspector's working day at 1280 px and a unit officer's at 360 px, in Chromium on the
//! demo data: find a case by the code a citizen reads out, take it, look at its evidence,
//! see the report it repeats, open the rahasia identity for a reason, write an internal note,
//! start a question from a template; and, on the phone, the officer's first case in the first
//! screen, the unit filter holding only their unit, the case readable, the follow-up sent.
//! axe-core finds no violation at any step.

use crate::pages::{
    app, axe_violations, desktop, keep_screenshot, phone, sign_in_here, start_driver,
};
use crate::tour::api_session;
use fantoccini::{Client, Locator};
use serde_json::{Value, json};
use std::time::Duration;
use suara_tests::TestApp;

const WHAT: &str =
    "Petugas loket 3 meminta uang Rp50.000 di luar tarif resmi agar STNK cepat selesai.";

/// Files a rahasia report of UPTD Samsat Kota with `what`; its code and reply key.
async fn filed(app: &TestApp, what: &str) -> (String, String) {
    let r = app
        .client
        .post(app.url("/api/v1/complaints"))
        .json(
            &json!({"unit_code": "samsat-kota", "category": "pungli", "mode": "rahasia",
            "what": what, "reporter": {"name": "Siti Rahmawati", "email": "siti@contoh.id"}}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), reqwest::StatusCode::CREATED);
    let v = r.json::<Value>().await.unwrap();
    (
        v["tracking_code"].as_str().unwrap().to_string(),
        v["reply_key"].as_str().unwrap().to_string(),
    )
}

async fn clean(c: &Client, step: &str, problems: &mut Vec<String>) {
    for v in axe_violations(c).await {
        problems.push(format!("{step}: {v}"));
    }
    keep_screenshot(c, &format!("workday-{step}")).await;
}

async fn click(c: &Client, css: &str) {
    c.find(Locator::Css(css))
        .await
        .unwrap_or_else(|_| panic!("{css}"))
        .click()
        .await
        .unwrap_or_else(|_| panic!("click {css}"));
}

async fn type_in(c: &Client, css: &str, text: &str) {
    let el = c
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|_| panic!("{css}"));
    el.clear().await.unwrap();
    el.send_keys(text).await.unwrap();
}

async fn text(c: &Client) -> String {
    c.find(Locator::Css("body"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

async fn wait_for(c: &Client, css: &str) {
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|_| panic!("waiting for {css}"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_inspectors_day_at_a_desk() {
    let app = app().await;
    app::demo_staff::load(&app.state).await.unwrap();
    let admin = api_session(&app, "admin@demo.suara.id").await;
    let r = app
        .client
        .post(app.url("/staf/admin/templat/simpan"))
        .header("cookie", &admin.0)
        .form(&[
            ("csrf", admin.1.as_str()),
            ("title", "Minta kuitansi"),
            (
                "body",
                "Mohon kirimkan foto kuitansi atau bukti pembayaran, dan nomor loketnya.",
            ),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), reqwest::StatusCode::SEE_OTHER);
    let (first, _) = filed(&app, WHAT).await;
    let (code, key) = filed(
        &app,
        "Petugas di loket 3 Samsat minta uang 50 ribu diluar tarif resmi supaya STNK cepat selesai.",
    )
    .await;
    let photo = std::fs::read(format!("{}/fixtures/tiny.jpg", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let form = reqwest::multipart::Form::new()
        .text("reply_key", key)
        .text("text", "Foto kuitansi tanpa cap.")
        .part(
            "files",
            reqwest::multipart::Part::bytes(photo).file_name("kuitansi.jpg"),
        );
    let r = app
        .client
        .post(app.url(&format!("/api/v1/complaints/{code}/messages")))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), reqwest::StatusCode::CREATED);

    let driver = start_driver().await;
    let profile = tempfile::tempdir().unwrap();
    let c = desktop(&driver, profile.path()).await;
    let mut problems = Vec::new();
    c.goto(&app.url("/staf/masuk")).await.unwrap();
    sign_in_here(
        &c,
        "inspektur@demo.suara.id",
        app::demo_staff::DEMO_PASSWORD,
    )
    .await;
    c.goto(&app.url("/staf/antrean")).await.unwrap();
    assert!(
        text(&c).await.contains("Petugas loket 3 meminta uang"),
        "first words in the queue"
    );
    clean(&c, "queue", &mut problems).await;
    // The citizen reads the code on the phone, in lower case with dashes: one step to the case.
    let spoken = format!("{}-{}-{}", &code[..4], &code[4..8], &code[8..]).to_lowercase();
    type_in(&c, "#queue-q", &spoken).await;
    click(&c, ".queue-search button[type=submit]").await;
    wait_for(&c, "section.handling").await;
    assert_eq!(
        c.current_url().await.unwrap().path(),
        format!("/staf/kasus/{code}")
    );
    // The photo shows as a thumbnail; the report it repeats is offered for merging.
    let loaded = c
        .execute(
            "const i = document.querySelector('ul.evidence img'); return i && i.complete && i.naturalWidth > 0;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(loaded, json!(true), "the thumbnail loads");
    let body = text(&c).await;
    assert!(body.contains("Mungkin laporan yang sama") && body.contains(&first[..4]));
    clean(&c, "case", &mut problems).await;
    // Take it.
    click(&c, "section.handling form.inline button").await;
    wait_for(&c, "p.notice.ok").await;
    assert!(text(&c).await.contains("Ditangani Rahmat Hidayat"));
    // Open the identity: a reason too short is refused next to the field, nothing shown.
    c.execute(
        "document.querySelector('form#reveal').closest('details').open = true",
        vec![],
    )
    .await
    .unwrap();
    c.execute(
        "document.querySelector('#reveal-reason').removeAttribute('minlength')",
        vec![],
    )
    .await
    .unwrap();
    type_in(&c, "#reveal-reason", "perlu").await;
    click(&c, "form#reveal input[name=confirm]").await;
    click(&c, "form#reveal button[type=submit]").await;
    wait_for(&c, "#err-reveal-reason").await;
    assert!(!text(&c).await.contains("Siti Rahmawati"));
    clean(&c, "reveal-refused", &mut problems).await;
    type_in(
        &c,
        "#reveal-reason",
        "Perlu mengundang pelapor sebagai saksi pemeriksaan.",
    )
    .await;
    let kept = c
        .execute(
            "return document.querySelector('form#reveal input[name=confirm]').checked",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        kept,
        json!(true),
        "the ticked box stays ticked after a refusal"
    );
    click(&c, "form#reveal button[type=submit]").await;
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::XPath("//dd[contains(., 'Siti Rahmawati')]"))
        .await
        .expect("the identity shows");
    assert!(
        text(&c)
            .await
            .contains("Identitas dibuka oleh Rahmat Hidayat")
    );
    clean(&c, "revealed", &mut problems).await;
    // An internal note.
    c.goto(&app.url(&format!("/staf/kasus/{code}")))
        .await
        .unwrap();
    type_in(&c, "#note-text", "Cek rekaman CCTV loket 3 hari Senin.").await;
    click(&c, "#catatan button[type=submit]").await;
    wait_for(&c, "ol.note-list li").await;
    assert!(text(&c).await.contains("Cek rekaman CCTV loket 3"));
    // A question started from a template, edited, sent.
    c.execute("document.querySelector('#aksi-ask').open = true", vec![])
        .await
        .unwrap();
    click(&c, "#aksi-ask .template-picker button").await;
    wait_for(&c, "#aksi-ask[open]").await;
    let typed = c
        .find(Locator::Id("ask-text"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default();
    assert!(typed.starts_with("Mohon kirimkan foto kuitansi"), "{typed}");
    c.find(Locator::Id("ask-text"))
        .await
        .unwrap()
        .send_keys(" Terima kasih.")
        .await
        .unwrap();
    clean(&c, "question-from-template", &mut problems).await;
    click(&c, "#aksi-ask form[method=post] button[type=submit]").await;
    wait_for(&c, "p.notice.ok").await;
    // "Kasus saya" lists it.
    c.goto(&app.url("/staf/antrean?mine=1")).await.unwrap();
    let body = text(&c).await;
    assert!(body.contains(&code[..4]) && body.contains("Ditangani Rahmat Hidayat"));
    clean(&c, "queue-mine", &mut problems).await;
    c.close().await.unwrap();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_unit_officers_day_on_a_phone() {
    let app = app().await;
    app::demo_staff::load(&app.state).await.unwrap();
    let inspector = api_session(&app, "inspektur@demo.suara.id").await;
    let (code, _) = filed(&app, WHAT).await;
    for body in [
        json!({"action": "verify", "reason": "cukup"}),
        json!({"action": "disposition", "reason": "kewenangan UPTD", "unit_code": "samsat-kota"}),
    ] {
        let r = app
            .client
            .post(app.url(&format!("/api/v1/triage/complaints/{code}/transitions")))
            .header("cookie", &inspector.0)
            .header("x-csrf-token", &inspector.1)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success());
    }
    let driver = start_driver().await;
    let profile = tempfile::tempdir().unwrap();
    let c = phone(&driver, true, profile.path()).await;
    let mut problems = Vec::new();
    c.goto(&app.url("/staf/masuk")).await.unwrap();
    sign_in_here(&c, "samsat@demo.suara.id", app::demo_staff::DEMO_PASSWORD).await;
    c.goto(&app.url("/staf/antrean")).await.unwrap();
    // The first case starts within the first screen; the counts are one line.
    let v = c
        .execute(
            "const row = document.querySelector('table.queue-table tbody tr');
             const chips = document.querySelector('nav.status-chips');
             return [row.getBoundingClientRect().top, window.innerHeight,
                     getComputedStyle(chips).display,
                     document.querySelector('.status-menu').getBoundingClientRect().height];",
            vec![],
        )
        .await
        .unwrap();
    let (top, screen) = (v[0].as_f64().unwrap(), v[1].as_f64().unwrap());
    assert!(
        top + 60.0 < screen,
        "the first case at {top} px of {screen}"
    );
    assert_eq!(v[2], "none", "the chips fold into one line");
    assert!(v[3].as_f64().unwrap() < 60.0, "the status menu is one line");
    // The unit filter lists only the officer's unit (behind the filter link).
    let units = c
        .execute(
            "return [...document.querySelectorAll('select[name=unit] option')].map(o => o.value).filter(v => v);",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(units, json!(["samsat-kota"]));
    assert!(
        !text(&c).await.contains("Petugas loket 3 meminta uang"),
        "no first words for the unit"
    );
    clean(&c, "officer-queue", &mut problems).await;
    click(&c, "a[href='#saring']").await;
    let shown = c
        .execute(
            "return getComputedStyle(document.querySelector('#saring')).display",
            vec![],
        )
        .await
        .unwrap();
    assert_ne!(shown, "none", "the filters open");
    // The case reads on the phone: the report at the card's width, not a narrow column.
    c.goto(&app.url(&format!("/staf/kasus/{code}")))
        .await
        .unwrap();
    let w = c
        .execute(
            "return document.querySelector('p.report').getBoundingClientRect().width",
            vec![],
        )
        .await
        .unwrap()
        .as_f64()
        .unwrap();
    assert!(w > 280.0, "the report is {w} px wide");
    let wide = c
        .execute(
            "return document.documentElement.scrollWidth <= window.innerWidth",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(wide, json!(true));
    clean(&c, "officer-case", &mut problems).await;
    // The follow-up, sent from the phone.
    c.execute(
        "document.querySelector('#aksi-follow_up').open = true",
        vec![],
    )
    .await
    .unwrap();
    type_in(&c, "#follow_up-reason", "Hasil pemeriksaan atasan langsung").await;
    type_in(
        &c,
        "#follow_up-text",
        "Petugas loket 3 sudah ditegur tertulis; uang dikembalikan.",
    )
    .await;
    click(&c, "#aksi-follow_up form[method=post] button[type=submit]").await;
    wait_for(&c, "p.notice.ok").await;
    clean(&c, "officer-followed-up", &mut problems).await;
    c.close().await.unwrap();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
