//! The period selector of the public pages (`/ikm`, `/statistik`): period keys (`2026`,
//! `2026-S1`, `2026-Q3`, `2026-07`) in words, and the options grouped by year.

use crate::i18n::Lang;
use crate::tr;
use leptos::prelude::*;

/// A period key (`2026-Q3`) in words.
pub fn period_label(lang: Lang, key: &str) -> String {
    use crate::survey::period::Period;
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
    use crate::survey::period::Period;
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
