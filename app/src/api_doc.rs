//! The OpenAPI document of the JSON API, served at `/api/v1/openapi.json`.

use utoipa::OpenApi;

/// Every documented path and schema of `/api/v1`.
#[derive(OpenApi)]
#[openapi(
    info(title = "Suara API", version = "1", description = "Public service satisfaction (SKM/IKM) for Jambi Province."),
    paths(crate::units::api::list, crate::survey::api::create, crate::survey::api::ikm),
    tags((name = "units", description = "Units and their services"), (name = "survey", description = "Survey responses and the index"))
)]
pub struct ApiDoc;
