//! Server functions feeding the admin page.

use crate::web::console::ConsoleUser;
use crate::web::error::PageError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One staff account as the admin page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffRow {
    pub id: i32,
    pub email: String,
    pub name: String,
    pub role: String,
    pub unit_codes: Vec<String>,
    pub active: bool,
}

/// One unit as the admin page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitRow {
    pub code: String,
    pub name: String,
    pub parent_code: Option<String>,
}

/// One service, active or not, as the admin page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceRow {
    pub code: String,
    pub name: String,
    pub unit_code: String,
    pub monthly_served: Option<i32>,
    pub active: bool,
}

/// The admin page's data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminData {
    pub user: ConsoleUser,
    pub staff: Vec<StaffRow>,
    /// Every unit, by name.
    pub units: Vec<UnitRow>,
    /// Every service, by name.
    pub services: Vec<ServiceRow>,
    /// `(YYYY-MM-DD, name)`, by date.
    pub holidays: Vec<(String, String)>,
}

/// Everything the admin page shows (admins only).
#[server(prefix = "/sf", endpoint = "admin_data")]
pub async fn load_admin() -> Result<AdminData, PageError> {
    let (st, staff) = crate::accounts::auth::admin_session().await?;
    let fail = |e: sea_orm::DbErr| PageError::from(e);
    let units = crate::units::repo::all_units(&st.db).await.map_err(fail)?;
    let code_of: std::collections::HashMap<i32, String> =
        units.iter().map(|u| (u.id, u.code.clone())).collect();
    let mut services = crate::units::repo::all_services(&st.db)
        .await
        .map_err(fail)?;
    services.sort_by(|a, b| a.name.cmp(&b.name));
    let (users, links) = crate::accounts::repo::all_users(&st.db)
        .await
        .map_err(fail)?;
    let holidays = crate::calendar::repo::holidays(&st.db)
        .await
        .map_err(fail)?;
    Ok(AdminData {
        user: crate::accounts::auth::user_of(&staff),
        staff: users
            .into_iter()
            .map(|u| StaffRow {
                unit_codes: links
                    .iter()
                    .filter(|l| l.user_id == u.id)
                    .filter_map(|l| code_of.get(&l.unit_id).cloned())
                    .collect(),
                id: u.id,
                email: u.email,
                name: u.name,
                role: u.role,
                active: u.active,
            })
            .collect(),
        services: services
            .into_iter()
            .map(|s| ServiceRow {
                unit_code: code_of.get(&s.unit_id).cloned().unwrap_or_default(),
                code: s.code,
                name: s.name,
                monthly_served: s.monthly_served,
                active: s.active,
            })
            .collect(),
        units: units
            .into_iter()
            .map(|u| UnitRow {
                parent_code: u.parent_id.and_then(|p| code_of.get(&p).cloned()),
                code: u.code,
                name: u.name,
            })
            .collect(),
        holidays: holidays
            .into_iter()
            .map(|h| (h.day.format("%Y-%m-%d").to_string(), h.name))
            .collect(),
    })
}
