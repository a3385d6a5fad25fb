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

pub use crate::survey::domain::ENOUGH_RESPONSES;

/// A change of index from an earlier period to this one, with its 95 % interval and
/// whether it is told as a change: `direction` is 1 (up) or -1 (down) only when the interval
/// excludes zero and, among the many units compared at once, the change survives the
/// Benjamini-Hochberg rule (false discovery rate 5 %); 0 otherwise ("tidak berbeda nyata").
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChangeCell {
    pub diff: f64,
    pub low: f64,
    pub high: f64,
    pub p: f64,
    /// The fewer responses of the two periods: below 30 the change is not tested ("sampel
    /// kecil").
    pub fewest: i64,
    pub direction: i8,
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
    /// The IKM's 95 % interval.
    pub ikm_ci: Option<(f64, f64)>,
    pub grade: Option<String>,
    pub previous: Option<f64>,
    pub year_ago: Option<f64>,
    /// The change from the previous period and from a year ago, when both have an index.
    pub change_previous: Option<ChangeCell>,
    pub change_year_ago: Option<ChangeCell>,
    pub responses: i64,
    pub min_sample: Option<u64>,
    pub sample_reached: Option<bool>,
    /// The nine element indexes (NRR x 25) this period, `U1` first.
    pub elements: Vec<Option<f64>>,
    /// The positions (0..9) of the weakest elements, lowest first (at most three, none graded
    /// A); marked "lemah" and offered for training only when `enough` holds.
    pub weakest: Vec<usize>,
    /// The unit's minimum sample reached, or at least 30 responses: enough to call an
    /// element weak. Otherwise the heatmap says "sampel kecil".
    pub enough: bool,
    pub open: u64,
    pub overdue: u64,
    /// Actions of the unit's SKM follow-up plan not done: due within the next
    /// [`FOLLOW_UP_SOON_DAYS`] days (today included), and past their due date.
    pub follow_ups_due: u64,
    pub follow_ups_overdue: u64,
}

/// How far ahead the dashboard counts follow-up actions as due.
pub const FOLLOW_UP_SOON_DAYS: i64 = 14;

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

/// What a dashboard is kept by: the units read (`None`: all), the period kind, the day and
/// the language.
pub type DashboardKey = (
    Option<Vec<i32>>,
    &'static str,
    chrono::NaiveDate,
    crate::i18n::Lang,
);

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
    pub ikm_ci: Option<(f64, f64)>,
    pub grade: Option<String>,
    pub ikm_previous: Option<f64>,
    pub ikm_year_ago: Option<f64>,
    /// The changes of the whole (one comparison each: no correction).
    pub change_previous: Option<ChangeCell>,
    pub change_year_ago: Option<ChangeCell>,
    pub responses: i64,
    pub units: Vec<DashUnit>,
    /// How many unit changes were compared at once (the footnote's m).
    pub compared: usize,
    /// The early warning's open alarms of the visible units.
    pub alarms: Vec<crate::analytics::warning_view::AlarmView>,
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
    /// Units with conduct findings proven in the last twelve months, most first, beside
    /// their U7 (Perilaku Pelaksana).
    #[serde(default)]
    pub conduct: Vec<DashConduct>,
    /// The quarters of each unit's U7 trend, oldest first (`2026-Q1`...).
    #[serde(default)]
    pub conduct_quarters: Vec<String>,
    /// Training that targets what keeps being proven.
    #[serde(default)]
    pub suggestions: Vec<DashSuggestion>,
    /// The units' search (`cari`), the page of units shown (from 1), how many pages and how
    /// many units the search matched: `units` holds that page only.
    #[serde(default)]
    pub units_query: String,
    #[serde(default)]
    pub units_page: usize,
    #[serde(default)]
    pub units_pages: usize,
    #[serde(default)]
    pub units_matched: usize,
    /// The link that plans a randomized rollout over every unit with an index (not only the
    /// page's).
    #[serde(default)]
    pub rollout_href: String,
}

impl DashUnit {
    /// Its unit's code, name and depth, for a unit list (`web::unit_list`).
    pub fn unit(&self) -> (&str, &str, u8) {
        (&self.code, &self.name, self.depth)
    }
}

/// One unit's conduct findings proven (in whole or in part) over the last twelve months, by
/// category, beside its U7 index: where ethics and service quality meet.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DashConduct {
    pub code: String,
    pub name: String,
    /// `(category code, findings)`, most first.
    pub by_category: Vec<(String, u64)>,
    pub total: u64,
    /// The U7 index in the dashboard's current period.
    pub u7_now: Option<f64>,
    /// The U7 index in each of the last four whole quarters, oldest first.
    pub u7_quarters: Vec<Option<f64>>,
}

/// A training suggestion: a unit with two or more proven findings of a category in twelve
/// months, and the training the admins map that category to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DashSuggestion {
    pub unit_code: String,
    pub unit_name: String,
    pub category: String,
    pub findings: u64,
    pub topic: String,
    pub elements: Vec<String>,
    /// The program form, pre-filled.
    pub program_href: String,
    /// The randomized rollout form, pre-filled.
    pub rollout_href: String,
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

/// The dashboard of the signed-in reader of figures, over the units they may read, with
/// page `page` (`hal`) of the units whose name or code holds `search` (`cari`).
#[server(prefix = "/sf", endpoint = "dashboard")]
pub async fn load_dashboard(
    period: Option<String>,
    search: Option<String>,
    page: Option<usize>,
) -> Result<DashboardData, PageError> {
    let (st, staff) = crate::accounts::auth::staff_session().await?;
    let lang = crate::web::page::use_lang();
    let allowed = crate::accounts::auth::stats_units(&st, &staff).await?;
    let kind = match period.as_deref() {
        Some("month") => "month",
        Some("year") => "year",
        _ => "quarter",
    };
    let today = crate::clock::today();
    // The same dashboard for every reader of the same units: kept as long as the province's
    // figures (it adds up every visible unit's, and weighs every training program).
    let kept = st
        .dashboards
        .get((allowed.clone(), kind, today, lang), || {
            crate::analytics::dashboard::build(
                &st.db,
                &st.figures,
                allowed.as_deref(),
                kind,
                today,
                lang,
            )
        })
        .await?;
    use crate::web::unit_list::{UNITS_PER_PAGE, paged, query_of};
    let query = query_of(search.as_deref());
    let shown = paged(
        &kept.units,
        DashUnit::unit,
        &query,
        page.unwrap_or(1),
        UNITS_PER_PAGE,
    );
    Ok(DashboardData {
        may_register: staff.role.registers_programs(),
        units: shown.rows,
        units_query: query,
        units_page: shown.page,
        units_pages: shown.pages,
        units_matched: shown.matched,
        ..DashboardData::clone(&kept)
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
