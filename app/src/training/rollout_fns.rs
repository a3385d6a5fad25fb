//! The console's randomized rollouts: the plan page's preview and one rollout's calendar and
//! result, every sentence already in the reader's language.

use super::server_fns::EffectRow;
use crate::web::console::ConsoleUser;
use crate::web::error::PageError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A rollout in the training page's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RolloutRow {
    pub id: i32,
    pub name: String,
    pub topic: String,
    /// The waves' first days, in words.
    pub waves: String,
    pub units: usize,
    /// The day it was registered, in words.
    pub registered: String,
}

/// What the plan form holds (from the query of a preview, or a refused registration).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanForm {
    pub name: String,
    pub topic: String,
    pub targets: Vec<String>,
    pub units: Vec<String>,
    pub waves: Vec<String>,
}

/// One line of the planning table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MdeLine {
    pub units: usize,
    pub waves: usize,
    pub mde: Option<f64>,
}

/// What the plan can expect, before anything is fixed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanPreview {
    pub clusters: usize,
    pub units: usize,
    pub with_baseline: usize,
    pub assignments: usize,
    pub ready: bool,
    pub lines: Vec<MdeLine>,
}

/// The plan page's data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanData {
    pub user: ConsoleUser,
    /// `(code, name)` of the units the reader may plan for, offices before their UPTDs.
    pub units: Vec<(String, String)>,
    pub preview: Option<PlanPreview>,
    /// A refused preview: `(field, message)`.
    pub error: Option<(String, String)>,
    /// Today (WIB), `YYYY-MM-DD`: the first wave must come after it.
    pub today: String,
}

/// The plan page: the reader's units and, when `form` asks, the preview of that plan.
#[server(prefix = "/sf", endpoint = "rollout_plan")]
pub async fn load_rollout_plan(form: Option<PlanForm>) -> Result<PlanData, PageError> {
    use crate::accounts::auth::{staff_session as session, user_of};
    let (st, staff) = session().await?;
    if !staff.role.registers_programs() {
        return Err(PageError::Forbidden);
    }
    let allowed = crate::accounts::auth::stats_units(&st, &staff)
        .await
        .map_err(PageError::from)?;
    let lang = crate::web::page::use_lang();
    let all = crate::units::repo::all_units(&st.db)
        .await
        .map_err(PageError::from)?;
    let units = crate::training::rollout::page::plan_units(&all, allowed.as_deref());
    let (preview, error) = match form {
        None => (None, None),
        Some(f) => crate::training::rollout::page::preview(&st, &staff, f, lang).await?,
    };
    Ok(PlanData {
        user: user_of(&staff),
        units,
        preview,
        error,
        today: crate::clock::today().to_string(),
    })
}

/// One wave on the calendar.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaveRow {
    /// 1-based.
    pub number: usize,
    pub starts: String,
    /// Whether its first day has come.
    pub started: bool,
    pub units: Vec<String>,
}

/// A rollout's page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RolloutData {
    pub user: ConsoleUser,
    pub name: String,
    pub topic: String,
    pub targets: String,
    pub registered: String,
    pub seed: u64,
    pub plan_hash: String,
    pub planned_mde: Option<f64>,
    pub waves: Vec<WaveRow>,
    /// `improved`, `worsened`, `no_measurable_change`, `insufficient_data`.
    pub verdict: String,
    pub summary: String,
    pub reasons: Vec<String>,
    pub method: Option<String>,
    pub overall: Option<EffectRow>,
    pub elements: Vec<EffectRow>,
    pub mde: Option<f64>,
    /// The baseline months and the months compared, in words.
    pub baseline: String,
    pub compared: String,
    /// `(unit, why)`.
    pub excluded: Vec<(String, String)>,
    /// `(unit, months)`.
    pub missing: Vec<(String, String)>,
}

/// A rollout's calendar and, once its months are in, its result.
#[server(prefix = "/sf", endpoint = "rollout")]
pub async fn load_rollout(id: i32) -> Result<RolloutData, PageError> {
    use crate::accounts::auth::{staff_session as session, user_of};
    use crate::web::error::AppError;
    let (st, staff) = session().await?;
    let allowed = crate::accounts::auth::stats_units(&st, &staff)
        .await
        .map_err(PageError::from)?;
    let lang = crate::web::page::use_lang();
    let (v, r) = crate::training::rollout::service::view_and_impact(&st.db, id, allowed.as_deref())
        .await
        .map_err(PageError::from)?
        .ok_or_else(|| PageError::from(AppError::NotFound))?;
    Ok(crate::training::rollout::page::rollout(
        &v,
        &r,
        lang,
        user_of(&staff),
        crate::clock::today(),
    ))
}

/// The rollouts in the training page's list, in the reader's language.
#[cfg(feature = "ssr")]
pub async fn rollout_rows(
    db: &impl sea_orm::ConnectionTrait,
    allowed: Option<&[i32]>,
    lang: crate::i18n::Lang,
) -> Result<Vec<RolloutRow>, sea_orm::DbErr> {
    Ok(crate::training::rollout::service::visible(db, allowed)
        .await?
        .into_iter()
        .map(|v| RolloutRow {
            id: v.id,
            name: v.name,
            topic: v.topic,
            waves: v
                .waves
                .iter()
                .map(|d| lang.date(*d))
                .collect::<Vec<_>>()
                .join(" · "),
            units: v.assignment.len(),
            registered: chrono::DateTime::parse_from_rfc3339(&v.registered_at)
                .map(|t| lang.date(crate::clock::wib_day(t.with_timezone(&chrono::Utc))))
                .unwrap_or_default(),
        })
        .collect())
}
