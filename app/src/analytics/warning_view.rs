//! An open early-warning alarm as the dashboard and the unit officer's queue show it, and
//! the notice that says it in words.

use crate::i18n::Lang;
use crate::tr;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One open alarm.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AlarmView {
    pub unit: String,
    pub raised_on: chrono::NaiveDate,
    pub recent_ikm: f64,
    pub baseline_ikm: f64,
    pub recent_responses: i64,
    /// `U7 Perilaku Pelaksana`.
    pub element: String,
    pub element_drop: f64,
}

/// The notice of open alarms (nothing when there are none).
pub fn alarm_notice(lang: Lang, alarms: &[AlarmView]) -> impl IntoView + use<> {
    (!alarms.is_empty()).then(|| {
        let items = alarms
            .iter()
            .map(|a| {
                view! {
                    <li>
                        <strong>{a.unit.clone()}</strong>": "
                        {tr!(lang, "warning.line",
                            recent = lang.number(a.recent_ikm, 1),
                            n = lang.count(a.recent_responses),
                            baseline = lang.number(a.baseline_ikm, 1),
                            drop = lang.number(a.baseline_ikm - a.recent_ikm, 1),
                            element = a.element.clone(),
                            element_drop = lang.number(a.element_drop, 1),
                            since = lang.date(a.raised_on))}
                    </li>
                }
            })
            .collect_view();
        view! {
            <section class="notice warning-alarm" role="status" aria-labelledby="h-warning">
                <h2 id="h-warning">{tr!(lang, "warning.title")}</h2>
                <ul>{items}</ul>
                <p class="hint">{tr!(lang, "warning.hint")}</p>
            </section>
        }
    })
}
