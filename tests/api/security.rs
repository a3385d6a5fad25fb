//! The security review's findings, each proven closed through the real server: echoed
//! textareas stay inert, Open311 publishes no tracking code, reporter actions need a secret,
//! posters render and scan, evidence downloads respect scope, and the hardening items
//! (CSP nonces, HSTS, CSV cells, redirects, proxy addresses, sign-in back-off, body limits,
//! caching, lookup limits).

use super::complaints::{WHAT, file, filed, rahasia, token_of};
use super::triage::{act, resolve, resolve_verified};
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};
use suara_tests::Session;
use suara_tests::{Backend, OPEN311_KEY, TestApp, on_both_backends, spawn_app_with};

/// Markup that closes a textarea and runs script, with quotes.
const CLOSE_AND_RUN: &str = "</textarea><script>window.__xss=1</script>\"' x";
/// A comment opener and markup, which must stay text too.
const COMMENT: &str = "<!-- ' \" <b>tebal</b> &amp;";

/// The text of the textarea with the id `id`, decoded as a browser's parser would.
fn textarea(page: &str, id: &str) -> String {
    let at = page
        .find(&format!("<textarea id=\"{id}\""))
        .unwrap_or_else(|| panic!("a textarea {id}"));
    let open_end = at + page[at..].find('>').expect("end of the opening tag") + 1;
    let close = open_end + page[open_end..].find("</textarea>").expect("closing tag");
    page[open_end..close]
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// A refused form came back with every textarea holding exactly what was typed, and none of
/// the markup live in the page.
fn assert_inert(page: &str, fields: &[&str], payload: &str) {
    for f in fields {
        assert_eq!(
            textarea(page, f),
            payload,
            "textarea {f} shows the text as typed"
        );
    }
    assert!(
        !page.contains("<script>window.__xss"),
        "script came back live"
    );
    assert!(!page.contains("<b>tebal</b>"), "markup came back live");
    let opened = page.matches("<textarea").count();
    assert_eq!(
        opened,
        page.matches("</textarea>").count(),
        "textareas balanced"
    );
}

async fn hostile_text_in_every_textarea_comes_back_inert_after_a_refusal(app: TestApp) {
    for payload in [CLOSE_AND_RUN, COMMENT] {
        // The survey: no answers, so it is refused and shown again.
        let r = app
            .client
            .post(app.url("/s/rsud-rm-rj"))
            .form(&[("suggestion", payload)])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_inert(&r.text().await.unwrap(), &["suggestion"], payload);

        // The complaint form: no category, refused.
        let token = token_of(&app.get_text("/lapor", None).await);
        let form = Form::new()
            .text("form_token", token)
            .text("unit_code", "samsat-kota")
            .text("mode", "anonim")
            .text("what", payload.to_string())
            .text("how", payload.to_string())
            .text("who", payload.to_string())
            .text("website", "")
            .part("files", Part::bytes(Vec::new()).file_name(""));
        let r = app
            .client
            .post(app.url("/lapor"))
            .multipart(form)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let page = r.text().await.unwrap();
        assert_inert(&page, &["f-what", "f-how"], payload);
        assert!(
            !page.contains(&format!("value=\"{payload}")),
            "input value escaped"
        );
    }

    // The console's action form (a disposition without its unit is refused) and the
    // reporter's reopening form.
    let inspector = app
        .signed_in("xss-i@jambiprov.go.id", "inspector", &[])
        .await;
    let officer = app
        .signed_in("xss-o@jambiprov.go.id", "unit_officer", &["samsat-kota"])
        .await;
    let code = file(&app, &rahasia()).await;
    let (s, _) = act(
        &app,
        &inspector,
        &code,
        json!({"action": "verify", "reason": "cukup"}),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    for payload in [CLOSE_AND_RUN, COMMENT] {
        let r = app
            .client
            .post(app.url(&format!("/staf/kasus/{code}/aksi")))
            .header("cookie", &inspector.cookie)
            .form(&[
                ("csrf", inspector.csrf.as_str()),
                ("action", "disposition"),
                ("reason", payload),
                ("text", payload),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let page = r.text().await.unwrap();
        assert_inert(&page, &["disposition-reason", "disposition-text"], payload);
    }
    // The reporter's forms on the status page: the answer (or added information), the
    // erasure of the identity, and "Sudah selesai?"; the key field echoes the markup too.
    for payload in [CLOSE_AND_RUN, COMMENT] {
        let form = Form::new()
            .text("reply_key", payload.to_string())
            .text("text", payload.to_string());
        let r = app
            .client
            .post(app.url(&format!("/lacak/{code}/balas")))
            .multipart(form)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_inert(&r.text().await.unwrap(), &["reply-text"], payload);
        let r = app
            .client
            .post(app.url(&format!("/lacak/{code}/hapus-identitas")))
            .form(&[("reply_key", payload)])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_inert(&r.text().await.unwrap(), &[], payload);
    }
    resolve_verified(&app, &inspector, &officer, &code).await;
    for payload in [CLOSE_AND_RUN, COMMENT] {
        for key in ["0000 0000 0000 0000", payload] {
            let r = app
                .client
                .post(app.url(&format!("/lacak/{code}/selesai")))
                .form(&[
                    ("reply_key", key),
                    ("resolved", "tidak"),
                    ("rating", "2"),
                    ("comment", payload),
                ])
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
            let page = r.text().await.unwrap();
            assert_inert(&page, &["feedback-comment"], payload);
            assert!(
                page.contains(
                    "id=\"selesai-tidak\" name=\"resolved\" value=\"tidak\" required checked"
                ),
                "the choice is kept"
            );
        }
    }
}

async fn open311_publishes_public_ids_and_days_never_tracking_codes(app: TestApp) {
    let code = file(&app, &rahasia()).await;
    for path in [
        "/open311/v2/requests.json",
        "/open311/v2/requests.xml",
        "/open311/v2/requests.json?service_code=pungli&status=open",
    ] {
        let body = app.get_text(path, None).await;
        assert!(!body.contains(&code), "{path} publishes the tracking code");
    }
    let list: Value =
        serde_json::from_str(&app.get_text("/open311/v2/requests.json", None).await).unwrap();
    let item = &list[0];
    let id = item["service_request_id"].as_str().unwrap().to_string();
    assert_eq!(id.len(), 16);
    assert!(id.bytes().all(|b| b.is_ascii_hexdigit()));
    for key in ["requested_datetime", "updated_datetime"] {
        let t = item[key].as_str().unwrap();
        assert!(
            t.ends_with("T00:00:00+07:00"),
            "{key} rounded to the day: {t}"
        );
    }
    let r = app
        .client
        .get(app.url(&format!("/open311/v2/requests/{code}.json")))
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        StatusCode::NOT_FOUND,
        "the code is not an Open311 id"
    );
    let one: Value = app
        .client
        .get(app.url(&format!("/open311/v2/requests/{id}.json")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(one[0]["service_request_id"], id.as_str());
    // Posting through Open311 gives the public id, and the code in the notice for the
    // reporter only.
    let r = app
        .client
        .post(app.url("/open311/v2/requests.json"))
        .form(&[
            ("api_key", OPEN311_KEY),
            ("service_code", "pungli"),
            ("attribute[unit]", "samsat-kota"),
            ("description", WHAT),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let posted: Value = r.json().await.unwrap();
    let new_id = posted[0]["service_request_id"].as_str().unwrap();
    assert_eq!(new_id.len(), 16);
    let notice = posted[0]["service_notice"].as_str().unwrap();
    let stored: Vec<String> = app
        .table_text("complaints")
        .await
        .lines()
        .map(str::to_string)
        .collect();
    assert!(
        stored.iter().any(|row| row.contains(new_id)),
        "the public id is stored"
    );
    let grouped_code = notice
        .split_whitespace()
        .find(|w| w.len() == 15 && w.matches('-').count() == 2)
        .expect("the tracking code in the notice")
        .trim_end_matches('.');
    assert_ne!(grouped_code.replace('-', "").to_lowercase(), new_id);
}

async fn reopening_needs_the_reply_key_which_anonymous_reporters_hold_too(app: TestApp) {
    let inspector = app
        .signed_in("reopen-i@jambiprov.go.id", "inspector", &[])
        .await;
    let officer = app
        .signed_in("reopen-o@jambiprov.go.id", "unit_officer", &["samsat-kota"])
        .await;
    let (code, key) = filed(&app, &rahasia()).await;
    resolve(&app, &inspector, &officer, &code).await;
    let page = app.get_text(&format!("/lacak/{code}"), None).await;
    assert!(
        page.contains("name=\"reply_key\"") && page.contains("Belum, buka kembali laporan saya")
    );
    let reopen = |key: String| {
        app.client
            .post(app.url(&format!("/lacak/{code}/selesai")))
            .form(&[
                ("reply_key", key.as_str()),
                ("resolved", "tidak"),
                ("comment", "Masih diminta uang."),
            ])
            .send()
    };
    let r = reopen(String::new()).await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("Tulis kunci balasan"));
    // A slip of one digit is told as such; a well-formed wrong key is refused as wrong.
    let mut slip = key.clone().into_bytes();
    slip[0] = if slip[0] == b'9' { b'8' } else { slip[0] + 1 };
    let r = reopen(String::from_utf8(slip).unwrap()).await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("salah ketik"));
    let r = reopen("0000 0000 0000 0000".into()).await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(page.contains("tidak cocok dengan laporan ini"));
    assert!(page.contains("Masih diminta uang."), "the reason is kept");
    let status: Value = app
        .client
        .get(app.url(&format!("/api/v1/complaints/{code}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(status["status"], "resolved", "a wrong key changes nothing");
    // The key, typed without its spaces, reopens.
    let r = reopen(key.replace(' ', "")).await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    // An anonymous reporter has a key too, and reopens with it through the API.
    let mut anonim = rahasia();
    anonim.as_object_mut().unwrap().remove("reporter");
    anonim["mode"] = json!("anonim");
    let (code, key) = filed(&app, &anonim).await;
    resolve(&app, &inspector, &officer, &code).await;
    let page = app.get_text(&format!("/lacak/{code}"), None).await;
    assert!(
        page.contains(&format!("/lacak/{code}/selesai")),
        "offered to the key's holder"
    );
    let api = |key: &str| {
        app.client
            .post(app.url(&format!("/api/v1/complaints/{code}/reopen")))
            .json(&json!({"reply_key": key, "reason": "Belum selesai."}))
            .send()
    };
    let r = api("").await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        r.json::<Value>().await.unwrap()["error"],
        "reply_key_missing"
    );
    assert_eq!(api(&key).await.unwrap().status(), StatusCode::NO_CONTENT);
}

/// Runs a command on bytes and returns its stdout, failing the test with its stderr.
pub(super) fn run(cmd: &str, args: &[&str], input: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut child = std::process::Command::new(cmd)
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{cmd} on PATH (scripts/setup.sh --test): {e}"));
    child.stdin.take().unwrap().write_all(input).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{cmd} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// The tallest band of blank rows across a page rendered in grey (a binary PGM), as a
/// share of its height.
fn tallest_blank_band(pgm: &[u8]) -> f64 {
    // "P5\n{w} {h}\n255\n" then one byte a pixel.
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while pgm[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !pgm[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(String::from_utf8_lossy(&pgm[start..at]).to_string());
    }
    assert_eq!(fields[0], "P5");
    let (w, h): (usize, usize) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    let pixels = &pgm[at + 1..];
    let (mut run, mut tallest) = (0, 0);
    for row in pixels.chunks(w).take(h) {
        if row.iter().all(|&p| p > 245) {
            run += 1;
            tallest = tallest.max(run);
        } else {
            run = 0;
        }
    }
    tallest as f64 / h as f64
}

/// Renders a poster as librsvg and poppler do: the text its PDF holds, what its QR code
/// reads as (zbar), and its tallest blank band.
fn rendered(svg: Vec<u8>, dir: &std::path::Path) -> (String, String, f64) {
    let png = run("rsvg-convert", &["--format=png", "--width=1200"], &svg);
    assert!(png.starts_with(b"\x89PNG"));
    let qr = run("zbarimg", &["--quiet", "--raw", "-"], &png);
    let pdf = run("rsvg-convert", &["--format=pdf"], &svg);
    let file = dir.join("poster.pdf");
    std::fs::write(&file, pdf).unwrap();
    let path = file.to_str().unwrap();
    let text = run("pdftotext", &["-layout", path, "-"], &[]);
    let pgm = run("pdftoppm", &["-gray", "-r", "40", "-singlefile", path], &[]);
    (
        String::from_utf8_lossy(&text).to_string(),
        String::from_utf8_lossy(&qr).trim().to_string(),
        tallest_blank_band(&pgm),
    )
}

async fn posters_render_and_their_qr_code_reads_back_as_the_survey_url(app: TestApp) {
    let logo = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/report-logo.png");
    let dir = app.dir.clone();
    let mut app = app;
    for with_logo in [false, true] {
        if with_logo {
            app = app.restart_with(&[("SUARA_REPORT_LOGO", logo)]).await;
        }
        for size in ["a4", "a5"] {
            let r = app
                .client
                .get(app.url(&format!("/poster/skj-pkb.svg?size={size}")))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), StatusCode::OK);
            assert!(
                r.headers()["content-type"]
                    .to_str()
                    .unwrap()
                    .starts_with("image/svg+xml")
            );
            let svg = r.bytes().await.unwrap().to_vec();
            let source = String::from_utf8_lossy(&svg).to_string();
            assert_eq!(
                source.contains("<image"),
                with_logo,
                "the logo only when one is set"
            );
            // librsvg refuses a document that is not well-formed XML (duplicate attributes too).
            let dir = dir.clone();
            let (text, qr, blank) = tokio::task::spawn_blocking(move || rendered(svg, &dir))
                .await
                .unwrap();
            assert_eq!(
                qr, "https://suara.example.go.id/s/skj-pkb",
                "{size}: the QR code, read by zbar, is the survey URL"
            );
            for words in [
                "Pemerintah Provinsi Jambi",
                "Survei Kepuasan Masyarakat",
                "Pindai untuk menilai layanan ini",
                "Hasil survei dan tindak lanjutnya",
            ] {
                assert!(text.contains(words), "{size}: {words} in {text}");
            }
            for english in ["Scan", "rate", "service"] {
                assert!(!text.contains(english), "{size}: all in Indonesian: {text}");
            }
            // The QR code's quiet zone (four modules of white, about 7 % of the page) is
            // the tallest blank band a poster may have.
            assert!(
                blank < 0.09,
                "{size}: a blank band of {:.1} % of the page",
                blank * 100.0
            );
        }
    }
}

async fn evidence_downloads_answer_staff_in_scope_only_and_never_across_cases(app: TestApp) {
    let jpeg = include_bytes!("../fixtures/tiny.jpg").to_vec();
    let with_photo = |unit: &'static str| {
        Form::new()
            .text("unit_code", unit)
            .text("category", "pungli")
            .text("mode", "anonim")
            .text("what", WHAT)
            .part(
                "files",
                Part::bytes(jpeg.clone())
                    .file_name("bukti.jpg")
                    .mime_str("image/jpeg")
                    .unwrap(),
            )
    };
    let mut codes = Vec::new();
    for unit in ["samsat-kota", "rsud-rm"] {
        let r = app
            .client
            .post(app.url("/api/v1/complaints"))
            .multipart(with_photo(unit))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::CREATED);
        codes.push(
            r.json::<Value>().await.unwrap()["tracking_code"]
                .as_str()
                .unwrap()
                .to_string(),
        );
    }
    let inspector = app
        .signed_in("files-i@jambiprov.go.id", "inspector", &["bapenda"])
        .await;
    let officer = app
        .signed_in("files-o@jambiprov.go.id", "unit_officer", &["rsud-rm"])
        .await;
    let manager = app
        .signed_in("files-m@jambiprov.go.id", "manager", &[])
        .await;
    let case: Value = app
        .client
        .get(app.url(&format!("/api/v1/triage/complaints/{}", codes[0])))
        .header("cookie", &inspector.cookie)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = case["files"][0]["id"]
        .as_i64()
        .expect("a file id in the case view");
    let url = |code: &str| format!("/api/v1/triage/complaints/{code}/files/{id}");
    let get = |path: String, s: Option<&Session>| {
        let mut req = app.client.get(app.url(&path));
        if let Some(s) = s {
            req = req.header("cookie", &s.cookie);
        }
        req.send()
    };
    let r = get(url(&codes[0]), Some(&inspector)).await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    // Shown in the browser, sandboxed; saved only when asked.
    assert!(
        r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("inline")
    );
    assert!(
        r.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .starts_with("sandbox")
    );
    let saved = get(format!("{}?unduh=1", url(&codes[0])), Some(&inspector))
        .await
        .unwrap();
    assert!(
        saved.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    assert_eq!(r.headers()["x-content-type-options"], "nosniff");
    assert!(
        r.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("no-store")
    );
    let body = r.bytes().await.unwrap();
    assert!(body.starts_with(&[0xff, 0xd8]), "the photo, opened");
    assert_eq!(
        get(url(&codes[0]), None).await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        get(url(&codes[0]), Some(&officer)).await.unwrap().status(),
        StatusCode::NOT_FOUND,
        "another unit's case"
    );
    assert_eq!(
        get(url(&codes[0]), Some(&manager)).await.unwrap().status(),
        StatusCode::FORBIDDEN
    );
    // The officer's own case, with the other case's file id: not found (no IDOR).
    assert_eq!(
        get(url(&codes[1]), Some(&officer)).await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
}

/// The nonce of a response's Content-Security-Policy.
fn nonce_of(r: &reqwest::Response) -> String {
    let csp = r.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    let at = csp.find("'nonce-").expect("a nonce in the policy") + 7;
    csp[at..at + csp[at..].find('\'').unwrap()].to_string()
}

async fn pages_allow_only_their_own_nonced_scripts_and_tls_is_strict(app: TestApp) {
    let mut seen = Vec::new();
    for path in [
        "/",
        "/s/rsud-rm-rj",
        "/lapor",
        "/lacak",
        "/ikm",
        "/staf/masuk",
    ] {
        let r = app.client.get(app.url(path)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        assert!(
            r.headers()["strict-transport-security"]
                .to_str()
                .unwrap()
                .contains("max-age="),
            "HSTS with an https public URL"
        );
        let nonce = nonce_of(&r);
        let page = r.text().await.unwrap();
        for (at, _) in page.match_indices("<script") {
            let tag = &page[at..at + page[at..].find('>').unwrap()];
            assert!(tag.contains(&format!("nonce=\"{nonce}\"")), "{path}: {tag}");
        }
        seen.push(nonce);
    }
    assert!(
        seen.iter().any(|n| n != &seen[0]),
        "a fresh nonce per request"
    );
    let island_pages = ["/s/rsud-rm-rj", "/lapor"];
    for p in island_pages {
        let page = app.get_text(p, None).await;
        assert!(page.contains("<script"), "{p} loads its island");
    }
}

#[tokio::test]
async fn without_tls_no_hsts_is_sent() {
    let app = spawn_app_with(Backend::Sqlite, &[("SUARA_PUBLIC_URL", "http://127.0.0.1")])
        .await
        .unwrap();
    let r = app.client.get(app.url("/")).send().await.unwrap();
    assert!(r.headers().get("strict-transport-security").is_none());
}

async fn exported_cells_cannot_run_as_spreadsheet_formulas(app: TestApp) {
    for suggestion in [
        "=HYPERLINK(\"http://evil.example\",\"klik\")",
        "@SUM(1+1)",
        "-2+3",
        "+1+1",
    ] {
        let mut body = json!({"service_code": "skj-pkb", "answers": {"U1": 4, "U2": 4, "U3": 4,
            "U4": 4, "U5": 4, "U6": 4, "U7": 4, "U8": 4, "U9": 4}});
        body["suggestion"] = json!(suggestion);
        let r = app
            .client
            .post(app.url("/api/v1/surveys"))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::CREATED, "{suggestion}");
    }
    let admin = app.signed_in("csv-a@jambiprov.go.id", "admin", &[]).await;
    let csv = app
        .client
        .get(app.url("/staf/ekspor/survei.csv"))
        .header("cookie", &admin.cookie)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let mut reader = csv::ReaderBuilder::new().from_reader(csv.as_bytes());
    let cells: Vec<String> = reader
        .records()
        .map(|r| {
            r.unwrap()
                .iter()
                .next_back()
                .unwrap_or_default()
                .to_string()
        })
        .collect();
    assert_eq!(cells.len(), 4, "{csv}");
    for c in &cells {
        assert!(c.starts_with('\''), "neutralised: {c:?}");
    }
    assert!(cells.contains(&"'=HYPERLINK(\"http://evil.example\",\"klik\")".to_string()));
}

async fn unknown_api_paths_answer_a_json_404(app: TestApp) {
    for path in ["/api/v1/nope", "/api/v1/triage/nope/x", "/api/v2/units"] {
        let r = app.client.get(app.url(path)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{path}");
        if path.starts_with("/api/v1/") {
            assert!(
                r.headers()["content-type"]
                    .to_str()
                    .unwrap()
                    .starts_with("application/json")
            );
            assert_eq!(r.json::<Value>().await.unwrap()["error"], "not_found");
        }
    }
}

async fn the_language_switch_goes_back_only_to_a_path_of_this_site(app: TestApp) {
    for (next, expected) in [
        ("/%09/evil.example/phish", "/"),
        ("/%0a", "/"),
        ("//evil.example", "/"),
        ("/%5Cevil.example", "/"),
        ("https://evil.example/", "/"),
        ("/ikm%3Fperiode%3D2026-11", "/ikm?periode=2026-11"),
    ] {
        let r = app
            .client
            .get(app.url(&format!("/lang/en?next={next}")))
            .send()
            .await
            .unwrap();
        assert!(r.status().is_redirection(), "{next}: {}", r.status());
        assert_eq!(r.headers()["location"], expected, "{next}");
    }
}

async fn a_locked_address_still_lets_other_accounts_sign_in_with_their_right_password(
    app: TestApp,
) {
    let victim = "kunci-a@jambiprov.go.id";
    let colleague = "kunci-b@jambiprov.go.id";
    app.signed_in(victim, "inspector", &[]).await;
    app.signed_in(colleague, "inspector", &[]).await;
    let login = |email: &'static str, password: &'static str| {
        app.client
            .post(app.url("/api/v1/auth/login"))
            .json(&json!({"email": email, "password": password}))
            .send()
    };
    for _ in 0..5 {
        assert_eq!(
            login(victim, "salah sandi").await.unwrap().status(),
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        login(victim, "kopi jambi pagi hari")
            .await
            .unwrap()
            .status(),
        StatusCode::TOO_MANY_REQUESTS,
        "the guessed account stays locked"
    );
    assert_eq!(
        login(colleague, "kopi jambi pagi hari")
            .await
            .unwrap()
            .status(),
        StatusCode::OK,
        "a colleague on the same address signs in"
    );
    assert_eq!(
        login(colleague, "tebakan").await.unwrap().status(),
        StatusCode::TOO_MANY_REQUESTS,
        "but wrong guesses from the address get only the lock"
    );
}

async fn personal_answers_are_never_stored_by_a_browser_or_cache(app: TestApp) {
    let inspector = app
        .signed_in("cache-i@jambiprov.go.id", "inspector", &[])
        .await;
    let code = file(&app, &rahasia()).await;
    for (path, cookie) in [
        ("/staf/masuk", None),
        ("/staf", None),
        ("/staf", Some(&inspector)),
        (&*format!("/staf/kasus/{code}"), Some(&inspector)),
        ("/api/v1/auth/me", None),
        ("/api/v1/auth/me", Some(&inspector)),
        ("/api/v1/triage/complaints", Some(&inspector)),
        ("/api/v1/triage/complaints", None),
        (&*format!("/lacak/{code}"), None),
        (&*format!("/api/v1/complaints/{code}"), None),
    ] {
        let mut req = app.client.get(app.url(path));
        if let Some(s) = cookie {
            req = req.header("cookie", &s.cookie);
        }
        let r = req.send().await.unwrap();
        let cc = r
            .headers()
            .get("cache-control")
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        assert!(cc.contains("no-store"), "{path} ({}): {cc:?}", r.status());
    }
    // Filing: the answer carries the reply key.
    let no_store = |r: &reqwest::Response| {
        r.headers()
            .get("cache-control")
            .is_some_and(|v| v.to_str().unwrap().contains("no-store"))
    };
    let r = super::complaints::post_complaint(&app, &rahasia()).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    assert!(no_store(&r), "the filing answer");
    // The server functions with case data, as the islands call them.
    for (f, body, cookie) in [
        ("console_case", format!("code={code}"), Some(&inspector)),
        ("complaint_status", format!("code={code}"), None),
    ] {
        let mut req = app
            .client
            .post(app.url(&format!("/sf/{f}")))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body);
        if let Some(s) = cookie {
            req = req.header("cookie", &s.cookie);
        }
        let r = req.send().await.unwrap();
        assert!(no_store(&r), "/sf/{f} ({})", r.status());
    }
    let r = app.client.get(app.url("/ikm")).send().await.unwrap();
    assert!(!no_store(&r), "public figures may be cached");
}

async fn static_files_go_by_content_named_paths_kept_for_a_year(app: TestApp) {
    let root = std::path::PathBuf::from(suara_tests::site_root());
    let manifest: Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("asset-manifest.json"))
            .expect("scripts/build-site.sh writes the manifest"),
    )
    .unwrap();
    let name = |k: &str| manifest[k].as_str().unwrap().to_string();
    let (style, offline, pkg) = (name("style.css"), name("offline.js"), name("pkg"));
    let r = app.client.get(app.url("/s/skj-pkb")).send().await.unwrap();
    assert_eq!(
        r.headers()["cache-control"],
        "no-cache",
        "a page is revalidated"
    );
    let page = r.text().await.unwrap();
    let linked = [
        format!("/{style}"),
        format!("/{offline}"),
        format!("/pkg/{pkg}.js"),
        format!("/pkg/{pkg}_bg.wasm"),
    ];
    for path in &linked {
        assert!(page.contains(&format!("\"{path}\"")), "{path} in {page}");
        let r = app.client.get(app.url(path)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        assert_eq!(
            r.headers()["cache-control"],
            "public, max-age=31536000, immutable",
            "{path}"
        );
        let served = r.bytes().await.unwrap();
        assert_eq!(
            served.as_ref(),
            std::fs::read(root.join(path.trim_start_matches('/'))).unwrap(),
            "{path}"
        );
    }
    // The stylesheet served is this repository's.
    let css = app
        .client
        .get(app.url(&format!("/{style}")))
        .send()
        .await
        .unwrap();
    assert_eq!(
        css.text().await.unwrap(),
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../style/main.css")).unwrap()
    );
    // The plain names still answer (pages written without the manifest), revalidated.
    let plain = app.client.get(app.url("/style.css")).send().await.unwrap();
    assert_eq!(plain.status(), StatusCode::OK);
    assert_eq!(plain.headers()["cache-control"], "no-cache");
    // The service worker keeps this build's files, by their names.
    let sw = app.client.get(app.url("/sw.js")).send().await.unwrap();
    assert_eq!(sw.headers()["cache-control"], "no-cache");
    let sw = sw.text().await.unwrap();
    for path in &linked {
        assert!(sw.contains(&format!("'{path}'")), "{path} in sw.js");
    }
    assert!(sw.contains(&format!("const BUILD = '{pkg}';")));
    // A content name that is not there is a 404, not kept.
    let missing = app
        .client
        .get(app.url("/style.0123456789ab.css"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_ne!(
        missing.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
}

on_both_backends!(
    static_files_go_by_content_named_paths_kept_for_a_year,
    hostile_text_in_every_textarea_comes_back_inert_after_a_refusal,
    open311_publishes_public_ids_and_days_never_tracking_codes,
    reopening_needs_the_reply_key_which_anonymous_reporters_hold_too,
    posters_render_and_their_qr_code_reads_back_as_the_survey_url,
    evidence_downloads_answer_staff_in_scope_only_and_never_across_cases,
    pages_allow_only_their_own_nonced_scripts_and_tls_is_strict,
    exported_cells_cannot_run_as_spreadsheet_formulas,
    the_language_switch_goes_back_only_to_a_path_of_this_site,
    unknown_api_paths_answer_a_json_404,
    a_locked_address_still_lets_other_accounts_sign_in_with_their_right_password,
    personal_answers_are_never_stored_by_a_browser_or_cache,
);

#[tokio::test]
async fn behind_a_proxy_the_address_the_proxy_appended_counts_not_what_the_client_wrote() {
    let app = spawn_app_with(
        Backend::Sqlite,
        &[
            ("SUARA_RATE_COMPLAINT_BURST", "1"),
            ("SUARA_RATE_COMPLAINT_PER_MINUTE", "1"),
            ("SUARA_TRUSTED_IP_HEADER", "X-Forwarded-For"),
        ],
    )
    .await
    .unwrap();
    let mut body = rahasia();
    body.as_object_mut().unwrap().remove("reporter");
    body["mode"] = json!("anonim");
    let send = |xff: &'static str| {
        app.client
            .post(app.url("/api/v1/complaints"))
            .header("x-forwarded-for", xff)
            .json(&body)
            .send()
    };
    assert_eq!(
        send("1.1.1.1, 203.0.113.9").await.unwrap().status(),
        StatusCode::CREATED
    );
    assert_eq!(
        send("2.2.2.2, 203.0.113.9").await.unwrap().status(),
        StatusCode::TOO_MANY_REQUESTS,
        "a new forged left entry does not make a new client"
    );
    assert_eq!(
        send("1.1.1.1, 203.0.113.10").await.unwrap().status(),
        StatusCode::CREATED,
        "another client as the proxy saw it"
    );
}

#[tokio::test]
async fn lookups_by_tracking_code_are_limited_per_address_across_page_api_and_open311() {
    let app = spawn_app_with(
        Backend::Sqlite,
        &[
            ("SUARA_RATE_LOOKUP_BURST", "3"),
            ("SUARA_RATE_LOOKUP_PER_MINUTE", "1"),
        ],
    )
    .await
    .unwrap();
    let status = |path: &'static str| {
        let app = &app;
        async move { app.client.get(app.url(path)).send().await.unwrap().status() }
    };
    for path in [
        "/lacak/ABCD-EFGH-JKMN",
        "/api/v1/complaints/ABCDEFGHJKMN",
        "/open311/v2/requests/0123456789abcdef.json",
    ] {
        let s = status(path).await;
        assert!(
            s.is_client_error() && s != StatusCode::TOO_MANY_REQUESTS,
            "{path}: {s}"
        );
    }
    assert_eq!(
        status("/lacak?kode=ABCD-EFGH-JKMN").await,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        status("/lacak/ABCD-EFGH-JKMN").await,
        StatusCode::TOO_MANY_REQUESTS
    );
    // HEAD answers like GET (without the body), and the reporter's writes under a code
    // answer 404 for an unknown one: both count as lookups.
    let head = app
        .client
        .head(app.url("/lacak/ABCD-EFGH-JKMN"))
        .send()
        .await
        .unwrap();
    assert_eq!(head.status(), StatusCode::TOO_MANY_REQUESTS);
    for path in [
        "/lacak/ABCD-EFGH-JKMN/selesai",
        "/lacak/ABCD-EFGH-JKMN/hapus-identitas",
        "/lacak/ABCD-EFGH-JKMN/balas",
        "/api/v1/complaints/ABCDEFGHJKMN/messages",
        "/api/v1/complaints/ABCDEFGHJKMN/erase-identity",
    ] {
        let r = app
            .client
            .post(app.url(path))
            .form(&[("reply_key", "1")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS, "{path}");
    }
    assert_eq!(
        status("/ikm").await,
        StatusCode::OK,
        "other pages are not limited"
    );
    assert_eq!(
        status("/lacak").await,
        StatusCode::OK,
        "the empty lookup form is not"
    );
}

/// The status page's server function answers a tracking code too: forty calls at once
/// from one address get the same quota as the page (three here), on both the function
/// and its sibling that hands out a receipt's key.
#[tokio::test]
async fn forty_parallel_status_calls_through_the_server_function_get_the_lookup_quota() {
    let app = spawn_app_with(
        Backend::Sqlite,
        &[
            ("SUARA_RATE_LOOKUP_BURST", "3"),
            ("SUARA_RATE_LOOKUP_PER_MINUTE", "1"),
        ],
    )
    .await
    .unwrap();
    let (client, base) = (app.client.clone(), app.url(""));
    let statuses = super::hostile::forty(|i| {
        let client = client.clone();
        let f = ["complaint_status", "receipt_key"][i % 2];
        let url = format!("{base}/sf/{f}");
        async move {
            client
                .post(url)
                .form(&[("code", "ABCD-EFGH-JKMN")])
                .send()
                .await
                .expect("an answer")
        }
    })
    .await;
    let answered = 40 - super::hostile::count(&statuses, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(answered, 3, "{statuses:?}");
}

/// A client that reaches the server directly (from 127.0.0.2, not the trusted proxy at
/// 127.0.0.1) and writes a new X-Forwarded-For each time is still one client.
#[tokio::test]
async fn the_forwarded_header_is_believed_only_from_the_trusted_proxies() {
    let app = spawn_app_with(
        Backend::Sqlite,
        &[
            ("SUARA_TRUSTED_IP_HEADER", "X-Forwarded-For"),
            ("SUARA_TRUSTED_PROXIES", "127.0.0.1/32"),
            ("SUARA_RATE_LOOKUP_BURST", "3"),
            ("SUARA_RATE_LOOKUP_PER_MINUTE", "1"),
        ],
    )
    .await
    .unwrap();
    let direct = reqwest::Client::builder()
        .local_address(std::net::IpAddr::from([127, 0, 0, 2]))
        .build()
        .unwrap();
    let url = app.url("/lacak/ABCD-EFGH-JKMN");
    let statuses = super::hostile::forty(|i| {
        let (client, url) = (direct.clone(), url.clone());
        async move {
            client
                .get(url)
                .header("x-forwarded-for", format!("198.51.100.{i}"))
                .send()
                .await
                .expect("an answer")
        }
    })
    .await;
    let answered = 40 - super::hostile::count(&statuses, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(answered, 3, "{statuses:?}");
    // Through the trusted proxy the header names the client: a new one has its quota.
    let r = app
        .client
        .get(app.url("/lacak/ABCD-EFGH-JKMN"))
        .header("x-forwarded-for", "203.0.113.50")
        .send()
        .await
        .unwrap();
    assert_ne!(r.status(), StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn the_survey_import_answers_401_before_reading_a_large_body() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = spawn_app_with(Backend::Sqlite, &[]).await.unwrap();
    let mut tcp = tokio::net::TcpStream::connect(app.addr).await.unwrap();
    // Announce 60 MB, send 1 KB, then wait: a server that reads the body first never answers.
    let head = format!(
        "POST /api/v1/import/surveys HTTP/1.1\r\nHost: {}\r\nContent-Type: text/csv\r\n\
         Content-Length: {}\r\n\r\n",
        app.addr,
        60 * 1024 * 1024
    );
    tcp.write_all(head.as_bytes()).await.unwrap();
    tcp.write_all(&[b'x'; 1024]).await.unwrap();
    let mut answer = vec![0u8; 512];
    let n = tokio::time::timeout(std::time::Duration::from_secs(30), tcp.read(&mut answer))
        .await
        .expect("an answer while the body is still unsent")
        .unwrap();
    let answer = String::from_utf8_lossy(&answer[..n]);
    assert!(answer.starts_with("HTTP/1.1 401"), "{answer}");
}

/// Runs schemathesis against the server's OpenAPI document with every check and its own
/// expected statuses (no configuration file, nothing exempted), as anyone or as the member
/// of staff `email` (signed in by `tests/openapi/hooks.py`); its report.
async fn schemathesis(app: &TestApp, email: Option<&str>) -> (bool, String) {
    let bin = suara_tests::smtp::python().with_file_name("schemathesis");
    let hooks = concat!(env!("CARGO_MANIFEST_DIR"), "/openapi");
    let spec = app.url("/api/v1/openapi.json");
    let base = app.url("");
    let report = tempfile::tempdir().unwrap();
    let report_dir = report.path().to_path_buf();
    let email = email.map(str::to_string);
    let out = tokio::task::spawn_blocking(move || {
        let mut cmd = std::process::Command::new(bin);
        cmd.current_dir(&report_dir)
            .env("SCHEMATHESIS_HOOKS", "hooks")
            .env("PYTHONPATH", hooks)
            .env("SUARA_ST_BASE", &base)
            .args(["--no-color", "run", &spec])
            .args(["--checks", "all", "--max-examples", "15", "--seed", "1"])
            .args(["--max-time", "35", "--workers", "1"]);
        if let Some(email) = &email {
            // Signing in is the anonymous run's: in a signed-in run the stateful phase
            // would feed the account's own address (from /auth/me) to the sign-in with
            // made-up passwords, and lock the account as it must.
            cmd.env("SUARA_ST_EMAIL", email)
                .env("SUARA_ST_PASSWORD", suara_tests::PASSWORD)
                .args(["--exclude-path", "/api/v1/auth/login"]);
        }
        cmd.output()
    })
    .await
    .unwrap()
    .expect("schemathesis runs (scripts/setup.sh --test installs it)");
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    (out.status.success(), text)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_api_answers_as_its_openapi_document_says_to_anyone_an_inspector_and_an_admin() {
    // The hooks sign in from an address of their own (loopback is the trusted proxy here):
    // the run's own failed sign-ins lock the address they come from. Reply keys are not
    // limited, so that the checks reach what is behind the limit.
    let app = spawn_app_with(
        Backend::Sqlite,
        &[
            ("SUARA_TRUSTED_PROXIES", "127.0.0.1/32"),
            ("SUARA_TRUSTED_IP_HEADER", "X-Forwarded-For"),
            ("SUARA_RATE_KEY_BURST", "10000"),
            ("SUARA_RATE_KEY_PER_MINUTE", "10000"),
        ],
    )
    .await
    .unwrap();
    app.signed_in("st-i@jambiprov.go.id", "inspector", &[])
        .await;
    app.signed_in("st-a@jambiprov.go.id", "admin", &[]).await;
    let (anyone, inspector, admin) = tokio::join!(
        schemathesis(&app, None),
        schemathesis(&app, Some("st-i@jambiprov.go.id")),
        schemathesis(&app, Some("st-a@jambiprov.go.id")),
    );
    for (who, (ok, report)) in [
        ("anyone", anyone),
        ("an inspector", inspector),
        ("an admin", admin),
    ] {
        let tail: Vec<&str> = report.lines().rev().take(80).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        assert!(ok, "schemathesis as {who}:\n{}", tail.join("\n"));
        assert!(report.contains("passed"), "{report}");
        // Signed in, the operations are reached with the session, not refused for want of it.
        if who != "anyone" {
            assert!(!report.contains("Authentication Error"), "{report}");
        }
    }
}

#[tokio::test]
async fn a_client_generated_from_the_api_document_files_a_survey_and_a_complaint() {
    let app = spawn_app_with(Backend::Sqlite, &[]).await.unwrap();
    let inspector = app
        .signed_in("gen-i@jambiprov.go.id", "inspector", &[])
        .await;
    let python = suara_tests::smtp::python();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/openapi/client.py");
    let out = tempfile::tempdir().unwrap();
    let (base, dir) = (app.url(""), out.path().to_path_buf());
    let run = tokio::task::spawn_blocking(move || {
        std::process::Command::new(python)
            .arg(script)
            .args([base.as_str(), dir.to_str().unwrap(), "bkd-pangkat", "bkd"])
            .output()
    })
    .await
    .unwrap()
    .expect("the client script runs (scripts/setup.sh --test installs openapi-python-client)");
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    let got: Value = serde_json::from_slice(&run.stdout).expect("one JSON line");
    assert_eq!(got["survey_status"], 201, "{got}");
    assert_eq!(got["complaint_status"], 201, "{got}");
    assert_eq!(got["shown_status"], 200, "{got}");
    assert_eq!(got["shown"], "received", "{got}");
    assert_eq!(got["shown_unit"], "bkd", "{got}");
    // What the generated client sent is stored: the response counts in the service's index,
    // and the inspector reads the report, its reporter sealed.
    let ikm: Value =
        serde_json::from_str(&app.get_text("/api/v1/ikm?service=bkd-pangkat", None).await).unwrap();
    assert_eq!(ikm["responses"], 1, "{ikm}");
    let case = app
        .case_json(&inspector, got["tracking_code"].as_str().unwrap())
        .await;
    assert_eq!(case["reporter"]["mode"], "rahasia", "{case}");
    assert_eq!(case["reporter"]["name"], Value::Null, "{case}");
    assert_eq!(case["category"], "pungli", "{case}");
    assert!(!case.to_string().contains("Siti Aminah"), "{case}");
}
