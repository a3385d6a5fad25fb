//! What the training pages (a program's impact, a rollout) say alike, in the reader's
//! language: a verdict's code, an element's label, the effect rows, months in words, and the
//! units with months missing.

use super::impact::Verdict;
use super::impact::report::{ElementResult, Excluded};
use super::server_fns::EffectRow;
use crate::i18n::Lang;
use crate::tr;

/// A verdict's stable code (`improved`, `no_measurable_change`, ...).
pub fn verdict_code(v: Verdict) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|x| x.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// An element by its code and name (`U3 Waktu penyelesaian`); the code alone if unknown.
pub fn element_label(code: &str, lang: Lang) -> String {
    crate::survey::domain::Element::from_code(code)
        .map(|el| {
            format!(
                "{code} {}",
                crate::survey::questionnaire::wording(el, lang).name
            )
        })
        .unwrap_or_else(|| code.to_string())
}

/// A verdict that says something, in words (`{prefix}.no_measurable_change`, `.improved` or
/// `.worsened`): the estimate, and its 95 % interval (open ends written as infinities) or the
/// smallest effect the data could have shown. `None` for the other verdicts, which each page
/// words its own way.
pub fn verdict_summary(
    lang: Lang,
    prefix: &str,
    verdict: Verdict,
    estimate: f64,
    (low, high): (Option<f64>, Option<f64>),
    mde: Option<f64>,
) -> Option<String> {
    let f2 = |x: f64| lang.number(x, 2);
    let key = |k: &str| format!("{prefix}.{k}");
    match verdict {
        Verdict::NoMeasurableChange => Some(tr!(
            lang,
            &key("no_measurable_change"),
            estimate = f2(estimate),
            mde = mde.map(f2).unwrap_or_default()
        )),
        Verdict::Improved | Verdict::Worsened => Some(tr!(
            lang,
            &key(if verdict == Verdict::Improved {
                "improved"
            } else {
                "worsened"
            }),
            estimate = f2(estimate.abs()),
            low = low.map(f2).unwrap_or_else(|| "−∞".into()),
            high = high.map(f2).unwrap_or_else(|| "∞".into())
        )),
        Verdict::InsufficientData | Verdict::Inconclusive => None,
    }
}

/// The overall effect's row: its estimate, interval and p-value.
pub fn overall_row(
    lang: Lang,
    estimate: Option<f64>,
    (ci_low, ci_high): (Option<f64>, Option<f64>),
    p_value: Option<f64>,
) -> Option<EffectRow> {
    estimate.map(|e| EffectRow {
        label: tr!(lang, "impact.overall"),
        estimate: Some(e),
        ci_low,
        ci_high,
        p_value,
        p_holm: None,
    })
}

/// The targeted elements' rows, with their Holm-adjusted p-values.
pub fn element_rows(lang: Lang, elements: &[ElementResult]) -> Vec<EffectRow> {
    elements
        .iter()
        .map(|e| EffectRow {
            label: element_label(&e.code, lang),
            estimate: Some(e.estimate),
            ci_low: e.ci_low,
            ci_high: e.ci_high,
            p_value: Some(e.p_value),
            p_holm: Some(e.p_holm),
        })
        .collect()
}

/// `YYYY-MM` in words (`Maret 2027`).
pub fn month_words(lang: Lang, ym: &str) -> String {
    chrono::NaiveDate::parse_from_str(&format!("{ym}-01"), "%Y-%m-%d")
        .map(|d| {
            use chrono::Datelike;
            format!("{} {}", lang.month_name(d.month()), d.year())
        })
        .unwrap_or_else(|_| ym.to_string())
}

/// Each unit with months missing, and those months in words.
pub fn missing_months(lang: Lang, units: &[Excluded]) -> Vec<(String, String)> {
    units
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
        .collect()
}
