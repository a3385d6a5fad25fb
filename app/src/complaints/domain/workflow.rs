//! The complaint workflow as an explicit state machine: which action leads from which
//! status to which, who may take it, and what it must carry. The server enforces it on
//! every transition; the console offers only what it allows.

use super::Status;
use crate::accounts::domain::Role;
use serde::{Deserialize, Serialize};

/// Longest reason or reply, in characters.
pub const MAX_TEXT_CHARS: usize = 4000;

/// What staff (or the reporter, or the system) do to a complaint.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Action {
    Verify,
    Reject,
    MarkDuplicate,
    Disposition,
    FollowUp,
    Resolve,
    Close,
    Reopen,
    /// Close an open case whose reporter left a question unanswered for
    /// [`ANSWER_WAIT_DAYS`] working days; the reporter is told why.
    CloseIncomplete,
}

/// Working days a question waits for the reporter before the case may be closed as
/// incomplete.
pub const ANSWER_WAIT_DAYS: u32 = 10;

impl Action {
    /// Every action, in workflow order.
    pub const ALL: [Action; 9] = [
        Action::Verify,
        Action::Reject,
        Action::MarkDuplicate,
        Action::Disposition,
        Action::FollowUp,
        Action::Resolve,
        Action::Close,
        Action::Reopen,
        Action::CloseIncomplete,
    ];

    /// The stable code of the API (`verify`, `mark_duplicate`, ...).
    pub fn code(self) -> &'static str {
        match self {
            Action::Verify => "verify",
            Action::Reject => "reject",
            Action::MarkDuplicate => "mark_duplicate",
            Action::Disposition => "disposition",
            Action::FollowUp => "follow_up",
            Action::Resolve => "resolve",
            Action::Close => "close",
            Action::Reopen => "reopen",
            Action::CloseIncomplete => "close_incomplete",
        }
    }

    /// The action with this code.
    pub fn from_code(code: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.code() == code)
    }
}

/// Who takes an action.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Actor {
    Staff(Role),
    /// The reporter, from the status page (reopening only).
    Reporter,
    /// The server itself (closing after the objection window).
    System,
}

/// Why a transition was refused; the code is also the message key `error.<code>`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    /// The action does not apply to the current status.
    #[error("transition_not_allowed")]
    NotAllowed,
    /// This kind of actor may not take this action.
    #[error("action_not_permitted")]
    NotPermitted,
    #[error("reason_missing")]
    ReasonMissing,
    /// A disposition names the unit.
    #[error("unit_missing")]
    UnitMissing,
    /// A follow-up carries the unit's answer for the reporter.
    #[error("text_missing")]
    TextMissing,
    #[error("text_too_long")]
    TextTooLong,
}

impl TransitionError {
    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            TransitionError::NotAllowed => "transition_not_allowed",
            TransitionError::NotPermitted => "action_not_permitted",
            TransitionError::ReasonMissing => "reason_missing",
            TransitionError::UnitMissing => "unit_missing",
            TransitionError::TextMissing => "text_missing",
            TransitionError::TextTooLong => "text_too_long",
        }
    }
}

/// The status an action leads to from `from`, if the workflow allows it there.
///
/// received -> verified | rejected | duplicate; verified -> dispositioned; dispositioned ->
/// followed_up (the unit answers) or dispositioned again (sent to another unit);
/// followed_up -> resolved, or back to the unit; resolved -> closed, or reopened (back to
/// verified) when the reporter objects. An open case whose reporter did not answer a
/// question closes as incomplete (the waiting time is checked by the service).
pub fn next_status(from: Status, action: Action) -> Result<Status, TransitionError> {
    use Action as A;
    use Status as S;
    match (from, action) {
        (S::Received, A::Verify) => Ok(S::Verified),
        (S::Received | S::Verified, A::Reject) => Ok(S::Rejected),
        (S::Received | S::Verified, A::MarkDuplicate) => Ok(S::Duplicate),
        (S::Verified | S::Dispositioned | S::FollowedUp, A::Disposition) => Ok(S::Dispositioned),
        (S::Dispositioned, A::FollowUp) => Ok(S::FollowedUp),
        (S::FollowedUp, A::Resolve) => Ok(S::Resolved),
        (S::Resolved | S::Rejected | S::Duplicate, A::Close) => Ok(S::Closed),
        (S::Resolved, A::Reopen) => Ok(S::Verified),
        (S::Received | S::Verified | S::Dispositioned | S::FollowedUp, A::CloseIncomplete) => {
            Ok(S::Closed)
        }
        _ => Err(TransitionError::NotAllowed),
    }
}

/// Whether this kind of actor may take the action at all (unit scope is checked apart).
pub fn permitted(actor: Actor, action: Action) -> bool {
    match actor {
        Actor::Staff(Role::Inspector) => action != Action::FollowUp,
        Actor::Staff(Role::UnitOfficer) => action == Action::FollowUp,
        Actor::Staff(Role::Admin | Role::Manager) => false,
        Actor::Reporter => action == Action::Reopen,
        Actor::System => action == Action::Close,
    }
}

/// A requested transition, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Request {
    pub reason: Option<String>,
    pub unit_code: Option<String>,
    pub text: Option<String>,
}

/// Checks a transition completely: allowed from the status, permitted to the actor, and
/// carrying what it must (a reason always, the unit for a disposition, the answer for a
/// follow-up, the reporter's explanation for closing as incomplete). Returns the status
/// reached.
pub fn check(
    from: Status,
    action: Action,
    actor: Actor,
    req: &Request,
) -> Result<Status, TransitionError> {
    if !permitted(actor, action) {
        return Err(TransitionError::NotPermitted);
    }
    let to = next_status(from, action)?;
    let filled = |v: &Option<String>| v.as_deref().is_some_and(|s| !s.trim().is_empty());
    if !filled(&req.reason) && actor != Actor::System {
        return Err(TransitionError::ReasonMissing);
    }
    if action == Action::Disposition && !filled(&req.unit_code) {
        return Err(TransitionError::UnitMissing);
    }
    if matches!(action, Action::FollowUp | Action::CloseIncomplete) && !filled(&req.text) {
        return Err(TransitionError::TextMissing);
    }
    for v in [&req.reason, &req.text].into_iter().flatten() {
        if v.chars().count() > MAX_TEXT_CHARS {
            return Err(TransitionError::TextTooLong);
        }
    }
    Ok(to)
}

#[cfg(test)]
mod tests {
    use super::*;

    const INSPECTOR: Actor = Actor::Staff(Role::Inspector);
    const OFFICER: Actor = Actor::Staff(Role::UnitOfficer);

    fn req() -> Request {
        Request {
            reason: Some("sesuai bukti".into()),
            unit_code: Some("samsat-kota".into()),
            text: Some("Petugas telah ditegur dan uang dikembalikan.".into()),
        }
    }

    /// Every allowed (from, action, actor) -> to of the workflow.
    const ALLOWED: [(Status, Action, Actor, Status); 20] = [
        (
            Status::Received,
            Action::CloseIncomplete,
            INSPECTOR,
            Status::Closed,
        ),
        (
            Status::Verified,
            Action::CloseIncomplete,
            INSPECTOR,
            Status::Closed,
        ),
        (
            Status::Dispositioned,
            Action::CloseIncomplete,
            INSPECTOR,
            Status::Closed,
        ),
        (
            Status::FollowedUp,
            Action::CloseIncomplete,
            INSPECTOR,
            Status::Closed,
        ),
        (
            Status::Received,
            Action::Verify,
            INSPECTOR,
            Status::Verified,
        ),
        (
            Status::Received,
            Action::Reject,
            INSPECTOR,
            Status::Rejected,
        ),
        (
            Status::Verified,
            Action::Reject,
            INSPECTOR,
            Status::Rejected,
        ),
        (
            Status::Received,
            Action::MarkDuplicate,
            INSPECTOR,
            Status::Duplicate,
        ),
        (
            Status::Verified,
            Action::MarkDuplicate,
            INSPECTOR,
            Status::Duplicate,
        ),
        (
            Status::Verified,
            Action::Disposition,
            INSPECTOR,
            Status::Dispositioned,
        ),
        (
            Status::Dispositioned,
            Action::Disposition,
            INSPECTOR,
            Status::Dispositioned,
        ),
        (
            Status::FollowedUp,
            Action::Disposition,
            INSPECTOR,
            Status::Dispositioned,
        ),
        (
            Status::Dispositioned,
            Action::FollowUp,
            OFFICER,
            Status::FollowedUp,
        ),
        (
            Status::FollowedUp,
            Action::Resolve,
            INSPECTOR,
            Status::Resolved,
        ),
        (Status::Resolved, Action::Close, INSPECTOR, Status::Closed),
        (
            Status::Resolved,
            Action::Close,
            Actor::System,
            Status::Closed,
        ),
        (Status::Rejected, Action::Close, INSPECTOR, Status::Closed),
        (Status::Duplicate, Action::Close, INSPECTOR, Status::Closed),
        (
            Status::Resolved,
            Action::Reopen,
            Actor::Reporter,
            Status::Verified,
        ),
        (
            Status::Resolved,
            Action::Reopen,
            INSPECTOR,
            Status::Verified,
        ),
    ];

    #[test]
    fn every_allowed_transition_reaches_its_status() {
        for (from, action, actor, to) in ALLOWED {
            assert_eq!(
                check(from, action, actor, &req()),
                Ok(to),
                "{from:?} {action:?} {actor:?}"
            );
        }
    }

    #[test]
    fn every_other_status_and_action_pair_is_refused() {
        for from in Status::ALL {
            for action in Action::ALL {
                let allowed = ALLOWED
                    .iter()
                    .any(|(f, a, _, _)| *f == from && *a == action);
                if !allowed {
                    assert_eq!(
                        next_status(from, action),
                        Err(TransitionError::NotAllowed),
                        "{from:?} {action:?}"
                    );
                }
            }
        }
        assert_eq!(
            check(Status::Closed, Action::Reopen, Actor::Reporter, &req()),
            Err(TransitionError::NotAllowed),
            "closed is final"
        );
    }

    #[test]
    fn roles_take_only_their_own_actions() {
        assert_eq!(
            check(Status::Received, Action::Verify, OFFICER, &req()),
            Err(TransitionError::NotPermitted)
        );
        assert_eq!(
            check(Status::Dispositioned, Action::FollowUp, INSPECTOR, &req()),
            Err(TransitionError::NotPermitted)
        );
        for role in [Role::Admin, Role::Manager] {
            for action in Action::ALL {
                assert!(!permitted(Actor::Staff(role), action));
            }
        }
        assert_eq!(
            check(Status::Received, Action::Verify, Actor::Reporter, &req()),
            Err(TransitionError::NotPermitted)
        );
        assert_eq!(
            check(Status::FollowedUp, Action::Resolve, Actor::System, &req()),
            Err(TransitionError::NotPermitted)
        );
    }

    #[test]
    fn transitions_carry_a_reason_a_unit_and_an_answer_where_needed() {
        let none = Request::default();
        assert_eq!(
            check(Status::Received, Action::Verify, INSPECTOR, &none),
            Err(TransitionError::ReasonMissing)
        );
        let no_unit = Request {
            unit_code: None,
            ..req()
        };
        assert_eq!(
            check(Status::Verified, Action::Disposition, INSPECTOR, &no_unit),
            Err(TransitionError::UnitMissing)
        );
        let no_text = Request {
            text: Some("  ".into()),
            ..req()
        };
        assert_eq!(
            check(Status::Dispositioned, Action::FollowUp, OFFICER, &no_text),
            Err(TransitionError::TextMissing)
        );
        let long = Request {
            reason: Some("x".repeat(MAX_TEXT_CHARS + 1)),
            ..req()
        };
        assert_eq!(
            check(Status::Received, Action::Verify, INSPECTOR, &long),
            Err(TransitionError::TextTooLong)
        );
        assert_eq!(
            check(Status::Resolved, Action::Close, Actor::System, &none),
            Ok(Status::Closed)
        );
    }
}
