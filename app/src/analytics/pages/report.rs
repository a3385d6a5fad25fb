//! The printable SKM report of a unit (or of every unit) for a period.

use super::{date_input, refused_message};
use crate::analytics::server_fns::AnalyticsQuery;
use crate::i18n::Lang;
use crate::tr;
use crate::web::page::figure_or_dash;
use crate::web::page::use_lang;
use crate::web::page::{problem, to_sign_in};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// `/staf/laporan?unit=&from=&to=`: the periodic SKM report of a unit (or of every unit),
/// laid out as an official document for A4 (the browser's "print to PDF" gives the file):
/// heading, result, the element table, the respondent profile, the suggestions and a
/// follow-up plan for the three weakest elements.
#[component]
pub fn SkmReportPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let q = move || {
        let m = query.read();
        AnalyticsQuery {
            unit: m.get("unit"),
            service: None,
            granularity: None,
            from: m.get("from"),
            to: m.get("to"),
        }
    };
    let scope = Resource::new(|| (), |_| crate::analytics::server_fns::load_report_scope());
    let data = Resource::new(q, crate::analytics::server_fns::load_skm_report);
    view! {
        <Title text=tr!(lang, "report.title")/>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let s = match scope.await {
                    Ok(s) => s,
                    Err(e) => {
                        if to_sign_in(&e, "/staf/laporan") { return ().into_any(); }
                        return view! { <h1>{tr!(lang, "report.title")}</h1>{problem(lang, &e, "skm_report")} }.into_any();
                    }
                };
                let asked = q();
                let d = data.await;
                let refused = d.as_ref().err().and_then(|e| e.field()).map(|(f, c)| (f.to_string(), c.to_string()));
                let (unit, from, to) = match &d {
                    Ok(r) => (r.unit_code.clone(), r.from.to_string(), r.to.to_string()),
                    Err(_) => (asked.unit.clone().unwrap_or_default(), asked.from.clone().unwrap_or_default(), asked.to.clone().unwrap_or_default()),
                };
                let body = match d {
                    Ok(r) => report_document(lang, &r).into_any(),
                    Err(e) if refused.is_some() => { e.set_status(); ().into_any() }
                    Err(e) => problem(lang, &e, "skm_report"),
                };
                view! {
                    {report_form(lang, &s, &unit, &from, &to, refused)}
                    {body}
                }.into_any()
            })}
        </Suspense>
    }
}

/// The choice of unit and period above the report (not printed); a refused field keeps what
/// was typed and says why beside it.
fn report_form(
    lang: Lang,
    s: &crate::analytics::server_fns::ReportScope,
    unit: &str,
    from: &str,
    to: &str,
    refused: Option<(String, String)>,
) -> impl IntoView + use<> {
    let error_of = |f: &str| refused_message(lang, refused.as_ref(), f);
    let field = |id: &'static str, f: &'static str, label: &'static str, value: &str| {
        date_input(lang, id, f, label, value, error_of(f))
    };
    let unit_error = error_of("unit");
    let options = s
        .units
        .iter()
        .map(|(c, n)| view! { <option value=c.clone() selected=c == unit>{n.clone()}</option> })
        .collect_view();
    view! {
        <form method="get" action="/staf/laporan" class="card filters noprint">
            <label for="r-unit" class="block">{tr!(lang, "console.unit")}</label>
            {unit_error.map(|m| view! { <p class="field-error">{m}</p> })}
            <select id="r-unit" name="unit">
                {s.all_units.then(|| view! { <option value="" selected=unit.is_empty()>{tr!(lang, "analytics.all_units")}</option> })}
                {options}
            </select>
            {field("r-from", "from", "analytics.from", from)}
            {field("r-to", "to", "analytics.to", to)}
            <button type="submit" class="button">{tr!(lang, "analytics.show")}</button>
        </form>
    }
}

/// The report itself, as printed.
fn report_document(
    lang: Lang,
    r: &crate::analytics::server_fns::SkmReport,
) -> impl IntoView + use<> {
    let pct = |n: i64| {
        if r.responses > 0 {
            format!(
                "{} %",
                lang.number(n as f64 * 100.0 / r.responses as f64, 1)
            )
        } else {
            "–".into()
        }
    };
    let groups = r
        .profile
        .iter()
        .map(|g| {
            let rows = g
                .rows
                .iter()
                .map(|(l, n)| view! { <tr><th scope="row">{l.clone()}</th><td>{lang.count(*n)}</td><td>{pct(*n)}</td></tr> })
                .collect_view();
            view! {
                <table class="data">
                    <caption>{tr!(lang, &format!("report.profile.{}", g.group))}</caption>
                    <thead><tr><th scope="col">{tr!(lang, "report.category")}</th><th scope="col">"n"</th><th scope="col">"%"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            }
        })
        .collect_view();
    let elements = r
        .elements
        .iter()
        .map(|e| {
            view! {
                <tr>
                    <th scope="row">{format!("{} {}", e.code, e.name)}</th>
                    <td>{lang.count(e.answered)}</td>
                    <td>{lang.count(e.sum)}</td>
                    <td>{lang.number(e.nrr, 4)}</td>
                    <td>{lang.number(e.weighted, 4)}</td>
                    <td>{lang.number(e.index, 2)}</td>
                    <td>{e.ci.map_or_else(|| "–".to_string(), |(a, b)| lang.interval(a, b))}</td>
                    <td>{e.grade.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    let sample = match (r.min_sample, r.sample_reached) {
        (Some(m), Some(true)) => tr!(
            lang,
            "report.sample_reached",
            n = lang.count(r.responses),
            min = lang.count(m as i64)
        ),
        (Some(m), _) => tr!(
            lang,
            "report.sample_short",
            n = lang.count(r.responses),
            min = lang.count(m as i64)
        ),
        (None, _) => tr!(lang, "report.sample_unknown", n = lang.count(r.responses)),
    };
    let shown = r.suggestions.len();
    let plan = r
        .weakest
        .iter()
        .map(|e| {
            view! {
                <tr>
                    <th scope="row">{format!("{} {}", e.code, e.name)}</th>
                    <td>{lang.number(e.index, 2)} " (" {e.grade.clone()} ")"</td>
                    <td class="blank"></td>
                    <td class="blank"></td>
                    <td class="blank"></td>
                </tr>
            }
        })
        .collect_view();
    let plan_rows = r
        .plan
        .iter()
        .map(|a| {
            let name = r
                .elements
                .iter()
                .find(|e| e.code == a.element)
                .map(|e| e.name.clone())
                .unwrap_or_default();
            view! {
                <tr>
                    <th scope="row">{format!("{} {}", a.element, name)}</th>
                    <td class="plan-text">{a.action.clone()}</td>
                    <td>{a.responsible.clone()}</td>
                    <td>{lang.date(a.due_on)}</td>
                    <td>{tr!(lang, &format!("follow_up.status.{}", a.status.code()))}
                        {a.note.clone().map(|n| view! { <br/><small class="plan-text">{n}</small> })}</td>
                </tr>
            }
        })
        .collect_view();
    // The letterhead and the closing section are views of their own (`into_any`): one
    // view type for the whole report is too deep for the compiler's layout of the page.
    let letterhead = view! {
            <header class="letterhead">
                {r.letterhead.logo.then(|| view! { <img class="letterhead-logo" src="/laporan/logo" alt=""/> })}
                <div class="letterhead-text">
                    <p class="letterhead-authority">{r.letterhead.authority.clone()}</p>
                    {r.unit_parent.clone().map(|p| view! { <p class="letterhead-parent">{p}</p> })}
                    {(!r.unit_code.is_empty()).then(|| view! { <p class="letterhead-unit">{r.unit_name.clone()}</p> })}
                </div>
            </header>
    }
    .into_any();
    let closing = view! {
            <section class="closing">
            <h2>{tr!(lang, "report.plan")}</h2>
            {(!r.plan.is_empty()).then(|| view! {
                <p>{tr!(lang, "report.plan_recorded")}</p>
                <div class="table-wrap" role="region" tabindex="0" aria-label=tr!(lang, "report.plan")>
                    <table class="data plan">
                        <thead><tr>
                            <th scope="col">{tr!(lang, "report.element")}</th>
                            <th scope="col">{tr!(lang, "report.plan_action")}</th>
                            <th scope="col">{tr!(lang, "report.plan_owner")}</th>
                            <th scope="col">{tr!(lang, "report.plan_when")}</th>
                            <th scope="col">{tr!(lang, "follow_up.status")}</th>
                        </tr></thead>
                        <tbody>{plan_rows}</tbody>
                    </table>
                </div>
            })}
            {r.plan.is_empty().then(|| view! { <p>{tr!(lang, "report.plan_lead")}</p> })}
            {(r.plan.is_empty() && r.weakest.is_empty()).then(|| view! { <p class="muted">{tr!(lang, "report.plan_none")}</p> })}
            {(r.plan.is_empty() && !r.weakest.is_empty()).then(|| view! {
                <div class="table-wrap" role="region" tabindex="0" aria-label=tr!(lang, "report.plan")>
                <table class="data plan">
                    <thead><tr>
                        <th scope="col">{tr!(lang, "report.element")}</th>
                        <th scope="col">{tr!(lang, "report.index")}</th>
                        <th scope="col">{tr!(lang, "report.plan_action")}</th>
                        <th scope="col">{tr!(lang, "report.plan_owner")}</th>
                        <th scope="col">{tr!(lang, "report.plan_when")}</th>
                    </tr></thead>
                    <tbody>{plan}</tbody>
                </table>
                </div>
            })}
            <div class="signature">
                <p>{format!(
                    "{}, {}",
                    r.letterhead.place,
                    r.letterhead.date.map(|d| lang.date(d)).unwrap_or_default()
                )}</p>
                <p>{if r.unit_code.is_empty() { tr!(lang, "report.official") } else { tr!(lang, "report.head_of", unit = r.unit_name.clone()) }}</p>
                <p class="sign-space" aria-hidden="true"></p>
                <p class="sign-name">{tr!(lang, "report.sign_name")}</p>
                <p class="sign-nip">{tr!(lang, "report.sign_nip")}</p>
            </div>
            </section>
    }
    .into_any();
    view! {
        <article class="skm-report" lang=lang.code()>
            {letterhead}
            <header>
                <h1>{tr!(lang, "report.title")}</h1>
                <p class="report-unit">{r.unit_name.clone()}</p>
                <p class="report-period">{tr!(lang, "report.period_range", from = lang.date(r.from), to = lang.date(r.to))}</p>
            </header>
            <p class="noprint actions">
                <a href="javascript:print()" class="button">{tr!(lang, "report.print")}</a>
                " "
                <a href=format!("/staf/laporan.xlsx?unit={}&from={}&to={}", r.unit_code, r.from, r.to) class="button" download="">{tr!(lang, "report.download_xlsx")}</a>
            </p>
            <h2>{tr!(lang, "report.result")}</h2>
            <p class="big-index">{figure_or_dash(lang, r.ikm, 2)} " " {r.grade.clone().unwrap_or_default()} " " <span class="note-ref">{tr!(lang, "report.note_ref")}</span></p>
            <p>{r.grade_label.clone().unwrap_or_default()}</p>
            {r.ikm.zip(r.ikm_ci).map(|(v, (a, b))| view! {
                <p>{lang.ci_words(v, a, b)}</p>
            })}
            <p>{sample}</p>
            <h2>{tr!(lang, "report.elements")}</h2>
            <div class="table-wrap" role="region" tabindex="0" aria-label=tr!(lang, "report.elements")>
                <table class="data report-elements">
                    <thead><tr>
                        <th scope="col">{tr!(lang, "report.element")}</th>
                        <th scope="col">{tr!(lang, "report.answered")}</th>
                        <th scope="col">{tr!(lang, "report.sum")}</th>
                        <th scope="col">"NRR"</th>
                        <th scope="col">{tr!(lang, "report.weighted")}</th>
                        <th scope="col">{tr!(lang, "report.index")}</th>
                        <th scope="col">{tr!(lang, "analytics.interval")}</th>
                        <th scope="col">{tr!(lang, "analytics.grade")}</th>
                    </tr></thead>
                    <tbody>{elements}</tbody>
                </table>
            </div>
            <p class="hint">{tr!(lang, "report.formula")}</p>
            <p class="hint">{tr!(lang, "analytics.interval_hint")}</p>
            <p class="hint footnote">{tr!(lang, "report.note_1")} " " {tr!(lang, "report.unrounded")}</p>
            <h2>{tr!(lang, "report.profile")}</h2>
            <div class="profile">{groups}</div>
            <h2>{tr!(lang, "report.suggestions")}</h2>
            {(r.suggestions_total > shown).then(|| view! {
                <p class="hint">{tr!(lang, "report.suggestions_shown", shown = lang.count(shown as i64), total = lang.count(r.suggestions_total as i64))}</p>
            })}
            {r.suggestions.is_empty().then(|| view! { <p class="muted">{tr!(lang, "report.no_suggestions")}</p> })}
            <ol class="suggestions">{r.suggestions.iter().map(|(d, s)| view! { <li><span class="date">{lang.date(*d)}</span> " " {s.clone()}</li> }).collect_view()}</ol>
            {closing}
        </article>
    }
}
