//! The public trend of one unit or service: its IKM over time, chart and table.

use crate::tr;
use crate::web::page::use_lang;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// `/ikm/tren/{code}`: a unit's index over the last twelve months, for everybody.
#[component]
pub fn PublicTrendPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let code = move || params.read().get("code").unwrap_or_default();
    let data = Resource::new(code, crate::analytics::server_fns::load_public_trend);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => crate::web::page::internal_error(lang, &e).into_any(),
                    Ok(None) => {
                        #[cfg(feature = "ssr")]
                        crate::web::page::set_status(axum::http::StatusCode::NOT_FOUND);
                        view! {
                            <Title text=tr!(lang, "error.not_found")/>
                            <h1>{tr!(lang, "error.not_found")}</h1>
                            <p class="notice error">{tr!(lang, "analytics.unit_unknown")}</p>
                            <p><a href="/ikm">{tr!(lang, "analytics.back_to_index")}</a></p>
                        }
                        .into_any()
                    }
                    Ok(Some(t)) => view! {
                        <Title text=t.name.clone()/>
                        <p><a href=format!("/ikm#unit-{}", t.code)>{tr!(lang, "analytics.back_to_index")}</a></p>
                        <h1>{t.name.clone()}</h1>
                        <figure class="chart-box" inner_html=t.svg.clone()></figure>
                        <p class="hint chart-key">{tr!(lang, "analytics.chart_key")}</p>
                        {super::trend_table::trend_table(lang, &t.rows)}
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
