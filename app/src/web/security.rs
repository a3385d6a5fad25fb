//! Headers every response gets for safety: a Content-Security-Policy with a fresh nonce per
//! request (no inline script runs unless the page itself put it there), HSTS behind TLS,
//! `Cache-Control: no-store` on everything personal, a year for files named by their
//! content, and `no-cache` (revalidate) on the rest.

use crate::state::AppState;
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

/// The request header carrying the response's CSP nonce to the page renderer. Always
/// overwritten here, so a client cannot choose it.
pub const NONCE_HEADER: &str = "x-suara-csp-nonce";

/// Paths whose answers are personal (the console, the triage API, sign-in, a report's
/// status, filing a report, whose answer carries the reply key, the server functions,
/// which feed the console and the status page, and a kiosk's enrolment): never kept by a
/// browser or a shared cache.
const PRIVATE_PREFIXES: [&str; 10] = [
    "/staf",
    "/api/v1/triage",
    "/api/v1/auth",
    "/api/v1/complaints",
    "/lacak",
    "/lapor",
    "/sf/",
    "/kios/daftar",
    // A kiosk's registration answers its enrolment link.
    "/api/v1/kiosks",
    // Filing through Open311 answers the tracking code and the reply key.
    "/open311/v2/requests",
];

/// Whether a browser sent this request from a page of this site (or typed it): false when
/// `Sec-Fetch-Site` says another site, or `Origin` names another host. Requests without
/// either (scripts, old browsers) pass: the check stops cross-site forms, not clients.
pub fn same_site_request(headers: &axum::http::HeaderMap) -> bool {
    let text = |h| headers.get(h).and_then(|v: &HeaderValue| v.to_str().ok());
    if let Some(site) = text(HeaderName::from_static("sec-fetch-site")) {
        return matches!(site, "same-origin" | "none");
    }
    match (text(header::ORIGIN), text(header::HOST)) {
        (Some(origin), Some(host)) => origin
            .split_once("://")
            .is_some_and(|(_, rest)| rest.trim_end_matches('/') == host),
        (Some(_), None) => false,
        (None, _) => true,
    }
}

/// The policy for a nonce: scripts only from this site or with the nonce, wasm allowed
/// (the islands), no inline styles, no plugins, no framing, forms only to this site.
pub fn policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// A fresh nonce: 16 random bytes, base64 without padding.
fn new_nonce() -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD_NO_PAD.encode(rand::random::<[u8; 16]>())
}

fn is_private(path: &str) -> bool {
    PRIVATE_PREFIXES.iter().any(|p| path.starts_with(p))
}

/// Middleware: CSP with a per-request nonce, HSTS when served over TLS, `no-store` on
/// personal answers, `immutable` on content-named files, `no-cache` otherwise.
pub async fn headers(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let nonce = new_nonce();
    let private = is_private(req.uri().path());
    let immutable = crate::web::assets::is_immutable(req.uri().path());
    if let Ok(v) = HeaderValue::from_str(&nonce) {
        req.headers_mut()
            .insert(HeaderName::from_static(NONCE_HEADER), v);
    }
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    // A handler that set a stricter policy of its own (an evidence file's `sandbox`) keeps it.
    if !h.contains_key(header::CONTENT_SECURITY_POLICY)
        && let Ok(v) = HeaderValue::from_str(&policy(&nonce))
    {
        h.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    if state.settings.hsts {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    let stored = h
        .get(header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("no-store"));
    if private && !stored {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    // A file named by its content never changes under that name; everything else (pages,
    // plain-named files) may be kept but is asked about again before each use.
    if immutable && res.status().is_success() {
        res.headers_mut().insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=31536000, immutable"),
        );
    } else if !res.headers().contains_key(header::CACHE_CONTROL) {
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    }
    res
}

/// The nonce of the page being rendered, as the renderer's [`leptos::nonce::Nonce`], so
/// that the scripts Leptos writes (islands) carry the one the header allows.
pub fn provide_page_nonce() {
    use leptos::prelude::{provide_context, use_context};
    let nonce = use_context::<axum::http::request::Parts>()
        .and_then(|p| p.headers.get(NONCE_HEADER).cloned())
        .and_then(|v| v.to_str().ok().map(str::to_string));
    if let Some(n) = nonce {
        provide_context(leptos::nonce::Nonce::from_value(n));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_allows_no_inline_script_without_the_nonce() {
        let p = policy("abc");
        assert!(p.contains("script-src 'self' 'nonce-abc' 'wasm-unsafe-eval';"));
        assert!(!p.contains("unsafe-inline"));
        assert_ne!(new_nonce(), new_nonce());
        assert!(new_nonce().len() >= 21);
    }

    #[test]
    fn personal_paths_are_private_and_public_ones_are_not() {
        for p in [
            "/staf",
            "/staf/kasus/X",
            "/api/v1/triage/complaints",
            "/api/v1/auth/me",
            "/lacak/ABC",
            "/api/v1/complaints",
            "/lapor",
            "/sf/console_case",
            "/sf/complaint_status",
            "/kios/daftar/x",
            "/api/v1/kiosks",
            "/open311/v2/requests.json",
        ] {
            assert!(is_private(p), "{p}");
        }
        for p in ["/", "/ikm", "/s/rsud-rj", "/api/v1/units", "/style.css"] {
            assert!(!is_private(p), "{p}");
        }
    }
}
