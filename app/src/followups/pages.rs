//! `/staf/tindak-lanjut`: a unit's SKM follow-up plan for a period, in the console: the
//! period's three weakest elements proposed, each recorded action with its status and a form
//! to move it along, and the form for a new action. Works without JavaScript: every form
//! posts and comes back to the plan (or to itself with the refusal beside the field).

use super::domain::{Action, Status};
use super::server_fns::{PlanPage, load_plan};
use crate::i18n::Lang;
use crate::tr;
use crate::web::escape::textarea_text;
use crate::web::form::FormRefusal;
use crate::web::page::{problem, to_sign_in, use_lang};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The console page of a unit's plan.
#[component]
pub fn FollowUpPage() -> impl IntoView {
    let lang = use_lang();
    let refusal = use_context::<FormRefusal>().unwrap_or_default();
    let query = use_query_map();
    let asked = move || {
        let m = query.read();
        (m.get("unit"), m.get("periode"), m.get("unsur"))
    };
    let data = Resource::new(asked, |(u, p, _)| load_plan(u, p));
    view! {
        <Title text=tr!(lang, "section.follow_ups")/>
        <h1>{tr!(lang, "section.follow_ups")}</h1>
        <Suspense fallback=|| ()>
            {move || {
                let refusal = refusal.clone();
                let (unit, period, element) = asked();
                Suspend::new(async move {
                    match data.await {
                        Ok(d) => plan_view(lang, &d, &refusal, element.unwrap_or_default()).into_any(),
                        Err(e) => {
                            if to_sign_in(&e, "/staf/tindak-lanjut") { return ().into_any(); }
                            if let Some((f, code)) = e.field() {
                                let message = tr!(lang, &format!("error.{code}"));
                                let (f, unit, period) = (f.to_string(), unit.unwrap_or_default(), period.unwrap_or_default());
                                e.set_status();
                                return view! {
                                    <form method="get" action="/staf/tindak-lanjut" class="card filters">
                                        <input type="hidden" name="unit" value=unit/>
                                        <label for="f-period" class="block">{tr!(lang, "follow_up.period")}</label>
                                        {(f == "periode").then(|| view! { <p class="field-error" id="err-f-period">{message}</p> })}
                                        <input id="f-period" name="periode" type="text" value=period aria-invalid="true" aria-describedby="err-f-period"/>
                                        <button type="submit" class="button">{tr!(lang, "analytics.show")}</button>
                                    </form>
                                }.into_any();
                            }
                            problem(lang, &e, "follow_ups")
                        }
                    }
                })
            }}
        </Suspense>
    }
}

/// The message of a refused field of form `form`, if that is the field.
fn refused(lang: Lang, r: &FormRefusal, form: &str, field: &str) -> Option<String> {
    (r.form == form && r.values.get("field").is_some_and(|f| f == field))
        .then(|| tr!(lang, &format!("error.{}", r.error)))
}

fn status_label(lang: Lang, s: Status) -> String {
    tr!(lang, &format!("follow_up.status.{}", s.code()))
}

fn plan_view(
    lang: Lang,
    d: &PlanPage,
    r: &FormRefusal,
    asked_element: String,
) -> impl IntoView + use<> {
    let unit_options = d
        .units
        .iter()
        .map(|(c, n)| view! { <option value=c.clone() selected=*c == d.unit>{n.clone()}</option> })
        .collect_view();
    let proposals = d
        .proposals
        .iter()
        .map(|p| {
            let href = format!(
                "/staf/tindak-lanjut?unit={}&periode={}&unsur={}#baru",
                d.unit, d.period, p.code
            );
            view! {
                <li>
                    <strong>{format!("{} {}", p.code, p.name)}</strong>
                    " · " {lang.number(p.index, 2)} " "
                    <a href=href>{tr!(lang, "follow_up.plan_this")}</a>
                </li>
            }
        })
        .collect_view();
    let actions = d
        .actions
        .iter()
        .map(|a| action_card(lang, d, a, r))
        .collect_view();
    let new_form = new_action_form(lang, d, r, asked_element);
    view! {
        <form method="get" action="/staf/tindak-lanjut" class="card filters">
            <label for="f-unit" class="block">{tr!(lang, "console.unit")}</label>
            <select id="f-unit" name="unit">{unit_options}</select>
            <label for="f-period" class="block">{tr!(lang, "follow_up.period")}</label>
            <input id="f-period" name="periode" type="text" value=d.period.clone() aria-describedby="f-period-hint"/>
            <p class="hint" id="f-period-hint">{tr!(lang, "follow_up.period_hint")}</p>
            <button type="submit" class="button">{tr!(lang, "analytics.show")}</button>
        </form>
        <section class="card">
            <h2>{tr!(lang, "follow_up.results", unit = d.unit_name.clone(), from = lang.date(d.from), to = lang.date(d.to))}</h2>
            <p>{tr!(lang, "follow_up.responses", n = lang.count(d.responses))}
                " " <a href=format!("/staf/laporan?unit={}&from={}&to={}", d.unit, d.from, d.to)>{tr!(lang, "follow_up.to_report")}</a></p>
            {(!d.enough && d.responses > 0).then(|| view! { <p class="hint">{tr!(lang, "follow_up.small_sample")}</p> })}
            {d.proposals.is_empty().then(|| view! { <p class="muted">{tr!(lang, "follow_up.no_results")}</p> })}
            {(!d.proposals.is_empty()).then(|| view! {
                <p>{tr!(lang, "follow_up.proposed")}</p>
                <ol class="proposals">{proposals}</ol>
            })}
        </section>
        <h2>{tr!(lang, "follow_up.actions_title", period = d.period.clone())}</h2>
        {d.actions.is_empty().then(|| view! { <p class="muted">{tr!(lang, "follow_up.none")}</p> })}
        <div class="follow-ups">{actions}</div>
        {new_form}
    }
}

/// One recorded action, with the form that moves it along.
fn action_card(lang: Lang, d: &PlanPage, a: &Action, r: &FormRefusal) -> impl IntoView + use<> {
    let form = format!("follow_up_{}", a.id);
    let mine = r.form == form;
    let typed = |k: &str| r.values.get(k).cloned().filter(|_| mine);
    let status_now = typed("status").unwrap_or_else(|| a.status.code().to_string());
    let note = typed("note").unwrap_or_default();
    let note_error = refused(lang, r, &form, "note");
    let status_error = refused(lang, r, &form, "status");
    let name = d
        .elements
        .iter()
        .find(|(c, _)| *c == a.element)
        .map(|(_, n)| n.clone())
        .unwrap_or_default();
    let overdue = a.overdue(d.today);
    let (id, nid, sid) = (
        format!("aksi-{}", a.id),
        format!("n-{}", a.id),
        format!("s-{}", a.id),
    );
    let options = Status::ALL
        .iter()
        .map(|s| view! { <option value=s.code() selected=s.code() == status_now>{status_label(lang, *s)}</option> })
        .collect_view();
    view! {
        <article class="card follow-up" id=id>
            <h3>{format!("{} {}", a.element, name)}</h3>
            <p class="follow-up-action">{a.action.clone()}</p>
            <dl class="facts">
                <dt>{tr!(lang, "report.plan_owner")}</dt><dd>{a.responsible.clone()}</dd>
                <dt>{tr!(lang, "follow_up.due_on")}</dt>
                <dd>{lang.date(a.due_on)} {overdue.then(|| view! { " " <span class="verdict-chip verdict-worsened">{tr!(lang, "follow_up.overdue")}</span> })}</dd>
                <dt>{tr!(lang, "follow_up.status")}</dt>
                <dd><span class=format!("verdict-chip status-{}", a.status.code())>{status_label(lang, a.status)}</span>
                    <span class="muted">" · " {tr!(lang, "follow_up.updated_on", date = lang.date(a.updated_on))}</span></dd>
                {a.note.clone().map(|n| view! { <dt>{tr!(lang, "follow_up.note")}</dt><dd class="follow-up-note">{n}</dd> })}
            </dl>
            <details class="follow-up-update" open=mine>
            <summary>{tr!(lang, "follow_up.update")}</summary>
            <form method="post" action=format!("/staf/tindak-lanjut/{}", a.id)>
                <input type="hidden" name="csrf" value=d.user.csrf.clone()/>
                <input type="hidden" name="unit" value=d.unit.clone()/>
                <input type="hidden" name="period" value=d.period.clone()/>
                <label for=sid.clone() class="block">{tr!(lang, "follow_up.status")}</label>
                {status_error.map(|m| view! { <p class="field-error">{m}</p> })}
                <select id=sid name="status">{options}</select>
                <label for=nid.clone() class="block">{tr!(lang, "follow_up.progress_note")}</label>
                {note_error.clone().map(|m| view! { <p class="field-error" id=format!("err-{nid}")>{m}</p> })}
                <textarea id=nid.clone() name="note" rows="2" maxlength="2000"
                    aria-invalid=note_error.is_some().then_some("true")>{textarea_text(note)}</textarea>
                <button type="submit" class="button">{tr!(lang, "follow_up.save_progress")}</button>
            </form>
            </details>
        </article>
    }
}

/// The form for a new action, the element chosen from `?unsur=` or as typed.
fn new_action_form(
    lang: Lang,
    d: &PlanPage,
    r: &FormRefusal,
    asked: String,
) -> impl IntoView + use<> {
    const FORM: &str = "follow_up_new";
    let mine = r.form == FORM;
    let typed = |k: &str| {
        r.values
            .get(k)
            .cloned()
            .filter(|_| mine)
            .unwrap_or_default()
    };
    let element = if mine {
        typed("element")
    } else if asked.is_empty() {
        d.proposals
            .first()
            .map(|p| p.code.clone())
            .unwrap_or_default()
    } else {
        asked
    };
    let error = |f: &str| refused(lang, r, FORM, f);
    let field_error = |f: &'static str| {
        error(f).map(|m| view! { <p class="field-error" id=format!("err-new-{f}")>{m}</p> })
    };
    let invalid = |f: &str| error(f).is_some().then_some("true");
    let options = d
        .elements
        .iter()
        .map(|(c, n)| view! { <option value=c.clone() selected=*c == element>{format!("{c} {n}")}</option> })
        .collect_view();
    // A refusal about the unit or the period is the whole form's.
    let general = error("unit").or_else(|| error("period"));
    view! {
        <section class="card" id="baru">
            <h2>{tr!(lang, "follow_up.add")}</h2>
            <form method="post" action="/staf/tindak-lanjut">
                {general.map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
                <input type="hidden" name="csrf" value=d.user.csrf.clone()/>
                <input type="hidden" name="unit" value=d.unit.clone()/>
                <input type="hidden" name="period" value=d.period.clone()/>
                <label for="new-element" class="block">{tr!(lang, "report.element")}</label>
                {field_error("element")}
                <select id="new-element" name="element" aria-invalid=invalid("element")>{options}</select>
                <label for="new-action" class="block">{tr!(lang, "report.plan_action")}</label>
                {field_error("action")}
                <textarea id="new-action" name="action" rows="3" maxlength="1000" required
                    aria-invalid=invalid("action")>{textarea_text(typed("action"))}</textarea>
                <label for="new-responsible" class="block">{tr!(lang, "report.plan_owner")}</label>
                {field_error("responsible")}
                <input id="new-responsible" name="responsible" type="text" maxlength="200" required
                    value=typed("responsible") aria-invalid=invalid("responsible")/>
                <label for="new-due" class="block">{tr!(lang, "follow_up.due_on")}</label>
                {field_error("due_on")}
                <input id="new-due" name="due_on" type="date" required value=typed("due_on")
                    aria-invalid=invalid("due_on")/>
                <button type="submit" class="button primary">{tr!(lang, "follow_up.save")}</button>
            </form>
        </section>
    }
}

/// The follow-up page's route; its forms post to the same paths, in [`super::routes`].
#[component(transparent)]
pub fn FollowUpRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    use leptos_router::components::Route;
    use leptos_router::{SsrMode, path};
    view! {
        <Route path=path!("/staf/tindak-lanjut") view=FollowUpPage ssr=SsrMode::Async/>
    }
    .into_inner()
}
