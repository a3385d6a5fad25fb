//! The console pages: the triage queue and a case with its history and action forms. Plain
//! server-rendered HTML: every action is a form with the session's CSRF token.

use super::server_fns::{load_console_case, load_console_queue};
use super::view::{ActionFormState, CaseView, QueueQuery, RevealedIdentity};
use crate::clock::fmt_wib;
use crate::complaints::domain::{Category, EventKind, Mode, Status, TrackingCode};
use crate::i18n::Lang;
use crate::tr;
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
        sort: get("sort"),
        q: get("q"),
        mine: get("mine").map(|v| v == "1" || v == "true"),
    };
    // A tracking code typed in the search (any case, dashes optional): straight to the case,
    // whose page answers "not found" for a case outside the reader's scope, as for an
    // unknown one.
    #[cfg(feature = "ssr")]
    if let Some(code) = super::cases::search_terms(q.q.as_deref()).0 {
        leptos_axum::redirect(&format!("/staf/kasus/{code}"));
    }
    let data = Resource::new(move || q.clone(), load_console_queue);
    view! {
        <Title text=tr!(lang, "console.queue")/>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(d) => queue_view(lang, d).into_any(),
                    Err(e) if to_sign_in(&e, "/staf/antrean") => ().into_any(),
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

/// The queue's address with `changes` applied to the current filters (a new filter or sort
/// starts again at page 1).
fn queue_href(
    current: &dyn Fn(&str) -> Option<String>,
    changes: &[(&str, Option<String>)],
) -> String {
    let keys = [
        "q", "status", "unit", "category", "mode", "overdue", "mine", "sort", "page",
    ];
    let query: Vec<String> = keys
        .iter()
        .filter_map(|k| {
            let v = match changes.iter().find(|(c, _)| c == k) {
                Some((_, v)) => v.clone(),
                None if *k == "page" => None,
                None => current(k),
            };
            v.map(|v| format!("{k}={}", crate::web::page::urlencode(&v)))
        })
        .collect();
    if query.is_empty() {
        "/staf/antrean".into()
    } else {
        format!("/staf/antrean?{}", query.join("&"))
    }
}

/// "3 hari kerja lagi", "hari ini", "lewat 2 hari kerja".
fn days_left(lang: Lang, n: i64) -> String {
    match n {
        0 => tr!(lang, "console.due_today"),
        n if n > 0 => tr!(lang, "console.days_left", n = n.to_string()),
        n => tr!(lang, "console.days_late", n = (-n).to_string()),
    }
}

fn queue_view(lang: Lang, d: super::server_fns::ConsoleQueue) -> impl IntoView {
    let qm = use_query_map().read_untracked();
    let cur = move |k: &str| qm.get(k).filter(|v| !v.is_empty());
    let current_status = cur("status");
    let all_count: usize = d.page.counts.values().sum();
    // A search matching more cases than are counted has lower bounds for counts: the
    // statuses are listed without them.
    let exact = d.page.counts_exact;
    let count_of = move |n: usize| exact.then(|| lang.count(n as i64));
    let status_now = match current_status.as_deref() {
        Some(s) => tr!(lang, &format!("status.{s}")),
        None => tr!(lang, "console.all"),
    };
    let status_now = match count_of(match current_status.as_deref() {
        Some(s) => d.page.counts.get(s).copied().unwrap_or(0),
        None => all_count,
    }) {
        Some(n) => format!("{status_now} · {n}"),
        None => status_now,
    };
    let counts = || {
        Status::ALL
        .into_iter()
        .map(|s| {
            let n = d.page.counts.get(s.code()).copied().unwrap_or(0);
            let here = (current_status.as_deref() == Some(s.code())).then_some("true");
            view! {
                <li><a class="chip" aria-current=here href=queue_href(&cur, &[("status", Some(s.code().to_string()))])>
                    <span>{tr!(lang, &format!("status.{}", s.code()))}</span>
                    {count_of(n).map(|n| view! { " " <strong>{n}</strong> })}
                </a></li>
            }
        })
        .collect_view()
    };
    let sort = cur("sort").unwrap_or_else(|| "due".into());
    let sort_link = |key: &'static str, label: &'static str| {
        let on = sort == key;
        view! {
            <a href=queue_href(&cur, &[("sort", (key != "due").then(|| key.to_string()))]) aria-current=on.then_some("true")>
                {tr!(lang, label)}
            </a>
        }
    };
    let rows = d
        .page
        .items
        .iter()
        .map(|i| {
            let grouped = TrackingCode::parse(&i.tracking_code)
                .map(|t| t.grouped())
                .unwrap_or_else(|_| i.tracking_code.clone());
            let due = i.due_date.map(|d| lang.date(d));
            // What the date is: a step's deadline counting down, the reporter's window to
            // object to a resolution, or a deadline paused while the reporter is asked.
            let left = if i.awaiting_reporter {
                i.due_date.map(|_| tr!(lang, "console.due_paused"))
            } else if i.status == Status::Resolved.code() {
                i.days_left
                    .map(|n| tr!(lang, "console.objection_left", days = days_left(lang, n)))
            } else {
                i.days_left.map(|n| days_left(lang, n))
            };
            let assigned = i
                .assigned_unit_name
                .clone()
                .filter(|n| *n != i.unit_name);
            view! {
                <tr class:overdue=i.overdue>
                    <th scope="row" data-label=tr!(lang, "console.code")>
                        <a class="mono" href=format!("/staf/kasus/{}", i.tracking_code)>{grouped}</a>
                    </th>
                    <td data-label=tr!(lang, "console.received_col")>{fmt_wib(i.created_at)}</td>
                    <td data-label=tr!(lang, "console.category") class="what"><div>
                        <span>{tr!(lang, &format!("category.{}", i.category))}</span>
                        {i.excerpt.clone().map(|e| view! { <br/><small class="excerpt">{e}</small> })}
                    </div></td>
                    <td data-label=tr!(lang, "console.unit")><div>
                        <span title=i.unit_code.clone()>{i.unit_name.clone()}</span>
                        {assigned.map(|a| view! { <br/><small>{tr!(lang, "console.assigned_to", unit = a)}</small> })}
                    </div></td>
                    <td data-label=tr!(lang, "console.mode")>{tr!(lang, &format!("mode.{}", i.mode))}</td>
                    <td data-label=tr!(lang, "console.status")><div>
                        <span class=format!("status status-{}", i.status)>{tr!(lang, &format!("status.{}", i.status))}</span>
                        {i.awaiting_reporter.then(|| view! { <br/><small class="waiting">{tr!(lang, "console.awaiting_reporter")}</small> })}
                        {i.reporter_news.then(|| view! { <br/><strong class="news">{tr!(lang, "console.reporter_news")}</strong> })}
                        {i.handler_name.clone().map(|h| view! { <br/><small class="handler">{tr!(lang, "console.handled_by", name = h)}</small> })}
                    </div></td>
                    <td data-label=tr!(lang, "console.due_col") class="due"><div>
                        {due.map(|d| view! { {d} {left.map(|l| view! { <br/><small>{l}</small> })} })}
                        {i.overdue.then(|| view! { <br/><strong class="late-word">{tr!(lang, "console.overdue")}</strong> })}
                    </div></td>
                </tr>
            }
        })
        .collect_view();
    let pages = d
        .page
        .total
        .div_ceil(usize::try_from(d.page.per_page).unwrap_or(50))
        .max(1);
    let (head, where_) = if d.page.total_exact {
        (
            tr!(
                lang,
                "console.total",
                count = lang.count(d.page.total as i64)
            ),
            tr!(lang, "console.page", page = d.page.page, pages = pages),
        )
    } else {
        (
            tr!(
                lang,
                "console.total_many",
                count = lang.count(d.page.count_cap as i64)
            ),
            tr!(lang, "console.page_alone", page = d.page.page),
        )
    };
    let more = d.page.more;
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
    let mine_checked = cur("mine").is_some();
    // On a phone the filters fold behind one link, unless one is in use.
    let filtered = ["unit", "category", "mode", "overdue", "mine"]
        .iter()
        .any(|k| cur(k).is_some());
    let searched = cur("q");
    let sort_kept = cur("sort");
    let next = d.page.page + 1;
    let prev = d.page.page.saturating_sub(1);
    view! {
        <h1>{tr!(lang, "console.queue")}</h1>
        {crate::analytics::warning_view::alarm_notice(lang, &d.alarms)}
        <form class="queue-search" method="get" action="/staf/antrean" role="search">
            <label for="queue-q" class="block">{tr!(lang, "console.search")}</label>
            <p class="hint" id="hint-queue-q">{tr!(lang, "console.search_hint")}</p>
            <div class="search-row">
                <input id="queue-q" type="search" name="q" value=searched.clone().unwrap_or_default()
                    autocomplete="off" spellcheck="false" aria-describedby="hint-queue-q"/>
                <button type="submit" class="button primary">{tr!(lang, "console.search_button")}</button>
            </div>
        </form>
        {searched.clone().map(|w| view! {
            <p class="notice" role="status">{tr!(lang, "console.searched", words = w)} " "
                <a href=queue_href(&cur, &[("q", None)])>{tr!(lang, "console.search_clear")}</a></p>
        })}
        <details class="status-menu">
            <summary>{tr!(lang, "console.by_status")} ": " <strong>{status_now}</strong></summary>
            <ul>
                <li><a href=queue_href(&cur, &[("status", None)]) aria-current=current_status.is_none().then_some("true")>{tr!(lang, "console.all")} {count_of(all_count).map(|n| view! { " " <strong>{n}</strong> })}</a></li>
                {counts()}
            </ul>
        </details>
        <nav class="chips status-chips" aria-label=tr!(lang, "console.by_status")><ul>{counts()}</ul></nav>
        <p class="filter-toggle"><a href="#saring">{tr!(lang, "console.show_filters")}</a></p>
        <form class="filters queue-filters" class:active=filtered method="get" action="/staf/antrean" id="saring">
            {searched.map(|w| view! { <input type="hidden" name="q" value=w/> })}
            {select(lang, "status", "console.status", statuses, cur("status"))}
            {select(lang, "unit", "console.unit", d.units.clone(), cur("unit"))}
            {select(lang, "category", "console.category", categories, cur("category"))}
            {select(lang, "mode", "console.mode", modes, cur("mode"))}
            <label class="check"><input type="checkbox" name="overdue" value="1" checked=overdue_checked/> {tr!(lang, "console.only_overdue")}</label>
            {d.inspector.then(|| view! {
                <label class="check"><input type="checkbox" name="mine" value="1" checked=mine_checked/> {tr!(lang, "console.only_mine")}</label>
            })}
            {sort_kept.map(|s| view! { <input type="hidden" name="sort" value=s/> })}
            <button type="submit" class="button">{tr!(lang, "console.filter")}</button>
        </form>
        <div class="queue-head">
            <p>{head} " · " {where_}</p>
            <p class="sort">{tr!(lang, "console.sort")} " " {sort_link("due", "console.sort_due")} " " {sort_link("received", "console.sort_received")} " " {sort_link("newest", "console.sort_newest")}</p>
        </div>
        {(!exact).then(|| view! { <p class="hint narrow-search">{tr!(lang, "console.narrow_search")}</p> })}
        {(d.page.items.is_empty()).then(|| view! { <p class="notice">{tr!(lang, "console.empty")}</p> })}
        {(!d.page.items.is_empty()).then(|| view! {
            <table class="data queue-table">
                <caption class="visually-hidden">{tr!(lang, "console.queue")}</caption>
                <thead><tr>
                    <th scope="col">{tr!(lang, "console.code")}</th>
                    <th scope="col">{tr!(lang, "console.received_col")}</th>
                    <th scope="col">{tr!(lang, "console.category")}</th>
                    <th scope="col">{tr!(lang, "console.unit")}</th>
                    <th scope="col">{tr!(lang, "console.mode")}</th>
                    <th scope="col">{tr!(lang, "console.status")}</th>
                    <th scope="col">{tr!(lang, "console.due_col")}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        })}
        {(prev >= 1 || more).then(|| view! {
            <nav class="pager" aria-label=tr!(lang, "console.pages")>
                {(prev >= 1).then(|| view! { <a href=queue_href(&cur, &[("page", Some(prev.to_string()))])>{tr!(lang, "console.prev")}</a> })}
                {more.then(|| view! { <a href=queue_href(&cur, &[("page", Some(next.to_string()))])>{tr!(lang, "console.next")}</a> })}
            </nav>
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
    let inspector = d.user.role == crate::accounts::domain::Role::Inspector.code();
    let qm = use_query_map().read_untracked();
    let done = qm.get("ok");
    // A response template chosen for one form (`?templat=ID&untuk=ask`): its text starts
    // that form, to be edited before sending.
    let chosen = qm.get("untuk").zip(
        qm.get("templat")
            .and_then(|t| t.parse::<i32>().ok())
            .and_then(|id| d.templates.iter().find(|t| t.0 == id))
            .map(|t| t.2.clone()),
    );
    let form = form.or_else(|| {
        chosen.map(|(untuk, text)| ActionFormState {
            action: untuk,
            text,
            ..Default::default()
        })
    });
    let templates = d.templates.clone();
    // `?aksi=resolve`: that step's form opens (a link to a step).
    let asked_step = qm.get("aksi");
    let grouped = TrackingCode::parse(&c.tracking_code)
        .map(|t| t.grouped())
        .unwrap_or_else(|_| c.tracking_code.clone());
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| lang.date(d));
    // A refused reveal form comes back as a `RevealedIdentity` with its error.
    let (revealed, reveal_refused) = match revealed {
        Some(r) if !r.error.is_empty() => (None, Some(r)),
        other => (other, None),
    };
    let reporter = {
        let r = &c.reporter;
        match (Mode::from_code(&r.mode), revealed) {
            (_, None) if r.erased_at.is_some() => {
                let at = r.erased_at.map(fmt_wib).unwrap_or_default();
                let why = r.erased_why.clone().unwrap_or_else(|| "retention".into());
                view! { <p class="notice">{tr!(lang, &format!("console.identity_erased.{why}"), at = at)}</p> }.into_any()
            }
            (_, Some(id)) => view! {
                <p class="notice" role="status">{tr!(lang, "console.revealed")}</p>
                <dl class="facts">
                    <dt>{tr!(lang, "case.reporter_name")}</dt><dd>{id.name}</dd>
                    {fact(lang, "case.reporter_email", id.email)}
                    {fact(lang, "case.reporter_phone", id.phone)}
                </dl>
            }
            .into_any(),
            (Some(Mode::Terbuka), None) if r.name.is_none() => view! {
                <p>{tr!(lang, "console.reporter_withheld")}</p>
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
            (Some(Mode::Rahasia), None) if r.revealable => {
                let earlier = c.identity_opened.last().map(|o| {
                    let n = c.identity_opened.len();
                    view! {
                        <p class="notice">{tr!(lang, "console.opened_before", n = n, name = o.by.clone().unwrap_or_else(|| "-".into()), time = fmt_wib(o.at))}</p>
                    }
                });
                view! { {earlier} {reveal_form(lang, &c.tracking_code, &d.user.csrf, reveal_refused)} }.into_any()
            }
            (Some(Mode::Rahasia), None) => {
                view! { <p>{tr!(lang, "console.sealed_other")}</p> }.into_any()
            }
            _ => view! { <p>{tr!(lang, "console.anonymous")}</p> }.into_any(),
        }
    };
    let files = evidence_list(lang, &c.tracking_code, &c.files);
    let openings = c.identity_opened.iter().map(|o| {
        let by = o.by.clone().unwrap_or_else(|| "-".into());
        let line = view! {
            <li class="identity-opened">
                <time datetime=o.at.to_rfc3339()>{fmt_wib(o.at)}</time>
                <strong>{tr!(lang, "console.identity_opened", name = by, time = fmt_wib(o.at))}</strong>
                {o.reason.clone().map(|r| view! { <p class="internal">{tr!(lang, "console.reason")} ": " {r}</p> })}
            </li>
        }
        .into_any();
        (o.at, line)
    });
    let mut timeline: Vec<(chrono::DateTime<chrono::Utc>, AnyView)> = c
        .history
        .iter()
        .map(|h| {
            if h.kind.is_conversation() {
                return conversation_item(lang, &c.tracking_code, h).into_any();
            }
            if h.kind == EventKind::ReopenedByReporter {
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
        .zip(c.history.iter().map(|h| h.at))
        .map(|(v, at)| (at, v))
        .chain(openings)
        .collect();
    // Newest first; an opening and an event at the same instant keep their order.
    timeline.sort_by_key(|t| std::cmp::Reverse(t.0));
    let history = timeline.into_iter().map(|(_, v)| v).collect_view();
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
                &templates,
                &c.proposed_actions,
                asked_step.as_deref() == Some(a.as_str()),
            )
        })
        .collect_view();
    let title = format!(
        "{} · {} · {grouped}",
        tr!(lang, &format!("category.{}", c.category)),
        c.unit_name
    );
    let main = view! {
        <section class="card" class:overdue=c.overdue>
            <p class="status-now"><strong class=format!("status status-{}", c.status)>{tr!(lang, &format!("status.{}", c.status))}</strong>
                {c.overdue.then(|| view! { " " <strong class="warn">{tr!(lang, "console.overdue")}</strong> })}</p>
            {c.awaiting_since.map(|since| view! {
                <p class="notice" role="status">{tr!(lang, "console.awaiting_since", date = lang.date_long(since), days = c.awaiting_days.unwrap_or(0), limit = crate::complaints::domain::workflow::ANSWER_WAIT_DAYS)}</p>
            })}
            {c.reporter_news.then(|| view! { <p class="notice ok" role="status">{tr!(lang, "console.reporter_news_long")}</p> })}
            <dl class="facts">
                {fact(lang, "track.category", Some(tr!(lang, &format!("category.{}", c.category))))}
                {fact(lang, "console.mode", Some(tr!(lang, &format!("mode.{}", c.reporter.mode))))}
                {fact(lang, "track.unit", Some(c.unit_name.clone()))}
                {fact(lang, "console.assigned", c.assigned_unit_name.clone())}
                {fact(lang, "console.class", c.class.clone().map(|k| tr!(lang, &format!("class.{k}"))))}
                {fact(lang, "console.step_due", date(c.due_date))}
                {fact(lang, "console.resolve_due", date(c.resolve_due))}
                {c.duplicate_of.clone().map(|d| {
                    let shown = crate::complaints::domain::TrackingCode::parse(&d)
                        .map(|t| t.grouped())
                        .unwrap_or_else(|_| d.clone());
                    view! {
                        <dt>{tr!(lang, "console.duplicate_of")}</dt>
                        <dd><a class="mono" href=format!("/staf/kasus/{d}")>{shown}</a></dd>
                    }
                })}
                {fact(lang, "track.created", Some(fmt_wib(c.created_at)))}
            </dl>
        </section>
        {super::outcome_page::outcome_card(lang, &c, &d.user.csrf, inspector, form.as_ref())}
        {inspector.then(|| handling_card(lang, &c, &d.user.csrf, form.as_ref()))}
        <section class="card">
            <h2>{tr!(lang, "console.report")}</h2>
            {match c.report_erased_at {
                Some(at) => view! { <p class="notice">{tr!(lang, "console.report_erased", at = fmt_wib(at))}</p> }.into_any(),
                None => view! { <p class="report">{c.what.clone()}</p> }.into_any(),
            }}
            <dl class="facts">
                {fact(lang, "case.who", c.who.clone())}
                {fact(lang, "case.where", c.place.clone())}
                {fact(lang, "case.when", c.time_text.clone())}
                {fact(lang, "case.how", c.how.clone())}
                {fact(lang, "case.incident_date", date(c.incident_date))}
            </dl>
            {c.repeat_names.then(|| view! {
                <p class="repeat-link"><a href=format!("/staf/kasus/{}/nama-serupa", c.tracking_code)>{tr!(lang, "repeat.link")}</a>
                    <br/><span class="hint">{tr!(lang, "repeat.link_hint")}</span></p>
            })}
            {(!c.files.is_empty()).then(|| view! { <h3>{tr!(lang, "console.evidence")}</h3>{files} })}
            {c.files_erased_at.map(|at| view! { <p class="notice">{tr!(lang, "console.files_erased", at = fmt_wib(at))}</p> })}
        </section>
        {(!c.similar.is_empty()).then(|| similar_card(lang, &c, &d.user.csrf))}
        <section class="card">
            <h2>{tr!(lang, "console.reporter")}</h2>
            {reporter}
        </section>
        <section>
            <h2>{tr!(lang, "console.next_steps")}</h2>
            {c.objection_until.map(|d| view! { <p class="notice">{tr!(lang, "console.objection_until", date = lang.date_long(d))}</p> })}
            {c.actions.is_empty().then(|| {
                let key = if inspector { "console.no_action" } else { "console.no_action_unit" };
                view! { <p>{tr!(lang, key)}</p> }
            })}
            {actions}
            {c.can_ask.then(|| question_form(lang, &c.tracking_code, &d.user.csrf, form.as_ref(), &templates))}
        </section>
        {inspector.then(|| notes_card(lang, &c, &d.user.csrf, form.as_ref()))}
    }
    .into_any();
    let conversation_erased = c.conversation_erased_at.map(|at| {
        view! { <p class="notice">{tr!(lang, "console.conversation_erased", at = fmt_wib(at))}</p> }
    });
    view! {
        <Title text=title/>
        <p><a href="/staf/antrean">{tr!(lang, "console.back")}</a></p>
        {done.map(|a| {
            let text = match a.as_str() {
                "follow_up" => tr!(lang, "console.done_follow_up"),
                "mark_duplicate" => tr!(lang, "console.done_merged"),
                "outcome" => tr!(lang, "console.done_outcome"),
                _ => tr!(lang, "console.done", action = tr!(lang, &format!("action.{a}"))),
            };
            view! { <p class="notice ok" role="status">{text}</p> }
        })}
        <h1 class="mono">{grouped}</h1>
        <div class="case-grid"><div class="case-main">{main}        </div>
        <section class="case-history" aria-labelledby="h-history">
            <h2 id="h-history">{tr!(lang, "track.history")}</h2>
            {conversation_erased}
            <ol class="timeline">{history}</ol>
        </section>
        </div>
    }
}

#[allow(clippy::too_many_arguments)]
fn action_form(
    lang: Lang,
    code: &str,
    action: &str,
    csrf: &str,
    units: &[(String, String)],
    form: Option<&ActionFormState>,
    templates: &[(i32, String, String)],
    proposed: &[crate::complaints::domain::outcome::ActionKind],
    asked: bool,
) -> impl IntoView + use<> {
    let mine = form
        .filter(|f| f.action == action)
        .cloned()
        .unwrap_or_default();
    let open = asked || !mine.error.is_empty() || !mine.text.is_empty();
    let picker = template_picker(lang, code, action, templates);
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
    // A resolution records what it found and did; a unit may propose actions.
    let outcome = (action == "resolve")
        .then(|| super::outcome_page::outcome_fields(lang, action, &mine, proposed));
    let proposal =
        (action == "follow_up").then(|| super::outcome_page::proposal_fields(lang, &mine));
    let text_label = match action {
        "follow_up" => "console.answer",
        "close_incomplete" => "console.incomplete_why",
        _ => "console.reply_optional",
    };
    view! {
        <details class="action" open=open id=format!("aksi-{action}")>
            <summary class="button">{tr!(lang, &format!("action.{action}"))}</summary>
            {picker}
            <form method="post" action=format!("/staf/kasus/{code}/aksi")>
                <input type="hidden" name="csrf" value=csrf.to_string()/>
                <input type="hidden" name="action" value=action.to_string()/>
                {error.map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
                {class_select}
                {unit_select}
                {duplicate}
                {outcome}
                <label for=id("reason") class="block">{tr!(lang, "console.reason")}</label>
                <p class="hint">{tr!(lang, "console.reason_hint")}</p>
                <textarea id=id("reason") name="reason" rows="3" required>{textarea_text(&mine.reason)}</textarea>
                <label for=id("text") class="block">{tr!(lang, text_label)}</label>
                <textarea id=id("text") name="text" rows="3">{textarea_text(&mine.text)}</textarea>
                {proposal}
                <button type="submit" class="button primary">{tr!(lang, &format!("action.{action}"))}</button>
            </form>
        </details>
    }
}

/// The admins' response templates for one form: choosing one reloads the case with its text
/// in that form, to edit before sending (works without JavaScript).
fn template_picker(
    lang: Lang,
    code: &str,
    untuk: &str,
    templates: &[(i32, String, String)],
) -> impl IntoView + use<> {
    (!templates.is_empty()).then(|| {
        let id = format!("tpl-{untuk}");
        let options = templates
            .iter()
            .map(|(id, title, _)| view! { <option value=id.to_string()>{title.clone()}</option> })
            .collect_view();
        view! {
            <form method="get" action=format!("/staf/kasus/{code}#aksi-{untuk}") class="template-picker">
                <input type="hidden" name="untuk" value=untuk.to_string()/>
                <label for=id.clone()>{tr!(lang, "console.template")}</label>
                <select id=id name="templat">{options}</select>
                <button type="submit" class="button">{tr!(lang, "console.template_use")}</button>
                <p class="hint">{tr!(lang, "console.template_hint")}</p>
            </form>
        }
    })
}

/// Who handles the case: "Saya tangani", and the head's assignment.
fn handling_card(
    lang: Lang,
    c: &CaseView,
    csrf: &str,
    form: Option<&ActionFormState>,
) -> impl IntoView + use<> {
    let code = c.tracking_code.clone();
    let error = form
        .filter(|f| f.action == "handler" && !f.error.is_empty())
        .map(|f| tr!(lang, &format!("error.{}", f.error)));
    let who = match &c.handler_name {
        Some(n) => tr!(lang, "console.handled_by", name = n.clone()),
        None => tr!(lang, "console.nobody_handles"),
    };
    let options = c
        .assignable
        .iter()
        .map(|(id, name)| {
            let sel = c.handler_name.as_deref() == Some(name.as_str());
            view! { <option value=id.to_string() selected=sel>{name.clone()}</option> }
        })
        .collect_view();
    view! {
        <section class="card handling" aria-labelledby="h-handling">
            <h2 id="h-handling">{tr!(lang, "console.handling")}</h2>
            {error.map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
            <p>{who}</p>
            {c.can_take.then(|| view! {
                <form method="post" action=format!("/staf/kasus/{code}/petugas") class="inline">
                    <input type="hidden" name="csrf" value=csrf.to_string()/>
                    <button type="submit" class="button primary">{tr!(lang, "console.take")}</button>
                </form>
            })}
            {(!c.assignable.is_empty()).then(|| view! {
                <form method="post" action=format!("/staf/kasus/{code}/petugas") class="assign">
                    <input type="hidden" name="csrf" value=csrf.to_string()/>
                    <label for="assign-to" class="block">{tr!(lang, "console.assign_to")}</label>
                    <select id="assign-to" name="user_id">
                        <option value="0">{tr!(lang, "console.assign_nobody")}</option>
                        {options}
                    </select>
                    <button type="submit" class="button">{tr!(lang, "console.assign")}</button>
                </form>
            })}
        </section>
    }
}

/// The Inspectorate's internal notes on the case, and the form for a new one.
fn notes_card(
    lang: Lang,
    c: &CaseView,
    csrf: &str,
    form: Option<&ActionFormState>,
) -> impl IntoView + use<> {
    let mine = form
        .filter(|f| f.action == "note")
        .cloned()
        .unwrap_or_default();
    let error = (!mine.error.is_empty()).then(|| tr!(lang, &format!("error.{}", mine.error)));
    let notes = c
        .notes
        .iter()
        .map(|n| {
            view! {
                <li>
                    <p class="hint"><time datetime=n.at.to_rfc3339()>{fmt_wib(n.at)}</time> " · " {n.by.clone().unwrap_or_else(|| "-".into())}</p>
                    <p class="note-text">{n.text.clone()}</p>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="card notes" id="catatan" aria-labelledby="h-notes">
            <h2 id="h-notes">{tr!(lang, "console.notes")}</h2>
            <p class="hint">{tr!(lang, "console.notes_hint")}</p>
            {c.notes.is_empty().then(|| view! { <p>{tr!(lang, "console.no_notes")}</p> })}
            <ol class="note-list">{notes}</ol>
            <form method="post" action=format!("/staf/kasus/{}/catatan", c.tracking_code)>
                <input type="hidden" name="csrf" value=csrf.to_string()/>
                {error.clone().map(|e| view! { <p class="field-error" id="err-note" role="alert">{e}</p> })}
                <label for="note-text" class="block">{tr!(lang, "console.note_new")}</label>
                <textarea id="note-text" name="text" rows="3" required maxlength="4000"
                    aria-invalid=error.is_some().then_some("true")>{textarea_text(&mine.text)}</textarea>
                <button type="submit" class="button">{tr!(lang, "console.note_add")}</button>
            </form>
        </section>
    }
}

/// Open cases of the same unit and category from the last 30 days that read alike, each
/// with a one-click merge of this case into it (when this case may be marked a duplicate).
fn similar_card(lang: Lang, c: &CaseView, csrf: &str) -> impl IntoView + use<> {
    let may_merge = c.actions.iter().any(|a| a == "mark_duplicate");
    let code = c.tracking_code.clone();
    let items = c
        .similar
        .iter()
        .map(|s| {
            let shown = TrackingCode::parse(&s.tracking_code)
                .map(|t| t.grouped())
                .unwrap_or_else(|_| s.tracking_code.clone());
            view! {
                <li>
                    <p><a class="mono" href=format!("/staf/kasus/{}", s.tracking_code)>{shown.clone()}</a>
                        " · " {tr!(lang, &format!("status.{}", s.status))} " · " {fmt_wib(s.created_at)}
                        " · " <strong>{tr!(lang, "console.similar_pct", pct = s.similarity_pct)}</strong></p>
                    <p class="excerpt">{s.excerpt.clone()}</p>
                    {may_merge.then(|| {
                        let id = format!("merge-{}", s.tracking_code);
                        view! {
                            <details class="action merge">
                                <summary class="button">{tr!(lang, "console.merge", code = shown.clone())}</summary>
                                <form method="post" action=format!("/staf/kasus/{code}/aksi")>
                                    <input type="hidden" name="csrf" value=csrf.to_string()/>
                                    <input type="hidden" name="action" value="mark_duplicate"/>
                                    <input type="hidden" name="duplicate_of" value=s.tracking_code.clone()/>
                                    <p class="notice">{tr!(lang, "console.merge_what", code = shown.clone())}</p>
                                    <label for=id.clone() class="block">{tr!(lang, "console.reason")}</label>
                                    <p class="hint">{tr!(lang, "console.merge_reason_hint")}</p>
                                    <textarea id=id name="reason" rows="2" required></textarea>
                                    <button type="submit" class="button primary">{tr!(lang, "console.merge_now")}</button>
                                </form>
                            </details>
                        }
                    })}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="card similar" aria-labelledby="h-similar">
            <h2 id="h-similar">{tr!(lang, "console.similar")}</h2>
            <p class="hint">{tr!(lang, "console.similar_hint")}</p>
            <ul class="similar-list">{items}</ul>
        </section>
    }
}

/// Evidence files as the console shows them: photos as thumbnails that open full size, a
/// PDF opened in the browser (sandboxed), each with a download link of its own. Nothing is
/// downloaded unless asked.
fn evidence_list(lang: Lang, code: &str, files: &[super::view::FileItem]) -> impl IntoView + use<> {
    let items = files
        .iter()
        .enumerate()
        .map(|(n, f)| {
            let url = format!("/api/v1/triage/complaints/{code}/files/{}", f.id);
            let size = format!("{} KB", (f.size_bytes + 1023) / 1024);
            let download = format!("{url}?unduh=1");
            let shown = if f.content_type.starts_with("image/") {
                let alt = tr!(lang, "console.photo_n", n = n + 1);
                let src = url.clone();
                view! {
                    <a href=url target="_blank" rel="noopener" class="thumb">
                        <img src=src alt=alt width="160" height="120" loading="lazy" decoding="async"/>
                    </a>
                }
                .into_any()
            } else {
                view! {
                    <a href=url target="_blank" rel="noopener" class="pdf-link">{tr!(lang, "console.open_pdf", n = n + 1)}</a>
                }
                .into_any()
            };
            view! {
                <li>
                    {shown}
                    <span class="hint">{f.content_type.clone()} " · " {size} " · "
                        <a href=download>{tr!(lang, "console.download")}</a></span>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="evidence">{items}</ul> }
}

/// The reveal form: why (at least 10 characters) and the confirmation that the opening is
/// recorded; a refused form comes back with its message and the reason typed.
fn reveal_form(
    lang: Lang,
    code: &str,
    csrf: &str,
    refused: Option<RevealedIdentity>,
) -> impl IntoView + use<> {
    let refused = refused.unwrap_or_default();
    let error = (!refused.error.is_empty()).then(|| tr!(lang, &format!("error.{}", refused.error)));
    let reason_error = error
        .clone()
        .filter(|_| refused.error.starts_with("reveal_reason"));
    let confirm_error = error
        .clone()
        .filter(|_| refused.error == "reveal_confirm_missing");
    let form_error = error.filter(|_| reason_error.is_none() && confirm_error.is_none());
    view! {
        <p>{tr!(lang, "console.sealed")}</p>
        <details class="action" open=!refused.error.is_empty()>
            <summary class="button">{tr!(lang, "console.reveal")}</summary>
            <form method="post" action=format!("/staf/kasus/{code}/ungkap") id="reveal">
                <input type="hidden" name="csrf" value=csrf.to_string()/>
                {form_error.map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
                <label for="reveal-reason" class="block">{tr!(lang, "console.reveal_reason")}</label>
                <p class="hint" id="hint-reveal-reason">{tr!(lang, "console.reveal_reason_hint")}</p>
                {reason_error.clone().map(|e| view! { <p class="field-error" id="err-reveal-reason" role="alert">{e}</p> })}
                <textarea id="reveal-reason" name="reason" rows="3" required minlength="10" maxlength="500"
                    aria-describedby=if reason_error.is_some() { "hint-reveal-reason err-reveal-reason" } else { "hint-reveal-reason" }
                    aria-invalid=reason_error.is_some().then_some("true")>{textarea_text(&refused.reason)}</textarea>
                {confirm_error.clone().map(|e| view! { <p class="field-error" id="err-reveal-confirm" role="alert">{e}</p> })}
                <label class="check"><input type="checkbox" name="confirm" value="1" required checked=refused.confirmed
                    aria-invalid=confirm_error.is_some().then_some("true")/> <span>{tr!(lang, "console.reveal_confirm")}</span></label>
                <button type="submit" class="button primary">{tr!(lang, "console.reveal_now")}</button>
            </form>
        </details>
    }
}

/// A history entry of the conversation with the reporter: a question (with who asked), or
/// the reporter's answer or added information, with their words and files (staff only).
fn conversation_item(
    lang: Lang,
    code: &str,
    h: &super::view::HistoryItem,
) -> impl IntoView + use<> {
    let (label, class) = match (h.kind, h.feedback) {
        (EventKind::Question, _) => ("console.question", "question"),
        (EventKind::Answer, _) => ("console.answer_event", "by-reporter"),
        (EventKind::Feedback, Some(f)) if f.resolved => ("console.feedback_yes", "by-reporter"),
        (EventKind::Feedback, _) => ("console.feedback_no", "by-reporter"),
        _ => ("console.info_event", "by-reporter"),
    };
    let rating = h.feedback.map(|f| match f.rating {
        Some(r) => tr!(
            lang,
            "console.feedback_rating",
            label = tr!(lang, &format!("track.rating_{r}"))
        ),
        None => tr!(lang, "console.feedback_no_rating"),
    });
    let files = evidence_list(lang, code, &h.files);
    view! {
        <li class=class>
            <time datetime=h.at.to_rfc3339()>{fmt_wib(h.at)}</time>
            <strong>{tr!(lang, label)}</strong>
            {h.actor.clone().map(|a| view! { <span class="hint">" · " {a}</span> })}
            {h.public_text.clone().map(|t| view! { <p class="reply">{t}</p> })}
            {h.message.clone().map(|t| view! {
                <blockquote class="reporter-words"><p class="hint">{tr!(lang, "console.reporter_words")}</p><p>{t}</p></blockquote>
            })}
            {h.paused_days.map(|d| view! { <p class="internal">{tr!(lang, "console.paused", days = d)}</p> })}
            {rating.map(|r| view! { <p>{r}</p> })}
            {(!h.files.is_empty()).then_some(files)}
        </li>
    }
}

/// The question form: staff ask the reporter something; the deadlines pause until the
/// answer.
fn question_form(
    lang: Lang,
    code: &str,
    csrf: &str,
    form: Option<&ActionFormState>,
    templates: &[(i32, String, String)],
) -> impl IntoView + use<> {
    let mine = form
        .filter(|f| f.action == "ask")
        .cloned()
        .unwrap_or_default();
    let error = (!mine.error.is_empty()).then(|| tr!(lang, &format!("error.{}", mine.error)));
    let open = error.is_some() || !mine.text.is_empty();
    view! {
        <details class="action" open=open id="aksi-ask">
            <summary class="button">{tr!(lang, "console.ask")}</summary>
            {template_picker(lang, code, "ask", templates)}
            <form method="post" action=format!("/staf/kasus/{code}/tanya")>
                <input type="hidden" name="csrf" value=csrf.to_string()/>
                {error.map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
                <label for="ask-text" class="block">{tr!(lang, "console.question_text")}</label>
                <p class="hint">{tr!(lang, "console.ask_hint", days = crate::complaints::domain::workflow::ANSWER_WAIT_DAYS)}</p>
                <textarea id="ask-text" name="text" rows="3" required maxlength="4000">{textarea_text(&mine.text)}</textarea>
                <button type="submit" class="button primary">{tr!(lang, "console.ask")}</button>
            </form>
        </details>
    }
}

/// The console's queue and case routes; the case's forms post under it, in [`super::routes`].
#[component(transparent)]
pub fn TriageRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    use leptos_router::components::Route;
    use leptos_router::{SsrMode, path};
    view! {
        <Route path=path!("/staf/antrean") view=ConsoleQueuePage ssr=SsrMode::Async/>
        <Route path=path!("/staf/kasus/:code") view=ConsoleCasePage ssr=SsrMode::Async/>
        <Route path=path!("/staf/kasus/:code/nama-serupa") view=super::outcome_page::RepeatNamesPage ssr=SsrMode::Async/>
    }
    .into_inner()
}
