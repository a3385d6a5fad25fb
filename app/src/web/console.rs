//! The console's frame: who is signed in, as every staff page shows it.

use crate::i18n::Lang;
use crate::tr;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The signed-in staff member, as the console header shows them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsoleUser {
    pub name: String,
    /// The role's code (`admin`, `inspector`, `unit_officer`, `manager`).
    pub role: String,
    /// The session's CSRF token, for the page's forms.
    pub csrf: String,
}

/// The header of a console page: the person, their role, and their own links.
pub fn user_bar(lang: Lang, u: &ConsoleUser) -> impl IntoView + use<> {
    view! {
        <div class="userbar">
            <span>{u.name.clone()} " · " {tr!(lang, &format!("role.{}", u.role))}</span>
            <a href="/staf/sandi">{tr!(lang, "console.change_password")}</a>
            {(u.role == "admin").then(|| view! { <a href="/staf/admin">{tr!(lang, "admin.title")}</a> })}
            <form method="post" action="/staf/keluar">
                <input type="hidden" name="csrf" value=u.csrf.clone()/>
                <button type="submit" class="linklike">{tr!(lang, "console.sign_out")}</button>
            </form>
        </div>
    }
}
