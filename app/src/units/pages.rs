//! `/layanan`: the service finder, every unit with its services, filterable without JavaScript.

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
        <form method="get" action="/layanan" class="search" role="search">
            <label for="q">{tr!(lang, "home.find")}</label>
            <input id="q" name="q" type="search" value=q.clone()/>
            <button type="submit" class="button">{tr!(lang, "services.search")}</button>
        </form>
        <Suspense fallback=|| ()>
            {move || {
                let q = q.trim().to_string();
                Suspend::new(async move {
                    let units = match units.await {
                        Ok(u) => u,
                        Err(e) => return internal_error(lang, &e).into_any(),
                    };
                    let found: Vec<(&UnitView, Vec<&ServiceRef>)> = units
                        .iter()
                        .map(|u| (u, find_services(u, &q)))
                        .filter(|(_, s)| !s.is_empty())
                        .collect();
                    if found.is_empty() && !q.is_empty() {
                        // Nothing matched: say so, and offer every unit instead of nothing.
                        let all = units
                            .iter()
                            .filter(|u| !u.services.is_empty())
                            .map(|u| unit_card(lang, u, &u.services.iter().collect::<Vec<_>>()))
                            .collect_view();
                        return view! {
                            <p class="notice" role="status">{tr!(lang, "services.no_match", q = q.clone())}</p>
                            <h2 class="all-units">{tr!(lang, "services.all_units")}</h2>
                            {all}
                        }
                        .into_any();
                    }
                    found
                        .into_iter()
                        .map(|(u, services)| unit_card(lang, u, &services))
                        .collect_view()
                        .into_any()
                })
            }}
        </Suspense>
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
