//! What the account pages show again after a refusal.

use serde::{Deserialize, Serialize};

/// What the sign-in form shows again after a refusal.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginFormState {
    pub email: String,
    /// `invalid_credentials` or `too_many_attempts`.
    pub error: String,
    pub seconds: u64,
}

/// A refused password form: the message key's code (passwords are never sent back).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordFormState {
    pub error: String,
}

/// The signed-in person as the console's frame shows them, with what they may open.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsoleFrame {
    pub name: String,
    pub role: crate::accounts::domain::Role,
    /// The names of the account's own units (empty: every unit).
    pub units: Vec<String>,
    /// The session's CSRF token, for the sign-out form.
    pub csrf: String,
}

/// The console's navigation: who is signed in (name, role, units), the sections their role
/// may open with the current one marked, and signing out. One list, in the page's flow: a
/// column beside the content on a desktop, a wrapped row above it on a phone.
pub fn console_nav(
    lang: crate::i18n::Lang,
    f: &ConsoleFrame,
    path: &str,
) -> impl leptos::IntoView + use<> {
    use crate::accounts::domain::Section;
    use crate::tr;
    use leptos::prelude::*;
    let current = Section::of_path(path);
    let here = path.split('?').next().unwrap_or_default().to_string();
    let links = f
        .role
        .sections()
        .iter()
        .map(|s| {
            let aria =
                (current == Some(*s)).then(|| if here == s.path() { "page" } else { "true" });
            view! {
                <li><a href=s.path() aria-current=aria>{tr!(lang, s.label())}</a></li>
            }
        })
        .collect_view();
    let units = (!f.units.is_empty()).then(|| f.units.join(", "));
    view! {
        <nav class="console-nav" aria-label=tr!(lang, "console.nav")>
            <p class="who">
                <strong>{f.name.clone()}</strong>
                <span>{tr!(lang, &format!("role.{}", f.role.code()))}</span>
                {units.map(|u| view! { <span class="who-units">{u}</span> })}
            </p>
            <ul>
                {links}
                <li>
                    <form method="post" action="/staf/keluar">
                        <input type="hidden" name="csrf" value=f.csrf.clone()/>
                        <button type="submit" class="linklike">{tr!(lang, "console.sign_out")}</button>
                    </form>
                </li>
            </ul>
        </nav>
    }
}
