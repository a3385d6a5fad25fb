//! Mail to staff when a case needs them: the unit's officers when it is forwarded to their
//! unit; the responsible inspectors (the one handling the case, else every inspector of its
//! unit) when the unit follows up or the reporter answers a question or adds information;
//! both when the reporter says the case is not resolved (reopens it). Queued
//! in the transition's transaction, so the mail exists exactly when the change does. The
//! mail names the case, never its content or the reporter.

use crate::complaints::domain::TrackingCode;
use crate::entities::{complaint, user};
use crate::i18n::Lang;
use crate::mail::templates::Template;
use crate::state::AppState;
use crate::tr;
use crate::web::error::AppError;
use chrono::NaiveDate;
use minijinja::context;
use sea_orm::ConnectionTrait;

/// What happened to the case.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CaseEvent {
    /// Forwarded (dispositioned) to a unit: to that unit's officers.
    Forwarded,
    /// The unit answered: to the inspectors responsible for the case's unit.
    FollowedUp,
    /// The reporter said it is not resolved (reopened it): to the same inspectors and to
    /// the officers of the unit the case was forwarded to.
    Reopened,
    /// The reporter answered a question: to the responsible inspectors.
    Answered,
    /// The reporter added information of their own: to the responsible inspectors.
    InfoAdded,
}

impl CaseEvent {
    fn code(self) -> &'static str {
        match self {
            CaseEvent::Forwarded => "forwarded",
            CaseEvent::FollowedUp => "followed_up",
            CaseEvent::Reopened => "reopened",
            CaseEvent::Answered => "answered",
            CaseEvent::InfoAdded => "info_added",
        }
    }
}

/// Queues the mail about `event` on case `c`, to the people it concerns. `unit_id` is the
/// unit the case went to (forwarded) or the case's unit; `due` the next deadline.
pub async fn case_event(
    state: &AppState,
    db: &impl ConnectionTrait,
    c: &complaint::Model,
    event: CaseEvent,
    unit_id: i32,
    due: Option<NaiveDate>,
) -> Result<(), AppError> {
    let mut recipients: Vec<user::Model> = match event {
        CaseEvent::Forwarded => crate::complaints::repo::officers_of(db, unit_id).await?,
        CaseEvent::FollowedUp
        | CaseEvent::Reopened
        | CaseEvent::Answered
        | CaseEvent::InfoAdded => crate::complaints::repo::responsible_inspectors(db, c).await?,
    };
    if let (CaseEvent::Reopened, Some(assigned)) = (event, c.assigned_unit_id) {
        for o in crate::complaints::repo::officers_of(db, assigned).await? {
            if !recipients.iter().any(|r| r.id == o.id) {
                recipients.push(o);
            }
        }
    }
    if recipients.is_empty() {
        return Ok(());
    }
    let unit = crate::units::repo::unit_by_id(db, unit_id)
        .await?
        .map(|u| u.name)
        .unwrap_or_default();
    let code = TrackingCode::parse(&c.tracking_code).map_err(|_| {
        AppError::internal(
            "reading a case",
            anyhow::anyhow!("stored tracking code is malformed"),
        )
    })?;
    let url = format!(
        "{}/staf/kasus/{}",
        state.settings.public_base_url,
        code.as_str()
    );
    for r in recipients {
        let lang = Lang::Id;
        crate::mail::queue_to_staff(
            db,
            state,
            Template::CaseUpdate,
            lang,
            &r.email,
            context!(event => event.code(), code => code.grouped(), unit => unit.clone(),
                category => tr!(lang, &format!("category.{}", c.category)), name => r.name,
                due => due.map(|d| lang.date_long(d)).unwrap_or_else(|| "-".into()), url => url.clone()),
        )
        .await?;
    }
    Ok(())
}
