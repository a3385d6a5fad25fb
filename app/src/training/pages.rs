//! Training programs: the registry and each program's impact, said honestly.

use super::server_fns::{EffectRow, ImpactData, load_impact, load_training};
use crate::i18n::Lang;
use crate::tr;
use crate::web::page::figure_or_dash;
use crate::web::page::use_lang;
use crate::web::page::{problem, to_sign_in};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// `/staf/pelatihan`: training programs, and for admins and managers the form to add one
/// (pre-filled from the dashboard with `?unit=code&targets=U3,U5`).
#[component]
pub fn TrainingPage() -> impl IntoView {
    let lang = use_lang();
    let st = use_context::<crate::web::form::FormRefusal>().unwrap_or_default();
    let data = Resource::new(|| (), |_| load_training());
    let qm = use_query_map().read_untracked();
    let asked = |k: &str| qm.get(k).unwrap_or_default();
    let (asked_units, asked_targets) = (asked("unit"), asked("targets"));
    // A suggestion from the dashboard names the topic too.
    let asked_topic = asked("topic");
    view! {
        <Title text=tr!(lang, "training.title")/>
        <h1>{tr!(lang, "training.title")}</h1>
        <Suspense fallback=|| ()>
            {move || {
                let st = st.clone();
                let (asked_units, asked_targets) = (asked_units.clone(), asked_targets.clone());
                let asked_topic = asked_topic.clone();
                Suspend::new(async move {
                match data.await {
                    Err(e) => {
                        if to_sign_in(&e, "/staf/pelatihan") { return ().into_any(); }
                        problem(lang, &e, "training")
                    }
                    Ok(d) => {
                        let v = |k: &str| st.values.get(k).cloned().unwrap_or_default();
                        let rows = d.programs.iter().map(|p| view! {
                            <li>
                                <a href=format!("/staf/pelatihan/{}", p.id)><strong>{p.name.clone()}</strong></a>
                                <span>{format!("{} · {} · {}", p.topic, p.targets, p.units)}</span>
                                <span>{format!("{} – {} · {} {}", p.start, p.end, lang.count(p.participants), tr!(lang, "training.participants_short"))}</span>
                                <span class="muted">{tr!(lang, "training.registered_on", date = p.registered.clone())}
                                    {p.retrospective.then(|| view! { " · " <span class="verdict-chip verdict-exploratory">{tr!(lang, "impact.verdict.exploratory")}</span> })}
                                </span>
                            </li>
                        }).collect_view();
                        // What was typed and refused, else what the dashboard asked for.
                        let (units_typed, targets_typed) = if st.values.is_empty() {
                            (asked_units.clone(), asked_targets.clone())
                        } else {
                            (v("unit_codes"), v("target_elements"))
                        };
                        let chosen: Vec<String> = units_typed.split(',').map(str::to_string).collect();
                        let targets: Vec<String> = targets_typed.split(',').map(str::to_string).collect();
                        view! {
                            <section class="card" id="rollouts">
                                <h2>{tr!(lang, "rollout.list_title")}</h2>
                                <p class="hint">{tr!(lang, "rollout.list_hint")}</p>
                                <ol class="program-list">{d.rollouts.iter().map(|r| view! {
                                    <li>
                                        <a href=format!("/staf/pelatihan/acak/{}", r.id)><strong>{r.name.clone()}</strong></a>
                                        <span>{format!("{} · {} {}", r.topic, lang.count(i64::try_from(r.units).unwrap_or(0)), tr!(lang, "rollout.units_short"))}</span>
                                        <span>{tr!(lang, "rollout.waves_on", dates = r.waves.clone())}</span>
                                        <span class="muted">{tr!(lang, "training.registered_on", date = r.registered.clone())}" · "
                                            <span class="verdict-chip verdict-randomized">{tr!(lang, "rollout.chip")}</span></span>
                                    </li>
                                }).collect_view()}</ol>
                                {d.rollouts.is_empty().then(|| view! { <p class="muted">{tr!(lang, "rollout.none")}</p> })}
                                {d.may_register.then(|| view! { <p><a class="button primary" href="/staf/pelatihan/acak">{tr!(lang, "rollout.plan_title")}</a></p> })}
                            </section>
                            <h2>{tr!(lang, "training.programs_title")}</h2>
                            <p class="hint">{tr!(lang, "training.hint")}</p>
                            <ol class="program-list">{rows}</ol>
                            {d.programs.is_empty().then(|| view! { <p class="muted">{tr!(lang, "training.none")}</p> })}
                            {d.may_register.then(|| view! {
                                <section class="card" id="new-program">
                                    <h2>{tr!(lang, "training.add")}</h2>
                                    <form method="post" action="/staf/pelatihan">
                                        {(!st.error.is_empty()).then(|| view! { <p class="field-error" role="alert">{tr!(lang, &format!("error.{}", st.error))}</p> })}
                                        <input type="hidden" name="csrf" value=d.user.csrf.clone()/>
                                        <label for="t-name" class="block">{tr!(lang, "training.name")}</label>
                                        <input id="t-name" name="name" type="text" required value=v("name")/>
                                        <label for="t-topic" class="block">{tr!(lang, "training.topic")}</label>
                                        <input id="t-topic" name="topic" type="text" required value=if st.values.is_empty() { asked_topic.clone() } else { v("topic") }/>
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
    // `?ukuran=perilaku`: the second outcome, conduct complaints proven.
    let query = use_query_map();
    let outcome = move || {
        (query.read().get("ukuran").as_deref() == Some("perilaku")).then(|| "conduct".to_string())
    };
    let data = Resource::new(move || (id(), outcome()), |(id, o)| load_impact(id, o));
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

pub(super) fn interval(lang: Lang, low: Option<f64>, high: Option<f64>) -> String {
    let end =
        |v: Option<f64>, inf: &str| v.map(|x| lang.number(x, 2)).unwrap_or_else(|| inf.into());
    format!("{} … {}", end(low, "−∞"), end(high, "∞"))
}

pub(super) fn impact_row(lang: Lang, e: &EffectRow) -> AnyView {
    view! {
        <tr>
            <th scope="row">{e.label.clone()}</th>
            <td>{figure_or_dash(lang, e.estimate, 2)}</td>
            <td>{interval(lang, e.ci_low, e.ci_high)}</td>
            <td>{figure_or_dash(lang, e.p_value, 3)}
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
                    <tbody>{impact_row(lang, &o)}{d.ancova.as_ref().map(|a| impact_row(lang, a))}{d.elements.iter().map(|e| impact_row(lang, e)).collect_view()}</tbody>
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
                <p class="hint">{tr!(lang, "impact.event_not_tests")}</p>
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
            <p class="hint">{d.comparison_note.clone()}</p>
            {(!d.missing.is_empty()).then(|| view! {
                <h3>{tr!(lang, "impact.missing")}</h3>
                <p class="hint">{tr!(lang, "impact.missing_hint")}</p>
                <ul class="excluded">{d.missing.iter().map(|(u, months)| view! { <li><strong>{u.clone()}</strong>": "{months.clone()}</li> }).collect_view()}</ul>
            })}
            {(!d.caveats.is_empty()).then(|| view! {
                <h3>{tr!(lang, "impact.caveats")}</h3>
                <ul class="excluded">{d.caveats.iter().map(|(u, why)| view! { <li><strong>{u.clone()}</strong>": "{why.clone()}</li> }).collect_view()}</ul>
            })}
            {(!d.excluded.is_empty()).then(|| view! {
                <h3>{tr!(lang, "impact.excluded")}</h3>
                <ul class="excluded">{d.excluded.iter().map(|(u, why)| view! { <li><strong>{u.clone()}</strong>": "{why.clone()}</li> }).collect_view()}</ul>
            })}
        </section>
    }
    .into_any();
    view! {
        <p><a href="/staf/pelatihan">{tr!(lang, "training.back")}</a></p>
        <h1>{d.program.name.clone()}</h1>
        <p class="lead">{format!("{} · {} · {} – {} · {} {}", d.program.topic, d.program.targets, d.program.start, d.program.end, lang.count(d.program.participants), tr!(lang, "training.participants_short"))}</p>
        <p class="hint">{tr!(lang, "training.registered_on", date = d.program.registered.clone())}</p>
        {d.program.retrospective.then(|| view! {
            <p class="notice warn"><strong>{tr!(lang, "impact.verdict.exploratory")}</strong>": "{tr!(lang, "impact.retrospective")}</p>
        })}
        {outcome_switch(lang, d.program.id, &d.outcome)}
        <div class=verdict_class role="status">
            <p><strong>{tr!(lang, &format!("impact.verdict.{}", d.verdict))}</strong></p>
            <p>{d.summary.clone()}</p>
            {(!d.reasons.is_empty()).then(|| view! {
                <ul>{d.reasons.iter().map(|r| view! { <li>{r.clone()}</li> }).collect_view()}</ul>
            })}
        </div>
        {d.selection_warning.then(|| view! { <p class="notice warn">{tr!(lang, "impact.selection_warning")}</p> })}
        {d.before_after.clone().map(|(m, before, after)| {
            let f = |x: f64| lang.number(x, 1);
            let change = |r: [f64; 2]| r[1] - r[0];
            let signed = |x: f64| if x > 0.0 { format!("+{}", lang.number(x, 1)) } else { lang.number(x, 1) };
            let did = change(m[0]) - change(m[1]);
            view! {
                <section class="card" id="before-after">
                    <h2>{tr!(lang, "impact.ba_title")}</h2>
                    <p class="hint">{tr!(lang, "impact.ba_months", before = before.clone(), after = after.clone())}</p>
                    <div class="table-wrap" tabindex="0"><table class="data before-after">
                        <thead><tr>
                            <th scope="col"></th>
                            <th scope="col">{tr!(lang, "impact.ba_before")}</th>
                            <th scope="col">{tr!(lang, "impact.ba_after")}</th>
                            <th scope="col">{tr!(lang, "impact.ba_change")}</th>
                        </tr></thead>
                        <tbody>
                            <tr><th scope="row">{tr!(lang, "impact.ba_trained", n = d.treated.len().to_string())}</th>
                                <td>{f(m[0][0])}</td><td>{f(m[0][1])}</td><td>{signed(change(m[0]))}</td></tr>
                            <tr><th scope="row">{tr!(lang, "impact.ba_comparison", n = d.controls.len().to_string())}</th>
                                <td>{f(m[1][0])}</td><td>{f(m[1][1])}</td><td>{signed(change(m[1]))}</td></tr>
                            <tr class="total"><th scope="row">{tr!(lang, "impact.ba_did")}</th><td></td><td></td>
                                <td><strong>{if did > 0.0 { format!("+{}", lang.number(did, 2)) } else { lang.number(did, 2) }}</strong></td></tr>
                        </tbody>
                    </table></div>
                    <p>{tr!(lang, "impact.ba_conclude")}</p>
                </section>
            }
        })}
        <p class="hint">{tr!(lang, "impact.periods", pre_from = d.pre.0.clone(), pre_to = d.pre.1.clone(), post_from = d.post.0.clone(), post_to = d.post.1.clone())}</p>
        {estimates}
        {event}
        {units}
    }
}

/// What the effect is measured on: the IKM, or the conduct complaints proven (a link each,
/// the one shown marked).
fn outcome_switch(lang: Lang, id: i32, outcome: &str) -> impl IntoView + use<> {
    let conduct = outcome == "conduct";
    let link = |href: String, key: &'static str, here: bool| {
        view! { <li><a href=href aria-current=here.then_some("page")>{tr!(lang, key)}</a></li> }
    };
    view! {
        <nav class="period-tabs outcome-tabs" aria-label=tr!(lang, "impact.conduct.switch")>
            <ul>
                {link(format!("/staf/pelatihan/{id}"), "impact.conduct.on_ikm", !conduct)}
                {link(format!("/staf/pelatihan/{id}?ukuran=perilaku"), "impact.conduct.on_conduct", conduct)}
            </ul>
        </nav>
        {conduct.then(|| view! { <p class="hint">{tr!(lang, "impact.conduct.lead")}</p> })}
    }
}

/// The training pages' routes; their forms post to the same paths, in [`super::routes`].
#[component(transparent)]
pub fn TrainingRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    use leptos_router::components::Route;
    use leptos_router::{SsrMode, path};
    view! {
        <Route path=path!("/staf/pelatihan") view=TrainingPage ssr=SsrMode::Async/>
        <Route path=path!("/staf/pelatihan/acak") view=super::rollout_pages::RolloutPlanPage ssr=SsrMode::Async/>
        <Route path=path!("/staf/pelatihan/acak/:id") view=super::rollout_pages::RolloutPage ssr=SsrMode::Async/>
        <Route path=path!("/staf/pelatihan/:id") view=ImpactPage ssr=SsrMode::Async/>
    }
    .into_inner()
}
