//! `/staf/audit`: the audit log for admins (see [`super::audit`]).

use super::audit::{AuditData, AuditQuery, AuditRow, PER_PAGE};
use super::server_fns::load_audit;
use crate::clock::fmt_wib;
use crate::i18n::Lang;
use crate::tr;
use crate::web::page::{problem, to_sign_in, urlencode, use_lang};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The audit page.
#[component]
pub fn AuditPage() -> impl IntoView {
    let lang = use_lang();
    let qm = use_query_map().read_untracked();
    let get = |k: &str| qm.get(k).filter(|v| !v.trim().is_empty());
    let q = AuditQuery {
        action: get("action"),
        person: get("person").and_then(|p| p.parse().ok()),
        case: get("case"),
        from: get("from"),
        to: get("to"),
        page: get("page").and_then(|p| p.parse().ok()),
        sep: None,
    };
    let shown = q.clone();
    let data = Resource::new(move || q.clone(), load_audit);
    view! {
        <Title text=tr!(lang, "audit.title")/>
        <Suspense fallback=|| ()>
            {move || {
                let shown = shown.clone();
                Suspend::new(async move {
                    match data.await {
                        Ok(d) => audit_view(lang, d, shown).into_any(),
                        Err(e) if to_sign_in(&e, "/staf/audit") => ().into_any(),
                        Err(e) => problem(lang, &e, "audit"),
                    }
                })
            }}
        </Suspense>
    }
}

/// The query string of the filters (without the page).
fn filter_query(q: &AuditQuery) -> String {
    [
        ("action", q.action.clone()),
        ("person", q.person.map(|p| p.to_string())),
        ("case", q.case.clone()),
        ("from", q.from.clone()),
        ("to", q.to.clone()),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.map(|v| format!("{k}={}", urlencode(&v))))
    .collect::<Vec<_>>()
    .join("&")
}

fn actor_of(lang: Lang, r: &AuditRow) -> String {
    match r.actor_kind.as_str() {
        "staff" if !r.actor.is_empty() => r.actor.clone(),
        "reporter" => tr!(lang, "audit.actor_reporter"),
        "system" => tr!(lang, "audit.actor_system"),
        _ => "-".into(),
    }
}

/// An action in words when the locale has them (`audit.act.complaint_verify`), else its code.
fn action_words(lang: Lang, action: &str) -> String {
    let key = format!("audit.act.{}", action.replace('.', "_"));
    let words = tr!(lang, &key);
    if words.ends_with(&key) {
        action.to_string()
    } else {
        words
    }
}

fn case_link(code: Option<String>) -> impl IntoView {
    code.map(|c| {
        let shown = crate::complaints::domain::TrackingCode::parse(&c)
            .map(|t| t.grouped())
            .unwrap_or_else(|_| c.clone());
        view! { <a class="mono" href=format!("/staf/kasus/{c}")>{shown}</a> }
    })
}

fn audit_view(lang: Lang, d: AuditData, q: AuditQuery) -> impl IntoView {
    let chain = match d.chain_broken_at {
        None => view! {
            <p class="notice ok" role="status">{tr!(lang, "audit.chain_ok", n = lang.count(d.chain_entries as i64))}</p>
        }
        .into_any(),
        Some(id) => view! {
            <p class="notice error" role="alert">{tr!(lang, "audit.chain_broken", id = id.to_string())}</p>
        }
        .into_any(),
    };
    let reveals = d
        .reveals
        .iter()
        .map(|r| {
            view! {
                <tr>
                    <td data-label=tr!(lang, "audit.when")>{fmt_wib(r.at)}</td>
                    <td data-label=tr!(lang, "audit.who")>{actor_of(lang, r)}</td>
                    <td data-label=tr!(lang, "audit.case")>{case_link(r.case_code.clone())}</td>
                    <td data-label=tr!(lang, "audit.reason")>{r.reason.clone().unwrap_or_else(|| tr!(lang, "audit.no_reason"))}</td>
                </tr>
            }
        })
        .collect_view();
    let rows = d
        .rows
        .iter()
        .map(|r| {
            view! {
                <tr>
                    <td data-label="#" class="mono">{r.id.to_string()}</td>
                    <td data-label=tr!(lang, "audit.when")>{fmt_wib(r.at)}</td>
                    <td data-label=tr!(lang, "audit.who")>{actor_of(lang, r)}</td>
                    <td data-label=tr!(lang, "audit.action")>{action_words(lang, &r.action)} <br/><small class="mono">{r.action.clone()}</small></td>
                    <td data-label=tr!(lang, "audit.case")>{case_link(r.case_code.clone())}</td>
                    <td data-label=tr!(lang, "audit.detail") class="mono detail">{r.detail.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    let action_opts = d
        .actions
        .iter()
        .map(|a| {
            let sel = q.action.as_deref() == Some(a.as_str());
            view! { <option value=a.clone() selected=sel>{action_words(lang, a)}</option> }
        })
        .collect_view();
    let people_opts = d
        .people
        .iter()
        .map(|(id, name)| {
            let sel = q.person == Some(*id);
            view! { <option value=id.to_string() selected=sel>{name.clone()}</option> }
        })
        .collect_view();
    let bad = |f: &str| {
        (d.bad_field.as_deref() == Some(f)).then(|| {
            let key = if f == "case" {
                "error.audit_case_unknown"
            } else {
                "error.audit_date_invalid"
            };
            view! { <p class="field-error" id=format!("err-audit-{f}") role="alert">{tr!(lang, key)}</p> }
        })
    };
    let filters = filter_query(&q);
    let csv = if filters.is_empty() {
        "/staf/audit.csv".to_string()
    } else {
        format!("/staf/audit.csv?{filters}")
    };
    let pages = d.total.div_ceil(PER_PAGE).max(1);
    let page_href = |p: u64| {
        if filters.is_empty() {
            format!("/staf/audit?page={p}")
        } else {
            format!("/staf/audit?{filters}&page={p}")
        }
    };
    let prev = (d.page > 1).then(|| page_href(d.page - 1));
    let next = (d.page < pages).then(|| page_href(d.page + 1));
    view! {
        <h1>{tr!(lang, "audit.title")}</h1>
        <p class="hint">{tr!(lang, "audit.lead")}</p>
        {chain}
        <form class="filters audit-filters" method="get" action="/staf/audit">
            <label class="filter"><span>{tr!(lang, "audit.action")}</span>
                <select name="action"><option value="">{tr!(lang, "console.all")}</option>{action_opts}</select>
            </label>
            <label class="filter"><span>{tr!(lang, "audit.who")}</span>
                <select name="person"><option value="">{tr!(lang, "console.all")}</option>{people_opts}</select>
            </label>
            <label class="filter"><span>{tr!(lang, "audit.case")}</span>
                <input type="text" name="case" value=q.case.clone().unwrap_or_default() autocomplete="off" spellcheck="false"
                    aria-invalid=(d.bad_field.as_deref() == Some("case")).then_some("true")/>
                {bad("case")}
            </label>
            <label class="filter"><span>{tr!(lang, "audit.from")}</span>
                <input type="date" name="from" value=q.from.clone().unwrap_or_default()/>
                {bad("from")}
            </label>
            <label class="filter"><span>{tr!(lang, "audit.to")}</span>
                <input type="date" name="to" value=q.to.clone().unwrap_or_default()/>
                {bad("to")}
            </label>
            <button type="submit" class="button">{tr!(lang, "console.filter")}</button>
        </form>
        <section class="card" aria-labelledby="h-reveals">
            <h2 id="h-reveals">{tr!(lang, "audit.reveals")}</h2>
            <p class="hint">{tr!(lang, "audit.reveals_hint")}</p>
            {if d.reveals.is_empty() {
                view! { <p>{tr!(lang, "audit.no_reveals")}</p> }.into_any()
            } else {
                view! {
                    <table class="data audit-reveals">
                        <thead><tr>
                            <th scope="col">{tr!(lang, "audit.when")}</th>
                            <th scope="col">{tr!(lang, "audit.who")}</th>
                            <th scope="col">{tr!(lang, "audit.case")}</th>
                            <th scope="col">{tr!(lang, "audit.reason")}</th>
                        </tr></thead>
                        <tbody>{reveals}</tbody>
                    </table>
                }.into_any()
            }}
        </section>
        <section aria-labelledby="h-entries">
            <h2 id="h-entries">{tr!(lang, "audit.entries")}</h2>
            <p>
                {tr!(lang, "audit.total", n = lang.count(d.total as i64))} " · "
                {tr!(lang, "console.page", page = d.page, pages = pages)} " · "
                {d.bad_field.is_none().then(|| view! { <a href=csv download="">{tr!(lang, "audit.csv")}</a> })}
            </p>
            <div class="table-wrap" role="region" tabindex="0" aria-label=tr!(lang, "audit.entries")>
                <table class="data audit-log">
                    <thead><tr>
                        <th scope="col">"#"</th>
                        <th scope="col">{tr!(lang, "audit.when")}</th>
                        <th scope="col">{tr!(lang, "audit.who")}</th>
                        <th scope="col">{tr!(lang, "audit.action")}</th>
                        <th scope="col">{tr!(lang, "audit.case")}</th>
                        <th scope="col">{tr!(lang, "audit.detail")}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            {(pages > 1).then(|| view! {
                <nav class="pager" aria-label=tr!(lang, "console.pages")>
                    {prev.map(|h| view! { <a href=h>{tr!(lang, "console.prev")}</a> })}
                    {next.map(|h| view! { <a href=h>{tr!(lang, "console.next")}</a> })}
                </nav>
            })}
        </section>
    }
}
