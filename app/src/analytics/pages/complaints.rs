//! `/statistik`: how each unit handles complaints, for everybody. A table on a desktop,
//! one labelled card per unit on a phone; plain HTML, no JavaScript needed.

use crate::analytics::public_stats::{Count, MIN_SHOWN, UnitRow};
use crate::analytics::server_fns::load_complaint_statistics;
use crate::complaints::domain::outcome::ActionKind;
use crate::i18n::Lang;
use crate::tr;
use crate::web::page::{internal_error, use_lang};
use crate::web::period::{period_label, period_options};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

fn count(lang: Lang, c: Count) -> String {
    match c {
        Count::Few => format!("< {MIN_SHOWN}"),
        Count::Exact(n) => lang.count(n as i64),
    }
}

fn percent(lang: Lang, v: Option<f64>) -> String {
    v.map(|v| format!("{}%", lang.number(v * 100.0, 0)))
        .unwrap_or_else(|| "–".into())
}

fn row_view(lang: Lang, r: &UnitRow) -> impl IntoView + use<> {
    let cell = |label: &'static str, value: String| {
        view! { <td data-label=tr!(lang, label)>{value}</td> }
    };
    if r.received == Count::Few {
        // Too few to show any rate: one sentence, not six dashes (a phone reads each
        // unit as a card).
        return view! {
            <tr class=format!("depth-{} few", r.depth)>
                <th scope="row">{r.unit_name.clone()}</th>
                {cell("stats.received", count(lang, r.received))}
                <td class="few" colspan="7">{tr!(lang, "stats.too_few")}</td>
            </tr>
        }
        .into_any();
    }
    view! {
        <tr class=format!("depth-{}", r.depth)>
            <th scope="row">{r.unit_name.clone()}</th>
            {cell("stats.received", count(lang, r.received))}
            {cell("stats.verified", percent(lang, r.verified_share))}
            {cell("stats.median_days", r.median_working_days.map(|d| lang.number(d, 1)).unwrap_or_else(|| "–".into()))}
            {cell("stats.within_limit", percent(lang, r.within_limit_share))}
            <td data-label=tr!(lang, "stats.confirmed")>
                <span>{percent(lang, r.confirmed_share)}
                    {matches!(r.answered, Count::Exact(_)).then(|| view! { <span class="of">{tr!(lang, "stats.of_answers", count = count(lang, r.answered))}</span> })}
                </span>
            </td>
            {cell("stats.rating", r.mean_rating.map(|m| lang.number(m, 1)).unwrap_or_else(|| "–".into()))}
            {cell("stats.substantiated", percent(lang, r.substantiated_share))}
        </tr>
    }
    .into_any()
}

/// The actions taken on findings, per unit: only units with a kind counted five times or
/// more (a row of "< 5" only says nothing), every such unit whatever page the table above
/// shows.
fn actions_table(lang: Lang, shown: &[UnitRow], period: &str) -> impl IntoView + use<> {
    let kinds: Vec<ActionKind> = ActionKind::ALL.to_vec();
    let head = kinds
        .iter()
        .map(
            |k| view! { <th scope="col">{tr!(lang, &format!("outcome.action.{}", k.code()))}</th> },
        )
        .collect_view();
    let body = shown
        .iter()
        .map(|r| {
            let cells = r
                .actions
                .iter()
                .map(|(k, n)| view! { <td data-label=tr!(lang, &format!("outcome.action.{}", k.code()))>{count(lang, *n)}</td> })
                .collect_view();
            view! { <tr class=format!("depth-{}", r.depth)><th scope="row">{r.unit_name.clone()}</th>{cells}</tr> }
        })
        .collect_view();
    view! {
        <h2 id="tindakan">{tr!(lang, "stats.actions_title")}</h2>
        <p class="hint">{tr!(lang, "stats.actions_lead")}</p>
        {if shown.is_empty() {
            view! { <p class="muted">{tr!(lang, "stats.actions_none", min = MIN_SHOWN)}</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap" tabindex="0" role="region" aria-labelledby="actions-caption">
                    <table class="data stats-table actions-table">
                        <caption id="actions-caption">{tr!(lang, "stats.actions_caption", period = period.to_string())}</caption>
                        <thead><tr><th scope="col">{tr!(lang, "stats.unit")}</th>{head}</tr></thead>
                        <tbody>{body}</tbody>
                    </table>
                </div>
            }.into_any()
        }}
    }
}

/// `/statistik`: complaints received per unit over a period, and how they were handled.
#[component]
pub fn ComplaintStatisticsPage() -> impl IntoView {
    let lang = use_lang();
    let asked = crate::web::unit_list::asked(&use_query_map().read_untracked());
    let data = Resource::new(
        move || asked.clone(),
        |(period, search, page)| load_complaint_statistics(period, search, page),
    );
    view! {
        <Title text=tr!(lang, "stats.title")/>
        {crate::web::page::description(tr!(lang, "meta.statistics"))}
        <h1>{tr!(lang, "stats.title")}</h1>
        <p>{tr!(lang, "stats.lead")}</p>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let d = match data.await {
                    Ok(d) => d,
                    Err(e) => return internal_error(lang, &e).into_any(),
                };
                let options = period_options(lang, &d.choices, &d.period);
                let shown = period_label(lang, &d.period);
                let range = match d.running_until {
                    Some(today) => tr!(lang, "index.range_running", from = lang.date(d.stats.from), today = lang.date(today)),
                    None => tr!(lang, "index.range", from = lang.date(d.stats.from), to = lang.date(d.stats.to)),
                };
                let rows = d.stats.rows.iter().map(|r| row_view(lang, r)).collect_view();
                let units = crate::web::unit_list::Shown {
                    path: "/statistik",
                    period: d.period.clone(),
                    query: d.query.clone(),
                    matched: d.matched,
                    page: d.page,
                    pages: d.pages,
                };
                let table = view! {
                    <div class="table-wrap" tabindex="0" role="region" aria-labelledby="stats-caption">
                        <table class="data stats-table">
                            <caption id="stats-caption">{tr!(lang, "stats.caption", period = shown.clone())}</caption>
                            <thead><tr>
                                <th scope="col">{tr!(lang, "stats.unit")}</th>
                                <th scope="col">{tr!(lang, "stats.received")}</th>
                                <th scope="col">{tr!(lang, "stats.verified")}</th>
                                <th scope="col">{tr!(lang, "stats.median_days")}</th>
                                <th scope="col">{tr!(lang, "stats.within_limit")}</th>
                                <th scope="col">{tr!(lang, "stats.confirmed")}</th>
                                <th scope="col">{tr!(lang, "stats.rating")}</th>
                                <th scope="col">{tr!(lang, "stats.substantiated")}</th>
                            </tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                };
                view! {
                    <form method="get" action="/statistik" class="period" role="search">
                        <label for="periode">{tr!(lang, "index.period")}</label>
                        <select id="periode" name="periode">{options}</select>
                        {units.search_field(lang)}
                        <button type="submit" class="button">{tr!(lang, "index.show")}</button>
                    </form>
                    <h2 class="period-shown">{tr!(lang, "stats.shown", period = shown.clone())}</h2>
                    <p class="hint">{range}</p>
                    {units.head(lang)}
                    {(d.matched > 0).then_some(table)}
                    {units.pager(lang)}
                    {actions_table(lang, &d.with_actions, &shown)}
                    <h2>{tr!(lang, "stats.how_title")}</h2>
                    <ul class="hint stats-notes">
                        <li>{tr!(lang, "stats.note_few", min = MIN_SHOWN)}</li>
                        <li>{tr!(lang, "stats.note_quarters")}</li>
                        <li>{tr!(lang, "stats.note_verified")}</li>
                        <li>{tr!(lang, "stats.note_days")}</li>
                        <li>{tr!(lang, "stats.note_confirmed")}</li>
                        <li>{tr!(lang, "stats.note_substantiated")}</li>
                        <li>{tr!(lang, "stats.note_private")}</li>
                    </ul>
                    <p><a href="/ikm">{tr!(lang, "stats.to_index")}</a></p>
                }
                .into_any()
            })}
        </Suspense>
    }
}
