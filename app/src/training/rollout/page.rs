//! The rollout pages' data, built: the units a plan may draw from (offices, each followed by
//! its UPTDs), a plan's preview with its minimum detectable effects, and a registered
//! rollout's calendar and result in words. The pages' shapes and server functions are in
//! `training/rollout_fns.rs`.

use super::super::rollout_fns::{MdeLine, PlanForm, PlanPreview, RolloutData, WaveRow};
use super::plan::RolloutView;
use super::report::RolloutImpact;
use crate::accounts::auth::Caller;
use crate::accounts::session::Staff;
use crate::entities::unit;
use crate::i18n::Lang;
use crate::state::AppState;
use crate::tr;
use crate::training::impact::Verdict;
use crate::training::words::{
    element_label, element_rows, missing_months, month_words, overall_row, verdict_code,
    verdict_summary,
};
use crate::web::console::ConsoleUser;
use crate::web::error::{AppError, PageError};
use chrono::NaiveDate;

/// The units of `all` a plan may draw from, for a reader of `allowed` (all for `None`):
/// offices, each followed by its UPTDs, so that the groups drawn together read together.
pub fn plan_units(all: &[unit::Model], allowed: Option<&[i32]>) -> Vec<(String, String)> {
    let mut units = Vec::new();
    for office in all.iter().filter(|u| u.parent_id.is_none()) {
        for u in
            std::iter::once(office).chain(all.iter().filter(|u| u.parent_id == Some(office.id)))
        {
            if allowed.is_none_or(|a| a.contains(&u.id)) {
                let name = if u.parent_id.is_some() {
                    format!("↳ {}", u.name)
                } else {
                    u.name.clone()
                };
                units.push((u.code.clone(), name));
            }
        }
    }
    units
}

/// The preview of the plan `f` asks for, or the field it was refused on with the message.
pub async fn preview(
    st: &AppState,
    staff: &Staff,
    f: PlanForm,
    lang: Lang,
) -> Result<(Option<PlanPreview>, Option<(String, String)>), PageError> {
    let mut preview = None;
    let mut error = None;
    {
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
            Err(e) => error = refused(e.code(), e.field()),
            Ok(plan) => {
                match crate::training::rollout::service::preview(
                    st,
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
                    Err(
                        AppError::Validation { code, field } | AppError::Unknown { code, field },
                    ) => error = refused(code, &field),
                    Err(AppError::Forbidden) => error = refused("rollout_scope", "units"),
                    Err(e) => return Err(PageError::from(e)),
                }
            }
        }
    }
    Ok((preview, error))
}

/// Rollout `v`'s page for `user` on `today`, with its report `r`.
pub fn rollout(
    v: &RolloutView,
    r: &RolloutImpact,
    lang: Lang,
    user: ConsoleUser,
    today: NaiveDate,
) -> RolloutData {
    let element_label = |code: &str| element_label(code, lang);
    let verdict = verdict_code(r.verdict);
    let summary = match (r.verdict, r.estimate) {
        (Verdict::InsufficientData | Verdict::Inconclusive, _) | (_, None) => {
            tr!(lang, "impact.summary.insufficient_data")
        }
        (v, Some(e)) => {
            verdict_summary(lang, "rollout.summary", v, e, (r.ci_low, r.ci_high), r.mde)
                .unwrap_or_default()
        }
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
    let overall = overall_row(lang, r.estimate, (r.ci_low, r.ci_high), r.p_value);
    let elements = element_rows(lang, &r.elements);
    RolloutData {
        user,
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
        missing: missing_months(lang, &r.missing_months),
    }
}
