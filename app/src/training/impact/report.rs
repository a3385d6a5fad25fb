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
    /// Offices compared, trained and not: an office with its UPTDs counts once (randomization
    /// re-assigns, and clustered errors cluster, whole offices).
    pub treated_offices: usize,
    pub control_offices: usize,
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
    /// Comparison units kept though some months of the window have no responses (reason
    /// `missing_months`, detail: the months): they are compared on their own months, each
    /// against that month's movement, so that the comparison set does not depend on who
    /// answered after the training.
    pub missing_months: Vec<Excluded>,
    /// Comparison units kept with a caveat: `trained_later` (detail: the program), trained by
    /// a program registered after this one, kept because the comparison set is fixed at
    /// registration.
    pub caveats: Vec<Excluded>,
    /// The day the comparison set was fixed (the registration day); `None` for a program
    /// registered before comparison sets were stored (then chosen by the same rules today).
    pub comparison_fixed_on: Option<NaiveDate>,
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
    /// What was measured: `ikm` (the monthly IKM, points) or `conduct` (conduct complaints
    /// proven per unit-month, by filing month; "improved" is fewer).
    #[serde(default)]
    pub outcome: ImpactOutcome,
}

/// The outcome a program's effect is measured on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ImpactOutcome {
    /// The monthly IKM of the trained units (the first outcome).
    #[default]
    Ikm,
    /// Conduct complaints proven per unit-month (the second outcome).
    Conduct,
}

impl ImpactOutcome {
    /// From a query's `outcome` (`conduct`; anything else is the IKM).
    pub fn of(q: Option<&str>) -> ImpactOutcome {
        match q {
            Some("conduct") => ImpactOutcome::Conduct,
            _ => ImpactOutcome::Ikm,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            ImpactOutcome::Ikm => "ikm",
            ImpactOutcome::Conduct => "conduct",
        }
    }
}

/// The plain before/after table: the trained and the comparison units' mean monthly IKM in
/// the months before and after (each office weighing what it weighs in the estimate), whose
/// difference of changes is the estimate.
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
    /// The day (WIB) it was registered.
    pub registered_on: NaiveDate,
    pub start: NaiveDate,
    /// Its last day of training (a rollout's wave: its first day).
    pub end: NaiveDate,
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
    /// The comparison units fixed at registration (`None`: registered before they were
    /// stored).
    pub comparison: Option<BTreeSet<i32>>,
    /// The second outcome, when asked: conduct complaints proven per unit and month instead
    /// of the IKM.
    pub conduct: Option<Conduct>,
}

/// Conduct complaints proven (wholly or partly), counted by the month they were filed:
/// `counts[unit][month count]`; `open[unit]`, the complaints filed in the window whose
/// finding is not known (still examined, or resolved before findings were recorded): their
/// findings may still add to the counts.
#[derive(Clone, Debug, Default)]
pub struct Conduct {
    pub counts: HashMap<i32, BTreeMap<i32, u64>>,
    pub open: HashMap<i32, u64>,
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

/// The months of a program's window: six before the month it starts, six after the month
/// it ends (the training months themselves left out).
struct Window {
    start: i32,
    end: i32,
    /// The months compared, in order, and each one's event month (-6..-1, 1..6).
    months: Vec<i32>,
    rel: Vec<i32>,
}

impl Window {
    fn of(inp: &Inputs) -> Window {
        let (start, end) = (month_of(inp.start), month_of(inp.end));
        let pre = start - WINDOW_MONTHS..start;
        let post = end + 1..=end + WINDOW_MONTHS;
        Window {
            start,
            end,
            rel: pre
                .clone()
                .map(|m| m - start)
                .chain(post.clone().map(|m| m - end))
                .collect(),
            months: pre.chain(post).collect(),
        }
    }

    fn first_day(&self) -> NaiveDate {
        first_day(self.start - WINDOW_MONTHS)
    }

    fn last_day(&self) -> NaiveDate {
        last_day(self.end + WINDOW_MONTHS)
    }
}

/// One row of the comparison: the units of one office (the office and its UPTDs, or those of
/// them that take part) with their sums added month by month. An office and its UPTDs share
/// staff, heads and shocks, and a program trains them together, so they are one cluster:
/// randomization re-assigns whole rows and clustered errors cluster by row. An office
/// without services of its own is judged on its UPTDs' responses.
struct Row {
    /// The top-most unit of the office.
    head: i32,
    units: Vec<i32>,
    treated: bool,
    /// A cell in every month of the window.
    complete: bool,
    /// Month count to the row's sums (months without responses absent).
    cells: BTreeMap<i32, Totals>,
    /// Month count to the row's proven conduct complaints (the second outcome).
    counts: BTreeMap<i32, f64>,
}

/// Builds the report: who is compared ([`eligibility`]), the estimate ([`estimate`]), and
/// what it allows one to say ([`judge`]).
pub fn build(inp: &Inputs) -> ImpactReport {
    let win = Window::of(inp);
    let mut report = empty(inp, &win);
    let rows = eligibility(inp, &win, &mut report);
    if let Some(c) = &inp.conduct {
        // A finding still to come may add to any month: the counts are not final.
        let open: u64 = rows
            .iter()
            .flat_map(|r| &r.units)
            .filter_map(|u| c.open.get(u))
            .sum();
        if open > 0 {
            report.reasons.push(Reason {
                code: "conduct_open".into(),
                detail: open.to_string(),
            });
        }
    }
    if report.reasons.is_empty()
        && let Some((panel, y)) = estimate(inp, &win, &rows, &mut report)
    {
        judge(&panel, &y, &mut report);
    }
    if inp.conduct.is_some() {
        natural_sign(&mut report);
    }
    report
}

/// The conduct outcome is analysed as minus the count, so that "improved" means fewer
/// proven complaints and the selection check looks at the units with the most; the figures
/// are then reported as counts (an estimate of -0.4: 0.4 fewer a unit-month).
fn natural_sign(report: &mut ImpactReport) {
    let flip = |lo: Option<f64>, hi: Option<f64>| (hi.map(|h| -h), lo.map(|l| -l));
    report.estimate = report.estimate.map(|e| -e);
    (report.ci_low, report.ci_high) = flip(report.ci_low, report.ci_high);
    for p in &mut report.event_study {
        p.estimate = -p.estimate;
        (p.ci_low, p.ci_high) = flip(p.ci_low, p.ci_high);
    }
    if let Some(a) = &mut report.ancova {
        a.estimate = -a.estimate;
        (a.ci_low, a.ci_high) = flip(a.ci_low, a.ci_high);
    }
    if let Some(b) = &mut report.before_after {
        b.treated_before = -b.treated_before;
        b.treated_after = -b.treated_after;
        b.control_before = -b.control_before;
        b.control_after = -b.control_after;
    }
}

/// The comparison set to fix when a program is registered: every unit outside its offices
/// and outside the programs registered before it that trained before the end of its window.
/// Units without responses stay in: whether they answer later must not choose the set.
pub fn comparison_at_registration(inp: &Inputs) -> BTreeSet<i32> {
    let win = Window::of(inp);
    let mut report = empty(inp, &win);
    let free = Inputs {
        comparison: None,
        ..inp.clone()
    };
    eligibility(&free, &win, &mut report);
    let structural = [
        "parent_of_trained",
        "same_office_as_trained",
        "trained_by_other",
        "trained_again",
    ];
    let out: BTreeSet<&str> = report
        .excluded_units
        .iter()
        .filter(|e| structural.contains(&e.reason.as_str()))
        .map(|e| e.code.as_str())
        .chain(report.treated_units.iter().map(|u| u.code.as_str()))
        .collect();
    // The program's own units are all among `out`: credited, or trained again.
    inp.tree
        .iter()
        .filter(|u| !out.contains(u.code.as_str()))
        .map(|u| u.id)
        .collect()
}

/// A report with nothing estimated yet.
fn empty(inp: &Inputs, win: &Window) -> ImpactReport {
    ImpactReport {
        program_id: inp.program_id,
        design: super::StudyDesign::Observational,
        window_months: WINDOW_MONTHS,
        pre: Months {
            from: month_name(win.start - WINDOW_MONTHS),
            to: month_name(win.start - 1),
        },
        post: Months {
            from: month_name(win.end + 1),
            to: month_name(win.end + WINDOW_MONTHS),
        },
        verdict: Verdict::InsufficientData,
        reasons: Vec::new(),
        method: None,
        assignments: None,
        treated_offices: 0,
        control_offices: 0,
        estimate: None,
        ci_low: None,
        ci_high: None,
        p_value: None,
        mde: None,
        treated_units: Vec::new(),
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
        missing_months: Vec::new(),
        caveats: Vec::new(),
        comparison_fixed_on: inp.comparison.as_ref().map(|_| inp.registered_on),
        outcome: if inp.conduct.is_some() {
            ImpactOutcome::Conduct
        } else {
            ImpactOutcome::Ikm
        },
    }
}

/// Fewest months with responses on each side of the training for a comparison office with
/// gaps to be compared (its own spread needs two).
pub const MIN_SIDE_MONTHS: usize = 2;

fn unit_of_code(tree: &[UnitInfo], code: &str) -> Option<i32> {
    tree.iter().find(|u| u.code == code).map(|u| u.id)
}

/// The top-most ancestor of a unit (the office heading its cluster).
fn head_of(tree: &[UnitInfo], id: i32) -> i32 {
    let mut at = id;
    // The tree has no cycles (units::domain checks it); the bound only guards the loop.
    for _ in 0..tree.len() {
        match tree.iter().find(|u| u.id == at).and_then(|u| u.parent) {
            Some(p) => at = p,
            None => break,
        }
    }
    at
}

/// Who is compared: the trained rows and the clean comparison rows. Units left out are listed
/// in the report with the reason, and the reasons that forbid an estimate are added to it.
fn eligibility(inp: &Inputs, win: &Window, report: &mut ImpactReport) -> Vec<Row> {
    let unit = |id: i32| inp.tree.iter().find(|u| u.id == id);
    let unit_ref = |id: i32| {
        unit(id).map(|u| UnitRef {
            code: u.code.clone(),
            name: u.name.clone(),
        })
    };
    // A unit named with a reason, for the lists of the report.
    let entry = |id: i32, reason: &str, detail: String| {
        unit(id).map(|u| Excluded {
            code: u.code.clone(),
            name: u.name.clone(),
            reason: reason.into(),
            detail,
        })
    };
    let exclude = |report: &mut ImpactReport, id: i32, reason: &str, detail: String| {
        report.excluded_units.extend(entry(id, reason, detail));
    };
    // A caveat once per unit and reason.
    let caveat = |report: &mut ImpactReport, id: i32, reason: &str, detail: String| {
        if let Some(e) = entry(id, reason, detail)
            && !report
                .caveats
                .iter()
                .any(|c| c.code == e.code && c.reason == e.reason)
        {
            report.caveats.push(e);
        }
    };
    let mut treated: BTreeSet<i32> = inp
        .units
        .iter()
        .flat_map(|&u| descendants(&inp.tree, u))
        .collect();
    let trained_at_all = !treated.is_empty();
    // The offices trained, before any unit is taken out below: the rest of such an office
    // never compares.
    let heads: BTreeSet<i32> = treated.iter().map(|&t| head_of(&inp.tree, t)).collect();
    let (first, last) = (win.first_day(), win.last_day());
    let mut left_out: BTreeSet<i32> = BTreeSet::new();
    // Trained again by another program inside the window, or shortly before it (its effect
    // may still be growing, as for comparison units): its change cannot be told from that
    // program's, so the unit is not credited to either. Only programs registered by the
    // window's last day count: one registered afterwards cannot move a verdict already due;
    // it is listed as a caveat instead.
    for o in inp
        .others
        .iter()
        .filter(|o| o.start <= last && last_day(month_of(o.end) + WINDOW_MONTHS) >= first)
    {
        for id in o.units.iter().flat_map(|&u| descendants(&inp.tree, u)) {
            if !treated.contains(&id) {
                continue;
            }
            if o.registered_on <= last {
                treated.remove(&id);
                left_out.insert(id);
                exclude(report, id, "trained_again", o.name.clone());
            } else {
                caveat(report, id, "trained_again_later", o.name.clone());
            }
        }
    }
    report.treated_units = treated.iter().filter_map(|&u| unit_ref(u)).collect();
    // The rest of a trained office: its parent (whose staff may have taken part) and its
    // other UPTDs (same heads, same shocks).
    let above_trained = |id: i32| {
        treated
            .iter()
            .any(|&t| t != id && descendants(&inp.tree, id).contains(&t))
    };
    for u in &inp.tree {
        if !treated.contains(&u.id)
            && !left_out.contains(&u.id)
            && heads.contains(&head_of(&inp.tree, u.id))
        {
            left_out.insert(u.id);
            let reason = if above_trained(u.id) {
                "parent_of_trained"
            } else {
                "same_office_as_trained"
            };
            exclude(report, u.id, reason, String::new());
        }
    }
    // Units of programs before or during the span: left out, unless the unit is in the
    // comparison set fixed at registration. A unit of that set trained by such a program can
    // only be there because the program was registered afterwards (one registered before
    // would have kept it out of the set): it stays, with a caveat.
    let fixed = |id: i32| inp.comparison.as_ref().is_some_and(|c| c.contains(&id));
    for o in inp.others.iter().filter(|o| o.start <= last) {
        for id in o.units.iter().flat_map(|&u| descendants(&inp.tree, u)) {
            if treated.contains(&id) || left_out.contains(&id) {
                continue;
            }
            if fixed(id) {
                caveat(report, id, "trained_later", o.name.clone());
            } else {
                left_out.insert(id);
                exclude(report, id, "trained_by_other", o.name.clone());
            }
        }
    }
    // Units outside the comparison set fixed at registration (added since).
    if inp.comparison.is_some() {
        for u in &inp.tree {
            if !treated.contains(&u.id) && !left_out.contains(&u.id) && !fixed(u.id) {
                left_out.insert(u.id);
                exclude(report, u.id, "not_in_comparison", String::new());
            }
        }
    }
    // Rows: the trained units of each office, and the remaining units of every other office.
    let mut rows: BTreeMap<(bool, i32), Vec<i32>> = BTreeMap::new();
    for u in &inp.tree {
        if !left_out.contains(&u.id) {
            let t = treated.contains(&u.id);
            rows.entry((!t, head_of(&inp.tree, u.id)))
                .or_default()
                .push(u.id);
        }
    }
    let names = |ms: &[i32]| {
        ms.iter()
            .map(|&m| month_name(m))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut kept = Vec::new();
    let mut reasons = Vec::new();
    for ((untreated, head), units) in rows {
        let mut cells: BTreeMap<i32, Totals> = BTreeMap::new();
        for &m in &win.months {
            for id in &units {
                if let Some(t) = inp.cells.get(id).and_then(|c| c.get(&m)) {
                    cells.entry(m).or_default().merge(t);
                }
            }
        }
        let mut counts: BTreeMap<i32, f64> = BTreeMap::new();
        if let Some(c) = &inp.conduct {
            for &m in &win.months {
                let n: u64 = units
                    .iter()
                    .filter_map(|id| c.counts.get(id).and_then(|by| by.get(&m)))
                    .sum();
                counts.insert(m, n as f64);
            }
        }
        // A month without a proven complaint counts zero: the second outcome has no gaps.
        let gaps: Vec<i32> = if inp.conduct.is_some() {
            Vec::new()
        } else {
            win.months
                .iter()
                .copied()
                .filter(|m| cells.get(m).and_then(Totals::ikm_value).is_none())
                .collect()
        };
        if !untreated {
            if !gaps.is_empty() {
                let code = unit(head).map(|u| u.code.clone()).unwrap_or_default();
                reasons.push(Reason {
                    code: "treated_missing".into(),
                    detail: format!("{code}: {}", names(&gaps)),
                });
            }
        } else if gaps.len() == win.months.len() {
            for &id in &units {
                exclude(report, id, "no_responses", String::new());
            }
            continue;
        } else {
            // Compared on its own months, when it has at least two on each side (its own
            // spread needs them); its missing months are listed.
            let has = |after: bool| {
                win.months
                    .iter()
                    .filter(|m| (**m > win.end) == after && !gaps.contains(m))
                    .count()
            };
            if !gaps.is_empty() && (has(false) < MIN_SIDE_MONTHS || has(true) < MIN_SIDE_MONTHS) {
                for &id in &units {
                    exclude(report, id, "missing_months", names(&gaps));
                }
                continue;
            }
            if !gaps.is_empty() {
                for &id in &units {
                    report
                        .missing_months
                        .extend(entry(id, "missing_months", names(&gaps)));
                }
            }
            report
                .control_units
                .extend(units.iter().filter_map(|&u| unit_ref(u)));
        }
        kept.push(Row {
            head,
            treated: !untreated,
            complete: gaps.is_empty(),
            units,
            cells,
            counts,
        });
    }
    // Clustered errors need every month: with enough complete comparison offices for them,
    // the others are left out (and listed) instead.
    let (t, full) = (
        kept.iter().filter(|r| r.treated).count(),
        kept.iter().filter(|r| !r.treated && r.complete).count(),
    );
    if inference::uses_clusters(t, full) {
        let gappy: BTreeSet<i32> = kept
            .iter()
            .filter(|r| !r.complete)
            .flat_map(|r| r.units.iter().copied())
            .collect();
        for e in std::mem::take(&mut report.missing_months) {
            report.excluded_units.push(e);
        }
        report
            .control_units
            .retain(|u| unit_of_code(&inp.tree, &u.code).is_none_or(|id| !gappy.contains(&id)));
        kept.retain(|r| r.complete);
    }
    if inp.today <= last {
        reasons.insert(
            0,
            Reason {
                code: "post_not_complete".into(),
                detail: (last + chrono::Duration::days(1)).to_string(),
            },
        );
    }
    if treated.is_empty() {
        reasons.push(Reason {
            code: if trained_at_all {
                "retrained_in_window"
            } else {
                "no_treated"
            }
            .into(),
            detail: String::new(),
        });
    }
    let (t, c) = (
        kept.iter().filter(|r| r.treated).count(),
        kept.iter().filter(|r| !r.treated).count(),
    );
    (report.treated_offices, report.control_offices) = (t, c);
    // The month-by-month comparison (and the ANCOVA bound) uses the comparison offices with
    // every month: they alone must be enough.
    let full = kept.iter().filter(|r| !r.treated && r.complete).count();
    if full < inference::MIN_CONTROLS {
        reasons.push(Reason {
            code: "few_controls".into(),
            detail: full.to_string(),
        });
    }
    let possible = choose(t + full, t);
    if t > 0 && !inference::uses_clusters(t, c) && possible < MIN_ASSIGNMENTS {
        reasons.push(Reason {
            code: "few_assignments".into(),
            detail: possible.to_string(),
        });
    }
    report.reasons.extend(reasons);
    // A caveat only for a unit still compared or credited.
    let named: BTreeSet<String> = report
        .control_units
        .iter()
        .chain(&report.treated_units)
        .map(|u| u.code.clone())
        .collect();
    report.caveats.retain(|c| named.contains(&c.code));
    kept
}

/// The estimate on the rows, with its interval, event study, minimum detectable effect,
/// per-element effects and the plain before/after table. Returns the panel and its IKM cells
/// for [`judge`]; `None` (with a reason) when no estimate can be made.
fn estimate(
    inp: &Inputs,
    win: &Window,
    rows: &[Row],
    report: &mut ImpactReport,
) -> Option<(Panel, Vec<Vec<f64>>)> {
    let outcome = |f: &dyn Fn(&Totals) -> Option<f64>| -> Vec<Vec<f64>> {
        rows.iter()
            .map(|r| {
                win.months
                    .iter()
                    .map(|m| r.cells.get(m).and_then(f).unwrap_or(f64::NAN))
                    .collect()
            })
            .collect()
    };
    let y = match &inp.conduct {
        // Minus the count (see `natural_sign`).
        Some(_) => rows
            .iter()
            .map(|r| {
                win.months
                    .iter()
                    .map(|m| -r.counts.get(m).copied().unwrap_or(0.0))
                    .collect()
            })
            .collect(),
        None => outcome(&Totals::ikm_value),
    };
    let panel = Panel {
        units: rows
            .iter()
            .map(|r| {
                inp.tree
                    .iter()
                    .find(|u| u.id == r.head)
                    .map(|u| u.code.clone())
                    .unwrap_or_default()
            })
            .collect(),
        rel: win.rel.clone(),
        treated: rows.iter().map(|r| r.treated).collect(),
        y: y.clone(),
    };
    let Some(a) = analyse(&panel, &y) else {
        report.reasons.push(Reason {
            code: "few_controls".into(),
            detail: panel.treated.iter().filter(|t| !**t).count().to_string(),
        });
        return None;
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
    // The elements are the IKM's; the second outcome has none.
    let targets: &[Element] = if inp.conduct.is_some() {
        &[]
    } else {
        &inp.targets
    };
    let per_element: Vec<(Element, inference::Inferred)> = targets
        .iter()
        .filter_map(|&e| {
            let ye = outcome(&|t: &Totals| t.element_value(e));
            inference::analyse_with(&panel, &ye, a.method).map(|x| (e, x.att))
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
    // The plain table, each row weighing what it weighs in the estimate, so that its
    // difference of changes is the estimate.
    let (before, after) = (panel.filled_means(&y, false), panel.filled_means(&y, true));
    let group_mean = |v: &[f64], treated: bool| {
        let (mut sum, mut weight) = (0.0, 0.0);
        for ((x, t), w) in v.iter().zip(&panel.treated).zip(&a.weights) {
            if *t == treated {
                sum += w * x;
                weight += w;
            }
        }
        sum / weight
    };
    report.before_after = Some(BeforeAfter {
        treated_before: group_mean(&before, true),
        treated_after: group_mean(&after, true),
        control_before: group_mean(&before, false),
        control_after: group_mean(&after, false),
    });
    Some((panel, y))
}

/// What the estimate allows one to say once the choice of the trained units is considered:
/// regression to the mean when they were among the lowest before.
fn judge(panel: &Panel, y: &[Vec<f64>], report: &mut ImpactReport) {
    let before = panel.filled_means(y, false);
    report.selection_warning = chosen_among_lowest(panel, &before);
    if report.selection_warning {
        // Chosen for a low "before": the direction cannot be told from this design. The
        // bound compares the rows with every month.
        let complete = panel.complete(y);
        let keep: Vec<usize> = (0..complete.len()).filter(|&i| complete[i]).collect();
        let (full, ys) = panel.rows(y, &keep);
        let bound = inference::ancova(&full, &ys);
        report.ancova = bound.as_ref().map(|x| AncovaBound {
            estimate: x.estimate,
            ci_low: x.ci_low,
            ci_high: x.ci_high,
            p_value: x.p_value,
        });
        // Counts are skewed and their regression to the mean is not linear in the count
        // before: the ANCOVA does not remove it (the calibration found a rate of about 11 %
        // "improved" under no effect when the worst were trained), so for the conduct
        // outcome a selection on it withholds the direction whatever the ANCOVA says.
        let bound_heard = if report.outcome == ImpactOutcome::Conduct {
            None
        } else {
            bound.as_ref()
        };
        if with_selection(report.verdict, true, bound_heard) != report.verdict {
            report.verdict = Verdict::Inconclusive;
            report.reasons.push(Reason {
                code: "selection_on_outcome".into(),
                detail: String::new(),
            });
        }
    }
}
