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
fn program_row(
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
pub async fn load_impact(id: i32) -> Result<ImpactData, PageError> {
    use crate::accounts::auth::{staff_session as session, user_of};
    use crate::tr;
    use crate::training::impact::Verdict;
    use crate::training::impact::inference::Method;
    use crate::web::error::AppError;
    let (st, staff) = session().await?;
    let allowed = crate::accounts::auth::stats_units(&st, &staff)
        .await
        .map_err(PageError::from)?;
    let lang = crate::web::page::use_lang();
    let program = crate::training::programs::visible_programs(&st.db, allowed.as_deref())
        .await
        .map_err(PageError::from)?
        .into_iter()
        .find(|p| p.id == id)
        .ok_or_else(|| PageError::from(AppError::NotFound))?;
    let r = crate::training::programs::impact(&st.db, id)
        .await
        .map_err(PageError::from)?
        .ok_or_else(|| PageError::from(AppError::NotFound))?;
    let f2 = |x: f64| lang.number(x, 2);
    let verdict = serde_json::to_value(r.verdict)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    let summary = match (r.verdict, r.estimate, r.mde) {
        (Verdict::InsufficientData, _, _) | (_, None, _) => {
            tr!(lang, "impact.summary.insufficient_data")
        }
        (Verdict::Inconclusive, Some(e), _) => tr!(
            lang,
            "impact.summary.inconclusive",
            did = f2(e),
            ancova = r
                .ancova
                .as_ref()
                .map(|a| f2(a.estimate))
                .unwrap_or_else(|| "–".into())
        ),
        (Verdict::NoMeasurableChange, Some(e), mde) => tr!(
            lang,
            "impact.summary.no_measurable_change",
            estimate = f2(e),
            mde = mde.map(f2).unwrap_or_default()
        ),
        (v, Some(e), _) => tr!(
            lang,
            &format!(
                "impact.summary.{}",
                if v == Verdict::Improved {
                    "improved"
                } else {
                    "worsened"
                }
            ),
            estimate = f2(e.abs()),
            low = r.ci_low.map(f2).unwrap_or_else(|| "−∞".into()),
            high = r.ci_high.map(f2).unwrap_or_else(|| "∞".into())
        ),
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
    let overall = r.estimate.map(|e| EffectRow {
        label: tr!(lang, "impact.overall"),
        estimate: Some(e),
        ci_low: r.ci_low,
        ci_high: r.ci_high,
        p_value: r.p_value,
        p_holm: None,
    });
    let ancova = r.ancova.as_ref().map(|a| EffectRow {
        label: tr!(lang, "impact.ancova"),
        estimate: Some(a.estimate),
        ci_low: a.ci_low,
        ci_high: a.ci_high,
        p_value: Some(a.p_value),
        p_holm: None,
    });
    let elements = r
        .elements
        .iter()
        .map(|e| EffectRow {
            label: crate::survey::domain::Element::from_code(&e.code)
                .map(|el| {
                    format!(
                        "{} {}",
                        e.code,
                        crate::survey::questionnaire::wording(el, lang).name
                    )
                })
                .unwrap_or_else(|| e.code.clone()),
            estimate: Some(e.estimate),
            ci_low: e.ci_low,
            ci_high: e.ci_high,
            p_value: Some(e.p_value),
            p_holm: Some(e.p_holm),
        })
        .collect();
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
            y_label: &tr!(lang, "impact.chart_y"),
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
        user: user_of(&staff),
        program: program_row(
            &program,
            &crate::units::repo::all_units(&st.db)
                .await
                .map_err(PageError::from)?,
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
                let w = |ym: &str| super::rollout_fns::month_words(lang, ym);
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
        missing: r
            .missing_months
            .iter()
            .map(|u| {
                let months = u
                    .detail
                    .split(", ")
                    .map(|m| crate::training::rollout_fns::month_words(lang, m))
                    .collect::<Vec<_>>()
                    .join(", ");
                (u.name.clone(), months)
            })
            .collect(),
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
