//! The public complaint statistics (`/statistik`), for everybody.

use crate::analytics::public_stats::PublicStats;
use crate::web::error::PageError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The statistics page's data: the period shown, the periods offered, the figures of one
/// page of units (`web::unit_list`), and every unit with an action counted five times or
/// more (a short table of its own).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ComplaintStatsPage {
    /// The quarter shown (`2026-Q4`).
    pub period: String,
    pub choices: Vec<String>,
    /// While the period runs: today (the figures are so far).
    pub running_until: Option<chrono::NaiveDate>,
    /// The period's figures, `rows` only the page's units.
    pub stats: PublicStats,
    pub with_actions: Vec<crate::analytics::public_stats::UnitRow>,
    /// The search for a unit (`cari`), as read; how many units it matched, the page shown
    /// and how many there are.
    pub query: String,
    pub matched: usize,
    pub page: usize,
    pub pages: usize,
}

/// Complaint handling per unit over a quarter (the running one by default). Only quarters
/// are offered: they never overlap, so no hidden count can be had by subtracting one
/// period's figure from another's (see [`crate::analytics::public_stats`]). Any other key
/// (a year, a semester, a month) shows the running quarter.
#[server(prefix = "/sf", endpoint = "complaint_statistics")]
pub async fn load_complaint_statistics(
    period: Option<String>,
    query: Option<String>,
    page: Option<usize>,
) -> Result<ComplaintStatsPage, PageError> {
    use crate::period::Period;
    let st = crate::state::app_state()?;
    let today = crate::clock::today();
    let p = period
        .as_deref()
        .and_then(Period::parse)
        .filter(|p| matches!(p, Period::Quarter(..)))
        .unwrap_or(Period::quarter_of(today));
    let (from, to) = p.range();
    // Every reader of a quarter gets the same figures: kept a while, as the index is.
    let stats = st
        .public_stats
        .get((from, to), || async {
            let cal = crate::calendar::repo::calendar(&st.db).await?;
            crate::analytics::public_stats::compute(&st.db, &cal, from, to).await
        })
        .await?;
    use crate::analytics::public_stats::{Count, UnitRow};
    use crate::web::unit_list::{UNITS_PER_PAGE, paged, query_of};
    let query = query_of(query.as_deref());
    let shown = paged(
        &stats.rows,
        UnitRow::unit,
        &query,
        page.unwrap_or(1),
        UNITS_PER_PAGE,
    );
    let with_actions = stats
        .rows
        .iter()
        .filter(|r| r.actions.iter().any(|(_, n)| matches!(n, Count::Exact(_))))
        .cloned()
        .collect();
    let stats = crate::analytics::public_stats::PublicStats {
        rows: shown.rows,
        ..crate::analytics::public_stats::PublicStats::clone(&stats)
    };
    let mut choices: Vec<Period> = Period::choices(today)
        .into_iter()
        .filter(|c| matches!(c, Period::Quarter(..)))
        .collect();
    if !choices.contains(&p) {
        choices.push(p);
    }
    Ok(ComplaintStatsPage {
        period: p.key(),
        choices: choices.into_iter().map(Period::key).collect(),
        running_until: (from <= today && today < to).then_some(today),
        stats,
        with_actions,
        query,
        matched: shown.matched,
        page: shown.page,
        pages: shown.pages,
    })
}
