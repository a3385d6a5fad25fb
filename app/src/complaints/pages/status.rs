//! Following a report: the lookup by tracking code and the public status page.

use crate::clock::fmt_wib;
use crate::complaints::domain::TrackingCode;
use crate::complaints::server_fns::{Lookup, load_status};
use crate::complaints::view::PublicComplaint;
use crate::i18n::Lang;
use crate::tr;
use crate::web::escape::textarea_text;
use crate::web::page::internal_error;
use crate::web::page::use_lang;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// `/lacak`: look a report up by its tracking code.
#[component]
pub fn TrackPage() -> impl IntoView {
    let lang = use_lang();
    let typed = use_query_map().read_untracked().get("kode");
    let problem = typed.as_deref().and_then(|t| match TrackingCode::parse(t) {
        Ok(code) => {
            #[cfg(feature = "ssr")]
            leptos_axum::redirect(&format!("/lacak/{}", code.as_str()));
            let _ = code;
            None
        }
        Err(crate::complaints::domain::CodeError::Typo) => Some("tracking_code_typo"),
        Err(crate::complaints::domain::CodeError::Malformed) => Some("tracking_code_malformed"),
    });
    view! {
        <Title text=tr!(lang, "track.title")/>
        <h1>{tr!(lang, "track.title")}</h1>
        <p class="lead">{tr!(lang, "track.lead")}</p>
        {lookup_form(lang, typed.unwrap_or_default(), problem)}
    }
}

fn lookup_form(lang: Lang, typed: String, problem: Option<&'static str>) -> impl IntoView + use<> {
    view! {
        <form class="lookup" method="get" action="/lacak">
            <label for="kode" class="block">{tr!(lang, "track.code")}</label>
            {problem.map(|p| view! { <p class="field-error" id="err-kode">{tr!(lang, &format!("error.{p}"))}</p> })}
            <input id="kode" name="kode" type="text" autocapitalize="characters" autocomplete="off"
                spellcheck="false" placeholder="XXXX-XXXX-XXXX" value=typed
                aria-invalid=problem.map(|_| "true")/>
            <button type="submit" class="button primary">{tr!(lang, "track.submit")}</button>
        </form>
    }
}

/// `/lacak/{code}`: status, dates and public replies of one report.
#[component]
pub fn StatusPage() -> impl IntoView {
    let lang = use_lang();
    let code = use_params_map()
        .read_untracked()
        .get("code")
        .unwrap_or_default();
    let fresh = use_query_map().read_untracked().get("baru").is_some();
    let reopened = use_query_map().read_untracked().get("dibuka").is_some();
    let reopen_state = use_context::<crate::complaints::view::ReopenFormState>();
    let typed = code.clone();
    let data = Resource::new(move || code.clone(), load_status);
    view! {
        <Title text=tr!(lang, "track.title")/>
        <Suspense fallback=|| ()>
            {move || {
                let typed = typed.clone();
                let reopen_state = reopen_state.clone();
                Suspend::new(async move {
                    match data.await {
                        Ok(Lookup::Found(c)) => status_view(lang, c, fresh, reopened, reopen_state).into_any(),
                        Ok(other) => {
                            #[cfg(feature = "ssr")]
                            if let Some(r) = use_context::<leptos_axum::ResponseOptions>() {
                                r.set_status(axum::http::StatusCode::NOT_FOUND);
                            }
                            let problem = match other {
                                Lookup::Typo => "tracking_code_typo",
                                Lookup::Malformed => "tracking_code_malformed",
                                _ => "tracking_code_unknown",
                            };
                            view! {
                                <h1>{tr!(lang, "track.title")}</h1>
                                {lookup_form(lang, typed, Some(problem))}
                            }
                            .into_any()
                        }
                        Err(e) => internal_error(lang, &e).into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

fn status_view(
    lang: Lang,
    c: PublicComplaint,
    fresh: bool,
    reopened: bool,
    reopen_state: Option<crate::complaints::view::ReopenFormState>,
) -> impl IntoView {
    let reopen = c.reopen_until.map(|until| {
        let st = reopen_state.clone().unwrap_or_default();
        let message = (!st.error.is_empty()).then(|| tr!(lang, &format!("error.{}", st.error)));
        // The message stands by the field it is about.
        let about_email = st.error.starts_with("reopen_email");
        let email_error = message.clone().filter(|_| about_email);
        let error = message.filter(|_| !about_email);
        view! {
            <section class="card" id="buka-kembali">
                <h2>{tr!(lang, "track.reopen_title")}</h2>
                <p>{tr!(lang, "track.reopen_lead", date = lang.date_long(until))}</p>
                <form method="post" action=format!("/lacak/{}/buka-kembali", c.tracking_code)>
                    <label for="reopen-email" class="block">{tr!(lang, "track.reopen_email")}</label>
                    <p class="hint" id="hint-reopen-email">{tr!(lang, "track.reopen_email_hint")}</p>
                    {email_error.clone().map(|e| view! { <p class="field-error" id="err-reopen-email">{e}</p> })}
                    <input id="reopen-email" name="email" type="email" autocomplete="email" inputmode="email"
                        required value=st.email.clone()
                        aria-describedby=if email_error.is_some() { "hint-reopen-email err-reopen-email" } else { "hint-reopen-email" }
                        aria-invalid=email_error.is_some().then_some("true")/>
                    <label for="reason" class="block">{tr!(lang, "track.reopen_reason")}</label>
                    {error.clone().map(|e| view! { <p class="field-error" id="err-reason">{e}</p> })}
                    <textarea id="reason" name="reason" rows="3" maxlength="4000"
                        aria-describedby=error.is_some().then_some("err-reason")
                        aria-invalid=error.is_some().then_some("true")>{textarea_text(&st.reason)}</textarea>
                    <button type="submit" class="button">{tr!(lang, "track.reopen_submit")}</button>
                </form>
            </section>
        }
    });
    let refused = reopen_state
        .filter(|s| c.reopen_until.is_none() && !s.error.is_empty())
        .map(|s| {
            view! {
                <div class="notice error" role="alert">
                    <p>{tr!(lang, &format!("error.{}", s.error))}</p>
                    {(!s.reason.trim().is_empty()).then(|| view! { <p class="reply">{s.reason.clone()}</p> })}
                </div>
            }
        });
    let grouped = TrackingCode::parse(&c.tracking_code)
        .map(|t| t.grouped())
        .unwrap_or_else(|_| c.tracking_code.clone());
    let events = c
        .events
        .iter()
        .rev()
        .map(|e| {
            if e.by_reporter {
                return view! {
                    <li class="by-reporter">
                        <time datetime=e.at.to_rfc3339()>{fmt_wib(e.at)}</time>
                        <strong>{tr!(lang, "track.reopened_event")}</strong>
                        {e.text.clone().map(|t| view! {
                            <blockquote class="reporter-words"><p class="hint">{tr!(lang, "track.your_objection")}</p><p>{t}</p></blockquote>
                        })}
                    </li>
                }
                .into_any();
            }
            let label = e.status.as_ref().map(|s| tr!(lang, &format!("status.{s}")));
            view! {
                <li>
                    <time datetime=e.at.to_rfc3339()>{fmt_wib(e.at)}</time>
                    {label.map(|l| view! { <strong>{l}</strong> })}
                    {e.text.clone().map(|t| view! { <p class="reply">{t}</p> })}
                </li>
            }
            .into_any()
        })
        .collect_view();
    let merged = c.merged_into.clone().map(|m| {
        let shown = TrackingCode::parse(&m)
            .map(|t| t.grouped())
            .unwrap_or_else(|_| m.clone());
        view! {
            <div class="notice" role="status">
                <p>{tr!(lang, "track.merged")}</p>
                <p><a class="button" href=format!("/lacak/{m}")>{tr!(lang, "track.merged_follow", code = shown)}</a></p>
            </div>
        }
    });
    let next_due = c.next_due.map(|d| {
        view! {
            <p class="next-due">{tr!(lang, &format!("track.due.{}", c.status), date = lang.date_long(d))}</p>
        }
    });
    view! {
        {fresh.then(|| view! {
            <div class="notice ok" role="status">
                <p><strong>{tr!(lang, "track.saved")}</strong></p>
                <p>{tr!(lang, "track.keep_code")}</p>
            </div>
        })}
        {reopened.then(|| view! { <p class="notice ok" role="status">{tr!(lang, "track.reopened")}</p> })}
        {refused}
        <h1>{tr!(lang, "track.status_of")}</h1>
        <p class="tracking-code" aria-label=tr!(lang, "track.code")>{grouped}</p>
        {merged}
        <section class="card">
            <p class="status-now">
                {tr!(lang, "track.status")} ": "
                <strong class=format!("status status-{}", c.status)>{tr!(lang, &format!("status.{}", c.status))}</strong>
            </p>
            {next_due}
            <dl class="facts">
                <dt>{tr!(lang, "track.category")}</dt><dd>{tr!(lang, &format!("category.{}", c.category))}</dd>
                <dt>{tr!(lang, "track.unit")}</dt><dd>{c.unit_name.clone()}</dd>
                <dt>{tr!(lang, "track.created")}</dt><dd>{fmt_wib(c.created_at)}</dd>
                <dt>{tr!(lang, "track.updated")}</dt><dd>{fmt_wib(c.updated_at)}</dd>
            </dl>
        </section>
        <h2>{tr!(lang, "track.history")}</h2>
        <ol class="timeline">{events}</ol>
        {reopen}
        <p class="hint">{tr!(lang, "track.next")}</p>
    }
}
