//! Server functions feeding the console pages. Each reads the session from the request and
//! answers `unauthorized` without one, so the page can send the browser to sign in.

use super::view::{CaseView, QueuePage, QueueQuery};
#[cfg(feature = "ssr")]
use crate::accounts::auth::{staff_session, user_of};
use crate::web::console::ConsoleUser;
use crate::web::error::PageError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The queue page's data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConsoleQueue {
    pub user: ConsoleUser,
    pub page: QueuePage,
    /// `(code, name)` of every unit, for the filter.
    pub units: Vec<(String, String)>,
    /// A unit officer's units' open early-warning alarms (the IKM fell).
    pub alarms: Vec<crate::analytics::warning_view::AlarmView>,
    /// The reader is an inspector (the "kasus saya" filter and the handler column).
    #[serde(default)]
    pub inspector: bool,
}

/// The case page's data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsoleCase {
    pub user: ConsoleUser,
    pub case: CaseView,
    pub units: Vec<(String, String)>,
    /// `(id, title, body)` of the admins' response templates, offered by the reply and
    /// question forms.
    #[serde(default)]
    pub templates: Vec<(i32, String, String)>,
}

#[cfg(feature = "ssr")]
async fn units(st: &crate::state::AppState) -> Result<Vec<(String, String)>, PageError> {
    Ok(st
        .figures
        .catalog
        .lists(&st.db)
        .await?
        .units
        .iter()
        .map(|u| (u.code.clone(), u.name.clone()))
        .collect())
}

/// The queue for the signed-in staff member.
#[server(prefix = "/sf", endpoint = "console_queue")]
pub async fn load_console_queue(q: QueueQuery) -> Result<ConsoleQueue, PageError> {
    let (st, staff) = staff_session().await?;
    let page = super::cases::queue_page(&st, &staff, &q).await?;
    let lists = st.figures.catalog.lists(&st.db).await?;
    let alarms = match staff.role {
        crate::accounts::domain::Role::UnitOfficer => {
            let mine = lists.with_children(&staff.unit_ids);
            crate::analytics::warning::repo::views(
                &st.db,
                Some(&mine),
                crate::clock::today(),
                crate::web::page::use_lang(),
            )
            .await?
        }
        _ => Vec::new(),
    };
    // The unit filter lists the units the reader may see: an officer's own (and those below
    // them), an area inspector's; every unit for the head.
    let visible = match super::service::scope_of(&st.db, &staff).await? {
        Some(super::repo::Scope::Units(ids)) | Some(super::repo::Scope::Assigned(ids)) => {
            Some(lists.with_children(&ids))
        }
        _ => None,
    };
    let units = lists
        .units
        .iter()
        .filter(|u| visible.as_ref().is_none_or(|ids| ids.contains(&u.id)))
        .map(|u| (u.code.clone(), u.name.clone()))
        .collect();
    Ok(ConsoleQueue {
        inspector: staff.role == crate::accounts::domain::Role::Inspector,
        user: user_of(&staff),
        units,
        page,
        alarms,
    })
}

/// One case for the signed-in staff member.
#[server(prefix = "/sf", endpoint = "console_case")]
pub async fn load_console_case(code: String) -> Result<ConsoleCase, PageError> {
    let (st, staff) = staff_session().await?;
    let case = super::cases::case_view(&st, &staff, &code).await?;
    let templates = super::repo::templates(&st.db)
        .await?
        .into_iter()
        .map(|t| (t.id, t.title, t.body))
        .collect();
    Ok(ConsoleCase {
        user: user_of(&staff),
        units: units(&st).await?,
        case,
        templates,
    })
}

/// The repeat-name page's data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsoleRepeatNames {
    pub user: ConsoleUser,
    pub names: super::view::RepeatNames,
}

/// The earlier reports naming the same officer as case `code` (inspectors only; the look
/// is audited by the service).
#[server(prefix = "/sf", endpoint = "console_repeat_names")]
pub async fn load_repeat_names(code: String) -> Result<ConsoleRepeatNames, PageError> {
    let (st, staff) = crate::accounts::auth::inspector_session().await?;
    let names = super::outcome::repeat_names(&st, &staff, &code).await?;
    Ok(ConsoleRepeatNames {
        user: user_of(&staff),
        names,
    })
}
