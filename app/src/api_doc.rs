//! The OpenAPI document of the JSON API, served at `/api/v1/openapi.json`.

use utoipa::OpenApi;

/// Every documented path and schema of `/api/v1`.
#[derive(OpenApi)]
#[openapi(
    info(title = "Suara API", version = "1", description = "Public service satisfaction (SKM/IKM) and conduct complaints for Jambi Province."),
    paths(crate::units::api::list, crate::survey::api::create, crate::survey::api::ikm,
        crate::complaints::api::create, crate::complaints::api::show,
        crate::accounts::api::login, crate::accounts::api::logout, crate::accounts::api::me, crate::accounts::api::password,
        crate::triage::api::queue, crate::triage::api::case, crate::triage::api::transitions,
        crate::triage::api::reveal, crate::triage::api::audit_check, crate::triage::api::file,
        crate::analytics::api::import_surveys, crate::analytics::api::trends, crate::analytics::api::create_training,
        crate::analytics::api::list_training, crate::analytics::api::impact, crate::analytics::stats::complaint_stats),
    tags((name = "units", description = "Units and their services"), (name = "survey", description = "Survey responses and the index"),
        (name = "complaints", description = "Conduct complaints: filing and public status (Open311 GeoReport v2 is at /open311/v2/)"),
        (name = "accounts", description = "Staff sign-in: an HttpOnly session cookie and a CSRF token for state-changing requests"),
        (name = "triage", description = "The inspectors' queue, cases, workflow transitions and audit chain"),
        (name = "analytics", description = "Survey import, satisfaction trends, complaint statistics, training programs and their impact (difference-in-differences with HC1 errors)"))
)]
pub struct ApiDoc;
