//! The report form: plain HTML that works without JavaScript, checked in the browser by a
//! small island once hydrated.

use crate::complaints::domain::{
    Category, FIELDS, FORM_TOKEN_FIELD, HONEYPOT_FIELD, MAX_DETAIL_CHARS, MAX_FILE_BYTES,
    MAX_FILES, MAX_WHAT_CHARS, Mode,
};
use crate::complaints::server_fns::load_complaint_form;
use crate::complaints::view::ComplaintFormState;
use crate::i18n::Lang;
use crate::tr;
use crate::web::escape::textarea_text;
use crate::web::page::internal_error;
use crate::web::page::{IslandScripts, use_lang};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The id of the element showing a field's error.
fn err_id(field: &str) -> String {
    format!("err-{}", field.replace('.', "-"))
}

/// The id of a field's input.
fn input_id(field: &str) -> String {
    format!("f-{}", field.replace('.', "-"))
}

/// Fields whose errors the island shows, besides the form fields.
const EXTRA_FIELDS: [&str; 2] = ["files", "form"];

/// `/lapor`: the complaint form.
#[component]
pub fn ComplaintPage() -> impl IntoView {
    let lang = use_lang();
    let state = use_context::<ComplaintFormState>().unwrap_or_default();
    let query = use_query_map().read_untracked();
    let preset_unit = query.get("unit").unwrap_or_default();
    let data = Resource::new(|| (), |_| load_complaint_form());
    view! {
        <Title text=tr!(lang, "complaint.title")/>
        {crate::web::page::description(tr!(lang, "meta.report"))}
        <h1>{tr!(lang, "complaint.title")}</h1>
        <p class="lead">{tr!(lang, "complaint.lead")}</p>
        <Suspense fallback=|| ()>
            {move || {
                let state = state.clone();
                let preset_unit = preset_unit.clone();
                Suspend::new(async move {
                    match data.await {
                        Ok(d) => view! {
                            <ComplaintFormEnhance lang>
                                {form_fields(lang, &d.units, &state.token.clone().unwrap_or(d.token), d.today, state, preset_unit)}
                            </ComplaintFormEnhance>
                            <IslandScripts/>
                        }
                        .into_any(),
                        Err(e) => internal_error(lang, &e).into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// The form's fields, rendered on the server with the typed values and errors.
fn form_fields(
    lang: Lang,
    units: &[crate::units::domain::UnitView],
    token: &str,
    today: chrono::NaiveDate,
    state: ComplaintFormState,
    preset_unit: String,
) -> impl IntoView + use<> {
    let ComplaintFormState { values, errors, .. } = state;
    let value = |f: &str| values.get(f).cloned().unwrap_or_default();
    let error_of = |f: &str| {
        errors
            .iter()
            .find(|(field, _)| field == f)
            .map(|(_, code)| tr!(lang, &format!("error.{code}")))
    };
    let slot = |f: &str| {
        let msg = error_of(f);
        let hidden = msg.is_none();
        view! { <p class="field-error" id=err_id(f) hidden=hidden>{msg.unwrap_or_default()}</p> }
    };
    let unit_now = if values.contains_key("unit_code") {
        value("unit_code")
    } else {
        preset_unit
    };
    let unit_options = {
        let mut opts = vec![
            view! { <option value="">{tr!(lang, "complaint.choose_unit")}</option> }.into_any(),
        ];
        let parents: Vec<_> = units.iter().filter(|u| u.parent_code.is_none()).collect();
        for p in parents {
            opts.push(view! { <option value=p.code.clone() selected=unit_now == p.code>{p.name.clone()}</option> }.into_any());
            for c in units
                .iter()
                .filter(|u| u.parent_code.as_deref() == Some(p.code.as_str()))
            {
                let label = format!("\u{2014} {}", c.name);
                opts.push(view! { <option value=c.code.clone() selected=unit_now == c.code>{label}</option> }.into_any());
            }
        }
        opts
    };
    let service_now = value("service_code");
    let service_groups = units
        .iter()
        .filter(|u| !u.services.is_empty())
        .map(|u| {
            let opts = u
                .services
                .iter()
                .map(|s| view! { <option value=s.code.clone() data-unit=u.code.clone() selected=service_now == s.code>{s.name.clone()}</option> })
                .collect_view();
            view! { <optgroup label=u.name.clone()>{opts}</optgroup> }
        })
        .collect_view();
    let category_now = value("category");
    let categories = Category::ALL
        .into_iter()
        .map(|c| {
            let code = c.code();
            view! {
                <label class="choice option">
                    <input type="radio" name="category" value=code checked=category_now == code/>
                    <span>
                        <strong>{tr!(lang, &format!("category.{code}"))}</strong>
                        <small>{tr!(lang, &format!("category.{code}.hint"))}</small>
                    </span>
                </label>
            }
        })
        .collect_view();
    let mode_now = value("mode");
    let modes = Mode::ALL
        .into_iter()
        .map(|m| {
            let code = m.code();
            view! {
                <label class="choice option">
                    <input type="radio" name="mode" value=code checked=mode_now == code/>
                    <span>
                        <strong>{tr!(lang, &format!("mode.{code}"))}</strong>
                        <small>{tr!(lang, &format!("mode.{code}.explain"))}</small>
                    </span>
                </label>
            }
        })
        .collect_view();
    let text_input = |f: &'static str,
                      label: &'static str,
                      hint: Option<&'static str>,
                      multiline: bool| {
        let id = input_id(f);
        let invalid = error_of(f).is_some().then_some("true");
        let field = if multiline {
            view! {
                    <textarea id=id.clone() name=f rows="4" maxlength=MAX_DETAIL_CHARS.to_string()
                        aria-invalid=invalid aria-describedby=err_id(f)>{textarea_text(value(f))}</textarea>
                }
                .into_any()
        } else {
            view! {
                <input id=id.clone() name=f type="text" maxlength=MAX_DETAIL_CHARS.to_string()
                    aria-invalid=invalid aria-describedby=err_id(f) value=value(f)/>
            }
            .into_any()
        };
        view! {
            <label for=id class="block">{tr!(lang, label)}</label>
            {hint.map(|h| view! { <p class="hint">{tr!(lang, h)}</p> })}
            {slot(f)}
            {field}
        }
    };
    // A refusal of the whole form ("form": not stored now) shows in its own slot, not as a
    // field to fix.
    let n_errors = errors.iter().filter(|(f, _)| f != "form").count();
    let max_mb = (MAX_FILE_BYTES / (1024 * 1024)).to_string();
    view! {
        <div class="error-summary" id="err-summary" role="alert" hidden=n_errors == 0>
            {(n_errors > 0).then(|| tr!(lang, "complaint.error_summary", count = n_errors))}
        </div>
        {slot("form")}
        // The unit first, then how the person wants to be known: it decides what they are
        // willing to write below.
        <fieldset class="section">
            <legend>{tr!(lang, "complaint.section.unit")}</legend>
            <label for=input_id("unit_code") class="block">{tr!(lang, "complaint.unit")}</label>
            {slot("unit_code")}
            <select id=input_id("unit_code") name="unit_code" required>{unit_options}</select>
            <label for=input_id("service_code") class="block">{tr!(lang, "complaint.service")}</label>
            {slot("service_code")}
            <select id=input_id("service_code") name="service_code">
                <option value="">{tr!(lang, "complaint.service_none")}</option>
                {service_groups}
            </select>
        </fieldset>
        <fieldset class="section" id=input_id("mode")>
            <legend>{tr!(lang, "complaint.section.identity")}</legend>
            <p class="hint">{tr!(lang, "complaint.identity_lead")}</p>
            {slot("mode")}
            {modes}
        </fieldset>
        <fieldset class="section" id="reporter-fields">
            <legend>{tr!(lang, "complaint.section.contact")}</legend>
            <p class="hint">{tr!(lang, "complaint.contact_hint")}</p>
            <label for=input_id("reporter.name") class="block">{tr!(lang, "complaint.name")}</label>
            {slot("reporter.name")}
            <input id=input_id("reporter.name") name="reporter.name" type="text" autocomplete="name" value=value("reporter.name")/>
            <label for=input_id("reporter.email") class="block">{tr!(lang, "complaint.email")}</label>
            <p class="hint">{tr!(lang, "complaint.email_hint")}</p>
            {slot("reporter.email")}
            <input id=input_id("reporter.email") name="reporter.email" type="email" autocomplete="email" inputmode="email" value=value("reporter.email")/>
            <label for=input_id("reporter.phone") class="block">{tr!(lang, "complaint.phone")}</label>
            {slot("reporter.phone")}
            <input id=input_id("reporter.phone") name="reporter.phone" type="tel" autocomplete="tel" value=value("reporter.phone")/>
        </fieldset>
        <fieldset class="section" id=input_id("category")>
            <legend>{tr!(lang, "complaint.section.category")}</legend>
            {slot("category")}
            {categories}
        </fieldset>
        <fieldset class="section">
            <legend>{tr!(lang, "complaint.section.what")}</legend>
            {text_input("who", "complaint.who", Some("complaint.who_hint"), false)}
            <label for=input_id("what") class="block">{tr!(lang, "complaint.what")}</label>
            <p class="hint">{tr!(lang, "complaint.what_hint")}</p>
            {slot("what")}
            <textarea id=input_id("what") name="what" rows="6" required maxlength=MAX_WHAT_CHARS.to_string()
                aria-invalid=error_of("what").is_some().then_some("true") aria-describedby=err_id("what")>{textarea_text(value("what"))}</textarea>
            {text_input("where", "complaint.where", None, false)}
            {text_input("when", "complaint.when", Some("complaint.when_hint"), false)}
            <label for=input_id("incident_date") class="block">{tr!(lang, "complaint.incident_date")}</label>
            {slot("incident_date")}
            <input id=input_id("incident_date") name="incident_date" type="date" max=today.to_string() value=value("incident_date")/>
            {text_input("how", "complaint.how", Some("complaint.how_hint"), true)}
        </fieldset>
        <fieldset class="section">
            <legend>{tr!(lang, "complaint.section.evidence")}</legend>
            <label for=input_id("files") class="block">{tr!(lang, "complaint.files")}</label>
            <p class="hint">{tr!(lang, "complaint.files_hint", count = MAX_FILES, mb = max_mb)}</p>
            {slot("files")}
            {(!errors.is_empty()).then(|| view! { <p class="hint warn">{tr!(lang, "complaint.files_again")}</p> })}
            <input id=input_id("files") name="files" type="file" multiple
                accept="image/jpeg,image/png,image/webp,application/pdf"/>
        </fieldset>
        <div class="hp" aria-hidden="true">
            <label>"Website" <input name=HONEYPOT_FIELD type="text" tabindex="-1" autocomplete="off"/></label>
        </div>
        <input type="hidden" name=FORM_TOKEN_FIELD value=token.to_string()/>
        <p class="hint">{tr!(lang, "complaint.privacy")}</p>
        <button type="submit" class="button primary" id="send">{tr!(lang, "complaint.submit")}</button>
    }
}

/// Wraps the server-rendered form. Once hydrated it hides the contact fields for anonim
/// (disabling them, so nothing of them is sent), checks the report with the same domain
/// rules as the server, checks file count and size before a slow upload starts, and lists
/// only the chosen unit's services.
#[island]
pub fn ComplaintFormEnhance(lang: Lang, children: Children) -> impl IntoView {
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        enhance::sync_mode();
        enhance::sync_services();
    });
    let on_change = move |_ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        {
            enhance::sync_mode();
            enhance::sync_services();
        }
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        enhance::check(lang, &ev);
        #[cfg(not(feature = "hydrate"))]
        let _ = (&ev, lang, FIELDS, EXTRA_FIELDS);
    };
    view! {
        <form class="complaint" method="post" action="/lapor" enctype="multipart/form-data" novalidate
            on:change=on_change on:submit=on_submit>
            {children()}
        </form>
    }
}

#[cfg(feature = "hydrate")]
mod enhance {
    use super::*;
    use wasm_bindgen::JsCast;

    fn el(id: &str) -> Option<web_sys::Element> {
        document().get_element_by_id(id)
    }

    /// Shows the contact fields unless anonim is chosen.
    pub fn sync_mode() {
        let anonim = document()
            .query_selector("input[name='mode'][value='anonim']")
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
            .is_some_and(|i| i.checked());
        if let Some(fs) = el("reporter-fields") {
            if anonim {
                let _ = fs.set_attribute("hidden", "");
                let _ = fs.set_attribute("disabled", "");
            } else {
                let _ = fs.remove_attribute("hidden");
                let _ = fs.remove_attribute("disabled");
            }
        }
    }

    /// Lists only the chosen unit's services (every service with no unit chosen); a service
    /// of another unit chosen before is let go. Without JavaScript the list is grouped by
    /// unit instead.
    pub fn sync_services() {
        let select = |id: &str| {
            el(&input_id(id)).and_then(|e| e.dyn_into::<web_sys::HtmlSelectElement>().ok())
        };
        let (Some(unit), Some(services)) = (select("unit_code"), select("service_code")) else {
            return;
        };
        let unit = unit.value();
        let Ok(groups) = services.query_selector_all("optgroup") else {
            return;
        };
        for i in 0..groups.length() {
            let Some(group) = groups
                .item(i)
                .and_then(|g| g.dyn_into::<web_sys::Element>().ok())
            else {
                continue;
            };
            let of_unit = group
                .query_selector(&format!("option[data-unit='{unit}']"))
                .ok()
                .flatten()
                .is_some();
            if unit.is_empty() || of_unit {
                let _ = group.remove_attribute("hidden");
                let _ = group.remove_attribute("disabled");
            } else {
                let _ = group.set_attribute("hidden", "");
                let _ = group.set_attribute("disabled", "");
            }
        }
        let chosen_elsewhere = services
            .selected_options()
            .item(0)
            .and_then(|o| o.get_attribute("data-unit"))
            .is_some_and(|of| !unit.is_empty() && of != unit);
        if chosen_elsewhere {
            services.set_value("");
        }
    }

    fn show(field: &str, msg: Option<String>) {
        if let Some(slot) = el(&err_id(field)) {
            slot.set_text_content(msg.as_deref());
            if msg.is_some() {
                let _ = slot.remove_attribute("hidden");
            } else {
                let _ = slot.set_attribute("hidden", "");
            }
        }
        if let Some(input) = el(&input_id(field)) {
            if msg.is_some() {
                let _ = input.set_attribute("aria-invalid", "true");
            } else {
                let _ = input.remove_attribute("aria-invalid");
            }
        }
    }

    /// A service chosen from another unit than the one chosen (each option names its unit).
    fn service_problem() -> Option<&'static str> {
        let select = el(&input_id("service_code"))?
            .dyn_into::<web_sys::HtmlSelectElement>()
            .ok()?;
        let unit = el(&input_id("unit_code"))?
            .dyn_into::<web_sys::HtmlSelectElement>()
            .ok()?
            .value();
        let chosen = select.selected_options().item(0)?;
        let of = chosen.get_attribute("data-unit")?;
        (!unit.is_empty() && of != unit).then_some("service_not_in_unit")
    }

    fn file_problem() -> Option<&'static str> {
        let input = el(&input_id("files"))?
            .dyn_into::<web_sys::HtmlInputElement>()
            .ok()?;
        let files = input.files()?;
        if files.length() as usize > MAX_FILES {
            return Some("too_many_files");
        }
        (0..files.length())
            .filter_map(|i| files.get(i))
            .any(|f| f.size() > MAX_FILE_BYTES as f64)
            .then_some("file_too_large")
    }

    /// Checks the report; on problems, stops the submit and shows them by their fields.
    pub fn check(lang: Lang, ev: &leptos::ev::SubmitEvent) {
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
        let raw = crate::complaints::domain::RawComplaint::from_pairs(
            pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        );
        // The server wrote today's date (WIB) as the date field's `max`.
        let today = el(&input_id("incident_date"))
            .and_then(|i| i.get_attribute("max"))
            .and_then(|m| crate::complaints::domain::parse_ymd(&m));
        let mut errs: Vec<(String, &'static str)> = match raw.parse(today) {
            Ok(_) => Vec::new(),
            Err(es) => es
                .into_iter()
                .map(|e| (e.field.to_string(), e.code))
                .collect(),
        };
        if let Some(code) = service_problem() {
            errs.push(("service_code".into(), code));
        }
        if let Some(code) = file_problem() {
            errs.push(("files".into(), code));
        }
        for f in FIELDS.iter().chain(EXTRA_FIELDS.iter()) {
            let msg = errs
                .iter()
                .find(|(field, _)| field == f)
                .map(|(_, code)| tr!(lang, &format!("error.{code}")));
            show(f, msg);
        }
        if let Some(summary) = el("err-summary") {
            if errs.is_empty() {
                let _ = summary.set_attribute("hidden", "");
            } else {
                summary.set_text_content(Some(&tr!(
                    lang,
                    "complaint.error_summary",
                    count = errs.len()
                )));
                let _ = summary.remove_attribute("hidden");
            }
        }
        if let Some((first, _)) = errs.first() {
            ev.prevent_default();
            if let Some(e) = el(&err_id(first)) {
                e.scroll_into_view();
            }
        } else if let Some(b) = el("send") {
            let _ = b.set_attribute("disabled", "");
            b.set_text_content(Some(&tr!(lang, "complaint.sending")));
        }
    }
}
