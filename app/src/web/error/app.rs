//! The one error type of handlers: a status per variant, a stable code for clients, and
//! internal causes logged with an incident id, never shown.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;

/// A refused request as JSON clients read it: a stable code and the field concerned.
#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    #[schema(example = "score_out_of_range")]
    pub error: String,
    #[schema(example = "U3")]
    pub field: Option<String>,
}

/// An error a handler answers with.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Input refused: a stable code and the field it concerns.
    #[error("validation failed: {code} on {field}")]
    Validation { code: &'static str, field: String },
    #[error("not found")]
    NotFound,
    /// A code in the request names nothing: an unknown unit or service, or a tracking code
    /// with a typo (its check character does not match). 404 with the stable code and the
    /// field, so that a client can say which one.
    #[error("unknown: {code} on {field}")]
    Unknown { code: &'static str, field: String },
    /// A secret that does not open what it is sent for: a reply key that is wrong or
    /// mistyped (its check digit does not match). 403 with the stable code and the field.
    #[error("refused: {code} on {field}")]
    Refused { code: &'static str, field: String },
    /// No valid session (or a missing CSRF token) where one is needed.
    #[error("unauthorized")]
    Unauthorized,
    /// Signed in, but this account may not do this.
    #[error("forbidden")]
    Forbidden,
    /// The request does not fit the current state (a workflow step out of order).
    #[error("conflict: {0}")]
    Conflict(&'static str),
    #[error("rate limited")]
    RateLimited { retry_after_secs: u64 },
    /// The request body is larger than this endpoint accepts.
    #[error("payload too large")]
    TooLarge,
    /// The request cannot be read at all (malformed JSON or query string): a stable code.
    #[error("bad request: {0}")]
    BadRequest(&'static str),
    /// A JSON endpoint called without `Content-Type: application/json`.
    #[error("unsupported media type")]
    UnsupportedMediaType,
    /// The database cannot serve now (down, restarting, out of space, every connection busy
    /// past the wait): nothing was stored; 503 with `Retry-After`.
    #[error("database unavailable")]
    Unavailable,
    /// Anything else: logged with its whole chain of causes, answered with an incident id
    /// only.
    #[error("internal error: {0:#}")]
    Internal(#[source] anyhow::Error),
}

impl AppError {
    /// An internal failure while doing `what`; `cause` stays as the error's source, so the
    /// log shows the whole chain.
    pub fn internal(what: &'static str, cause: impl Into<anyhow::Error>) -> AppError {
        AppError::Internal(cause.into().context(what))
    }

    /// A code that names nothing: `code` on `field` (404).
    pub fn unknown(code: &'static str, field: &str) -> AppError {
        AppError::Unknown {
            code,
            field: field.into(),
        }
    }

    /// Input refused: `code` on `field` (422, the message shown next to that field).
    pub fn invalid(code: &'static str, field: &str) -> AppError {
        AppError::Validation {
            code,
            field: field.into(),
        }
    }
}

impl From<sea_orm::DbErr> for AppError {
    fn from(e: sea_orm::DbErr) -> Self {
        if unavailable(&e) {
            tracing::warn!(error = %e, "database unavailable; answered 503");
            return AppError::Unavailable;
        }
        AppError::internal("database", e)
    }
}

/// Seconds a client is asked to wait when the database is unavailable.
pub const RETRY_AFTER_SECS: u32 = 5;

/// Whether a database error means the database cannot serve now, rather than a fault of this
/// request: no connection within the wait, a connection lost, the server shutting down or
/// starting (PostgreSQL 57P01-57P03, class 08 but a protocol violation), a standby or a
/// failover's read-only database (25006), no room (SQLite's SQLITE_FULL and disk I/O errors,
/// PostgreSQL's 53100 disk_full and 53300 too_many_connections), SQLite still locked after
/// its busy wait. A protocol error (a driver's or a proxy's fault) stays a 500.
pub fn unavailable(e: &sea_orm::DbErr) -> bool {
    use sea_orm::sqlx::Error as Sqlx;
    use sea_orm::{DbErr, RuntimeErr};
    let sqlx = match e {
        DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => return true,
        DbErr::Exec(RuntimeErr::SqlxError(x)) | DbErr::Query(RuntimeErr::SqlxError(x)) => x,
        _ => return false,
    };
    match sqlx.as_ref() {
        Sqlx::Io(_)
        | Sqlx::PoolTimedOut
        | Sqlx::PoolClosed
        | Sqlx::WorkerCrashed
        | Sqlx::Tls(_) => true,
        Sqlx::Database(d) => d.code().is_some_and(|c| unavailable_code(&c)),
        _ => false,
    }
}

/// The error codes of [`unavailable`]: SQLite's (extended) result codes, PostgreSQL's SQLSTATE.
fn unavailable_code(code: &str) -> bool {
    // A SQLSTATE has five characters; SQLite's codes, extended ones included, stay under
    // 10,000.
    if code.len() < 5
        && let Ok(n) = code.parse::<u32>()
    {
        if n != 5 && matches!(n & 0xff, 10 | 13) {
            // Connections open now are not reused (see `db_health`).
            crate::db_health::disk_fault();
        }
        // SQLITE_BUSY (5) itself, SQLITE_FULL (13), SQLITE_CANTOPEN (14), and SQLITE_IOERR with
        // its extended codes (10 + 256 k) but those that mean corruption: SHORT_READ (522)
        // and CORRUPTFS (8458).
        return n == 5 || (matches!(n & 0xff, 10 | 13 | 14) && !matches!(n, 522 | 8458));
    }
    (code.starts_with("08") && code != "08P01")
        || matches!(
            code,
            "57P01" | "57P02" | "57P03" | "53100" | "53300" | "25006"
        )
}

/// Logs an internal cause and returns the incident id to show instead.
pub fn log_incident(cause: &str) -> String {
    let id = format!("{:08x}", rand::random::<u32>());
    tracing::error!(incident = %id, cause, "internal error");
    id
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        match self {
            AppError::Validation { code, field } => (
                StatusCode::UNPROCESSABLE_ENTITY,
                axum::Json(json!({"error": code, "field": field})),
            )
                .into_response(),
            AppError::NotFound => (
                StatusCode::NOT_FOUND,
                axum::Json(json!({"error": "not_found"})),
            )
                .into_response(),
            AppError::Unknown { code, field } => (
                StatusCode::NOT_FOUND,
                axum::Json(json!({"error": code, "field": field})),
            )
                .into_response(),
            AppError::Refused { code, field } => (
                StatusCode::FORBIDDEN,
                axum::Json(json!({"error": code, "field": field})),
            )
                .into_response(),
            AppError::Unauthorized => (
                StatusCode::UNAUTHORIZED,
                axum::Json(json!({"error": "unauthorized"})),
            )
                .into_response(),
            AppError::Forbidden => (
                StatusCode::FORBIDDEN,
                axum::Json(json!({"error": "forbidden"})),
            )
                .into_response(),
            AppError::Conflict(code) => {
                (StatusCode::CONFLICT, axum::Json(json!({"error": code}))).into_response()
            }
            AppError::RateLimited { retry_after_secs } => {
                let mut r = (
                    StatusCode::TOO_MANY_REQUESTS,
                    axum::Json(json!({"error": "rate_limited"})),
                )
                    .into_response();
                r.headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
                r
            }
            AppError::BadRequest(code) => {
                (StatusCode::BAD_REQUEST, axum::Json(json!({"error": code}))).into_response()
            }
            AppError::UnsupportedMediaType => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                axum::Json(json!({"error": "json_content_type_required"})),
            )
                .into_response(),
            AppError::Unavailable => {
                let mut r = (
                    StatusCode::SERVICE_UNAVAILABLE,
                    axum::Json(json!({"error": "unavailable"})),
                )
                    .into_response();
                r.headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECS));
                r
            }
            AppError::TooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                axum::Json(json!({"error": "too_large"})),
            )
                .into_response(),
            AppError::Internal(cause) => {
                let id = log_incident(&format!("{cause:#}"));
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    axum::Json(json!({"error": "internal", "incident": id})),
                )
                    .into_response()
            }
        }
    }
}

impl From<axum::extract::rejection::JsonRejection> for AppError {
    fn from(r: axum::extract::rejection::JsonRejection) -> Self {
        use axum::extract::rejection::JsonRejection as R;
        match r {
            R::MissingJsonContentType(_) => AppError::UnsupportedMediaType,
            R::JsonDataError(_) => AppError::Validation {
                code: "invalid_body",
                field: "body".into(),
            },
            R::BytesRejection(_) => AppError::TooLarge,
            _ => AppError::BadRequest("malformed_json"),
        }
    }
}

impl From<axum::extract::rejection::QueryRejection> for AppError {
    fn from(_: axum::extract::rejection::QueryRejection) -> Self {
        AppError::BadRequest("malformed_query")
    }
}

impl From<axum::extract::rejection::PathRejection> for AppError {
    fn from(_: axum::extract::rejection::PathRejection) -> Self {
        AppError::NotFound
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn an_internal_error_keeps_its_causes_for_the_log_and_shows_none() {
        let e = AppError::internal("writing a backup", std::io::Error::other("disk full"));
        let first = std::error::Error::source(&e).expect("the cause is kept");
        assert_eq!(first.to_string(), "writing a backup");
        let root = std::error::Error::source(first).expect("its own cause too");
        assert_eq!(root.to_string(), "disk full");
        assert_eq!(e.to_string(), "internal error: writing a backup: disk full");
        let from_db = AppError::from(sea_orm::DbErr::Custom("no such table: units".into()));
        assert!(
            from_db
                .to_string()
                .contains("database: Custom Error: no such table")
        );
        let r = from_db.into_response();
        assert_eq!(r.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let body = axum::body::to_bytes(r.into_body(), 1024)
            .await
            .expect("a small body");
        let body = String::from_utf8_lossy(&body);
        assert!(body.contains("\"incident\""), "{body}");
        assert!(
            !body.contains("units") && !body.contains("database"),
            "{body}"
        );
    }

    #[test]
    fn unavailable_codes_are_the_database_being_away_or_full_not_a_bad_request() {
        for code in [
            "5", "13", "10", "778", "1034", "14", "57P01", "57P03", "08006", "53100", "53300",
            "25006",
        ] {
            assert!(super::unavailable_code(code), "{code}");
        }
        // Constraint violations, syntax, a shared-cache lock (517), serialization, corruption
        // (522, 8458), a protocol violation.
        for code in [
            "19", "2067", "1", "517", "23505", "42601", "40001", "522", "8458", "08P01",
        ] {
            assert!(!super::unavailable_code(code), "{code}");
        }
    }
}
