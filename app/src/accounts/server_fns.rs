//! Server functions of the account pages.

use crate::web::console::ConsoleUser;
use crate::web::error::PageError;
use leptos::prelude::*;

/// The signed-in staff member (pages that need only the header and the CSRF token).
#[server(prefix = "/sf", endpoint = "console_user")]
pub async fn load_console_user() -> Result<ConsoleUser, PageError> {
    let (_, staff) = crate::accounts::auth::staff_session().await?;
    Ok(crate::accounts::auth::user_of(&staff))
}
