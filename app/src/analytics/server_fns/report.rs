//! The periodic SKM report, for A4.

use super::AnalyticsQuery;
use crate::web::console::ConsoleUser;
use crate::web::error::PageError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One element's line of the SKM report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportElement {
    pub code: String,
    pub name: String,
    pub answered: i64,
    pub sum: i64,
    /// NRR with 4 decimals, and its weighted value (NRR x 1/9) with 4.
    pub nrr: f64,
    pub weighted: f64,
    pub index: f64,
    pub grade: String,
}

/// One group of the respondent profile, its rows in their natural order (age bands from the
/// youngest, education levels from the lowest, "not given" last).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileGroup {
    /// `gender`, `age`, `education` or `occupation`.
    pub group: String,
    pub rows: Vec<(String, i64)>,
}

/// Who may print which SKM report: the units to choose from, and whether the province-wide
/// report ("all units") is among them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportScope {
    pub user: ConsoleUser,
    pub units: Vec<(String, String)>,
    pub all_units: bool,
}

/// The periodic SKM report of a unit (or of every unit), in the regulation's usual order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SkmReport {
    /// Empty for the report of every unit.
    pub unit_code: String,
    pub unit_name: String,
    pub from: chrono::NaiveDate,
    pub to: chrono::NaiveDate,
    pub responses: i64,
    pub min_sample: Option<u64>,
    pub sample_reached: Option<bool>,
    pub profile: Vec<ProfileGroup>,
    pub elements: Vec<ReportElement>,
    pub ikm: Option<f64>,
    pub grade: Option<String>,
    pub grade_label: Option<String>,
    /// `(day, text)`, latest first, at most [`MAX_SUGGESTIONS`].
    pub suggestions: Vec<(chrono::NaiveDate, String)>,
    /// Every suggestion of the period, shown or not.
    pub suggestions_total: usize,
    /// The three elements with the lowest index, lowest first: the follow-up plan's subject.
    pub weakest: Vec<ReportElement>,
}

/// The most suggestions a printed report lists (the latest).
pub const MAX_SUGGESTIONS: usize = 300;

/// The units a staff member may print SKM reports for: a unit officer their own units
/// (and those below); everyone who reads figures, the units they read (`None`: all).
#[cfg(feature = "ssr")]
async fn report_units(
    st: &crate::state::AppState,
    staff: &crate::accounts::session::Staff,
) -> Result<Option<Vec<i32>>, crate::web::error::AppError> {
    use crate::accounts::domain::Role;
    match staff.role {
        Role::UnitOfficer if staff.unit_ids.is_empty() => {
            Err(crate::web::error::AppError::Forbidden)
        }
        Role::UnitOfficer => Ok(Some(
            crate::units::repo::with_children(&st.db, &staff.unit_ids).await?,
        )),
        _ => crate::accounts::auth::stats_units(st, staff).await,
    }
}

/// The SKM report's choices for the signed-in staff member.
#[server(prefix = "/sf", endpoint = "skm_report_scope")]
pub async fn load_report_scope() -> Result<ReportScope, PageError> {
    use crate::accounts::auth::{staff_session as session, user_of};
    let (st, staff) = session().await?;
    let allowed = report_units(&st, &staff).await?;
    let units = crate::units::repo::all_units(&st.db).await?;
    Ok(ReportScope {
        user: user_of(&staff),
        units: units
            .into_iter()
            .filter(|u| allowed.as_ref().is_none_or(|a| a.contains(&u.id)))
            .map(|u| (u.code, u.name))
            .collect(),
        all_units: allowed.is_none(),
    })
}

/// The SKM report of a unit with the units below it (or of every unit, for those who may
/// read them all), for admins, managers and inspectors within their units and unit officers
/// for their own.
#[server(prefix = "/sf", endpoint = "skm_report")]
pub async fn load_skm_report(q: AnalyticsQuery) -> Result<SkmReport, PageError> {
    use crate::accounts::auth::staff_session as session;
    use crate::survey::domain::{EDUCATION_LEVELS, OCCUPATIONS};
    use crate::tr;
    use crate::web::error::AppError;
    let (st, staff) = session().await?;
    let lang = crate::web::page::use_lang();
    let allowed = report_units(&st, &staff).await?;
    let (from, to) = crate::web::period::date_range(&q.from, &q.to)?;
    let units = crate::units::repo::all_units(&st.db).await?;
    let mut code = q.unit.clone().unwrap_or_default();
    if let (true, Some(a)) = (code.is_empty(), &allowed) {
        // Only those who read every unit print the province-wide report; the others start
        // with their first unit.
        code = units
            .iter()
            .find(|u| a.contains(&u.id))
            .map(|u| u.code.clone())
            .ok_or(AppError::Forbidden)?;
    }
    let (unit_code, unit_name, chosen) = if code.is_empty() {
        (
            String::new(),
            tr!(lang, "analytics.all_units"),
            units.iter().map(|u| u.id).collect::<Vec<_>>(),
        )
    } else {
        let unit = units
            .iter()
            .find(|u| u.code == code)
            .ok_or(AppError::NotFound)?;
        let below = crate::units::repo::with_children(&st.db, &[unit.id]).await?;
        if let Some(a) = &allowed
            && below.iter().any(|u| !a.contains(u))
        {
            return Err(AppError::Forbidden.into());
        }
        (unit.code.clone(), unit.name.clone(), below)
    };
    let services: Vec<crate::entities::service::Model> = crate::units::repo::all_services(&st.db)
        .await?
        .into_iter()
        .filter(|s| chosen.contains(&s.unit_id))
        .collect();
    let service_ids: Vec<i32> = services.iter().map(|s| s.id).collect();
    let rows = crate::analytics::repo::responses(&st.db, &service_ids, from, to).await?;
    // (group, rank) -> (label, count); ranks give each group its natural order.
    let mut counts: std::collections::BTreeMap<(usize, usize), (String, i64)> = Default::default();
    let mut bump = |g: usize, rank: usize, label: &dyn Fn() -> String| {
        counts.entry((g, rank)).or_insert_with(|| (label(), 0)).1 += 1;
    };
    let unknown = || tr!(lang, "report.unknown");
    const LAST: usize = usize::MAX;
    let mut suggestions = Vec::new();
    let mut totals = crate::survey::index::Totals::default();
    for r in &rows {
        match r.gender.as_deref() {
            Some(g) => bump(0, usize::from(g != "L"), &|| {
                tr!(lang, &format!("survey.gender.{g}"))
            }),
            None => bump(0, LAST, &unknown),
        }
        match r.age {
            None => bump(1, LAST, &unknown),
            Some(a) if a < 20 => bump(1, 0, &|| "< 20".into()),
            Some(a) if a >= 60 => bump(1, 60, &|| "≥ 60".into()),
            Some(a) => {
                let low = (a / 10 * 10) as usize;
                bump(1, low, &|| format!("{low}-{}", low + 9));
            }
        }
        match r.education.as_deref() {
            Some(e) => {
                let rank = EDUCATION_LEVELS
                    .iter()
                    .position(|x| *x == e)
                    .unwrap_or(LAST - 1);
                bump(2, rank, &|| tr!(lang, &format!("edu.{e}")));
            }
            None => bump(2, LAST, &unknown),
        }
        match r.occupation.as_deref() {
            Some(o) => {
                let rank = OCCUPATIONS.iter().position(|x| *x == o).unwrap_or(LAST - 1);
                bump(3, rank, &|| tr!(lang, &format!("job.{o}")));
            }
            None => bump(3, LAST, &unknown),
        }
        if let Some(s) = r.suggestion.as_deref().filter(|s| !s.trim().is_empty()) {
            suggestions.push((r.day, s.to_string()));
        }
        let a = [r.u1, r.u2, r.u3, r.u4, r.u5, r.u6, r.u7, r.u8, r.u9];
        totals.add_response(a.map(|x| x.map(|v| v as u8)));
    }
    let groups = ["gender", "age", "education", "occupation"];
    let profile = groups
        .iter()
        .enumerate()
        .map(|(g, name)| ProfileGroup {
            group: (*name).into(),
            rows: counts
                .range((g, 0)..=(g, LAST))
                .map(|(_, (label, n))| (label.clone(), *n))
                .collect(),
        })
        .collect();
    suggestions.sort_by_key(|s| std::cmp::Reverse(s.0));
    let suggestions_total = suggestions.len();
    suggestions.truncate(MAX_SUGGESTIONS);
    let today = crate::clock::today();
    let refs: Vec<&crate::entities::service::Model> = services.iter().collect();
    let report = crate::survey::index::Report::of(
        &totals,
        crate::survey::report::population(
            &refs,
            crate::survey::report::served_days(from, to, today),
        ),
    );
    let elements: Vec<ReportElement> = report
        .index
        .as_ref()
        .map(|i| {
            i.elements
                .iter()
                .map(|e| {
                    let k = e.element.index();
                    ReportElement {
                        code: e.element.code().into(),
                        name: crate::survey::questionnaire::wording(e.element, lang)
                            .name
                            .into(),
                        answered: totals.answered[k],
                        sum: totals.sums[k],
                        nrr: e.nrr.to_f64(),
                        weighted: (e.nrr.to_f64() / 9.0 * 10_000.0).round() / 10_000.0,
                        index: e.index.to_f64(),
                        grade: crate::survey::index::Grade::of(e.index).letter().into(),
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    let mut weakest: Vec<ReportElement> = elements
        .iter()
        .filter(|e| e.answered > 0)
        .cloned()
        .collect();
    weakest.sort_by(|a, b| a.index.total_cmp(&b.index).then(a.code.cmp(&b.code)));
    weakest.truncate(3);
    Ok(SkmReport {
        unit_code,
        unit_name,
        from,
        to,
        responses: report.responses,
        min_sample: report.min_sample,
        sample_reached: report.sample_reached(),
        profile,
        elements,
        ikm: report.index.map(|i| i.ikm.to_f64()),
        grade: report.index.map(|i| i.grade().letter().to_string()),
        grade_label: report
            .index
            .map(|i| tr!(lang, &format!("grade.{}", i.grade().letter()))),
        suggestions,
        suggestions_total,
        weakest,
    })
}
