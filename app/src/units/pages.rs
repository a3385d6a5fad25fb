//! `/layanan`: the service finder, every unit with its services, filtered by the server
//! without JavaScript and as one types once hydrated.

use super::domain::{ServiceRef, UnitView, find_services};
use super::server_fns::load_units;
use crate::tr;
use crate::web::page::internal_error;
use crate::web::page::use_lang;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// One unit's card with the services to show.
fn unit_card(
    lang: crate::i18n::Lang,
    u: &UnitView,
    services: &[&ServiceRef],
) -> impl IntoView + use<> {
    view! {
        <section class="card unit" id=format!("unit-{}", u.code)>
            <h2>{u.name.clone()}</h2>
            <ul class="services">
                {services.iter().map(|s| view! {
                    <li>
                        <a class="service" href=format!("/s/{}", s.code)>
                            {s.name.clone()}
                            <span class="go">{tr!(lang, "services.rate")} " →"</span>
                        </a>
                        <a class="poster" href=format!("/poster/{}.svg", s.code)>
                            {tr!(lang, "services.poster")}
                        </a>
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
}

/// The finder's results for `q`: the units with matching services; nothing matched, a note
/// and every unit instead of nothing.
fn results(lang: crate::i18n::Lang, units: &[UnitView], q: &str) -> AnyView {
    let q = q.trim();
    let found: Vec<(&UnitView, Vec<&ServiceRef>)> = units
        .iter()
        .map(|u| (u, find_services(u, q)))
        .filter(|(_, s)| !s.is_empty())
        .collect();
    if found.is_empty() && !q.is_empty() {
        let all = units
            .iter()
            .filter(|u| !u.services.is_empty())
            .map(|u| unit_card(lang, u, &u.services.iter().collect::<Vec<_>>()))
            .collect_view();
        return view! {
            <p class="notice" role="status">{tr!(lang, "services.no_match", q = q.to_string())}</p>
            <h2 class="all-units">{tr!(lang, "services.all_units")}</h2>
            {all}
        }
        .into_any();
    }
    let n: usize = found.iter().map(|(_, s)| s.len()).sum();
    let cards = found
        .into_iter()
        .map(|(u, services)| unit_card(lang, u, &services))
        .collect_view();
    view! {
        // Said to a screen reader as the results change while typing.
        <p class="visually-hidden" role="status">{tr!(lang, "services.found", n = n)}</p>
        {cards}
    }
    .into_any()
}

/// Lists units and their services, with links to each survey and QR poster.
#[component]
pub fn ServicesPage() -> impl IntoView {
    let lang = use_lang();
    let q = use_query_map()
        .read_untracked()
        .get("q")
        .unwrap_or_default();
    let units = Resource::new(|| (), |_| load_units());
    view! {
        <Title text=tr!(lang, "services.title")/>
        {crate::web::page::description(tr!(lang, "meta.services"))}
        <h1>{tr!(lang, "services.title")}</h1>
        <Suspense fallback=|| ()>
            {move || {
                let q = q.clone();
                Suspend::new(async move {
                    match units.await {
                        Ok(units) => view! {
                            <LiveFinder lang units q/>
                            <crate::web::page::IslandScripts/>
                        }
                        .into_any(),
                        Err(e) => internal_error(lang, &e).into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// The finder's form and its results. Without JavaScript the form is a GET the server
/// answers; hydrated, the results follow every keystroke (the same word forms and synonyms,
/// matched in the browser), and the address keeps the words so a reload shows the same.
#[island]
fn LiveFinder(lang: crate::i18n::Lang, units: Vec<UnitView>, q: String) -> impl IntoView {
    let query = RwSignal::new(q.clone());
    let on_input = move |ev: leptos::ev::Event| {
        let typed = event_target_value(&ev);
        #[cfg(feature = "hydrate")]
        {
            let href = if typed.trim().is_empty() {
                "/layanan".to_string()
            } else {
                format!("/layanan?q={}", crate::web::page::urlencode(typed.trim()))
            };
            if let Ok(history) = window().history() {
                let _ =
                    history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&href));
            }
        }
        query.set(typed);
    };
    view! {
        <form method="get" action="/layanan" class="search" role="search">
            <label for="q">{tr!(lang, "home.find")}</label>
            <input id="q" name="q" type="search" value=q autocomplete="off"
                aria-controls="finder-results" on:input=on_input/>
            <button type="submit" class="button">{tr!(lang, "services.search")}</button>
        </form>
        <div id="finder-results">
            {move || results(lang, &units, &query.get())}
        </div>
    }
}
/// The units' page routes (the public list of services).
#[component(transparent)]
pub fn UnitRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    use leptos_router::components::Route;
    use leptos_router::{SsrMode, path};
    view! {
        <Route path=path!("/layanan") view=ServicesPage ssr=SsrMode::Async/>
    }
    .into_inner()
}
