//! Findings on the console's pages: the finding and action fields of the resolve form (and
//! the unit's proposal in its follow-up form), the case's outcome card with what the
//! reporter reads, the form that completes a finding not recorded, and the inspectors' page
//! of earlier reports naming the same officer.

use super::server_fns::load_repeat_names;
use super::view::{ActionFormState, CaseView, RepeatNames};
use crate::clock::fmt_wib;
use crate::complaints::domain::TrackingCode;
use crate::complaints::domain::outcome::{ActionKind, Finding, Measure, ReferralTo, plain_words};
use crate::i18n::Lang;
use crate::tr;
use crate::web::page::{problem, to_sign_in, use_lang};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// The finding and action fields of a resolve (or completion) form: `mine` is what a
/// refused form held; otherwise the unit's proposal starts ticked.
pub fn outcome_fields(
    lang: Lang,
    prefix: &str,
    mine: &ActionFormState,
    proposed: &[ActionKind],
) -> impl IntoView + use<> {
    let id = |f: &str| format!("{prefix}-{f}");
    let typed = !mine.finding.is_empty() || !mine.actions.is_empty();
    let findings = Finding::ALL
        .iter()
        .map(|f| {
            let checked = mine.finding == f.code();
            view! {
                <label class="check"><input type="radio" name="finding" value=f.code() checked=checked required/>
                    " " {tr!(lang, &format!("outcome.finding.{}", f.code()))}</label>
            }
        })
        .collect_view();
    let ticked = |k: ActionKind| {
        if typed {
            mine.actions.iter().any(|a| a == k.code())
        } else {
            proposed.contains(&k)
        }
    };
    let check = move |k: ActionKind| {
        let checked = ticked(k);
        view! {
            <label class="check"><input type="checkbox" name="actions" value=k.code() checked=checked/>
                " " {tr!(lang, &format!("outcome.action.{}", k.code()))}</label>
        }
    };
    let hinted = move |k: ActionKind| {
        view! {
            {check(k)}
            <span class="hint">{tr!(lang, &format!("outcome.action_hint.{}", k.code()))}</span>
        }
    };
    let levels = [
        ActionKind::DisciplineLight,
        ActionKind::DisciplineModerate,
        ActionKind::DisciplineHeavy,
    ];
    let measures = levels
        .iter()
        .map(|level| {
            let options = Measure::ALL
                .iter()
                .filter(|m| m.level() == *level)
                .map(|m| {
                    let sel = mine.measure == m.code();
                    view! { <option value=m.code() selected=sel>{tr!(lang, &format!("outcome.measure.{}", m.code()))}</option> }
                })
                .collect_view();
            view! { <optgroup label=tr!(lang, &format!("outcome.action.{}", level.code()))>{options}</optgroup> }
        })
        .collect_view();
    let referrals = ReferralTo::ALL
        .iter()
        .map(|r| {
            let sel = mine.referral_to == r.code();
            view! { <option value=r.code() selected=sel>{tr!(lang, &format!("outcome.referral.{}", r.code()))}</option> }
        })
        .collect_view();
    let proposal = (!proposed.is_empty()).then(|| {
        let words = proposed
            .iter()
            .map(|k| tr!(lang, &format!("outcome.action.{}", k.code())))
            .collect::<Vec<_>>()
            .join(", ");
        view! {
            <p class="notice proposal">{tr!(lang, "outcome.proposed", actions = words)}
                <br/><span class="hint">{tr!(lang, "outcome.proposed_hint")}</span></p>
        }
    });
    view! {
        {proposal}
        <fieldset class="outcome" id=id("finding")><legend>{tr!(lang, "outcome.finding")}</legend>
            <ul class="rules">
                <li>{tr!(lang, "outcome.rule_not_substantiated")}</li>
                <li>{tr!(lang, "outcome.rule_unprovable")}</li>
            </ul>
            {findings}
        </fieldset>
        <fieldset class="outcome" id=id("actions")><legend>{tr!(lang, "outcome.actions")}</legend>
            {hinted(ActionKind::Coaching)}
            <p class="subhead">{tr!(lang, "outcome.discipline_group")}</p>
            {check(ActionKind::DisciplineLight)}
            {check(ActionKind::DisciplineModerate)}
            {check(ActionKind::DisciplineHeavy)}
            <div class="detail">
                <label for=id("measure") class="block">{tr!(lang, "outcome.measure")}</label>
                <select id=id("measure") name="measure">
                    <option value="">{tr!(lang, "outcome.measure_any")}</option>
                    {measures}
                </select>
            </div>
            {hinted(ActionKind::ServiceFix)}
            {hinted(ActionKind::Restitution)}
            {hinted(ActionKind::Referral)}
            <div class="detail">
                <label for=id("referral") class="block">{tr!(lang, "outcome.referral_to")}</label>
                <select id=id("referral") name="referral_to">
                    <option value="">{tr!(lang, "outcome.referral_any")}</option>
                    {referrals}
                </select>
            </div>
            {hinted(ActionKind::None)}
        </fieldset>
        <p class="hint">{tr!(lang, "outcome.final")}</p>
    }
}

/// The kinds of action a unit may propose with its follow-up.
pub fn proposal_fields(lang: Lang, mine: &ActionFormState) -> impl IntoView + use<> {
    let boxes = ActionKind::ALL
        .iter()
        .map(|k| {
            let checked = mine.actions.iter().any(|a| a == k.code());
            view! {
                <label class="check"><input type="checkbox" name="actions" value=k.code() checked=checked/>
                    " " {tr!(lang, &format!("outcome.action.{}", k.code()))}</label>
            }
        })
        .collect_view();
    view! {
        <fieldset class="outcome"><legend>{tr!(lang, "outcome.propose")}</legend>{boxes}</fieldset>
    }
}

/// The case's outcome: the finding and actions recorded (with the measure, for staff), who
/// recorded it, and the words the reporter reads; or "finding not recorded" with the form
/// that completes it once (inspectors).
pub fn outcome_card(
    lang: Lang,
    c: &CaseView,
    csrf: &str,
    inspector: bool,
    form: Option<&ActionFormState>,
) -> impl IntoView + use<> {
    if let Some(o) = &c.outcome {
        let actions = o
            .actions
            .iter()
            .map(|a| {
                let detail = a
                    .measure
                    .map(|m| tr!(lang, &format!("outcome.measure.{}", m.code())))
                    .or_else(|| {
                        a.referral_to
                            .map(|r| tr!(lang, &format!("outcome.referral.{}", r.code())))
                    });
                view! {
                    <li>{tr!(lang, &format!("outcome.action.{}", a.kind.code()))}
                        {detail.map(|d| view! { ": " <span>{d}</span> })}</li>
                }
            })
            .collect_view();
        let kinds: Vec<ActionKind> = o.actions.iter().map(|a| a.kind).collect();
        let words = plain_words(lang, o.finding, &kinds);
        let by = o.recorded_by.clone().unwrap_or_else(|| "-".into());
        // A completion refused because another came first says so here.
        let refused = form
            .filter(|f| f.action == "outcome" && !f.error.is_empty())
            .map(|f| view! { <p class="field-error" role="alert">{tr!(lang, &format!("error.{}", f.error))}</p> });
        return view! {
            <section class="card outcome-card" id="temuan">
                <h2>{tr!(lang, "outcome.title")}</h2>
                {refused}
                <p class=format!("finding finding-{}", o.finding.code())><strong>{tr!(lang, &format!("outcome.finding.{}", o.finding.code()))}</strong></p>
                <ul class="outcome-actions">{actions}</ul>
                <p class="hint">{tr!(lang, "outcome.recorded_by", name = by, time = fmt_wib(o.recorded_at))}
                    {o.completed_later.then(|| view! { " · " {tr!(lang, "outcome.completed_later")} })}</p>
                <p class="reporter-reads"><span class="label">{tr!(lang, "outcome.reporter_sees")}</span>{format!("“{words}”")}</p>
            </section>
        }
        .into_any();
    }
    if !c.outcome_missing {
        return ().into_any();
    }
    let mine = form
        .filter(|f| f.action == "outcome")
        .cloned()
        .unwrap_or_default();
    let error = (!mine.error.is_empty()).then(|| tr!(lang, &format!("error.{}", mine.error)));
    let open = error.is_some();
    let complete = inspector.then(|| {
        view! {
            <details class="action" open=open id="aksi-outcome">
                <summary class="button">{tr!(lang, "outcome.complete")}</summary>
                <form method="post" action=format!("/staf/kasus/{}/temuan", c.tracking_code)>
                    <input type="hidden" name="csrf" value=csrf.to_string()/>
                    {error.map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
                    {outcome_fields(lang, "outcome", &mine, &[])}
                    <button type="submit" class="button primary">{tr!(lang, "outcome.complete")}</button>
                </form>
            </details>
        }
    });
    view! {
        <section class="card outcome-card" id="temuan">
            <h2>{tr!(lang, "outcome.title")}</h2>
            <p class="notice"><strong>{tr!(lang, "outcome.missing")}</strong></p>
            {inspector.then(|| view! { <p class="hint">{tr!(lang, "outcome.missing_hint")}</p> })}
            {complete}
        </section>
    }
    .into_any()
}

/// `/staf/kasus/{code}/nama-serupa`: the earlier reports of the case's unit naming an
/// officer close to this one's (inspectors only; each look is audited).
#[component]
pub fn RepeatNamesPage() -> impl IntoView {
    let lang = use_lang();
    let code = use_params_map()
        .read_untracked()
        .get("code")
        .unwrap_or_default();
    let back = format!("/staf/kasus/{code}/nama-serupa");
    let data = Resource::new(move || code.clone(), load_repeat_names);
    view! {
        <Title text=tr!(lang, "repeat.title")/>
        <Suspense fallback=|| ()>
            {move || {
                let back = back.clone();
                Suspend::new(async move {
                    match data.await {
                        Ok(d) => repeat_view(lang, d.names).into_any(),
                        Err(e) if to_sign_in(&e, &back) => ().into_any(),
                        Err(e) => problem(lang, &e, "case"),
                    }
                })
            }}
        </Suspense>
    }
}

fn repeat_view(lang: Lang, r: RepeatNames) -> impl IntoView {
    let grouped = |code: &str| {
        TrackingCode::parse(code)
            .map(|t| t.grouped())
            .unwrap_or_else(|_| code.to_string())
    };
    let rows = r
        .earlier
        .iter()
        .map(|e| {
            let finding = match e.finding {
                Some(f) => tr!(lang, &format!("outcome.finding.{}", f.code())),
                None => "—".to_string(),
            };
            let actions = e
                .actions
                .iter()
                .map(|k| tr!(lang, &format!("outcome.action.{}", k.code())))
                .collect::<Vec<_>>()
                .join(", ");
            view! {
                <tr>
                    <td data-label=tr!(lang, "track.code")><a class="mono" href=format!("/staf/kasus/{}", e.tracking_code)>{grouped(&e.tracking_code)}</a></td>
                    <td data-label=tr!(lang, "track.created")>{fmt_wib(e.created_at)}</td>
                    <td data-label=tr!(lang, "track.category")>{tr!(lang, &format!("category.{}", e.category))}</td>
                    <td data-label=tr!(lang, "repeat.named")>{e.named.clone()}<br/><span class="hint">{e.matched.clone()}</span></td>
                    <td data-label=tr!(lang, "track.status")>{tr!(lang, &format!("status.{}", e.status))}</td>
                    <td class="finding-cell" data-label=tr!(lang, "outcome.finding")><strong>{finding}</strong>{(!actions.is_empty()).then(|| view! { <br/><span class="hint">{actions}</span> })}</td>
                </tr>
            }
        })
        .collect_view();
    let none = r.earlier.is_empty();
    view! {
        <p><a href=format!("/staf/kasus/{}", r.tracking_code)>{tr!(lang, "repeat.back")}</a></p>
        <h1 id="repeat-title">{tr!(lang, "repeat.title")}</h1>
        <p class="notice" role="note">{tr!(lang, "repeat.audited")}</p>
        <dl class="facts">
            <dt>{tr!(lang, "case.who")}</dt><dd>{r.named.clone().unwrap_or_else(|| "—".into())}</dd>
            <dt>{tr!(lang, "repeat.read_as")}</dt><dd>{if r.names.is_empty() { tr!(lang, "repeat.no_name") } else { r.names.join("; ") }}</dd>
        </dl>
        <p class="hint">{tr!(lang, "repeat.how")}</p>
        {if none {
            view! { <p>{tr!(lang, "repeat.none")}</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap" tabindex="0" role="region" aria-labelledby="repeat-title"><table class="data repeat-names">
                    <thead><tr>
                        <th scope="col">{tr!(lang, "track.code")}</th>
                        <th scope="col">{tr!(lang, "track.created")}</th>
                        <th scope="col">{tr!(lang, "track.category")}</th>
                        <th scope="col">{tr!(lang, "repeat.named")}</th>
                        <th scope="col">{tr!(lang, "track.status")}</th>
                        <th scope="col">{tr!(lang, "outcome.finding")}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table></div>
            }.into_any()
        }}
    }
}
