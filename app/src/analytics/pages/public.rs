//! The public trend of one unit or service: its IKM over time, chart and table.

use crate::tr;
use crate::web::page::figure_or_dash;
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
                        <div class="table-wrap" tabindex="0" role="region" aria-label=tr!(lang, "analytics.trend_caption")><table class="data">
                            <caption>{tr!(lang, "analytics.trend_caption")}</caption>
                            <thead><tr>
                                <th scope="col">{tr!(lang, "analytics.period")}</th>
                                <th scope="col">"n"</th>
                                <th scope="col">"IKM"</th>
                                <th scope="col">{tr!(lang, "analytics.grade")}</th>
                                <th scope="col">{tr!(lang, "analytics.sample")}</th>
                            </tr></thead>
                            <tbody>{t.rows.iter().map(|r| view! {
                                <tr>
                                    <th scope="row">{r.period.clone()}</th>
                                    <td>{lang.count(r.responses)}</td>
                                    <td>{figure_or_dash(lang, r.ikm, 2)}</td>
                                    <td>{r.grade.clone().unwrap_or_default()}</td>
                                    <td>{match (r.min_sample, r.sample_reached) {
                                        (Some(m), Some(true)) => tr!(lang, "analytics.sample_ok", min = lang.count(m as i64)),
                                        (Some(m), _) => tr!(lang, "analytics.sample_short", min = lang.count(m as i64)),
                                        _ => "–".to_string(),
                                    }}</td>
                                </tr>
                            }).collect_view()}</tbody>
                        </table></div>
                        <p class="hint">{tr!(lang, "index.min_sample_rule")}</p>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
