//! What the account pages show again after a refusal.

use serde::{Deserialize, Serialize};

/// What the sign-in form shows again after a refusal.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginFormState {
    pub email: String,
    /// `invalid_credentials` or `too_many_attempts`.
    pub error: String,
    pub seconds: u64,
}

/// A refused password form: the message key's code (passwords are never sent back).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordFormState {
    pub error: String,
}
