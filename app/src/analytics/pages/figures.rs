//! The analytics page: trends, ranking and complaint figures for the units a reader may see.

use super::{date_input, refused_message};
use crate::analytics::server_fns::{AnalyticsQuery, load_analytics};
use crate::i18n::Lang;
use crate::tr;
use crate::web::page::figure_or_dash;
use crate::web::page::use_lang;
use crate::web::page::{problem, to_sign_in};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// `/staf/analitik`: the satisfaction trend of a scope, the unit ranking and complaint
/// figures over a range, with export links.
#[component]
pub fn AnalyticsPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let q = move || {
        let m = query.read();
        AnalyticsQuery {
            unit: m.get("unit"),
            service: m.get("service"),
            granularity: m.get("granularity"),
            from: m.get("from"),
            to: m.get("to"),
        }
    };
    let data = Resource::new(q, load_analytics);
    let scope = Resource::new(|| (), |_| crate::analytics::server_fns::load_report_scope());
    view! {
        <Title text=tr!(lang, "analytics.title")/>
        <h1>{tr!(lang, "analytics.title")}</h1>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => {
                        if to_sign_in(&e, "/staf/analitik") { return ().into_any(); }
                        let Some((field, code)) = e.field().map(|(f, c)| (f.to_string(), c.to_string())) else {
                            return problem(lang, &e, "analytics");
                        };
                        // A refused filter: the form again, with what was typed and why.
                        e.set_status();
                        let units = scope.await.map(|s| s.units).unwrap_or_default();
                        let asked = q();
                        view! {
                            {analytics_form(lang, &units, &asked, &asked.from.clone().unwrap_or_default(), &asked.to.clone().unwrap_or_default(), Some((field, code)))}
                        }.into_any()
                    }
                    Ok(d) => {
                        let chosen = q().unit.unwrap_or_default();
                        let export_q = format!("unit={}&from={}&to={}", crate::web::page::urlencode(&chosen), d.from, d.to);
                        let ranking = d.ranking.iter().enumerate().map(|(i, r)| view! {
                            <tr>
                                <td>{i + 1}</td>
                                <th scope="row"><a href=format!("/staf/analitik?unit={}&from={}&to={}", r.code, d.from, d.to)>{r.name.clone()}</a></th>
                                <td>{lang.number(r.ikm, 2)}</td>
                                <td>{r.grade.clone()}</td>
                                <td>{lang.count(r.responses)}{(r.sample_reached == Some(false)).then_some(" *")}</td>
                            </tr>
                        }).collect_view();
                        let count_rows = |rows: &[(String, u64)]| rows.iter().map(|(l, n)| view! { <tr><th scope="row">{l.clone()}</th><td>{lang.count(*n as i64)}</td></tr> }).collect_view();
                        view! {
                            {analytics_form(lang, &d.units, &q(), &d.from, &d.to, None)}
                            <section class="card">
                                <figure class="chart-box" inner_html=d.trend_svg.clone()></figure>
                                <p class="hint chart-key">{tr!(lang, "analytics.chart_key")}</p>
                                <details open>
                                    <summary>{tr!(lang, "analytics.table")}</summary>
                                    {super::trend_table::trend_table(lang, &d.trend)}
                                </details>
                                <p class="hint">
                                    <a href=format!("/staf/ekspor/survei.csv?{export_q}&sep=%3B")>{tr!(lang, "analytics.export_surveys")}</a>
                                    " ("
                                    <a href=format!("/staf/ekspor/survei.csv?{export_q}&format=kode")>{tr!(lang, "analytics.export_import_format")}</a>
                                    ") · "
                                    <a href=format!("/staf/laporan?{export_q}")>{tr!(lang, "analytics.skm_report")}</a>
                                </p>
                            </section>
                            <section class="card">
                                <h2>{tr!(lang, "analytics.ranking")}</h2>
                                <div class="table-wrap" tabindex="0" role="region" aria-label=tr!(lang, "analytics.ranking")><table class="data">
                                    <thead><tr><th scope="col">"#"</th><th scope="col" class="text">{tr!(lang, "console.unit")}</th><th scope="col">"IKM"</th><th scope="col">{tr!(lang, "analytics.grade")}</th><th scope="col">"n"</th></tr></thead>
                                    <tbody>{ranking}</tbody>
                                </table></div>
                                <p class="hint">{tr!(lang, "analytics.ranking_hint")}</p>
                            </section>
                            <section class="card">
                                <h2>{tr!(lang, "analytics.complaints")}</h2>
                                <dl class="figures">
                                    <dt>{tr!(lang, "analytics.complaints_total")}</dt><dd>{lang.count(d.complaints_total as i64)}</dd>
                                    <dt>{tr!(lang, "analytics.complaints_resolved")}</dt><dd>{lang.count(d.complaints_resolved as i64)}</dd>
                                    <dt>{tr!(lang, "analytics.median_days")}</dt><dd>{figure_or_dash(lang, d.median_days, 1)}</dd>
                                    <dt>{tr!(lang, "analytics.p90_days")}</dt><dd>{figure_or_dash(lang, d.p90_days, 1)}</dd>
                                    <dt>{tr!(lang, "analytics.within_deadline")}</dt><dd>{d.within_deadline.map(|s| format!("{} %", lang.number(s * 100.0, 0))).unwrap_or_else(|| "–".into())}</dd>
                                </dl>
                                <figure class="chart-box" inner_html=d.by_unit_svg.clone()></figure>
                                <details><summary>{tr!(lang, "analytics.table")}</summary><table class="data"><tbody>{count_rows(&d.by_unit)}</tbody></table></details>
                                <figure class="chart-box" inner_html=d.by_category_svg.clone()></figure>
                                <details><summary>{tr!(lang, "analytics.table")}</summary><table class="data"><tbody>{count_rows(&d.by_category)}</tbody></table></details>
                                <p class="hint">
                                    <a href=format!("/staf/ekspor/pengaduan.csv?{export_q}&sep=%3B")>{tr!(lang, "analytics.export_complaints")}</a>
                                    " ("
                                    <a href=format!("/staf/ekspor/pengaduan.csv?{export_q}&format=kode")>{tr!(lang, "analytics.export_codes")}</a>
                                    ")"
                                </p>
                            </section>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// The analytics filters: unit, granularity and range; a refused field keeps what was
/// typed and says why beside it.
fn analytics_form(
    lang: Lang,
    units: &[(String, String)],
    asked: &AnalyticsQuery,
    from: &str,
    to: &str,
    refused: Option<(String, String)>,
) -> impl IntoView + use<> {
    let chosen = asked.unit.clone().unwrap_or_default();
    let quarter = asked.granularity.as_deref() == Some("quarter");
    let error_of = |f: &str| refused_message(lang, refused.as_ref(), f);
    let date_field = |id: &'static str, f: &'static str, label: &'static str, value: &str| {
        date_input(lang, id, f, label, value, error_of(f))
    };
    let options = units
        .iter()
        .map(|(c, n)| view! { <option value=c.clone() selected=*c == chosen>{n.clone()}</option> })
        .collect_view();
    let other = refused
        .as_ref()
        .filter(|(f, _)| !["from", "to"].contains(&f.as_str()))
        .map(|(_, code)| tr!(lang, &format!("error.{code}")));
    view! {
        <form method="get" action="/staf/analitik" class="card filters">
            {other.map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
            <label for="a-unit" class="block">{tr!(lang, "console.unit")}</label>
            <select id="a-unit" name="unit">
                <option value="">{tr!(lang, "analytics.all_units")}</option>
                {options}
            </select>
            <label for="a-g" class="block">{tr!(lang, "analytics.granularity")}</label>
            <select id="a-g" name="granularity">
                <option value="month" selected=!quarter>{tr!(lang, "analytics.month")}</option>
                <option value="quarter" selected=quarter>{tr!(lang, "analytics.quarter")}</option>
            </select>
            {date_field("a-from", "from", "analytics.from", from)}
            {date_field("a-to", "to", "analytics.to", to)}
            <button type="submit" class="button">{tr!(lang, "analytics.show")}</button>
        </form>
    }
}
