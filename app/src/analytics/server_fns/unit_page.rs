//! A unit's public page (`/ikm/{unit}`): its index for a period, its trend, and the follow-up
//! plan it recorded for those results.

use super::PublicTrend;
use crate::followups::domain::Action;
use crate::survey::index::Report;
use crate::web::error::PageError;
use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What a unit's public page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PublicUnit {
    pub code: String,
    pub name: String,
    /// The unit above it (code, name), for a UPTD.
    pub parent: Option<(String, String)>,
    /// The units below it (code, name), each with its own page.
    pub below: Vec<(String, String)>,
    /// Its active services (code, name), each with its survey.
    pub services: Vec<(String, String)>,
    /// The period shown, in URL form (`2026`, `2026-Q3`, ...), and those offered.
    pub period: String,
    pub choices: Vec<String>,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Today (WIB), when the period is still running.
    pub running_until: Option<NaiveDate>,
    /// Its index over the period, the units below it included.
    pub report: Report,
    pub trend: PublicTrend,
    /// The follow-up actions of it and the units below it for results of the period, their
    /// free text masked (`personal_data::mask`).
    pub plan: Vec<Action>,
    /// Unit code to name, for actions of a unit below it.
    pub unit_names: Vec<(String, String)>,
}

/// A unit's page for a period (`?periode=` as on `/ikm`; an unknown one shows the current
/// year); `None` for an unknown unit.
#[server(prefix = "/sf", endpoint = "public_unit")]
pub async fn load_public_unit(
    code: String,
    period: Option<String>,
) -> Result<Option<PublicUnit>, PageError> {
    use crate::period::Period;
    use crate::survey::report::{Scope, report_of};
    let st = crate::state::app_state()?;
    let lang = crate::web::page::use_lang();
    let db = &st.db;
    // Kept while no unit or service changes (3,000 services take milliseconds to read).
    let lists = st.figures.catalog.lists(db).await?;
    let (units, all_services) = (lists.units.as_slice(), lists.services.as_slice());
    let Some(unit) = units.iter().find(|u| u.code == code) else {
        return Ok(None);
    };
    let today = crate::clock::today();
    let p = period
        .as_deref()
        .and_then(Period::parse)
        .unwrap_or(Period::year_of(today));
    let (from, to) = p.range();
    let chosen = Scope::Unit(code.clone())
        .services(units, all_services)
        .unwrap_or_default();
    let report = report_of(db, &chosen, Some(from), Some(to)).await?;
    let tree: Vec<(i32, Option<i32>)> = units.iter().map(|u| (u.id, u.parent_id)).collect();
    let reach = crate::units::domain::descendants(&tree, unit.id);
    let mine: Vec<(i32, String)> = units
        .iter()
        .filter(|u| reach.contains(&u.id))
        .map(|u| (u.id, u.code.clone()))
        .collect();
    let plan = crate::followups::repo::of_units_between(db, &mine, from, to)
        .await?
        .into_iter()
        .map(|a| Action {
            action: crate::personal_data::mask(&a.action, lang).into_owned(),
            note: a
                .note
                .as_deref()
                .map(|n| crate::personal_data::mask(n, lang).into_owned()),
            ..a
        })
        .collect();
    let services = all_services
        .iter()
        .filter(|s| s.unit_id == unit.id && s.active)
        .map(|s| (s.code.clone(), s.name.clone()))
        .collect();
    let mut choices = Period::choices(today);
    if !choices.contains(&p) {
        choices.push(p);
    }
    let trend = super::public_trend_of(db, &st.figures, lang, unit, (units, all_services)).await?;
    let named = |u: &crate::entities::unit::Model| (u.code.clone(), u.name.clone());
    Ok(Some(PublicUnit {
        code: code.clone(),
        name: unit.name.clone(),
        parent: unit
            .parent_id
            .and_then(|id| units.iter().find(|u| u.id == id))
            .map(named),
        below: units
            .iter()
            .filter(|u| u.parent_id == Some(unit.id))
            .map(named)
            .collect(),
        services,
        period: p.key(),
        choices: choices.into_iter().map(Period::key).collect(),
        from,
        to,
        running_until: (from <= today && today < to).then_some(today),
        report,
        trend,
        plan,
        unit_names: units
            .iter()
            .filter(|u| reach.contains(&u.id))
            .map(named)
            .collect(),
    }))
}
