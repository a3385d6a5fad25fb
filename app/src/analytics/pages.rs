//! The analytics pages: trends, ranking and complaint figures; training programs and their
//! impact; all plain server-rendered HTML with SVG charts and their data tables.

use super::server_fns::{
    AnalyticsQuery, EffectRow, ImpactData, load_analytics, load_impact, load_training,
};
use crate::i18n::Lang;
use crate::tr;
use crate::web::console::user_bar;
use crate::web::page::use_lang;
use crate::web::page::{problem, to_sign_in};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

fn opt(lang: Lang, v: Option<f64>, decimals: usize) -> String {
    v.map(|v| lang.number(v, decimals))
        .unwrap_or_else(|| "–".into())
}

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
    let scope = Resource::new(|| (), |_| super::server_fns::load_report_scope());
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
                        let trend_rows = d.trend.iter().map(|r| {
                            let sample = match (r.min_sample, r.sample_reached) {
                                (Some(m), Some(true)) => tr!(lang, "analytics.sample_ok", min = lang.count(m as i64)),
                                (Some(m), _) => tr!(lang, "analytics.sample_short", min = lang.count(m as i64)),
                                _ => "–".to_string(),
                            };
                            let els = r.elements.iter().map(|(_, v)| view! { <td>{lang.number(*v, 2)}</td> }).collect_view();
                            view! {
                                <tr>
                                    <th scope="row">{r.period.clone()}</th>
                                    <td>{lang.count(r.responses)}</td>
                                    <td>{opt(lang, r.ikm, 2)}</td>
                                    <td>{r.grade.clone().unwrap_or_default()}</td>
                                    <td>{sample}</td>
                                    {els}
                                </tr>
                            }
                        }).collect_view();
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
                            {user_bar(lang, &d.user)}
                            {analytics_form(lang, &d.units, &q(), &d.from, &d.to, None)}
                            <section class="card">
                                <figure class="chart-box" inner_html=d.trend_svg.clone()></figure>
                                <details open>
                                    <summary>{tr!(lang, "analytics.table")}</summary>
                                    <div class="table-wrap"><table class="data">
                                        <caption>{tr!(lang, "analytics.trend_caption")}</caption>
                                        <thead><tr>
                                            <th scope="col">{tr!(lang, "analytics.period")}</th>
                                            <th scope="col">"n"</th>
                                            <th scope="col">"IKM"</th>
                                            <th scope="col">{tr!(lang, "analytics.grade")}</th>
                                            <th scope="col">{tr!(lang, "analytics.sample")}</th>
                                            {(1..=9).map(|i| view! { <th scope="col">{format!("U{i}")}</th> }).collect_view()}
                                        </tr></thead>
                                        <tbody>{trend_rows}</tbody>
                                    </table></div>
                                    <p class="hint">{tr!(lang, "index.min_sample_rule")}</p>
                                </details>
                                <p class="hint">
                                    <a href=format!("/staf/ekspor/survei.csv?{export_q}")>{tr!(lang, "analytics.export_surveys")}</a>
                                    " · "
                                    <a href=format!("/staf/laporan?{export_q}")>{tr!(lang, "analytics.skm_report")}</a>
                                </p>
                            </section>
                            <section class="card">
                                <h2>{tr!(lang, "analytics.ranking")}</h2>
                                <div class="table-wrap"><table class="data">
                                    <thead><tr><th scope="col">"#"</th><th scope="col">{tr!(lang, "console.unit")}</th><th scope="col">"IKM"</th><th scope="col">{tr!(lang, "analytics.grade")}</th><th scope="col">"n"</th></tr></thead>
                                    <tbody>{ranking}</tbody>
                                </table></div>
                                <p class="hint">{tr!(lang, "analytics.ranking_hint")}</p>
                            </section>
                            <section class="card">
                                <h2>{tr!(lang, "analytics.complaints")}</h2>
                                <dl class="figures">
                                    <dt>{tr!(lang, "analytics.complaints_total")}</dt><dd>{lang.count(d.complaints_total as i64)}</dd>
                                    <dt>{tr!(lang, "analytics.complaints_resolved")}</dt><dd>{lang.count(d.complaints_resolved as i64)}</dd>
                                    <dt>{tr!(lang, "analytics.median_days")}</dt><dd>{opt(lang, d.median_days, 1)}</dd>
                                    <dt>{tr!(lang, "analytics.p90_days")}</dt><dd>{opt(lang, d.p90_days, 1)}</dd>
                                    <dt>{tr!(lang, "analytics.within_deadline")}</dt><dd>{d.within_deadline.map(|s| format!("{} %", lang.number(s * 100.0, 0))).unwrap_or_else(|| "–".into())}</dd>
                                </dl>
                                <figure class="chart-box" inner_html=d.by_unit_svg.clone()></figure>
                                <details><summary>{tr!(lang, "analytics.table")}</summary><table class="data"><tbody>{count_rows(&d.by_unit)}</tbody></table></details>
                                <figure class="chart-box" inner_html=d.by_category_svg.clone()></figure>
                                <details><summary>{tr!(lang, "analytics.table")}</summary><table class="data"><tbody>{count_rows(&d.by_category)}</tbody></table></details>
                                <p class="hint"><a href=format!("/staf/ekspor/pengaduan.csv?{export_q}")>{tr!(lang, "analytics.export_complaints")}</a></p>
                            </section>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// The message of a refused filter when it is about field `f`.
fn refused_message(lang: Lang, refused: Option<&(String, String)>, f: &str) -> Option<String> {
    refused
        .filter(|(field, _)| field == f)
        .map(|(_, code)| tr!(lang, &format!("error.{code}")))
}

/// A date filter with its label, and the reason it was refused beside it (the typed value
/// kept).
fn date_input(
    lang: Lang,
    id: &'static str,
    name: &'static str,
    label: &'static str,
    value: &str,
    error: Option<String>,
) -> impl IntoView + use<> {
    let invalid = error.is_some().then_some("true");
    let err_id = format!("err-{id}");
    view! {
        <label for=id class="block">{tr!(lang, label)}</label>
        {error.map(|m| view! { <p class="field-error" id=err_id.clone()>{m}</p> })}
        <input id=id type="date" name=name value=value.to_string() aria-invalid=invalid
            aria-describedby=invalid.map(|_| err_id)/>
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

/// `/staf/pelatihan`: training programs, and for admins the form to add one.
#[component]
pub fn TrainingPage() -> impl IntoView {
    let lang = use_lang();
    let st = use_context::<crate::web::form::FormRefusal>().unwrap_or_default();
    let data = Resource::new(|| (), |_| load_training());
    view! {
        <Title text=tr!(lang, "training.title")/>
        <h1>{tr!(lang, "training.title")}</h1>
        <Suspense fallback=|| ()>
            {move || {
                let st = st.clone();
                Suspend::new(async move {
                match data.await {
                    Err(e) => {
                        if to_sign_in(&e, "/staf/pelatihan") { return ().into_any(); }
                        problem(lang, &e, "training")
                    }
                    Ok(d) => {
                        let v = |k: &str| st.values.get(k).cloned().unwrap_or_default();
                        let rows = d.programs.iter().map(|p| view! {
                            <li class="case">
                                <a href=format!("/staf/pelatihan/{}", p.id)><strong>{p.name.clone()}</strong></a>
                                <span>{format!("{} · {} · {}", p.topic, p.targets, p.units)}</span>
                                <span>{format!("{} – {} · {} {}", p.start, p.end, lang.count(p.participants), tr!(lang, "training.participants_short"))}</span>
                            </li>
                        }).collect_view();
                        let chosen: Vec<String> = v("unit_codes").split(',').map(str::to_string).collect();
                        let targets: Vec<String> = v("target_elements").split(',').map(str::to_string).collect();
                        let is_admin = d.user.role == "admin";
                        view! {
                            {user_bar(lang, &d.user)}
                            <p class="hint">{tr!(lang, "training.hint")}</p>
                            <ol class="queue">{rows}</ol>
                            {d.programs.is_empty().then(|| view! { <p class="muted">{tr!(lang, "training.none")}</p> })}
                            {is_admin.then(|| view! {
                                <section class="card" id="new-program">
                                    <h2>{tr!(lang, "training.add")}</h2>
                                    <form method="post" action="/staf/pelatihan">
                                        {(!st.error.is_empty()).then(|| view! { <p class="field-error" role="alert">{tr!(lang, &format!("error.{}", st.error))}</p> })}
                                        <input type="hidden" name="csrf" value=d.user.csrf.clone()/>
                                        <label for="t-name" class="block">{tr!(lang, "training.name")}</label>
                                        <input id="t-name" name="name" required value=v("name")/>
                                        <label for="t-topic" class="block">{tr!(lang, "training.topic")}</label>
                                        <input id="t-topic" name="topic" required value=v("topic")/>
                                        <fieldset class="units"><legend>{tr!(lang, "training.targets")}</legend>
                                            {crate::survey::domain::Element::ALL.iter().map(|e| {
                                                let checked = targets.iter().any(|t| t == e.code());
                                                view! { <label class="check"><input type="checkbox" name="target_elements" value=e.code() checked=checked/> {format!("{} {}", e.code(), crate::survey::questionnaire::wording(*e, lang).name)}</label> }
                                            }).collect_view()}
                                        </fieldset>
                                        <fieldset class="units"><legend>{tr!(lang, "training.units")}</legend>
                                            {d.units.iter().map(|(c, n)| {
                                                let checked = chosen.contains(c);
                                                view! { <label class="check"><input type="checkbox" name="unit_codes" value=c.clone() checked=checked/> {n.clone()}</label> }
                                            }).collect_view()}
                                        </fieldset>
                                        <label for="t-p" class="block">{tr!(lang, "training.participants")}</label>
                                        <input id="t-p" name="participants" type="number" min="1" required value=v("participants")/>
                                        <label for="t-s" class="block">{tr!(lang, "training.start")}</label>
                                        <input id="t-s" name="start_date" type="date" required value=v("start_date")/>
                                        <label for="t-e" class="block">{tr!(lang, "training.end")}</label>
                                        <input id="t-e" name="end_date" type="date" required value=v("end_date")/>
                                        <button type="submit" class="button primary">{tr!(lang, "training.save")}</button>
                                    </form>
                                </section>
                            })}
                        }.into_any()
                    }
                }
            })}}
        </Suspense>
    }
}

/// `/staf/pelatihan/{id}`: a program's estimated effect, with how it was reached and what
/// the data can and cannot show.
#[component]
pub fn ImpactPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|s| s.parse::<i32>().ok())
            .unwrap_or(0)
    };
    let data = Resource::new(id, load_impact);
    view! {
        <Title text=tr!(lang, "impact.title")/>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => {
                        if to_sign_in(&e, &format!("/staf/pelatihan/{}", id())) { return ().into_any(); }
                        problem(lang, &e, "program")
                    }
                    Ok(d) => impact_view(lang, d).into_any(),
                }
            })}
        </Suspense>
    }
}

fn interval(lang: Lang, low: Option<f64>, high: Option<f64>) -> String {
    let end =
        |v: Option<f64>, inf: &str| v.map(|x| lang.number(x, 2)).unwrap_or_else(|| inf.into());
    format!("{} … {}", end(low, "−∞"), end(high, "∞"))
}

fn impact_row(lang: Lang, e: &EffectRow) -> AnyView {
    view! {
        <tr>
            <th scope="row">{e.label.clone()}</th>
            <td>{opt(lang, e.estimate, 2)}</td>
            <td>{interval(lang, e.ci_low, e.ci_high)}</td>
            <td>{opt(lang, e.p_value, 3)}
                {e.p_holm.map(|h| view! { <br/><small>{format!("Holm {}", lang.number(h, 3))}</small> })}
            </td>
        </tr>
    }
    .into_any()
}

fn impact_view(lang: Lang, d: ImpactData) -> impl IntoView {
    let verdict_class = format!("verdict verdict-{}", d.verdict);
    let estimates = d.overall.clone().map(|o| {
        view! {
            <section class="card">
                <h2>{tr!(lang, "impact.estimates")}</h2>
                <div class="table-wrap" tabindex="0"><table class="data effects">
                    <thead><tr>
                        <th scope="col"></th><th scope="col">{tr!(lang, "impact.effect")}</th>
                        <th scope="col">{tr!(lang, "impact.ci")}</th><th scope="col">{tr!(lang, "impact.p")}</th>
                    </tr></thead>
                    <tbody>{impact_row(lang, &o)}{d.elements.iter().map(|e| impact_row(lang, e)).collect_view()}</tbody>
                </table></div>
                {(!d.elements.is_empty()).then(|| view! { <p class="hint">{tr!(lang, "impact.elements_note")}</p> })}
                {d.mde.map(|m| view! { <p class="mde">{tr!(lang, "impact.mde", mde = lang.number(m, 2))}</p> })}
                {d.method.clone().map(|m| view! { <p class="hint">{m}</p> })}
            </section>
        }
        .into_any()
    });
    let event = (!d.event_study.is_empty()).then(|| {
        view! {
            <section class="card">
                <h2>{tr!(lang, "impact.event_title")}</h2>
                <p>{tr!(lang, "impact.event_lead")}</p>
                <figure class="chart-box" inner_html=d.chart_svg.clone()></figure>
                <div class="table-wrap" tabindex="0"><table class="data effects">
                    <caption>{tr!(lang, "impact.chart_title")}</caption>
                    <thead><tr>
                        <th scope="col">{tr!(lang, "impact.month")}</th><th scope="col">{tr!(lang, "impact.effect")}</th>
                        <th scope="col">{tr!(lang, "impact.ci")}</th><th scope="col">{tr!(lang, "impact.p")}</th>
                    </tr></thead>
                    <tbody>{d.event_study.iter().map(|e| view! {
                        <tr>
                            <th scope="row">{if e.month > 0 { format!("+{}", e.month) } else { e.month.to_string() }}</th>
                            <td>{lang.number(e.estimate, 2)}</td>
                            <td>{interval(lang, e.ci_low, e.ci_high)}</td>
                            <td>{lang.number(e.p_value, 3)}</td>
                        </tr>
                    }).collect_view()}</tbody>
                </table></div>
                {d.pre_trend.clone().map(|t| view! { <p>{t}</p> })}
            </section>
        }
        .into_any()
    });
    let names = |v: &[String]| {
        if v.is_empty() {
            "–".to_string()
        } else {
            v.join(", ")
        }
    };
    let units = view! {
        <section class="card">
            <h2>{tr!(lang, "impact.units_title")}</h2>
            <h3>{format!("{} ({})", tr!(lang, "impact.treated"), d.treated.len())}</h3>
            <p>{names(&d.treated)}</p>
            <h3>{format!("{} ({})", tr!(lang, "impact.controls"), d.controls.len())}</h3>
            <p>{names(&d.controls)}</p>
            {(!d.excluded.is_empty()).then(|| view! {
                <h3>{tr!(lang, "impact.excluded")}</h3>
                <ul class="excluded">{d.excluded.iter().map(|(u, why)| view! { <li><strong>{u.clone()}</strong>": "{why.clone()}</li> }).collect_view()}</ul>
            })}
        </section>
    }
    .into_any();
    view! {
        {user_bar(lang, &d.user)}
        <p><a href="/staf/pelatihan">{tr!(lang, "training.back")}</a></p>
        <h1>{d.program.name.clone()}</h1>
        <p class="lead">{format!("{} · {} · {} – {} · {} {}", d.program.topic, d.program.targets, d.program.start, d.program.end, lang.count(d.program.participants), tr!(lang, "training.participants_short"))}</p>
        <div class=verdict_class role="status">
            <p><strong>{tr!(lang, &format!("impact.verdict.{}", d.verdict))}</strong></p>
            <p>{d.summary.clone()}</p>
            {(!d.reasons.is_empty()).then(|| view! {
                <ul>{d.reasons.iter().map(|r| view! { <li>{r.clone()}</li> }).collect_view()}</ul>
            })}
        </div>
        {d.selection_warning.then(|| view! { <p class="notice warn">{tr!(lang, "impact.selection_warning")}</p> })}
        <p class="hint">{tr!(lang, "impact.periods", pre_from = d.pre.0.clone(), pre_to = d.pre.1.clone(), post_from = d.post.0.clone(), post_to = d.post.1.clone())}</p>
        {estimates}
        {event}
        {units}
    }
}

/// `/ikm/tren/{code}`: a unit's index over the last twelve months, for everybody.
#[component]
pub fn PublicTrendPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let code = move || params.read().get("code").unwrap_or_default();
    let data = Resource::new(code, super::server_fns::load_public_trend);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => crate::web::page::internal_error(lang, &e).into_any(),
                    Ok(None) => {
                        #[cfg(feature = "ssr")]
                        crate::web::page::set_status(axum::http::StatusCode::NOT_FOUND);
                        view! {
                            <Title text=tr!(lang, "error.not_found")/>
                            <h1>{tr!(lang, "error.not_found")}</h1>
                            <p class="notice error">{tr!(lang, "analytics.unit_unknown")}</p>
                            <p><a href="/ikm">{tr!(lang, "analytics.back_to_index")}</a></p>
                        }
                        .into_any()
                    }
                    Ok(Some(t)) => view! {
                        <Title text=t.name.clone()/>
                        <p><a href=format!("/ikm#unit-{}", t.code)>{tr!(lang, "analytics.back_to_index")}</a></p>
                        <h1>{t.name.clone()}</h1>
                        <figure class="chart-box" inner_html=t.svg.clone()></figure>
                        <div class="table-wrap"><table class="data">
                            <caption>{tr!(lang, "analytics.trend_caption")}</caption>
                            <thead><tr>
                                <th scope="col">{tr!(lang, "analytics.period")}</th>
                                <th scope="col">"n"</th>
                                <th scope="col">"IKM"</th>
                                <th scope="col">{tr!(lang, "analytics.grade")}</th>
                                <th scope="col">{tr!(lang, "analytics.sample")}</th>
                            </tr></thead>
                            <tbody>{t.rows.iter().map(|r| view! {
                                <tr>
                                    <th scope="row">{r.period.clone()}</th>
                                    <td>{lang.count(r.responses)}</td>
                                    <td>{opt(lang, r.ikm, 2)}</td>
                                    <td>{r.grade.clone().unwrap_or_default()}</td>
                                    <td>{match (r.min_sample, r.sample_reached) {
                                        (Some(m), Some(true)) => tr!(lang, "analytics.sample_ok", min = lang.count(m as i64)),
                                        (Some(m), _) => tr!(lang, "analytics.sample_short", min = lang.count(m as i64)),
                                        _ => "–".to_string(),
                                    }}</td>
                                </tr>
                            }).collect_view()}</tbody>
                        </table></div>
                        <p class="hint">{tr!(lang, "index.min_sample_rule")}</p>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

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
    let scope = Resource::new(|| (), |_| super::server_fns::load_report_scope());
    let data = Resource::new(q, super::server_fns::load_skm_report);
    view! {
        <Title text=tr!(lang, "report.title")/>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let s = match scope.await {
                    Ok(s) => s,
                    Err(e) => {
                        if to_sign_in(&e, "/staf/laporan") { return ().into_any(); }
                        return view! { <h1>{tr!(lang, "report.title")}</h1>{problem(lang, &e, "skm_report")}<p><a href="/staf">{tr!(lang, "console.back")}</a></p> }.into_any();
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
                    {user_bar(lang, &s.user)}
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
    s: &super::server_fns::ReportScope,
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
fn report_document(lang: Lang, r: &super::server_fns::SkmReport) -> impl IntoView + use<> {
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
    view! {
        <article class="skm-report">
            <header>
                <h1>{tr!(lang, "report.title")}</h1>
                <p class="report-unit">{r.unit_name.clone()}</p>
                <p class="report-period">{tr!(lang, "report.period_range", from = lang.date(r.from), to = lang.date(r.to))}</p>
            </header>
            <p class="noprint"><a href="javascript:print()" class="button">{tr!(lang, "report.print")}</a></p>
            <h2>{tr!(lang, "report.result")}</h2>
            <p class="big-index">{opt(lang, r.ikm, 2)} <sup>"1"</sup> " " {r.grade.clone().unwrap_or_default()}</p>
            <p>{r.grade_label.clone().unwrap_or_default()}</p>
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
                        <th scope="col">{tr!(lang, "analytics.grade")}</th>
                    </tr></thead>
                    <tbody>{elements}</tbody>
                </table>
            </div>
            <p class="hint">{tr!(lang, "report.formula")}</p>
            <p class="hint footnote"><sup>"1"</sup> " " {tr!(lang, "report.unrounded")}</p>
            <h2>{tr!(lang, "report.profile")}</h2>
            <div class="profile">{groups}</div>
            <h2>{tr!(lang, "report.suggestions")}</h2>
            {(r.suggestions_total > shown).then(|| view! {
                <p class="hint">{tr!(lang, "report.suggestions_shown", shown = lang.count(shown as i64), total = lang.count(r.suggestions_total as i64))}</p>
            })}
            {r.suggestions.is_empty().then(|| view! { <p class="muted">{tr!(lang, "report.no_suggestions")}</p> })}
            <ol class="suggestions">{r.suggestions.iter().map(|(d, s)| view! { <li><span class="date">{lang.date(*d)}</span> " " {s.clone()}</li> }).collect_view()}</ol>
            <h2>{tr!(lang, "report.plan")}</h2>
            <p>{tr!(lang, "report.plan_lead")}</p>
            {r.weakest.is_empty().then(|| view! { <p class="muted">{tr!(lang, "report.plan_none")}</p> })}
            {(!r.weakest.is_empty()).then(|| view! {
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
            })}
            <div class="signature">
                <p>{tr!(lang, "report.signed_at")}</p>
                <p class="sign-line">{if r.unit_code.is_empty() { tr!(lang, "report.official") } else { tr!(lang, "report.head_of", unit = r.unit_name.clone()) }}</p>
            </div>
        </article>
    }
}
