//! The data table of a trend, shared by the staff figures page and the public trend page:
//! each period's respondents, IKM with its 95 % interval, grade, sample status and the nine
//! element indices. On a phone each period becomes a block (`table.stack`), so the whole
//! table shows without sideways scrolling.

use crate::analytics::server_fns::TrendRow;
use crate::i18n::Lang;
use crate::tr;
use crate::web::page::figure_or_dash;
use leptos::prelude::*;

/// The table of `rows`.
pub fn trend_table(lang: Lang, rows: &[TrendRow]) -> impl IntoView + use<> {
    let caption = tr!(lang, "analytics.trend_caption");
    let (l_n, l_ikm, l_ci, l_grade, l_sample) = (
        tr!(lang, "analytics.respondents"),
        "IKM".to_string(),
        tr!(lang, "analytics.interval"),
        tr!(lang, "analytics.grade"),
        tr!(lang, "analytics.sample"),
    );
    let body = rows
        .iter()
        .map(|r| {
            let sample = match (r.min_sample, r.sample_reached) {
                (Some(m), Some(true)) => {
                    tr!(lang, "analytics.sample_ok", min = lang.count(m as i64))
                }
                (Some(m), _) => tr!(lang, "analytics.sample_short", min = lang.count(m as i64)),
                _ => "–".to_string(),
            };
            let els = (1..=9)
                .map(|i| {
                    let code = format!("U{i}");
                    let v = r.elements.iter().find(|(c, _)| *c == code).map(|(_, v)| *v);
                    view! { <td class="el" data-label=code>{figure_or_dash(lang, v, 2)}</td> }
                })
                .collect_view();
            view! {
                <tr>
                    <th scope="row">{lang.period_label(&r.period)}</th>
                    <td data-label=l_n.clone()>{lang.count(r.responses)}</td>
                    <td data-label=l_ikm.clone()>{figure_or_dash(lang, r.ikm, 2)}</td>
                    <td data-label=l_ci.clone()>{r.ci.map_or_else(|| "–".to_string(), |(a, b)| lang.interval(a, b))}</td>
                    <td data-label=l_grade.clone()>{r.grade.clone().unwrap_or_else(|| "–".into())}</td>
                    <td class="wide" data-label=l_sample.clone()>{sample}</td>
                    {els}
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label=caption.clone()><table class="data stack">
            <caption>{caption.clone()}</caption>
            <thead><tr>
                <th scope="col">{tr!(lang, "analytics.period")}</th>
                <th scope="col">"n"</th>
                <th scope="col">"IKM"</th>
                <th scope="col">{l_ci.clone()}</th>
                <th scope="col">{l_grade.clone()}</th>
                <th scope="col">{l_sample.clone()}</th>
                {(1..=9).map(|i| view! { <th scope="col">{format!("U{i}")}</th> }).collect_view()}
            </tr></thead>
            <tbody>{body}</tbody>
        </table></div>
        <p class="hint legend">{crate::survey::domain::Element::ALL.iter().map(|e| view! {
            <span><b>{e.code()}</b>" "{crate::survey::questionnaire::wording(*e, lang).name}</span>
        }).collect_view()}</p>
        <p class="hint">{tr!(lang, "analytics.interval_hint")}</p>
        <p class="hint">{tr!(lang, "index.min_sample_rule")}</p>
    }
}
