//! Where a complaint stands in the workflow.

use serde::{Deserialize, Serialize};

/// Where a complaint stands in the inspectors' workflow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Status {
    Received,
    Verified,
    Rejected,
    Duplicate,
    Dispositioned,
    FollowedUp,
    Resolved,
    Closed,
}

impl Status {
    /// Every status, in workflow order.
    pub const ALL: [Status; 8] = [
        Status::Received,
        Status::Verified,
        Status::Rejected,
        Status::Duplicate,
        Status::Dispositioned,
        Status::FollowedUp,
        Status::Resolved,
        Status::Closed,
    ];

    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            Status::Received => "received",
            Status::Verified => "verified",
            Status::Rejected => "rejected",
            Status::Duplicate => "duplicate",
            Status::Dispositioned => "dispositioned",
            Status::FollowedUp => "followed_up",
            Status::Resolved => "resolved",
            Status::Closed => "closed",
        }
    }

    /// The status with this code.
    pub fn from_code(code: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Whether the case is finished from a citizen's point of view (Open311 `closed`).
    pub fn is_finished(self) -> bool {
        matches!(
            self,
            Status::Rejected | Status::Duplicate | Status::Resolved | Status::Closed
        )
    }
}
