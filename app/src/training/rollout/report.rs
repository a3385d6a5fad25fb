//! A rollout's report: the waves and their units, the months compared, the estimate by the
//! design's randomization distribution with its test-inverted interval, the MDE from the
//! null distribution, per-element effects, and the verdict ("insufficient data" with its
//! reasons included). The comparison set is the plan's units, fixed at registration: a unit
//! is never dropped for its later months; gaps are reported.

use super::analysis::{self, Cells, DRAWS, Design, MIN_DISTINCT};
use crate::survey::domain::Element;
use crate::survey::index::Totals;
use crate::training::impact::inference::{Method, holm};
use crate::training::impact::report::{
    ElementResult, Excluded, Months, Reason, UnitRef, first_day, last_day, month_name,
};
use crate::training::impact::{StudyDesign, Verdict, verdict};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One wave with its units.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct WaveUnits {
    pub wave: usize,
    pub starts_on: NaiveDate,
    pub units: Vec<UnitRef>,
}

/// Everything the page and the API say about a rollout's effect.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RolloutImpact {
    pub rollout_id: i32,
    /// Always `randomized`.
    pub design: StudyDesign,
    pub verdict: Verdict,
    /// Why no estimate is given: `post_not_complete` (detail: the first day it can be),
    /// `few_assignments` (detail: distinct assignments the design allows, under 60),
    /// `no_comparison` (no month with trained and waiting units that have responses).
    pub reasons: Vec<Reason>,
    pub method: Option<Method>,
    /// Assignments in the randomization distribution (the registered one and re-draws).
    pub assignments: Option<usize>,
    /// The average effect on a trained unit's monthly IKM, in points.
    pub estimate: Option<f64>,
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
    pub p_value: Option<f64>,
    /// Smallest true effect found 80 % of the time at 5 %, from the null distribution.
    pub mde: Option<f64>,
    /// The MDE expected at registration.
    pub planned_mde: Option<f64>,
    /// Units compared after their training (every wave but the last).
    pub treated_units: Vec<UnitRef>,
    /// Units compared while still waiting (every wave but the first).
    pub control_units: Vec<UnitRef>,
    /// Units of the plan that could not take part (`no_baseline`: no responses in the six
    /// months before the first wave).
    pub excluded_units: Vec<Excluded>,
    /// Units of the plan without responses in some compared months (`missing_months`,
    /// detail: the months); they take part in the others.
    pub missing_months: Vec<Excluded>,
    /// The baseline months, and the months compared.
    pub baseline: Months,
    pub compared: Months,
    pub waves: Vec<WaveUnits>,
    pub elements: Vec<ElementResult>,
}

/// What the report is made from.
pub struct Inputs<'a> {
    pub rollout_id: i32,
    pub design: &'a Design,
    /// The registered wave of each unit (design order).
    pub observed: &'a [usize],
    pub seed: u64,
    pub wave_days: &'a [NaiveDate],
    /// Per unit (design order).
    pub units: &'a [UnitRef],
    /// Per unit (design order), sums by month count.
    pub cells: &'a [BTreeMap<i32, Totals>],
    pub targets: &'a [Element],
    pub planned_mde: Option<f64>,
    pub today: NaiveDate,
}

fn values(inp: &Inputs, f: &dyn Fn(&Totals) -> Option<f64>) -> Cells {
    let first = inp.design.first_month();
    inp.cells
        .iter()
        .map(|c| {
            (0..inp.design.months())
                .map(|j| c.get(&(first + i32::try_from(j).unwrap_or(0))).and_then(f))
                .collect()
        })
        .collect()
}

/// Builds the report.
pub fn build(inp: &Inputs) -> RolloutImpact {
    let d = inp.design;
    let first = d.first_month();
    let pre_end = d.wave_months[0] - 1;
    let last_wave = d.wave_months.len() - 1;
    let y = values(inp, &Totals::ikm_value);
    let pre = usize::try_from(d.wave_months[0] - first).unwrap_or(0);
    let has_baseline: Vec<bool> = y
        .iter()
        .map(|r| r.iter().take(pre).any(Option::is_some))
        .collect();
    let mut report = RolloutImpact {
        rollout_id: inp.rollout_id,
        design: StudyDesign::Randomized,
        verdict: Verdict::InsufficientData,
        reasons: Vec::new(),
        method: None,
        assignments: None,
        estimate: None,
        ci_low: None,
        ci_high: None,
        p_value: None,
        mde: None,
        planned_mde: inp.planned_mde,
        treated_units: Vec::new(),
        control_units: Vec::new(),
        excluded_units: Vec::new(),
        missing_months: Vec::new(),
        baseline: Months {
            from: month_name(first),
            to: month_name(pre_end),
        },
        compared: Months {
            from: month_name(d.wave_months[0] + 1),
            to: month_name(d.last_month()),
        },
        waves: inp
            .wave_days
            .iter()
            .enumerate()
            .map(|(w, day)| WaveUnits {
                wave: w,
                starts_on: *day,
                units: inp
                    .units
                    .iter()
                    .zip(inp.observed)
                    .filter(|(_, o)| **o == w)
                    .map(|(u, _)| u.clone())
                    .collect(),
            })
            .collect(),
        elements: Vec::new(),
    };
    for (i, u) in inp.units.iter().enumerate() {
        if !has_baseline[i] {
            report.excluded_units.push(Excluded {
                code: u.code.clone(),
                name: u.name.clone(),
                reason: "no_baseline".into(),
                detail: String::new(),
            });
            continue;
        }
        if inp.observed[i] < last_wave {
            report.treated_units.push(u.clone());
        }
        if inp.observed[i] > 0 {
            report.control_units.push(u.clone());
        }
        let gaps: Vec<String> = ((d.wave_months[0] + 1)..=d.last_month())
            .filter(|&t| t != d.wave_months[inp.observed[i]])
            .filter(|&t| {
                y[i][usize::try_from(t - first).unwrap_or(0)].is_none() && first_day(t) <= inp.today
            })
            .map(month_name)
            .collect();
        if !gaps.is_empty() {
            report.missing_months.push(Excluded {
                code: u.code.clone(),
                name: u.name.clone(),
                reason: "missing_months".into(),
                detail: gaps.join(", "),
            });
        }
    }
    if inp.today <= last_day(d.last_month()) {
        report.reasons.push(Reason {
            code: "post_not_complete".into(),
            detail: first_day(d.last_month() + 1).to_string(),
        });
    }
    let sets = d.assignments(inp.observed, inp.seed, DRAWS);
    let distinct = analysis::distinct(&sets);
    if distinct < MIN_DISTINCT {
        report.reasons.push(Reason {
            code: "few_assignments".into(),
            detail: distinct.to_string(),
        });
    }
    if !report.reasons.is_empty() {
        return report;
    }
    let Some(e) = analysis::estimate(d, &sets, &y) else {
        report.reasons.push(Reason {
            code: "no_comparison".into(),
            detail: String::new(),
        });
        return report;
    };
    report.verdict = verdict(&e.att);
    report.method = Some(Method::Randomization);
    report.assignments = Some(e.assignments);
    report.estimate = Some(e.att.estimate);
    report.ci_low = e.att.ci_low;
    report.ci_high = e.att.ci_high;
    report.p_value = Some(e.att.p_value);
    report.mde = Some(e.mde);
    let per_element: Vec<(Element, analysis::Estimate)> = inp
        .targets
        .iter()
        .filter_map(|&el| {
            let ye = values(inp, &|t: &Totals| t.element_value(el));
            analysis::estimate(d, &sets, &ye).map(|x| (el, x))
        })
        .collect();
    let adjusted = holm(
        &per_element
            .iter()
            .map(|(_, x)| x.att.p_value)
            .collect::<Vec<_>>(),
    );
    report.elements = per_element
        .into_iter()
        .zip(adjusted)
        .map(|((el, x), p_holm)| ElementResult {
            code: el.code().into(),
            estimate: x.att.estimate,
            ci_low: x.att.ci_low,
            ci_high: x.att.ci_high,
            p_value: x.att.p_value,
            p_holm,
        })
        .collect();
    report
}
