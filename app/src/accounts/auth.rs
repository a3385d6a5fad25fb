//! Who may call what, stated once: the staff session of a server function (the console
//! pages' data), and the view of the signed-in person the pages show.

#[cfg(feature = "ssr")]
use crate::web::console::ConsoleUser;

/// The staff member behind a server function's request, with the state; `Unauthorized`
/// without a live session (the page then sends the browser to sign in).
#[cfg(feature = "ssr")]
pub async fn staff_session()
-> Result<(crate::state::AppState, crate::accounts::session::Staff), crate::web::error::PageError> {
    use crate::web::error::AppError;
    let st = crate::state::app_state()?;
    let parts: axum::http::request::Parts = leptos_axum::extract().await?;
    match crate::accounts::session::staff_of(&st, &parts.headers).await? {
        Some(s) => Ok((st, s)),
        None => Err(AppError::Unauthorized.into()),
    }
}

/// The signed-in person as the console shows them.
#[cfg(feature = "ssr")]
pub fn user_of(s: &crate::accounts::session::Staff) -> ConsoleUser {
    ConsoleUser {
        name: s.name.clone(),
        role: s.role.code().into(),
        csrf: s.csrf.clone(),
    }
}

/// A form that carries only the session's CSRF token (sign out, reveal).
#[derive(serde::Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    pub csrf: String,
}
