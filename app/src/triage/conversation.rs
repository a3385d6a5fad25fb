//! Staff ask the reporter a question: the deadlines pause until the answer, which the
//! reporter gives on their status page ([`crate::complaints::reporter`]).

use super::service::visible_case;
use crate::accounts::domain::Role;
use crate::accounts::session::Staff;
use crate::complaints::domain::EventKind;
use crate::complaints::domain::Status;
use crate::complaints::domain::workflow::ANSWER_WAIT_DAYS;
use crate::complaints::filing::mail_reporter;
use crate::complaints::repo::{self as complaints_repo, ConversationEntry};
use crate::complaints::reporter::conversation::checked_text;
use crate::entities::complaint;
use crate::mail::templates::Template;
use crate::state::AppState;
use crate::web::error::AppError;
use minijinja::context;

/// Staff ask the reporter a question. An inspector may ask on any open case in scope; a
/// unit officer on a case dispositioned to their unit. The case waits for the reporter
/// from today, and its deadlines pause until the answer.
pub async fn ask(state: &AppState, staff: &Staff, code: &str, text: &str) -> Result<(), AppError> {
    let question = checked_text(text, Some("question_missing"))?.unwrap_or_default();
    let (_writing, txn) = state.begin_write().await?;
    let c = visible_case(&txn, staff, code).await?;
    let status = Status::from_code(&c.status).unwrap_or(Status::Closed);
    let may = match staff.role {
        Role::Inspector => true,
        Role::UnitOfficer => status == Status::Dispositioned,
        Role::Admin | Role::Manager => false,
    };
    if !may {
        return Err(AppError::Forbidden);
    }
    if status.is_finished() {
        return Err(AppError::Conflict("question_not_allowed"));
    }
    if c.reply_key_hash.is_none() {
        // Filed before reply keys: the reporter could not answer.
        return Err(AppError::Conflict("reporter_cannot_answer"));
    }
    let now = crate::clock::now();
    let today = crate::clock::wib_day(now);
    complaints_repo::insert_conversation(
        &txn,
        ConversationEntry {
            complaint_id: c.id,
            kind: EventKind::Question,
            actor: Some(staff.id),
            public_text: Some(question.clone()),
            message: None,
            paused_days: None,
            feedback: None,
            at: now,
        },
    )
    .await?;
    complaints_repo::set_conversation(
        &txn,
        c.id,
        complaints_repo::ConversationState {
            awaiting_since: c.awaiting_since.or(Some(today)),
            reporter_news: false,
            due_date: c.due_date,
            resolve_due: c.resolve_due,
        },
        now,
    )
    .await?;
    tell_reporter(state, &txn, &c, &question).await?;
    crate::audit::record(
        &txn,
        crate::audit::Actor::Staff(staff.id),
        "complaint.ask_reporter",
        Some(c.id),
        serde_json::json!({"status": c.status}),
    )
    .await?;
    txn.commit().await?;
    state.mail_wakeup.notify_one();
    Ok(())
}

/// Mails the question to the reporter when they left an address (never for anonim).
async fn tell_reporter(
    state: &AppState,
    db: &impl sea_orm::ConnectionTrait,
    c: &complaint::Model,
    question: &str,
) -> Result<(), AppError> {
    let base = state.settings.public_base_url.clone();
    mail_reporter(
        state,
        db,
        c,
        Template::Question,
        crate::clock::now(),
        |_, code| {
            context!(code => code.grouped(), question => question, days => ANSWER_WAIT_DAYS,
            url => format!("{base}/lacak/{}#balas", code.as_str()))
        },
    )
    .await?;
    Ok(())
}
