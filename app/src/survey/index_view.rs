//! How an index reads on a public page: its grade badge, its interval in words, its sample
//! status and its elements' table, the same on `/ikm`, the thank-you page and a unit's page.

use super::index::{Grade, Index, Interval, Report};
use super::questionnaire::wording;
use crate::i18n::Lang;
use crate::tr;
use leptos::prelude::*;

/// The dates a period's figures cover: "1 Januari 2026 sampai 31 Maret 2026", or "since ..;
/// the period still runs, data until `today`" while it runs.
pub fn period_range(
    lang: Lang,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
    running_until: Option<chrono::NaiveDate>,
) -> String {
    match running_until {
        Some(today) => tr!(
            lang,
            "index.range_running",
            from = lang.date(from),
            today = lang.date(today)
        ),
        None => tr!(
            lang,
            "index.range",
            from = lang.date(from),
            to = lang.date(to)
        ),
    }
}

/// A grade badge with its label.
pub fn grade_badge(lang: Lang, grade: Grade) -> impl IntoView + use<> {
    let letter = grade.letter();
    view! {
        <span class=format!("grade grade-{letter}")>{letter}</span>
        " "
        <span class="grade-label">{tr!(lang, &format!("grade.{letter}"))}</span>
    }
}

/// "±3,1 · interval 95 %: 77,1–83,3" beside an index, or nothing below two responses.
pub fn ci_line(lang: Lang, value: f64, ci: Option<Interval>) -> impl IntoView + use<> {
    ci.map(|c| {
        view! {
            <p class="ci">
                {lang.ci_words(value, c.low, c.high)}
            </p>
        }
    })
}

/// The sample in a sentence beside every index: how many answered against the minimum, and
/// whether it is reached ("2.612 responden; sampel minimal 384 tercapai.").
pub fn sample_line(lang: Lang, r: &Report) -> impl IntoView + use<> {
    let n = lang.count(r.responses);
    let (text, short) = match (r.min_sample, r.sample_reached()) {
        (Some(m), Some(false)) => (
            tr!(
                lang,
                "index.sample_below",
                n = n,
                min = lang.count(m as i64)
            ),
            true,
        ),
        (Some(m), _) => (
            tr!(lang, "index.sample_met", n = n, min = lang.count(m as i64)),
            false,
        ),
        (None, _) => (tr!(lang, "index.sample_no_min", n = n), false),
    };
    view! {
        <p class="sample">
            {text}
            {short.then(|| view! { <span class="warn">" " {tr!(lang, "index.sample_short")}</span> })}
        </p>
    }
}

/// The nine elements as a table: code and name, index with its interval, grade.
pub fn element_table(lang: Lang, idx: &Index) -> impl IntoView + use<> {
    let rows = idx
        .elements
        .iter()
        .map(|el| {
            let figure = match el.ci {
                Some(c) => lang.with_margin(el.index.to_f64(), c.low, c.high),
                None => el.index.format(lang.decimal_sep()),
            };
            let letter = Grade::of(el.index).letter();
            view! {
                <tr>
                    <th scope="row">{el.element.code()} " " {wording(el.element, lang).name}</th>
                    <td class="num">{figure}</td>
                    <td><span class=format!("grade grade-{letter}")>{letter}</span></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="data elements-table">
                <caption>{tr!(lang, "index.elements")}</caption>
                <thead>
                    <tr>
                        <th scope="col">{tr!(lang, "index.element")}</th>
                        <th scope="col">{tr!(lang, "index.element_value")}</th>
                        <th scope="col">{tr!(lang, "index.grade")}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
