//! Complaint pages: the report form, the lookup by tracking code, and the public status page.

mod form;
mod status;

pub use form::{ComplaintFormEnhance, ComplaintPage};
pub use status::{StatusPage, TrackPage};

/// The complaint's page routes; their forms post to the same paths, in [`super::routes`].
#[leptos::component(transparent)]
pub fn ComplaintRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    use leptos_router::components::Route;
    use leptos_router::{SsrMode, path};
    leptos::view! {
        <Route path=path!("/lapor") view=ComplaintPage ssr=SsrMode::Async/>
        <Route path=path!("/lacak") view=TrackPage ssr=SsrMode::Async/>
        <Route path=path!("/lacak/:code") view=StatusPage ssr=SsrMode::Async/>
    }
    .into_inner()
}
