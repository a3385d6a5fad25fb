//! The manager's dashboard, built: each visible unit's index now, before and a year ago with
//! its nine elements and open complaints, the whole of what the reader sees, the complaint
//! figures of the period, and the training programs' and rollouts' verdicts. The page's
//! shapes and its server function are in `server_fns/dashboard.rs`.

use super::server_fns::{
    ChangeCell, DashConduct, DashProgram, DashSuggestion, DashUnit, DashboardData, Span, periods,
};
use crate::entities::{complaint, unit};
use crate::i18n::Lang;
use crate::survey::index::{Grade, Report, Totals, UnitReport};
use crate::survey::report::{Figures, Rollup, all_unit_reports};
use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, DbErr};

/// The dashboard of period `kind` (`month`, `quarter`, `year`) on `today`, over the units in
/// `allowed` (all for `None`). `may_register` is left for the caller, who knows the reader.
pub async fn build(
    db: &sea_orm::DatabaseConnection,
    figures: &Figures,
    allowed: Option<&[i32]>,
    kind: &str,
    today: NaiveDate,
    lang: Lang,
) -> Result<DashboardData, DbErr> {
    let (cur, prev, ago) = periods(kind, today);
    let visible = |id: i32| allowed.is_none_or(|a| a.contains(&id));
    let units = crate::units::repo::all_units(db).await?;
    let ids: Vec<i32> = units
        .iter()
        .map(|u| u.id)
        .filter(|id| visible(*id))
        .collect();
    let open = super::repo::open_complaints(db, Some(&ids)).await?;
    let (mut rows, silent) =
        unit_rows(db, figures, &units, allowed, (cur, prev, ago), &open, today).await?;
    // Each unit's follow-up actions not done, due soon or past due.
    let soon = today + chrono::Duration::days(super::server_fns::FOLLOW_UP_SOON_DAYS - 1);
    let due = crate::followups::repo::open_due_by(db, soon).await?;
    for row in rows.iter_mut() {
        let Some(u) = units.iter().find(|u| u.code == row.code) else {
            continue;
        };
        for (_, day) in due.iter().filter(|(id, _)| *id == u.id) {
            if *day < today {
                row.follow_ups_overdue += 1;
            } else {
                row.follow_ups_due += 1;
            }
        }
    }
    let compared = tell_changes(&mut rows);
    // The whole of what this reader sees: every visible unit's services together.
    let services: Vec<i32> = crate::units::repo::all_services(db)
        .await?
        .iter()
        .filter(|s| visible(s.unit_id))
        .map(|s| s.id)
        .collect();
    let whole = allowed.is_none();
    let now = overall(db, figures, whole, &services, cur).await?;
    let before = overall(db, figures, whole, &services, prev).await?;
    let year_ago = overall(db, figures, whole, &services, ago).await?;
    let (all_now, all_prev, all_ago) = (now.index, before.index, year_ago.index);
    // The whole is one comparison each: told at 5 % without correction, on enough responses.
    let whole = |c: ChangeCell| told(c, c.p < 0.05 && c.fewest >= ENOUGH_RESPONSES);
    let cs = super::stats::compute(db, Some(&ids), cur.0, cur.1).await?;
    let (conduct, suggestions) = conduct(db, figures, &units, visible, &rows, today).await?;
    let visible_codes: Vec<&str> = units
        .iter()
        .filter(|u| visible(u.id))
        .map(|u| u.code.as_str())
        .collect();
    let span = |(from, to): (NaiveDate, NaiveDate)| Span {
        from: from.to_string(),
        to: to.to_string(),
    };
    let elements = crate::survey::questionnaire::names(lang);
    let rollout_href = rollout_href(&rows, &elements);
    Ok(DashboardData {
        period: kind.into(),
        current: span(cur),
        previous: span(prev),
        year_ago: span(ago),
        ikm: all_now.map(|i| i.ikm.to_f64()),
        ikm_ci: all_now.and_then(|i| i.ci).map(|c| (c.low, c.high)),
        grade: all_now.map(|i| i.grade().letter().to_string()),
        ikm_previous: all_prev.map(|i| i.ikm.to_f64()),
        ikm_year_ago: all_ago.map(|i| i.ikm.to_f64()),
        change_previous: change_of(Some(&before), &now).map(whole),
        change_year_ago: change_of(Some(&year_ago), &now).map(whole),
        responses: now.responses,
        units: rows,
        compared,
        alarms: super::warning::repo::views(db, allowed, today, lang).await?,
        silent_units: silent,
        elements,
        rollout_href,
        open: open.len() as u64,
        overdue: open
            .iter()
            .filter(|c| c.due_date.is_some_and(|d| d < today))
            .count() as u64,
        filed: cs.total,
        resolved: cs.resolved,
        within_deadline: cs.within_deadline,
        programs: programs(db, allowed, &visible_codes).await?,
        may_register: false,
        conduct_quarters: last_quarters(today).iter().map(|q| q.key()).collect(),
        conduct,
        suggestions,
        // Every unit is kept; each reader is given a page of them.
        units_query: String::new(),
        units_page: 1,
        units_pages: 1,
        units_matched: 0,
    })
}

/// The link that plans a randomized rollout over every unit of the dashboard with an index
/// (all of them, not a page's), aimed at the two elements weakest across them (each unit's
/// weakest counting three, the next two and one).
pub fn rollout_href(units: &[DashUnit], elements: &[(String, String)]) -> String {
    use crate::web::page::urlencode;
    let units: Vec<&DashUnit> = units.iter().filter(|u| u.ikm.is_some()).collect();
    let mut counts = vec![0usize; elements.len()];
    // The weakest of a unit counts three, the next two and one; a unit with too few
    // responses to call anything weak counts nothing.
    for u in units.iter().filter(|u| u.enough) {
        for (rank, k) in u.weakest.iter().enumerate() {
            if let Some(c) = counts.get_mut(*k) {
                *c += 3usize.saturating_sub(rank);
            }
        }
    }
    let mut order: Vec<usize> = (0..counts.len()).filter(|k| counts[*k] > 0).collect();
    order.sort_by(|a, b| counts[*b].cmp(&counts[*a]).then(a.cmp(b)));
    let mut query: Vec<String> = units
        .iter()
        .map(|u| format!("units={}", urlencode(&u.code)))
        .collect();
    query.extend(
        order
            .iter()
            .take(2)
            .filter_map(|k| elements.get(*k))
            .map(|(c, _)| format!("target_elements={}", urlencode(c))),
    );
    format!("/staf/pelatihan/acak?{}", query.join("&"))
}

/// Proven findings of a category in twelve months that call for training.
pub const SUGGEST_AT: u64 = 2;

/// The last four whole quarters before `today`, oldest first.
fn last_quarters(today: NaiveDate) -> Vec<crate::period::Period> {
    let mut q = crate::period::Period::last_whole_quarter(today);
    let mut out = Vec::new();
    for _ in 0..4 {
        out.push(q);
        q = crate::period::Period::last_whole_quarter(q.range().0);
    }
    out.reverse();
    out
}

/// Each visible unit's conduct findings proven over the twelve months to `today`, by
/// category, beside its U7 now and over the last four quarters; and the training
/// suggestions of the units with [`SUGGEST_AT`] or more of one category.
async fn conduct(
    db: &impl ConnectionTrait,
    figures: &Figures,
    units: &[unit::Model],
    visible: impl Fn(i32) -> bool,
    rows: &[DashUnit],
    today: NaiveDate,
) -> Result<(Vec<DashConduct>, Vec<DashSuggestion>), DbErr> {
    use std::collections::BTreeMap;
    // From the same day a year ago, at midnight WIB.
    let since = (today - chrono::Duration::days(365))
        .and_hms_opt(0, 0, 0)
        .map(|t| t.and_utc() - chrono::Duration::hours(7))
        .unwrap_or_default();
    let mut by_unit: BTreeMap<i32, BTreeMap<String, u64>> = BTreeMap::new();
    for p in crate::complaints::outcome::repo::proven_since(db, since).await? {
        if visible(p.unit_id) {
            *by_unit
                .entry(p.unit_id)
                .or_default()
                .entry(p.category)
                .or_default() += 1;
        }
    }
    if by_unit.is_empty() {
        return Ok((Vec::new(), Vec::new()));
    }
    let quarters = last_quarters(today);
    let mut u7 = Vec::new();
    for q in &quarters {
        let (from, to) = q.range();
        u7.push(all_unit_reports(db, figures, Some(from), Some(to), Rollup::OwnServices).await?);
    }
    let u7_of = |list: &[UnitReport], code: &str| {
        list.iter()
            .find(|r| r.code == code)
            .and_then(|r| r.report.index.as_ref())
            .and_then(|i| i.elements.get(6))
            .map(|e| e.index.to_f64())
    };
    let mapping = crate::training::repo::suggestions(db).await?;
    let mut table = Vec::new();
    let mut suggestions = Vec::new();
    for (unit_id, cats) in by_unit {
        let Some(u) = units.iter().find(|u| u.id == unit_id) else {
            continue;
        };
        let mut by_category: Vec<(String, u64)> = cats.into_iter().collect();
        by_category.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        for (category, n) in by_category.iter().filter(|(_, n)| *n >= SUGGEST_AT) {
            let Some(m) = mapping.iter().find(|m| &m.category == category) else {
                continue;
            };
            let enc = crate::web::page::urlencode;
            suggestions.push(DashSuggestion {
                unit_code: u.code.clone(),
                unit_name: u.name.clone(),
                category: category.clone(),
                findings: *n,
                topic: m.topic.clone(),
                elements: m.elements.clone(),
                program_href: format!(
                    "/staf/pelatihan?unit={}&targets={}&topic={}#new-program",
                    enc(&u.code),
                    enc(&m.elements.join(",")),
                    enc(&m.topic)
                ),
                rollout_href: format!(
                    "/staf/pelatihan/acak?topic={}{}&units={}",
                    enc(&m.topic),
                    m.elements
                        .iter()
                        .map(|e| format!("&target_elements={}", enc(e)))
                        .collect::<String>(),
                    enc(&u.code)
                ),
            });
        }
        table.push(DashConduct {
            code: u.code.clone(),
            name: u.name.clone(),
            total: by_category.iter().map(|(_, n)| n).sum(),
            by_category,
            u7_now: rows
                .iter()
                .find(|r| r.code == u.code)
                .and_then(|r| r.elements.get(6).copied().flatten()),
            u7_quarters: u7.iter().map(|list| u7_of(list, &u.code)).collect(),
        });
    }
    table.sort_by(|a, b| b.total.cmp(&a.total).then(a.name.cmp(&b.name)));
    suggestions.sort_by(|a, b| {
        b.findings
            .cmp(&a.findings)
            .then(a.unit_name.cmp(&b.unit_name))
    });
    Ok((table, suggestions))
}

type Range = (NaiveDate, NaiveDate);

pub use super::server_fns::ENOUGH_RESPONSES;

/// The change from `before` to `now`, both with an interval; not yet told (direction 0).
fn change_of(before: Option<&Report>, now: &Report) -> Option<ChangeCell> {
    let (b, n) = (before?.index?, now.index?);
    let c = crate::survey::interval::change(
        (b.ikm.to_f64(), b.ci.as_ref()?),
        (n.ikm.to_f64(), n.ci.as_ref()?),
    );
    Some(ChangeCell {
        diff: c.diff,
        low: c.low,
        high: c.high,
        p: c.p,
        fewest: before?.responses.min(now.responses),
        direction: 0,
    })
}

/// `c` with its direction when it is told as a change.
fn told(c: ChangeCell, tell: bool) -> ChangeCell {
    let direction = match (tell, c.diff) {
        (true, d) if d > 0.0 => 1,
        (true, d) if d < 0.0 => -1,
        _ => 0,
    };
    ChangeCell { direction, ..c }
}

/// Which changes, each `(p, fewest responses of its two periods)`, are told: those with at
/// least [`ENOUGH_RESPONSES`] on both sides form one family, told by Benjamini-Hochberg at
/// 5 % (below that the test's p-values run small: `calibrate` measured it); the others are
/// not tested. Returns the verdicts and the family's size.
pub fn tell(changes: &[(f64, i64)]) -> (Vec<bool>, usize) {
    let family: Vec<usize> = (0..changes.len())
        .filter(|&i| changes[i].1 >= ENOUGH_RESPONSES)
        .collect();
    let p: Vec<f64> = family.iter().map(|&i| changes[i].0).collect();
    let found = super::fdr::benjamini_hochberg(&p, 0.05);
    let mut out = vec![false; changes.len()];
    for (k, &i) in family.iter().enumerate() {
        out[i] = found[k];
    }
    (out, family.len())
}

/// Tells which unit changes (both columns, every unit: one family) are changes; returns how
/// many were compared.
fn tell_changes(rows: &mut [DashUnit]) -> usize {
    let changes: Vec<(f64, i64)> = rows
        .iter()
        .flat_map(|u| [u.change_previous, u.change_year_ago])
        .flatten()
        .map(|c| (c.p, c.fewest))
        .collect();
    let (verdicts, compared) = tell(&changes);
    let mut found = verdicts.into_iter();
    for u in rows.iter_mut() {
        for c in [&mut u.change_previous, &mut u.change_year_ago]
            .into_iter()
            .flatten()
        {
            *c = told(*c, found.next().unwrap_or(false));
        }
    }
    compared
}

/// Each visible unit's line (its own services only, as in the ranking), and the names of the
/// visible units with neither responses nor open complaints this period.
async fn unit_rows(
    db: &impl ConnectionTrait,
    figures: &Figures,
    units: &[unit::Model],
    allowed: Option<&[i32]>,
    (cur, prev, ago): (Range, Range, Range),
    open: &[complaint::Model],
    today: NaiveDate,
) -> Result<(Vec<DashUnit>, Vec<String>), DbErr> {
    let reports = |(from, to): Range| {
        all_unit_reports(db, figures, Some(from), Some(to), Rollup::OwnServices)
    };
    let now = reports(cur).await?;
    let before = reports(prev).await?;
    let year_ago = reports(ago).await?;
    let report_of = |list: &[UnitReport], code: &str| {
        list.iter()
            .find(|r| r.code == code)
            .map(|r| r.report.clone())
    };
    let mut rows = Vec::new();
    let mut silent = Vec::new();
    for r in now.iter() {
        let Some(u) = units.iter().find(|u| u.code == r.code) else {
            continue;
        };
        if allowed.is_some_and(|a| !a.contains(&u.id)) {
            continue;
        }
        let open_here: Vec<_> = open.iter().filter(|c| c.unit_id == u.id).collect();
        let overdue = open_here
            .iter()
            .filter(|c| c.due_date.is_some_and(|d| d < today))
            .count() as u64;
        let (previous, ago) = (report_of(&before, &r.code), report_of(&year_ago, &r.code));
        let mut row = DashUnit {
            code: r.code.clone(),
            name: r.name.clone(),
            depth: r.depth,
            ikm: None,
            ikm_ci: None,
            grade: None,
            previous: previous
                .as_ref()
                .and_then(|p| p.index)
                .map(|i| i.ikm.to_f64()),
            year_ago: ago.as_ref().and_then(|p| p.index).map(|i| i.ikm.to_f64()),
            change_previous: change_of(previous.as_ref(), &r.report),
            change_year_ago: change_of(ago.as_ref(), &r.report),
            responses: 0,
            min_sample: r.report.min_sample,
            sample_reached: r.report.sample_reached(),
            elements: vec![None; 9],
            weakest: Vec::new(),
            enough: r.report.sample_reached() == Some(true)
                || r.report.responses >= ENOUGH_RESPONSES,
            open: open_here.len() as u64,
            overdue,
            follow_ups_due: 0,
            follow_ups_overdue: 0,
        };
        let Some(index) = r.report.index else {
            if open_here.is_empty() {
                silent.push(r.name.clone());
            } else {
                rows.push(row);
            }
            continue;
        };
        let mut order: Vec<usize> = (0..index.elements.len()).collect();
        order.sort_by_key(|k| (index.elements[*k].index, *k));
        row.ikm = Some(index.ikm.to_f64());
        row.ikm_ci = index.ci.map(|c| (c.low, c.high));
        row.grade = Some(index.grade().letter().into());
        row.responses = r.report.responses;
        row.elements = index
            .elements
            .iter()
            .map(|e| Some(e.index.to_f64()))
            .collect();
        // The three lowest, but an element already graded A is not weak, however it ranks.
        row.weakest = order
            .into_iter()
            .filter(|k| Grade::of(index.elements[*k].index) != Grade::A)
            .take(3)
            .collect();
        rows.push(row);
    }
    Ok((rows, silent))
}

/// The index of `services` together over `[from, to]`, with their responses; `whole` when
/// they are every service (the province's figures, kept).
async fn overall(
    db: &sea_orm::DatabaseConnection,
    figures: &Figures,
    whole: bool,
    services: &[i32],
    (from, to): Range,
) -> Result<Report, DbErr> {
    if whole {
        let all = crate::survey::report::report_for(
            db,
            figures,
            &crate::survey::report::Scope::Province,
            Some(from),
            Some(to),
        )
        .await?
        .unwrap_or_default();
        return Ok(Report {
            min_sample: None,
            ..all
        });
    }
    let mut totals = Totals::default();
    for t in crate::survey::repo::totals_by_service(db, Some(services), Some(from), Some(to))
        .await?
        .values()
    {
        totals.merge(&t.totals);
    }
    Ok(Report::of(&totals, None))
}

/// The training programs with a unit among `visible_codes` (all for every unit when
/// `allowed` is `None`) and the randomized rollouts with a unit among the reader's, each
/// with its verdict, the latest first.
async fn programs(
    db: &impl ConnectionTrait,
    allowed: Option<&[i32]>,
    visible_codes: &[&str],
) -> Result<Vec<DashProgram>, DbErr> {
    use crate::training::impact::Verdict;
    let code = crate::training::words::verdict_code;
    let mut programs = Vec::new();
    for p in crate::training::programs::visible_programs(db, None).await? {
        if allowed.is_some()
            && !p
                .unit_codes
                .iter()
                .any(|c| visible_codes.contains(&c.as_str()))
        {
            continue;
        }
        let report = crate::training::programs::impact(db, p.id).await?;
        let directional = report
            .as_ref()
            .is_some_and(|r| matches!(r.verdict, Verdict::Improved | Verdict::Worsened));
        let verdict = if p.retrospective && directional {
            "exploratory".to_string()
        } else {
            report.map_or_else(|| "insufficient_data".into(), |r| code(r.verdict))
        };
        programs.push(DashProgram {
            href: format!("/staf/pelatihan/{}", p.id),
            randomized: false,
            name: p.name,
            end: p.end_date,
            verdict,
        });
    }
    for (r, report) in crate::training::rollout::service::visible_with_impact(db, allowed).await? {
        programs.push(DashProgram {
            href: format!("/staf/pelatihan/acak/{}", r.id),
            randomized: true,
            end: r.waves.last().map(|d| d.to_string()).unwrap_or_default(),
            verdict: code(report.verdict),
            name: r.name,
        });
    }
    programs.sort_by(|a, b| b.end.cmp(&a.end).then(a.name.cmp(&b.name)));
    Ok(programs)
}
