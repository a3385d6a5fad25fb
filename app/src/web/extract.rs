//! Extractors of the JSON API whose refusals are the API's own JSON errors (`{"error":
//! "malformed_json"}` with 400, 415 without a JSON content type, ...), never the framework's
//! plain-text messages, so every answer matches the OpenAPI document.

use crate::web::error::AppError;
use axum::extract::{FromRequest, FromRequestParts};

/// A JSON body; refused with [`AppError`]. A number with nothing after the point (`4.0`)
/// is the integer it equals, as JSON Schema reads it and the document promises.
pub struct ApiJson<T>(pub T);

impl<T, S> FromRequest<S> for ApiJson<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, AppError> {
        let axum::Json(v) = axum::Json::<serde_json::Value>::from_request(req, state).await?;
        T::deserialize(whole_numbers(v))
            .map(ApiJson)
            .map_err(|_| AppError::Validation {
                code: "invalid_body",
                field: "body".into(),
            })
    }
}

/// `v` with every number that has no fraction (`4.0`, `-6093.0`) written as an integer.
pub fn whole_numbers(v: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match v {
        Value::Number(n) if !n.is_i64() && !n.is_u64() => match n.as_f64() {
            // Within ±2^53 a float holds its integer exactly.
            Some(f) if f.fract() == 0.0 && f.abs() <= 9_007_199_254_740_992.0 =>
            {
                #[allow(clippy::cast_possible_truncation)]
                Value::from(f as i64)
            }
            _ => Value::Number(n),
        },
        Value::Array(a) => Value::Array(a.into_iter().map(whole_numbers).collect()),
        Value::Object(o) => {
            Value::Object(o.into_iter().map(|(k, v)| (k, whole_numbers(v))).collect())
        }
        other => other,
    }
}

/// A query string; refused with 400 `malformed_query`.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(AppError))]
pub struct ApiQuery<T>(pub T);

/// Path parameters; a value of the wrong type is a resource that does not exist (404).
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(AppError))]
pub struct ApiPath<T>(pub T);
