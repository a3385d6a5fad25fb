//! The manager's dashboard: this period against the one before and the same period a year
//! earlier, complaints open and overdue, each unit's nine elements side by side, and the
//! training programs' verdicts.

use crate::web::error::PageError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A period of the dashboard, as the page states it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub from: String,
    pub to: String,
}

/// One unit's line: its index now and before, its sample, its nine elements now, and its
/// open complaints. Each unit counts only its own services (a parent is not blended with
/// its UPTDs), as in the ranking.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DashUnit {
    pub code: String,
    pub name: String,
    pub depth: u8,
    pub ikm: Option<f64>,
    pub grade: Option<String>,
    pub previous: Option<f64>,
    pub year_ago: Option<f64>,
    pub responses: i64,
    pub min_sample: Option<u64>,
    pub sample_reached: Option<bool>,
    /// The nine element indexes (NRR x 25) this period, `U1` first.
    pub elements: Vec<Option<f64>>,
    /// The positions (0..9) of the weakest elements, lowest first (at most three).
    pub weakest: Vec<usize>,
    pub open: u64,
    pub overdue: u64,
}

/// A training program and its current verdict.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DashProgram {
    pub name: String,
    /// Its page: a program's or a randomized rollout's.
    pub href: String,
    /// A randomized rollout (its verdict is causal).
    pub randomized: bool,
    pub end: String,
    /// `improved`, `worsened`, `no_measurable_change`, `insufficient_data`, `inconclusive`,
    /// or `exploratory` for a program registered after its training began (no direction
    /// said).
    pub verdict: String,
}

/// The dashboard's data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DashboardData {
    /// `month`, `quarter` or `year`.
    pub period: String,
    pub current: Span,
    pub previous: Span,
    pub year_ago: Span,
    /// The index over every visible unit's services (the three periods).
    pub ikm: Option<f64>,
    pub grade: Option<String>,
    pub ikm_previous: Option<f64>,
    pub ikm_year_ago: Option<f64>,
    pub responses: i64,
    pub units: Vec<DashUnit>,
    /// Visible units without a response this period (left out of the heatmap).
    pub silent_units: Vec<String>,
    /// Element codes and names, `U1` first.
    pub elements: Vec<(String, String)>,
    pub open: u64,
    pub overdue: u64,
    /// Complaints filed this period, how many are resolved, and the share of those with a
    /// deadline resolved within it.
    pub filed: u64,
    pub resolved: u64,
    pub within_deadline: Option<f64>,
    pub programs: Vec<DashProgram>,
    /// Whether this account may register a training program.
    pub may_register: bool,
}

/// The dashboard's periods for `kind` on `today`: this period so far, the whole period
/// before it, and the same days a year earlier.
pub fn periods(
    kind: &str,
    today: chrono::NaiveDate,
) -> (
    (chrono::NaiveDate, chrono::NaiveDate),
    (chrono::NaiveDate, chrono::NaiveDate),
    (chrono::NaiveDate, chrono::NaiveDate),
) {
    use chrono::{Datelike, Months, NaiveDate};
    let months = match kind {
        "month" => 1,
        "year" => 12,
        _ => 3,
    };
    let start_month = (today.month0() / months) * months + 1;
    let start = NaiveDate::from_ymd_opt(today.year(), start_month, 1).unwrap_or(today);
    let prev_start = start - Months::new(months);
    let prev_end = start.pred_opt().unwrap_or(start);
    let year = |d: NaiveDate| d - Months::new(12);
    (
        (start, today),
        (prev_start, prev_end),
        (year(start), year(today)),
    )
}

/// The dashboard of the signed-in reader of figures, over the units they may read.
#[server(prefix = "/sf", endpoint = "dashboard")]
pub async fn load_dashboard(period: Option<String>) -> Result<DashboardData, PageError> {
    use crate::accounts::auth::staff_session as session;
    use crate::survey::domain::Element;
    use crate::survey::report::{Rollup, all_unit_reports};
    let (st, staff) = session().await?;
    let lang = crate::web::page::use_lang();
    let allowed = crate::accounts::auth::stats_units(&st, &staff).await?;
    let kind = match period.as_deref() {
        Some("month") => "month",
        Some("year") => "year",
        _ => "quarter",
    };
    let today = crate::clock::today();
    let (cur, prev, ago) = periods(kind, today);
    let visible = |id: i32| allowed.as_ref().is_none_or(|a| a.contains(&id));
    let units = crate::units::repo::all_units(&st.db).await?;
    let ids: Vec<i32> = units
        .iter()
        .map(|u| u.id)
        .filter(|id| visible(*id))
        .collect();
    let reports = |(from, to)| all_unit_reports(&st.db, Some(from), Some(to), Rollup::OwnServices);
    let now = reports(cur).await?;
    let before = reports(prev).await?;
    let year_ago = reports(ago).await?;
    let ikm_of = |list: &[crate::survey::index::UnitReport], code: &str| {
        list.iter()
            .find(|r| r.code == code)
            .and_then(|r| r.report.index.map(|i| i.ikm.to_f64()))
    };
    let open = crate::analytics::repo::open_complaints(&st.db, Some(&ids)).await?;
    let mut rows = Vec::new();
    let mut silent = Vec::new();
    for r in now.iter() {
        let Some(u) = units.iter().find(|u| u.code == r.code) else {
            continue;
        };
        if !visible(u.id) {
            continue;
        }
        let open_here: Vec<_> = open.iter().filter(|c| c.unit_id == u.id).collect();
        let overdue = open_here
            .iter()
            .filter(|c| c.due_date.is_some_and(|d| d < today))
            .count() as u64;
        let Some(index) = r.report.index else {
            if !open_here.is_empty() {
                rows.push(DashUnit {
                    code: r.code.clone(),
                    name: r.name.clone(),
                    depth: r.depth,
                    ikm: None,
                    grade: None,
                    previous: ikm_of(&before, &r.code),
                    year_ago: ikm_of(&year_ago, &r.code),
                    responses: 0,
                    min_sample: r.report.min_sample,
                    sample_reached: r.report.sample_reached(),
                    elements: vec![None; 9],
                    weakest: Vec::new(),
                    open: open_here.len() as u64,
                    overdue,
                });
            } else {
                silent.push(r.name.clone());
            }
            continue;
        };
        let elements: Vec<Option<f64>> = index
            .elements
            .iter()
            .map(|e| Some(e.index.to_f64()))
            .collect();
        let mut order: Vec<usize> = (0..index.elements.len()).collect();
        order.sort_by_key(|k| (index.elements[*k].index, *k));
        rows.push(DashUnit {
            code: r.code.clone(),
            name: r.name.clone(),
            depth: r.depth,
            ikm: Some(index.ikm.to_f64()),
            grade: Some(index.grade().letter().into()),
            previous: ikm_of(&before, &r.code),
            year_ago: ikm_of(&year_ago, &r.code),
            responses: r.report.responses,
            min_sample: r.report.min_sample,
            sample_reached: r.report.sample_reached(),
            elements,
            weakest: order.into_iter().take(3).collect(),
            open: open_here.len() as u64,
            overdue,
        });
    }
    // The whole of what this reader sees: every visible unit's services together.
    let services: Vec<i32> = crate::units::repo::all_services(&st.db)
        .await?
        .iter()
        .filter(|s| visible(s.unit_id))
        .map(|s| s.id)
        .collect();
    let overall = |(from, to)| {
        let db = st.db.clone();
        let services = services.clone();
        async move {
            let mut totals = crate::survey::index::Totals::default();
            for t in
                crate::survey::repo::totals_by_service(&db, Some(&services), Some(from), Some(to))
                    .await?
                    .values()
            {
                totals.merge(&t.totals);
            }
            Ok::<_, sea_orm::DbErr>((totals.index(), totals.responses))
        }
    };
    let (all_now, responses) = overall(cur).await?;
    let (all_prev, _) = overall(prev).await?;
    let (all_ago, _) = overall(ago).await?;
    let cs = crate::analytics::stats::compute(&st.db, Some(&ids), cur.0, cur.1).await?;
    let visible_codes: Vec<&str> = units
        .iter()
        .filter(|u| visible(u.id))
        .map(|u| u.code.as_str())
        .collect();
    let mut programs = Vec::new();
    for p in crate::training::programs::visible_programs(&st.db, None).await? {
        if allowed.is_some()
            && !p
                .unit_codes
                .iter()
                .any(|c| visible_codes.contains(&c.as_str()))
        {
            continue;
        }
        let report = crate::training::programs::impact(&st.db, p.id).await?;
        let directional = report.as_ref().is_some_and(|r| {
            matches!(
                r.verdict,
                crate::training::impact::Verdict::Improved
                    | crate::training::impact::Verdict::Worsened
            )
        });
        let verdict = if p.retrospective && directional {
            "exploratory".to_string()
        } else {
            report
                .and_then(|r| serde_json::to_value(r.verdict).ok())
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_else(|| "insufficient_data".into())
        };
        programs.push(DashProgram {
            href: format!("/staf/pelatihan/{}", p.id),
            randomized: false,
            name: p.name,
            end: p.end_date,
            verdict,
        });
    }
    // Randomized rollouts with a unit among the reader's.
    for (r, report) in
        crate::training::rollout::service::visible_with_impact(&st.db, allowed.as_deref()).await?
    {
        programs.push(DashProgram {
            href: format!("/staf/pelatihan/acak/{}", r.id),
            randomized: true,
            end: r.waves.last().map(|d| d.to_string()).unwrap_or_default(),
            verdict: serde_json::to_value(report.verdict)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_else(|| "insufficient_data".into()),
            name: r.name,
        });
    }
    programs.sort_by(|a, b| b.end.cmp(&a.end).then(a.name.cmp(&b.name)));
    let span = |(from, to): (chrono::NaiveDate, chrono::NaiveDate)| Span {
        from: from.to_string(),
        to: to.to_string(),
    };
    Ok(DashboardData {
        period: kind.into(),
        current: span(cur),
        previous: span(prev),
        year_ago: span(ago),
        ikm: all_now.map(|i| i.ikm.to_f64()),
        grade: all_now.map(|i| i.grade().letter().to_string()),
        ikm_previous: all_prev.map(|i| i.ikm.to_f64()),
        ikm_year_ago: all_ago.map(|i| i.ikm.to_f64()),
        responses,
        units: rows,
        silent_units: silent,
        elements: Element::ALL
            .iter()
            .map(|e| {
                (
                    e.code().to_string(),
                    crate::survey::questionnaire::wording(*e, lang)
                        .name
                        .to_string(),
                )
            })
            .collect(),
        open: open.len() as u64,
        overdue: open
            .iter()
            .filter(|c| c.due_date.is_some_and(|d| d < today))
            .count() as u64,
        filed: cs.total,
        resolved: cs.resolved,
        within_deadline: cs.within_deadline,
        programs,
        may_register: staff.role.registers_programs(),
    })
}

#[cfg(test)]
mod tests {
    use super::periods;
    use chrono::NaiveDate;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_period_so_far_is_set_against_the_whole_one_before_and_the_same_days_a_year_earlier() {
        assert_eq!(
            periods("quarter", d(2026, 12, 2)),
            (
                (d(2026, 10, 1), d(2026, 12, 2)),
                (d(2026, 7, 1), d(2026, 9, 30)),
                (d(2025, 10, 1), d(2025, 12, 2))
            )
        );
        assert_eq!(
            periods("month", d(2026, 3, 31)),
            (
                (d(2026, 3, 1), d(2026, 3, 31)),
                (d(2026, 2, 1), d(2026, 2, 28)),
                (d(2025, 3, 1), d(2025, 3, 31))
            )
        );
        assert_eq!(
            periods("year", d(2024, 2, 29)).2,
            (d(2023, 1, 1), d(2023, 2, 28))
        );
    }
}
