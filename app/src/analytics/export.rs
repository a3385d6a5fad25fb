//! CSV exports for staff, within the units they may read. Survey responses come out in the
//! import format (so a file can move between instances), their suggestions with personal
//! data masked (`personal_data`); complaints come out as case
//! metadata only: no reporter identity of any mode, no complaint text, no tracking code,
//! and times to the minute.

use super::stats::scoped_units;
use crate::accounts::auth::TokenOrReader;
use crate::entities::service;
use crate::state::AppState;
use crate::web::csv::spreadsheet_safe;
use crate::web::error::AppError;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use std::collections::HashMap;

/// Filters of both exports.
#[derive(Deserialize, Default)]
pub struct ExportQuery {
    pub unit: Option<String>,
    pub service: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    /// Complaints only: a status code.
    pub status: Option<String>,
}

fn csv_response(name: &str, body: Vec<u8>) -> Response {
    let mut r = body.into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

fn csv_err(e: impl Into<anyhow::Error>) -> AppError {
    AppError::internal("csv", e)
}

/// A time as ISO 8601 in WIB to the minute (`2026-12-02T13:05+07:00`): what a clerk in
/// Jambi reads, and what a spreadsheet parses. No seconds: a filing time to the second
/// would tie a row to one web-server log line, and through it to one address.
fn wib_minutes(at: chrono::DateTime<chrono::Utc>) -> String {
    let wib = chrono::FixedOffset::east_opt(7 * 3600).expect("UTC+7 is a valid offset");
    at.with_timezone(&wib)
        .format("%Y-%m-%dT%H:%M%:z")
        .to_string()
}

/// Writes one row with every cell made safe for spreadsheets (no formulas).
fn write_row<W: std::io::Write>(
    w: &mut csv::Writer<W>,
    cells: impl IntoIterator<Item = String>,
) -> Result<(), AppError> {
    w.write_record(cells.into_iter().map(|c| spreadsheet_safe(&c)))
        .map_err(csv_err)
}

/// `GET /staf/ekspor/survei.csv`: responses in the import format.
pub async fn surveys(
    State(state): State<AppState>,
    TokenOrReader(caller): TokenOrReader,
    Query(q): Query<ExportQuery>,
) -> Result<Response, AppError> {
    let (from, to) = crate::web::period::date_range(&q.from, &q.to)?;
    let units = scoped_units(&state, &caller, q.unit.as_deref()).await?;
    let services = crate::units::repo::all_services(&state.db).await?;
    let chosen: Vec<&service::Model> = services
        .iter()
        .filter(|s| units.as_ref().is_none_or(|u| u.contains(&s.unit_id)))
        .filter(|s| {
            q.service
                .as_deref()
                .is_none_or(|c| c.is_empty() || s.code == c)
        })
        .collect();
    if let Some(code) = q.service.as_deref().filter(|c| !c.is_empty())
        && chosen.is_empty()
    {
        return Err(if services.iter().any(|s| s.code == code) {
            AppError::Forbidden
        } else {
            AppError::NotFound
        });
    }
    let code_of: HashMap<i32, &str> = chosen.iter().map(|s| (s.id, s.code.as_str())).collect();
    let ids: Vec<i32> = code_of.keys().copied().collect();
    let rows = super::repo::responses(&state.db, &ids, from, to).await?;
    let mut w = crate::web::csv::writer();
    w.write_record(crate::survey::import::HEADER)
        .map_err(csv_err)?;
    let n = |v: Option<i16>| v.map(|x| x.to_string()).unwrap_or_default();
    for r in rows {
        write_row(
            &mut w,
            [
                r.day.to_string(),
                code_of
                    .get(&r.service_id)
                    .copied()
                    .unwrap_or_default()
                    .to_string(),
                n(r.u1),
                n(r.u2),
                n(r.u3),
                n(r.u4),
                n(r.u5),
                n(r.u6),
                n(r.u7),
                n(r.u8),
                n(r.u9),
                r.gender.unwrap_or_default(),
                n(r.age),
                r.education.unwrap_or_default(),
                r.occupation.unwrap_or_default(),
                // Phone numbers, emails and NIKs a citizen typed stay in the database only.
                r.suggestion
                    .as_deref()
                    .map(|t| crate::personal_data::mask(t, crate::i18n::Lang::Id).into_owned())
                    .unwrap_or_default(),
            ],
        )?;
    }
    let body = w.into_inner().map_err(csv_err)?;
    Ok(csv_response(&format!("survei-{from}-{to}.csv"), body))
}

/// Columns of the complaints export: case metadata, never an identity or the text. Each
/// case is named by its public id (as in Open311), never by its tracking code: the code
/// opens the reporter's status page and lets its holder write as the reporter's case.
pub const COMPLAINT_HEADER: [&str; 11] = [
    "public_id",
    "filed_at",
    "unit_code",
    "category",
    "mode",
    "status",
    "class",
    "assigned_unit_code",
    "due_date",
    "resolve_due",
    "resolved_at",
];

/// `GET /staf/ekspor/pengaduan.csv`: complaints filed in the range.
pub async fn complaints(
    State(state): State<AppState>,
    TokenOrReader(caller): TokenOrReader,
    Query(q): Query<ExportQuery>,
) -> Result<Response, AppError> {
    let (from, to) = crate::web::period::date_range(&q.from, &q.to)?;
    let units = scoped_units(&state, &caller, q.unit.as_deref()).await?;
    let status = q.status.as_deref().filter(|s| !s.is_empty());
    let cases =
        super::repo::complaints_filed(&state.db, units.as_deref(), status, from, to).await?;
    let codes: HashMap<i32, String> = crate::units::repo::all_units(&state.db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.code))
        .collect();
    let resolved = super::repo::final_resolved(&state.db, &cases).await?;
    let mut w = crate::web::csv::writer();
    w.write_record(COMPLAINT_HEADER).map_err(csv_err)?;
    let d = |v: Option<chrono::NaiveDate>| v.map(|x| x.to_string()).unwrap_or_default();
    for c in cases {
        write_row(
            &mut w,
            [
                c.public_id.clone().unwrap_or_default(),
                wib_minutes(c.created_at),
                codes.get(&c.unit_id).cloned().unwrap_or_default(),
                c.category.clone(),
                c.mode.clone(),
                c.status.clone(),
                c.class.clone().unwrap_or_default(),
                c.assigned_unit_id
                    .and_then(|u| codes.get(&u).cloned())
                    .unwrap_or_default(),
                d(c.due_date),
                d(c.resolve_due),
                resolved
                    .get(&c.id)
                    .map(|t| wib_minutes(*t))
                    .unwrap_or_default(),
            ],
        )?;
    }
    let body = w.into_inner().map_err(csv_err)?;
    Ok(csv_response(&format!("pengaduan-{from}-{to}.csv"), body))
}

/// The SKM report's choice of unit and period, as on `/staf/laporan`.
#[derive(Deserialize, Default)]
pub struct ReportQuery {
    pub unit: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
}

/// `GET /staf/laporan.xlsx?unit=&from=&to=`: the SKM report as a workbook, for whoever may
/// print that report (`skm_report::report_units`).
pub async fn report_workbook(
    State(state): State<AppState>,
    staff: crate::accounts::session::Staff,
    headers: axum::http::HeaderMap,
    Query(q): Query<ReportQuery>,
) -> Result<Response, AppError> {
    let lang = crate::i18n::Lang::from_headers(&headers);
    let (from, to) = crate::web::period::date_range(&q.from, &q.to)?;
    let allowed = crate::accounts::auth::report_units(&state, &staff).await?;
    let report = super::skm_report::build(
        &state.db,
        allowed.as_deref(),
        q.unit.as_deref().unwrap_or_default(),
        (from, to),
        lang,
    )
    .await?;
    let bytes =
        super::workbook::write(&report, lang).map_err(|e| AppError::internal("workbook", e))?;
    let name = format!(
        "laporan-skm-{}-{}-{}.xlsx",
        if report.unit_code.is_empty() {
            "semua-unit"
        } else {
            &report.unit_code
        },
        report.from,
        report.to
    );
    let mut r = bytes.into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(r)
}
