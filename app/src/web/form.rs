//! A refused staff form shown again: which form on the page, why, and what was typed.

use serde::{Deserialize, Serialize};

/// A refused form: which form of the page, the message code and what was typed. A handler
/// puts it in the rendering context; the page shows it by that form and keeps the values.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormRefusal {
    pub form: String,
    pub error: String,
    pub values: std::collections::BTreeMap<String, String>,
    /// Refusals already put in the reader's language (imports and the unit forms).
    pub messages: Vec<String>,
}
