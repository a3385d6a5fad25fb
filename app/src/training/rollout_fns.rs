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
    use crate::accounts::auth::{Caller, staff_session as session, user_of};
    use crate::web::error::AppError;
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
    // Offices, each followed by its UPTDs, so that the groups drawn together read together.
    let mut units = Vec::new();
    for office in all.iter().filter(|u| u.parent_id.is_none()) {
        for u in
            std::iter::once(office).chain(all.iter().filter(|u| u.parent_id == Some(office.id)))
        {
            if allowed.as_ref().is_none_or(|a| a.contains(&u.id)) {
                let name = if u.parent_id.is_some() {
                    format!("↳ {}", u.name)
                } else {
                    u.name.clone()
                };
                units.push((u.code.clone(), name));
            }
        }
    }
    let mut preview = None;
    let mut error = None;
    if let Some(f) = form {
        let body = crate::training::rollout::plan::NewRollout {
            name: f.name,
            topic: f.topic,
            target_elements: f.targets,
            units: f.units,
            waves: f
                .waves
                .into_iter()
                .filter(|w| !w.trim().is_empty())
                .collect(),
        };
        let refused = |code: &str, field: &str| {
            Some((
                field.to_string(),
                crate::tr!(lang, &format!("error.{code}")),
            ))
        };
        match body.check(crate::clock::today()) {
            Err((code, field)) => error = refused(code, field),
            Ok(plan) => {
                match crate::training::rollout::service::preview(
                    &st,
                    &Caller::Staff(staff.clone()),
                    &plan,
                )
                .await
                {
                    Ok(p) => {
                        preview = Some(PlanPreview {
                            clusters: p.clusters,
                            units: plan.units.len(),
                            with_baseline: p.with_baseline,
                            assignments: p.assignments,
                            ready: p.ready,
                            lines: p
                                .options
                                .into_iter()
                                .map(|o| MdeLine {
                                    units: o.units,
                                    waves: o.waves,
                                    mde: o.mde,
                                })
                                .collect(),
                        });
                    }
                    Err(AppError::Validation { code, field }) => error = refused(code, &field),
                    Err(AppError::Forbidden) => error = refused("rollout_scope", "units"),
                    Err(e) => return Err(PageError::from(e)),
                }
            }
        }
    }
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

/// `YYYY-MM` in words (`Maret 2027`).
#[cfg(feature = "ssr")]
pub(crate) fn month_words(lang: crate::i18n::Lang, ym: &str) -> String {
    chrono::NaiveDate::parse_from_str(&format!("{ym}-01"), "%Y-%m-%d")
        .map(|d| {
            use chrono::Datelike;
            format!("{} {}", lang.month_name(d.month()), d.year())
        })
        .unwrap_or_else(|_| ym.to_string())
}

/// A rollout's calendar and, once its months are in, its result.
#[server(prefix = "/sf", endpoint = "rollout")]
pub async fn load_rollout(id: i32) -> Result<RolloutData, PageError> {
    use crate::accounts::auth::{staff_session as session, user_of};
    use crate::tr;
    use crate::training::impact::Verdict;
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
    let today = crate::clock::today();
    let f2 = |x: f64| lang.number(x, 2);
    let element_label = |code: &str| {
        crate::survey::domain::Element::from_code(code)
            .map(|el| {
                format!(
                    "{code} {}",
                    crate::survey::questionnaire::wording(el, lang).name
                )
            })
            .unwrap_or_else(|| code.to_string())
    };
    let verdict = serde_json::to_value(r.verdict)
        .ok()
        .and_then(|x| x.as_str().map(str::to_string))
        .unwrap_or_default();
    let summary = match (r.verdict, r.estimate) {
        (Verdict::InsufficientData | Verdict::Inconclusive, _) | (_, None) => {
            tr!(lang, "impact.summary.insufficient_data")
        }
        (Verdict::NoMeasurableChange, Some(e)) => tr!(
            lang,
            "rollout.summary.no_measurable_change",
            estimate = f2(e),
            mde = r.mde.map(f2).unwrap_or_default()
        ),
        (v, Some(e)) => tr!(
            lang,
            if v == Verdict::Improved {
                "rollout.summary.improved"
            } else {
                "rollout.summary.worsened"
            },
            estimate = f2(e.abs()),
            low = r.ci_low.map(f2).unwrap_or_else(|| "−∞".into()),
            high = r.ci_high.map(f2).unwrap_or_else(|| "∞".into())
        ),
    };
    let reasons = r
        .reasons
        .iter()
        .map(|x| {
            let detail = chrono::NaiveDate::parse_from_str(&x.detail, "%Y-%m-%d")
                .map(|d| lang.date_long(d))
                .unwrap_or_else(|_| x.detail.clone());
            tr!(lang, &format!("rollout.reason.{}", x.code), detail = detail)
        })
        .collect();
    let method = r.assignments.map(|n| {
        tr!(
            lang,
            "rollout.method",
            n = lang.count(i64::try_from(n).unwrap_or(0))
        )
    });
    let overall = r.estimate.map(|e| EffectRow {
        label: tr!(lang, "impact.overall"),
        estimate: Some(e),
        ci_low: r.ci_low,
        ci_high: r.ci_high,
        p_value: r.p_value,
        p_holm: None,
    });
    let elements = r
        .elements
        .iter()
        .map(|e| EffectRow {
            label: element_label(&e.code),
            estimate: Some(e.estimate),
            ci_low: e.ci_low,
            ci_high: e.ci_high,
            p_value: Some(e.p_value),
            p_holm: Some(e.p_holm),
        })
        .collect();
    Ok(RolloutData {
        user: user_of(&staff),
        name: v.name.clone(),
        topic: v.topic.clone(),
        targets: v
            .target_elements
            .iter()
            .map(|c| element_label(c))
            .collect::<Vec<_>>()
            .join(", "),
        registered: chrono::DateTime::parse_from_rfc3339(&v.registered_at)
            .map(|t| crate::clock::fmt_wib(t.with_timezone(&chrono::Utc)))
            .unwrap_or_else(|_| v.registered_at.clone()),
        seed: v.seed,
        plan_hash: v.plan_hash.clone(),
        planned_mde: v.mde,
        waves: r
            .waves
            .iter()
            .map(|w| WaveRow {
                number: w.wave + 1,
                starts: lang.date_long(w.starts_on),
                started: w.starts_on <= today,
                units: w.units.iter().map(|u| u.name.clone()).collect(),
            })
            .collect(),
        verdict,
        summary,
        reasons,
        method,
        overall,
        elements,
        mde: r.mde,
        baseline: tr!(
            lang,
            "rollout.months",
            from = month_words(lang, &r.baseline.from),
            to = month_words(lang, &r.baseline.to)
        ),
        compared: tr!(
            lang,
            "rollout.months",
            from = month_words(lang, &r.compared.from),
            to = month_words(lang, &r.compared.to)
        ),
        excluded: r
            .excluded_units
            .iter()
            .map(|u| {
                (
                    u.name.clone(),
                    tr!(lang, &format!("rollout.excluded.{}", u.reason)),
                )
            })
            .collect(),
        missing: r
            .missing_months
            .iter()
            .map(|u| {
                let months = u
                    .detail
                    .split(", ")
                    .map(|m| month_words(lang, m))
                    .collect::<Vec<_>>()
                    .join(", ");
                (u.name.clone(), months)
            })
            .collect(),
    })
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
