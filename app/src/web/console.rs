//! The signed-in staff member as a console page's data carries them (its forms need the
//! CSRF token); the frame around the page is the router's (`layout`).

use serde::{Deserialize, Serialize};

/// The signed-in staff member, as the console header shows them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsoleUser {
    pub name: String,
    /// The role's code (`admin`, `inspector`, `unit_officer`, `manager`).
    pub role: String,
    /// The session's CSRF token, for the page's forms.
    pub csrf: String,
}
