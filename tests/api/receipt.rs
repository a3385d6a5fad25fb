//! The receipt of a report just filed: the tracking code and the reply key on one card,
//! saved as a PDF made by the server and mailed again on request, each proven by the key;
//! a refusal shows the card again with the reason, so the key on the screen is never lost.

use super::complaints::token_of;
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use suara_tests::{TestApp, on_both_backends};

const WHAT: &str = "Petugas loket meminta uang tambahan Rp50.000 di luar tarif resmi agar berkas selesai hari itu.";

/// Files a report from the form as `mode` (with an email for the open one): the receipt's
/// address, and the receipt page as the reporter's browser first shows it.
async fn filed_from_the_form(app: &TestApp, mode: &str) -> (String, String) {
    let page = app.get_text("/lapor", None).await;
    let mut form = Form::new()
        .text("form_token", token_of(&page))
        .text("unit_code", "samsat-kota")
        .text("category", "pungli")
        .text("what", WHAT)
        .text("website", "")
        .text("mode", mode.to_string());
    if mode != "anonim" {
        form = form
            .text("reporter.name", "Siti Aminah")
            .text("reporter.email", "siti@contoh.id");
    }
    let form = form.part("files", Part::bytes(Vec::new()).file_name(""));
    let r = app
        .client
        .post(app.url("/lapor"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let location = r.headers()["location"].to_str().unwrap().to_string();
    let cookie = r.headers()["set-cookie"].to_str().unwrap();
    let cookie = cookie.split(';').next().unwrap().to_string();
    let receipt = app.get_text(&location, Some(&cookie)).await;
    (location, receipt)
}

/// The text between `<dd class="{class}">` and its end.
fn dd(page: &str, class: &str) -> String {
    let start = page
        .find(&format!("<dd class=\"{class}\">"))
        .unwrap_or_else(|| panic!("no {class}: {page}"));
    let rest = &page[start..];
    let from = rest.find('>').unwrap() + 1;
    rest[from..rest.find("</dd>").unwrap()].to_string()
}

async fn post(app: &TestApp, path: &str, key: &str) -> reqwest::Response {
    app.client
        .post(app.url(path))
        .header("accept", "text/html")
        .form(&[("reply_key", key)])
        .send()
        .await
        .unwrap()
}

async fn the_receipt_card_saves_a_pdf_and_mails_again_proven_by_the_key(app: TestApp) {
    let (location, page) = filed_from_the_form(&app, "terbuka").await;
    let code_path = location.split('?').next().unwrap().to_string();
    // One card: the code and the key, large and grouped; what to do with them; a warning.
    assert!(page.contains("id=\"tanda-terima\""), "{page}");
    let code = dd(&page, "tracking-code");
    let key = dd(&page, "reply-key");
    assert_eq!(code.len(), 14, "{code}");
    assert_eq!(key.len(), 19, "{key}");
    assert!(page.contains("Simpan sebagai PDF"));
    assert!(
        page.contains("Kirim lagi ke email saya"),
        "an email was given"
    );
    assert!(page.contains("sudah kami kirim ke email yang Anda tulis"));
    assert!(page.contains("Sebelum meninggalkan halaman ini"));
    assert!(
        page.contains("id=\"receipt-copy\" hidden"),
        "copying waits for a script"
    );
    let digits: String = key.chars().filter(char::is_ascii_digit).collect();

    // The PDF: made here, small, never cached, with the code, the key and the address.
    let r = post(&app, &format!("{code_path}/tanda-terima"), &digits).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    assert_eq!(r.headers()["cache-control"], "no-store");
    let disposition = r.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        disposition.starts_with("attachment; filename=\"suara-"),
        "{disposition}"
    );
    let pdf = r.bytes().await.unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    assert!(pdf.len() < 10 * 1024, "{} bytes", pdf.len());
    let doc = lopdf::Document::load_mem(&pdf).expect("a PDF that reads");
    assert_eq!(doc.get_pages().len(), 1);
    let text = doc.extract_text(&[1]).expect("its text");
    for expected in [
        code.as_str(),
        key.as_str(),
        "Tanda terima laporan",
        "Samsat",
        "/lacak/",
    ] {
        assert!(text.contains(expected), "{expected} in {text}");
    }
    // Poppler reads it as any PDF viewer would, and its QR code, read back by zbar, is the
    // status page's address.
    let file = app.dir.join("receipt.pdf");
    std::fs::write(&file, &pdf).unwrap();
    let (words, qr) = tokio::task::spawn_blocking(move || {
        let path = file.to_str().unwrap();
        let words = super::security::run("pdftotext", &[path, "-"], &[]);
        let png =
            super::security::run("pdftoppm", &["-png", "-r", "300", "-singlefile", path], &[]);
        let qr = super::security::run("zbarimg", &["--quiet", "--raw", "-"], &png);
        (words, qr)
    })
    .await
    .unwrap();
    assert!(String::from_utf8_lossy(&words).contains(&key));
    assert_eq!(
        String::from_utf8_lossy(&qr).trim(),
        format!("https://suara.example.go.id{code_path}")
    );

    // Mailed again, through the outbox: the card stays, saying so.
    let r = post(&app, &format!("{code_path}/kirim-kunci"), &digits).await;
    assert_eq!(r.status(), StatusCode::OK);
    let again = r.text().await.unwrap();
    assert!(
        again.contains("Sudah kami kirim lagi ke email Anda"),
        "{again}"
    );
    assert_eq!(dd(&again, "reply-key"), key);
    let twice = || async {
        app.mails()
            .iter()
            .filter(|m| m.contains("siti@contoh.id") && m.contains(&key))
            .count()
            == 2
    };
    assert!(app.eventually(10, twice).await, "the receipt mailed twice");

    // A wrong key: the card again with the reason (what was sent, inert), no PDF.
    for bad in [
        "1234567890123456",
        concat!("</text", "area><script>alert(1)</script><!--\""),
    ] {
        let r = post(&app, &format!("{code_path}/tanda-terima"), bad).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            r.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/html")
        );
        let page = r.text().await.unwrap();
        assert!(page.contains("id=\"tanda-terima\""), "{page}");
        assert!(page.contains("class=\"notice error\""), "{page}");
        assert!(!page.contains("<script>alert(1)"), "{page}");
    }
    // Another site cannot make the browser ask for it.
    let r = app
        .client
        .post(app.url(&format!("{code_path}/tanda-terima")))
        .header("sec-fetch-site", "cross-site")
        .form(&[("reply_key", digits.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // Forty resends at once: three resends in all beyond the filing's receipt, however many
    // arrive together; the others say so (or are held back by the address's key quota).
    let tasks: Vec<_> = (0..40)
        .map(|_| {
            let (client, url, key) = (
                app.client.clone(),
                app.url(&format!("{code_path}/kirim-kunci")),
                digits.clone(),
            );
            tokio::spawn(async move {
                let r = client
                    .post(url)
                    .header("accept", "text/html")
                    .form(&[("reply_key", key.as_str())])
                    .send()
                    .await
                    .unwrap();
                r.text().await.unwrap()
            })
        })
        .collect();
    let mut again = 0;
    for t in tasks {
        let page = t.await.unwrap();
        assert!(
            page.contains("id=\"tanda-terima\""),
            "the key stays on the screen"
        );
        if page.contains("Sudah kami kirim lagi") {
            again += 1;
        } else {
            assert!(
                page.contains("sudah beberapa kali dikirim")
                    || page.contains("Terlalu banyak percobaan"),
                "{page}"
            );
        }
    }
    assert_eq!(again, 2, "two more, three resends in all");
    let four = || async {
        app.mails()
            .iter()
            .filter(|m| m.contains("siti@contoh.id") && m.contains(&key))
            .count()
            == 4
    };
    assert!(
        app.eventually(10, four).await,
        "the filing's receipt and three resends"
    );
    // An unknown code answers a browser with the status page saying so.
    let r = post(&app, "/lacak/7K3M9Q2XW4RT/tanda-terima", &digits).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    // Reloaded, the status page shows the code alone: the key is not shown again.
    let later = app.get_text(&code_path, None).await;
    assert!(!later.contains(&key));
    assert!(!later.contains("id=\"tanda-terima\""));
}

async fn an_anonymous_receipt_offers_no_mail(app: TestApp) {
    let (location, page) = filed_from_the_form(&app, "anonim").await;
    let code_path = location.split('?').next().unwrap().to_string();
    let key = dd(&page, "reply-key");
    assert!(page.contains("Simpan sebagai PDF"));
    assert!(
        !page.contains("Kirim lagi ke email saya"),
        "no address was left"
    );
    let digits: String = key.chars().filter(char::is_ascii_digit).collect();
    let r = post(&app, &format!("{code_path}/kirim-kunci"), &digits).await;
    let page = r.text().await.unwrap();
    assert!(page.contains("tidak menyimpan alamat email"), "{page}");
    assert_eq!(dd(&page, "reply-key"), key, "the key stays on the screen");
}

on_both_backends!(
    the_receipt_card_saves_a_pdf_and_mails_again_proven_by_the_key,
    an_anonymous_receipt_offers_no_mail,
);
