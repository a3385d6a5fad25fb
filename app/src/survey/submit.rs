//! Storing a survey response, once per submission: the submission's arrival (its
//! client-made id, when it was answered), and the store that counts a repeat never twice.
//! Used by the survey's form and API and by kiosks.

use super::domain::NewSurvey;
pub use super::repo::ServiceRef;
use super::repo::{Arrival, NewResponse, Source, find_submission, insert_responses};
use crate::group_commit::{Batch, BoxFuture};
use crate::i18n::Lang;
use crate::state::AppState;
use crate::web::error::AppError;
use chrono::Utc;
use sea_orm::{DatabaseTransaction, DbErr};

/// How long a device may keep an answered survey before sending it.
pub const MAX_DELAY_DAYS: i64 = 7;

/// The arrival of a submission received `now`: its id checked and made canonical (refused
/// when it is not a UUID), and its answered-at time when that is in the last
/// [`MAX_DELAY_DAYS`] days and not in the future, else `now`.
pub fn arrival(
    submission_id: Option<&str>,
    answered_at: Option<&str>,
    now: chrono::DateTime<Utc>,
) -> Result<Arrival, AppError> {
    let submission_id = match submission_id.map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => Some(
            uuid::Uuid::parse_str(s)
                .map_err(|_| AppError::invalid("submission_id_invalid", "submission_id"))?
                .hyphenated()
                .to_string(),
        ),
    };
    let answered_at = answered_at
        .and_then(|s| chrono::DateTime::parse_from_rfc3339(s.trim()).ok())
        .map(|t| t.with_timezone(&Utc))
        .filter(|t| *t <= now && *t >= now - chrono::Duration::days(MAX_DELAY_DAYS))
        .unwrap_or(now);
    Ok(Arrival {
        submission_id,
        answered_at,
        received_at: now,
        kiosk_id: None,
    })
}

/// A new submission id, for the form the server renders (no-JS posts carry it too, so a
/// form sent twice counts once).
pub fn new_submission_id() -> String {
    uuid::Builder::from_random_bytes(rand::random())
        .into_uuid()
        .hyphenated()
        .to_string()
}

pub use super::repo::Stored;

/// Survey responses as a group-commit batch: the responses that arrive together share one
/// transaction, their sums added once per service and day.
pub struct Responses;

impl Batch for Responses {
    const KIND: &'static str = "survey";
    type Item = NewResponse;
    type Out = Stored;
    fn write<'t>(
        txn: &'t DatabaseTransaction,
        items: &'t [NewResponse],
    ) -> BoxFuture<'t, Result<Vec<Stored>, DbErr>> {
        Box::pin(insert_responses(txn, items))
    }
}

/// Stores a response and its daily sums, once per submission id, and answers once the
/// transaction holding it (shared with the responses that arrived meanwhile) has committed.
/// A repeat (even one racing the first on another instance, caught by the unique index)
/// stores nothing.
pub async fn store(
    state: &AppState,
    service: ServiceRef,
    survey: &NewSurvey,
    lang: Lang,
    source: Source,
    arrival: &Arrival,
) -> Result<Stored, AppError> {
    let item = NewResponse {
        service,
        survey: survey.clone(),
        lang: lang.code(),
        source,
        arrival: arrival.clone(),
    };
    match state.lane::<Responses>().write(item).await {
        Ok(stored) => {
            if let Stored::New(_) = stored {
                state.metrics.stored(crate::metrics::Stored::Survey);
            }
            Ok(stored)
        }
        // The database is away: looking the submission up would wait for a connection
        // again; a retry with the same id is answered as a repeat once it is back.
        Err(e) if crate::web::error::unavailable(&e) => Err(e.into()),
        Err(e) => {
            let first = match &arrival.submission_id {
                Some(sid) => find_submission(&state.db, sid).await?,
                None => None,
            };
            first.map(Stored::Repeat).ok_or_else(|| e.into())
        }
    }
}
