//! The reporter's side of a filed case, proven by the tracking code and the reply key: the
//! conversation with staff (`conversation.rs`), "Sudah selesai?" (`feedback.rs`) and
//! reopening within the objection window (`reopen.rs`). The staff's side is
//! [`crate::triage`], which calls into complaints and never the reverse.

pub mod conversation;
pub mod feedback;
pub mod reopen;
