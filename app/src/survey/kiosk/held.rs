//! Responses held back. Two citizens at one tablet may answer within the kiosk's least
//! interval of each other; the second rating is then kept on the server (never dropped) and
//! stored by itself when the interval allows: oldest first, one per interval per kiosk,
//! within the kiosk's daily cap and with its answered time. A kiosk holds at most
//! [`HELD_MAX`] at once, so a tablet that posts without pause cannot pile them up.

use super::repo;
use crate::entities::kiosk;
use crate::i18n::Lang;
use crate::state::AppState;
use crate::survey::domain::RawSurvey;
use crate::survey::repo::{Arrival, NewResponse, ServiceRef, Source, Stored, insert_responses};
use crate::web::error::AppError;
use chrono::Duration;

/// Most responses one kiosk holds back at once.
pub const HELD_MAX: usize = 10;

/// What became of a response sent too soon.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hold {
    /// Held back: stored by itself in about this many seconds (its place in the kiosk's line
    /// times the interval, after the wait).
    Kept { secs: u64 },
    /// Not held: the kiosk holds [`HELD_MAX`] already (or another kiosk holds this
    /// submission id).
    Busy,
    /// Not held: today's count with those held reaches the daily cap.
    Cap,
}

/// Holds back a response of kiosk `k` (for the service `service_id`) refused as too soon, the
/// slot being free in `wait_secs`. A repeat of a submission this kiosk holds is answered as
/// the first was and held once. The kiosk's row is taken first, so holds of one kiosk
/// arriving at once are counted one at a time.
pub async fn hold(
    state: &AppState,
    k: &kiosk::Model,
    service_id: i32,
    survey: &RawSurvey,
    lang: Lang,
    arrival: &Arrival,
    wait_secs: u64,
) -> Result<Hold, AppError> {
    let submission_id = arrival
        .submission_id
        .clone()
        .unwrap_or_else(crate::survey::submit::new_submission_id);
    let fields = serde_json::to_string(survey)
        .map_err(|e| AppError::internal("writing a held kiosk response", e))?;
    let interval = u64::from(state.settings.kiosk_min_interval_secs);
    let now = crate::clock::now();
    let (_writing, txn) = state.begin_write().await?;
    repo::touch(&txn, k.id, now).await?;
    let fresh = repo::by_id(&txn, k.id).await?.ok_or(AppError::NotFound)?;
    let held = repo::held(&txn, k.id).await?;
    let ahead = |n: usize| wait_secs + interval * u64::try_from(n).unwrap_or(u64::MAX / 2);
    if let Some(place) = held.iter().position(|h| h.submission_id == submission_id) {
        txn.commit().await?;
        return Ok(Hold::Kept { secs: ahead(place) });
    }
    let counted = if fresh.count_day == Some(crate::clock::wib_day(now)) {
        usize::try_from(fresh.count_today).unwrap_or(0)
    } else {
        0
    };
    let cap = usize::try_from(state.settings.kiosk_daily_cap).unwrap_or(usize::MAX);
    if counted + held.len() >= cap {
        txn.commit().await?;
        return Ok(Hold::Cap);
    }
    if held.len() >= HELD_MAX {
        txn.commit().await?;
        return Ok(Hold::Busy);
    }
    let inserted = repo::hold(
        &txn,
        repo::NewHeld {
            kiosk_id: k.id,
            submission_id: &submission_id,
            service_id,
            fields,
            lang: lang.code(),
            answered_at: arrival.answered_at,
            at: now,
        },
    )
    .await?;
    txn.commit().await?;
    // Another kiosk holds this submission id: this one is not kept, and says so.
    Ok(if inserted {
        Hold::Kept {
            secs: ahead(held.len()),
        }
    } else {
        Hold::Busy
    })
}

/// Stores, for each kiosk holding responses back, its oldest one when the kiosk's interval
/// allows (and its daily cap), in one transaction with the kiosk's count and the release:
/// with several instances running this, a held response is stored once. Returns how many
/// were stored. Run every few seconds by the server.
pub async fn release_due(state: &AppState) -> Result<usize, AppError> {
    let mut stored = 0;
    for kiosk_id in repo::kiosks_holding(&state.db).await? {
        if release_oldest(state, kiosk_id).await? {
            stored += 1;
        }
    }
    Ok(stored)
}

/// Stores kiosk `kiosk_id`'s oldest held response if its slot is free; `true` when stored.
async fn release_oldest(state: &AppState, kiosk_id: i32) -> Result<bool, AppError> {
    let now = crate::clock::now();
    let interval = Duration::seconds(i64::from(state.settings.kiosk_min_interval_secs));
    let cap = i32::try_from(state.settings.kiosk_daily_cap).unwrap_or(i32::MAX);
    let (_writing, txn) = state.begin_write().await?;
    let Some(h) = repo::held(&txn, kiosk_id).await?.into_iter().next() else {
        return Ok(false);
    };
    // Dropping the transaction without a commit gives everything back.
    if !repo::take_slot(&txn, kiosk_id, now, Some(interval), cap, true).await?
        || !repo::release(&txn, h.id).await?
    {
        return Ok(false);
    }
    let survey = serde_json::from_str::<RawSurvey>(&h.fields)
        .ok()
        .and_then(|raw| raw.parse().ok());
    let Some(survey) = survey else {
        // Checked before it was held: only a change of the questionnaire's rules between the
        // hold and now can leave it unreadable. It goes, and the slot with it.
        tracing::error!(kiosk = kiosk_id, submission = %h.submission_id, "a held kiosk response no longer reads; dropped");
        repo::give_back_slot(&txn, kiosk_id).await?;
        txn.commit().await?;
        return Ok(false);
    };
    let item = NewResponse {
        service: ServiceRef::Id(h.service_id),
        survey,
        lang: Lang::from_code(&h.lang).unwrap_or_default().code(),
        source: Source::Kiosk,
        arrival: Arrival {
            submission_id: Some(h.submission_id),
            answered_at: h.answered_at,
            received_at: h.held_at,
            kiosk_id: Some(kiosk_id),
        },
    };
    let out = insert_responses(&txn, std::slice::from_ref(&item)).await?;
    let new = matches!(out.first(), Some(Stored::New(_)));
    if !new {
        // Stored before (the tablet sent it again after the interval): counted then.
        repo::give_back_slot(&txn, kiosk_id).await?;
    }
    txn.commit().await?;
    if new {
        state.metrics.stored(crate::metrics::Stored::Survey);
    }
    Ok(new)
}
