//! The router: pages, JSON API, posters, static files, and the layers every response gets.

use app::state::AppState;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::extract::{Path, Query};
use axum::http::{HeaderName, HeaderValue, Request, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use leptos_axum::{LeptosRoutes, generate_route_list};
use serde::Deserialize;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{
    MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;
use utoipa::OpenApi;

/// Largest CSV accepted by the survey import (about 600,000 rows).
const IMPORT_BODY_BYTES: usize = app::analytics::api::IMPORT_BODY_BYTES;

/// Builds the whole router over the state.
pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(app::App);
    let limited = axum::middleware::from_fn_with_state(state.clone(), app::ratelimit::limit_survey);
    let complaint_limited =
        axum::middleware::from_fn_with_state(state.clone(), app::ratelimit::limit_complaint);
    let big_body = DefaultBodyLimit::max(app::complaints::api::MAX_BODY_BYTES);
    let api = Router::new()
        .route("/units", get(app::units::api::list))
        .route(
            "/surveys",
            post(app::survey::api::create).route_layer(limited.clone()),
        )
        .route("/ikm", get(app::survey::api::ikm))
        .route("/trends", get(app::analytics::api::trends))
        .route(
            "/import/surveys",
            post(app::analytics::api::import_surveys)
                .layer(DefaultBodyLimit::max(IMPORT_BODY_BYTES)),
        )
        .route(
            "/training",
            get(app::training::api::list_training).post(app::training::api::create_training),
        )
        .route("/training/{id}/impact", get(app::training::api::impact))
        .route(
            "/training/rollouts",
            get(app::training::rollout::api::list).post(app::training::rollout::api::create),
        )
        .route(
            "/training/rollouts/preview",
            post(app::training::rollout::api::preview),
        )
        .route(
            "/training/rollouts/{id}",
            get(app::training::rollout::api::show),
        )
        .route(
            "/training/rollouts/{id}/impact",
            get(app::training::rollout::api::impact),
        )
        .route(
            "/stats/complaints",
            get(app::analytics::stats::complaint_stats),
        )
        .route(
            "/complaints",
            post(app::complaints::api::create)
                .route_layer(complaint_limited.clone())
                .layer(big_body),
        )
        .route("/complaints/{code}", get(app::complaints::api::show))
        .route(
            "/complaints/{code}/messages",
            post(app::complaints::api::reporter::message).layer(big_body),
        )
        .route(
            "/complaints/{code}/reopen",
            post(app::complaints::api::reporter::reopen),
        )
        .route(
            "/kiosks",
            post(app::survey::kiosk::api::register).get(app::survey::kiosk::api::list),
        )
        .route("/kiosks/{id}/revoke", post(app::survey::kiosk::api::revoke))
        .route(
            "/complaints/{code}/feedback",
            post(app::complaints::api::reporter::feedback),
        )
        .route(
            "/complaints/{code}/erase-identity",
            post(app::complaints::api::reporter::erase_identity),
        )
        .route("/auth/login", post(app::accounts::api::login))
        .route("/auth/logout", post(app::accounts::api::logout))
        .route("/auth/me", get(app::accounts::api::me))
        .route("/auth/password", post(app::accounts::api::password))
        .route("/triage/complaints", get(app::triage::api::queue))
        .route("/triage/complaints/{code}", get(app::triage::api::case))
        .route(
            "/triage/complaints/{code}/transitions",
            post(app::triage::api::transitions),
        )
        .route(
            "/triage/complaints/{code}/questions",
            post(app::triage::api::ask),
        )
        .route(
            "/triage/complaints/{code}/reveal",
            post(app::triage::api::reveal),
        )
        .route(
            "/triage/complaints/{code}/files/{id}",
            get(app::triage::api::file),
        )
        .route("/triage/audit", get(app::triage::api::audit_check))
        .route("/openapi.json", get(openapi))
        // An unknown API path is a JSON 404 like every other API refusal, not a page.
        .fallback(|| async { app::web::error::AppError::NotFound });
    let request_id = HeaderName::from_static("x-request-id");
    Router::new()
        .route("/s/{code}", post(app::survey::api::submit_form).route_layer(limited))
        .route(
            "/lapor",
            post(app::complaints::api::submit_form)
                .route_layer(complaint_limited.clone())
                .layer(big_body),
        )
        .route("/staf", get(app::accounts::api::landing))
        .route("/staf/masuk", post(app::accounts::api::login_form))
        .route("/staf/keluar", post(app::accounts::api::logout_form))
        .route("/staf/sandi", post(app::accounts::api::password_form))
        .route(
            "/staf/lupa",
            post(app::accounts::api::forgot_form).route_layer(complaint_limited.clone()),
        )
        .route("/staf/reset", post(app::accounts::api::reset_form))
        .route("/staf/admin/pengguna", post(app::admin::api::add_user))
        .route("/staf/admin/aktif", post(app::admin::api::set_active))
        .route("/staf/admin/libur", post(app::admin::api::add_holiday))
        .route("/staf/admin/libur/hapus", post(app::admin::api::remove_holiday))
        .route("/staf/admin/unit-csv", post(app::admin::api::import_units))
        .route("/staf/admin/unit", post(app::admin::api::save_unit))
        .route(
            "/staf/admin/survei-csv",
            post(app::admin::api::import_surveys).layer(DefaultBodyLimit::max(IMPORT_BODY_BYTES)),
        )
        .route("/staf/pelatihan", post(app::training::api::training_form))
        .route(
            "/staf/pelatihan/acak",
            post(app::training::rollout::api::rollout_form),
        )
        .route("/staf/ekspor/survei.csv", get(app::analytics::export::surveys))
        .route("/staf/ekspor/pengaduan.csv", get(app::analytics::export::complaints))
        .route("/staf/admin/layanan", post(app::admin::api::save_service))
        .route(
            "/staf/admin/layanan/aktif",
            post(app::admin::api::set_service_active),
        )
        .route("/staf/kasus/{code}/aksi", post(app::triage::forms::action_form))
        .route("/staf/kasus/{code}/ungkap", post(app::triage::forms::reveal_form))
        .route("/staf/kasus/{code}/tanya", post(app::triage::forms::question_form))
        .route("/kios/daftar/{token}", post(app::survey::kiosk::api::enrol))
        .route("/staf/kios", post(app::survey::kiosk::api::register_form))
        .route(
            "/staf/kios/{id}/cabut",
            post(app::survey::kiosk::api::revoke_form),
        )
        .route("/kios", post(app::survey::kiosk::api::submit))
        .route(
            "/lacak/{code}/selesai",
            post(app::complaints::api::reporter::feedback_form),
        )
        .route(
            "/lacak/{code}/hapus-identitas",
            post(app::complaints::api::reporter::erase_identity_form),
        )
        .route(
            "/lacak/{code}/balas",
            post(app::complaints::api::reporter::reply_form).layer(big_body),
        )
        .route(
            "/open311/v2/{file}",
            get(app::open311::get_root).post(app::open311::post_request).route_layer(complaint_limited),
        )
        .route("/open311/v2/services/{file}", get(app::open311::service_definition))
        .route("/open311/v2/requests/{file}", get(app::open311::get_request))
        .route("/poster/{file}", get(app::poster::poster))
        .route("/lang/{code}", get(switch_lang))
        .route("/favicon.svg", get(favicon))
        .route("/healthz", get(|| async { "ok" }))
        .route("/metrics", get(app::metrics::scrape))
        .nest("/api/v1", api)
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
