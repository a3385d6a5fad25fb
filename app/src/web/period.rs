//! Periods on pages and in queries: the selector of the public pages (`/ikm`, `/statistik`),
//! period keys (`2026`, `2026-S1`, `2026-Q3`, `2026-07`) in words with the options grouped by
//! year, and the `from`/`to` date range of the staff pages and the API, checked.

use crate::i18n::Lang;
use crate::period::Period;
use crate::tr;
use leptos::prelude::*;

/// A period key (`2026-Q3`) in words.
pub fn period_label(lang: Lang, key: &str) -> String {
    match Period::parse(key) {
        Some(Period::Year(y)) => tr!(lang, "period.year", y = y),
        Some(Period::Semester(y, n)) => tr!(lang, "period.semester", y = y, n = n),
        Some(Period::Quarter(y, n)) => tr!(lang, "period.quarter", y = y, n = n),
        Some(Period::Month(y, n)) => format!("{} {y}", lang.month_name(u32::from(n))),
        None => key.to_string(),
    }
}

/// The selector's options, one group per year, the period shown selected.
pub fn period_options(lang: Lang, choices: &[String], shown: &str) -> impl IntoView + use<> {
    let mut years: Vec<(i32, Vec<String>)> = Vec::new();
    for c in choices {
        let y = Period::parse(c).map(Period::year).unwrap_or_default();
        match years.iter_mut().find(|(k, _)| *k == y) {
            Some((_, v)) => v.push(c.clone()),
            None => years.push((y, vec![c.clone()])),
        }
    }
    years
        .into_iter()
        .map(|(y, keys)| {
            let opts = keys
                .into_iter()
                .map(|c| {
                    let selected = c == shown;
                    let label = period_label(lang, &c);
                    view! { <option value=c selected=selected>{label}</option> }
                })
                .collect_view();
            view! { <optgroup label=y.to_string()>{opts}</optgroup> }
        })
        .collect_view()
}

/// A `from`/`to` pair of `YYYY-MM-DD` texts, checked: `to` defaults to today (WIB) and
/// `from` to the first day of the month 11 months before `to`.
#[cfg(feature = "ssr")]
pub fn date_range(
    from: &Option<String>,
    to: &Option<String>,
) -> Result<(chrono::NaiveDate, chrono::NaiveDate), crate::web::error::AppError> {
    use crate::web::error::AppError;
    use chrono::{Datelike, NaiveDate};
    let date = |v: &Option<String>, f: &str| {
        v.as_deref()
            .filter(|s| !s.is_empty())
            .map(|s| {
                NaiveDate::parse_from_str(s, "%Y-%m-%d")
                    .map_err(|_| AppError::invalid("invalid_date", f))
            })
            .transpose()
    };
    let to = date(to, "to")?.unwrap_or_else(crate::clock::today);
    let from = match date(from, "from")? {
        Some(f) => f,
        None => NaiveDate::from_ymd_opt(to.year(), to.month(), 1)
            .and_then(|d| d.checked_sub_months(chrono::Months::new(11)))
            .unwrap_or(to),
    };
    if from > to {
        return Err(AppError::invalid("invalid_range", "from"));
    }
    if (to - from).num_days() > 366 * 10 {
        return Err(AppError::invalid("range_too_long", "from"));
    }
    Ok((from, to))
}
