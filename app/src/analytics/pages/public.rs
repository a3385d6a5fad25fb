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
                    Ok(None) => unit_unknown(lang),
                    Ok(Some(t)) => view! {
                        <Title text=t.name.clone()/>
                        {crate::web::page::description(tr!(lang, "meta.trend", unit = t.name.clone()))}
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

/// The 404 of a unit page whose unit is unknown.
fn unit_unknown(lang: crate::i18n::Lang) -> AnyView {
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

/// `/ikm/{unit}`: a unit's results for a period (`?periode=` as on `/ikm`), its follow-up
/// plan ("Kami mendengar, kami bertindak") and its trend, for everybody; no JavaScript.
#[component]
pub fn PublicUnitPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let query = leptos_router::hooks::use_query_map();
    let asked = move || {
        (
            params.read().get("code").unwrap_or_default(),
            query.read().get("periode"),
        )
    };
    let data = Resource::new(asked, |(code, period)| {
        crate::analytics::server_fns::load_public_unit(code, period)
    });
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => crate::web::page::internal_error(lang, &e).into_any(),
                    Ok(None) => unit_unknown(lang),
                    Ok(Some(u)) => unit_page(lang, &u).into_any(),
                }
            })}
        </Suspense>
    }
}

fn unit_page(
    lang: crate::i18n::Lang,
    u: &crate::analytics::server_fns::PublicUnit,
) -> impl IntoView + use<> {
    use crate::survey::index_view::{
        ci_line, element_table, grade_badge, period_range, sample_line,
    };
    let shown = crate::web::period::period_label(lang, &u.period);
    let range = period_range(lang, u.from, u.to, u.running_until);
    let r = &u.report;
    let figure = match r.index {
        Some(idx) => view! {
            <p class="unit-index">
                <span class="ikm">{idx.ikm.format(lang.decimal_sep())}</span>
                " "
                {grade_badge(lang, idx.grade())}
            </p>
            {ci_line(lang, idx.ikm.to_f64(), idx.ci)}
            {sample_line(lang, r)}
            {element_table(lang, &idx)}
        }
        .into_any(),
        None if r.responses == 0 => {
            view! { <p class="unit-index muted">{tr!(lang, "index.no_answers")}</p> }.into_any()
        }
        None => view! {
            <p class="unit-index muted">{tr!(lang, "index.none")}</p>
            {sample_line(lang, r)}
        }
        .into_any(),
    };
    let plan = u
        .plan
        .iter()
        .map(|a| public_action(lang, u, a))
        .collect_view();
    let services = u
        .services
        .iter()
        .map(|(c, n)| view! { <li><a href=format!("/s/{c}")>{n.clone()}</a></li> })
        .collect_view();
    let below = u
        .below
        .iter()
        .map(|(c, n)| view! { <li><a href=format!("/ikm/{c}?periode={}", u.period)>{n.clone()}</a></li> })
        .collect_view();
    view! {
        <Title text=tr!(lang, "unit_page.title", unit = u.name.clone())/>
        {crate::web::page::description(tr!(lang, "meta.unit", unit = u.name.clone()))}
        <p><a href=format!("/ikm?periode={}#unit-{}", u.period, u.code)>{tr!(lang, "analytics.back_to_index")}</a></p>
        <h1>{u.name.clone()}</h1>
        {u.parent.clone().map(|(c, n)| view! {
            <p class="hint">{tr!(lang, "unit_page.part_of")} " " <a href=format!("/ikm/{c}?periode={}", u.period)>{n}</a></p>
        })}
        <form method="get" action=format!("/ikm/{}", u.code) class="period">
            <label for="periode">{tr!(lang, "index.period")}</label>
            <select id="periode" name="periode">{crate::web::period::period_options(lang, &u.choices, &u.period)}</select>
            <button type="submit" class="button">{tr!(lang, "index.show")}</button>
        </form>
        <section class="card" aria-labelledby="hasil">
            <h2 id="hasil">{tr!(lang, "unit_page.results", period = shown)}</h2>
            <p class="hint">{range}</p>
            {figure}
            <p class="hint"><a href="/ikm#arti-angka">{tr!(lang, "thanks.what_figures")}</a></p>
        </section>
        <section aria-labelledby="tindak-lanjut">
            <h2 id="tindak-lanjut">{tr!(lang, "unit_page.we_act")}</h2>
            <p>{tr!(lang, "unit_page.we_act_intro")}</p>
            {u.plan.is_empty().then(|| view! { <p class="muted">{tr!(lang, "unit_page.no_plan")}</p> })}
            <div class="follow-ups">{plan}</div>
        </section>
        <section aria-labelledby="tren">
            <h2 id="tren">{tr!(lang, "analytics.trend_link")}</h2>
            <figure class="chart-box" inner_html=u.trend.svg.clone()></figure>
            <p class="hint chart-key">{tr!(lang, "analytics.chart_key")}</p>
            <details class="trend-data">
                <summary>{tr!(lang, "unit_page.trend_table")}</summary>
                {super::trend_table::trend_table(lang, &u.trend.rows)}
            </details>
        </section>
        {(!u.services.is_empty()).then(|| view! {
            <section aria-labelledby="layanan">
                <h2 id="layanan">{tr!(lang, "unit_page.rate")}</h2>
                <ul class="link-list">{services}</ul>
            </section>
        })}
        {(!u.below.is_empty()).then(|| view! {
            <section aria-labelledby="uptd">
                <h2 id="uptd">{tr!(lang, "unit_page.below")}</h2>
                <ul class="link-list">{below}</ul>
            </section>
        })}
    }
}

/// One follow-up action as the public reads it: what, for which element, who, by when, how
/// far, and the latest note.
fn public_action(
    lang: crate::i18n::Lang,
    u: &crate::analytics::server_fns::PublicUnit,
    a: &crate::followups::domain::Action,
) -> impl IntoView + use<> {
    use crate::survey::domain::Element;
    let element = Element::from_code(&a.element)
        .map(|e| {
            format!(
                "{} {}",
                e.code(),
                crate::survey::questionnaire::wording(e, lang).name
            )
        })
        .unwrap_or_else(|| a.element.clone());
    let other_unit = (a.unit != u.code)
        .then(|| {
            u.unit_names
                .iter()
                .find(|(c, _)| *c == a.unit)
                .map(|(_, n)| n.clone())
        })
        .flatten();
    let status = a.status.code();
    view! {
        <article class="card follow-up">
            <h3>{element}</h3>
            <p class="follow-up-action">{a.action.clone()}</p>
            <dl class="facts">
                {other_unit.map(|n| view! { <dt>{tr!(lang, "index.unit")}</dt><dd>{n}</dd> })}
                <dt>{tr!(lang, "unit_page.for_results")}</dt><dd>{crate::web::period::period_label(lang, &a.period)}</dd>
                <dt>{tr!(lang, "report.plan_owner")}</dt><dd>{a.responsible.clone()}</dd>
                <dt>{tr!(lang, "follow_up.due_on")}</dt><dd>{lang.date(a.due_on)}</dd>
                <dt>{tr!(lang, "follow_up.status")}</dt>
                <dd><span class=format!("verdict-chip status-{status}")>{tr!(lang, &format!("follow_up.status.{status}"))}</span>
                    <span class="muted">" · " {tr!(lang, "follow_up.updated_on", date = lang.date(a.updated_on))}</span></dd>
                {a.note.clone().map(|n| view! { <dt>{tr!(lang, "follow_up.note")}</dt><dd class="follow-up-note">{n}</dd> })}
            </dl>
        </article>
    }
}
