//! The periodic SKM report, for A4.

use super::AnalyticsQuery;
use crate::web::console::ConsoleUser;
use crate::web::error::PageError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One element's line of the SKM report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportElement {
    pub code: String,
    pub name: String,
    pub answered: i64,
    pub sum: i64,
    /// NRR with 4 decimals, and its weighted value (NRR x 1/9) with 4.
    pub nrr: f64,
    pub weighted: f64,
    pub index: f64,
    pub grade: String,
    /// The index's 95 % interval.
    pub ci: Option<(f64, f64)>,
}

/// One group of the respondent profile, its rows in their natural order (age bands from the
/// youngest, education levels from the lowest, "not given" last).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileGroup {
    /// `gender`, `age`, `education` or `occupation`.
    pub group: String,
    pub rows: Vec<(String, i64)>,
}

/// Who may print which SKM report: the units to choose from, and whether the province-wide
/// report ("all units") is among them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportScope {
    pub user: ConsoleUser,
    pub units: Vec<(String, String)>,
    pub all_units: bool,
}

/// The periodic SKM report of a unit (or of every unit), in the regulation's usual order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SkmReport {
    /// Empty for the report of every unit.
    pub unit_code: String,
    pub unit_name: String,
    pub from: chrono::NaiveDate,
    pub to: chrono::NaiveDate,
    pub responses: i64,
    pub min_sample: Option<u64>,
    pub sample_reached: Option<bool>,
    pub profile: Vec<ProfileGroup>,
    pub elements: Vec<ReportElement>,
    pub ikm: Option<f64>,
    /// The IKM's 95 % interval.
    pub ikm_ci: Option<(f64, f64)>,
    pub grade: Option<String>,
    pub grade_label: Option<String>,
    /// `(day, text)`, latest first, at most [`MAX_SUGGESTIONS`].
    pub suggestions: Vec<(chrono::NaiveDate, String)>,
    /// Every suggestion of the period, shown or not.
    pub suggestions_total: usize,
    /// The three elements with the lowest index, lowest first: the follow-up plan's subject.
    pub weakest: Vec<ReportElement>,
    /// The recorded follow-up actions of the units reported whose period overlaps the
    /// report's, by element and due date.
    pub plan: Vec<crate::followups::domain::Action>,
    /// The office a UPTD belongs to, for the letterhead.
    pub unit_parent: Option<String>,
    pub letterhead: Letterhead,
}

/// The printed report's letterhead and signature block: the government's name, whether a
/// logo is set (`/laporan/logo`), and the place and date before the signature.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Letterhead {
    pub authority: String,
    pub logo: bool,
    pub place: String,
    pub date: Option<chrono::NaiveDate>,
}

/// The most suggestions a printed report lists (the latest).
pub const MAX_SUGGESTIONS: usize = 300;

/// The SKM report's choices for the signed-in staff member.
#[server(prefix = "/sf", endpoint = "skm_report_scope")]
pub async fn load_report_scope() -> Result<ReportScope, PageError> {
    use crate::accounts::auth::{staff_session as session, user_of};
    let (st, staff) = session().await?;
    let allowed = crate::accounts::auth::report_units(&st, &staff).await?;
    let lists = st.figures.catalog.lists(&st.db).await?;
    Ok(ReportScope {
        user: user_of(&staff),
        units: lists
            .units
            .iter()
            .filter(|u| allowed.as_ref().is_none_or(|a| a.contains(&u.id)))
            .map(|u| (u.code.clone(), u.name.clone()))
            .collect(),
        all_units: allowed.is_none(),
    })
}

/// The SKM report of a unit with the units below it (or of every unit, for those who may
/// read them all), for admins, managers and inspectors within their units and unit officers
/// for their own.
#[server(prefix = "/sf", endpoint = "skm_report")]
pub async fn load_skm_report(q: AnalyticsQuery) -> Result<SkmReport, PageError> {
    let (st, staff) = crate::accounts::auth::staff_session().await?;
    let lang = crate::web::page::use_lang();
    let allowed = crate::accounts::auth::report_units(&st, &staff).await?;
    let (from, to) = crate::web::period::date_range(&q.from, &q.to)?;
    let mut report = crate::analytics::skm_report::build(
        &st.db,
        &st.figures.catalog,
        allowed.as_deref(),
        q.unit.as_deref().unwrap_or_default(),
        (from, to),
        lang,
    )
    .await?;
    let settings = &st.settings.report;
    report.letterhead = Letterhead {
        authority: settings.authority.clone(),
        logo: settings.logo.is_some(),
        place: settings.place.clone(),
        date: Some(crate::clock::today()),
    };
    Ok(report)
}
