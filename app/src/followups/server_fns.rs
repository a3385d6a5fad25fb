//! What the console's follow-up page shows: the units and periods to choose, the chosen
//! plan's actions, and the three weakest elements of that period's results as proposals.

use super::domain::Action;
use crate::web::console::ConsoleUser;
use crate::web::error::PageError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One element proposed for the plan: its code, name and index in the period (lowest
/// first).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Proposal {
    pub code: String,
    pub name: String,
    pub index: f64,
}

/// The console's follow-up page of one unit and period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanPage {
    pub user: ConsoleUser,
    /// The units the reader keeps plans for: (code, name).
    pub units: Vec<(String, String)>,
    pub unit: String,
    pub unit_name: String,
    /// The period's URL form (`2026-Q3`).
    pub period: String,
    pub from: chrono::NaiveDate,
    pub to: chrono::NaiveDate,
    /// The period's responses, and whether they are enough to call elements weak.
    pub responses: i64,
    pub enough: bool,
    pub proposals: Vec<Proposal>,
    pub actions: Vec<Action>,
    /// Every element: (code, name), for the form.
    pub elements: Vec<(String, String)>,
    pub today: chrono::NaiveDate,
}

/// The follow-up plan of `unit` (default: the reader's first) for `period` (default: the
/// last whole quarter), for an admin, a manager or a unit officer within their units.
#[server(prefix = "/sf", endpoint = "follow_up_plan")]
pub async fn load_plan(
    unit: Option<String>,
    period: Option<String>,
) -> Result<PlanPage, PageError> {
    use crate::web::error::AppError;
    let (st, staff) = crate::accounts::auth::staff_session().await?;
    if !staff.role.plans_follow_ups() {
        return Err(AppError::Forbidden.into());
    }
    let lang = crate::web::page::use_lang();
    let allowed = crate::accounts::auth::report_units(&st, &staff).await?;
    let units: Vec<crate::entities::unit::Model> = crate::units::repo::all_units(&st.db)
        .await?
        .into_iter()
        .filter(|u| allowed.as_ref().is_none_or(|a| a.contains(&u.id)))
        .collect();
    let today = crate::clock::today();
    let period = match period.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        None => crate::period::Period::last_whole_quarter(today),
        Some(p) => crate::period::Period::parse(p)
            .ok_or_else(|| AppError::invalid("follow_up_period", "periode"))?,
    };
    let chosen = match unit.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
        None => units.first().ok_or(AppError::Forbidden)?,
        Some(code) => match units.iter().find(|u| u.code == code) {
            Some(u) => u,
            // Known but not theirs: forbidden; unknown: not found.
            None if crate::units::repo::find_unit(&st.db, code).await?.is_some() => {
                return Err(AppError::Forbidden.into());
            }
            None => return Err(AppError::NotFound.into()),
        },
    };
    let (from, to) = period.range();
    let below = crate::units::repo::with_children(&st.db, &[chosen.id]).await?;
    let services: Vec<i32> = crate::units::repo::all_services(&st.db)
        .await?
        .into_iter()
        .filter(|s| below.contains(&s.unit_id))
        .map(|s| s.id)
        .collect();
    let mut totals = crate::survey::index::Totals::default();
    for t in crate::survey::repo::totals_by_service(&st.db, Some(&services), Some(from), Some(to))
        .await?
        .values()
    {
        totals.merge(&t.totals);
    }
    let report = crate::survey::index::Report::of(&totals, None);
    let mut proposals: Vec<Proposal> = report
        .index
        .map(|i| {
            i.elements
                .iter()
                .filter(|e| totals.answered[e.element.index()] > 0)
                .map(|e| Proposal {
                    code: e.element.code().into(),
                    name: crate::survey::questionnaire::wording(e.element, lang)
                        .name
                        .into(),
                    index: e.index.to_f64(),
                })
                .collect()
        })
        .unwrap_or_default();
    proposals.sort_by(|a, b| a.index.total_cmp(&b.index).then(a.code.cmp(&b.code)));
    proposals.truncate(3);
    let actions = super::repo::of_units(
        &st.db,
        &[(chosen.id, chosen.code.clone())],
        Some(&[period.key()]),
    )
    .await?;
    Ok(PlanPage {
        user: crate::accounts::auth::user_of(&staff),
        units: units
            .iter()
            .map(|u| (u.code.clone(), u.name.clone()))
            .collect(),
        unit: chosen.code.clone(),
        unit_name: chosen.name.clone(),
        period: period.key(),
        from,
        to,
        responses: totals.responses,
        enough: totals.responses >= crate::survey::domain::ENOUGH_RESPONSES,
        proposals,
        actions,
        elements: crate::survey::questionnaire::names(lang),
        today,
    })
}
