//! Server functions feeding the complaint pages (public reads; they run during SSR).

use super::view::{FormData, PublicComplaint};
use crate::web::error::PageError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What a status lookup found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Lookup {
    Found(PublicComplaint),
    /// Well formed, but no complaint has it.
    NotFound,
    /// The check character does not match: a typing mistake.
    Typo,
    /// Not a tracking code at all.
    Malformed,
}

#[cfg(feature = "ssr")]
fn internal(e: impl std::fmt::Display) -> PageError {
    crate::web::error::internal(&e.to_string())
}

/// The units and services to choose from, and a freshly signed form token.
#[server(prefix = "/sf", endpoint = "complaint_form")]
pub async fn load_complaint_form() -> Result<FormData, PageError> {
    let st = crate::state::app_state()?;
    let units = crate::units::repo::list_units(&st.db)
        .await
        .map_err(internal)?;
    let now = chrono::Utc::now();
    Ok(FormData {
        units,
        token: st.keys.form_token(now.timestamp()),
        today: crate::clock::wib_day(now),
    })
}

/// The public view of the complaint with this code.
#[server(prefix = "/sf", endpoint = "complaint_status")]
pub async fn load_status(code: String) -> Result<Lookup, PageError> {
    use super::domain::{CodeError, TrackingCode};
    let st = crate::state::app_state()?;
    let code = match TrackingCode::parse(&code) {
        Ok(c) => c,
        Err(CodeError::Typo) => return Ok(Lookup::Typo),
        Err(CodeError::Malformed) => return Ok(Lookup::Malformed),
    };
    Ok(super::repo::public_view(&st.db, &code)
        .await
        .map_err(internal)?
        .map_or(Lookup::NotFound, Lookup::Found))
}
