//! Following a report: the lookup by tracking code and the public status page.

use crate::clock::fmt_wib;
use crate::complaints::domain::{EventKind, TrackingCode};
use crate::complaints::server_fns::{Lookup, load_receipt_key, load_status};
use crate::complaints::view::{
    EraseFormState, FeedbackFormState, FreshReceipt, PublicComplaint, PublicEvent, ReplyFormState,
};
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
        {crate::web::page::description(tr!(lang, "meta.track"))}
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
        thanked: query.get("terima-kasih").is_some(),
        erased: query.get("identitas-dihapus").is_some(),
        answered: query.get("dijawab").is_some(),
        added: query.get("ditambah").is_some(),
    };
    let forms = Forms {
        feedback: use_context::<FeedbackFormState>(),
        erase: use_context::<EraseFormState>(),
        reply: use_context::<ReplyFormState>(),
    };
    let typed = code.clone();
    let key_code = code.clone();
    let data = Resource::new(move || code.clone(), load_status);
    // The receipt again, after the reporter asked for it as a PDF or by mail (the POST shows
    // this page again with it).
    let again = use_context::<FreshReceipt>();
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
        {crate::web::page::description(tr!(lang, "meta.track"))}
        <Suspense fallback=|| ()>
            {move || {
                let typed = typed.clone();
                let forms = forms.clone();
                let again = again.clone();
                Suspend::new(async move {
                    let key = match again {
                        Some(r) => Some(r),
                        None => fresh_key.await,
                    };
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
    thanked: bool,
    erased: bool,
    answered: bool,
    added: bool,
}

/// Forms the server sends back refused, with what was typed.
#[derive(Clone)]
struct Forms {
    feedback: Option<FeedbackFormState>,
    erase: Option<EraseFormState>,
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

/// "Sudah selesai?" on a resolved case: yes or not yet, a 1-4 rating of the handling and a
/// comment, proven by the reply key, until the objection window ends. "Not yet" reopens
/// (the comment, then required, says what is still wrong). Radio buttons in fieldsets:
/// works without JavaScript.
fn feedback_form(
    lang: Lang,
    code: &str,
    until: chrono::NaiveDate,
    st: Option<FeedbackFormState>,
) -> AnyView {
    let st = st.unwrap_or_default();
    let message = (!st.error.is_empty()).then(|| tr!(lang, &format!("error.{}", st.error)));
    let at = |f: &str| message.clone().filter(|_| st.field == f);
    let key_error = at("reply_key");
    let resolved_error = at("resolved");
    let rating_error = at("rating");
    let comment_error = at("comment");
    let form_error = message
        .clone()
        .filter(|_| !["reply_key", "resolved", "rating", "comment"].contains(&st.field.as_str()));
    let choice = |value: &'static str, label: &'static str| {
        let id = format!("selesai-{value}");
        view! {
            <label for=id.clone() class="choice">
                <input type="radio" id=id.clone() name="resolved" value=value required
                    checked=st.resolved == value/>
                " " {tr!(lang, label)}
            </label>
        }
    };
    let ratings = (1..=4)
        .map(|r: u8| {
            let id = format!("nilai-{r}");
            view! {
                <label for=id.clone() class="choice">
                    <input type="radio" id=id.clone() name="rating" value=r.to_string()
                        checked=st.rating == r.to_string()/>
                    " " {tr!(lang, &format!("track.rating_{r}"))}
                </label>
            }
        })
        .collect_view();
    view! {
        <section class="card" id="selesai" aria-labelledby="selesai-title">
            <h2 id="selesai-title">{tr!(lang, "track.feedback_title")}</h2>
            <p>{tr!(lang, "track.feedback_lead", date = lang.date_long(until))}</p>
            {form_error.map(|e| view! { <p class="notice error" role="alert">{e}</p> })}
            <form method="post" action=format!("/lacak/{code}/selesai")>
                <fieldset aria-describedby=resolved_error.is_some().then_some("err-resolved")>
                    <legend>{tr!(lang, "track.feedback_question")}</legend>
                    {resolved_error.clone().map(|e| view! { <p class="field-error" id="err-resolved">{e}</p> })}
                    {choice("ya", "track.feedback_yes")}
                    {choice("tidak", "track.feedback_no")}
                </fieldset>
                <fieldset aria-describedby=rating_error.is_some().then_some("err-rating")>
                    <legend>{tr!(lang, "track.rating_question")}</legend>
                    {rating_error.clone().map(|e| view! { <p class="field-error" id="err-rating">{e}</p> })}
                    {ratings}
                </fieldset>
                <label for="feedback-comment" class="block">{tr!(lang, "track.feedback_comment")}</label>
                <p class="hint" id="hint-feedback-comment">{tr!(lang, "track.feedback_comment_hint")}</p>
                {comment_error.clone().map(|e| view! { <p class="field-error" id="err-feedback-comment">{e}</p> })}
                <textarea id="feedback-comment" name="comment" rows="3" maxlength="4000"
                    aria-describedby=if comment_error.is_some() { "hint-feedback-comment err-feedback-comment" } else { "hint-feedback-comment" }
                    aria-invalid=comment_error.is_some().then_some("true")>{textarea_text(&st.comment)}</textarea>
                {key_field(lang, "feedback-key", st.key.clone(), key_error)}
                <button type="submit" class="button primary">{tr!(lang, "track.feedback_submit")}</button>
            </form>
        </section>
    }
    .into_any()
}

/// The reporter erases their identity from the report now (code + key), folded away: the
/// case goes on but nobody can reach them any more. Open when a try was refused.
fn erase_form(lang: Lang, code: &str, st: Option<EraseFormState>) -> AnyView {
    let st = st.unwrap_or_default();
    let refused = !st.error.is_empty();
    let key_error = refused.then(|| tr!(lang, &format!("error.{}", st.error)));
    view! {
        <details class="card erase" id="hapus" open=refused>
            <summary>{tr!(lang, "track.erase_title")}</summary>
            <p>{tr!(lang, "track.erase_lead")}</p>
            <form method="post" action=format!("/lacak/{code}/hapus-identitas")>
                {key_field(lang, "erase-key", st.key.clone(), key_error)}
                <button type="submit" class="button">{tr!(lang, "track.erase_submit")}</button>
            </form>
        </details>
    }
    .into_any()
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
    match e.kind {
        EventKind::Feedback => view! {
            <li class="by-reporter">
                {at}
                <strong>{tr!(lang, "track.feedback_event")}</strong>
                <p class="hint">{tr!(lang, "track.words_private")}</p>
            </li>
        }
        .into_any(),
        EventKind::Question => view! {
            <li class="question">
                {at}
                <strong>{tr!(lang, "track.question_event")}</strong>
                {e.text.clone().map(|t| view! { <p class="reply">{t}</p> })}
            </li>
        }
        .into_any(),
        EventKind::Answer | EventKind::ReporterInfo => {
            let label = if e.kind == EventKind::Answer {
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

/// The receipt of a report just filed: the tracking code and the reply key on one card, large
/// and grouped; copied with one tap, saved as a PDF made on the server, mailed again where
/// an address was left; printed alone without JavaScript. Once hydrated, leaving the page
/// before the key was copied or saved asks first.
fn receipt_card(lang: Lang, code: &str, grouped: &str, r: FreshReceipt) -> impl IntoView + use<> {
    let (code, grouped) = (code.to_string(), grouped.to_string());
    let copy_text = tr!(
        lang,
        "receipt.copy_text",
        code = grouped.clone(),
        key = r.key.clone(),
        url = r.url.clone()
    );
    let raw_key: String = r.key.chars().filter(char::is_ascii_digit).collect();
    view! {
        <ReceiptGuard lang copy_text>
            <section class="card receipt" id="tanda-terima" aria-labelledby="receipt-title">
                <h2 id="receipt-title">{tr!(lang, "receipt.title")}</h2>
                <p class="hint">{tr!(lang, "receipt.lead")}</p>
                {r.error.clone().map(|e| view! { <p class="notice error" role="alert">{tr!(lang, &format!("error.{e}"))}</p> })}
                {r.mailed_again.then(|| view! { <p class="notice ok" role="status">{tr!(lang, "receipt.mailed_again")}</p> })}
                <dl class="receipt-codes">
                    <div>
                        <dt>{tr!(lang, "track.code")}</dt>
                        <dd class="tracking-code">{grouped}</dd>
                    </div>
                    <div>
                        <dt>{tr!(lang, "track.key_title")}</dt>
                        <dd class="reply-key">{r.key.clone()}</dd>
                    </div>
                </dl>
                <p class="receipt-warning"><strong>{tr!(lang, "track.key_lead")}</strong></p>
                <div class="receipt-actions">
                    // Shown once hydrated: copying needs a script.
                    <button type="button" class="button primary" id="receipt-copy" hidden>{tr!(lang, "receipt.copy")}</button>
                    <p class="hint" id="receipt-copied" role="status" aria-live="polite"></p>
                    <form method="post" action=format!("/lacak/{code}/tanda-terima")>
                        <input type="hidden" name="reply_key" value=raw_key.clone()/>
                        <button type="submit" class="button">{tr!(lang, "receipt.download")}</button>
                        <p class="hint">{tr!(lang, "receipt.download_hint")}</p>
                    </form>
                    {r.emailed.then(|| view! {
                        <form method="post" action=format!("/lacak/{}/kirim-kunci", code.clone())>
                            <p class="hint">{tr!(lang, "receipt.emailed")}</p>
                            <input type="hidden" name="reply_key" value=raw_key.clone()/>
                            <button type="submit" class="button">{tr!(lang, "receipt.email_again")}</button>
                        </form>
                    })}
                </div>
                <p class="hint">{tr!(lang, "track.key_use")}</p>
                <p class="notice receipt-leave">{tr!(lang, "receipt.leave_warning")}</p>
                <p class="hint receipt-print">{tr!(lang, "receipt.print_hint")}</p>
            </section>
        </ReceiptGuard>
        <crate::web::page::IslandScripts/>
    }
}

/// Wraps the receipt card. Once hydrated: shows its copy button, which puts the code and key
/// on the clipboard (or says to copy them by hand where the browser does not allow it), and
/// asks before the page is left until the key was copied, downloaded or mailed.
#[island]
pub fn ReceiptGuard(lang: Lang, copy_text: String, children: Children) -> impl IntoView {
    let kept = StoredValue::new(false);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        if let Some(b) = document().get_element_by_id("receipt-copy") {
            let _ = b.remove_attribute("hidden");
        }
        let guard = window_event_listener(leptos::ev::beforeunload, move |e| {
            if !kept.get_value() {
                e.prevent_default();
                e.set_return_value("");
            }
        });
        on_cleanup(move || guard.remove());
    });
    let on_click = move |ev: leptos::ev::MouseEvent| {
        #[cfg(feature = "hydrate")]
        receipt_copy::on_click(lang, &copy_text, kept, &ev);
        #[cfg(not(feature = "hydrate"))]
        let _ = (&ev, lang, &copy_text);
    };
    view! {
        <div class="receipt-guard" on:click=on_click on:submit=move |_| kept.set_value(true)>
            {children()}
        </div>
    }
}

#[cfg(feature = "hydrate")]
mod receipt_copy {
    use super::*;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::prelude::*;

    fn say(lang: Lang, key: &str) {
        if let Some(p) = document().get_element_by_id("receipt-copied") {
            p.set_text_content(Some(&tr!(lang, key)));
        }
    }

    /// A click in the card: on the copy button, the code and key go to the clipboard.
    pub fn on_click(lang: Lang, text: &str, kept: StoredValue<bool>, ev: &leptos::ev::MouseEvent) {
        let on_button = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("#receipt-copy").ok().flatten())
            .is_some();
        if !on_button {
            return;
        }
        let navigator = window().navigator();
        // Only on a secure page (https, or this machine) does the browser give a clipboard.
        let has_clipboard =
            web_sys::js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard"))
                .is_ok_and(|c| !c.is_undefined() && !c.is_null());
        if !has_clipboard {
            say(lang, "receipt.copy_failed");
            return;
        }
        let done = Closure::<dyn FnMut(JsValue)>::new(move |_| {
            kept.set_value(true);
            say(lang, "receipt.copied");
        });
        let failed = Closure::<dyn FnMut(JsValue)>::new(move |_| say(lang, "receipt.copy_failed"));
        let _ = navigator.clipboard().write_text(text).then2(&done, &failed);
        done.forget();
        failed.forget();
    }
}

fn status_view(
    lang: Lang,
    c: PublicComplaint,
    notes: Notes,
    fresh_key: Option<FreshReceipt>,
    forms: Forms,
) -> impl IntoView {
    let feedback_state = forms.feedback;
    let feedback = c
        .reopen_until
        .filter(|_| !c.feedback_given)
        .map(|until| feedback_form(lang, &c.tracking_code, until, feedback_state.clone()));
    let refused = feedback_state
        .filter(|s| feedback.is_none() && !s.error.is_empty())
        .map(|s| {
            view! {
                <div class="notice error" role="alert">
                    <p>{tr!(lang, &format!("error.{}", s.error))}</p>
                    {(!s.comment.trim().is_empty()).then(|| view! { <p class="reply">{s.comment.clone()}</p> })}
                </div>
            }
        });
    let erase = c
        .identity_erasable
        .then(|| erase_form(lang, &c.tracking_code, forms.erase.clone()));
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
    let key = fresh_key.map(|r| receipt_card(lang, &c.tracking_code, &grouped, r));
    let merged = c.merged.then(|| {
        view! {
            <div class="notice" role="status">
                <p>{tr!(lang, "track.merged")}</p>
            </div>
        }
    });
    let next_due = c.next_due.map(|d| {
        view! {
            <p class="next-due">{tr!(lang, &format!("track.due.{}", c.status), date = lang.date_long(d))}</p>
        }
    });
    let has_receipt = key.is_some();
    view! {
        {notes.fresh.then(|| view! {
            <div class="notice ok" role="status">
                <p><strong>{tr!(lang, "track.saved")}</strong></p>
                // The receipt below says what to keep; without it, the code is all there is.
                {(!has_receipt).then(|| view! { <p>{tr!(lang, "track.keep_code")}</p> })}
            </div>
        })}
        {notes.reopened.then(|| view! { <p class="notice ok" role="status">{tr!(lang, "track.reopened")}</p> })}
        {notes.thanked.then(|| view! { <p class="notice ok" role="status">{tr!(lang, "track.feedback_thanks")}</p> })}
        {notes.erased.then(|| view! { <p class="notice ok" role="status">{tr!(lang, "track.identity_erased")}</p> })}
        {notes.answered.then(|| view! { <p class="notice ok" role="status">{tr!(lang, "track.answered")}</p> })}
        {notes.added.then(|| view! { <p class="notice ok" role="status">{tr!(lang, "track.added")}</p> })}
        {refused}
        // Right after filing, the receipt comes first, the code on it with the key.
        {key}
        <h1>{tr!(lang, "track.status_of")}</h1>
        {(!has_receipt).then(|| view! { <p class="tracking-code" aria-label=tr!(lang, "track.code")>{grouped.clone()}</p> })}
        {awaiting}
        {merged}
        <section class="card">
            <p class="status-now">
                {tr!(lang, "track.status")} ": "
                <strong class=format!("status status-{}", c.status)>{tr!(lang, &format!("status.{}", c.status))}</strong>
            </p>
            {next_due}
            {(!c.identity_opened.is_empty()).then(|| {
                let times = c.identity_opened.iter().map(|t| fmt_wib(*t)).collect::<Vec<_>>().join("; ");
                view! {
                    <div class="notice identity-opened" role="status">
                        <p><strong>{tr!(lang, "track.identity_opened", times = times)}</strong></p>
                        <p class="hint">{tr!(lang, "track.identity_opened_why")}</p>
                    </div>
                }
            })}
            {c.outcome.as_ref().map(|o| view! {
                <div class=format!("outcome-public finding-{}", o.finding.code())>
                    <h2>{tr!(lang, "outcome.reporter.title")}</h2>
                    <p><strong>{crate::complaints::domain::outcome::plain_words(lang, o.finding, &o.actions)}</strong></p>
                </div>
            })}
            <dl class="facts">
                <dt>{tr!(lang, "track.category")}</dt><dd>{tr!(lang, &format!("category.{}", c.category))}</dd>
                <dt>{tr!(lang, "track.unit")}</dt><dd>{c.unit_name.clone()}</dd>
                <dt>{tr!(lang, "track.created")}</dt><dd>{fmt_wib(c.created_at)}</dd>
                <dt>{tr!(lang, "track.updated")}</dt><dd>{fmt_wib(c.updated_at)}</dd>
            </dl>
        </section>
        {feedback}
        <h2 id="riwayat">{tr!(lang, "track.history")}</h2>
        <ol class="timeline">{events}</ol>
        {writing}
        {erase}
        <p class="hint">{tr!(lang, "track.next")}</p>
    }
}
