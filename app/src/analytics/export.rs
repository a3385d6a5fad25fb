//! CSV exports for staff, within the units they may read. By default a file for Excel with
//! Indonesian settings: a UTF-8 byte order mark (so that Excel reads it as UTF-8), Indonesian
//! column headers and values ("Ditindaklanjuti unit", "Perempuan", unit and service names),
//! and `?sep=;` for the semicolons an Indonesian Excel splits on. `?format=kode` gives codes
//! instead: survey responses in the import format (so a file can move between instances),
//! complaints with their status and category codes. Suggestions come out with personal data
//! masked (`personal_data`); complaints as case metadata only: no reporter identity of any
//! mode, no complaint text, no tracking code, and times to the minute.

use super::stats::scoped_units;
use crate::accounts::auth::TokenOrReader;
use crate::entities::service;
use crate::state::AppState;
use crate::web::csv::{response as csv_response, write_row};
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
    /// `kode`: codes and the import format; anything else or nothing: Indonesian words.
    pub format: Option<String>,
    /// `;` for semicolons; `,` (the default) for commas.
    pub sep: Option<String>,
}

/// How an export is written: Indonesian words with a byte order mark, or codes; and the
/// separator.
struct Layout {
    codes: bool,
    sep: u8,
}

impl Layout {
    fn of(q: &ExportQuery) -> Result<Layout, AppError> {
        let codes = match q.format.as_deref().map(str::trim) {
            None | Some("" | "excel") => false,
            Some("kode") => true,
            Some(_) => return Err(AppError::invalid("export_format", "format")),
        };
        let sep = match q.sep.as_deref().map(str::trim) {
            None | Some("" | ",") => b',',
            Some(";") => b';',
            Some(_) => return Err(AppError::invalid("export_sep", "sep")),
        };
        Ok(Layout { codes, sep })
    }

    /// A writer with the separator; the byte order mark first for the Indonesian file.
    fn writer(&self) -> csv::Writer<Vec<u8>> {
        crate::web::csv::writer(self.sep, !self.codes)
    }

    /// A time in WIB to the minute: ISO 8601 with its offset in the coded file
    /// (`2026-12-02T13:05+07:00`), as a spreadsheet with Indonesian settings reads it in the
    /// other (`2026-12-02 13:05`; the header says WIB). No seconds: a filing time to the
    /// second would tie a row to one web-server log line, and through it to one address.
    fn time(&self, at: chrono::DateTime<chrono::Utc>) -> String {
        let wib = chrono::FixedOffset::east_opt(7 * 3600).expect("UTC+7 is a valid offset");
        let format = if self.codes {
            "%Y-%m-%dT%H:%M%:z"
        } else {
            "%Y-%m-%d %H:%M"
        };
        at.with_timezone(&wib).format(format).to_string()
    }
}

fn csv_err(e: impl Into<anyhow::Error>) -> AppError {
    AppError::internal("csv", e)
}

/// `GET /staf/ekspor/survei.csv`: responses, in Indonesian words or (`?format=kode`) in the
/// import format.
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
    let layout = Layout::of(&q)?;
    let code_of: HashMap<i32, &str> = chosen.iter().map(|s| (s.id, s.code.as_str())).collect();
    let ids: Vec<i32> = code_of.keys().copied().collect();
    let rows = super::repo::responses(&state.db, &ids, from, to).await?;
    let mut w = layout.writer();
    let n = |v: Option<i16>| v.map(|x| x.to_string()).unwrap_or_default();
    let mask = |t: Option<&str>| {
        t.map(|t| crate::personal_data::mask(t, crate::i18n::Lang::Id).into_owned())
            .unwrap_or_default()
    };
    if !layout.codes {
        let id = crate::i18n::Lang::Id;
        let units: HashMap<i32, String> = crate::units::repo::all_units(&state.db)
            .await?
            .into_iter()
            .map(|u| (u.id, u.name))
            .collect();
        let service_of: HashMap<i32, &service::Model> = chosen.iter().map(|s| (s.id, *s)).collect();
        let header: Vec<String> = ["Tanggal", "Unit", "Layanan", "Kode layanan"]
            .into_iter()
            .map(String::from)
            .chain(
                crate::survey::questionnaire::names(id)
                    .into_iter()
                    .map(|(code, name)| format!("{code} {name}")),
            )
            .chain(
                [
                    "Jenis kelamin",
                    "Umur",
                    "Pendidikan",
                    "Pekerjaan",
                    "Saran (data pribadi disamarkan)",
                ]
                .into_iter()
                .map(String::from),
            )
            .collect();
        w.write_record(&header).map_err(csv_err)?;
        let label = |prefix: &str, v: Option<&str>| {
            v.map(|v| crate::tr!(id, &format!("{prefix}.{v}")))
                .unwrap_or_default()
        };
        for r in rows {
            let s = service_of.get(&r.service_id);
            write_row(
                &mut w,
                [
                    r.day.to_string(),
                    s.and_then(|s| units.get(&s.unit_id).cloned())
                        .unwrap_or_default(),
                    s.map(|s| s.name.clone()).unwrap_or_default(),
                    s.map(|s| s.code.clone()).unwrap_or_default(),
                    n(r.u1),
                    n(r.u2),
                    n(r.u3),
                    n(r.u4),
                    n(r.u5),
                    n(r.u6),
                    n(r.u7),
                    n(r.u8),
                    n(r.u9),
                    label("survey.gender", r.gender.as_deref()),
                    n(r.age),
                    label("edu", r.education.as_deref()),
                    label("job", r.occupation.as_deref()),
                    mask(r.suggestion.as_deref()),
                ],
            )?;
        }
        let body = w.into_inner().map_err(csv_err)?;
        return Ok(csv_response(&format!("survei-{from}-{to}.csv"), body));
    }
    w.write_record(crate::survey::import::HEADER)
        .map_err(csv_err)?;
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
                mask(r.suggestion.as_deref()),
            ],
        )?;
    }
    let body = w.into_inner().map_err(csv_err)?;
    Ok(csv_response(&format!("survei-{from}-{to}.csv"), body))
}

/// Columns of the complaints export: case metadata, never an identity or the text. Each
/// case is named by its public id (as in Open311), never by its tracking code: the code
/// opens the reporter's status page and lets its holder write as the reporter's case.
pub const COMPLAINT_HEADER: [&str; 13] = [
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
    "finding",
    "actions",
];

/// The same columns in Indonesian, for the default file.
pub const COMPLAINT_HEADER_ID: [&str; 13] = [
    "ID publik",
    "Diajukan (WIB)",
    "Unit yang dilaporkan",
    "Kategori",
    "Cara melapor",
    "Status",
    "Jenis penanganan",
    "Unit yang menindaklanjuti",
    "Batas langkah saat ini",
    "Batas penyelesaian",
    "Selesai (WIB)",
    "Temuan",
    "Tindakan",
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
    let layout = Layout::of(&q)?;
    // Units by their code, or by their name in the Indonesian file.
    let names: HashMap<i32, String> = crate::units::repo::all_units(&state.db)
        .await?
        .into_iter()
        .map(|u| (u.id, if layout.codes { u.code } else { u.name }))
        .collect();
    let resolved = super::repo::final_resolved(&state.db, &cases).await?;
    // What each resolution found and the kinds of action (never the measure or a name).
    let ids: Vec<i64> = cases.iter().map(|c| c.id).collect();
    let outcomes = crate::complaints::outcome::repo::of_cases(&state.db, &ids).await?;
    let mut w = layout.writer();
    if layout.codes {
        w.write_record(COMPLAINT_HEADER).map_err(csv_err)?;
    } else {
        w.write_record(COMPLAINT_HEADER_ID).map_err(csv_err)?;
    }
    let id = crate::i18n::Lang::Id;
    // A code, or its Indonesian words.
    let word = |prefix: &str, code: &str| {
        if layout.codes || code.is_empty() {
            code.to_string()
        } else {
            crate::tr!(id, &format!("{prefix}.{code}"))
        }
    };
    let d = |v: Option<chrono::NaiveDate>| v.map(|x| x.to_string()).unwrap_or_default();
    for c in cases {
        write_row(
            &mut w,
            [
                c.public_id.clone().unwrap_or_default(),
                layout.time(c.created_at),
                names.get(&c.unit_id).cloned().unwrap_or_default(),
                word("category", &c.category),
                word("mode", &c.mode),
                word("status", &c.status),
                word("class", c.class.as_deref().unwrap_or_default()),
                c.assigned_unit_id
                    .and_then(|u| names.get(&u).cloned())
                    .unwrap_or_default(),
                d(c.due_date),
                d(c.resolve_due),
                resolved
                    .get(&c.id)
                    .map(|t| layout.time(*t))
                    .unwrap_or_default(),
                outcomes
                    .get(&c.id)
                    .map(|o| word("outcome.finding", o.finding.code()))
                    .unwrap_or_default(),
                outcomes
                    .get(&c.id)
                    .map(|o| {
                        o.actions
                            .iter()
                            .map(|a| word("outcome.action", a.kind.code()))
                            .collect::<Vec<_>>()
                            .join("; ")
                    })
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
        &state.figures.catalog,
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

/// `GET /laporan/logo`: the printed report's letterhead logo (`SUARA_REPORT_LOGO`, checked
/// by content when the server started); 404 without one.
pub async fn report_logo(State(state): State<AppState>) -> Result<Response, AppError> {
    let logo = state
        .settings
        .report
        .logo
        .as_ref()
        .ok_or(AppError::NotFound)?;
    let mut r = logo.bytes.as_ref().clone().into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(logo.content_type),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=86400"),
    );
    Ok(r)
}
