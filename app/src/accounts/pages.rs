//! The staff sign-in page. The form posts to the server, which answers with the page again
//! (the email kept, one message for every failure) or sends the browser on.

use super::view::{LoginFormState, PasswordFormState};
use crate::tr;
use crate::web::page::use_lang;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// `/staf/masuk`.
#[component]
pub fn LoginPage() -> impl IntoView {
    let lang = use_lang();
    let st = use_context::<LoginFormState>().unwrap_or_default();
    let next = use_query_map()
        .read_untracked()
        .get("next")
        .filter(|n| crate::web::redirect::console_path(n).is_some())
        .unwrap_or_else(|| "/staf".into());
    let signed_out = use_query_map().read_untracked().get("keluar").is_some();
    let reset = use_query_map().read_untracked().get("reset").is_some();
    let error = (!st.error.is_empty())
        .then(|| tr!(lang, &format!("error.{}", st.error), seconds = st.seconds));
    view! {
        <Title text=tr!(lang, "console.sign_in")/>
        <h1>{tr!(lang, "console.sign_in")}</h1>
        {signed_out.then(|| view! { <p class="notice ok" role="status">{tr!(lang, "console.signed_out")}</p> })}
        {reset.then(|| view! { <p class="notice ok" role="status">{tr!(lang, "console.password_reset_done")}</p> })}
        <p class="lead">{tr!(lang, "console.sign_in_lead")}</p>
        <form class="login" method="post" action="/staf/masuk">
            {error.map(|e| view! { <p class="notice error" role="alert">{e}</p> })}
            <input type="hidden" name="next" value=next/>
            <label for="email" class="block">{tr!(lang, "console.email")}</label>
            <input id="email" name="email" type="email" autocomplete="username" required value=st.email/>
            <label for="password" class="block">{tr!(lang, "console.password")}</label>
            <input id="password" name="password" type="password" autocomplete="current-password" required/>
            <button type="submit" class="button primary">{tr!(lang, "console.sign_in")}</button>
        </form>
        <p><a href="/staf/lupa">{tr!(lang, "console.forgot")}</a></p>
    }
}

fn password_fields(lang: crate::i18n::Lang, current: bool) -> impl IntoView {
    view! {
        {current.then(|| view! {
            <label for="current" class="block">{tr!(lang, "console.current_password")}</label>
            <input id="current" name="current" type="password" autocomplete="current-password" required/>
        })}
        <label for="new" class="block">{tr!(lang, "console.new_password")}</label>
        <p class="hint">{tr!(lang, "console.password_rule")}</p>
        <input id="new" name="new" type="password" autocomplete="new-password" minlength="12" required/>
        <label for="confirm" class="block">{tr!(lang, "console.confirm_password")}</label>
        <input id="confirm" name="confirm" type="password" autocomplete="new-password" minlength="12" required/>
    }
}

/// `/staf/sandi`: change one's password.
#[component]
pub fn PasswordPage() -> impl IntoView {
    use super::server_fns::load_console_user;
    let lang = use_lang();
    let st = use_context::<PasswordFormState>().unwrap_or_default();
    let done = use_query_map().read_untracked().get("ok").is_some();
    let user = Resource::new(|| (), |_| load_console_user());
    view! {
        <Title text=tr!(lang, "console.change_password")/>
        <h1>{tr!(lang, "console.change_password")}</h1>
        {done.then(|| view! { <p class="notice ok" role="status">{tr!(lang, "console.password_changed")}</p> })}
        <Suspense fallback=|| ()>
            {move || {
                let st = st.clone();
                Suspend::new(async move {
                    match user.await {
                        Ok(u) => view! {
                            <form method="post" action="/staf/sandi">
                                {(!st.error.is_empty()).then(|| view! { <p class="notice error" role="alert">{tr!(lang, &format!("error.{}", st.error))}</p> })}
                                <input type="hidden" name="csrf" value=u.csrf/>
                                {password_fields(lang, true)}
                                <button type="submit" class="button primary">{tr!(lang, "console.change_password")}</button>
                            </form>
                        }
                        .into_any(),
                        Err(e) => {
                            #[cfg(feature = "ssr")]
                            if e == crate::web::error::PageError::Unauthorized {
                                leptos_axum::redirect("/staf/masuk?next=/staf/sandi");
                            }
                            let _ = e;
                            ().into_any()
                        }
                    }
                })
            }}
        </Suspense>
    }
}

/// `/staf/lupa`: ask for a reset link.
#[component]
pub fn ForgotPage() -> impl IntoView {
    let lang = use_lang();
    let sent = use_query_map().read_untracked().get("terkirim").is_some();
    view! {
        <Title text=tr!(lang, "console.forgot")/>
        <h1>{tr!(lang, "console.forgot")}</h1>
        {sent.then(|| view! { <p class="notice ok" role="status">{tr!(lang, "console.reset_sent")}</p> })}
        <form method="post" action="/staf/lupa">
            <label for="email" class="block">{tr!(lang, "console.email")}</label>
            <input id="email" name="email" type="email" autocomplete="username" required/>
            <button type="submit" class="button primary">{tr!(lang, "console.send_link")}</button>
        </form>
    }
}

/// `/staf/reset?token=...`: choose a new password with a reset link.
#[component]
pub fn ResetPage() -> impl IntoView {
    let lang = use_lang();
    let st = use_context::<PasswordFormState>().unwrap_or_default();
    let token = use_query_map()
        .read_untracked()
        .get("token")
        .unwrap_or_default();
    view! {
        <Title text=tr!(lang, "console.new_password")/>
        <h1>{tr!(lang, "console.new_password")}</h1>
        <form method="post" action="/staf/reset">
            {(!st.error.is_empty()).then(|| view! { <p class="notice error" role="alert">{tr!(lang, &format!("error.{}", st.error))}</p> })}
            <input type="hidden" name="token" value=token/>
            {password_fields(lang, false)}
            <button type="submit" class="button primary">{tr!(lang, "console.save_password")}</button>
        </form>
    }
}

/// The accounts' page routes; their forms post to the same paths, in [`super::routes`].
#[component(transparent)]
pub fn AccountRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    use leptos_router::components::Route;
    use leptos_router::{SsrMode, path};
    view! {
        <Route path=path!("/staf/masuk") view=LoginPage/>
        <Route path=path!("/staf/sandi") view=PasswordPage ssr=SsrMode::Async/>
        <Route path=path!("/staf/lupa") view=ForgotPage/>
        <Route path=path!("/staf/reset") view=ResetPage/>
    }
    .into_inner()
}
