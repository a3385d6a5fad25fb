//! Server functions feeding the analytics pages (this file: trends, ranking and complaint
//! figures; `report.rs`: the SKM report;
//! `dashboard.rs`: the manager's dashboard; `public.rs`: the public complaint statistics).
//! Charts are drawn here, on the server, and travel as SVG text.

use crate::web::console::ConsoleUser;
use crate::web::error::PageError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

mod dashboard;
mod public;
mod report;

pub use dashboard::*;
pub use public::*;
pub use report::*;

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

/// The IKM line chart of a trend, its grade boundaries drawn across.
#[cfg(feature = "ssr")]
pub fn trend_chart(
    lang: crate::i18n::Lang,
    id: &str,
    title: &str,
    points: &[super::trends::TrendPoint],
) -> String {
    use crate::tr;
    let labels: Vec<String> = points.iter().map(|p| p.period.clone()).collect();
    let values: Vec<Option<f64>> = points.iter().map(|p| p.ikm).collect();
    let desc = tr!(lang, "analytics.trend_desc", n = points.len().to_string());
    crate::web::chart::LineChart {
        lang,
        id,
        title,
        desc: &desc,
        x_label: &tr!(lang, "analytics.period"),
        y_label: "IKM",
        y_range: (25.0, 100.0),
        guides: &[(88.31, "A"), (76.61, "B"), (65.0, "C")],
        labels: &labels,
        series: &[("IKM".to_string(), values)],
        empty_text: &tr!(lang, "analytics.no_data"),
    }
    .svg()
}

#[cfg(feature = "ssr")]
fn rows_of(points: &[super::trends::TrendPoint]) -> Vec<TrendRow> {
    points
        .iter()
        .map(|p| TrendRow {
            period: p.period.clone(),
            responses: p.responses,
            ikm: p.ikm,
            grade: p.grade.clone(),
            elements: p.elements.iter().map(|(k, v)| (k.clone(), *v)).collect(),
            min_sample: p.min_sample,
            sample_reached: p.sample_reached,
        })
        .collect()
}

/// Trends, ranking and complaint figures for admins, managers and inspectors.
#[server(prefix = "/sf", endpoint = "analytics")]
pub async fn load_analytics(q: AnalyticsQuery) -> Result<AnalyticsData, PageError> {
    use super::api::{TrendQuery, trend_params};
    use crate::accounts::auth::{staff_session as session, user_of};
    use crate::tr;
    use crate::web::error::AppError;
    let (st, staff) = session().await?;
    let lang = crate::web::page::use_lang();
    let caller = crate::accounts::auth::Caller::Staff(staff.clone());
    let allowed = caller.units(&st).await.map_err(PageError::from)?;
    let tq = TrendQuery {
        unit: q.unit.clone().filter(|s| !s.is_empty()),
        service: q.service.clone().filter(|s| !s.is_empty()),
        granularity: q.granularity.clone(),
        from: q.from.clone(),
        to: q.to.clone(),
    };
    let (scope, g, from, to) = trend_params(&tq).map_err(PageError::from)?;
    // A scoped reader without a unit chosen sees their first unit's trend.
    let all_units = crate::units::repo::all_units(&st.db)
        .await
        .map_err(PageError::from)?;
    let visible: Vec<&crate::entities::unit::Model> = all_units
        .iter()
        .filter(|u| allowed.as_ref().is_none_or(|a| a.contains(&u.id)))
        .collect();
    let scope = match (scope, &allowed) {
        (None, Some(_)) => visible
            .first()
            .map(|u| crate::survey::report::Scope::Unit(u.code.clone())),
        (s, _) => s,
    };
    if let (Some(a), Some(crate::survey::report::Scope::Unit(code))) = (&allowed, &scope)
        && !visible.iter().any(|u| &u.code == code && a.contains(&u.id))
    {
        return Err(PageError::from(AppError::Forbidden));
    }
    let points = super::trends::trend(&st.db, scope.as_ref(), g, from, to)
        .await
        .map_err(PageError::from)?
        .ok_or_else(|| PageError::from(AppError::NotFound))?;
    let scope_name = match &scope {
        None => tr!(lang, "analytics.all_units"),
        Some(crate::survey::report::Scope::Unit(c)) => all_units
            .iter()
            .find(|u| &u.code == c)
            .map(|u| u.name.clone())
            .unwrap_or_default(),
        Some(crate::survey::report::Scope::Service(c)) => {
            crate::units::repo::find_service(&st.db, c)
                .await
                .map_err(PageError::from)?
                .map_or_else(|| c.clone(), |s| s.name)
        }
    };
    let title = tr!(lang, "analytics.trend_title", scope = scope_name);
    let trend_svg = trend_chart(lang, "trend", &title, &points);
    // Each unit on its own services, so no response counts twice (parents and UPTDs).
    let reports = crate::survey::report::all_unit_reports(
        &st.db,
        Some(from),
        Some(to),
        crate::survey::report::Rollup::OwnServices,
    )
    .await
    .map_err(PageError::from)?;
    let mut ranking: Vec<RankRow> = reports
        .into_iter()
        .filter(|r| visible.iter().any(|u| u.code == r.code))
        .filter_map(|r| {
            let i = r.report.index?;
            Some(RankRow {
                ikm: i.ikm.to_f64(),
                grade: i.grade().letter().into(),
                responses: r.report.responses,
                sample_reached: r.report.sample_reached(),
                code: r.code,
                name: r.name,
            })
        })
        .collect();
    ranking.sort_by(|a, b| b.ikm.total_cmp(&a.ikm).then(a.name.cmp(&b.name)));
    let complaint_units = match (&scope, &allowed) {
        (Some(crate::survey::report::Scope::Unit(c)), _) => {
            let id = all_units.iter().find(|u| &u.code == c).map(|u| u.id);
            Some(
                crate::units::repo::with_children(&st.db, &id.into_iter().collect::<Vec<_>>())
                    .await
                    .map_err(PageError::from)?,
            )
        }
        (_, a) => a.clone(),
    };
    let cs = super::stats::compute(&st.db, complaint_units.as_deref(), from, to)
        .await
        .map_err(PageError::from)?;
    let by_unit: Vec<(String, u64)> = cs
        .by_unit
        .iter()
        .map(|u| (u.unit_name.clone(), u.complaints))
        .collect();
    let by_category: Vec<(String, u64)> = cs
        .by_category
        .iter()
        .map(|c| (tr!(lang, &format!("category.{}", c.category)), c.complaints))
        .collect();
    let bars = |id: &str, title: &str, rows: &[(String, u64)]| {
        let bars: Vec<(String, f64)> = rows.iter().map(|(l, n)| (l.clone(), *n as f64)).collect();
        crate::web::chart::BarChart {
            lang,
            id,
            title,
            desc: title,
            value_label: &tr!(lang, "analytics.complaints_count"),
            bars: &bars,
            empty_text: &tr!(lang, "analytics.no_complaints"),
            decimals: 0,
        }
        .svg()
    };
    Ok(AnalyticsData {
        user: user_of(&staff),
        units: visible
            .iter()
            .map(|u| (u.code.clone(), u.name.clone()))
            .collect(),
        from: from.to_string(),
        to: to.to_string(),
        granularity: match g {
            super::trends::Granularity::Month => "month".into(),
            super::trends::Granularity::Quarter => "quarter".into(),
        },
        trend_svg,
        trend: rows_of(&points),
        ranking,
        complaints_total: cs.total,
        complaints_resolved: cs.resolved,
        median_days: cs.median_days,
        p90_days: cs.p90_days,
        within_deadline: cs.within_deadline,
        by_unit_svg: bars("by-unit", &tr!(lang, "analytics.by_unit"), &by_unit),
        by_unit,
        by_category_svg: bars(
            "by-category",
            &tr!(lang, "analytics.by_category"),
            &by_category,
        ),
        by_category,
    })
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
    use crate::tr;
    let st = crate::state::app_state()?;
    let lang = crate::web::page::use_lang();
    let fail = |e: sea_orm::DbErr| PageError::from(e);
    let Some(unit) = crate::units::repo::find_unit(&st.db, &code)
        .await
        .map_err(fail)?
    else {
        return Ok(None);
    };
    let (from, to) = crate::web::period::date_range(&None, &None).map_err(PageError::from)?;
    let points = super::trends::trend(
        &st.db,
        Some(&crate::survey::report::Scope::Unit(code.clone())),
        super::trends::Granularity::Month,
        from,
        to,
    )
    .await
    .map_err(fail)?
    .unwrap_or_default();
    let title = tr!(lang, "analytics.trend_title", scope = unit.name.clone());
    Ok(Some(PublicTrend {
        svg: trend_chart(lang, "public-trend", &title, &points),
        rows: rows_of(&points),
        code,
        name: unit.name,
    }))
}
