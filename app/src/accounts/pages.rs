//! The staff sign-in page. The form posts to the server, which answers with the page again
//! (the email kept, one message for every failure) or sends the browser on.

use crate::layout::use_lang;
use crate::tr;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

/// What the sign-in form shows again after a refusal.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginFormState {
    pub email: String,
    /// `invalid_credentials` or `too_many_attempts`.
    pub error: String,
    pub seconds: u64,
}

/// `/staf/masuk`.
#[component]
pub fn LoginPage() -> impl IntoView {
    let lang = use_lang();
    let st = use_context::<LoginFormState>().unwrap_or_default();
    let next = use_query_map()
        .read_untracked()
        .get("next")
        .filter(|n| n.starts_with("/staf") && !n.starts_with("//"))
        .unwrap_or_else(|| "/staf".into());
    let signed_out = use_query_map().read_untracked().get("keluar").is_some();
    let error = (!st.error.is_empty())
        .then(|| tr!(lang, &format!("error.{}", st.error), seconds = st.seconds));
    view! {
        <Title text=tr!(lang, "console.sign_in")/>
        <h1>{tr!(lang, "console.sign_in")}</h1>
        {signed_out.then(|| view! { <p class="notice ok" role="status">{tr!(lang, "console.signed_out")}</p> })}
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
    }
}
