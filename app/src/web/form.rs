//! A refused staff form shown again: which form on the page, why, and what was typed.

use serde::{Deserialize, Serialize};

/// A refused form: which form of the page, the message code and what was typed. A handler
/// puts it in the rendering context; the page shows it by that form and keeps the values.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormRefusal {
    pub form: String,
    pub error: String,
    pub values: std::collections::BTreeMap<String, String>,
    /// Refusals already put in the reader's language (imports and the unit forms).
    pub messages: Vec<String>,
}

/// Shows the page at `path` again, as a GET would, with `form` (what was typed and why it was
/// refused, in the page's own form state) in the rendering context, and answers `status`
/// (422 for a refused field, 409 for a conflict...). A page that could not render itself
/// keeps its own status (a 404 or a 500 is never turned into a refusal).
#[cfg(feature = "ssr")]
pub async fn show_again<T: Clone + Send + Sync + 'static>(
    state: &crate::state::AppState,
    path: &str,
    headers: axum::http::HeaderMap,
    form: T,
    status: axum::http::StatusCode,
) -> axum::response::Response {
    let uri = path.parse().unwrap_or_default();
    let mut r = crate::web::render::render_page(state, uri, headers, Some(form)).await;
    if r.status() == axum::http::StatusCode::OK {
        *r.status_mut() = status;
    }
    r
}
