//! `/kios`: the survey on a tablet at the counter. The service is chosen first when the
//! kiosk asks about several; then the questionnaire with large answer buttons; then a
//! thank-you screen that returns to the start by itself, so the next citizen never sees the
//! previous answers. A browser that is not an enrolled kiosk is told so.

use super::server_fns::{KioskScreen, load_kiosk};
use super::view::KioskRefusal;
use crate::survey::pages::{OfflineScript, SurveyForm};
use crate::survey::view::FormState;
use crate::tr;
use crate::web::page::{IslandScripts, internal_error, use_lang};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

/// Seconds the thank-you screen stays before the kiosk starts again.
pub const THANKS_SECS: u32 = 8;
/// Seconds an untouched questionnaire stays before the kiosk starts again when the page runs
/// without JavaScript (it reloads itself; with JavaScript the form counts from the last
/// touch, `SUARA_KIOSK_IDLE_SECS`).
pub const IDLE_SECS: u32 = 240;
/// Seconds a held or refused rating's notice stays before the kiosk starts again.
pub const NOTICE_SECS: u32 = 12;
/// What a kiosk keeps for when it is offline: the thank-you screen of a response it kept.
const KEEP: &str = "/kios?tersimpan=1";

/// `/kios`: the kiosk's screens.
#[component]
pub fn KioskPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map().read_untracked();
    let service = query.get("layanan");
    let thanks = query.get("terima-kasih").is_some();
    // Sent here by the service worker: the response is kept on the tablet until it can be sent.
    let saved = query.get("tersimpan").is_some();
    let bad_link = query.get("tautan").is_some();
    // A rating just sent that was held back or refused (the POST shows this page again).
    let notice = use_context::<KioskRefusal>().map(|r| match r {
        KioskRefusal::Held { secs } => (
            tr!(lang, "kiosk.held_title"),
            tr!(lang, "kiosk.held", secs = secs),
            "notice ok",
        ),
        KioskRefusal::Refused { code } => (
            tr!(lang, "kiosk.refused_title"),
            tr!(lang, &format!("error.{code}")),
            "notice error",
        ),
    });
    // Answers refused without JavaScript: the questionnaire again with them.
    let form_state = use_context::<FormState>().unwrap_or_default();
    let data = Resource::new(move || service.clone(), load_kiosk);
    view! {
        <Title text=tr!(lang, "kiosk.title")/>
        {crate::web::page::description(tr!(lang, "meta.kiosk"))}
        <Suspense fallback=|| ()>
            {move || {
                let (notice, form_state) = (notice.clone(), form_state.clone());
                Suspend::new(async move {
                match data.await {
                    Err(e) => internal_error(lang, &e).into_any(),
                    Ok(KioskScreen::NotEnrolled) => view! {
                        <h1>{tr!(lang, "kiosk.title")}</h1>
                        {bad_link.then(|| view! { <p class="notice error" role="alert">{tr!(lang, "kiosk.link_invalid")}</p> })}
                        <p class="notice">{tr!(lang, "kiosk.not_enrolled")}</p>
                        <p><a class="button" href="/layanan">{tr!(lang, "home.find")}</a></p>
                    }
                    .into_any(),
                    Ok(KioskScreen::Revoked) => view! {
                        <h1>{tr!(lang, "kiosk.title")}</h1>
                        <p class="notice error">{tr!(lang, "error.kiosk_revoked")}</p>
                    }
                    .into_any(),
                    Ok(KioskScreen::Ready { report_url, report_qr, .. }) if notice.is_some() => {
                        let (title, message, class) = notice.clone().unwrap_or_default();
                        view! {
                            <Meta http_equiv="refresh" content=format!("{NOTICE_SECS};url={}", super::START)/>
                            <section class="kiosk-thanks" role="status">
                                <h1>{title}</h1>
                                <p class=class>{message}</p>
                                <p>{tr!(lang, "kiosk.back_in", secs = NOTICE_SECS)}</p>
                                <p><a class="button primary" href=super::START>{tr!(lang, "kiosk.start")}</a></p>
                                <ReportQr url=report_url qr=report_qr/>
                            </section>
                        }
                        .into_any()
                    }
                    Ok(KioskScreen::Ready { report_url, report_qr, .. }) if thanks || saved => view! {
                        <Meta http_equiv="refresh" content=format!("{THANKS_SECS};url={}", super::START)/>
                        <section class="kiosk-thanks" role="status">
                            <h1>{tr!(lang, "kiosk.thanks")}</h1>
                            {saved.then(|| view! {
                                <p id="offline-state" class="notice" data-sent=tr!(lang, "offline.sent")>{tr!(lang, "offline.kiosk_saved")}</p>
                            })}
                            <p>{if saved {
                                tr!(lang, "kiosk.back_in", secs = THANKS_SECS)
                            } else {
                                tr!(lang, "kiosk.thanks_lead", secs = THANKS_SECS)
                            }}</p>
                            <p><a class="button primary" href=super::START>{tr!(lang, "kiosk.start")}</a></p>
                            <ReportQr url=report_url qr=report_qr/>
                        </section>
                        <OfflineScript keep=KEEP/>
                    }
                    .into_any(),
                    Ok(KioskScreen::Ready { unit_name, services, chosen: None, .. }) => view! {
                        <p class="eyebrow">{unit_name}</p>
                        <h1>{tr!(lang, "kiosk.choose")}</h1>
                        <ul class="kiosk-services">
                            {services.into_iter().map(|(code, name)| view! {
                                <li><a class="button primary" href=format!("/kios?layanan={code}")>{name}</a></li>
                            }).collect_view()}
                        </ul>
                        <OfflineScript keep=KEEP/>
                    }
                    .into_any(),
                    Ok(KioskScreen::Ready { unit_name, services, chosen: Some((code, name)), submission_id, idle_secs, .. }) => view! {
                        // Without JavaScript only: with it, the form itself starts again after
                        // `idle_secs` without a touch, and never while someone is answering.
                        <noscript><meta http-equiv="refresh" content=format!("{IDLE_SECS};url={}", super::START)/></noscript>
                        <div class="kiosk">
                            <p class="eyebrow">{unit_name}</p>
                            <h1>{name}</h1>
                            {(services.len() > 1).then(|| view! { <p><a href="/kios">{tr!(lang, "kiosk.other_service")}</a></p> })}
                            <p class="lead">{tr!(lang, "survey.intro")}</p>
                            <SurveyForm service_code=code lang state=form_state.clone() submission_id action="/kios".to_string() kiosk_idle_secs=idle_secs/>
                            <IslandScripts/>
                            <OfflineScript keep=KEEP/>
                        </div>
                    }
                    .into_any(),
                }
            })}}
        </Suspense>
    }
}

/// The complaint form's address as a QR code, for a citizen who would rather report a staff
/// member's conduct from their own phone than at the counter's tablet.
#[component]
fn ReportQr(url: String, qr: String) -> impl IntoView {
    let lang = use_lang();
    view! {
        <aside class="kiosk-report">
            // Drawn by the server from the address (`poster::qr_svg`), never from input.
            <figure class="qr" inner_html=qr></figure>
            <p>{tr!(lang, "kiosk.report_qr")}<br/><span class="mono">{url}</span></p>
        </aside>
    }
}

/// `/kios/daftar/{token}`: what an enrolment link opens. It names the kiosk and asks the
/// person holding the tablet to confirm; only the confirming POST spends the link, so a
/// chat app's link preview or a mail scanner that fetches it changes nothing.
#[component]
pub fn KioskEnrolPage() -> impl IntoView {
    use super::server_fns::load_enrol_preview;
    use leptos_router::hooks::use_params_map;
    let lang = use_lang();
    let token = use_params_map()
        .read_untracked()
        .get("token")
        .unwrap_or_default();
    let data = Resource::new(move || token.clone(), load_enrol_preview);
    view! {
        <Title text=tr!(lang, "kiosk.confirm_title")/>
        <Meta name="robots" content="noindex"/>
        <h1>{tr!(lang, "kiosk.confirm_title")}</h1>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => internal_error(lang, &e).into_any(),
                    Ok(None) => view! {
                        <p class="notice error" role="alert">{tr!(lang, "kiosk.link_invalid")}</p>
                    }
                    .into_any(),
                    Ok(Some(p)) => {
                        let token = use_params_map().read_untracked().get("token").unwrap_or_default();
                        view! {
                            <p class="lead">{tr!(lang, "kiosk.confirm_lead", kiosk = p.kiosk_name, unit = p.unit_name)}</p>
                            <p class="hint">{tr!(lang, "kiosk.confirm_hint")}</p>
                            <form method="post" action=format!("/kios/daftar/{token}")>
                                <button type="submit" class="button primary">{tr!(lang, "kiosk.confirm_button")}</button>
                            </form>
                        }
                        .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// `/staf/kios`: the kiosks of an admin's or a unit officer's units: register one (its
/// enrolment link and QR code shown once), see each one's last contact and responses today,
/// revoke one.
#[component]
pub fn KioskAdminPage() -> impl IntoView {
    use super::server_fns::load_kiosk_admin;
    use super::view::{KioskFormState, KioskShown};
    let lang = use_lang();
    let shown = use_context::<KioskShown>();
    let refused = use_context::<KioskFormState>().unwrap_or_default();
    let revoked = use_query_map().read_untracked().get("dicabut").is_some();
    let chosen_unit = use_query_map().read_untracked().get("unit");
    let data = Resource::new(|| (), |_| load_kiosk_admin());
    view! {
        <Title text=tr!(lang, "section.kiosks")/>
        <h1>{tr!(lang, "section.kiosks")}</h1>
        <p class="lead">{tr!(lang, "kiosk.admin_lead")}</p>
        {revoked.then(|| view! { <p class="notice ok" role="status">{tr!(lang, "kiosk.revoked_done")}</p> })}
        {shown.map(|s| view! {
            <section class="card kiosk-enrol" role="status">
                <h2>{tr!(lang, "kiosk.enrol_title", name = s.name.clone())}</h2>
                <p>{tr!(lang, "kiosk.enrol_lead", days = super::view::ENROL_DAYS)}</p>
                <figure class="qr" inner_html=s.qr_svg.clone()></figure>
                <p class="mono enrol-url">{s.url.clone()}</p>
            </section>
        })}
        <Suspense fallback=|| ()>
            {move || {
                let refused = refused.clone();
                let chosen_unit = chosen_unit.clone();
                Suspend::new(async move {
                    let d = match data.await {
                        Ok(d) => d,
                        Err(e) => {
                            if crate::web::page::to_sign_in(&e, "/staf/kios") {
                                return ().into_any();
                            }
                            return crate::web::page::problem(lang, &e, "kiosks");
                        }
                    };
                    let message = (!refused.error.is_empty())
                        .then(|| tr!(lang, &format!("error.{}", refused.error)));
                    let at = |f: &str| message.clone().filter(|_| refused.field == f).map(|m| view! { <p class="field-error" role="alert">{m}</p> });
                    let mut units: Vec<(String, String)> = d.services.iter().map(|s| (s.0.clone(), s.1.clone())).collect();
                    units.dedup();
                    // The unit first (a refused form keeps its own; one unit needs no choice),
                    // then only that unit's services.
                    let unit = if !refused.unit_code.is_empty() {
                        Some(refused.unit_code.clone())
                    } else if units.len() == 1 {
                        units.first().map(|u| u.0.clone())
                    } else {
                        chosen_unit.filter(|c| units.iter().any(|u| &u.0 == c))
                    };
                    let unit_name = unit.as_ref().and_then(|c| units.iter().find(|u| &u.0 == c)).map(|u| u.1.clone());
                    let unit_options = units.iter().map(|(code, name)| {
                        let selected = unit.as_deref() == Some(code.as_str());
                        view! { <option value=code.clone() selected=selected>{name.clone()}</option> }
                    }).collect_view();
                    let name_of = |code: &String| d.services.iter().find(|s| &s.2 == code).map(|s| s.3.clone()).unwrap_or_else(|| code.clone());
                    let service_boxes = units.iter().filter(|(c, _)| unit.as_deref() == Some(c.as_str())).map(|(unit_code, unit_name)| {
                        let boxes = d.services.iter().filter(|s| s.0 == *unit_code).map(|(_, _, code, name)| {
                            let id = format!("svc-{code}");
                            let checked = refused.services.contains(code);
                            view! {
                                <label for=id.clone() class="choice option">
                                    <input type="checkbox" id=id.clone() name="service" value=code.clone() checked=checked/>
                                    <span>{name.clone()}</span>
                                </label>
                            }
                        }).collect_view();
                        view! {
                            <fieldset class="svc-group">
                                <legend>{unit_name.clone()}</legend>
                                {boxes}
                            </fieldset>
                        }
                    }).collect_view();
                    let rows = d.kiosks.iter().map(|k| {
                        let state = if k.revoked {
                            tr!(lang, "kiosk.state_revoked")
                        } else if k.enrolled {
                            tr!(lang, "kiosk.state_enrolled")
                        } else {
                            tr!(lang, "kiosk.state_waiting")
                        };
                        view! {
                            <tr class:inactive=k.revoked>
                                <th scope="row">{k.name.clone()}</th>
                                <td data-label=tr!(lang, "kiosk.unit")>{k.unit_name.clone()}</td>
                                <td data-label=tr!(lang, "kiosk.services")>{k.services.iter().map(name_of).collect::<Vec<_>>().join(", ")}</td>
                                <td data-label=tr!(lang, "kiosk.state")>{state}</td>
                                <td data-label=tr!(lang, "kiosk.last_contact")>{k.last_contact_at.map(crate::clock::fmt_wib).unwrap_or_else(|| "–".into())}</td>
                                <td data-label=tr!(lang, "kiosk.today")>{k.responses_today}</td>
                                <td>{(!k.revoked).then(|| view! {
                                    <form method="post" action=format!("/staf/kios/{}/cabut", k.id)>
                                        <input type="hidden" name="csrf" value=d.csrf.clone()/>
                                        <button type="submit" class="button">{tr!(lang, "kiosk.revoke")}</button>
                                    </form>
                                })}</td>
                            </tr>
                        }
                        .into_any()
                    }).collect_view();
                    let list = view! {
                        <section class="card">
                            <h2>{tr!(lang, "kiosk.list_title")}</h2>
                            {d.kiosks.is_empty().then(|| view! { <p>{tr!(lang, "kiosk.none")}</p> })}
                            {(!d.kiosks.is_empty()).then(|| view! {
                                <table class="data staff-list">
                                    <thead><tr>
                                        <th scope="col">{tr!(lang, "kiosk.name")}</th>
                                        <th scope="col">{tr!(lang, "kiosk.unit")}</th>
                                        <th scope="col">{tr!(lang, "kiosk.services")}</th>
                                        <th scope="col">{tr!(lang, "kiosk.state")}</th>
                                        <th scope="col">{tr!(lang, "kiosk.last_contact")}</th>
                                        <th scope="col">{tr!(lang, "kiosk.today")}</th>
                                        <th scope="col"><span class="visually-hidden">{tr!(lang, "kiosk.revoke")}</span></th>
                                    </tr></thead>
                                    <tbody>{rows}</tbody>
                                </table>
                            }.into_any())}
                        </section>
                    }
                    .into_any();
                    let form = view! {
                        <section class="card" id="kios-baru">
                            <h2>{tr!(lang, "kiosk.new_title")}</h2>
                            {(units.len() > 1).then(|| view! {
                                <form method="get" action="/staf/kios#kios-baru" class="unit-first">
                                    <label for="k-unit-pick" class="block">{tr!(lang, "kiosk.unit_first")}</label>
                                    <select id="k-unit-pick" name="unit" required>
                                        <option value="" selected=unit.is_none()>{tr!(lang, "complaint.choose_unit")}</option>
                                        {unit_options}
                                    </select>
                                    <button type="submit" class="button">{tr!(lang, "kiosk.unit_next")}</button>
                                </form>
                            })}
                            {unit.clone().map(|unit| view! {
                            <form method="post" action="/staf/kios">
                                <input type="hidden" name="csrf" value=d.csrf.clone()/>
                                <input type="hidden" name="unit_code" value=unit/>
                                {at("unit_code")}
                                <p><strong>{tr!(lang, "kiosk.unit")} ": "</strong> {unit_name.clone()}</p>
                                <label for="k-name" class="block">{tr!(lang, "kiosk.name")}</label>
                                {at("name")}
                                <input id="k-name" name="name" type="text" required maxlength="80" value=refused.name.clone()/>
                                <fieldset>
                                    <legend class="block">{tr!(lang, "kiosk.services")}</legend>
                                    {at("service_codes")}
                                    {service_boxes}
                                </fieldset>
                                <button type="submit" class="button primary">{tr!(lang, "kiosk.register")}</button>
                            </form>
                            })}
                        </section>
                    }
                    .into_any();
                    view! { {list} {form} }.into_any()
                })
            }}
        </Suspense>
    }
}
