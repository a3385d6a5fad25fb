//! Storing a survey response, once per submission: the submission's arrival (its
//! client-made id, when it was answered), and the store that counts a repeat never twice.
//! Used by the survey's form and API and by kiosks.

use super::domain::NewSurvey;
use super::repo::{Arrival, Source, find_submission, insert_response};
use crate::i18n::Lang;
use crate::state::AppState;
use crate::units::domain::ServiceInfo;
use crate::web::error::AppError;
use chrono::Utc;

fn invalid(code: &'static str, field: &str) -> AppError {
    AppError::Validation {
        code,
        field: field.to_string(),
    }
}

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
                .map_err(|_| invalid("submission_id_invalid", "submission_id"))?
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

/// What storing a submission did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stored {
    /// A new response.
    New(i64),
    /// Its submission id was stored before: nothing counted, this is the first one's id.
    Repeat(i64),
}

/// Stores a response and its daily sums in one transaction, once per submission id: a
/// repeat (even one racing the first on another instance, caught by the unique index)
/// stores nothing.
pub async fn store(
    state: &AppState,
    service: &ServiceInfo,
    survey: &NewSurvey,
    lang: Lang,
    source: Source,
    arrival: &Arrival,
) -> Result<Stored, AppError> {
    let (writing, txn) = state.begin_write().await?;
    if let Some(sid) = &arrival.submission_id
        && let Some(id) = find_submission(&txn, sid).await?
    {
        return Ok(Stored::Repeat(id));
    }
    match insert_response(&txn, service.id, survey, lang.code(), source, arrival).await {
        Ok(id) => {
            txn.commit().await?;
            state.metrics.stored(crate::metrics::Stored::Survey);
            Ok(Stored::New(id))
        }
        Err(e) => {
            drop(txn);
            drop(writing);
            let first = match &arrival.submission_id {
                Some(sid) => find_submission(&state.db, sid).await?,
                None => None,
            };
            first.map(Stored::Repeat).ok_or_else(|| e.into())
        }
    }
}
