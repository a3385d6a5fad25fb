//! Errors, in one place: [`AppError`] for handlers (its JSON body, [`ErrorBody`]), and
//! [`PageError`], the one error of server functions: what the page needs to answer well (sign in, a
//! refusal, a field to correct, or an incident number), serialisable so the browser gets the
//! same value the server rendered with. Causes never travel: they are logged on the server
//! with the incident number.

use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
mod app;
#[cfg(feature = "ssr")]
pub use app::{AppError, ErrorBody, RETRY_AFTER_SECS, log_incident, unavailable};

/// Why a server function could not give its page the data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum PageError {
    /// No session: the page sends the browser to sign in.
    #[error("unauthorized")]
    Unauthorized,
    /// Signed in, but this account may not open this.
    #[error("forbidden")]
    Forbidden,
    /// Nothing of that name (or nothing this account may see, which answers the same).
    #[error("not found")]
    NotFound,
    /// The request's own input is refused: the field and the message key `error.<code>`.
    #[error("invalid {field}: {code}")]
    Invalid { field: String, code: String },
    /// The database cannot serve now (down, restarting, out of space): nothing was stored,
    /// try again in a moment.
    #[error("unavailable")]
    Unavailable,
    /// Anything else; the cause is in the server's log under this number.
    #[error("internal error, incident {incident}")]
    Internal { incident: String },
}

impl PageError {
    /// The HTTP status a page showing this error answers with.
    pub fn status(&self) -> u16 {
        match self {
            PageError::Unauthorized => 401,
            PageError::Forbidden => 403,
            PageError::NotFound => 404,
            PageError::Invalid { .. } => 422,
            PageError::Unavailable => 503,
            PageError::Internal { .. } => 500,
        }
    }

    /// The refused field and its message key, for an `Invalid` error.
    pub fn field(&self) -> Option<(&str, &str)> {
        match self {
            PageError::Invalid { field, code } => Some((field, code)),
            _ => None,
        }
    }
}

impl leptos::server_fn::error::FromServerFnError for PageError {
    type Encoder = leptos::server_fn::codec::JsonEncoding;

    fn from_server_fn_error(e: leptos::server_fn::error::ServerFnErrorErr) -> Self {
        internal(&e.to_string())
    }
}

impl From<leptos::server_fn::error::ServerFnErrorErr> for PageError {
    fn from(e: leptos::server_fn::error::ServerFnErrorErr) -> Self {
        internal(&e.to_string())
    }
}

impl From<leptos::prelude::ServerFnError> for PageError {
    fn from(e: leptos::prelude::ServerFnError) -> Self {
        internal(&e.to_string())
    }
}

/// An internal error: logged with its cause (on the server), shown by number only.
pub fn internal(cause: &str) -> PageError {
    #[cfg(feature = "ssr")]
    let incident = crate::web::error::log_incident(cause);
    #[cfg(not(feature = "ssr"))]
    let incident = {
        let _ = cause;
        String::new()
    };
    PageError::Internal { incident }
}

#[cfg(feature = "ssr")]
impl From<crate::web::error::AppError> for PageError {
    /// The page-side view of a handler error; the response status is set to match, so a
    /// page rendered with it answers 401, 403, 404, 422 or 500 like the API would.
    fn from(e: crate::web::error::AppError) -> Self {
        use crate::web::error::AppError;
        let p = match e {
            AppError::Unauthorized => PageError::Unauthorized,
            AppError::Forbidden => PageError::Forbidden,
            AppError::NotFound => PageError::NotFound,
            // On a page, a code that names nothing is said by its field, as bad input is.
            AppError::Validation { code, field }
            | AppError::Refused { code, field }
            | AppError::Unknown { code, field } => PageError::Invalid {
                field,
                code: code.into(),
            },
            AppError::Unavailable => PageError::Unavailable,
            AppError::BadRequest(code) | AppError::Conflict(code) => PageError::Invalid {
                field: String::new(),
                code: code.into(),
            },
            other => internal(&other.to_string()),
        };
        p.set_status();
        p
    }
}

#[cfg(feature = "ssr")]
impl From<sea_orm::DbErr> for PageError {
    fn from(e: sea_orm::DbErr) -> Self {
        crate::web::error::AppError::from(e).into()
    }
}

impl PageError {
    /// Sets the status of the response being rendered (on the server; nothing in the browser).
    /// A redirect already decided (to the sign-in page) stays: a browser follows `Location`
    /// only on a 3xx, so a later refusal of another part of the page (the console frame)
    /// must not turn it into a 401 page.
    pub fn set_status(&self) {
        #[cfg(feature = "ssr")]
        if let Some(r) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            let redirecting =
                r.0.read()
                    .ok()
                    .and_then(|p| p.status)
                    .is_some_and(|s| s.is_redirection());
            if redirecting {
                return;
            }
            r.set_status(
                axum::http::StatusCode::from_u16(self.status())
                    .unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR),
            );
            if *self == PageError::Unavailable {
                r.insert_header(
                    axum::http::header::RETRY_AFTER,
                    axum::http::HeaderValue::from(crate::web::error::RETRY_AFTER_SECS),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use leptos::server_fn::error::FromServerFnError;

    #[test]
    fn a_page_error_travels_to_the_browser_unchanged() {
        for e in [
            PageError::Unauthorized,
            PageError::Forbidden,
            PageError::NotFound,
            PageError::Invalid {
                field: "from".into(),
                code: "invalid_range".into(),
            },
            PageError::Internal {
                incident: "0a1b2c3d".into(),
            },
        ] {
            assert_eq!(PageError::de(e.ser()), e);
        }
    }
}
