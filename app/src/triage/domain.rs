//! Reporter protection in the console: who may open a rahasia reporter's sealed identity and
//! who sees an open reporter's name. (The workflow's state machine is the complaint's own:
//! [`crate::complaints::domain::workflow`].)

use crate::accounts::domain::Role;

/// Whether this role may open a rahasia reporter's sealed identity (always logged): only
/// inspectors, never unit officers, managers or admins.
pub fn may_reveal(role: Role) -> bool {
    role == Role::Inspector
}

/// Whether this role sees a terbuka reporter's name and contact: everyone who reads the case
/// except unit officers. The unit being reported is where the accused officer works, so it
/// never learns who reported (inspectors relay what the unit needs).
pub fn may_see_open_reporter(role: Role) -> bool {
    role != Role::UnitOfficer
}
