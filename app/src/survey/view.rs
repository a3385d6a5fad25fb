//! What the survey pages show again after a refusal.

use super::domain::SurveyError;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A field's problem as the form shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub code: String,
}

impl From<&SurveyError> for FieldError {
    fn from(e: &SurveyError) -> Self {
        FieldError {
            field: e.field(),
            code: e.code().to_string(),
        }
    }
}

/// What the citizen typed and what was wrong with it, when the server sends the form back.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormState {
    pub values: BTreeMap<String, String>,
    pub errors: Vec<FieldError>,
}
