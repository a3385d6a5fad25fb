//! Satisfaction over time: the index per month or quarter for a unit (with the units below
//! it), a service, or every unit, read from the per-day sums so that the cost depends on
//! days and services, not on the number of responses.

use crate::survey::index::{Report, Totals};
use crate::survey::period::Period;
use crate::survey::report::{Scope, pairs, population};
use crate::units::domain::descendants;
use crate::units::repo::{all_services, all_units};
use chrono::{Datelike, NaiveDate};
use sea_orm::{ConnectionTrait, DbBackend, DbErr, FromQueryResult, Statement, Value};
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
    /// Per-element index (NRR x 25) by code.
    pub elements: BTreeMap<String, f64>,
    /// Krejcie-Morgan minimum for the period, when the people served are known.
    pub min_sample: Option<u64>,
    pub sample_reached: Option<bool>,
}

#[derive(FromQueryResult)]
struct MonthRow {
    month: String,
    responses: i64,
    n1: i64,
    n2: i64,
    n3: i64,
    n4: i64,
    n5: i64,
    n6: i64,
    n7: i64,
    n8: i64,
    n9: i64,
    s1: i64,
    s2: i64,
    s3: i64,
    s4: i64,
    s5: i64,
    s6: i64,
    s7: i64,
    s8: i64,
    s9: i64,
}

/// The trend of a scope (`None`: every unit) over `[from, to]`, one point per period that
/// overlaps the range, empty periods included. `None` when the unit or service is unknown.
pub async fn trend(
    db: &impl ConnectionTrait,
    scope: Option<&Scope>,
    granularity: Granularity,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Option<Vec<TrendPoint>>, DbErr> {
    let units = all_units(db).await?;
    let services = all_services(db).await?;
    let chosen: Vec<&crate::entities::service::Model> = match scope {
        None => services.iter().collect(),
        Some(Scope::Service(code)) => {
            let s: Vec<_> = services.iter().filter(|s| &s.code == code).collect();
            if s.is_empty() {
                return Ok(None);
            }
            s
        }
        Some(Scope::Unit(code)) => {
            let Some(root) = units.iter().find(|u| &u.code == code) else {
                return Ok(None);
            };
            let tree = descendants(&pairs(&units), root.id);
            services
                .iter()
                .filter(|s| tree.contains(&s.unit_id))
                .collect()
        }
    };
    let backend = db.get_database_backend();
    let month = match backend {
        DbBackend::Postgres => "to_char(day, 'YYYY-MM')",
        _ => "strftime('%Y-%m', day)",
    };
    let sums: Vec<String> = ["responses"]
        .into_iter()
        .map(String::from)
        .chain((1..=9).map(|i| format!("n{i}")))
        .chain((1..=9).map(|i| format!("s{i}")))
        .map(|c| format!("CAST(COALESCE(SUM({c}), 0) AS BIGINT) AS {c}"))
        .collect();
    let mut values: Vec<Value> = vec![from.into(), to.into()];
    let (p1, p2) = match backend {
        DbBackend::Postgres => ("$1", "$2"),
        _ => ("?", "?"),
    };
    let mut filter = String::new();
    if scope.is_some() {
        if chosen.is_empty() {
            return Ok(Some(fill(&BTreeMap::new(), &chosen, granularity, from, to)));
        }
        let marks: Vec<String> = chosen
            .iter()
            .enumerate()
            .map(|(i, _)| match backend {
                DbBackend::Postgres => format!("${}", i + 3),
                _ => "?".to_string(),
            })
            .collect();
        filter = format!(" AND service_id IN ({})", marks.join(", "));
        values.extend(chosen.iter().map(|s| Value::from(s.id)));
    }
    let sql = format!(
        "SELECT {month} AS month, {} FROM survey_daily WHERE day >= {p1} AND day <= {p2}{filter} \
         GROUP BY {month}",
        sums.join(", ")
    );
    let rows = MonthRow::find_by_statement(Statement::from_sql_and_values(backend, sql, values))
        .all(db)
        .await?;
    let by_month: BTreeMap<String, Totals> = rows
        .into_iter()
        .map(|r| {
            (
                r.month,
                Totals {
                    responses: r.responses,
                    answered: [r.n1, r.n2, r.n3, r.n4, r.n5, r.n6, r.n7, r.n8, r.n9],
                    sums: [r.s1, r.s2, r.s3, r.s4, r.s5, r.s6, r.s7, r.s8, r.s9],
                },
            )
        })
        .collect();
    Ok(Some(fill(&by_month, &chosen, granularity, from, to)))
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
    periods
        .into_iter()
        .map(|(p, t)| {
            // The people served count over the part of the period inside the range.
            let (a, b) = p.range();
            let days = (b.min(to) - a.max(from)).num_days() + 1;
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
                sample_reached: report.sample_reached(),
                min_sample: report.min_sample,
            }
        })
        .collect()
}
