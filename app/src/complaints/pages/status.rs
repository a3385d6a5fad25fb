//! Following a report: the lookup by tracking code and the public status page.

use crate::clock::fmt_wib;
use crate::complaints::domain::TrackingCode;
use crate::complaints::server_fns::{Lookup, load_receipt_key, load_status};
use crate::complaints::view::{PublicComplaint, PublicEvent, ReopenFormState, ReplyFormState};
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
    let query = use_query_map().read_untracked();
    let notes = Notes {
        fresh: query.get("baru").is_some(),
        reopened: query.get("dibuka").is_some(),
        answered: query.get("dijawab").is_some(),
        added: query.get("ditambah").is_some(),
    };
    let forms = Forms {
        reopen: use_context::<ReopenFormState>(),
        reply: use_context::<ReplyFormState>(),
    };
    let typed = code.clone();
    let key_code = code.clone();
    let data = Resource::new(move || code.clone(), load_status);
    // The receipt shows the new report's reply key once (only right after filing).
    let fresh_key = Resource::new(
        move || (notes.fresh, key_code.clone()),
        |(fresh, code)| async move {
            if fresh {
                load_receipt_key(code).await.ok().flatten()
            } else {
                None
            }
        },
    );
    view! {
        <Title text=tr!(lang, "track.title")/>
        <Suspense fallback=|| ()>
            {move || {
                let typed = typed.clone();
                let forms = forms.clone();
                Suspend::new(async move {
                    let key = fresh_key.await;
                    match data.await {
                        Ok(Lookup::Found(c)) => status_view(lang, *c, notes, key, forms).into_any(),
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

/// Notes the page shows after something the reporter did.
#[derive(Clone, Copy)]
struct Notes {
    fresh: bool,
    reopened: bool,
    answered: bool,
    added: bool,
}

/// Forms the server sends back refused, with what was typed.
#[derive(Clone)]
struct Forms {
    reopen: Option<ReopenFormState>,
    reply: Option<ReplyFormState>,
}

/// The reply key field of the reporter's forms, with its message when it is the one refused.
fn key_field(lang: Lang, id: &'static str, typed: String, error: Option<String>) -> impl IntoView {
    let hint = format!("hint-{id}");
    let err = format!("err-{id}");
    let described = if error.is_some() {
        format!("{hint} {err}")
    } else {
        hint.clone()
    };
    view! {
        <label for=id class="block">{tr!(lang, "track.key")}</label>
        <p class="hint" id=hint>{tr!(lang, "track.key_hint")}</p>
        {error.clone().map(|e| view! { <p class="field-error" id=err>{e}</p> })}
        <input id=id name="reply_key" type="text" inputmode="numeric" autocomplete="off"
            spellcheck="false" required value=typed class="key-input"
            aria-describedby=described aria-invalid=error.is_some().then_some("true")/>
    }
}

/// The reporter's message form: an answer while a question waits, otherwise information of
/// their own; text and files, proven by the reply key. Works without JavaScript.
fn reply_form(
    lang: Lang,
    c: &PublicComplaint,
    st: Option<ReplyFormState>,
) -> impl IntoView + use<> {
    let st = st.unwrap_or_default();
    let message = (!st.error.is_empty()).then(|| tr!(lang, &format!("error.{}", st.error)));
    let at = |f: &str| message.clone().filter(|_| st.field == f);
    let key_error = at("reply_key");
    let text_error = at("text");
    let files_error = at("files");
    let form_error = message
        .clone()
        .filter(|_| !["reply_key", "text", "files"].contains(&st.field.as_str()));
    let title = if c.awaiting_reporter {
        "track.reply_title_answer"
    } else {
        "track.reply_title_info"
    };
    view! {
        <section class="card" id="balas">
            <h2>{tr!(lang, title)}</h2>
            <p class="hint">{tr!(lang, "track.reply_lead")}</p>
            {form_error.map(|e| view! { <p class="notice error" role="alert">{e}</p> })}
            <form method="post" action=format!("/lacak/{}/balas", c.tracking_code) enctype="multipart/form-data">
                {key_field(lang, "reply-key", st.key.clone(), key_error)}
                <label for="reply-text" class="block">{tr!(lang, "track.reply_text")}</label>
                {text_error.clone().map(|e| view! { <p class="field-error" id="err-reply-text">{e}</p> })}
                <textarea id="reply-text" name="text" rows="4" maxlength="4000"
                    aria-describedby=text_error.is_some().then_some("err-reply-text")
                    aria-invalid=text_error.is_some().then_some("true")>{textarea_text(&st.text)}</textarea>
                <label for="reply-files" class="block">{tr!(lang, "track.reply_files")}</label>
                <p class="hint" id="hint-reply-files">{tr!(lang, "complaint.files_hint", count = crate::complaints::domain::MAX_FILES, mb = crate::complaints::domain::MAX_FILE_BYTES / (1024 * 1024))}</p>
                {files_error.clone().map(|e| view! { <p class="field-error" id="err-reply-files">{e}</p> })}
                {(!st.error.is_empty()).then(|| view! { <p class="hint warn">{tr!(lang, "track.files_again")}</p> })}
                <input id="reply-files" name="files" type="file" multiple
                    accept="image/jpeg,image/png,image/webp,application/pdf"
                    aria-describedby=if files_error.is_some() { "hint-reply-files err-reply-files" } else { "hint-reply-files" }
                    aria-invalid=files_error.is_some().then_some("true")/>
                <button type="submit" class="button primary">{tr!(lang, "track.reply_submit")}</button>
            </form>
        </section>
    }
}

/// One entry of the public history. The reporter's own words (answers, added information)
/// are never shown here: whoever holds the code may read this page.
fn event_view(lang: Lang, e: &PublicEvent) -> AnyView {
    let at = view! { <time datetime=e.at.to_rfc3339()>{fmt_wib(e.at)}</time> };
    if e.by_reporter {
        return view! {
            <li class="by-reporter">
                {at}
                <strong>{tr!(lang, "track.reopened_event")}</strong>
                {e.text.clone().map(|t| view! {
                    <blockquote class="reporter-words"><p class="hint">{tr!(lang, "track.your_objection")}</p><p>{t}</p></blockquote>
                })}
            </li>
        }
        .into_any();
    }
    match e.kind.as_str() {
        "question" => view! {
            <li class="question">
                {at}
                <strong>{tr!(lang, "track.question_event")}</strong>
                {e.text.clone().map(|t| view! { <p class="reply">{t}</p> })}
            </li>
        }
        .into_any(),
        "answer" | "reporter_info" => {
            let label = if e.kind == "answer" {
                "track.answer_event"
            } else {
                "track.info_event"
            };
            view! {
                <li class="by-reporter">
                    {at}
                    <strong>{tr!(lang, label)}</strong>
                    {e.paused_days.filter(|d| *d > 0).map(|d| view! { <p>{tr!(lang, "track.paused", days = d)}</p> })}
                    {(e.files > 0).then(|| view! { <p>{tr!(lang, "track.files_sent", count = e.files)}</p> })}
                    <p class="hint">{tr!(lang, "track.words_private")}</p>
                </li>
            }
            .into_any()
        }
        _ => {
            let label = e.status.as_ref().map(|s| tr!(lang, &format!("status.{s}")));
            view! {
                <li>
                    {at}
                    {label.map(|l| view! { <strong>{l}</strong> })}
                    {e.text.clone().map(|t| view! { <p class="reply">{t}</p> })}
                </li>
            }
            .into_any()
        }
    }
}

fn status_view(
    lang: Lang,
    c: PublicComplaint,
    notes: Notes,
    fresh_key: Option<String>,
    forms: Forms,
) -> impl IntoView {
    let reopen_state = forms.reopen;
    let reopen = c.reopen_until.map(|until| {
        let st = reopen_state.clone().unwrap_or_default();
        let message = (!st.error.is_empty()).then(|| tr!(lang, &format!("error.{}", st.error)));
        // The message stands by the field it is about.
        let key_error = message.clone().filter(|_| st.field == "reply_key");
        let error = message.filter(|_| st.field != "reply_key");
        view! {
            <section class="card" id="buka-kembali">
                <h2>{tr!(lang, "track.reopen_title")}</h2>
                <p>{tr!(lang, "track.reopen_lead", date = lang.date_long(until))}</p>
                <form method="post" action=format!("/lacak/{}/buka-kembali", c.tracking_code)>
                    {key_field(lang, "reopen-key", st.key.clone(), key_error)}
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
        .map(|e| event_view(lang, e))
        .collect_view();
    let writing = c
        .accepts_writing
        .then(|| reply_form(lang, &c, forms.reply.clone()));
    let awaiting = c.awaiting_reporter.then(|| {
        view! {
            <div class="notice" role="status">
                <p><strong>{tr!(lang, "track.awaiting")}</strong></p>
                <p><a class="button primary" href="#balas">{tr!(lang, "track.awaiting_answer")}</a></p>
            </div>
        }
    });
    let key = fresh_key.map(|k| {
        view! {
            <section class="card key-card" aria-labelledby="key-title">
                <h2 id="key-title">{tr!(lang, "track.key_title")}</h2>
                <p class="reply-key">{k}</p>
                <p><strong>{tr!(lang, "track.key_lead")}</strong></p>
                <p class="hint">{tr!(lang, "track.key_use")}</p>
            </section>
        }
    });
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
        {notes.fresh.then(|| view! {
            <div class="notice ok" role="status">
                <p><strong>{tr!(lang, "track.saved")}</strong></p>
                <p>{tr!(lang, "track.keep_code")}</p>
            </div>
        })}
        {notes.reopened.then(|| view! { <p class="notice ok" role="status">{tr!(lang, "track.reopened")}</p> })}
        {notes.answered.then(|| view! { <p class="notice ok" role="status">{tr!(lang, "track.answered")}</p> })}
        {notes.added.then(|| view! { <p class="notice ok" role="status">{tr!(lang, "track.added")}</p> })}
        {refused}
        <h1>{tr!(lang, "track.status_of")}</h1>
        <p class="tracking-code" aria-label=tr!(lang, "track.code")>{grouped}</p>
        {key}
        {awaiting}
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
        <h2 id="riwayat">{tr!(lang, "track.history")}</h2>
        <ol class="timeline">{events}</ol>
        {reopen}
        {writing}
        <p class="hint">{tr!(lang, "track.next")}</p>
    }
}
