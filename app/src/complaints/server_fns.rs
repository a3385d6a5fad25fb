//! Server functions feeding the complaint pages (public reads; they run during SSR).

use super::view::{FormData, PublicComplaint};
use crate::web::error::PageError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What a status lookup found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Lookup {
    Found(Box<PublicComplaint>),
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
    let now = crate::clock::now();
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
        .map_or(Lookup::NotFound, |c| Lookup::Found(Box::new(c))))
}

/// The receipt of the report just filed, when this request carries its key (once); the
/// response removes the key's cookie so that it is never shown again.
#[server(prefix = "/sf", endpoint = "receipt_key")]
pub async fn load_receipt_key(
    code: String,
) -> Result<Option<super::view::FreshReceipt>, PageError> {
    let st = crate::state::app_state()?;
    let headers: axum::http::HeaderMap = leptos_axum::extract().await.map_err(internal)?;
    let Some((key, clear)) = super::receipt::take_receipt_key(&st, &headers, &code) else {
        return Ok(None);
    };
    if let Some(r) = use_context::<leptos_axum::ResponseOptions>()
        && let Ok(v) = axum::http::HeaderValue::from_str(&clear)
    {
        r.append_header(axum::http::header::SET_COOKIE, v);
    }
    let emailed = match super::domain::TrackingCode::parse(&code) {
        Ok(c) => super::repo::find(&st.db, &c)
            .await?
            .is_some_and(|c| c.reporter_has_email),
        Err(_) => false,
    };
    Ok(Some(super::view::FreshReceipt {
        key: key.grouped(),
        url: format!("{}/lacak/{code}", st.settings.public_base_url),
        emailed,
        ..Default::default()
    }))
}
