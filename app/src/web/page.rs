//! What every page needs whatever it shows: the reader's language, the island scripts, the
//! response status, and one way to answer a refusal or a failure.

use crate::i18n::Lang;
use crate::tr;
use crate::web::error::PageError;
use leptos::prelude::*;

/// The language of the current request (server side; islands get it as a prop).
pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or_default()
}

/// A figure with `decimals` decimals in the language's format, or a dash when there is none.
pub fn figure_or_dash(lang: Lang, v: Option<f64>, decimals: usize) -> String {
    v.map(|v| lang.number(v, decimals))
        .unwrap_or_else(|| "–".into())
}

/// Loads the browser code; placed only on pages that have islands, so the others ship none.
#[component]
pub fn IslandScripts() -> impl IntoView {
    let options = use_context::<leptos::config::LeptosOptions>();
    options.map(|options| view! { <HydrationScripts options islands=true/> })
}

/// Percent-encodes a path for use inside a query parameter.
pub fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(feature = "ssr")]
pub fn set_status(code: axum::http::StatusCode) {
    if let Some(r) = use_context::<leptos_axum::ResponseOptions>() {
        r.set_status(code);
    }
}

/// The message shown for a server error: an apology and the incident code, no internals; or,
/// when the database is away, that nothing was stored and to try again in a moment.
pub fn internal_error(lang: Lang, e: &PageError) -> impl IntoView + use<> {
    if *e == PageError::Unavailable {
        e.set_status();
        return view! { <p class="notice error" role="alert">{tr!(lang, "error.unavailable")}</p> }
            .into_any();
    }
    #[cfg(feature = "ssr")]
    set_status(axum::http::StatusCode::INTERNAL_SERVER_ERROR);
    let id = match e {
        PageError::Internal { incident } => incident.clone(),
        _ => String::new(),
    };
    view! { <p class="notice error">{tr!(lang, "error.internal", id = id)}</p> }.into_any()
}

/// Sends the browser to the sign-in page when the session is missing. After signing in,
/// the browser comes back to the page asked for, its query included (the address of the
/// request being rendered; `back` when there is none).
pub fn to_sign_in(e: &PageError, back: &str) -> bool {
    let unauthorized = *e == PageError::Unauthorized;
    #[cfg(feature = "ssr")]
    if unauthorized {
        let here = use_context::<axum::http::request::Parts>()
            .and_then(|p| p.uri.path_and_query().map(|pq| pq.as_str().to_string()))
            .filter(|p| p.starts_with("/staf"))
            .unwrap_or_else(|| back.to_string());
        leptos_axum::redirect(&format!("/staf/masuk?next={}", urlencode(&here)));
    }
    #[cfg(not(feature = "ssr"))]
    let _ = back;
    unauthorized
}

/// What a page answers when its data is refused, naming what was refused: `what` picks the
/// messages `forbidden.<what>` and `not_found.<what>` (the queue, a case, the analytics, a
/// training program...). The status is set to match.
pub fn problem(lang: Lang, e: &PageError, what: &str) -> AnyView {
    e.set_status();
    match e {
        PageError::Forbidden => {
            view! { <p class="notice error" role="alert">{tr!(lang, &format!("forbidden.{what}"))}</p> }.into_any()
        }
        PageError::NotFound => {
            view! { <p class="notice error" role="alert">{tr!(lang, &format!("not_found.{what}"))}</p> }.into_any()
        }
        PageError::Invalid { code, .. } => {
            view! { <p class="notice error" role="alert">{tr!(lang, &format!("error.{code}"))}</p> }.into_any()
        }
        PageError::Unauthorized => view! {
            <p class="notice error" role="alert"><a href="/staf/masuk">{tr!(lang, "console.sign_in_first")}</a></p>
        }
        .into_any(),
        PageError::Internal { .. } | PageError::Unavailable => internal_error(lang, e).into_any(),
    }
}

/// The page's `<meta name="description">`, in the page's language: what a search engine or a
/// shared link shows under the title.
pub fn description(text: String) -> impl IntoView {
    view! { <leptos_meta::Meta name="description" content=text/> }
}
