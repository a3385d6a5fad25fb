//! Index reports for a unit (with the units below it), a service, or every unit.

use super::index::{Report, Totals, UnitReport};
use crate::period::days_inclusive;

use super::repo::{ServiceTotals, totals_by_service};
use crate::entities::{service, unit};
use crate::memo::Memo;
use crate::units::domain::descendants;
use crate::units::repo::{all_services, all_units};
use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, DbErr};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// A period with either end open.
type Span = (Option<NaiveDate>, Option<NaiveDate>);

/// The province-wide figures, kept for `SUARA_FIGURES_MAX_AGE_SECS` ([`Memo`]): every unit's
/// report, the whole province's, and the province's sums by month. Each adds up every
/// service's sums, which on a province's data (3,000 services) takes about a second; kept,
/// `/ikm`, the dashboards and the province's trend answer from memory, at most that old.
pub struct Figures {
    /// The units and services, read again only when they changed.
    pub catalog: crate::units::catalog::Catalog,
    units: Memo<(Span, Rollup), Vec<UnitReport>>,
    whole: Memo<Span, Report>,
    months: Memo<(NaiveDate, NaiveDate), BTreeMap<String, Totals>>,
}

impl Figures {
    /// Figures kept for `max_age` (zero: computed for every reader).
    pub fn new(max_age: std::time::Duration) -> Self {
        Figures {
            catalog: Default::default(),
            units: Memo::new(max_age, 16),
            whole: Memo::new(max_age, 16),
            months: Memo::new(max_age, 8),
        }
    }

    /// The province's sums per month (`YYYY-MM`) over `[from, to]`
    /// ([`super::repo::sums_by_month`] over every service).
    pub async fn months(
        &self,
        db: &impl ConnectionTrait,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Arc<BTreeMap<String, Totals>>, DbErr> {
        self.months
            .get((from, to), || {
                super::repo::sums_by_month(db, None, Some(from), Some(to))
            })
            .await
    }
}

/// What an index is asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Every unit of the province.
    Province,
    /// A unit and every unit below it.
    Unit(String),
    /// One service.
    Service(String),
    /// One service, which must be the unit's or of a unit below it.
    ServiceIn { unit: String, service: String },
}

impl Scope {
    /// The scope a query names: neither unit nor service (or both empty) is the province.
    pub fn of_query(unit: Option<&str>, service: Option<&str>) -> Scope {
        let given = |v: Option<&str>| v.filter(|s| !s.is_empty()).map(str::to_string);
        match (given(unit), given(service)) {
            (None, None) => Scope::Province,
            (Some(unit), None) => Scope::Unit(unit),
            (None, Some(service)) => Scope::Service(service),
            (Some(unit), Some(service)) => Scope::ServiceIn { unit, service },
        }
    }

    /// The services this scope counts; `None` when a code in it names nothing (or the
    /// service is not the unit's).
    pub fn services<'a>(
        &self,
        units: &[unit::Model],
        services: &'a [service::Model],
    ) -> Option<Vec<&'a service::Model>> {
        let tree_of = |code: &str| {
            let root = units.iter().find(|u| u.code == code)?;
            Some(descendants(&pairs(units), root.id))
        };
        let chosen: Vec<&service::Model> = match self {
            Scope::Province => services.iter().collect(),
            Scope::Unit(code) => {
                let tree = tree_of(code)?;
                services
                    .iter()
                    .filter(|s| tree.contains(&s.unit_id))
                    .collect()
            }
            Scope::Service(code) => services.iter().filter(|s| &s.code == code).collect(),
            Scope::ServiceIn { unit, service } => {
                let tree = tree_of(unit)?;
                services
                    .iter()
                    .filter(|s| &s.code == service && tree.contains(&s.unit_id))
                    .collect()
            }
        };
        if matches!(self, Scope::Service(_) | Scope::ServiceIn { .. }) && chosen.is_empty() {
            return None;
        }
        Some(chosen)
    }
}

/// Average number of days in a month, for scaling monthly volumes to a period.
const DAYS_PER_MONTH: f64 = 365.25 / 12.0;

/// The days whose people served set a period's minimum sample: the days of `[from, to]`
/// that have begun by `today` (WIB). A period still running asks for the sample of the
/// people served so far, not of days to come. This is the one definition every page and
/// export uses (the public index, the trends, the staff analytics and the SKM report).
pub fn served_days(from: NaiveDate, to: NaiveDate, today: NaiveDate) -> i64 {
    let end = to.min(today);
    if end < from {
        0
    } else {
        days_inclusive(from, end)
    }
}

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
    let today = crate::clock::today();
    let days = match (first, last) {
        (Some(a), Some(b)) => served_days(a, b, today),
        _ => 0,
    };
    Report::of(&totals, population(services, days))
}

/// The report of a unit or service, or of the province (kept in `figures`); `None` when the
/// code is unknown.
pub async fn report_for(
    db: &sea_orm::DatabaseConnection,
    figures: &Figures,
    scope: &Scope,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<Option<Report>, DbErr> {
    if *scope == Scope::Province {
        let whole = figures
            .whole
            .get((from, to), || async {
                let services = all_services(db).await?;
                let all: Vec<&service::Model> = services.iter().collect();
                let sums = totals_by_service(db, None, from, to).await?;
                Ok::<_, DbErr>(combine(&all, &sums, from, to))
            })
            .await?;
        return Ok(Some(Report::clone(&whole)));
    }
    let lists = figures.catalog.lists(db).await?;
    let Some(chosen) = scope.services(&lists.units, &lists.services) else {
        return Ok(None);
    };
    Ok(Some(report_of(db, &chosen, from, to).await?))
}

/// The report of `chosen` services, for a caller that has read the services already.
pub async fn report_of(
    db: &impl ConnectionTrait,
    chosen: &[&service::Model],
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<Report, DbErr> {
    let ids: Vec<i32> = chosen.iter().map(|s| s.id).collect();
    let sums = totals_by_service(db, Some(&ids), from, to).await?;
    Ok(combine(chosen, &sums, from, to))
}

pub(crate) fn pairs(units: &[unit::Model]) -> Vec<(i32, Option<i32>)> {
    units.iter().map(|u| (u.id, u.parent_id)).collect()
}

/// Which services a unit's report counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Rollup {
    /// The unit's own services and those of every unit below it (a parent's figure includes
    /// its UPTDs): the public table, where a reader looks up an agency.
    WithUnitsBelow,
    /// Only the unit's own services: each response counts for exactly one unit, so units can
    /// be ranked against each other (a parent is not ranked beside its own UPTDs' answers).
    OwnServices,
}

/// Every unit's report over a period, parents first, each UPTD after its parent (kept in
/// `figures`).
pub async fn all_unit_reports(
    db: &impl ConnectionTrait,
    figures: &Figures,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    rollup: Rollup,
) -> Result<Arc<Vec<UnitReport>>, DbErr> {
    figures
        .units
        .get(((from, to), rollup), || {
            compute_unit_reports(db, from, to, rollup)
        })
        .await
}

async fn compute_unit_reports(
    db: &impl ConnectionTrait,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    rollup: Rollup,
) -> Result<Vec<UnitReport>, DbErr> {
    let units = all_units(db).await?;
    let services = all_services(db).await?;
    let sums = totals_by_service(db, None, from, to).await?;
    let tree = pairs(&units);
    let mut own: HashMap<i32, Vec<&service::Model>> = HashMap::new();
    for s in &services {
        own.entry(s.unit_id).or_default().push(s);
    }
    let mut children: HashMap<i32, Vec<&unit::Model>> = HashMap::new();
    for u in &units {
        if let Some(p) = u.parent_id {
            children.entry(p).or_default().push(u);
        }
    }
    let mut out = Vec::with_capacity(units.len());
    let mut visit = vec![];
    // Depth-first from the roots, so that a UPTD follows its parent.
    for root in units.iter().filter(|u| u.parent_id.is_none()).rev() {
        visit.push((root, 0_u8));
    }
    while let Some((u, depth)) = visit.pop() {
        let chosen: Vec<&service::Model> = match rollup {
            Rollup::WithUnitsBelow => descendants(&tree, u.id)
                .iter()
                .flat_map(|id| own.get(id).into_iter().flatten().copied())
                .collect(),
            Rollup::OwnServices => own.get(&u.id).cloned().unwrap_or_default(),
        };
        out.push(UnitReport {
            code: u.code.clone(),
            name: u.name.clone(),
            depth,
            report: combine(&chosen, &sums, from, to),
        });
        for child in children.get(&u.id).into_iter().flatten().rev() {
            visit.push((child, depth.saturating_add(1)));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_running_period_counts_the_days_served_so_far() {
        let today = d(2026, 12, 2);
        assert_eq!(served_days(d(2026, 12, 1), d(2026, 12, 31), today), 2);
        assert_eq!(served_days(d(2026, 11, 1), d(2026, 11, 30), today), 30);
        assert_eq!(served_days(d(2027, 1, 1), d(2027, 1, 31), today), 0);
        assert_eq!(served_days(d(2026, 12, 2), d(2026, 12, 2), today), 1);
    }
}
