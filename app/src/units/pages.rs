//! `/layanan`: the service finder, every unit with its services, filterable without JavaScript.

use super::domain::UnitView;
use crate::layout::use_lang;
use crate::survey::pages::internal_error;
use crate::survey::server_fns::load_units;
use crate::tr;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

fn matches(u: &UnitView, q: &str) -> bool {
    q.is_empty()
        || u.name.to_lowercase().contains(q)
        || u.services
            .iter()
            .any(|s| s.name.to_lowercase().contains(q) || s.code.to_lowercase() == q)
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
        <h1>{tr!(lang, "services.title")}</h1>
        <form method="get" action="/layanan" class="search" role="search">
            <label for="q">{tr!(lang, "home.find")}</label>
            <input id="q" name="q" type="search" value=q.clone()/>
        </form>
        <Suspense fallback=|| ()>
            {move || {
                let q = q.trim().to_lowercase();
                Suspend::new(async move {
                    let units = match units.await {
                        Ok(u) => u,
                        Err(e) => return internal_error(lang, &e).into_any(),
                    };
                    units
                        .into_iter()
                        .filter(|u| !u.services.is_empty() && matches(u, &q))
                        .map(|u| {
                            view! {
                                <section class="card unit" id=format!("unit-{}", u.code)>
                                    <h2>{u.name.clone()}</h2>
                                    <ul class="services">
                                        {u.services.iter().map(|s| view! {
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
                        })
                        .collect_view()
                        .into_any()
                })
            }}
        </Suspense>
    }
}
