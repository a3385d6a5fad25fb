//! The console pages: the triage queue and a case with its history and action forms. Plain
//! server-rendered HTML: every action is a form with the session's CSRF token.

use super::server_fns::{load_console_case, load_console_queue};
use super::view::{ActionFormState, CaseView, QueueQuery, RevealedIdentity};
use crate::clock::fmt_wib;
use crate::complaints::domain::{Category, Mode, Status, TrackingCode};
use crate::i18n::Lang;
use crate::tr;
use crate::web::console::user_bar;
use crate::web::escape::textarea_text;
use crate::web::page::use_lang;
use crate::web::page::{problem, to_sign_in};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// `/staf`: the queue.
#[component]
pub fn ConsoleQueuePage() -> impl IntoView {
    let lang = use_lang();
    let qm = use_query_map().read_untracked();
    let get = |k: &str| qm.get(k).filter(|v| !v.is_empty());
    let q = QueueQuery {
        status: get("status"),
        unit: get("unit"),
        category: get("category"),
        mode: get("mode"),
        overdue: get("overdue").map(|v| v == "1" || v == "true"),
        page: get("page").and_then(|p| p.parse().ok()),
    };
    let data = Resource::new(move || q.clone(), load_console_queue);
    view! {
        <Title text=tr!(lang, "console.queue")/>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(d) => queue_view(lang, d).into_any(),
                    Err(e) if to_sign_in(&e, "/staf") => ().into_any(),
                    Err(e) => problem(lang, &e, "queue"),
                }
            })}
        </Suspense>
    }
}

fn select(
    lang: Lang,
    name: &'static str,
    label: &'static str,
    options: Vec<(String, String)>,
    current: Option<String>,
) -> impl IntoView {
    let current = current.unwrap_or_default();
    let opts = options
        .into_iter()
        .map(|(v, l)| {
            let sel = v == current;
            view! { <option value=v selected=sel>{l}</option> }
        })
        .collect_view();
    view! {
        <label class="filter">
            <span>{tr!(lang, label)}</span>
            <select name=name>
                <option value="">{tr!(lang, "console.all")}</option>
                {opts}
            </select>
        </label>
    }
}

fn queue_view(lang: Lang, d: super::server_fns::ConsoleQueue) -> impl IntoView {
    let qm = use_query_map().read_untracked();
    let cur = |k: &str| qm.get(k).filter(|v| !v.is_empty());
    let counts = Status::ALL
        .into_iter()
        .map(|s| {
            let n = d.page.counts.get(s.code()).copied().unwrap_or(0);
            view! {
                <a class="chip" href=format!("/staf?status={}", s.code())>
                    {tr!(lang, &format!("status.{}", s.code()))} " " <strong>{lang.count(n as i64)}</strong>
                </a>
            }
        })
        .collect_view();
    let items = d
        .page
        .items
        .iter()
        .map(|i| {
            let grouped = TrackingCode::parse(&i.tracking_code)
                .map(|t| t.grouped())
                .unwrap_or_else(|_| i.tracking_code.clone());
            let due = i.due_date.map(|d| d.format("%d-%m-%Y").to_string());
            view! {
                <li class="case" class:overdue=i.overdue>
                    <a href=format!("/staf/kasus/{}", i.tracking_code)><strong class="mono">{grouped}</strong></a>
                    <span class=format!("status status-{}", i.status)>{tr!(lang, &format!("status.{}", i.status))}</span>
                    <span>{tr!(lang, &format!("category.{}", i.category))} " · " {tr!(lang, &format!("mode.{}", i.mode))}</span>
                    <span>{i.unit_code.clone()} {i.assigned_unit_code.clone().map(|u| format!(" → {u}"))}</span>
                    <span>{tr!(lang, "console.received")} " " {fmt_wib(i.created_at)}</span>
                    {due.map(|d| view! { <span class="due">{tr!(lang, "console.due")} " " {d} {i.overdue.then(|| view! { " " <strong>{tr!(lang, "console.overdue")}</strong> })}</span> })}
                </li>
            }
        })
        .collect_view();
    let pages = d
        .page
        .total
        .div_ceil(usize::try_from(d.page.per_page).unwrap_or(50))
        .max(1);
    let statuses = Status::ALL
        .iter()
        .map(|s| {
            (
                s.code().to_string(),
                tr!(lang, &format!("status.{}", s.code())),
            )
        })
        .collect();
    let categories = Category::ALL
        .iter()
        .map(|c| {
            (
                c.code().to_string(),
                tr!(lang, &format!("category.{}", c.code())),
            )
        })
        .collect();
    let modes = Mode::ALL
        .iter()
        .map(|m| {
            (
                m.code().to_string(),
                tr!(lang, &format!("mode.{}", m.code())),
            )
        })
        .collect();
    let overdue_checked = cur("overdue").is_some();
    view! {
        {user_bar(lang, &d.user)}
        <h1>{tr!(lang, "console.queue")}</h1>
        <nav class="chips">{counts}</nav>
        <form class="filters" method="get" action="/staf">
            {select(lang, "status", "console.status", statuses, cur("status"))}
            {select(lang, "unit", "console.unit", d.units.clone(), cur("unit"))}
            {select(lang, "category", "console.category", categories, cur("category"))}
            {select(lang, "mode", "console.mode", modes, cur("mode"))}
            <label class="check"><input type="checkbox" name="overdue" value="1" checked=overdue_checked/> {tr!(lang, "console.only_overdue")}</label>
            <button type="submit" class="button">{tr!(lang, "console.filter")}</button>
        </form>
        <p>{tr!(lang, "console.total", count = lang.count(d.page.total as i64))} " · " {tr!(lang, "console.page", page = d.page.page, pages = pages)}</p>
        {(d.page.items.is_empty()).then(|| view! { <p class="notice">{tr!(lang, "console.empty")}</p> })}
        <ol class="queue">{items}</ol>
        {(pages > 1).then(|| {
            let next = d.page.page + 1;
            let prev = d.page.page.saturating_sub(1);
            let base: String = ["status", "unit", "category", "mode", "overdue"]
                .iter()
                .filter_map(|k| cur(k).map(|v| format!("&{k}={}", crate::web::page::urlencode(&v))))
                .collect();
            view! {
                <p class="pager">
                    {(prev >= 1).then(|| view! { <a href=format!("/staf?page={prev}{base}")>{tr!(lang, "console.prev")}</a> })}
                    " "
                    {(usize::try_from(next).unwrap_or(usize::MAX) <= pages).then(|| view! { <a href=format!("/staf?page={next}{base}")>{tr!(lang, "console.next")}</a> })}
                </p>
            }
        })}
    }
}

/// `/staf/kasus/{code}`: a case, its history and what may be done next.
#[component]
pub fn ConsoleCasePage() -> impl IntoView {
    let lang = use_lang();
    let code = use_params_map()
        .read_untracked()
        .get("code")
        .unwrap_or_default();
    let back = format!("/staf/kasus/{code}");
    let data = Resource::new(move || code.clone(), load_console_case);
    let form = use_context::<ActionFormState>();
    let revealed = use_context::<RevealedIdentity>();
    view! {
        <Title text=tr!(lang, "console.case")/>
        <Suspense fallback=|| ()>
            {move || {
                let back = back.clone();
                let form = form.clone();
                let revealed = revealed.clone();
                Suspend::new(async move {
                    match data.await {
                        Ok(d) => case_view(lang, d, form, revealed).into_any(),
                        Err(e) if to_sign_in(&e, &back) => ().into_any(),
                        Err(e) => problem(lang, &e, "case"),
                    }
                })
            }}
        </Suspense>
    }
}

fn fact(lang: Lang, key: &'static str, value: Option<String>) -> impl IntoView {
    value.map(|v| view! { <dt>{tr!(lang, key)}</dt><dd>{v}</dd> })
}

fn case_view(
    lang: Lang,
    d: super::server_fns::ConsoleCase,
    form: Option<ActionFormState>,
    revealed: Option<RevealedIdentity>,
) -> impl IntoView {
    let c: CaseView = d.case;
    let qm = use_query_map().read_untracked();
    let done = qm.get("ok");
    let grouped = TrackingCode::parse(&c.tracking_code)
        .map(|t| t.grouped())
        .unwrap_or_else(|_| c.tracking_code.clone());
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.format("%d-%m-%Y").to_string());
    let reporter = {
        let r = &c.reporter;
        match (Mode::from_code(&r.mode), revealed) {
            (_, Some(id)) => view! {
                <p class="notice" role="status">{tr!(lang, "console.revealed")}</p>
                <dl class="facts">
                    <dt>{tr!(lang, "case.reporter_name")}</dt><dd>{id.name}</dd>
                    {fact(lang, "case.reporter_email", id.email)}
                    {fact(lang, "case.reporter_phone", id.phone)}
                </dl>
            }
            .into_any(),
            (Some(Mode::Terbuka), None) => view! {
                <dl class="facts">
                    {fact(lang, "case.reporter_name", r.name.clone())}
                    {fact(lang, "case.reporter_email", r.email.clone())}
                    {fact(lang, "case.reporter_phone", r.phone.clone())}
                </dl>
            }
            .into_any(),
            (Some(Mode::Rahasia), None) if r.revealable => view! {
                <p>{tr!(lang, "console.sealed")}</p>
                <form method="post" action=format!("/staf/kasus/{}/ungkap", c.tracking_code)>
                    <input type="hidden" name="csrf" value=d.user.csrf.clone()/>
                    <button type="submit" class="button">{tr!(lang, "console.reveal")}</button>
                </form>
            }
            .into_any(),
            (Some(Mode::Rahasia), None) => {
                view! { <p>{tr!(lang, "console.sealed_other")}</p> }.into_any()
            }
            _ => view! { <p>{tr!(lang, "console.anonymous")}</p> }.into_any(),
        }
    };
    let files = c
        .files
        .iter()
        .map(|f| {
            view! {
                <li><a href=format!("/api/v1/triage/complaints/{}/files/{}", c.tracking_code, f.id)>
                    {f.content_type.clone()} " · " {format!("{} KB", (f.size_bytes + 1023) / 1024)}
                </a></li>
            }
        })
        .collect_view();
    let history = c
        .history
        .iter()
        .rev()
        .map(|h| {
            if h.kind == "reopened_by_reporter" {
                return view! {
                    <li class="by-reporter">
                        <time datetime=h.at.to_rfc3339()>{fmt_wib(h.at)}</time>
                        <strong>{tr!(lang, "console.reopened_by_reporter")}</strong>
                        {h.public_text.clone().map(|t| view! {
                            <blockquote class="reporter-words"><p class="hint">{tr!(lang, "console.reporter_words")}</p><p>{t}</p></blockquote>
                        })}
                    </li>
                }
                .into_any();
            }
            view! {
                <li>
                    <time datetime=h.at.to_rfc3339()>{fmt_wib(h.at)}</time>
                    {h.status_to.clone().map(|s| view! { <strong>{tr!(lang, &format!("status.{s}"))}</strong> })}
                    {h.actor.clone().map(|a| view! { <span class="hint">" · " {a}</span> })}
                    {h.reason.clone().map(|r| view! { <p class="internal">{tr!(lang, "console.reason")} ": " {r}</p> })}
                    {h.public_text.clone().map(|t| view! { <p class="reply">{t}</p> })}
                </li>
            }
            .into_any()
        })
        .collect_view();
    let actions = c
        .actions
        .iter()
        .map(|a| {
            action_form(
                lang,
                &c.tracking_code,
                a,
                &d.user.csrf,
                &d.units,
                form.as_ref(),
            )
        })
        .collect_view();
    let title = format!(
        "{} · {} · {grouped}",
        tr!(lang, &format!("category.{}", c.category)),
        c.unit_name
    );
    view! {
        <Title text=title/>
        {user_bar(lang, &d.user)}
        <p><a href="/staf">{tr!(lang, "console.back")}</a></p>
        {done.map(|a| view! { <p class="notice ok" role="status">{tr!(lang, "console.done", action = tr!(lang, &format!("action.{a}")))}</p> })}
        <h1 class="mono">{grouped}</h1>
        <section class="card" class:overdue=c.overdue>
            <p class="status-now"><strong class=format!("status status-{}", c.status)>{tr!(lang, &format!("status.{}", c.status))}</strong>
                {c.overdue.then(|| view! { " " <strong class="warn">{tr!(lang, "console.overdue")}</strong> })}</p>
            <dl class="facts">
                {fact(lang, "track.category", Some(tr!(lang, &format!("category.{}", c.category))))}
                {fact(lang, "console.mode", Some(tr!(lang, &format!("mode.{}", c.reporter.mode))))}
                {fact(lang, "track.unit", Some(c.unit_name.clone()))}
                {fact(lang, "console.assigned", c.assigned_unit_name.clone())}
                {fact(lang, "console.class", c.class.clone().map(|k| tr!(lang, &format!("class.{k}"))))}
                {fact(lang, "console.due", date(c.due_date))}
                {fact(lang, "console.resolve_due", date(c.resolve_due))}
                {fact(lang, "console.duplicate_of", c.duplicate_of.clone())}
                {fact(lang, "track.created", Some(fmt_wib(c.created_at)))}
            </dl>
        </section>
        <section class="card">
            <h2>{tr!(lang, "console.report")}</h2>
            <p class="report">{c.what.clone()}</p>
            <dl class="facts">
                {fact(lang, "case.who", c.who.clone())}
                {fact(lang, "case.where", c.place.clone())}
                {fact(lang, "case.when", c.time_text.clone())}
                {fact(lang, "case.how", c.how.clone())}
                {fact(lang, "case.incident_date", date(c.incident_date))}
            </dl>
            {(!c.files.is_empty()).then(|| view! { <h3>{tr!(lang, "console.evidence")}</h3><ul>{files}</ul> })}
        </section>
        <section class="card">
            <h2>{tr!(lang, "console.reporter")}</h2>
            {reporter}
        </section>
        <section>
            <h2>{tr!(lang, "console.next_steps")}</h2>
            {c.objection_until.map(|d| view! { <p class="notice">{tr!(lang, "console.objection_until", date = lang.date_long(d))}</p> })}
            {c.actions.is_empty().then(|| view! { <p>{tr!(lang, "console.no_action")}</p> })}
            {actions}
        </section>
        <h2>{tr!(lang, "track.history")}</h2>
        <ol class="timeline">{history}</ol>
    }
}

fn action_form(
    lang: Lang,
    code: &str,
    action: &str,
    csrf: &str,
    units: &[(String, String)],
    form: Option<&ActionFormState>,
) -> impl IntoView + use<> {
    let mine = form
        .filter(|f| f.action == action)
        .cloned()
        .unwrap_or_default();
    let open = !mine.error.is_empty();
    let error = (!mine.error.is_empty()).then(|| tr!(lang, &format!("error.{}", mine.error)));
    let id = |f: &str| format!("{action}-{f}");
    let unit_select = (action == "disposition").then(|| {
        let opts = units
            .iter()
            .map(|(c, n)| {
                let sel = *c == mine.unit_code;
                view! { <option value=c.clone() selected=sel>{n.clone()}</option> }
            })
            .collect_view();
        view! {
            <label for=id("unit") class="block">{tr!(lang, "console.to_unit")}</label>
            <select id=id("unit") name="unit_code" required><option value="">{tr!(lang, "complaint.choose_unit")}</option>{opts}</select>
        }
    });
    let class_select = (action == "verify").then(|| {
        view! {
            <label for=id("class") class="block">{tr!(lang, "console.class")}</label>
            <select id=id("class") name="class">
                <option value="desk">{tr!(lang, "class.desk")}</option>
                <option value="field">{tr!(lang, "class.field")}</option>
            </select>
        }
    });
    let duplicate = (action == "mark_duplicate").then(|| {
        view! {
            <label for=id("dup") class="block">{tr!(lang, "console.duplicate_of")}</label>
            <input id=id("dup") name="duplicate_of" type="text" autocomplete="off"/>
        }
    });
    let text_label = if action == "follow_up" {
        "console.answer"
    } else {
        "console.reply_optional"
    };
    view! {
        <details class="action" open=open>
            <summary class="button">{tr!(lang, &format!("action.{action}"))}</summary>
            <form method="post" action=format!("/staf/kasus/{code}/aksi")>
                <input type="hidden" name="csrf" value=csrf.to_string()/>
                <input type="hidden" name="action" value=action.to_string()/>
                {error.map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
                {class_select}
                {unit_select}
                {duplicate}
                <label for=id("reason") class="block">{tr!(lang, "console.reason")}</label>
                <p class="hint">{tr!(lang, "console.reason_hint")}</p>
                <textarea id=id("reason") name="reason" rows="3" required>{textarea_text(&mine.reason)}</textarea>
                <label for=id("text") class="block">{tr!(lang, text_label)}</label>
                <textarea id=id("text") name="text" rows="3">{textarea_text(&mine.text)}</textarea>
                <button type="submit" class="button primary">{tr!(lang, &format!("action.{action}"))}</button>
            </form>
        </details>
    }
}
