//! Rendering a page outside the router: a form POST that comes back with the page again
//! (its typed values and errors in context), and the plain page of an internal error.

use crate::i18n::Lang;
use crate::state::AppState;
use crate::web::error::log_incident;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use leptos::prelude::provide_context;

tokio::task_local! {
    /// The extensions of the request being handled (what middleware attached to it), for a
    /// page rendered again by its handler.
    static REQUEST_EXTENSIONS: axum::http::Extensions;
}

/// Middleware: keeps the request's extensions within reach of [`render_page`] while the
/// handler runs, so a page shown again after a form POST has what the first one had.
pub async fn keep_extensions(req: Request<Body>, next: axum::middleware::Next) -> Response {
    let extensions = req.extensions().clone();
    REQUEST_EXTENSIONS.scope(extensions, next.run(req)).await
}

/// Whether the client is a browser that asked for a page (a form post, a navigation) rather
/// than a script that reads JSON.
pub fn wants_html(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("text/html"))
}

/// Renders the page at `uri` as a GET would, with `form` (the submitted state) in context.
pub async fn render_page<T: Clone + Send + Sync + 'static>(
    state: &AppState,
    uri: Uri,
    headers: HeaderMap,
    form: Option<T>,
) -> Response {
    let st = state.clone();
    let options = state.leptos_options.clone();
    let render = leptos_axum::render_app_async_with_context(
        move || {
            provide_context(st.clone());
            if let Some(f) = form.clone() {
                provide_context(f);
            }
        },
        move || crate::shell(options.clone()),
    );
    let mut req = Request::builder()
        .method(Method::GET)
        .uri(uri)
        .body(Body::empty())
        .unwrap_or_default();
    *req.headers_mut() = headers;
    if let Ok(extensions) = REQUEST_EXTENSIONS.try_with(Clone::clone) {
        *req.extensions_mut() = extensions;
    }
    req.headers_mut().remove(header::CONTENT_TYPE);
    req.headers_mut().remove(header::CONTENT_LENGTH);
    render(req).await
}

/// A plain error page for a failure while storing: the cause is logged, never shown.
pub fn internal_page(lang: Lang, cause: &str) -> Response {
    let id = log_incident(cause);
    let msg = crate::tr!(lang, "error.internal", id = id);
    let body = format!(
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" \
         content=\"width=device-width, initial-scale=1\"><link rel=\"stylesheet\" href=\"/style.css\"></head>\
         <body><main class=\"page\"><p class=\"notice error\">{msg}</p><p><a href=\"/\">Suara</a></p></main></body></html>",
        lang.code()
    );
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        axum::response::Html(body),
    )
        .into_response()
}
