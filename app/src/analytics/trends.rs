//! Satisfaction over time: the index per month or quarter for a unit (with the units below
//! it), a service, or every unit, read from the per-month sums (per-day at the ends of the
//! range) so that the cost depends on months and services, not on the number of responses.

use crate::period::Period;
use crate::survey::index::{Report, Totals};
use crate::survey::repo::sums_by_month;
use crate::survey::report::{Scope, population, served_days};
use chrono::{Datelike, NaiveDate};
use sea_orm::{ConnectionTrait, DbErr};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Points per month or per quarter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Granularity {
    Month,
    Quarter,
}

impl Granularity {
    /// Parses `month` or `quarter`.
    pub fn parse(s: &str) -> Option<Granularity> {
        match s {
            "month" => Some(Granularity::Month),
            "quarter" => Some(Granularity::Quarter),
            _ => None,
        }
    }

    fn period_of(self, y: i32, m: u32) -> Period {
        match self {
            Granularity::Month => Period::Month(y, m as u8),
            Granularity::Quarter => Period::Quarter(y, ((m - 1) / 3 + 1) as u8),
        }
    }
}

/// One point of a trend.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TrendPoint {
    /// `2026-01` or `2026-Q1`.
    pub period: String,
    pub responses: i64,
    /// `None` without responses.
    pub ikm: Option<f64>,
    /// `A`..`D`, with the index.
    pub grade: Option<String>,
    /// The 95 % interval of `ikm`; `None` below two responses.
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
    /// Per-element index (NRR x 25) by code.
    pub elements: BTreeMap<String, f64>,
    /// Per-element 95 % interval by code (the elements with one).
    pub element_intervals: BTreeMap<String, ElementInterval>,
    /// Krejcie-Morgan minimum for the period, when the people served are known.
    pub min_sample: Option<u64>,
    pub sample_reached: Option<bool>,
}

/// One element's 95 % interval in a trend point.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ElementInterval {
    pub ci_low: f64,
    pub ci_high: f64,
}

/// The trend of a scope (`None`: every unit, kept in `figures`) over `[from, to]`, one point
/// per period that overlaps the range, empty periods included. `None` when the unit or
/// service is unknown.
pub async fn trend(
    db: &sea_orm::DatabaseConnection,
    figures: &crate::survey::report::Figures,
    scope: Option<&Scope>,
    granularity: Granularity,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Option<Vec<TrendPoint>>, DbErr> {
    let lists = figures.catalog.lists(db).await?;
    let Some(chosen) = scope
        .unwrap_or(&Scope::Province)
        .services(&lists.units, &lists.services)
    else {
        return Ok(None);
    };
    let whole = !scope.is_some_and(|s| *s != Scope::Province);
    Ok(Some(
        trend_of(db, figures, &chosen, whole, granularity, from, to).await?,
    ))
}

/// The trend of `chosen` services, the whole province's (kept in `figures`) when `whole`,
/// for a caller that has read the units and services already.
pub async fn trend_of(
    db: &impl ConnectionTrait,
    figures: &crate::survey::report::Figures,
    chosen: &[&crate::entities::service::Model],
    whole: bool,
    granularity: Granularity,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<TrendPoint>, DbErr> {
    let by_month = if whole {
        figures.months(db, from, to).await?
    } else {
        let ids: Vec<i32> = chosen.iter().map(|s| s.id).collect();
        std::sync::Arc::new(sums_by_month(db, Some(&ids), Some(from), Some(to)).await?)
    };
    Ok(fill(&by_month, chosen, granularity, from, to))
}

/// Folds months into periods and makes a point for every period in the range.
fn fill(
    by_month: &BTreeMap<String, Totals>,
    services: &[&crate::entities::service::Model],
    granularity: Granularity,
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<TrendPoint> {
    let mut periods: Vec<(Period, Totals)> = Vec::new();
    let mut cur = NaiveDate::from_ymd_opt(from.year(), from.month(), 1).unwrap_or(from);
    while cur <= to {
        let p = granularity.period_of(cur.year(), cur.month());
        let key = format!("{:04}-{:02}", cur.year(), cur.month());
        let t = by_month.get(&key).copied().unwrap_or_default();
        match periods.last_mut() {
            Some((last, acc)) if *last == p => acc.merge(&t),
            _ => periods.push((p, t)),
        }
        cur = cur
            .checked_add_months(chrono::Months::new(1))
            .unwrap_or(NaiveDate::MAX);
    }
    let today = crate::clock::today();
    periods
        .into_iter()
        .map(|(p, t)| {
            // The people served count over the part of the period inside the range.
            let (a, b) = p.range();
            let days = served_days(a.max(from), b.min(to), today);
            let report = Report::of(&t, population(services, days));
            TrendPoint {
                period: p.key(),
                responses: t.responses,
                ikm: report.index.as_ref().map(|i| i.ikm.to_f64()),
                grade: report
                    .index
                    .as_ref()
                    .map(|i| crate::survey::index::Grade::of(i.ikm).letter().to_string()),
                elements: report
                    .index
                    .as_ref()
                    .map(|i| {
                        i.elements
                            .iter()
                            .map(|e| (e.element.code().to_string(), e.index.to_f64()))
                            .collect()
                    })
                    .unwrap_or_default(),
                ci_low: report.index.and_then(|i| i.ci).map(|c| c.low_2dp()),
                ci_high: report.index.and_then(|i| i.ci).map(|c| c.high_2dp()),
                element_intervals: report
                    .index
                    .as_ref()
                    .map(|i| {
                        i.elements
                            .iter()
                            .filter_map(|e| {
                                e.ci.map(|c| {
                                    (
                                        e.element.code().to_string(),
                                        ElementInterval {
                                            ci_low: c.low_2dp(),
                                            ci_high: c.high_2dp(),
                                        },
                                    )
                                })
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
                sample_reached: report.sample_reached(),
                min_sample: report.min_sample,
            }
        })
        .collect()
}
