//! `/staf/dasbor`: the manager's dashboard. The index now against the period before and a
//! year earlier, complaints open and overdue, a unit x element heatmap with every number
//! written in its cell (the colour only repeats the grade), and the training verdicts.

use crate::analytics::server_fns::{ChangeCell, DashUnit, DashboardData, load_dashboard};
use crate::i18n::Lang;
use crate::tr;
use crate::web::page::figure_or_dash;
use crate::web::page::use_lang;
use crate::web::page::{problem, to_sign_in, urlencode};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// `/staf/dasbor?periode=month|quarter|year`.
#[component]
pub fn DashboardPage() -> impl IntoView {
    let lang = use_lang();
    let asked = crate::web::unit_list::asked(&use_query_map().read_untracked());
    let data = Resource::new(
        move || asked.clone(),
        |(period, search, page)| load_dashboard(period, search, page),
    );
    view! {
        <Title text=tr!(lang, "dashboard.title")/>
        <h1>{tr!(lang, "dashboard.title")}</h1>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(d) => dashboard(lang, d),
                    Err(e) if to_sign_in(&e, "/staf/dasbor") => ().into_any(),
                    Err(e) => problem(lang, &e, "analytics"),
                }
            })}
        </Suspense>
    }
}

/// The grade band of an index on the 25-100 scale, for the cell's colour.
fn band(v: f64) -> &'static str {
    if v >= 88.31 {
        "A"
    } else if v >= 76.61 {
        "B"
    } else if v >= 65.0 {
        "C"
    } else {
        "D"
    }
}

/// "+1,20" / "−0,85": a signed difference.
fn signed(lang: Lang, d: f64) -> String {
    let sign = if d > 0.005 {
        "+"
    } else if d < -0.005 {
        "−"
    } else {
        "±"
    };
    format!("{sign}{}", lang.number(d.abs(), 2))
}

/// A change told plainly: an arrow and colour only for a change beyond the noise, else
/// "tidak berbeda nyata" in grey; the number and its interval stay beside it.
fn change_cell(lang: Lang, c: Option<ChangeCell>) -> AnyView {
    let Some(c) = c else {
        return view! { <span class="chg none">"–"</span> }.into_any();
    };
    let detail = tr!(
        lang,
        "dashboard.change_detail",
        diff = signed(lang, c.diff),
        low = lang.signed_number(c.low, 1),
        high = lang.signed_number(c.high, 1)
    );
    match c.direction {
        1 => view! {
            <span class="chg up"><span aria-hidden="true">"▲ "</span>{tr!(lang, "dashboard.change_up")}</span>
            <small class="chg-detail">{detail}</small>
        }
        .into_any(),
        -1 => view! {
            <span class="chg down"><span aria-hidden="true">"▼ "</span>{tr!(lang, "dashboard.change_down")}</span>
            <small class="chg-detail">{detail}</small>
        }
        .into_any(),
        _ if c.fewest < crate::analytics::server_fns::ENOUGH_RESPONSES => view! {
            <span class="chg same">{tr!(lang, "dashboard.change_small", n = lang.count(c.fewest))}</span>
            <small class="chg-detail">{detail}</small>
        }
        .into_any(),
        _ => view! {
            <span class="chg same">{tr!(lang, "dashboard.change_same")}</span>
            <small class="chg-detail">{detail}</small>
        }
        .into_any(),
    }
}

fn period_label(lang: Lang, from: &str, to: &str) -> String {
    let day = |s: &str| {
        chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map(|d| lang.date(d))
            .unwrap_or_default()
    };
    format!("{} – {}", day(from), day(to))
}

fn dashboard(lang: Lang, d: DashboardData) -> AnyView {
    let periods = ["month", "quarter", "year"]
        .into_iter()
        .map(|p| {
            let current = (d.period == p).then_some("page");
            view! {
                <li><a href=format!("/staf/dasbor?periode={p}") aria-current=current>
                    {tr!(lang, &format!("dashboard.period.{p}"))}
                </a></li>
            }
        })
        .collect_view();
    let grade = d.grade.clone().unwrap_or_default();
    let within = d
        .within_deadline
        .map(|w| format!("{} %", lang.number(w * 100.0, 0)))
        .unwrap_or_else(|| "–".into());
    view! {
        <nav class="period-tabs" aria-label=tr!(lang, "dashboard.period")>
            <ul>{periods}</ul>
        </nav>
        <p class="period-shown">{tr!(lang, "dashboard.shown", period = period_label(lang, &d.current.from, &d.current.to))}</p>
        {crate::analytics::warning_view::alarm_notice(lang, &d.alarms)}
        <div class="tiles">
            <section class="tile" aria-labelledby="t-ikm">
                <h2 id="t-ikm">{tr!(lang, "dashboard.ikm")}</h2>
                <p class="tile-figure">
                    {figure_or_dash(lang, d.ikm, 2)} " "
                    {(!grade.is_empty()).then(|| view! { <span class=format!("grade grade-{grade}")>{grade.clone()}</span> })}
                </p>
                {d.ikm.zip(d.ikm_ci).map(|(v, (a, b))| view! {
                    <p class="ci">{lang.ci_words(v, a, b)}</p>
                })}
                <dl class="figures">
                    <dt>{tr!(lang, "dashboard.vs_previous", period = period_label(lang, &d.previous.from, &d.previous.to))}</dt>
                    <dd>{change_cell(lang, d.change_previous)}</dd>
                    <dt>{tr!(lang, "dashboard.vs_year_ago", period = period_label(lang, &d.year_ago.from, &d.year_ago.to))}</dt>
                    <dd>{change_cell(lang, d.change_year_ago)}</dd>
                    <dt>{tr!(lang, "dashboard.responses")}</dt>
                    <dd>{lang.count(d.responses)}</dd>
                </dl>
            </section>
            <section class="tile" aria-labelledby="t-complaints">
                <h2 id="t-complaints">{tr!(lang, "dashboard.complaints")}</h2>
                <p class="tile-figure">{lang.count(d.open as i64)} " " <span class="tile-unit">{tr!(lang, "dashboard.open")}</span></p>
                <dl class="figures">
                    <dt>{tr!(lang, "dashboard.overdue")}</dt>
                    <dd class:late=(d.overdue > 0)>{lang.count(d.overdue as i64)}</dd>
                    <dt>{tr!(lang, "dashboard.filed")}</dt>
                    <dd>{lang.count(d.filed as i64)}</dd>
                    <dt>{tr!(lang, "dashboard.within_deadline")}</dt>
                    <dd>{within}</dd>
                </dl>
            </section>
        </div>
        {units_table(lang, &d)}
        {heatmap(lang, &d)}
        {conduct(lang, &d)}
        {programs(lang, &d)}
        <p class="more">
            <a href="/staf/analitik">{tr!(lang, "dashboard.more_analytics")}</a>
            " · "
            <a href="/staf/laporan">{tr!(lang, "dashboard.more_report")}</a>
        </p>
    }
    .into_any()
}

/// Each unit's index against before, its sample, and its open complaints.
fn units_table(lang: Lang, d: &DashboardData) -> AnyView {
    let rows = d
        .units
        .iter()
        .map(|u| {
            let sample = match u.sample_reached {
                Some(true) => tr!(lang, "dashboard.sample_ok"),
                Some(false) => tr!(
                    lang,
                    "dashboard.sample_short",
                    n = lang.count(u.min_sample.unwrap_or(0) as i64)
                ),
                None => tr!(lang, "dashboard.sample_unknown"),
            };
            let short = u.sample_reached == Some(false);
            view! {
                <tr>
                    <th scope="row">{u.name.clone()}</th>
                    <td data-label="IKM">
                        {figure_or_dash(lang, u.ikm, 2)} " " {u.grade.clone().map(|g| view! { <span class=format!("grade grade-{g}")>{g.clone()}</span> })}
                        {u.ikm.zip(u.ikm_ci).map(|(v, (a, b))| view! { <br/><small class="ci">{lang.margin(v, a, b).unwrap_or_else(|| lang.interval(a, b))}</small> })}
                    </td>
                    <td data-label=tr!(lang, "dashboard.col_previous")>{change_cell(lang, u.change_previous)}</td>
                    <td data-label=tr!(lang, "dashboard.col_year_ago")>{change_cell(lang, u.change_year_ago)}</td>
                    <td data-label=tr!(lang, "dashboard.responses")>{lang.count(u.responses)}<br/><small class:warn=short>{sample}</small></td>
                    <td data-label=tr!(lang, "dashboard.open")>{lang.count(u.open as i64)}</td>
                    <td data-label=tr!(lang, "dashboard.overdue") class:late=(u.overdue > 0)>{lang.count(u.overdue as i64)}</td>
                    <td data-label=tr!(lang, "dashboard.follow_ups")>{follow_up_cell(lang, u)}</td>
                </tr>
            }
        })
        .collect_view();
    let table = view! {
            <div class="table-wrap" tabindex="0" role="region" aria-labelledby="h-units">
                <table class="data dash-units">
                    <thead><tr>
                        <th scope="col">{tr!(lang, "dashboard.unit")}</th>
                        <th scope="col">"IKM"</th>
                        <th scope="col">{tr!(lang, "dashboard.col_previous")}</th>
                        <th scope="col">{tr!(lang, "dashboard.col_year_ago")}</th>
                        <th scope="col">{tr!(lang, "dashboard.responses")}</th>
                        <th scope="col">{tr!(lang, "dashboard.open")}</th>
                        <th scope="col">{tr!(lang, "dashboard.overdue")}</th>
                        <th scope="col">{tr!(lang, "dashboard.follow_ups")}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
    }
    .into_any();
    let shown = crate::web::unit_list::Shown {
        path: "/staf/dasbor",
        period: d.period.clone(),
        query: d.units_query.clone(),
        matched: d.units_matched,
        page: d.units_page,
        pages: d.units_pages,
    };
    view! {
        <section aria-labelledby="h-units">
            <h2 id="h-units">{tr!(lang, "dashboard.units")}</h2>
            <form method="get" action="/staf/dasbor" class="period" role="search">
                <input type="hidden" name="periode" value=d.period.clone()/>
                {shown.search_field(lang)}
                <button type="submit" class="button">{tr!(lang, "index.show")}</button>
            </form>
            {shown.head(lang)}
            {table}
            {shown.pager(lang)}
            <p class="hint footnote">{tr!(lang, "dashboard.change_footnote", m = d.compared.to_string())}</p>
            {(!d.silent_units.is_empty()).then(|| view! {
                <p class="hint">{tr!(lang, "dashboard.silent", units = d.silent_units.join(", "))}</p>
            })}
        </section>
    }
    .into_any()
}

/// A unit's follow-up actions due soon and past due, linked to its plan.
fn follow_up_cell(lang: Lang, u: &DashUnit) -> AnyView {
    let href = format!("/staf/tindak-lanjut?unit={}", u.code);
    if u.follow_ups_due == 0 && u.follow_ups_overdue == 0 {
        return view! { <a href=href class="muted">{tr!(lang, "dashboard.follow_ups_none")}</a> }
            .into_any();
    }
    view! {
        <a href=href>
            {(u.follow_ups_due > 0).then(|| tr!(lang, "dashboard.follow_ups_due", n = lang.count(u.follow_ups_due as i64)))}
            {(u.follow_ups_due > 0 && u.follow_ups_overdue > 0).then_some(", ")}
            {(u.follow_ups_overdue > 0).then(|| view! {
                <span class="late">{tr!(lang, "dashboard.follow_ups_overdue", n = lang.count(u.follow_ups_overdue as i64))}</span>
            })}
        </a>
    }
    .into_any()
}

/// The link that starts a training program for a unit's weakest elements.
fn program_link(u: &DashUnit, elements: &[(String, String)]) -> String {
    let targets: Vec<&str> = u
        .weakest
        .iter()
        .filter_map(|k| elements.get(*k).map(|(c, _)| c.as_str()))
        .collect();
    format!(
        "/staf/pelatihan?unit={}&targets={}#new-program",
        urlencode(&u.code),
        targets.join(",")
    )
}

/// Units down, the nine elements across; each cell has its number and its grade letter,
/// the weakest three of a unit are marked with a word as well as a border.
fn heatmap(lang: Lang, d: &DashboardData) -> AnyView {
    let head = d
        .elements
        .iter()
        .map(|(code, name)| {
            let short = crate::survey::domain::Element::from_code(code)
                .map(|e| crate::survey::questionnaire::wording(e, lang).short)
                .unwrap_or_default();
            view! { <th scope="col"><span class="el-code">{code.clone()}</span><span class="el-name" title=name.clone()>{short}</span></th> }
        })
        .collect_view();
    let rows = d
        .units
        .iter()
        .filter(|u| u.ikm.is_some())
        .map(|u| {
            let cells = u
                .elements
                .iter()
                .enumerate()
                .map(|(k, v)| match v {
                    Some(v) => {
                        let g = band(*v);
                        let weak = u.enough && u.weakest.contains(&k);
                        let name = d.elements.get(k).map(|(c, n)| format!("{c} {n}")).unwrap_or_default();
                        view! {
                            <td class=format!("heat heat-{g}") class:weak=weak title=name>
                                {lang.number(*v, 1)}
                                <span class="heat-grade">{g}</span>
                                {weak.then(|| view! { <span class="weak-mark">{tr!(lang, "dashboard.weak")}</span> })}
                            </td>
                        }
                        .into_any()
                    }
                    None => view! { <td class="heat">"–"</td> }.into_any(),
                })
                .collect_view();
            let link = (d.may_register && u.enough && !u.weakest.is_empty()).then(|| {
                let href = program_link(u, &d.elements);
                let title = tr!(lang, "dashboard.plan_training_for", unit = u.name.clone());
                view! { <a href=href title=title.clone() aria-label=title>{tr!(lang, "dashboard.plan_training")}</a> }
            });
            view! {
                <tr class:small-sample=!u.enough>
                    <th scope="row">
                        {u.name.clone()} {link.map(|l| view! { <br/><small>{l}</small> })}
                        {(!u.enough).then(|| view! { <br/><small class="small-sample-mark">{tr!(lang, "dashboard.small_sample", n = lang.count(u.responses))}</small> })}
                    </th>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    let legend = d
        .elements
        .iter()
        .map(|(c, n)| view! { <li><strong>{c.clone()}</strong> " " {n.clone()}</li> })
        .collect_view();
    let table = view! {
            <div class="table-wrap" tabindex="0" role="region" aria-labelledby="h-heat">
                <table class="data heatmap">
                    <thead><tr><th scope="col">{tr!(lang, "dashboard.unit")}</th>{head}</tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
    }
    .into_any();
    view! {
        <section aria-labelledby="h-heat">
            <h2 id="h-heat">{tr!(lang, "dashboard.heatmap")}</h2>
            <p class="hint">{tr!(lang, "dashboard.heatmap_hint")}</p>
            {table}
            {d.may_register.then(|| view! {
                <p><a href=d.rollout_href.clone()>{tr!(lang, "dashboard.plan_rollout")}</a></p>
            })}
            <details class="legend">
                <summary>{tr!(lang, "dashboard.elements")}</summary>
                <ul>{legend}</ul>
            </details>
        </section>
    }
    .into_any()
}

fn programs(lang: Lang, d: &DashboardData) -> AnyView {
    let rows = d
        .programs
        .iter()
        .map(|p| {
            view! {
                <li>
                    <a href=p.href.clone()>{p.name.clone()}</a>
                    " "
                    <span class=format!("verdict-chip verdict-{}", p.verdict)>{tr!(lang, &format!("impact.verdict.{}", p.verdict))}</span>
                    {p.randomized.then(|| view! { " " <span class="verdict-chip verdict-randomized">{tr!(lang, "dashboard.randomized")}</span> })}
                </li>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="h-programs">
            <h2 id="h-programs">{tr!(lang, "dashboard.programs")}</h2>
            {d.programs.is_empty().then(|| view! { <p class="muted">{tr!(lang, "training.none")}</p> })}
            <ul class="programs">{rows}</ul>
            {d.may_register.then(|| view! { <p><a href="/staf/pelatihan#new-program">{tr!(lang, "training.add")}</a></p> })}
        </section>
    }
    .into_any()
}

/// A quarter's key (`2025-Q4`) as a column says it ("Tw 4 2025").
fn quarter_short(lang: Lang, key: &str) -> String {
    match key.split_once("-Q") {
        Some((year, n)) => tr!(lang, "dashboard.quarter_short", n = n, year = year),
        None => key.to_string(),
    }
}

/// Where ethics and service quality meet: each unit's conduct findings proven in twelve
/// months by category, beside its U7 now and over four quarters; and the training that
/// targets what keeps being proven.
fn conduct(lang: Lang, d: &DashboardData) -> AnyView {
    let u7 = |v: Option<f64>| v.map(|v| lang.number(v, 1)).unwrap_or_else(|| "–".into());
    let quarters = d
        .conduct_quarters
        .iter()
        .map(|q| view! { <th scope="col" class="num">{format!("U7 {}", quarter_short(lang, q))}</th> })
        .collect_view();
    let rows = d
        .conduct
        .iter()
        .map(|c| {
            let mut cats = c
                .by_category
                .iter()
                .map(|(cat, n)| format!("{}: {}", tr!(lang, &format!("category.{cat}")), n))
                .collect::<Vec<_>>();
            if c.by_category.len() > 1 {
                cats.insert(0, tr!(lang, "dashboard.conduct_total", n = c.total));
            }
            let cats = cats.join(" · ");
            let trend = c
                .u7_quarters
                .iter()
                .zip(d.conduct_quarters.iter())
                .map(|(v, q)| view! { <td class="num" data-label=format!("U7 {}", quarter_short(lang, q))>{u7(*v)}</td> })
                .collect_view();
            view! {
                <tr>
                    <th scope="row">{c.name.clone()}</th>
                    <td data-label=tr!(lang, "dashboard.conduct_findings")>{cats}</td>
                    <td class="num" data-label=tr!(lang, "dashboard.conduct_u7_now")>{u7(c.u7_now)}</td>
                    {trend}
                </tr>
            }
        })
        .collect_view();
    let suggestions = d
        .suggestions
        .iter()
        .map(|s| {
            let elements = s.elements.join(", ");
            view! {
                <li class="suggestion">
                    <p>{tr!(lang, "dashboard.suggestion", unit = s.unit_name.clone(), n = s.findings, category = tr!(lang, &format!("category.{}", s.category)))}</p>
                    <p><strong>{s.topic.clone()}</strong>{(!elements.is_empty()).then(|| view! { " · " {elements.clone()} })}</p>
                    {d.may_register.then(|| view! {
                        <p><a class="button small" href=s.program_href.clone()>{tr!(lang, "dashboard.suggestion_program")}</a>
                            " " <a class="button small" href=s.rollout_href.clone()>{tr!(lang, "dashboard.suggestion_rollout")}</a></p>
                    })}
                </li>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="h-conduct">
            <h2 id="h-conduct">{tr!(lang, "dashboard.conduct")}</h2>
            <p class="hint">{tr!(lang, "dashboard.conduct_lead")}</p>
            {if d.conduct.is_empty() {
                view! { <p class="muted">{tr!(lang, "dashboard.conduct_none")}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap" tabindex="0" role="region" aria-labelledby="h-conduct">
                        <table class="data conduct-table">
                            <thead><tr>
                                <th scope="col">{tr!(lang, "stats.unit")}</th>
                                <th scope="col">{tr!(lang, "dashboard.conduct_findings")}</th>
                                <th scope="col" class="num">{tr!(lang, "dashboard.conduct_u7_now")}</th>
                                {quarters}
                            </tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                }.into_any()
            }}
            {(!d.suggestions.is_empty()).then(|| view! {
                <h3>{tr!(lang, "dashboard.suggestions")}</h3>
                <ul class="suggestions">{suggestions}</ul>
            })}
        </section>
    }
    .into_any()
}
