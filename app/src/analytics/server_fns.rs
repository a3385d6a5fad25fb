//! Server functions feeding the analytics pages. Charts are drawn here, on the server, and
//! travel as SVG text.

use crate::web::console::ConsoleUser;
use crate::web::error::PageError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Filters of the analytics page, as in its URL.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnalyticsQuery {
    pub unit: Option<String>,
    pub service: Option<String>,
    pub granularity: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
}

/// One row of a trend table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrendRow {
    pub period: String,
    pub responses: i64,
    pub ikm: Option<f64>,
    pub grade: Option<String>,
    pub elements: Vec<(String, f64)>,
    pub min_sample: Option<u64>,
    pub sample_reached: Option<bool>,
}

/// One unit in the ranking.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RankRow {
    pub code: String,
    pub name: String,
    pub ikm: f64,
    pub grade: String,
    pub responses: i64,
    pub sample_reached: Option<bool>,
}

/// The analytics page's data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AnalyticsData {
    pub user: ConsoleUser,
    pub units: Vec<(String, String)>,
    pub from: String,
    pub to: String,
    pub granularity: String,
    pub trend_svg: String,
    pub trend: Vec<TrendRow>,
    pub ranking: Vec<RankRow>,
    pub complaints_total: u64,
    pub complaints_resolved: u64,
    pub median_days: Option<f64>,
    pub p90_days: Option<f64>,
    pub within_deadline: Option<f64>,
    pub by_unit_svg: String,
    pub by_unit: Vec<(String, u64)>,
    pub by_category_svg: String,
    pub by_category: Vec<(String, u64)>,
}

#[cfg(feature = "ssr")]
fn lang() -> crate::i18n::Lang {
    use_context::<crate::i18n::Lang>().unwrap_or_default()
}

/// The IKM line chart of a trend, its grade boundaries drawn across.
#[cfg(feature = "ssr")]
pub fn trend_chart(
    lang: crate::i18n::Lang,
    id: &str,
    title: &str,
    points: &[super::trends::TrendPoint],
) -> String {
    use crate::tr;
    let labels: Vec<String> = points.iter().map(|p| p.period.clone()).collect();
    let values: Vec<Option<f64>> = points.iter().map(|p| p.ikm).collect();
    let desc = tr!(lang, "analytics.trend_desc", n = points.len().to_string());
    super::chart::LineChart {
        lang,
        id,
        title,
        desc: &desc,
        x_label: &tr!(lang, "analytics.period"),
        y_label: "IKM",
        y_range: (25.0, 100.0),
        guides: &[(88.31, "A"), (76.61, "B"), (65.0, "C")],
        labels: &labels,
        series: &[("IKM".to_string(), values)],
        empty_text: &tr!(lang, "analytics.no_data"),
    }
    .svg()
}

#[cfg(feature = "ssr")]
fn rows_of(points: &[super::trends::TrendPoint]) -> Vec<TrendRow> {
    points
        .iter()
        .map(|p| TrendRow {
            period: p.period.clone(),
            responses: p.responses,
            ikm: p.ikm,
            grade: p.grade.clone(),
            elements: p.elements.iter().map(|(k, v)| (k.clone(), *v)).collect(),
            min_sample: p.min_sample,
            sample_reached: p.sample_reached,
        })
        .collect()
}

/// Trends, ranking and complaint figures for admins, managers and inspectors.
#[server(prefix = "/sf", endpoint = "analytics")]
pub async fn load_analytics(q: AnalyticsQuery) -> Result<AnalyticsData, PageError> {
    use super::api::{TrendQuery, trend_params};
    use crate::accounts::auth::{staff_session as session, user_of};
    use crate::tr;
    use crate::web::error::AppError;
    let (st, staff) = session().await?;
    let lang = lang();
    let caller = crate::accounts::auth::Caller::Staff(staff.clone());
    let allowed = caller.units(&st).await.map_err(PageError::from)?;
    let tq = TrendQuery {
        unit: q.unit.clone().filter(|s| !s.is_empty()),
        service: q.service.clone().filter(|s| !s.is_empty()),
        granularity: q.granularity.clone(),
        from: q.from.clone(),
        to: q.to.clone(),
    };
    let (scope, g, from, to) = trend_params(&tq).map_err(PageError::from)?;
    // A scoped reader without a unit chosen sees their first unit's trend.
    let all_units = crate::units::repo::all_units(&st.db)
        .await
        .map_err(PageError::from)?;
    let visible: Vec<&crate::entities::unit::Model> = all_units
        .iter()
        .filter(|u| allowed.as_ref().is_none_or(|a| a.contains(&u.id)))
        .collect();
    let scope = match (scope, &allowed) {
        (None, Some(_)) => visible
            .first()
            .map(|u| crate::survey::report::Scope::Unit(u.code.clone())),
        (s, _) => s,
    };
    if let (Some(a), Some(crate::survey::report::Scope::Unit(code))) = (&allowed, &scope)
        && !visible.iter().any(|u| &u.code == code && a.contains(&u.id))
    {
        return Err(PageError::from(AppError::Forbidden));
    }
    let points = super::trends::trend(&st.db, scope.as_ref(), g, from, to)
        .await
        .map_err(PageError::from)?
        .ok_or_else(|| PageError::from(AppError::NotFound))?;
    let scope_name = match &scope {
        None => tr!(lang, "analytics.all_units"),
        Some(crate::survey::report::Scope::Unit(c)) => all_units
            .iter()
            .find(|u| &u.code == c)
            .map(|u| u.name.clone())
            .unwrap_or_default(),
        Some(crate::survey::report::Scope::Service(c)) => c.clone(),
    };
    let title = tr!(lang, "analytics.trend_title", scope = scope_name);
    let trend_svg = trend_chart(lang, "trend", &title, &points);
    // Each unit on its own services, so no response counts twice (parents and UPTDs).
    let reports = crate::survey::report::all_unit_reports(
        &st.db,
        Some(from),
        Some(to),
        crate::survey::report::Rollup::OwnServices,
    )
    .await
    .map_err(PageError::from)?;
    let mut ranking: Vec<RankRow> = reports
        .into_iter()
        .filter(|r| visible.iter().any(|u| u.code == r.code))
        .filter_map(|r| {
            let i = r.report.index?;
            Some(RankRow {
                ikm: i.ikm.to_f64(),
                grade: i.grade().letter().into(),
                responses: r.report.responses,
                sample_reached: r.report.sample_reached(),
                code: r.code,
                name: r.name,
            })
        })
        .collect();
    ranking.sort_by(|a, b| b.ikm.total_cmp(&a.ikm).then(a.name.cmp(&b.name)));
    let complaint_units = match (&scope, &allowed) {
        (Some(crate::survey::report::Scope::Unit(c)), _) => {
            let id = all_units.iter().find(|u| &u.code == c).map(|u| u.id);
            Some(
                crate::units::repo::with_children(&st.db, &id.into_iter().collect::<Vec<_>>())
                    .await
                    .map_err(PageError::from)?,
            )
        }
        (_, a) => a.clone(),
    };
    let cs = super::stats::compute(&st.db, complaint_units.as_deref(), from, to)
        .await
        .map_err(PageError::from)?;
    let by_unit: Vec<(String, u64)> = cs
        .by_unit
        .iter()
        .map(|u| (u.unit_name.clone(), u.complaints))
        .collect();
    let by_category: Vec<(String, u64)> = cs
        .by_category
        .iter()
        .map(|c| (tr!(lang, &format!("category.{}", c.category)), c.complaints))
        .collect();
    let bars = |id: &str, title: &str, rows: &[(String, u64)]| {
        let bars: Vec<(String, f64)> = rows.iter().map(|(l, n)| (l.clone(), *n as f64)).collect();
        super::chart::BarChart {
            lang,
            id,
            title,
            desc: title,
            value_label: &tr!(lang, "analytics.complaints_count"),
            bars: &bars,
            empty_text: &tr!(lang, "analytics.no_complaints"),
            decimals: 0,
        }
        .svg()
    };
    Ok(AnalyticsData {
        user: user_of(&staff),
        units: visible
            .iter()
            .map(|u| (u.code.clone(), u.name.clone()))
            .collect(),
        from: from.to_string(),
        to: to.to_string(),
        granularity: match g {
            super::trends::Granularity::Month => "month".into(),
            super::trends::Granularity::Quarter => "quarter".into(),
        },
        trend_svg,
        trend: rows_of(&points),
        ranking,
        complaints_total: cs.total,
        complaints_resolved: cs.resolved,
        median_days: cs.median_days,
        p90_days: cs.p90_days,
        within_deadline: cs.within_deadline,
        by_unit_svg: bars("by-unit", &tr!(lang, "analytics.by_unit"), &by_unit),
        by_unit,
        by_category_svg: bars(
            "by-category",
            &tr!(lang, "analytics.by_category"),
            &by_category,
        ),
        by_category,
    })
}

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
}

/// The training page's data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrainingData {
    pub user: ConsoleUser,
    pub programs: Vec<ProgramRow>,
    pub units: Vec<(String, String)>,
}

/// Programs for admins, managers and inspectors (admins also get the form).
#[server(prefix = "/sf", endpoint = "training")]
pub async fn load_training() -> Result<TrainingData, PageError> {
    use crate::accounts::auth::{staff_session as session, user_of};
    let (st, staff) = session().await?;
    crate::accounts::auth::stats_units(&st, &staff)
        .await
        .map_err(PageError::from)?;
    let programs = super::training::list(&st.db)
        .await
        .map_err(PageError::from)?;
    let units = crate::units::repo::all_units(&st.db)
        .await
        .map_err(PageError::from)?;
    Ok(TrainingData {
        user: user_of(&staff),
        programs: programs
            .into_iter()
            .map(|p| ProgramRow {
                id: p.id,
                name: p.name,
                topic: p.topic,
                targets: p.target_elements.join(", "),
                units: p.unit_codes.join(", "),
                participants: p.participants,
                start: p.start_date,
                end: p.end_date,
            })
            .collect(),
        units: units.into_iter().map(|u| (u.code, u.name)).collect(),
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
    pub mde: Option<f64>,
    pub elements: Vec<EffectRow>,
    pub event_study: Vec<EventRow>,
    pub pre_trend: Option<String>,
    pub treated: Vec<String>,
    pub controls: Vec<String>,
    /// `(unit, why)`.
    pub excluded: Vec<(String, String)>,
    pub selection_warning: bool,
    pub chart_svg: String,
}

/// A program's impact for admins, managers and inspectors.
#[server(prefix = "/sf", endpoint = "impact")]
pub async fn load_impact(id: i32) -> Result<ImpactData, PageError> {
    use crate::accounts::auth::{staff_session as session, user_of};
    use crate::analytics::impact::Verdict;
    use crate::analytics::impact::inference::Method;
    use crate::tr;
    use crate::web::error::AppError;
    let (st, staff) = session().await?;
    crate::accounts::auth::stats_units(&st, &staff)
        .await
        .map_err(PageError::from)?;
    let lang = lang();
    let program = super::training::list(&st.db)
        .await
        .map_err(PageError::from)?
        .into_iter()
        .find(|p| p.id == id)
        .ok_or_else(|| PageError::from(AppError::NotFound))?;
    let r = super::training::impact(&st.db, id)
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
            treated = r.treated_units.len().to_string(),
            units = (r.treated_units.len() + r.control_units.len()).to_string()
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
        super::chart::EffectChart {
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
        program: ProgramRow {
            id: program.id,
            name: program.name.clone(),
            topic: program.topic.clone(),
            targets: program.target_elements.join(", "),
            units: program.unit_codes.join(", "),
            participants: program.participants,
            start: program.start_date.clone(),
            end: program.end_date.clone(),
        },
        pre: (r.pre.from.clone(), r.pre.to.clone()),
        post: (r.post.from.clone(), r.post.to.clone()),
        verdict,
        summary,
        reasons,
        method,
        overall,
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
        selection_warning: r.selection_warning,
        chart_svg,
    })
}

/// A public trend: the chart and its table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PublicTrend {
    pub code: String,
    pub name: String,
    pub svg: String,
    pub rows: Vec<TrendRow>,
}

/// The last twelve months of a unit's index (with the units below it), for everybody.
#[server(prefix = "/sf", endpoint = "public_trend")]
pub async fn load_public_trend(code: String) -> Result<Option<PublicTrend>, PageError> {
    use crate::tr;
    let st = crate::state::app_state()?;
    let lang = lang();
    let fail = |e: sea_orm::DbErr| PageError::from(e);
    let Some(unit) = crate::units::repo::find_unit(&st.db, &code)
        .await
        .map_err(fail)?
    else {
        return Ok(None);
    };
    let (from, to) = super::api::date_range(&None, &None).map_err(PageError::from)?;
    let points = super::trends::trend(
        &st.db,
        Some(&crate::survey::report::Scope::Unit(code.clone())),
        super::trends::Granularity::Month,
        from,
        to,
    )
    .await
    .map_err(fail)?
    .unwrap_or_default();
    let title = tr!(lang, "analytics.trend_title", scope = unit.name.clone());
    Ok(Some(PublicTrend {
        svg: trend_chart(lang, "public-trend", &title, &points),
        rows: rows_of(&points),
        code,
        name: unit.name,
    }))
}

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
    use crate::entities::survey_response;
    use crate::survey::domain::{EDUCATION_LEVELS, OCCUPATIONS};
    use crate::tr;
    use crate::web::error::AppError;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let (st, staff) = session().await?;
    let lang = lang();
    let allowed = report_units(&st, &staff).await?;
    let (from, to) = super::api::date_range(&q.from, &q.to)?;
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
    use survey_response::Column as C;
    let rows = survey_response::Entity::find()
        .filter(C::ServiceId.is_in(service_ids))
        .filter(C::Day.gte(from))
        .filter(C::Day.lte(to))
        .all(&st.db)
        .await?;
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
