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

/// The console frame of the signed-in staff member: name, role and unit names.
#[server(prefix = "/sf", endpoint = "console_frame")]
pub async fn load_console_frame() -> Result<crate::accounts::view::ConsoleFrame, PageError> {
    let (st, staff) = crate::accounts::auth::staff_session().await?;
    let units = if staff.unit_ids.is_empty() {
        Vec::new()
    } else {
        crate::units::repo::all_units(&st.db)
            .await?
            .into_iter()
            .filter(|u| staff.unit_ids.contains(&u.id))
            .map(|u| u.name)
            .collect()
    };
    Ok(crate::accounts::view::ConsoleFrame {
        name: staff.name.clone(),
        role: staff.role,
        units,
        csrf: staff.csrf.clone(),
    })
}
