//! Answers in the format the path asks for (`.json` or `.xml`), errors included.

use super::shapes::*;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde::Serialize;

/// Response format, from the path's extension.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Format {
    Json,
    Xml,
}

pub(super) fn split(file: &str) -> Option<(&str, Format)> {
    let (name, ext) = file.rsplit_once('.')?;
    match ext {
        "json" => Some((name, Format::Json)),
        "xml" => Some((name, Format::Xml)),
        _ => None,
    }
}

/// Renders a value as JSON, or as XML under `root`.
pub(super) fn respond<J: Serialize, X: Serialize>(
    fmt: Format,
    status: StatusCode,
    json: &J,
    root: &str,
    xml: &X,
) -> Response {
    match fmt {
        Format::Json => (status, axum::Json(json)).into_response(),
        Format::Xml => match quick_xml::se::to_string_with_root(root, xml) {
            Ok(body) => (
                status,
                [(header::CONTENT_TYPE, "text/xml; charset=utf-8")],
                format!("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n{body}"),
            )
                .into_response(),
            Err(e) => {
                let id = crate::web::error::log_incident(&format!("open311 xml: {e}"));
                (StatusCode::INTERNAL_SERVER_ERROR, format!("incident {id}")).into_response()
            }
        },
    }
}

/// An error as the spec shapes it: `[{"code", "description"}]` or `<errors>`.
pub(super) fn error(fmt: Format, status: StatusCode, description: impl Into<String>) -> Response {
    let e = vec![ErrorOut {
        code: status.as_u16(),
        description: description.into(),
    }];
    respond(fmt, status, &e, "errors", &ErrorsXml { error: e.clone() })
}

pub(super) fn not_found() -> Response {
    error(Format::Json, StatusCode::NOT_FOUND, "not found")
}

/// The WIB day of a time, as ISO 8601 at midnight WIB: Open311 publishes days, never the
/// minute a report was filed or changed (which would help single out who reported).
pub(super) fn iso_day(at: DateTime<Utc>) -> String {
    format!(
        "{}T00:00:00+07:00",
        crate::clock::wib_day(at).format("%Y-%m-%d")
    )
}
