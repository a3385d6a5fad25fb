//! The HTML shell, the router and the page frame (header, language switch, footer).

use crate::accounts::domain::Section;
use crate::accounts::view::{ConsoleFrame, console_nav};
use crate::i18n::Lang;
use crate::tr;
use crate::web::page::{urlencode, use_lang};
use leptos::prelude::*;
use leptos_meta::{MetaTags, Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

/// Path and query of the current request, for the language switch to come back to.
fn current_path() -> String {
    #[cfg(feature = "ssr")]
    {
        use_context::<axum::http::request::Parts>()
            .and_then(|p| p.uri.path_and_query().map(|pq| pq.as_str().to_string()))
            .unwrap_or_else(|| "/".into())
    }
    #[cfg(not(feature = "ssr"))]
    {
        "/".into()
    }
}

/// The signed-in person of a console request, as the server attached it to the request
/// before rendering (`accounts::api::attach_console_frame`); none when nobody is signed in.
fn console_frame() -> Option<ConsoleFrame> {
    #[cfg(feature = "ssr")]
    {
        use_context::<axum::http::request::Parts>()
            .and_then(|p| p.extensions.get::<ConsoleFrame>().cloned())
    }
    #[cfg(not(feature = "ssr"))]
    {
        None
    }
}

/// The language chosen by the request's cookie.
fn request_lang() -> Lang {
    #[cfg(feature = "ssr")]
    {
        let parts = use_context::<axum::http::request::Parts>();
        let cookie = parts
            .as_ref()
            .and_then(|p| p.headers.get(axum::http::header::COOKIE))
            .and_then(|v| v.to_str().ok());
        Lang::from_cookie_header(cookie)
    }
    #[cfg(not(feature = "ssr"))]
    {
        Lang::default()
    }
}

/// The document around every page.
pub fn shell(options: leptos::config::LeptosOptions) -> impl IntoView {
    let lang = request_lang();
    provide_context(lang);
    provide_context(options);
    #[cfg(feature = "ssr")]
    crate::web::security::provide_page_nonce();
    view! {
        <!DOCTYPE html>
        <html lang=lang.code()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="theme-color" content="#0b5d3b"/>
                <link rel="stylesheet" href=crate::web::assets::current().style/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// Routes of the public portal.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Router>
            <Frame>
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=HomePage/>
                    <crate::units::pages::UnitRoutes/>
                    <crate::survey::pages::SurveyRoutes/>
                    <crate::analytics::pages::AnalyticsRoutes/>
                    <crate::training::pages::TrainingRoutes/>
                    <crate::followups::pages::FollowUpRoutes/>
                    <crate::complaints::pages::ComplaintRoutes/>
                    <crate::accounts::pages::AccountRoutes/>
                    <crate::admin::pages::AdminRoutes/>
                    <crate::triage::pages::TriageRoutes/>
                </Routes>
            </Frame>
        </Router>
    }
}

/// Header with navigation and language switch, the page, and the footer. Console pages get
/// the console's frame instead: the person, the sections their role may open, the page.
#[component]
fn Frame(children: Children) -> impl IntoView {
    let lang = use_lang();
    let here = current_path();
    let switch = format!("/lang/{}?next={}", lang.other().code(), urlencode(&here));
    let lang_link = view! {
        <a class="lang" href=switch hreflang=lang.other().code() lang=lang.other().code()>
            {tr!(lang, "nav.switch")}
        </a>
    };
    if here == "/kios" || here.starts_with("/kios?") {
        // A kiosk keeps the citizen on the survey: no links away, only the language.
        return view! {
            <header class="top">
                <span class="brand">{tr!(lang, "app.name")}</span>
                <nav>{lang_link}</nav>
            </header>
            <main id="main" class="page">{children()}</main>
        }
        .into_any();
    }
    if Section::in_console(&here) {
        let frame = console_frame();
        return view! {
            <a class="skip" href="#main">{tr!(lang, "nav.skip")}</a>
            <header class="top">
                <a class="brand" href="/staf">{tr!(lang, "app.name")} <span class="brand-sub">{tr!(lang, "console.brand")}</span></a>
                <nav>{lang_link}</nav>
            </header>
            <div class="console">
                {frame.map(|f| console_nav(lang, &f, &here))}
                <main id="main" class="console-main">{children()}</main>
            </div>
        }
        .into_any();
    }
    view! {
        <a class="skip" href="#main">{tr!(lang, "nav.skip")}</a>
        <header class="top">
            <a class="brand" href="/">{tr!(lang, "app.name")}</a>
            <nav>
                <a href="/layanan">{tr!(lang, "nav.survey")}</a>
                <a href="/ikm">{tr!(lang, "nav.index")}</a>
                <a href="/lapor">{tr!(lang, "nav.report")}</a>
                <a href="/lacak">{tr!(lang, "nav.track")}</a>
                {lang_link}
            </nav>
        </header>
        <main id="main" class="page">{children()}</main>
        <footer class="foot">
            <p>{tr!(lang, "app.tagline")}</p>
        </footer>
    }
    .into_any()
}

#[component]
fn HomePage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <Title text=tr!(lang, "app.name")/>
        {crate::web::page::description(tr!(lang, "meta.home"))}
        <section class="hero">
            <h1>{tr!(lang, "survey.title")}</h1>
            <p>{tr!(lang, "home.lead")}</p>
            <p><a class="button" href="/layanan">{tr!(lang, "home.find")}</a></p>
            <p><a href="/ikm">{tr!(lang, "home.see_index")}</a></p>
        </section>
        <section class="hero second">
            <h2>{tr!(lang, "home.report_title")}</h2>
            <p>{tr!(lang, "home.report_lead")}</p>
            <p><a class="button" href="/lapor">{tr!(lang, "home.report")}</a></p>
            <p><a href="/lacak">{tr!(lang, "home.track")}</a></p>
            <p><a href="/statistik">{tr!(lang, "home.see_statistics")}</a></p>
        </section>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    let lang = use_lang();
    #[cfg(feature = "ssr")]
    if let Some(r) = use_context::<leptos_axum::ResponseOptions>() {
        r.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text=tr!(lang, "error.not_found")/>
        <h1>{tr!(lang, "error.not_found")}</h1>
        <p><a href="/">{tr!(lang, "nav.home")}</a></p>
    }
}
