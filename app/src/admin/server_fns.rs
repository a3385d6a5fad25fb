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
    /// `(id, title, body)` of every response template, by title.
    #[serde(default)]
    pub templates: Vec<(i32, String, String)>,
    /// `(category, topic, elements)` of every conduct category's training suggestion.
    #[serde(default)]
    pub suggestions: Vec<(String, String, Vec<String>)>,
    /// This year (WIB): its holidays and the later ones show unfolded.
    #[serde(default)]
    pub year: i32,
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
        year: chrono::Datelike::year(&crate::clock::today()),
        suggestions: crate::training::repo::suggestions(&st.db)
            .await
            .map_err(fail)?
            .into_iter()
            .map(|s| (s.category, s.topic, s.elements))
            .collect(),
        templates: crate::triage::repo::templates(&st.db)
            .await
            .map_err(fail)?
            .into_iter()
            .map(|t| (t.id, t.title, t.body))
            .collect(),
        holidays: holidays
            .into_iter()
            .map(|h| (h.day.format("%Y-%m-%d").to_string(), h.name))
            .collect(),
    })
}

/// The audit page: a page of entries under the filters, every identity opening, and the
/// chain's check (admins only).
#[server(prefix = "/sf", endpoint = "admin_audit")]
pub async fn load_audit(q: super::audit::AuditQuery) -> Result<super::audit::AuditData, PageError> {
    use super::audit::{AuditData, PER_PAGE, filter_of, rows};
    use crate::web::error::AppError;
    let (st, staff) = crate::accounts::auth::admin_session().await?;
    let names = crate::accounts::repo::names(&st.db).await?;
    let mut people: Vec<(i32, String)> = names.iter().map(|(i, n)| (*i, n.clone())).collect();
    people.sort_by(|a, b| a.1.cmp(&b.1));
    let chain = crate::audit::verify_chain(&st.db).await?;
    let actions = crate::audit::actions(&st.db).await?;
    // A page past any real log is empty, not an offset the database cannot take.
    let page = q.page.unwrap_or(1).clamp(1, 100_000);
    let (filter, bad_field) = match filter_of(&st.db, &q).await {
        Ok(f) => (Some(f), None),
        Err(AppError::Validation { field, .. }) => (None, Some(field)),
        Err(e) => return Err(e.into()),
    };
    let (entries, total, reveals) = match &filter {
        Some(f) => {
            let entries = crate::audit::search(
                &st.db,
                f,
                Some(((page - 1).saturating_mul(PER_PAGE), PER_PAGE)),
            )
            .await?;
            let total = crate::audit::count(&st.db, f).await?;
            let reveal_filter = crate::audit::Filter {
                action: Some(crate::audit::REVEAL_IDENTITY.to_string()),
                ..f.clone()
            };
            let reveals = crate::audit::search(&st.db, &reveal_filter, Some((0, 500))).await?;
            (entries, total, reveals)
        }
        None => (Vec::new(), 0, Vec::new()),
    };
    Ok(AuditData {
        user: crate::accounts::auth::user_of(&staff),
        rows: rows(&st.db, entries, &names).await?,
        total,
        page,
        reveals: rows(&st.db, reveals, &names).await?,
        actions,
        people,
        chain_entries: chain.entries,
        chain_broken_at: chain.first_broken_id,
        bad_field,
    })
}
