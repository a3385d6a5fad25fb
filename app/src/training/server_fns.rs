//! Training programs and the estimated impact of one.

use crate::web::console::ConsoleUser;
use crate::web::error::PageError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A program in the list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgramRow {
    pub id: i32,
    pub name: String,
    pub topic: String,
    pub targets: String,
    pub units: String,
    pub participants: i32,
    pub start: String,
    pub end: String,
    /// The day it was registered, in words.
    pub registered: String,
    /// Registered on or after its first day: exploratory.
    pub retrospective: bool,
}

/// The training page's data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrainingData {
    pub user: ConsoleUser,
    pub programs: Vec<ProgramRow>,
    pub rollouts: Vec<super::rollout_fns::RolloutRow>,
    pub units: Vec<(String, String)>,
    /// Whether this account may register a program (the form is shown).
    pub may_register: bool,
}

/// A program as the pages show it: units by their names and elements with theirs.
#[cfg(feature = "ssr")]
pub(crate) fn program_row(
    p: &crate::training::programs::ProgramView,
    units: &[crate::entities::unit::Model],
    lang: crate::i18n::Lang,
) -> ProgramRow {
    let targets = p
        .target_elements
        .iter()
        .map(|code| {
            crate::survey::domain::Element::from_code(code)
                .map(|e| {
                    format!(
                        "{code} {}",
                        crate::survey::questionnaire::wording(e, lang).name
                    )
                })
                .unwrap_or_else(|| code.clone())
        })
        .collect::<Vec<_>>()
        .join(", ");
    let unit_names = p
        .unit_codes
        .iter()
        .map(|code| {
            units
                .iter()
                .find(|u| &u.code == code)
                .map_or_else(|| code.clone(), |u| u.name.clone())
        })
        .collect::<Vec<_>>()
        .join(", ");
    ProgramRow {
        id: p.id,
        name: p.name.clone(),
        topic: p.topic.clone(),
        targets,
        units: unit_names,
        participants: p.participants,
        start: p.start_date.clone(),
        end: p.end_date.clone(),
        registered: chrono::NaiveDate::parse_from_str(&p.registered_on, "%Y-%m-%d")
            .map(|d| lang.date(d))
            .unwrap_or_else(|_| p.registered_on.clone()),
        retrospective: p.retrospective,
    }
}

/// Programs for admins, managers and inspectors (admins and managers also get the form,
/// with the units they read).
#[server(prefix = "/sf", endpoint = "training")]
pub async fn load_training() -> Result<TrainingData, PageError> {
    use crate::accounts::auth::{staff_session as session, user_of};
    let (st, staff) = session().await?;
    let allowed = crate::accounts::auth::stats_units(&st, &staff)
        .await
        .map_err(PageError::from)?;
    let programs = crate::training::programs::visible_programs(&st.db, allowed.as_deref())
        .await
        .map_err(PageError::from)?;
    let units = crate::units::repo::all_units(&st.db)
        .await
        .map_err(PageError::from)?;
    let may_register = staff.role.registers_programs();
    let rollouts =
        super::rollout_fns::rollout_rows(&st.db, allowed.as_deref(), crate::web::page::use_lang())
            .await
            .map_err(PageError::from)?;
    Ok(TrainingData {
        may_register,
        rollouts,
        user: user_of(&staff),
        programs: programs
            .iter()
            .map(|p| program_row(p, &units, crate::web::page::use_lang()))
            .collect(),
        units: units
            .into_iter()
            .filter(|u| allowed.as_ref().is_none_or(|a| a.contains(&u.id)))
            .map(|u| (u.code, u.name))
            .collect(),
    })
}

/// One estimate as the page shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EffectRow {
    pub label: String,
    pub estimate: Option<f64>,
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
    pub p_value: Option<f64>,
    /// Holm-adjusted across the targeted elements.
    pub p_holm: Option<f64>,
}

/// One month of the event study as the page shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventRow {
    pub month: i32,
    pub estimate: f64,
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
    pub p_value: f64,
}

/// The impact page's data, every sentence already in the reader's language.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImpactData {
    pub user: ConsoleUser,
    /// `ikm` or `conduct`: what the effect is measured on.
    #[serde(default)]
    pub outcome: String,
    pub program: ProgramRow,
    pub pre: (String, String),
    pub post: (String, String),
    /// `improved`, `worsened`, `no_measurable_change`, `insufficient_data`.
    pub verdict: String,
    /// The verdict said for a manager, with the numbers in it.
    pub summary: String,
    /// Why there is no estimate, when there is none.
    pub reasons: Vec<String>,
    /// How the interval was obtained, in words.
    pub method: Option<String>,
    pub overall: Option<EffectRow>,
    /// `[trained, comparison]` x `[before, after]`, and the months in words.
    pub before_after: Option<([[f64; 2]; 2], String, String)>,
    /// The ANCOVA bound, when the trained units were among the lowest before.
    pub ancova: Option<EffectRow>,
    pub mde: Option<f64>,
    pub elements: Vec<EffectRow>,
    pub event_study: Vec<EventRow>,
    pub pre_trend: Option<String>,
    pub treated: Vec<String>,
    pub controls: Vec<String>,
    /// `(unit, why)`.
    pub excluded: Vec<(String, String)>,
    /// Comparison units compared on their own months, `(unit, months missing in words)`.
    pub missing: Vec<(String, String)>,
    /// Comparison units kept with a caveat, `(unit, why)`.
    pub caveats: Vec<(String, String)>,
    /// When and how the comparison set was fixed, in words.
    pub comparison_note: String,
    pub selection_warning: bool,
    pub chart_svg: String,
}

/// A program's impact for admins, managers and inspectors.
#[server(prefix = "/sf", endpoint = "impact")]
pub async fn load_impact(id: i32, outcome: Option<String>) -> Result<ImpactData, PageError> {
    use crate::accounts::auth::{staff_session as session, user_of};
    let (st, staff) = session().await?;
    let allowed = crate::accounts::auth::stats_units(&st, &staff)
        .await
        .map_err(PageError::from)?;
    let lang = crate::web::page::use_lang();
    Ok(crate::training::impact_page::build(
        &st.db,
        allowed.as_deref(),
        id,
        crate::training::impact::report::ImpactOutcome::of(outcome.as_deref()),
        lang,
        user_of(&staff),
    )
    .await?)
}
