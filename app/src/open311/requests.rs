//! Reports: the public list, one report by its public id, and filing a new one.

use super::format::*;
use super::shapes::*;
use crate::complaints::domain::{Category, ComplaintError, RawComplaint, Status};
use crate::complaints::filing::{FileError, Filing, file as file_complaint};
use crate::complaints::repo::{PublicFilter, list_public};
use crate::i18n::Lang;
use crate::ratelimit::client_ip;
use crate::state::AppState;
use crate::tr;
use axum::extract::{ConnectInfo, Form, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::net::SocketAddr;

/// The agency Open311 names as responsible for every report: the Inspectorate, which
/// handles conduct complaints. The unit reported is never published per report: listed with
/// their days, reports would give each unit's exact count, which `/statistik` withholds
/// under five (and a reporter in a small unit would be that much easier to single out).
pub const HANDLING_AGENCY: &str = "Inspektorat Provinsi Jambi";

/// One report as Open311 shows it: its public id (never the tracking code), the status
/// label, the category, the days only, and the day its current step is due; the agency is
/// [`HANDLING_AGENCY`], never the unit reported. Replies meant for the reporter stay on the
/// status page of the tracking code.
fn request_out(c: &crate::entities::complaint::Model) -> RequestOut {
    let status = Status::from_code(&c.status).unwrap_or(Status::Received);
    let cat = Category::from_code(&c.category).unwrap_or(Category::Lainnya);
    RequestOut {
        service_request_id: c.public_id.clone().unwrap_or_default(),
        status: if status.is_finished() {
            "closed"
        } else {
            "open"
        }
        .into(),
        status_notes: Some(tr!(Lang::Id, &format!("status.{}", status.code()))),
        service_name: tr!(Lang::Id, &format!("category.{}", cat.code())),
        service_code: cat.code().into(),
        description: None,
        agency_responsible: HANDLING_AGENCY.into(),
        service_notice: None,
        requested_datetime: iso_day(c.created_at),
        updated_datetime: iso_day(c.updated_at),
        // The day the current step is due, the same date the status page names.
        expected_datetime: (!status.is_finished())
            .then_some(c.due_date)
            .flatten()
            .map(|d| format!("{}T23:59:59+07:00", d.format("%Y-%m-%d"))),
        address: None,
        media_url: None,
    }
}

fn parse_date(v: Option<&String>, field: &str) -> Result<Option<DateTime<Utc>>, String> {
    v.filter(|s| !s.is_empty())
        .map(|s| {
            DateTime::parse_from_rfc3339(s)
                .map(|d| d.with_timezone(&Utc))
                .map_err(|_| {
                    format!(
                        "{field} must be ISO 8601 with a time zone, e.g. 2026-11-01T00:00:00+07:00"
                    )
                })
        })
        .transpose()
}

pub(super) async fn requests(
    state: &AppState,
    fmt: Format,
    q: &HashMap<String, String>,
) -> Response {
    let list = |k: &str| -> Vec<String> {
        q.get(k)
            .map(|v| {
                v.split(',')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut f = PublicFilter {
        public_ids: list("service_request_id"),
        limit: 1000,
        ..Default::default()
    };
    if f.public_ids.is_empty() {
        f.categories = list("service_code");
        if let Some(bad) = f
            .categories
            .iter()
            .find(|c| Category::from_code(c).is_none())
        {
            return error(
                fmt,
                StatusCode::BAD_REQUEST,
                format!("unknown service_code {bad}"),
            );
        }
        let (from, to) = match (
            parse_date(q.get("start_date"), "start_date"),
            parse_date(q.get("end_date"), "end_date"),
        ) {
            (Ok(a), Ok(b)) => (a, b),
            (Err(e), _) | (_, Err(e)) => return error(fmt, StatusCode::BAD_REQUEST, e),
        };
        let span = chrono::Duration::days(90);
        let (from, to) = match (from, to) {
            (Some(a), Some(b)) if b - a > span => {
                return error(
                    fmt,
                    StatusCode::BAD_REQUEST,
                    "start_date and end_date may not span more than 90 days",
                );
            }
            (Some(a), Some(b)) => (a, b),
            (Some(a), None) => (a, a + span),
            (None, Some(b)) => (b - span, b),
            (None, None) => (crate::clock::now() - span, crate::clock::now()),
        };
        f.from = Some(from);
        f.to = Some(to);
        for s in list("status") {
            let codes: Vec<&str> = match s.as_str() {
                "open" => Status::ALL
                    .iter()
                    .filter(|s| !s.is_finished())
                    .map(|s| s.code())
                    .collect(),
                "closed" => Status::ALL
                    .iter()
                    .filter(|s| s.is_finished())
                    .map(|s| s.code())
                    .collect(),
                other => {
                    return error(
                        fmt,
                        StatusCode::BAD_REQUEST,
                        format!("unknown status {other}; use open or closed"),
                    );
                }
            };
            f.statuses.extend(codes.into_iter().map(str::to_string));
        }
    }
    match list_public(&state.db, &f).await {
        Ok(rows) => request_list(fmt, rows),
        Err(e) => {
            let id = crate::web::error::log_incident(&format!("open311 requests: {e}"));
            error(
                fmt,
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("incident {id}"),
            )
        }
    }
}

/// Reports as the Open311 list of service requests, in JSON or XML.
fn request_list(
    fmt: Format,
    rows: Vec<(crate::entities::complaint::Model, String, String)>,
) -> Response {
    let out: Vec<RequestOut> = rows.into_iter().map(|(c, _, _)| request_out(&c)).collect();
    respond(
        fmt,
        StatusCode::OK,
        &out,
        "service_requests",
        &RequestsXml {
            request: out.clone(),
        },
    )
}

/// `GET /open311/v2/requests/{id}.{json|xml}`: one report by its public id, as a
/// one-element list.
pub async fn get_request(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let Some((id, fmt)) = split(&file) else {
        return not_found();
    };
    let unknown = || error(fmt, StatusCode::NOT_FOUND, "unknown service_request_id");
    if id.len() != 16 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return unknown();
    }
    let f = PublicFilter {
        public_ids: vec![id.to_ascii_lowercase()],
        limit: 1,
        ..Default::default()
    };
    match list_public(&state.db, &f).await {
        Ok(rows) if rows.is_empty() => unknown(),
        Ok(rows) => request_list(fmt, rows),
        Err(e) => {
            let id = crate::web::error::log_incident(&format!("open311 request: {e}"));
            error(
                fmt,
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("incident {id}"),
            )
        }
    }
}

/// `POST /open311/v2/requests.{json|xml}` (form-encoded, with `api_key`).
pub async fn post_request(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(file): Path<String>,
    headers: HeaderMap,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let Some(("requests", fmt)) = split(&file) else {
        return not_found();
    };
    let get = |k: &str| {
        form.iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    };
    match get("api_key") {
        Some(k) if state.settings.open311_keys.iter().any(|ok| ok.matches(k)) => {}
        _ => return error(fmt, StatusCode::FORBIDDEN, "api_key missing or not valid"),
    }
    let Some(service_code) = get("service_code") else {
        return error(fmt, StatusCode::BAD_REQUEST, "service_code is required");
    };
    if Category::from_code(service_code).is_none() {
        return error(fmt, StatusCode::NOT_FOUND, "unknown service_code");
    }
    let name = [get("first_name"), get("last_name")]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let has_identity = !name.is_empty() || get("email").is_some() || get("phone").is_some();
    let mode =
        get("attribute[reporter_mode]").unwrap_or(if has_identity { "rahasia" } else { "anonim" });
    let place = match (get("address_string"), get("lat"), get("long")) {
        (Some(a), Some(la), Some(lo)) => Some(format!("{a} ({la}, {lo})")),
        (Some(a), _, _) => Some(a.to_string()),
        (None, Some(la), Some(lo)) => Some(format!("{la}, {lo}")),
        _ => None,
    };
    let mut pairs: Vec<(&str, String)> = vec![
        ("category", service_code.to_string()),
        ("mode", mode.to_string()),
    ];
    for (to, from) in [
        ("unit_code", "attribute[unit]"),
        ("incident_date", "attribute[incident_date]"),
        ("what", "description"),
        ("reporter.email", "email"),
        ("reporter.phone", "phone"),
    ] {
        if let Some(v) = get(from) {
            pairs.push((to, v.to_string()));
        }
    }
    if let Some(p) = place {
        pairs.push(("where", p));
    }
    if !name.is_empty() {
        pairs.push(("reporter.name", name));
    }
    let raw = RawComplaint::from_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())));
    let today = crate::clock::today();
    let complaint = match raw.parse(Some(today)) {
        Ok(c) => c,
        Err(errs) => return error(fmt, StatusCode::BAD_REQUEST, describe(&errs[0])),
    };
    let ip = client_ip(&state.settings, &headers, Some(peer));
    let filing = Filing {
        complaint,
        evidence: Vec::new(),
        lang: Lang::Id,
        source: "open311",
        client_ip: Some(ip),
    };
    match file_complaint(&state, filing).await {
        Ok(filed) => {
            // The poster is the reporter's app: it gets the tracking code and the reply key
            // in the notice, to hand to the reporter; the id it can share is the public one.
            let code = filed.code;
            let public_id = match crate::complaints::repo::find(&state.db, &code).await {
                Ok(Some(c)) => c.public_id.unwrap_or_default(),
                Ok(None) | Err(_) => {
                    let id = crate::web::error::log_incident("open311: filed report not read back");
                    return error(
                        fmt,
                        StatusCode::INTERNAL_SERVER_ERROR,
                        format!("incident {id}"),
                    );
                }
            };
            let out = vec![PostedOut {
                service_request_id: public_id,
                service_notice: tr!(
                    Lang::Id,
                    "open311.notice",
                    code = code.grouped(),
                    key = filed.key.grouped()
                ),
                account_id: None,
            }];
            respond(
                fmt,
                StatusCode::CREATED,
                &out,
                "service_requests",
                &PostedXml {
                    request: out.clone(),
                },
            )
        }
        Err(FileError::Field(e)) => error(fmt, StatusCode::BAD_REQUEST, describe(&e)),
        Err(FileError::Unavailable) => error(
            fmt,
            StatusCode::SERVICE_UNAVAILABLE,
            "the database is unavailable; nothing was stored, try again in a moment",
        ),
        Err(FileError::Internal(cause)) => {
            let id = crate::web::error::log_incident(&cause);
            error(
                fmt,
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("incident {id}"),
            )
        }
    }
}

/// An Open311 field name and the problem, for the `description` of a 400.
fn describe(e: &ComplaintError) -> String {
    let field = match e.field {
        "unit_code" => "attribute[unit]",
        "incident_date" => "attribute[incident_date]",
        "what" => "description",
        "mode" => "attribute[reporter_mode]",
        "reporter.email" => "email",
        "reporter.phone" => "phone",
        "reporter.name" => "first_name",
        other => other,
    };
    format!("{field}: {}", e.code)
}
