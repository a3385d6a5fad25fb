//! Server functions feeding the analytics pages (this file: trends, ranking and complaint
//! figures; `report.rs`: the SKM report;
//! `dashboard.rs`: the manager's dashboard; `public.rs`: the public complaint statistics;
//! `unit_page.rs`: a unit's public page).
//! Charts are drawn here, on the server, and travel as SVG text.

use crate::web::console::ConsoleUser;
use crate::web::error::PageError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

mod dashboard;
mod public;
mod report;
mod unit_page;

pub use dashboard::*;
pub use public::*;
pub use report::*;
pub use unit_page::*;

/// Filters of the analytics page, as in its URL.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnalyticsQuery {
    pub unit: Option<String>,
    pub service: Option<String>,
    pub granularity: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
}

/// One row of a trend table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrendRow {
    pub period: String,
    pub responses: i64,
    pub ikm: Option<f64>,
    /// The IKM's 95 % interval.
    pub ci: Option<(f64, f64)>,
    pub grade: Option<String>,
    pub elements: Vec<(String, f64)>,
    pub min_sample: Option<u64>,
    pub sample_reached: Option<bool>,
}

/// One unit in the ranking.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RankRow {
    pub code: String,
    pub name: String,
    pub ikm: f64,
    pub grade: String,
    pub responses: i64,
    pub sample_reached: Option<bool>,
}

/// The analytics page's data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AnalyticsData {
    pub user: ConsoleUser,
    pub units: Vec<(String, String)>,
    pub from: String,
    pub to: String,
    pub granularity: String,
    pub trend_svg: String,
    pub trend: Vec<TrendRow>,
    pub ranking: Vec<RankRow>,
    pub complaints_total: u64,
    pub complaints_resolved: u64,
    pub median_days: Option<f64>,
    pub p90_days: Option<f64>,
    pub within_deadline: Option<f64>,
    pub by_unit_svg: String,
    pub by_unit: Vec<(String, u64)>,
    pub by_category_svg: String,
    pub by_category: Vec<(String, u64)>,
}

/// Trends, ranking and complaint figures for admins, managers and inspectors.
#[server(prefix = "/sf", endpoint = "analytics")]
pub async fn load_analytics(q: AnalyticsQuery) -> Result<AnalyticsData, PageError> {
    use crate::accounts::auth::{staff_session as session, user_of};
    let (st, staff) = session().await?;
    let lang = crate::web::page::use_lang();
    let user = user_of(&staff);
    let caller = crate::accounts::auth::Caller::Staff(staff);
    let allowed = caller.units(&st).await.map_err(PageError::from)?;
    Ok(crate::analytics::figures::build(&st.db, &st.figures, user, allowed, &q, lang).await?)
}

/// A public trend: the chart and its table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PublicTrend {
    pub code: String,
    pub name: String,
    pub svg: String,
    pub rows: Vec<TrendRow>,
}

/// The last twelve months of a unit's index (with the units below it), for everybody.
#[server(prefix = "/sf", endpoint = "public_trend")]
pub async fn load_public_trend(code: String) -> Result<Option<PublicTrend>, PageError> {
    let st = crate::state::app_state()?;
    let lang = crate::web::page::use_lang();
    let lists = st.figures.catalog.lists(&st.db).await?;
    let Some(unit) = lists.units.iter().find(|u| u.code == code) else {
        return Ok(None);
    };
    Ok(Some(
        public_trend_of(
            &st.db,
            &st.figures,
            lang,
            unit,
            (&lists.units, &lists.services),
        )
        .await?,
    ))
}

/// A unit's last twelve months, chart and table.
#[cfg(feature = "ssr")]
pub(crate) async fn public_trend_of(
    db: &impl sea_orm::ConnectionTrait,
    figures: &crate::survey::report::Figures,
    lang: crate::i18n::Lang,
    unit: &crate::entities::unit::Model,
    (units, services): (
        &[crate::entities::unit::Model],
        &[crate::entities::service::Model],
    ),
) -> Result<PublicTrend, PageError> {
    use crate::tr;
    let (from, to) = crate::web::period::date_range(&None, &None).map_err(PageError::from)?;
    let chosen = crate::survey::report::Scope::Unit(unit.code.clone())
        .services(units, services)
        .unwrap_or_default();
    let points = super::trends::trend_of(
        db,
        figures,
        &chosen,
        false,
        super::trends::Granularity::Month,
        from,
        to,
    )
    .await?;
    let title = tr!(lang, "analytics.trend_title", scope = unit.name.clone());
    Ok(PublicTrend {
        svg: crate::analytics::figures::trend_chart(lang, "public-trend", &title, &points),
        rows: crate::analytics::figures::rows_of(&points),
        code: unit.code.clone(),
        name: unit.name.clone(),
    })
}
