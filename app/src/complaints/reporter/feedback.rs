//! "Sudah selesai?": once a case is resolved, its reporter (code + reply key) says whether
//! it is, may rate the handling from 1 to 4 and comment. "Yes" is recorded; "no" reopens
//! the case within the objection window and tells the inspectors and the unit. The latest
//! answer stays on the case for the complaint statistics after the conversation is erased.

use super::conversation::prove_reporter;
use super::reopen::{objection_open, reopen_for_reporter, reopen_reason};
use crate::complaints::domain::workflow::MAX_TEXT_CHARS;
use crate::complaints::domain::{EventKind, FeedbackAnswer};
use crate::complaints::repo::{self as complaints_repo, ConversationEntry};
use crate::state::AppState;
use crate::web::error::AppError;
use std::net::IpAddr;

/// What the reporter answered, as received.
#[derive(Clone, Debug, Default)]
pub struct FeedbackInput {
    /// Resolved (`Some(true)`), not resolved (`Some(false)`), or no choice made.
    pub resolved: Option<bool>,
    /// The rating of the handling, 1 to 4, if given.
    pub rating: Option<i16>,
    /// A comment; required when not resolved (it says what is still wrong).
    pub comment: String,
}

/// What the answer did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FeedbackOutcome {
    /// Recorded; the case stays resolved and closes when its window ends.
    Confirmed,
    /// The case is open again, back with the inspectors.
    Reopened,
}

/// Checks the answer before the key is tried: a choice, a rating within 1..=4, a comment
/// within the limit (and present when the answer is "no").
pub fn check(input: &FeedbackInput) -> Result<(FeedbackAnswer, Option<String>), AppError> {
    let resolved = input
        .resolved
        .ok_or_else(|| AppError::invalid("feedback_answer_missing", "resolved"))?;
    if input.rating.is_some_and(|r| !(1..=4).contains(&r)) {
        return Err(AppError::invalid("rating_invalid", "rating"));
    }
    let comment = if resolved {
        let c = input.comment.trim();
        if c.chars().count() > MAX_TEXT_CHARS {
            return Err(AppError::invalid("text_too_long", "comment"));
        }
        (!c.is_empty()).then(|| c.to_string())
    } else {
        Some(reopen_reason(&input.comment, "comment")?)
    };
    Ok((
        FeedbackAnswer {
            resolved,
            rating: input.rating,
        },
        comment,
    ))
}

/// The reporter answers "Sudah selesai?" on a resolved case, once per resolution, within
/// its objection window. Refusals: the answer's field errors, the key's, `feedback_closed`
/// (409: not resolved, or the window passed) and `feedback_given` (409: already answered).
pub async fn reporter_feedback(
    state: &AppState,
    code: &str,
    key: &str,
    input: FeedbackInput,
    client: IpAddr,
) -> Result<FeedbackOutcome, AppError> {
    let (answer, comment) = check(&input)?;
    let proven = prove_reporter(state, code, key, client).await?;
    let (_writing, txn) = state.begin_write().await?;
    let c = complaints_repo::by_id(&txn, proven.id)
        .await?
        .ok_or(AppError::NotFound)?;
    let now = crate::clock::now();
    if !objection_open(&c, crate::clock::wib_day(now)) {
        return Err(AppError::Conflict("feedback_closed"));
    }
    if complaints_repo::feedback_given(&complaints_repo::events_of(&txn, c.id).await?) {
        return Err(AppError::Conflict("feedback_given"));
    }
    complaints_repo::insert_conversation(
        &txn,
        ConversationEntry {
            complaint_id: c.id,
            kind: EventKind::Feedback,
            actor: None,
            public_text: None,
            // A "no" gives its comment as the reopening's reason, kept there.
            message: comment.clone().filter(|_| answer.resolved),
            paused_days: None,
            feedback: Some(answer),
            at: now,
        },
    )
    .await?;
    complaints_repo::set_feedback(&txn, c.id, answer).await?;
    crate::audit::record(
        &txn,
        crate::audit::Actor::Reporter,
        "complaint.reporter_feedback",
        Some(c.id),
        serde_json::json!({"resolved": answer.resolved, "rating": answer.rating}),
    )
    .await?;
    let outcome = if answer.resolved {
        FeedbackOutcome::Confirmed
    } else {
        let reason = comment.unwrap_or_default();
        reopen_for_reporter(state, &txn, &c, &reason, now).await?;
        FeedbackOutcome::Reopened
    };
    txn.commit().await?;
    state.mail_wakeup.notify_one();
    Ok(outcome)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(resolved: Option<bool>, rating: Option<i16>, comment: &str) -> FeedbackInput {
        FeedbackInput {
            resolved,
            rating,
            comment: comment.into(),
        }
    }

    fn refused_on(r: Result<(FeedbackAnswer, Option<String>), AppError>) -> (&'static str, String) {
        match r {
            Err(AppError::Validation { code, field } | AppError::Refused { code, field }) => {
                (code, field)
            }
            other => panic!("expected a field error, got {:?}", other.map(|o| o.0)),
        }
    }

    #[test]
    fn an_answer_needs_a_choice_and_a_rating_from_one_to_four() {
        assert_eq!(
            refused_on(check(&input(None, Some(3), "ok"))),
            ("feedback_answer_missing", "resolved".into())
        );
        for bad in [0, 5, -1] {
            assert_eq!(
                refused_on(check(&input(Some(true), Some(bad), ""))),
                ("rating_invalid", "rating".into())
            );
        }
        let (a, c) = check(&input(Some(true), None, "  ")).unwrap();
        assert_eq!(
            a,
            FeedbackAnswer {
                resolved: true,
                rating: None
            }
        );
        assert_eq!(c, None);
    }

    #[test]
    fn not_resolved_needs_a_word_on_what_is_still_wrong() {
        assert_eq!(
            refused_on(check(&input(Some(false), Some(1), " "))),
            ("reopen_reason_missing", "comment".into())
        );
        let (a, c) = check(&input(
            Some(false),
            Some(1),
            " Loket masih memungut biaya. ",
        ))
        .unwrap();
        assert!(!a.resolved);
        assert_eq!(c.as_deref(), Some("Loket masih memungut biaya."));
    }
}
