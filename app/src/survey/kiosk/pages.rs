//! `/kios`: the survey on a tablet at the counter. The service is chosen first when the
//! kiosk asks about several; then the questionnaire with large answer buttons; then a
//! thank-you screen that returns to the start by itself, so the next citizen never sees the
//! previous answers. A browser that is not an enrolled kiosk is told so.

use super::server_fns::{KioskScreen, load_kiosk};
use crate::survey::pages::SurveyForm;
use crate::survey::view::FormState;
use crate::tr;
use crate::web::page::{IslandScripts, internal_error, use_lang};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

/// Seconds the thank-you screen stays before the kiosk starts again.
pub const THANKS_SECS: u32 = 8;
/// Seconds an untouched questionnaire stays before the kiosk starts again (no JavaScript
/// needed: the page reloads itself).
pub const IDLE_SECS: u32 = 240;

/// `/kios`: the kiosk's screens.
#[component]
pub fn KioskPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map().read_untracked();
    let service = query.get("layanan");
    let thanks = query.get("terima-kasih").is_some();
    let bad_link = query.get("tautan").is_some();
    let data = Resource::new(move || service.clone(), load_kiosk);
    view! {
        <Title text=tr!(lang, "kiosk.title")/>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
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
                    Ok(KioskScreen::Ready { .. }) if thanks => view! {
                        <Meta http_equiv="refresh" content=format!("{THANKS_SECS};url=/kios")/>
                        <section class="kiosk-thanks" role="status">
                            <h1>{tr!(lang, "kiosk.thanks")}</h1>
                            <p>{tr!(lang, "kiosk.thanks_lead", secs = THANKS_SECS)}</p>
                            <p><a class="button primary" href="/kios">{tr!(lang, "kiosk.start")}</a></p>
                        </section>
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
                    }
                    .into_any(),
                    Ok(KioskScreen::Ready { unit_name, services, chosen: Some((code, name)), submission_id }) => view! {
                        <Meta http_equiv="refresh" content=format!("{IDLE_SECS};url=/kios")/>
                        <div class="kiosk">
                            <p class="eyebrow">{unit_name}</p>
                            <h1>{name}</h1>
                            {(services.len() > 1).then(|| view! { <p><a href="/kios">{tr!(lang, "kiosk.other_service")}</a></p> })}
                            <p class="lead">{tr!(lang, "survey.intro")}</p>
                            <SurveyForm service_code=code lang state=FormState::default() submission_id action="/kios".to_string()/>
                            <IslandScripts/>
                        </div>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}
