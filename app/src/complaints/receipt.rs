//! The receipt's one-time showing of a new report's reply key: the filing hands the key to
//! the receipt page in a sealed, short-lived cookie scoped to that page, which shows it and
//! removes the cookie. A reload, or anyone who later opens the page, sees no key.

use super::domain::{ReplyKey, TrackingCode};
use crate::state::AppState;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};

/// Cookie that carries a new report's reply key from the filing to its receipt page, once.
pub const KEY_COOKIE: &str = "suara_kunci";
/// Seconds the receipt may take to be shown.
const KEY_COOKIE_SECS: u32 = 600;

/// What the key cookie holds, sealed: the report it belongs to and its key.
#[derive(Serialize, Deserialize)]
struct SealedKey {
    code: String,
    key: String,
}

/// After filing from the form: to the receipt page, the reply key in a sealed, short-lived
/// cookie scoped to that page, which shows it once and removes it.
pub fn receipt_redirect(state: &AppState, code: &TrackingCode, key: &ReplyKey) -> Response {
    let sealed = state.keys.seal_json(&SealedKey {
        code: code.as_str().into(),
        key: key.as_str().into(),
    });
    let secure = if state.settings.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    let cookie = format!(
        "{KEY_COOKIE}={sealed}; Path=/lacak/{}; Max-Age={KEY_COOKIE_SECS}; HttpOnly; SameSite=Strict{secure}",
        code.as_str()
    );
    let mut r = Redirect::to(&format!("/lacak/{}?baru=1", code.as_str())).into_response();
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        r.headers_mut().insert(header::SET_COOKIE, v);
    }
    r
}

/// The reply key the cookie of this request carries for report `code`, if any, and the
/// `Set-Cookie` value that removes it.
pub fn take_receipt_key(
    state: &AppState,
    headers: &HeaderMap,
    code: &str,
) -> Option<(ReplyKey, String)> {
    let sealed = crate::web::cookies::get(headers, KEY_COOKIE)?;
    let k: SealedKey = state.keys.open_json(&sealed).ok()?;
    let code = TrackingCode::parse(code).ok()?;
    if k.code != code.as_str() {
        return None;
    }
    let key = ReplyKey::parse(&k.key).ok()?;
    let clear = format!(
        "{KEY_COOKIE}=; Path=/lacak/{}; Max-Age=0; HttpOnly; SameSite=Strict",
        code.as_str()
    );
    Some((key, clear))
}

/// What the downloadable receipt shows.
pub struct ReceiptCard<'a> {
    pub lang: crate::i18n::Lang,
    pub code: &'a TrackingCode,
    pub key: &'a ReplyKey,
    pub unit: &'a str,
    pub category: &'a str,
    pub filed_at: chrono::DateTime<chrono::Utc>,
    /// The status page's address.
    pub url: &'a str,
}

/// Text as the standard PDF fonts read it (WinAnsiEncoding): Latin-1 as it is, the usual
/// typographic marks at their places, anything else as `?`.
fn win_ansi(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            '\u{2013}' => 0x96,
            '\u{2014}' => 0x97,
            '\u{2018}' => 0x91,
            '\u{2019}' => 0x92,
            '\u{201C}' => 0x93,
            '\u{201D}' => 0x94,
            '\u{2022}' => 0x95,
            '\u{2026}' => 0x85,
            c if u32::from(c) < 0x100 && !c.is_control() => {
                u8::try_from(u32::from(c)).unwrap_or(b'?')
            }
            _ => b'?',
        })
        .collect()
}

/// The receipt of a new report as a one-page PDF (A6, portrait): the tracking code and the
/// reply key in large type, what the key is for, and the status page's address with its QR
/// code. Made here from the standard fonts, with nothing fetched from anyone.
pub fn receipt_pdf(card: &ReceiptCard<'_>) -> Result<Vec<u8>, lopdf::Error> {
    use crate::tr;
    use lopdf::content::{Content, Operation};
    use lopdf::{Document, Object, Stream, dictionary};
    let lang = card.lang;
    let (w, h) = (298.0_f32, 420.0_f32);
    let margin = 22.0_f32;
    let mut ops: Vec<Operation> = Vec::new();
    let mut y = h - margin - 10.0;
    let line = |ops: &mut Vec<Operation>, font: &str, size: f32, x: f32, y: f32, text: &str| {
        ops.push(Operation::new("BT", vec![]));
        ops.push(Operation::new("Tf", vec![font.into(), size.into()]));
        ops.push(Operation::new("Td", vec![x.into(), y.into()]));
        ops.push(Operation::new(
            "Tj",
            vec![Object::string_literal(win_ansi(text))],
        ));
        ops.push(Operation::new("ET", vec![]));
    };
    // Green band with the title.
    ops.push(Operation::new(
        "rg",
        vec![0.043_f32.into(), 0.365_f32.into(), 0.231_f32.into()],
    ));
    ops.push(Operation::new(
        "re",
        vec![0.0_f32.into(), (h - 44.0).into(), w.into(), 44.0_f32.into()],
    ));
    ops.push(Operation::new("f", vec![]));
    ops.push(Operation::new("g", vec![1.0_f32.into()]));
    line(
        &mut ops,
        "F2",
        13.0,
        margin,
        h - 28.0,
        &tr!(lang, "receipt.pdf_title"),
    );
    ops.push(Operation::new("g", vec![0.0_f32.into()]));
    y -= 48.0;
    for l in crate::poster::wrap(card.unit, 48) {
        line(&mut ops, "F1", 9.0, margin, y, &l);
        y -= 12.0;
    }
    let filed = tr!(
        lang,
        "receipt.pdf_filed",
        category = card.category,
        at = crate::clock::fmt_wib(card.filed_at)
    );
    for l in crate::poster::wrap(&filed, 52) {
        line(&mut ops, "F1", 8.0, margin, y, &l);
        y -= 11.0;
    }
    y -= 10.0;
    // The two things to keep, framed.
    let frame_top = y + 6.0;
    line(
        &mut ops,
        "F1",
        9.0,
        margin + 10.0,
        y - 6.0,
        &tr!(lang, "track.code"),
    );
    line(
        &mut ops,
        "F3",
        19.0,
        margin + 10.0,
        y - 28.0,
        &card.code.grouped(),
    );
    line(
        &mut ops,
        "F1",
        9.0,
        margin + 10.0,
        y - 50.0,
        &tr!(lang, "track.key_title"),
    );
    line(
        &mut ops,
        "F3",
        19.0,
        margin + 10.0,
        y - 72.0,
        &card.key.grouped(),
    );
    y -= 84.0;
    ops.push(Operation::new("w", vec![1.2_f32.into()]));
    ops.push(Operation::new(
        "RG",
        vec![0.043_f32.into(), 0.365_f32.into(), 0.231_f32.into()],
    ));
    ops.push(Operation::new(
        "re",
        vec![
            margin.into(),
            y.into(),
            (w - 2.0 * margin).into(),
            (frame_top - y).into(),
        ],
    ));
    ops.push(Operation::new("S", vec![]));
    y -= 18.0;
    for l in crate::poster::wrap(&tr!(lang, "receipt.pdf_keep"), 56) {
        line(&mut ops, "F2", 8.0, margin, y, &l);
        y -= 10.5;
    }
    y -= 4.0;
    for l in crate::poster::wrap(&tr!(lang, "track.key_use"), 60) {
        line(&mut ops, "F1", 7.5, margin, y, &l);
        y -= 10.0;
    }
    // The status page: its QR code, and its address beside it.
    let qr_size = 84.0_f32;
    let (n, dark) = crate::poster::qr_modules(card.url);
    let quiet = 4.0_f32;
    let module = qr_size / (n as f32 + 2.0 * quiet);
    let (qx, qy) = (margin, margin);
    for (i, is_dark) in dark.iter().enumerate() {
        if *is_dark {
            let (col, row) = ((i % n) as f32, (i / n) as f32);
            let x = qx + (col + quiet) * module;
            let top = qy + qr_size - (row + quiet) * module;
            ops.push(Operation::new(
                "re",
                vec![
                    x.into(),
                    (top - module).into(),
                    module.into(),
                    module.into(),
                ],
            ));
        }
    }
    ops.push(Operation::new("f", vec![]));
    let mut ty = qy + qr_size - 14.0;
    for l in crate::poster::wrap(&tr!(lang, "receipt.pdf_follow"), 30) {
        line(&mut ops, "F1", 8.0, qx + qr_size + 6.0, ty, &l);
        ty -= 10.0;
    }
    // The address on two lines that never split the code: the site, then the report's path.
    let (site, path) = match card.url.find("/lacak/") {
        Some(at) => card.url.split_at(at),
        None => (card.url, ""),
    };
    let site = site
        .trim_start_matches("https://")
        .trim_start_matches("http://");
    for text in [site, path] {
        line(&mut ops, "F2", 8.0, qx + qr_size + 6.0, ty, text);
        ty -= 10.5;
    }
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font = |doc: &mut Document, base: &str| {
        doc.add_object(dictionary! {
            "Type" => "Font",
            "Subtype" => "Type1",
            "BaseFont" => base.to_string(),
            "Encoding" => "WinAnsiEncoding",
        })
    };
    let regular = font(&mut doc, "Helvetica");
    let bold = font(&mut doc, "Helvetica-Bold");
    let mono = font(&mut doc, "Courier-Bold");
    let resources_id = doc.add_object(dictionary! {
        "Font" => dictionary! { "F1" => regular, "F2" => bold, "F3" => mono },
    });
    let content = Content { operations: ops };
    let content_id = doc.add_object(Stream::new(dictionary! {}, content.encode()?));
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "Contents" => content_id,
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => vec![page_id.into()],
            "Count" => 1,
            "Resources" => resources_id,
            "MediaBox" => vec![0.into(), 0.into(), w.into(), h.into()],
        }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    let info_id = doc.add_object(dictionary! {
        "Title" => Object::string_literal(win_ansi(&tr!(lang, "receipt.pdf_title"))),
        "Producer" => Object::string_literal("Suara"),
    });
    doc.trailer.set("Root", catalog_id);
    doc.trailer.set("Info", info_id);
    doc.compress();
    let mut out = Vec::new();
    doc.save_to(&mut out)?;
    Ok(out)
}
