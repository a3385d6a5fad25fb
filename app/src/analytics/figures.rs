//! The figures page, built: the trend of the chosen unit or service with its chart, the
//! ranking of the visible units, and the complaint figures of the same dates. The page's
//! shapes and its server function are in `server_fns/mod.rs`.

use super::api::{TrendQuery, trend_params};
use super::server_fns::{AnalyticsData, AnalyticsQuery, RankRow, TrendRow};
use super::trends::TrendPoint;
use crate::i18n::Lang;
use crate::tr;
use crate::web::console::ConsoleUser;
use crate::web::error::AppError;

/// The figures for `q`, for a reader of the units in `allowed` (all for `None`): a scoped
/// reader without a unit chosen sees their first unit's trend, and one asking for a unit
/// outside theirs is refused.
pub async fn build(
    db: &sea_orm::DatabaseConnection,
    figures: &crate::survey::report::Figures,
    user: ConsoleUser,
    allowed: Option<Vec<i32>>,
    q: &AnalyticsQuery,
    lang: Lang,
) -> Result<AnalyticsData, AppError> {
    let tq = TrendQuery {
        unit: q.unit.clone().filter(|s| !s.is_empty()),
        service: q.service.clone().filter(|s| !s.is_empty()),
        granularity: q.granularity.clone(),
        from: q.from.clone(),
        to: q.to.clone(),
    };
    let (scope, g, from, to) = trend_params(&tq)?;
    // A scoped reader without a unit chosen sees their first unit's trend.
    let all_units = crate::units::repo::all_units(db).await?;
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
    if let (
        Some(a),
        Some(
            crate::survey::report::Scope::Unit(code)
            | crate::survey::report::Scope::ServiceIn { unit: code, .. },
        ),
    ) = (&allowed, &scope)
        && !visible.iter().any(|u| &u.code == code && a.contains(&u.id))
    {
        return Err(AppError::Forbidden);
    }
    let points = super::trends::trend(db, figures, scope.as_ref(), g, from, to)
        .await?
        .ok_or(AppError::NotFound)?;
    let scope_name = match &scope {
        None => tr!(lang, "analytics.all_units"),
        Some(crate::survey::report::Scope::Unit(c)) => all_units
            .iter()
            .find(|u| &u.code == c)
            .map(|u| u.name.clone())
            .unwrap_or_default(),
        Some(
            crate::survey::report::Scope::Service(c)
            | crate::survey::report::Scope::ServiceIn { service: c, .. },
        ) => crate::units::repo::find_service(db, c)
            .await?
            .map_or_else(|| c.clone(), |s| s.name),
        Some(crate::survey::report::Scope::Province) => tr!(lang, "analytics.all_units"),
    };
    let title = tr!(lang, "analytics.trend_title", scope = scope_name);
    let trend_svg = trend_chart(lang, "trend", &title, &points);
    // Each unit on its own services, so no response counts twice (parents and UPTDs).
    let reports = crate::survey::report::all_unit_reports(
        db,
        figures,
        Some(from),
        Some(to),
        crate::survey::report::Rollup::OwnServices,
    )
    .await?;
    let mut ranking: Vec<RankRow> = reports
        .iter()
        .filter(|r| visible.iter().any(|u| u.code == r.code))
        .filter_map(|r| {
            let i = r.report.index?;
            Some(RankRow {
                ikm: i.ikm.to_f64(),
                grade: i.grade().letter().into(),
                responses: r.report.responses,
                sample_reached: r.report.sample_reached(),
                code: r.code.clone(),
                name: r.name.clone(),
            })
        })
        .collect();
    ranking.sort_by(|a, b| b.ikm.total_cmp(&a.ikm).then(a.name.cmp(&b.name)));
    let complaint_units = match (&scope, &allowed) {
        (Some(crate::survey::report::Scope::Unit(c)), _) => {
            let id = all_units.iter().find(|u| &u.code == c).map(|u| u.id);
            Some(crate::units::repo::with_children(db, &id.into_iter().collect::<Vec<_>>()).await?)
        }
        (_, a) => a.clone(),
    };
    let cs = super::stats::compute(db, complaint_units.as_deref(), from, to).await?;
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
        crate::web::chart::BarChart {
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
        user,
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

/// The IKM line chart of a trend with its 95 % band, on an axis that starts near the data
/// (so that a change of a few points shows), the grade bands tinted and lettered beside it.
pub fn trend_chart(
    lang: crate::i18n::Lang,
    id: &str,
    title: &str,
    points: &[TrendPoint],
) -> String {
    use crate::tr;
    let labels: Vec<String> = points
        .iter()
        .map(|p| lang.period_label(&p.period))
        .collect();
    let values: Vec<Option<f64>> = points.iter().map(|p| p.ikm).collect();
    let (lo, hi) = axis_range(points);
    // A point of few responses keeps its wide band, cut at the axis it does not set.
    let band: Vec<Option<(f64, f64)>> = points
        .iter()
        .map(|p| {
            p.ci_low
                .zip(p.ci_high)
                .map(|(a, b)| (a.clamp(lo, hi), b.clamp(lo, hi)))
        })
        .collect();
    let desc = tr!(
        lang,
        "analytics.trend_desc",
        n = points.len().to_string(),
        lo = lang.number(lo, 0),
        hi = lang.number(hi, 0)
    );
    crate::web::chart::LineChart {
        lang,
        id,
        title,
        desc: &desc,
        x_label: &tr!(lang, "analytics.period"),
        y_label: "IKM",
        y_range: (lo, hi),
        guides: &[(88.31, "A"), (76.61, "B"), (65.0, "C")],
        zones: &[
            (88.31, 100.0, "A"),
            (76.61, 88.31, "B"),
            (65.0, 76.61, "C"),
            (25.0, 65.0, "D"),
        ],
        labels: &labels,
        series: &[("IKM".to_string(), values)],
        band: &band,
        empty_text: &tr!(lang, "analytics.no_data"),
    }
    .svg()
}

/// The y axis of a trend: the values, and the intervals of the points with at least 30
/// responses, with a margin, out to multiples of 5 and at least 20 points tall, within
/// 25..100 (all of it without values). The wide interval of a thin month (a month just
/// begun) does not stretch the axis and flatten the year.
pub fn axis_range(points: &[TrendPoint]) -> (f64, f64) {
    let enough = crate::survey::domain::ENOUGH_RESPONSES;
    let all: Vec<f64> = points
        .iter()
        .flat_map(|p| {
            let sure = p.responses >= enough;
            [p.ikm, p.ci_low.filter(|_| sure), p.ci_high.filter(|_| sure)]
        })
        .flatten()
        .collect();
    if all.is_empty() {
        return (25.0, 100.0);
    }
    let min = all.iter().copied().fold(f64::INFINITY, f64::min);
    let max = all.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let mut lo = ((min - 2.0) / 5.0).floor() * 5.0;
    let mut hi = ((max + 2.0) / 5.0).ceil() * 5.0;
    while hi - lo < 20.0 {
        lo -= 5.0;
        hi += 5.0;
    }
    if lo < 25.0 {
        hi = (hi + 25.0 - lo).min(100.0);
        lo = 25.0;
    }
    if hi > 100.0 {
        lo = (lo - (hi - 100.0)).max(25.0);
        hi = 100.0;
    }
    (lo, hi)
}

pub fn rows_of(points: &[TrendPoint]) -> Vec<TrendRow> {
    points
        .iter()
        .map(|p| TrendRow {
            period: p.period.clone(),
            responses: p.responses,
            ikm: p.ikm,
            ci: p.ci_low.zip(p.ci_high),
            grade: p.grade.clone(),
            elements: p.elements.iter().map(|(k, v)| (k.clone(), *v)).collect(),
            min_sample: p.min_sample,
            sample_reached: p.sample_reached,
        })
        .collect()
}
