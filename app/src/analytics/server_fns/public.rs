//! The public complaint statistics (`/statistik`), for everybody.

use crate::analytics::public_stats::PublicStats;
use crate::web::error::PageError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The statistics page's data: the period shown, the periods offered, the figures.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ComplaintStatsPage {
    /// The quarter shown (`2026-Q4`).
    pub period: String,
    pub choices: Vec<String>,
    /// While the period runs: today (the figures are so far).
    pub running_until: Option<chrono::NaiveDate>,
    pub stats: PublicStats,
}

/// Complaint handling per unit over a quarter (the running one by default). Only quarters
/// are offered: they never overlap, so no hidden count can be had by subtracting one
/// period's figure from another's (see [`crate::analytics::public_stats`]). Any other key
/// (a year, a semester, a month) shows the running quarter.
#[server(prefix = "/sf", endpoint = "complaint_statistics")]
pub async fn load_complaint_statistics(
    period: Option<String>,
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
    let stats = crate::analytics::public_stats::PublicStats::clone(&stats);
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
    })
}
