//! Complaint statistics: volume by unit and category, resolution times and the share
//! resolved within the deadline.

use crate::accounts::auth::Caller;
use crate::accounts::auth::TokenOrReader;
use crate::complaints::domain::outcome::{ActionKind, Finding};
use crate::state::AppState;
use crate::web::error::AppError;
use crate::web::extract::ApiQuery;
use axum::Json;
use axum::extract::State;
use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, DbErr};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// The figures over a period.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ComplaintStats {
    pub total: u64,
    /// Complaints per unit, most first.
    pub by_unit: Vec<UnitCount>,
    /// Complaints per conduct category, most first.
    pub by_category: Vec<CategoryCount>,
    /// Complaints resolved so far.
    pub resolved: u64,
    /// Days from filing to resolution: median and 90th percentile.
    pub median_days: Option<f64>,
    pub p90_days: Option<f64>,
    /// Of resolved cases with an overall limit, the share resolved by it (0..1).
    pub within_deadline: Option<f64>,
    /// Cases with a finding recorded, per finding (`substantiated`, ...), in that order.
    #[serde(default)]
    pub findings: Vec<FindingCount>,
    /// Of the cases with a finding, the share proven in whole or in part (0..1).
    #[serde(default)]
    pub substantiated_share: Option<f64>,
    /// Cases per kind of action taken (a case may have several), in the order of the kinds.
    #[serde(default)]
    pub actions: Vec<ActionCount>,
}

/// The cases with one finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FindingCount {
    pub finding: Finding,
    pub complaints: u64,
}

/// The cases where one kind of action was taken.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ActionCount {
    pub action: ActionKind,
    pub complaints: u64,
}

/// The complaints of one unit.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct UnitCount {
    pub unit_code: String,
    pub unit_name: String,
    pub complaints: u64,
    /// Of them, proven in whole or in part.
    #[serde(default)]
    pub substantiated: u64,
}

/// The complaints of one conduct category.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CategoryCount {
    /// The category code (`pungli`, ...).
    pub category: String,
    pub complaints: u64,
    /// Of them, proven in whole or in part.
    #[serde(default)]
    pub substantiated: u64,
}

use crate::quantile::quantile;

/// Statistics of complaints filed in `[from, to]` about `units` (`None`: all).
pub async fn compute(
    db: &impl ConnectionTrait,
    units: Option<&[i32]>,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<ComplaintStats, DbErr> {
    let cases = super::repo::complaints_filed(db, units, None, from, to).await?;
    let resolved_at = super::repo::final_resolved(db, &cases).await?;
    let names: HashMap<i32, (String, String)> = crate::units::repo::all_units(db)
        .await?
        .into_iter()
        .map(|u| (u.id, (u.code, u.name)))
        .collect();
    let ids: Vec<i64> = cases.iter().map(|c| c.id).collect();
    let outcomes = crate::complaints::outcome::repo::of_cases(db, &ids).await?;
    let mut by_unit: BTreeMap<i32, (u64, u64)> = BTreeMap::new();
    let mut by_category: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    let mut findings: BTreeMap<Finding, u64> = BTreeMap::new();
    let mut actions: BTreeMap<ActionKind, u64> = BTreeMap::new();
    let mut days = Vec::new();
    let (mut judged, mut on_time) = (0_u64, 0_u64);
    for c in &cases {
        let proven = outcomes
            .get(&c.id)
            .is_some_and(|o| o.finding.is_substantiated());
        let u = by_unit.entry(c.unit_id).or_default();
        u.0 += 1;
        u.1 += u64::from(proven);
        let k = by_category.entry(c.category.clone()).or_default();
        k.0 += 1;
        k.1 += u64::from(proven);
        if let Some(o) = outcomes.get(&c.id) {
            *findings.entry(o.finding).or_default() += 1;
            for a in &o.actions {
                *actions.entry(a.kind).or_default() += 1;
            }
        }
        if let Some(at) = resolved_at.get(&c.id) {
            days.push((*at - c.created_at).num_seconds() as f64 / 86_400.0);
            if let Some(due) = c.resolve_due {
                judged += 1;
                on_time += u64::from(crate::clock::wib_day(*at) <= due);
            }
        }
    }
    days.sort_by(f64::total_cmp);
    let mut by_unit: Vec<UnitCount> = by_unit
        .into_iter()
        .map(|(id, (n, proven))| {
            let (unit_code, unit_name) = names.get(&id).cloned().unwrap_or_default();
            UnitCount {
                unit_code,
                unit_name,
                complaints: n,
                substantiated: proven,
            }
        })
        .collect();
    by_unit.sort_by(|a, b| {
        b.complaints
            .cmp(&a.complaints)
            .then(a.unit_name.cmp(&b.unit_name))
    });
    let mut by_category: Vec<CategoryCount> = by_category
        .into_iter()
        .map(|(category, (complaints, substantiated))| CategoryCount {
            category,
            complaints,
            substantiated,
        })
        .collect();
    by_category.sort_by(|a, b| {
        b.complaints
            .cmp(&a.complaints)
            .then(a.category.cmp(&b.category))
    });
    Ok(ComplaintStats {
        total: cases.len() as u64,
        by_unit,
        by_category,
        resolved: days.len() as u64,
        median_days: quantile(&days, 0.5),
        p90_days: quantile(&days, 0.9),
        within_deadline: (judged > 0).then(|| on_time as f64 / judged as f64),
        substantiated_share: {
            let with: u64 = findings.values().sum();
            let proven: u64 = findings
                .iter()
                .filter(|(f, _)| f.is_substantiated())
                .map(|(_, n)| n)
                .sum();
            (with > 0).then(|| proven as f64 / with as f64)
        },
        findings: Finding::ALL
            .iter()
            .filter_map(|f| {
                findings.get(f).map(|n| FindingCount {
                    finding: *f,
                    complaints: *n,
                })
            })
            .collect(),
        actions: actions
            .into_iter()
            .map(|(action, complaints)| ActionCount { action, complaints })
            .collect(),
    })
}

/// Query of the statistics endpoint.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatsQuery {
    /// A unit code (its UPTDs included); empty or absent: every unit the caller may read.
    #[cfg_attr(feature = "ssr", param(schema_with = crate::web::api_schema::code_or_empty))]
    pub unit: Option<String>,
    /// First day, `YYYY-MM-DD` (empty or absent: the first day of the month 11 months ago).
    #[cfg_attr(feature = "ssr", param(schema_with = crate::web::api_schema::date_or_empty))]
    pub from: Option<String>,
    /// Last day (empty or absent: today, WIB), not before `from` and at most ten years after.
    #[cfg_attr(feature = "ssr", param(schema_with = crate::web::api_schema::date_or_empty))]
    pub to: Option<String>,
}

/// The units a query covers, within what the caller may read; `Err(NotFound)` for an
/// unknown unit, `Forbidden` for one outside the caller's units.
pub async fn scoped_units(
    state: &AppState,
    caller: &Caller,
    unit: Option<&str>,
) -> Result<Option<Vec<i32>>, AppError> {
    let allowed = caller.units(state).await?;
    let chosen = match unit.filter(|u| !u.is_empty()) {
        None => None,
        Some(code) => {
            let u = crate::units::repo::find_unit(&state.db, code)
                .await?
                .ok_or(AppError::NotFound)?;
            Some(crate::units::repo::with_children(&state.db, &[u.id]).await?)
        }
    };
    Ok(match (allowed, chosen) {
        (None, c) => c,
        (Some(a), None) => Some(a),
        (Some(a), Some(c)) => {
            if c.iter().any(|u| !a.contains(u)) {
                return Err(AppError::Forbidden);
            }
            Some(c)
        }
    })
}

/// Complaint volume by unit and category, resolution times and the share resolved within
/// the deadline, for complaints filed in the range.
#[utoipa::path(get, path = "/api/v1/stats/complaints", tag = "analytics", params(StatsQuery),
    responses(
        (status = 404, description = "No unit has this code", body = crate::web::error::ErrorBody),
        (status = 200, description = "The figures", body = ComplaintStats),
        (status = 401, description = "No session or token"),
        (status = 403, description = "A unit officer, or a unit outside the caller's"),
        (status = 422, description = "A day that is not a date, `to` before `from`, or more than ten years apart (`invalid_date`, `invalid_range`, `range_too_long`)", body = crate::web::error::ErrorBody),
    ))]
pub async fn complaint_stats(
    State(state): State<AppState>,
    TokenOrReader(caller): TokenOrReader,
    ApiQuery(q): ApiQuery<StatsQuery>,
) -> Result<Json<ComplaintStats>, AppError> {
    let (from, to) = crate::web::period::date_range(&q.from, &q.to)?;
    let units = scoped_units(&state, &caller, q.unit.as_deref()).await?;
    Ok(Json(compute(&state.db, units.as_deref(), from, to).await?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_interpolate_between_ranks() {
        let v = [1.0, 2.0, 3.0, 4.0, 10.0];
        assert_eq!(quantile(&v, 0.5), Some(3.0));
        assert!((quantile(&v, 0.9).unwrap() - 7.6).abs() < 1e-12);
        assert_eq!(quantile(&[5.0], 0.9), Some(5.0));
        assert_eq!(quantile(&[], 0.5), None);
    }
}
