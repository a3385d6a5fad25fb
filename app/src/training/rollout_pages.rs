//! Randomized rollouts in the console: plan one (with the MDE it can expect before anything
//! is fixed), register it, and follow its waves to the result.

use super::pages::impact_row;
use super::rollout_fns::{PlanData, PlanForm, RolloutData, load_rollout, load_rollout_plan};
use crate::i18n::Lang;
use crate::tr;
use crate::web::page::{problem, to_sign_in, use_lang};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// How many wave fields the form offers.
const WAVE_FIELDS: usize = 4;

/// `/staf/pelatihan/acak`: the plan form; `?pratinjau=1` with the plan shows what it can
/// expect and the button that draws and registers it.
#[component]
pub fn RolloutPlanPage() -> impl IntoView {
    let lang = use_lang();
    let st = use_context::<crate::web::form::FormRefusal>().unwrap_or_default();
    let qm = use_query_map().read_untracked();
    let all = |k: &str| qm.get_all(k).unwrap_or_default();
    let one = |k: &str| qm.get(k).unwrap_or_default();
    // A refused registration shows what was sent; a preview, what was asked.
    let refused = !st.values.is_empty();
    let split = |k: &str| -> Vec<String> {
        st.values
            .get(k)
            .map(|v| {
                v.split(',')
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    };
    let form = if refused {
        PlanForm {
            name: st.values.get("name").cloned().unwrap_or_default(),
            topic: st.values.get("topic").cloned().unwrap_or_default(),
            targets: split("target_elements"),
            units: split("units"),
            waves: split("waves"),
        }
    } else {
        PlanForm {
            name: one("name"),
            topic: one("topic"),
            targets: all("target_elements"),
            units: all("units"),
            waves: all("waves"),
        }
    };
    let asked = (!refused && !one("pratinjau").is_empty()).then(|| form.clone());
    let data = Resource::new(move || asked.clone(), load_rollout_plan);
    let refusal = (!st.error.is_empty()).then(|| {
        (
            st.values.get("field").cloned().unwrap_or_default(),
            tr!(lang, &format!("error.{}", st.error)),
        )
    });
    view! {
        <Title text=tr!(lang, "rollout.plan_title")/>
        <p><a href="/staf/pelatihan">{tr!(lang, "training.back")}</a></p>
        <h1>{tr!(lang, "rollout.plan_title")}</h1>
        <p class="lead">{tr!(lang, "rollout.plan_lead")}</p>
        <Suspense fallback=|| ()>
            {move || {
                let form = form.clone();
                let refusal = refusal.clone();
                Suspend::new(async move {
                    match data.await {
                        Err(e) => {
                            if to_sign_in(&e, "/staf/pelatihan/acak") { return ().into_any(); }
                            problem(lang, &e, "rollout")
                        }
                        Ok(d) => plan_view(lang, d, form, refusal).into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

fn field_error(err: &Option<(String, String)>, field: &str) -> Option<AnyView> {
    err.as_ref()
        .filter(|(f, _)| f == field)
        .map(|(_, m)| view! { <p class="field-error" role="alert">{m.clone()}</p> }.into_any())
}

fn plan_view(
    lang: Lang,
    d: PlanData,
    form: PlanForm,
    refusal: Option<(String, String)>,
) -> impl IntoView {
    let err = refusal.or(d.error.clone());
    // An error on a field the form does not show by name goes on top.
    let top = err
        .as_ref()
        .filter(|(f, _)| {
            !["name", "topic", "target_elements", "units", "waves"].contains(&f.as_str())
        })
        .map(|(_, m)| view! { <p class="field-error" role="alert">{m.clone()}</p> });
    let waves: Vec<String> = (0..WAVE_FIELDS)
        .map(|i| form.waves.get(i).cloned().unwrap_or_default())
        .collect();
    let preview = d.preview.clone().map(|p| {
        let csrf = d.user.csrf.clone();
        let f = form.clone();
        view! {
            <section class="card" id="preview" aria-live="polite">
                <h2>{tr!(lang, "rollout.preview_title")}</h2>
                <p>{tr!(lang, "rollout.preview_design", clusters = p.clusters.to_string(), units = p.units.to_string(),
                    baseline = p.with_baseline.to_string(), draws = lang.count(i64::try_from(p.assignments).unwrap_or(0)))}</p>
                {if p.lines.is_empty() {
                    view! { <p class="notice warn">{tr!(lang, "rollout.preview_no_history")}</p> }.into_any()
                } else {
                    view! {
                        <p><strong>{tr!(lang, "rollout.mde_caption")}</strong></p>
                        <ul class="mde-options">{p.lines.iter().enumerate().map(|(i, l)| {
                            let mde = l.mde.map_or_else(|| tr!(lang, "rollout.mde_unknown"), |m| tr!(lang, "rollout.points", v = lang.number(m, 1)));
                            let line = tr!(lang, if i == 0 { "rollout.mde_line_plan" } else { "rollout.mde_line" },
                                units = l.units.to_string(), waves = l.waves.to_string());
                            let text = format!("{line}: {mde}");
                            if i == 0 {
                                view! { <li><strong>{text}</strong></li> }.into_any()
                            } else {
                                view! { <li>{text}</li> }.into_any()
                            }
                        }).collect_view()}</ul>
                        <p class="hint">{tr!(lang, "rollout.mde_hint")}</p>
                    }.into_any()
                }}
                {if p.ready {
                    view! {
                        <form method="post" action="/staf/pelatihan/acak" class="register">
                            <input type="hidden" name="csrf" value=csrf/>
                            <input type="hidden" name="name" value=f.name.clone()/>
                            <input type="hidden" name="topic" value=f.topic.clone()/>
                            {f.targets.iter().map(|t| view! { <input type="hidden" name="target_elements" value=t.clone()/> }).collect_view()}
                            {f.units.iter().map(|u| view! { <input type="hidden" name="units" value=u.clone()/> }).collect_view()}
                            {f.waves.iter().filter(|w| !w.is_empty()).map(|w| view! { <input type="hidden" name="waves" value=w.clone()/> }).collect_view()}
                            <p class="notice">{tr!(lang, "rollout.register_note")}</p>
                            <button type="submit" class="button primary">{tr!(lang, "rollout.register")}</button>
                        </form>
                    }.into_any()
                } else {
                    view! { <p class="notice warn" role="alert">{tr!(lang, "rollout.not_ready")}</p> }.into_any()
                }}
            </section>
        }
    });
    view! {
        {top}
        {preview}
        <section class="card" id="plan">
            <h2>{tr!(lang, "rollout.form_title")}</h2>
            <form method="get" action="/staf/pelatihan/acak">
                <input type="hidden" name="pratinjau" value="1"/>
                <label for="r-name" class="block">{tr!(lang, "training.name")}</label>
                {field_error(&err, "name")}
                <input id="r-name" name="name" type="text" required maxlength="200" value=form.name.clone()/>
                <label for="r-topic" class="block">{tr!(lang, "training.topic")}</label>
                {field_error(&err, "topic")}
                <input id="r-topic" name="topic" type="text" required maxlength="200" value=form.topic.clone()/>
                <fieldset class="units"><legend>{tr!(lang, "training.targets")}</legend>
                    {field_error(&err, "target_elements")}
                    {crate::survey::domain::Element::ALL.iter().map(|e| {
                        let checked = form.targets.iter().any(|t| t == e.code());
                        view! { <label class="check"><input type="checkbox" name="target_elements" value=e.code() checked=checked/> {format!("{} {}", e.code(), crate::survey::questionnaire::wording(*e, lang).name)}</label> }
                    }).collect_view()}
                </fieldset>
                <fieldset class="units"><legend>{tr!(lang, "rollout.units")}</legend>
                    <p class="hint">{tr!(lang, "rollout.units_hint")}</p>
                    {field_error(&err, "units")}
                    {d.units.iter().map(|(c, n)| {
                        let checked = form.units.contains(c);
                        view! { <label class="check"><input type="checkbox" name="units" value=c.clone() checked=checked/> {n.clone()}</label> }
                    }).collect_view()}
                </fieldset>
                <fieldset class="waves"><legend>{tr!(lang, "rollout.waves")}</legend>
                    <p class="hint">{tr!(lang, "rollout.waves_hint")}</p>
                    {field_error(&err, "waves")}
                    {waves.into_iter().enumerate().map(|(i, w)| {
                        let id = format!("r-wave-{i}");
                        view! {
                            <label for=id.clone() class="block">{tr!(lang, "rollout.wave_n", n = (i + 1).to_string())}</label>
                            <input id=id name="waves" type="date" min=d.today.clone() value=w/>
                        }
                    }).collect_view()}
                </fieldset>
                <button type="submit" class="button">{tr!(lang, "rollout.preview")}</button>
            </form>
        </section>
    }
}

/// `/staf/pelatihan/acak/{id}`: a rollout's wave calendar and, once its months are in, the
/// result.
#[component]
pub fn RolloutPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|s| s.parse::<i32>().ok())
            .unwrap_or(0)
    };
    let data = Resource::new(id, load_rollout);
    view! {
        <Title text=tr!(lang, "rollout.title")/>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => {
                        if to_sign_in(&e, &format!("/staf/pelatihan/acak/{}", id())) { return ().into_any(); }
                        problem(lang, &e, "rollout")
                    }
                    Ok(d) => rollout_view(lang, d).into_any(),
                }
            })}
        </Suspense>
    }
}

fn rollout_view(lang: Lang, d: RolloutData) -> impl IntoView {
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
    });
    view! {
        <p><a href="/staf/pelatihan">{tr!(lang, "training.back")}</a></p>
        <h1>{d.name.clone()}</h1>
        <p class="lead">{format!("{} · {}", d.topic, d.targets)}</p>
        <p><span class="verdict-chip verdict-randomized">{tr!(lang, "rollout.chip")}</span></p>
        <div class=verdict_class role="status">
            <p><strong>{tr!(lang, &format!("impact.verdict.{}", d.verdict))}</strong></p>
            <p>{d.summary.clone()}</p>
            {(!d.reasons.is_empty()).then(|| view! {
                <ul>{d.reasons.iter().map(|r| view! { <li>{r.clone()}</li> }).collect_view()}</ul>
            })}
        </div>
        <p class="hint">{tr!(lang, "rollout.periods", baseline = d.baseline.clone(), compared = d.compared.clone())}</p>
        {estimates}
        <section class="card">
            <h2>{tr!(lang, "rollout.calendar")}</h2>
            <ol class="waves">{d.waves.iter().map(|w| view! {
                <li>
                    <strong>{tr!(lang, "rollout.wave_n", n = w.number.to_string())}</strong>
                    " · "{w.starts.clone()}" · "
                    <span class=if w.started { "muted started" } else { "muted upcoming" }>
                        {tr!(lang, if w.started { "rollout.started" } else { "rollout.upcoming" })}
                    </span>
                    <p>{w.units.join(", ")}</p>
                </li>
            }).collect_view()}</ol>
            {(!d.excluded.is_empty()).then(|| view! {
                <h3>{tr!(lang, "impact.excluded")}</h3>
                <ul class="excluded">{d.excluded.iter().map(|(u, why)| view! { <li><strong>{u.clone()}</strong>": "{why.clone()}</li> }).collect_view()}</ul>
            })}
            {(!d.missing.is_empty()).then(|| view! {
                <h3>{tr!(lang, "rollout.missing")}</h3>
                <ul class="excluded">{d.missing.iter().map(|(u, months)| view! { <li><strong>{u.clone()}</strong>": "{months.clone()}</li> }).collect_view()}</ul>
            })}
        </section>
        <section class="card">
            <h2>{tr!(lang, "rollout.seal_title")}</h2>
            <p>{tr!(lang, "rollout.seal", at = d.registered.clone())}</p>
            <dl class="seal">
                <dt>{tr!(lang, "rollout.seed")}</dt><dd><code>{d.seed.to_string()}</code></dd>
                <dt>{tr!(lang, "rollout.hash")}</dt><dd><code class="hash">{d.plan_hash.clone()}</code></dd>
                {d.planned_mde.map(|m| view! { <dt>{tr!(lang, "rollout.planned_mde")}</dt><dd>{tr!(lang, "rollout.points", v = lang.number(m, 1))}</dd> })}
            </dl>
        </section>
    }
}
