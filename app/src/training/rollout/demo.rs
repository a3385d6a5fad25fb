//! The demo's eighteen months of survey history and one finished randomized rollout, so that
//! a newcomer sees a real verdict: a plan registered eleven months ago, three waves two
//! months apart, and units doing somewhat better from the month after their wave.

use super::plan::Plan;
use crate::survey::domain::Element;
use crate::training::impact::report::{first_day, month_of};
use crate::web::error::AppError;
use chrono::{Datelike, Duration, NaiveDate, TimeZone, Utc};
use sea_orm::DatabaseConnection;

/// Days of demo history.
pub const HISTORY_DAYS: i64 = 548;
/// The demo's units: an office that serves nobody itself with its two UPTDs (drawn
/// together; the office is listed as without a baseline), and seven offices with
/// services of their own.
const UNITS: [&str; 10] = [
    "bapenda",
    "samsat-kota",
    "samsat-muaro",
    "dpmptsp",
    "bkd",
    "bpsdm",
    "dinsos",
    "disdik",
    "rsud-rm",
    "rsjd",
];
/// The rise of a trained unit's answers (on the 1-4 scale; about 5 IKM points).
const LIFT: f64 = 0.2;

/// Loads the history and the rollout into a database holding only the reference units;
/// the number of responses.
pub async fn load(db: &DatabaseConnection, seed: u64) -> Result<u64, AppError> {
    let today = crate::clock::today();
    let start = today - Duration::days(HISTORY_DAYS - 1);
    let registered_on = {
        let m = month_of(today) - 11;
        first_day(m) + Duration::days(9)
    };
    let n_before = crate::demo::load_responses_between(
        db,
        start,
        registered_on - Duration::days(1),
        seed,
        &|_, _| 0.0,
    )
    .await?;
    let wave_months: Vec<i32> = [1, 3, 5]
        .iter()
        .map(|k| month_of(registered_on) + k)
        .collect();
    let plan = Plan {
        name: "Pelayanan prima bertahap 2026".into(),
        topic: "Kejelasan informasi dan sikap petugas loket".into(),
        targets: vec![Element::U3, Element::U7],
        units: UNITS.iter().map(|s| (*s).to_string()).collect(),
        waves: wave_months.iter().map(|m| first_day(*m)).collect(),
    };
    // Registered at 10:00 WIB, before the first wave.
    let at = Utc
        .with_ymd_and_hms(
            registered_on.year(),
            registered_on.month(),
            registered_on.day(),
            3,
            0,
            0,
        )
        .single()
        .unwrap_or_else(crate::clock::now);
    let waves = super::service::register_demo(db, &plan, seed, at).await?;
    let trained_after = |unit: i32, day: NaiveDate| {
        waves
            .iter()
            .find(|(u, _)| *u == unit)
            .is_some_and(|(_, w)| month_of(day) > wave_months[*w])
    };
    let n_after =
        crate::demo::load_responses_between(db, registered_on, today, seed + 1, &|unit, day| {
            if trained_after(unit, day) { LIFT } else { 0.0 }
        })
        .await?;
    Ok(n_before + n_after)
}
