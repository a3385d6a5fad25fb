//! The analytics pages: trends, ranking and complaint figures; the public trend; the
//! printable SKM report. All plain server-rendered HTML with SVG
//! charts and their data tables.

mod complaints;
mod dashboard;
mod figures;
mod public;
mod report;
mod trend_table;

pub use complaints::ComplaintStatisticsPage;
pub use dashboard::DashboardPage;
pub use figures::AnalyticsPage;
pub use public::{PublicTrendPage, PublicUnitPage};
pub use report::SkmReportPage;

use crate::i18n::Lang;
use crate::tr;
use leptos::prelude::*;

/// The message of a refused filter when it is about field `f`.
fn refused_message(lang: Lang, refused: Option<&(String, String)>, f: &str) -> Option<String> {
    refused
        .filter(|(field, _)| field == f)
        .map(|(_, code)| tr!(lang, &format!("error.{code}")))
}

/// A date filter with its label, and the reason it was refused beside it (the typed value
/// kept).
fn date_input(
    lang: Lang,
    id: &'static str,
    name: &'static str,
    label: &'static str,
    value: &str,
    error: Option<String>,
) -> impl IntoView + use<> {
    let invalid = error.is_some().then_some("true");
    let err_id = format!("err-{id}");
    view! {
        <label for=id class="block">{tr!(lang, label)}</label>
        {error.map(|m| view! { <p class="field-error" id=err_id.clone()>{m}</p> })}
        <input id=id type="date" name=name value=value.to_string() aria-invalid=invalid
            aria-describedby=invalid.map(|_| err_id)/>
    }
}

/// The analytics' page routes.
#[component(transparent)]
pub fn AnalyticsRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    use leptos_router::components::Route;
    use leptos_router::{SsrMode, path};
    view! {
        <Route path=path!("/statistik") view=ComplaintStatisticsPage ssr=SsrMode::Async/>
        <Route path=path!("/ikm/tren/:code") view=PublicTrendPage ssr=SsrMode::Async/>
        <Route path=path!("/ikm/:code") view=PublicUnitPage ssr=SsrMode::Async/>
        <Route path=path!("/staf/analitik") view=AnalyticsPage ssr=SsrMode::Async/>
        <Route path=path!("/staf/laporan") view=SkmReportPage ssr=SsrMode::Async/>
        <Route path=path!("/staf/dasbor") view=DashboardPage ssr=SsrMode::Async/>
    }
    .into_inner()
}
