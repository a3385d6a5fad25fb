//! The impact page of a training program, built: the verdict in words with its estimate,
//! interval and method, the per-element effects, the event study and its chart, the
//! before/after table, and who was compared, left out or given a caveat, each with its
//! reason. The page's shapes and its server function are in `server_fns.rs`.

use super::server_fns::{EffectRow, EventRow, ImpactData};
use super::words::{
    element_rows, missing_months, month_words, overall_row, verdict_code, verdict_summary,
};
use crate::i18n::Lang;
use crate::tr;
use crate::training::impact::Verdict;
use crate::training::impact::inference::Method;
use crate::web::console::ConsoleUser;
use crate::web::error::AppError;
use sea_orm::ConnectionTrait;

/// The impact page of program `id` for `user`, who reads the units in `allowed` (all for
/// `None`); not found when the program is not theirs to read or has no report.
pub async fn build(
    db: &impl ConnectionTrait,
    allowed: Option<&[i32]>,
    id: i32,
    outcome: crate::training::impact::report::ImpactOutcome,
    lang: Lang,
    user: ConsoleUser,
) -> Result<ImpactData, AppError> {
    let conduct = outcome == crate::training::impact::report::ImpactOutcome::Conduct;
    // The second outcome's words: counts of proven complaints, fewer is better.
    let summary_keys = if conduct {
        "impact.conduct.summary"
    } else {
        "impact.summary"
    };
    let program = crate::training::programs::visible_programs(db, allowed)
        .await?
        .into_iter()
        .find(|p| p.id == id)
        .ok_or(AppError::NotFound)?;
    let r = crate::training::programs::impact_on(db, id, outcome)
        .await?
        .ok_or(AppError::NotFound)?;
    let f2 = |x: f64| lang.number(x, 2);
    let verdict = verdict_code(r.verdict);
    let summary = match (r.verdict, r.estimate, r.mde) {
        (Verdict::InsufficientData, _, _) | (_, None, _) => {
            tr!(lang, "impact.summary.insufficient_data")
        }
        (Verdict::Inconclusive, Some(e), _) => tr!(
            lang,
            &format!("{summary_keys}.inconclusive"),
            did = f2(e),
            ancova = r
                .ancova
                .as_ref()
                .map(|a| f2(a.estimate))
                .unwrap_or_else(|| "–".into())
        ),
        (v, Some(e), mde) => verdict_summary(lang, summary_keys, v, e, (r.ci_low, r.ci_high), mde)
            .unwrap_or_default(),
    };
    let reasons = r
        .reasons
        .iter()
        .map(|x| {
            tr!(
                lang,
                &format!("impact.reason.{}", x.code),
                detail = x.detail.clone()
            )
        })
        .collect();
    let method = r.method.map(|m| match m {
        Method::Randomization => tr!(
            lang,
            "impact.method.randomization",
            n = lang.count(r.assignments.unwrap_or(0) as i64),
            treated = r.treated_offices.to_string(),
            controls = r.control_offices.to_string()
        ),
        Method::Cluster => tr!(
            lang,
            "impact.method.cluster",
            g = r.assignments.unwrap_or(0).to_string()
        ),
    });
    let overall = overall_row(lang, r.estimate, (r.ci_low, r.ci_high), r.p_value);
    let ancova = r.ancova.as_ref().map(|a| EffectRow {
        label: tr!(lang, "impact.ancova"),
        estimate: Some(a.estimate),
        ci_low: a.ci_low,
        ci_high: a.ci_high,
        p_value: Some(a.p_value),
        p_holm: None,
    });
    let elements = element_rows(lang, &r.elements);
    let points: Vec<(i32, f64, Option<f64>, Option<f64>)> = r
        .event_study
        .iter()
        .map(|e| (e.month, e.estimate, e.ci_low, e.ci_high))
        .collect();
    // The chart's own title stays short: it is drawn inside a 400-unit-wide picture.
    let title = tr!(lang, "impact.event_title");
    let desc = tr!(lang, "impact.chart_desc");
    let chart_svg = if points.is_empty() {
        String::new()
    } else {
        crate::web::chart::EffectChart {
            lang,
            id: "event-study",
            title: &title,
            desc: &desc,
            x_label: &tr!(lang, "impact.chart_x"),
            y_label: &tr!(
                lang,
                if conduct {
                    "impact.conduct.chart_y"
                } else {
                    "impact.chart_y"
                }
            ),
            points: &points,
            program_label: &tr!(lang, "impact.chart_program"),
        }
        .svg()
    };
    let why = |reason: &str, detail: &str| {
        tr!(
            lang,
            &format!("impact.excluded.{reason}"),
            detail = detail.to_string()
        )
    };
    Ok(ImpactData {
        outcome: outcome.code().into(),
        user,
        program: super::server_fns::program_row(
            &program,
            &crate::units::repo::all_units(db).await?,
            lang,
        ),
        pre: (r.pre.from.clone(), r.pre.to.clone()),
        post: (r.post.from.clone(), r.post.to.clone()),
        verdict,
        summary,
        reasons,
        method,
        overall,
        before_after: r.before_after.as_ref().map(|b| {
            let words = |m: &crate::training::impact::report::Months| {
                let w = |ym: &str| month_words(lang, ym);
                tr!(lang, "rollout.months", from = w(&m.from), to = w(&m.to))
            };
            (
                [
                    [b.treated_before, b.treated_after],
                    [b.control_before, b.control_after],
                ],
                words(&r.pre),
                words(&r.post),
            )
        }),
        ancova,
        mde: r.mde,
        elements,
        event_study: r
            .event_study
            .iter()
            .map(|e| EventRow {
                month: e.month,
                estimate: e.estimate,
                ci_low: e.ci_low,
                ci_high: e.ci_high,
                p_value: e.p_value,
            })
            .collect(),
        pre_trend: r.pre_trend_p.map(|p| {
            tr!(
                lang,
                if p < 0.05 {
                    "impact.pre_trend.differ"
                } else {
                    "impact.pre_trend.no_difference"
                },
                p = lang.number(p, 3)
            )
        }),
        treated: r.treated_units.iter().map(|u| u.name.clone()).collect(),
        controls: r.control_units.iter().map(|u| u.name.clone()).collect(),
        excluded: r
            .excluded_units
            .iter()
            .map(|u| (u.name.clone(), why(&u.reason, &u.detail)))
            .collect(),
        missing: missing_months(lang, &r.missing_months),
        caveats: r
            .caveats
            .iter()
            .map(|u| {
                (
                    u.name.clone(),
                    tr!(
                        lang,
                        &format!("impact.caveat.{}", u.reason),
                        detail = u.detail.clone()
                    ),
                )
            })
            .collect(),
        comparison_note: match r.comparison_fixed_on {
            Some(d) => tr!(lang, "impact.comparison_fixed", date = lang.date(d)),
            None => tr!(lang, "impact.comparison_not_fixed"),
        },
        selection_warning: r.selection_warning,
        chart_svg,
    })
}
