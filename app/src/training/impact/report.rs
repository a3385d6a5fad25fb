//! A program's report: which units are compared (and who was left out, and why), the panel
//! of monthly IKM cells, the estimate with its interval, the event study, per-element
//! effects, the minimum detectable effect, and the verdict, "insufficient data" included.

use super::inference::{self, Method, analyse, choose, holm};
use super::panel::Panel;
use super::{Verdict, verdict};
use crate::survey::domain::Element;
use crate::survey::index::Totals;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Months before the program and after it that are compared, fixed for every program so
/// that nobody chooses the window after seeing the results.
pub const WINDOW_MONTHS: i32 = 6;
/// Fewest possible assignments for randomization inference to mean anything (with 19 the
/// smallest possible p-value is above 5 %).
pub const MIN_ASSIGNMENTS: u128 = 20;

/// A month as a count (`year * 12 + month - 1`).
pub fn month_of(d: NaiveDate) -> i32 {
    d.year() * 12 + d.month0() as i32
}

/// `YYYY-MM` of a month count.
pub fn month_name(m: i32) -> String {
    format!("{:04}-{:02}", m.div_euclid(12), m.rem_euclid(12) + 1)
}

/// First day of a month count.
pub fn first_day(m: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(m.div_euclid(12), m.rem_euclid(12) as u32 + 1, 1).unwrap_or_default()
}

/// Last day of a month count.
pub fn last_day(m: i32) -> NaiveDate {
    first_day(m + 1).pred_opt().unwrap_or_default()
}

/// A unit as the report names it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct UnitRef {
    pub code: String,
    pub name: String,
}

/// A unit left out of the comparison and why: `trained_by_other` (detail: the program),
/// `parent_of_trained`, `missing_months` (detail: the months), `no_responses`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Excluded {
    pub code: String,
    pub name: String,
    pub reason: String,
    pub detail: String,
}

/// Why no estimate (or no direction) is given: `post_not_complete` (detail: the first day it
/// can be), `treated_missing` (detail: unit and months), `few_controls`, `few_assignments`,
/// `no_treated`, `selection_on_outcome` (an estimate, but the trained units were among the
/// lowest before: no direction).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Reason {
    pub code: String,
    pub detail: String,
}

/// One month of the event study (months before the program are negative; -1 is the
/// reference and not listed).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct EventPoint {
    pub month: i32,
    pub estimate: f64,
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
    pub p_value: f64,
}

/// The effect on one targeted element, with its Holm-adjusted p-value across the targets.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ElementResult {
    pub code: String,
    pub estimate: f64,
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
    pub p_value: f64,
    pub p_holm: f64,
}

/// A span of months, `YYYY-MM` to `YYYY-MM`, both included.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Months {
    pub from: String,
    pub to: String,
}

/// Everything the page and the API say about a program's effect.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ImpactReport {
    pub program_id: i32,
    /// Always `observational` here (a randomized rollout has its own report).
    pub design: super::StudyDesign,
    pub window_months: i32,
    /// The months compared before the program, and after it.
    pub pre: Months,
    pub post: Months,
    pub verdict: Verdict,
    pub reasons: Vec<Reason>,
    pub method: Option<Method>,
    /// Assignments used (randomization) or clusters (cluster errors).
    pub assignments: Option<usize>,
    /// The average effect on the trained units' monthly IKM, in points (25-100 scale).
    pub estimate: Option<f64>,
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
    pub p_value: Option<f64>,
    /// Smallest true effect this design finds 80 % of the time at 5 % (two-sided).
    pub mde: Option<f64>,
    pub treated_units: Vec<UnitRef>,
    pub control_units: Vec<UnitRef>,
    pub excluded_units: Vec<Excluded>,
    pub event_study: Vec<EventPoint>,
    /// Joint test that the months before the program show no difference.
    pub pre_trend_p: Option<f64>,
    pub elements: Vec<ElementResult>,
    /// The trained units were among the lowest before the program: part of a rise may be
    /// regression to the mean. The ANCOVA estimate is then given beside the
    /// difference-in-differences as a bound, and the verdict is `inconclusive` (no direction)
    /// unless the ANCOVA also finds a change in the same direction.
    pub selection_warning: bool,
    /// The ANCOVA (lagged-outcome) estimate, when `selection_warning` is set.
    pub ancova: Option<AncovaBound>,
    /// The plain before/after table, when an estimate was made.
    pub before_after: Option<BeforeAfter>,
    /// The day (WIB) the program was registered.
    pub registered_on: NaiveDate,
    /// Registered on or after the first day of its training: exploratory (no directional
    /// verdict on the dashboard).
    pub retrospective: bool,
}

/// The plain before/after table: the trained and the comparison units' mean monthly IKM in
/// the months before and after (each unit weighing the same), whose difference of changes is
/// the estimate.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct BeforeAfter {
    pub treated_before: f64,
    pub treated_after: f64,
    pub control_before: f64,
    pub control_after: f64,
}

/// The ANCOVA estimate with its randomization interval and p-value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AncovaBound {
    pub estimate: f64,
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
    pub p_value: f64,
}

/// A unit of the tree.
#[derive(Clone, Debug)]
pub struct UnitInfo {
    pub id: i32,
    pub code: String,
    pub name: String,
    pub parent: Option<i32>,
}

/// Another program, for choosing clean controls.
#[derive(Clone, Debug)]
pub struct OtherProgram {
    pub name: String,
    pub start: NaiveDate,
    pub units: Vec<i32>,
}

/// What the report is made from (read by `repo::inputs`).
#[derive(Clone, Debug)]
pub struct Inputs {
    pub program_id: i32,
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// The program's own units (their units below are trained too).
    pub units: Vec<i32>,
    pub targets: Vec<Element>,
    pub tree: Vec<UnitInfo>,
    pub others: Vec<OtherProgram>,
    /// Sums per unit (its own services) and month count.
    pub cells: HashMap<i32, BTreeMap<i32, Totals>>,
    pub today: NaiveDate,
    /// The day (WIB) the program was registered.
    pub registered_on: NaiveDate,
}

/// Whether a program registered on `registered_on` was registered after its training began
/// (on its first day or later): its window, comparison and hopes could be chosen knowing
/// how things went, so it is exploratory and gets no directional verdict on the dashboard.
pub fn is_retrospective(registered_on: NaiveDate, start: NaiveDate) -> bool {
    registered_on >= start
}

impl Inputs {
    /// First and last month of the span the report reads (the window on both sides).
    pub fn span(start: NaiveDate, end: NaiveDate) -> (i32, i32) {
        (
            month_of(start) - WINDOW_MONTHS,
            month_of(end) + WINDOW_MONTHS,
        )
    }
}

fn descendants(tree: &[UnitInfo], root: i32) -> BTreeSet<i32> {
    let pairs: Vec<(i32, Option<i32>)> = tree.iter().map(|u| (u.id, u.parent)).collect();
    crate::units::domain::descendants(&pairs, root)
}

/// Each unit's mean IKM before the program (`after` false) or after it.
pub fn unit_means(panel: &Panel, y: &[Vec<f64>], after: bool) -> Vec<f64> {
    y.iter()
        .map(|r| {
            let v: Vec<f64> = r
                .iter()
                .zip(&panel.rel)
                .filter(|(_, k)| (**k > 0) == after)
                .map(|(v, _)| *v)
                .collect();
            v.iter().sum::<f64>() / v.len() as f64
        })
        .collect()
}

/// Whether the trained units' mean before the program is in the bottom quarter of the
/// units compared (regression to the mean may then pass for an effect).
pub fn chosen_among_lowest(panel: &Panel, before: &[f64]) -> bool {
    let mut sorted = before.to_vec();
    sorted.sort_by(f64::total_cmp);
    let q25 = crate::quantile::quantile(&sorted, 0.25).unwrap_or(f64::NEG_INFINITY);
    let trained: Vec<f64> = before
        .iter()
        .zip(&panel.treated)
        .filter(|(_, t)| **t)
        .map(|(v, _)| *v)
        .collect();
    trained.iter().sum::<f64>() / trained.len() as f64 <= q25
}

/// The verdict once the choice of units is considered. When the trained units were among
/// the lowest, the true effect lies between the difference-in-differences and the ANCOVA
/// estimate: a direction is given only when the ANCOVA also rejects "no effect" in the same
/// direction (the whole bound on one side of zero); otherwise none.
pub fn with_selection(
    v: Verdict,
    among_lowest: bool,
    ancova: Option<&inference::Inferred>,
) -> Verdict {
    let agrees = |up: bool| ancova.is_some_and(|a| a.p_value < 0.05 && (a.estimate > 0.0) == up);
    match v {
        Verdict::Improved if among_lowest && !agrees(true) => Verdict::Inconclusive,
        Verdict::Worsened if among_lowest && !agrees(false) => Verdict::Inconclusive,
        other => other,
    }
}

/// Builds the report.
pub fn build(inp: &Inputs) -> ImpactReport {
    let (sm, em) = (month_of(inp.start), month_of(inp.end));
    let pre: Vec<i32> = (sm - WINDOW_MONTHS..sm).collect();
    let post: Vec<i32> = (em + 1..=em + WINDOW_MONTHS).collect();
    let months: Vec<i32> = pre.iter().chain(&post).copied().collect();
    let rel: Vec<i32> = pre
        .iter()
        .map(|m| m - sm)
        .chain(post.iter().map(|m| m - em))
        .collect();
    let unit = |id: i32| inp.tree.iter().find(|u| u.id == id);
    let unit_ref = |id: i32| {
        unit(id).map(|u| UnitRef {
            code: u.code.clone(),
            name: u.name.clone(),
        })
    };
    let treated: BTreeSet<i32> = inp
        .units
        .iter()
        .flat_map(|&u| descendants(&inp.tree, u))
        .collect();
    let mut report = ImpactReport {
        program_id: inp.program_id,
        design: super::StudyDesign::Observational,
        window_months: WINDOW_MONTHS,
        pre: Months {
            from: month_name(pre[0]),
            to: month_name(sm - 1),
        },
        post: Months {
            from: month_name(em + 1),
            to: month_name(em + WINDOW_MONTHS),
        },
        verdict: Verdict::InsufficientData,
        reasons: Vec::new(),
        method: None,
        assignments: None,
        estimate: None,
        ci_low: None,
        ci_high: None,
        p_value: None,
        mde: None,
        treated_units: treated.iter().filter_map(|&u| unit_ref(u)).collect(),
        control_units: Vec::new(),
        excluded_units: Vec::new(),
        event_study: Vec::new(),
        pre_trend_p: None,
        elements: Vec::new(),
        selection_warning: false,
        ancova: None,
        before_after: None,
        registered_on: inp.registered_on,
        retrospective: is_retrospective(inp.registered_on, inp.start),
    };
    let mut exclude = |id: i32, reason: &str, detail: String| {
        if let Some(u) = unit(id) {
            report.excluded_units.push(Excluded {
                code: u.code.clone(),
                name: u.name.clone(),
                reason: reason.into(),
                detail,
            });
        }
    };
    // Parents of trained units, and units of programs before or during the span.
    let mut left_out: BTreeSet<i32> = BTreeSet::new();
    for &t in &treated {
        let mut p = unit(t).and_then(|u| u.parent);
        while let Some(id) = p {
            if !treated.contains(&id) && left_out.insert(id) {
                exclude(id, "parent_of_trained", String::new());
            }
            p = unit(id).and_then(|u| u.parent);
        }
    }
    let span_end = last_day(em + WINDOW_MONTHS);
    for o in inp.others.iter().filter(|o| o.start <= span_end) {
        for id in o.units.iter().flat_map(|&u| descendants(&inp.tree, u)) {
            if !treated.contains(&id) && left_out.insert(id) {
                exclude(id, "trained_by_other", o.name.clone());
            }
        }
    }
    // Cells: every month of the window, for every unit that may take part.
    let cell = |id: i32, m: i32| inp.cells.get(&id).and_then(|c| c.get(&m));
    let missing = |id: i32| -> Vec<i32> {
        months
            .iter()
            .copied()
            .filter(|&m| cell(id, m).and_then(Totals::ikm_value).is_none())
            .collect()
    };
    let names = |ms: &[i32]| {
        ms.iter()
            .map(|&m| month_name(m))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut controls = Vec::new();
    for u in &inp.tree {
        if treated.contains(&u.id) || left_out.contains(&u.id) {
            continue;
        }
        let gaps = missing(u.id);
        if gaps.len() == months.len() {
            exclude(u.id, "no_responses", String::new());
        } else if !gaps.is_empty() {
            exclude(u.id, "missing_months", names(&gaps));
        } else {
            controls.push(u.id);
        }
    }
    report.control_units = controls.iter().filter_map(|&u| unit_ref(u)).collect();
    let mut reasons = Vec::new();
    if inp.today <= span_end {
        reasons.push(Reason {
            code: "post_not_complete".into(),
            detail: (span_end + chrono::Duration::days(1)).to_string(),
        });
    }
    if treated.is_empty() {
        reasons.push(Reason {
            code: "no_treated".into(),
            detail: String::new(),
        });
    }
    for &t in &treated {
        let gaps = missing(t);
        if !gaps.is_empty() {
            let code = unit(t).map(|u| u.code.clone()).unwrap_or_default();
            reasons.push(Reason {
                code: "treated_missing".into(),
                detail: format!("{code}: {}", names(&gaps)),
            });
        }
    }
    if controls.len() < inference::MIN_CONTROLS {
        reasons.push(Reason {
            code: "few_controls".into(),
            detail: controls.len().to_string(),
        });
    }
    let n = treated.len() + controls.len();
    let possible = choose(n, treated.len());
    if !inference::uses_clusters(treated.len(), controls.len()) && possible < MIN_ASSIGNMENTS {
        reasons.push(Reason {
            code: "few_assignments".into(),
            detail: possible.to_string(),
        });
    }
    if !reasons.is_empty() {
        report.reasons = reasons;
        return report;
    }
    let ids: Vec<i32> = treated.iter().chain(&controls).copied().collect();
    let outcome = |f: &dyn Fn(&Totals) -> Option<f64>| -> Vec<Vec<f64>> {
        ids.iter()
            .map(|&u| {
                months
                    .iter()
                    .map(|&m| cell(u, m).and_then(f).unwrap_or(f64::NAN))
                    .collect()
            })
            .collect()
    };
    let y = outcome(&Totals::ikm_value);
    let panel = Panel {
        units: ids
            .iter()
            .map(|&u| unit(u).map(|x| x.code.clone()).unwrap_or_default())
            .collect(),
        rel,
        treated: ids.iter().map(|u| treated.contains(u)).collect(),
        y: y.clone(),
    };
    let Some(a) = analyse(&panel, &y) else {
        report.reasons.push(Reason {
            code: "few_controls".into(),
            detail: controls.len().to_string(),
        });
        return report;
    };
    report.verdict = verdict(&a.att);
    report.method = Some(a.method);
    report.assignments = Some(a.assignments);
    report.estimate = Some(a.att.estimate);
    report.ci_low = a.att.ci_low;
    report.ci_high = a.att.ci_high;
    report.p_value = Some(a.att.p_value);
    report.mde = Some(a.mde);
    report.pre_trend_p = a.pre_trend_p;
    report.event_study = a
        .event_study
        .iter()
        .map(|(k, e)| EventPoint {
            month: *k,
            estimate: e.estimate,
            ci_low: e.ci_low,
            ci_high: e.ci_high,
            p_value: e.p_value,
        })
        .collect();
    let per_element: Vec<(Element, inference::Inferred)> = inp
        .targets
        .iter()
        .filter_map(|&e| {
            let ye = outcome(&|t: &Totals| t.element_value(e));
            analyse(&panel, &ye).map(|x| (e, x.att))
        })
        .collect();
    let adjusted = holm(
        &per_element
            .iter()
            .map(|(_, x)| x.p_value)
            .collect::<Vec<_>>(),
    );
    report.elements = per_element
        .into_iter()
        .zip(adjusted)
        .map(|((e, x), p_holm)| ElementResult {
            code: e.code().into(),
            estimate: x.estimate,
            ci_low: x.ci_low,
            ci_high: x.ci_high,
            p_value: x.p_value,
            p_holm,
        })
        .collect();
    // Regression to the mean: were the trained units among the lowest before?
    let before = unit_means(&panel, &y, false);
    report.selection_warning = chosen_among_lowest(&panel, &before);
    let after = unit_means(&panel, &y, true);
    let group_mean = |v: &[f64], treated: bool| {
        let g: Vec<f64> = v
            .iter()
            .zip(&panel.treated)
            .filter(|(_, t)| **t == treated)
            .map(|(x, _)| *x)
            .collect();
        g.iter().sum::<f64>() / g.len() as f64
    };
    report.before_after = Some(BeforeAfter {
        treated_before: group_mean(&before, true),
        treated_after: group_mean(&after, true),
        control_before: group_mean(&before, false),
        control_after: group_mean(&after, false),
    });
    if report.selection_warning {
        // Chosen for a low "before": the direction cannot be told from this design.
        let bound = inference::ancova(&panel, &y);
        report.ancova = bound.as_ref().map(|x| AncovaBound {
            estimate: x.estimate,
            ci_low: x.ci_low,
            ci_high: x.ci_high,
            p_value: x.p_value,
        });
        if with_selection(report.verdict, true, bound.as_ref()) != report.verdict {
            report.verdict = Verdict::Inconclusive;
            report.reasons.push(Reason {
                code: "selection_on_outcome".into(),
                detail: String::new(),
            });
        }
    }
    report
}
