//! Server functions feeding the console pages. Each reads the session from the request and
//! answers `unauthorized` without one, so the page can send the browser to sign in.

use super::view::{CaseView, QueuePage, QueueQuery};
use crate::web::error::PageError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The signed-in staff member, as the console header shows them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsoleUser {
    pub name: String,
    pub role: String,
    pub csrf: String,
}

/// The queue page's data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsoleQueue {
    pub user: ConsoleUser,
    pub page: QueuePage,
    /// `(code, name)` of every unit, for the filter.
    pub units: Vec<(String, String)>,
}

/// The case page's data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsoleCase {
    pub user: ConsoleUser,
    pub case: CaseView,
    pub units: Vec<(String, String)>,
}

/// The message of a server function error meaning "sign in first".
pub const UNAUTHORIZED: &str = "unauthorized";

#[cfg(feature = "ssr")]
pub(crate) async fn session()
-> Result<(crate::state::AppState, crate::accounts::session::Staff), PageError> {
    let st = crate::state::app_state()?;
    let parts: axum::http::request::Parts = leptos_axum::extract().await?;
    match crate::accounts::session::staff_of(&st, &parts.headers).await {
        Ok(Some(s)) => Ok((st, s)),
        Ok(None) => Err(to_sfe(crate::error::AppError::Unauthorized)),
        Err(e) => Err(to_sfe(e)),
    }
}

/// The error a server function answers with, its HTTP status set to match (401, 403, 404,
/// or 500 with an incident number and the cause in the log). A page that calls the
/// function during rendering sets its own status afterwards.
#[cfg(feature = "ssr")]
pub(crate) fn to_sfe(e: crate::error::AppError) -> PageError {
    e.into()
}

#[cfg(feature = "ssr")]
async fn units(st: &crate::state::AppState) -> Result<Vec<(String, String)>, PageError> {
    Ok(crate::units::repo::all_units(&st.db)
        .await
        .map_err(|e| to_sfe(e.into()))?
        .into_iter()
        .map(|u| (u.code, u.name))
        .collect())
}

#[cfg(feature = "ssr")]
pub(crate) fn user_of(s: &crate::accounts::session::Staff) -> ConsoleUser {
    ConsoleUser {
        name: s.name.clone(),
        role: s.role.code().into(),
        csrf: s.csrf.clone(),
    }
}

/// The queue for the signed-in staff member.
#[server(prefix = "/sf", endpoint = "console_queue")]
pub async fn load_console_queue(q: QueueQuery) -> Result<ConsoleQueue, PageError> {
    let (st, staff) = session().await?;
    let page = super::api::queue_page(&st, &staff, &q)
        .await
        .map_err(to_sfe)?;
    Ok(ConsoleQueue {
        user: user_of(&staff),
        units: units(&st).await?,
        page,
    })
}

/// One case for the signed-in staff member.
#[server(prefix = "/sf", endpoint = "console_case")]
pub async fn load_console_case(code: String) -> Result<ConsoleCase, PageError> {
    let (st, staff) = session().await?;
    let case = super::api::case_view(&st, &staff, &code)
        .await
        .map_err(to_sfe)?;
    Ok(ConsoleCase {
        user: user_of(&staff),
        units: units(&st).await?,
        case,
    })
}

/// The signed-in staff member (pages that need only the header and the CSRF token).
#[server(prefix = "/sf", endpoint = "console_user")]
pub async fn load_console_user() -> Result<ConsoleUser, PageError> {
    let (_, staff) = session().await?;
    Ok(user_of(&staff))
}
