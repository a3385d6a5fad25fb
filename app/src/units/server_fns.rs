//! Server functions of the unit pages.

use crate::web::error::PageError;
use leptos::prelude::*;

/// Every unit with its services, for the service finder.
#[server(prefix = "/sf", endpoint = "units")]
pub async fn load_units() -> Result<Vec<super::domain::UnitView>, PageError> {
    let st = crate::state::app_state()?;
    Ok(crate::units::repo::list_units(&st.db).await?)
}
