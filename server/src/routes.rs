//! The router: every capability's routes merged, the pages, posters, static files, and the
//! layers every response gets. Routes belong to their capability (`app::<capability>::routes`);
//! only the server's own few are here.

use app::state::AppState;
use axum::Router;
use axum::extract::{Path, Query};
use axum::http::{HeaderName, HeaderValue, Request, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{any, get};
use leptos_axum::{AxumRouteListing, LeptosRoutes, generate_route_list};
use serde::Deserialize;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{
    MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;
use utoipa::OpenApi;

/// The app's page routes, listed once per process. Listing them renders the whole app with
/// leptos's process-wide switch `IS_SUPPRESSING_RESOURCE_LOAD` on (leptos_server's
/// `SuppressResourceLoad`, held by leptos_router's `RouteList::generate`): a page whose
/// `Resource` is created meanwhile, on any thread of any runtime, awaits a future that never
/// completes, and an `SsrMode::Async` page then sends nothing at all (leptos#4773). Listed
/// once, before the first server of the process serves, the switch is never on while a page
/// renders: a second server built in the same process (tests, `restart_with`) used to stall
/// the first one's pages.
pub fn route_list() -> Vec<AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(app::App)).clone()
}

/// Builds the whole router over the state: each capability's routes, the pages, a few of
/// the server's own, and the layers every response gets.
pub fn router(state: AppState) -> Router {
    let routes = route_list();
    let capabilities = Router::new()
        .merge(app::survey::routes(&state))
        .merge(app::complaints::routes(&state))
        .merge(app::triage::routes())
        .merge(app::analytics::routes())
        .merge(app::training::routes())
        .merge(app::followups::routes())
        .merge(app::accounts::routes(&state))
        .merge(app::units::routes())
        .merge(app::admin::routes())
        .merge(app::open311::routes(&state));
    let request_id = HeaderName::from_static("x-request-id");
    capabilities
        .route("/poster/{file}", get(app::poster::poster))
        .route("/lang/{code}", get(switch_lang))
        .route("/favicon.svg", get(favicon))
        .route("/healthz", get(|| async { "ok" }))
        .route("/metrics", get(app::metrics::scrape))
        .route("/api/v1/openapi.json", get(openapi))
        // An unknown API path is a JSON 404 like every other API refusal, not a page.
        .route("/api/v1", any(api_not_found))
        .route("/api/v1/{*rest}", any(api_not_found))
        .leptos_routes_with_context(&state, routes, || {}, {
            let options = state.leptos_options.clone();
            move || app::shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(app::shell))
        .with_state(state.clone())
        // Every request counted and timed by its route's pattern.
        .layer(axum::middleware::from_fn_with_state(state.clone(), app::metrics::track))
        // Inner: a handler that renders its page again finds what the outer one attached.
        .layer(axum::middleware::from_fn(app::web::render::keep_extensions))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            app::accounts::api::attach_console_frame,
        ))
        .layer(CompressionLayer::new())
        .layer(security_header(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(security_header(header::X_FRAME_OPTIONS, "DENY"))
        .layer(security_header(header::REFERRER_POLICY, "same-origin"))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            app::ratelimit::limit_lookups,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            app::web::security::headers,
        ))
        .layer(security_header(HeaderName::from_static("permissions-policy"), "camera=(), microphone=(), geolocation=()"))
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(TraceLayer::new_for_http().make_span_with(|req: &Request<_>| {
            let id = req.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("-");
            tracing::info_span!("request", method = %req.method(), path = %app::web::log_path::path_for_log(req.uri().path()), request_id = %id)
        }))
        .layer(SetRequestIdLayer::new(request_id, RandomId))
}

fn security_header(name: HeaderName, value: &'static str) -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
}

/// Request ids: 16 random hex digits.
#[derive(Clone, Copy)]
struct RandomId;

impl MakeRequestId for RandomId {
    fn make_request_id<B>(&mut self, _: &Request<B>) -> Option<RequestId> {
        HeaderValue::from_str(&format!("{:016x}", rand::random::<u64>()))
            .ok()
            .map(RequestId::new)
    }
}

async fn api_not_found() -> app::web::error::AppError {
    app::web::error::AppError::NotFound
}

async fn openapi() -> impl IntoResponse {
    axum::Json(app::api_doc::ApiDoc::openapi())
}

async fn favicon() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 32 32\"><rect width=\"32\" height=\"32\" rx=\"6\" fill=\"#0b5d3b\"/><text x=\"16\" y=\"23\" font-size=\"20\" text-anchor=\"middle\" fill=\"#fff\" font-family=\"sans-serif\">S</text></svg>",
    )
}

#[derive(Deserialize)]
struct Next {
    next: Option<String>,
}

/// `GET /lang/{id|en}?next=/path`: remembers the language in a cookie and goes back.
async fn switch_lang(
    axum::extract::State(state): axum::extract::State<AppState>,
    Path(code): Path<String>,
    Query(q): Query<Next>,
) -> Response {
    let Some(lang) = app::i18n::Lang::from_code(&code) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    // Only paths of this site, so the switch cannot be used to send people elsewhere.
    let next = q
        .next
        .as_deref()
        .and_then(app::web::redirect::same_site_path)
        .unwrap_or("/");
    let secure = if state.settings.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    let cookie = format!(
        "{}={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly{secure}",
        app::i18n::LANG_COOKIE,
        lang.code()
    );
    let mut r = Redirect::to(next).into_response();
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        r.headers_mut().insert(header::SET_COOKIE, v);
    }
    r
}
