//! Server functions feeding the admin page.

use crate::triage::server_fns::ConsoleUser;
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

/// The admin page's data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminData {
    pub user: ConsoleUser,
    pub staff: Vec<StaffRow>,
    /// `(code, name)` of every unit.
    pub units: Vec<(String, String)>,
    /// `(YYYY-MM-DD, name)`, by date.
    pub holidays: Vec<(String, String)>,
}

/// Everything the admin page shows (admins only).
#[server(prefix = "/sf", endpoint = "admin_data")]
pub async fn load_admin() -> Result<AdminData, ServerFnError> {
    use crate::accounts::domain::Role;
    use crate::entities::{holiday, user, user_unit};
    use sea_orm::{EntityTrait, QueryOrder};
    let (st, staff) = crate::triage::server_fns::session().await?;
    if staff.role != Role::Admin {
        return Err(ServerFnError::new("forbidden"));
    }
    let fail = |e: sea_orm::DbErr| {
        ServerFnError::new(format!(
            "incident {}",
            crate::error::log_incident(&e.to_string())
        ))
    };
    let units = crate::units::repo::all_units(&st.db).await.map_err(fail)?;
    let code_of: std::collections::HashMap<i32, String> =
        units.iter().map(|u| (u.id, u.code.clone())).collect();
    let links = user_unit::Entity::find().all(&st.db).await.map_err(fail)?;
    let users = user::Entity::find()
        .order_by_asc(user::Column::Email)
        .all(&st.db)
        .await
        .map_err(fail)?;
    let holidays = holiday::Entity::find()
        .order_by_asc(holiday::Column::Day)
        .all(&st.db)
        .await
        .map_err(fail)?;
    Ok(AdminData {
        user: crate::triage::server_fns::user_of(&staff),
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
        units: units.into_iter().map(|u| (u.code, u.name)).collect(),
        holidays: holidays
            .into_iter()
            .map(|h| (h.day.format("%Y-%m-%d").to_string(), h.name))
            .collect(),
    })
}
