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
