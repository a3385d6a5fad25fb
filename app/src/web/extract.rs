//! Extractors of the JSON API whose refusals are the API's own JSON errors (`{"error":
//! "malformed_json"}` with 400, 415 without a JSON content type, ...), never the framework's
//! plain-text messages, so every answer matches the OpenAPI document.

use crate::web::error::AppError;
use axum::extract::{FromRequest, FromRequestParts};

/// A JSON body; refused with [`AppError`].
#[derive(FromRequest)]
#[from_request(via(axum::Json), rejection(AppError))]
pub struct ApiJson<T>(pub T);

/// A query string; refused with 400 `malformed_query`.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(AppError))]
pub struct ApiQuery<T>(pub T);

/// Path parameters; a value of the wrong type is a resource that does not exist (404).
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(AppError))]
pub struct ApiPath<T>(pub T);
