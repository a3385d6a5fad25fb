//! Server functions feeding the survey pages (public reads; they run during SSR).

use super::index::{Report, UnitReport};
use crate::units::domain::ServiceInfo;
use crate::web::error::PageError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What the thank-you page shows: the unit's index for the current year.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ThanksData {
    pub unit_code: String,
    pub unit_name: String,
    pub service_name: String,
    pub year: i32,
    pub report: Report,
}

/// The public index table for one period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IndexTable {
    /// The period shown, in URL form (`2026`, `2026-Q3`, ...).
    pub period: String,
    /// Periods offered in the selector (the one shown is always among them).
    pub choices: Vec<String>,
    /// The period's first and last day.
    pub from: chrono::NaiveDate,
    pub to: chrono::NaiveDate,
    /// Today (WIB), when the period is still running.
    pub running_until: Option<chrono::NaiveDate>,
    /// The page's units (a unit with the units below it).
    pub rows: Vec<UnitReport>,
    /// The search asked for (`cari`: part of a unit's name or code), trimmed.
    pub query: String,
    /// Units the search matched (every unit without one).
    pub matched: usize,
    /// The page shown (from 1) and how many there are.
    pub page: usize,
    pub pages: usize,
}

#[cfg(feature = "ssr")]
fn internal(e: impl std::fmt::Display) -> PageError {
    crate::web::error::internal(&e.to_string())
}

/// What a survey address leads to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SurveyTarget {
    /// A service taking ratings.
    Open(ServiceInfo),
    /// A service that was deactivated: its posters may still hang somewhere.
    Retired(ServiceInfo),
    Unknown,
}

/// The service a survey page is for.
#[server(prefix = "/sf", endpoint = "survey_service")]
pub async fn load_survey_service(code: String) -> Result<SurveyTarget, PageError> {
    let st = crate::state::app_state()?;
    if let Some(s) = crate::units::repo::find_service(&st.db, &code)
        .await
        .map_err(internal)?
    {
        return Ok(SurveyTarget::Open(s));
    }
    Ok(crate::units::repo::find_retired_service(&st.db, &code)
        .await
        .map_err(internal)?
        .map_or(SurveyTarget::Unknown, SurveyTarget::Retired))
}

/// The thank-you page's figures for a service's unit.
#[server(prefix = "/sf", endpoint = "survey_thanks")]
pub async fn load_thanks(code: String) -> Result<Option<ThanksData>, PageError> {
    use super::report::{Scope, report_for};
    use crate::period::Period;
    let st = crate::state::app_state()?;
    let Some(service) = crate::units::repo::find_service(&st.db, &code)
        .await
        .map_err(internal)?
    else {
        return Ok(None);
    };
    let today = crate::clock::today();
    let year = Period::year_of(today);
    let (from, to) = year.range();
    let report = report_for(
        &st.db,
        &st.figures,
        &Scope::Unit(service.unit_code.clone()),
        Some(from),
        Some(to),
    )
    .await
    .map_err(internal)?
    .unwrap_or_default();
    Ok(Some(ThanksData {
        unit_code: service.unit_code,
        unit_name: service.unit_name,
        service_name: service.name,
        year: chrono::Datelike::year(&today),
        report,
    }))
}

/// A page of every unit's index for a period (`2026`, `2026-S1`, `2026-Q3`, `2026-07`; an
/// unknown period falls back to the current year), of the units whose name or code holds
/// `query` (`cari`), page `page` (`hal`, from 1).
#[server(prefix = "/sf", endpoint = "index_table")]
pub async fn load_index_table(
    period: Option<String>,
    query: Option<String>,
    page: Option<usize>,
) -> Result<IndexTable, PageError> {
    use crate::period::Period;
    let st = crate::state::app_state()?;
    let today = crate::clock::today();
    let p = period
        .as_deref()
        .and_then(Period::parse)
        .unwrap_or(Period::year_of(today));
    let (from, to) = p.range();
    let rows = super::report::all_unit_reports(
        &st.db,
        &st.figures,
        Some(from),
        Some(to),
        super::report::Rollup::WithUnitsBelow,
    )
    .await
    .map_err(internal)?;
    let mut choices = Period::choices(today);
    if !choices.contains(&p) {
        // An older (or future) period asked for by address is still named in the selector.
        choices.push(p);
    }
    use crate::web::unit_list::{UNITS_PER_PAGE, paged, query_of};
    let query = query_of(query.as_deref());
    let shown = paged(
        &rows,
        UnitReport::unit,
        &query,
        page.unwrap_or(1),
        UNITS_PER_PAGE,
    );
    Ok(IndexTable {
        period: p.key(),
        choices: choices.into_iter().map(Period::key).collect(),
        from,
        to,
        running_until: (from <= today && today < to).then_some(today),
        rows: shown.rows,
        query,
        matched: shown.matched,
        page: shown.page,
        pages: shown.pages,
    })
}
