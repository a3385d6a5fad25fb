//! Index reports for a unit (with the units below it), a service, or every unit.

use super::index::{Report, Totals, UnitReport};
use super::period::days_inclusive;
use super::repo::{ServiceTotals, totals_by_service};
use crate::entities::{service, unit};
use crate::units::domain::descendants;
use crate::units::repo::{all_services, all_units};
use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, DbErr};

/// What an index is asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    /// A unit and every unit below it.
    Unit(String),
    /// One service.
    Service(String),
}

/// Average number of days in a month, for scaling monthly volumes to a period.
const DAYS_PER_MONTH: f64 = 365.25 / 12.0;

/// People served by `services` over `days` days, from their monthly volumes; `None` when no
/// service in the set has a volume recorded.
pub(crate) fn population(services: &[&service::Model], days: i64) -> Option<u64> {
    let monthly: Vec<i64> = services
        .iter()
        .filter_map(|s| s.monthly_served)
        .map(i64::from)
        .collect();
    if monthly.is_empty() || days <= 0 {
        return None;
    }
    let total: i64 = monthly.iter().sum();
    Some((total as f64 * days as f64 / DAYS_PER_MONTH).round() as u64)
}

/// Combines per-service sums into one report over `[from, to]`; an open end is taken from
/// the first or last day that had responses.
fn combine(
    services: &[&service::Model],
    sums: &std::collections::HashMap<i32, ServiceTotals>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Report {
    let mut totals = Totals::default();
    let (mut first, mut last) = (from, to);
    for s in services {
        if let Some(t) = sums.get(&s.id) {
            totals.merge(&t.totals);
            if from.is_none() {
                first = match (first, t.first_day) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                };
            }
            if to.is_none() {
                last = last.max(t.last_day);
            }
        }
    }
    let days = match (first, last) {
        (Some(a), Some(b)) => days_inclusive(a, b),
        _ => 0,
    };
    Report::of(&totals, population(services, days))
}

/// The report of a unit or service; `None` when the code is unknown.
pub async fn report_for(
    db: &impl ConnectionTrait,
    scope: &Scope,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<Option<Report>, DbErr> {
    let units = all_units(db).await?;
    let services = all_services(db).await?;
    let chosen: Vec<&service::Model> = match scope {
        Scope::Service(code) => services.iter().filter(|s| &s.code == code).collect(),
        Scope::Unit(code) => {
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
    if matches!(scope, Scope::Service(_)) && chosen.is_empty() {
        return Ok(None);
    }
    let ids: Vec<i32> = chosen.iter().map(|s| s.id).collect();
    let sums = totals_by_service(db, Some(&ids), from, to).await?;
    Ok(Some(combine(&chosen, &sums, from, to)))
}

pub(crate) fn pairs(units: &[unit::Model]) -> Vec<(i32, Option<i32>)> {
    units.iter().map(|u| (u.id, u.parent_id)).collect()
}

/// Every unit's report over a period, each including the units below it, parents first.
pub async fn all_unit_reports(
    db: &impl ConnectionTrait,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<Vec<UnitReport>, DbErr> {
    let units = all_units(db).await?;
    let services = all_services(db).await?;
    let sums = totals_by_service(db, None, from, to).await?;
    let tree = pairs(&units);
    let mut out = Vec::with_capacity(units.len());
    let mut visit = vec![];
    // Depth-first from the roots, so that a UPTD follows its parent.
    for root in units.iter().filter(|u| u.parent_id.is_none()).rev() {
        visit.push((root, 0_u8));
    }
    while let Some((u, depth)) = visit.pop() {
        let below = descendants(&tree, u.id);
        let chosen: Vec<&service::Model> = services
            .iter()
            .filter(|s| below.contains(&s.unit_id))
            .collect();
        out.push(UnitReport {
            code: u.code.clone(),
            name: u.name.clone(),
            depth,
            report: combine(&chosen, &sums, from, to),
        });
        for child in units.iter().filter(|c| c.parent_id == Some(u.id)).rev() {
            visit.push((child, depth.saturating_add(1)));
        }
    }
    Ok(out)
}
