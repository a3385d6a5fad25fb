//! Survey pages: the questionnaire (an island: it works as a plain form and validates in the
//! browser once hydrated), the thank-you page and the public index table.

use super::domain::{EDUCATION_LEVELS, ELEMENT_COUNT, Element, MAX_SUGGESTION_CHARS, OCCUPATIONS};
use super::index_view::{ci_line, grade_badge, period_range, sample_line};
use super::questionnaire::wording;
use super::server_fns::{SurveyTarget, load_index_table, load_survey_service, load_thanks};
use super::view::FormState;
use crate::i18n::Lang;
use crate::tr;
use crate::web::escape::textarea_text;
#[cfg(feature = "ssr")]
use crate::web::page::set_status;
use crate::web::page::{IslandScripts, internal_error, use_lang};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// Names of every field the form posts.
const FIELDS: [&str; 14] = [
    "U1",
    "U2",
    "U3",
    "U4",
    "U5",
    "U6",
    "U7",
    "U8",
    "U9",
    "gender",
    "age",
    "education",
    "occupation",
    "suggestion",
];

/// `/s/{code}`: the questionnaire of one service.
#[component]
pub fn SurveyPage() -> impl IntoView {
    let lang = use_lang();
    let code = use_params_map()
        .read_untracked()
        .get("code")
        .unwrap_or_default();
    let state = use_context::<FormState>().unwrap_or_default();
    // One id per filled-in form, kept when the server sends it back: a form posted twice
    // (a double tap, a retry after a timeout) counts once.
    #[cfg(feature = "ssr")]
    let submission_id = state
        .values
        .get("submission_id")
        .cloned()
        .unwrap_or_else(super::submit::new_submission_id);
    #[cfg(not(feature = "ssr"))]
    let submission_id = String::new();
    let service = Resource::new(move || code.clone(), load_survey_service);
    view! {
        <Title text=tr!(lang, "survey.title")/>
        {crate::web::page::description(tr!(lang, "meta.survey"))}
        <Suspense fallback=|| ()>
            {move || {
                let state = state.clone();
                let submission_id = submission_id.clone();
                Suspend::new(async move {
                    match service.await {
                        Ok(SurveyTarget::Open(s)) => view! {
                            <p class="eyebrow">{s.unit_name.clone()}</p>
                            <h1>{s.name.clone()}</h1>
                            <p class="lead">{tr!(lang, "survey.intro")}</p>
                            <SurveyForm service_code=s.code.clone() lang state submission_id action=format!("/s/{}", s.code) kiosk_idle_secs=0/>
                            <IslandScripts/>
                            <OfflineScript/>
                        }
                        .into_any(),
                        Ok(SurveyTarget::Retired(s)) => {
                            // Gone for good: the poster is old, not mistyped.
                            #[cfg(feature = "ssr")]
                            set_status(axum::http::StatusCode::GONE);
                            view! {
                                <p class="eyebrow">{s.unit_name.clone()}</p>
                                <h1>{s.name.clone()}</h1>
                                <p class="notice">{tr!(lang, "survey.retired", unit = s.unit_name.clone())}</p>
                                <p><a class="button" href=format!("/layanan#unit-{}", s.unit_code)>{tr!(lang, "survey.retired_other")}</a></p>
                                <p><a href=format!("/ikm/tren/{}", s.unit_code)>{tr!(lang, "survey.retired_index", unit = s.unit_name.clone())}</a></p>
                            }
                            .into_any()
                        }
                        Ok(SurveyTarget::Unknown) => {
                            #[cfg(feature = "ssr")]
                            set_status(axum::http::StatusCode::NOT_FOUND);
                            view! {
                                <h1>{tr!(lang, "error.not_found")}</h1>
                                <p class="notice">{tr!(lang, "survey.not_found")}</p>
                                <p><a class="button" href="/layanan">{tr!(lang, "home.find")}</a></p>
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

/// The script that registers the survey's service worker (`app/js/sw.js`, see there) and
/// sends the answers this device kept while it was offline; `keep` names pages (space
/// separated) the device keeps for when it is offline, beyond the survey's own.
#[component]
pub fn OfflineScript(#[prop(optional)] keep: &'static str) -> impl IntoView {
    let nonce = leptos::nonce::use_nonce();
    let src = crate::web::assets::current().offline;
    view! { <script src=src defer nonce=nonce data-keep=keep></script> }
}

/// `/tersimpan`: where the service worker sends a person whose answers could not reach the
/// server: they are kept on the device and will be sent by themselves. The message changes
/// when they are sent while the page is open.
#[component]
pub fn SavedPage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <Title text=tr!(lang, "offline.title")/>
        {crate::web::page::description(tr!(lang, "meta.saved"))}
        <h1>{tr!(lang, "offline.title")}</h1>
        <p id="offline-state" class="notice" role="status" data-sent=tr!(lang, "offline.sent")>
            {tr!(lang, "offline.saved")}
        </p>
        <p><a class="button" href="/layanan">{tr!(lang, "thanks.again")}</a></p>
        <OfflineScript/>
    }
}

/// The questionnaire form. Without JavaScript it is a plain POST that the server checks;
/// hydrated, the same domain rules run before sending and errors appear next to the fields.
/// On a kiosk, hydrated, it shows one question per screen (a touch on an answer moves on)
/// and sends the tablet back to its start after `kiosk_idle_secs` without a touch.
#[island]
pub fn SurveyForm(
    service_code: String,
    lang: Lang,
    state: FormState,
    submission_id: String,
    /// Where the form posts: `/s/{service}` on a phone, `/kios` on a kiosk.
    action: String,
    /// 0 on a phone; on a kiosk, the seconds an untouched form waits before starting again.
    kiosk_idle_secs: u32,
) -> impl IntoView {
    let FormState { values, errors } = state;
    let errors = RwSignal::new(errors);
    let submitting = RwSignal::new(false);
    let kiosk = kiosk_idle_secs > 0;
    // A kiosk's screens once hydrated: 0 to 8 one question each, 9 the rest of the form.
    // Before hydration (or without JavaScript) every question shows, as on a phone.
    let stepped = RwSignal::new(false);
    let step = RwSignal::new(0_usize);
    let answered = RwSignal::new(Element::ALL.map(|e| values.contains_key(e.code())));
    let poke = idle_timer(kiosk_idle_secs);
    Effect::new(move |_| {
        if kiosk {
            stepped.set(true);
            poke();
        }
    });
    let error_of = move |field: &'static str| {
        move || {
            errors.with(|es| {
                es.iter().find(|e| e.field == field).map(|e| {
                    let key = format!("error.{}", e.code);
                    view! { <p class="field-error" id=format!("{field}-error")>{tr!(lang, &key)}</p> }
                })
            })
        }
    };
    let has_error =
        move |field: &'static str| move || errors.with(|es| es.iter().any(|e| e.field == field));
    let clear =
        move |field: &'static str| move |_| errors.update(|es| es.retain(|e| e.field != field));
    let value = |field: &str| values.get(field).cloned().unwrap_or_default();

    let questions = Element::ALL
        .into_iter()
        .enumerate()
        .map(|(i, e)| {
            let code = e.code();
            let on_change = move |_| {
                errors.update(|es| es.retain(|er| er.field != code));
                if kiosk {
                    answered.update(|a| a[i] = true);
                    // The next question after a moment, so the person sees the touch taken.
                    #[cfg(feature = "hydrate")]
                    set_timeout(
                        move || {
                            if step.get_untracked() == i {
                                step.set(i + 1);
                            }
                        },
                        std::time::Duration::from_millis(350),
                    );
                }
            };
            let w = wording(e, lang);
            let current = value(code);
            let choices = (1..=4_u8)
                .map(|s| {
                    let v = s.to_string();
                    let checked = current == v;
                    view! {
                        <label class="choice">
                            <input type="radio" name=code value=v checked=checked/>
                            <span class="score">{s}</span>
                            <span>{w.answers[usize::from(s) - 1]}</span>
                        </label>
                    }
                })
                .collect_view();
            view! {
                <fieldset class="q" id=format!("q-{code}") class:invalid=has_error(code)
                    class:off=move || stepped.get() && step.get() != i on:change=on_change>
                    <legend>
                        <span class="unsur">{code} " · " {w.name}</span>
                        <span class="question">{tr!(lang, "survey.question_prefix")} " " {w.question} "?"</span>
                    </legend>
                    {error_of(code)}
                    <div class="choices">{choices}</div>
                </fieldset>
            }
        })
        .collect_view();

    let option_list =
        move |prefix: &'static str, items: &'static [&'static str], current: String| {
            let mut opts =
                vec![view! { <option value="">{tr!(lang, "survey.choose")}</option> }.into_any()];
            opts.extend(items.iter().map(|item| {
                let label = tr!(lang, &format!("{prefix}.{item}"));
                view! { <option value=*item selected=current == *item>{label}</option> }.into_any()
            }));
            opts
        };

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        {
            use super::domain::RawSurvey;
            use wasm_bindgen::JsCast;
            let Some(form) = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok())
            else {
                return;
            };
            let Ok(data) = web_sys::FormData::new_with_form(&form) else {
                return;
            };
            let pairs: Vec<(String, String)> = FIELDS
                .iter()
                .filter_map(|f| data.get(f).as_string().map(|v| (f.to_string(), v)))
                .collect();
            match RawSurvey::from_form(&pairs).parse() {
                Ok(_) => submitting.set(true),
                Err(es) => {
                    ev.prevent_default();
                    let first = es[0].field();
                    errors.set(es.iter().map(super::view::FieldError::from).collect());
                    if stepped.get_untracked() {
                        step.set(
                            Element::ALL
                                .iter()
                                .position(|e| e.code() == first)
                                .unwrap_or(ELEMENT_COUNT),
                        );
                    }
                    let target = if Element::from_code(&first).is_some() {
                        format!("q-{first}")
                    } else {
                        first
                    };
                    if let Some(el) = document().get_element_by_id(&target) {
                        el.scroll_into_view();
                    }
                }
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, FIELDS);
    };

    // Every refused field named, each a link to it.
    let summary = move || {
        errors.with(|es| {
            // Nothing to fix in the answers: the message alone (the database could not store
            // them now; every answer is still marked).
            if let Some(e) = es.iter().find(|e| e.field == "form") {
                return Some(
                    view! {
                        <div class="error-summary" role="alert">
                            <p>{tr!(lang, &format!("error.{}", e.code))}</p>
                        </div>
                    }
                    .into_any(),
                );
            }
            let n = es.len();
            let items = es
                .iter()
                .map(|e| {
                    let (href, label) = match Element::from_code(&e.field) {
                        Some(el) => (
                            format!("#q-{}", e.field),
                            format!("{} {}", el.code(), wording(el, lang).name),
                        ),
                        None => (
                            format!("#{}", e.field),
                            tr!(lang, &format!("survey.{}", e.field)),
                        ),
                    };
                    view! { <li><a href=href>{label}</a>": " {tr!(lang, &format!("error.{}", e.code))}</li> }
                })
                .collect_view();
            (n > 0).then(|| {
                view! {
                    <div class="error-summary" role="alert">
                        <p>{tr!(lang, "survey.error_summary", count = n)}</p>
                        <ul>{items}</ul>
                    </div>
                }
                .into_any()
            })
        })
    };

    let steps = move || {
        stepped.get().then(|| {
            let s = step.get();
            let label = if s < ELEMENT_COUNT {
                tr!(lang, "kiosk.step", n = s + 1, total = ELEMENT_COUNT)
            } else {
                // The legend below says "Tentang Anda"; the progress says where the citizen is.
                tr!(lang, "kiosk.last_step")
            };
            let last = s >= ELEMENT_COUNT;
            let can_go_on = !last && answered.with(|a| a[s]);
            view! {
                <div class="kiosk-steps">
                    <button type="button" class="button" disabled=s == 0
                        on:click=move |_| step.update(|s| *s = s.saturating_sub(1))>
                        {tr!(lang, "kiosk.back")}
                    </button>
                    <span class="kiosk-progress" aria-live="polite">{label}</span>
                    <button type="button" class="button" class:off=last disabled=!can_go_on
                        on:click=move |_| step.update(|s| *s += 1)>
                        {tr!(lang, "kiosk.next")}
                    </button>
                </div>
            }
        })
    };

    view! {
        <form class="survey" method="post" action=action novalidate on:submit=on_submit
            on:click=move |_| poke() on:input=move |_| poke()>
            <input type="hidden" name="submission_id" value=submission_id/>
            <input type="hidden" name="service_code" value=service_code/>
            {summary}
            {steps}
            {questions}
            <div class="last-step" class:off=move || stepped.get() && step.get() != ELEMENT_COUNT>
            <fieldset class="about">
                <legend>{tr!(lang, "survey.about_you")}</legend>
                <label for="gender">{tr!(lang, "survey.gender")}</label>
                {error_of("gender")}
                <select id="gender" name="gender" on:change=clear("gender")>
                    <option value="">{tr!(lang, "survey.choose")}</option>
                    <option value="L" selected=value("gender") == "L">{tr!(lang, "survey.gender.L")}</option>
                    <option value="P" selected=value("gender") == "P">{tr!(lang, "survey.gender.P")}</option>
                </select>
                <label for="age">{tr!(lang, "survey.age")}</label>
                {error_of("age")}
                <input id="age" name="age" type="text" inputmode="numeric" autocomplete="off" maxlength="3"
                    value=value("age") on:input=clear("age")/>
                <label for="education">{tr!(lang, "survey.education")}</label>
                {error_of("education")}
                <select id="education" name="education" on:change=clear("education")>
                    {option_list("edu", &EDUCATION_LEVELS, value("education"))}
                </select>
                <label for="occupation">{tr!(lang, "survey.occupation")}</label>
                {error_of("occupation")}
                <select id="occupation" name="occupation" on:change=clear("occupation")>
                    {option_list("job", &OCCUPATIONS, value("occupation"))}
                </select>
            </fieldset>
            <label for="suggestion" class="block">{tr!(lang, "survey.suggestion")}</label>
            <p class="hint">{tr!(lang, if kiosk { "survey.suggestion_hint_kiosk" } else { "survey.suggestion_hint" })}</p>
            {error_of("suggestion")}
            <textarea id="suggestion" name="suggestion" rows="3" maxlength=MAX_SUGGESTION_CHARS.to_string()
                on:input=clear("suggestion")>{textarea_text(value("suggestion"))}</textarea>
            <button type="submit" class="button primary" disabled=move || submitting.get()>
                {tr!(lang, "survey.submit")}
            </button>
            </div>
        </form>
    }
}

/// On a kiosk (`secs` > 0), a function to call on every touch: it sends the tablet back to
/// its start `secs` after the last one, so the next person never sees these answers. On a
/// phone it does nothing.
fn idle_timer(secs: u32) -> impl Fn() + Copy + 'static {
    #[cfg(feature = "hydrate")]
    {
        let timer = StoredValue::new(None::<TimeoutHandle>);
        move || {
            if secs == 0 {
                return;
            }
            if let Some(h) = timer.get_value() {
                h.clear();
            }
            let handle = set_timeout_with_handle(
                || {
                    let _ = window().location().set_href(super::kiosk::START);
                },
                std::time::Duration::from_secs(u64::from(secs)),
            );
            timer.set_value(handle.ok());
        }
    }
    #[cfg(not(feature = "hydrate"))]
    move || {
        let _ = secs;
    }
}

/// `/s/{code}/terima-kasih`: confirmation, with the unit's current index and grade.
#[component]
pub fn ThanksPage() -> impl IntoView {
    let lang = use_lang();
    let code = use_params_map()
        .read_untracked()
        .get("code")
        .unwrap_or_default();
    let data = Resource::new(move || code.clone(), load_thanks);
    // `?lapor=1`: staff conduct or complaints handling was rated poorly.
    let offer_report = use_query_map().read_untracked().get("lapor").is_some();
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let thanked = view! {
                    <Title text=tr!(lang, "thanks.title")/>
                    {crate::web::page::description(tr!(lang, "meta.thanks"))}
                    <h1>{tr!(lang, "thanks.title")}</h1>
                    <p class="notice ok" role="status">{tr!(lang, "thanks.saved")}</p>
                    {offer_report.then(|| view! {
                        <p class="offer-report">{tr!(lang, "thanks.offer_report")} " "
                            <a href="/lapor">{tr!(lang, "thanks.offer_report_link")}</a></p>
                    })}
                };
                match data.await {
                    Ok(Some(d)) => {
                        let body = match d.report.index {
                            Some(idx) => view! {
                                <p class="big-index">{idx.ikm.format(lang.decimal_sep())}</p>
                                {ci_line(lang, idx.ikm.to_f64(), idx.ci)}
                                <p>{grade_badge(lang, idx.grade())}</p>
                            }
                            .into_any(),
                            None => view! { <p>{tr!(lang, "thanks.no_index")}</p> }.into_any(),
                        };
                        view! {
                            {thanked}
                            <section class="card">
                                <p>{tr!(lang, "thanks.unit_index", unit = d.unit_name.clone(), year = d.year)}</p>
                                {body}
                                {sample_line(lang, &d.report)}
                                <p><a href=format!("/ikm/{}", d.unit_code)>{tr!(lang, "thanks.unit_page", unit = d.unit_name.clone())}</a></p>
                                <p class="hint"><a href="/ikm#arti-angka">{tr!(lang, "thanks.what_figures")}</a></p>
                            </section>
                        }
                        .into_any()
                    }
                    // No such service: nothing was rated here, so no thanks either.
                    Ok(None) => {
                        #[cfg(feature = "ssr")]
                        set_status(axum::http::StatusCode::NOT_FOUND);
                        view! {
                            <Title text=tr!(lang, "error.not_found")/>
                            <h1>{tr!(lang, "error.not_found")}</h1>
                            <p class="notice">{tr!(lang, "survey.not_found")}</p>
                        }
                        .into_any()
                    }
                    Err(e) => internal_error(lang, &e).into_any(),
                }
            })}
        </Suspense>
        <p><a class="button" href="/layanan">{tr!(lang, "thanks.again")}</a></p>
        <OfflineScript/>
    }
}

/// `/ikm`: every unit's index, grade and sample status for a chosen period.
#[component]
pub fn IndexPage() -> impl IntoView {
    let lang = use_lang();
    let asked = crate::web::unit_list::asked(&use_query_map().read_untracked());
    let table = Resource::new(
        move || asked.clone(),
        |(period, search, page)| load_index_table(period, search, page),
    );
    view! {
        <Title text=tr!(lang, "index.title")/>
        {crate::web::page::description(tr!(lang, "meta.ikm"))}
        <h1>{tr!(lang, "index.title")}</h1>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let t = match table.await {
                    Ok(t) => t,
                    Err(e) => return internal_error(lang, &e).into_any(),
                };
                let options = crate::web::period::period_options(lang, &t.choices, &t.period);
                let shown = crate::web::period::period_label(lang, &t.period);
                let range = period_range(lang, t.from, t.to, t.running_until);
                let rows = t
                    .rows
                    .iter()
                    .map(|row| {
                        let r = &row.report;
                        let figure = match r.index {
                            Some(idx) => view! {
                                <p class="unit-index">
                                    <span class="ikm">{idx.ikm.format(lang.decimal_sep())}</span>
                                    " "
                                    {grade_badge(lang, idx.grade())}
                                </p>
                                {ci_line(lang, idx.ikm.to_f64(), idx.ci)}
                                <details>
                                    <summary>{tr!(lang, "index.elements")}</summary>
                                    <ul class="elements">
                                        {idx.elements.iter().map(|el| view! {
                                            <li>
                                                <span>{el.element.code()} " " {wording(el.element, lang).name}</span>
                                                <span>{match el.ci {
                                                    Some(c) => lang.with_margin(el.index.to_f64(), c.low, c.high),
                                                    None => el.index.format(lang.decimal_sep()),
                                                }}</span>
                                            </li>
                                        }).collect_view()}
                                    </ul>
                                </details>
                            }
                            .into_any(),
                            None if r.responses == 0 => view! { <p class="unit-index muted">{tr!(lang, "index.no_answers")}</p> }.into_any(),
                            None => view! { <p class="unit-index muted">{tr!(lang, "index.none")}</p> }.into_any(),
                        };
                        view! {
                            <li class=format!("unit-card depth-{}", row.depth.min(2)) id=format!("unit-{}", row.code)>
                                <h2><a href=format!("/ikm/{}?periode={}", row.code, t.period)>{row.name.clone()}</a></h2>
                                {figure}
                                // With no answer there is no sample to read with care.
                                {(r.responses > 0).then(|| sample_line(lang, r))}
                                <p class="hint">
                                    <a href=format!("/ikm/{}?periode={}", row.code, t.period)>{tr!(lang, "unit_page.link")}</a>
                                    " · "
                                    <a href=format!("/ikm/tren/{}", row.code)>{tr!(lang, "analytics.trend_link")}</a>
                                </p>
                            </li>
                        }
                    })
                    .collect_view();
                let shown_units = crate::web::unit_list::Shown {
                    path: "/ikm",
                    period: t.period.clone(),
                    query: t.query.clone(),
                    matched: t.matched,
                    page: t.page,
                    pages: t.pages,
                };
                view! {
                    <form method="get" action="/ikm" class="period" role="search">
                        <label for="periode">{tr!(lang, "index.period")}</label>
                        <select id="periode" name="periode">{options}</select>
                        {shown_units.search_field(lang)}
                        <button type="submit" class="button">{tr!(lang, "index.show")}</button>
                    </form>
                    <h2 class="period-shown">{tr!(lang, "index.shown", period = shown)}</h2>
                    <p class="hint">{range}</p>
                    <p class="hint" id="arti-angka">{tr!(lang, "index.explain")}</p>
                    {shown_units.head(lang)}
                    <ul class="units">{rows}</ul>
                    {shown_units.pager(lang)}
                    <p class="hint">{tr!(lang, "index.min_sample_rule")}</p>
                    <p><a href="/statistik">{tr!(lang, "home.see_statistics")}</a></p>
                }
                .into_any()
            })}
        </Suspense>
    }
}

/// The survey's page routes; its forms post to the same paths, in [`super::routes`].
#[component(transparent)]
pub fn SurveyRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    use leptos_router::components::Route;
    use leptos_router::{SsrMode, path};
    view! {
        <Route path=path!("/s/:code") view=SurveyPage ssr=SsrMode::Async/>
        <Route path=path!("/s/:code/terima-kasih") view=ThanksPage ssr=SsrMode::Async/>
        <Route path=path!("/tersimpan") view=SavedPage/>
        <Route path=path!("/ikm") view=IndexPage ssr=SsrMode::Async/>
        <Route path=path!("/kios") view=super::kiosk::pages::KioskPage ssr=SsrMode::Async/>
        <Route path=path!("/kios/daftar/:token") view=super::kiosk::pages::KioskEnrolPage ssr=SsrMode::Async/>
        <Route path=path!("/staf/kios") view=super::kiosk::pages::KioskAdminPage ssr=SsrMode::Async/>
    }
    .into_inner()
}
