//! Kiosk registration, enrolment, the device check and the per-device limits.

use super::repo;
use crate::accounts::domain::Role;
use crate::accounts::session::{Staff, new_token, token_hash};
use crate::entities::kiosk;
use crate::state::AppState;
use crate::web::error::AppError;
use chrono::{DateTime, Duration, Utc};
use sea_orm::ConnectionTrait;
use subtle::ConstantTimeEq;

/// The cookie that carries a tablet's credential (`{id}.{secret}`).
pub const DEVICE_COOKIE: &str = "suara_kios";
pub use super::view::ENROL_DAYS;

/// The units a staff member may register kiosks for: all for an admin, their own (and those
/// below) for a unit officer; none for others.
pub async fn kiosk_units(state: &AppState, staff: &Staff) -> Result<Option<Vec<i32>>, AppError> {
    match staff.role {
        Role::Admin => Ok(None),
        Role::UnitOfficer => Ok(Some(
            crate::units::repo::with_children(&state.db, &staff.unit_ids).await?,
        )),
        Role::Inspector | Role::Manager => Err(AppError::Forbidden),
    }
}

/// A kiosk just registered: its id and one-time enrolment token.
pub struct Registered {
    pub id: i32,
    pub token: String,
    pub expires_at: DateTime<Utc>,
}

/// Registers a kiosk for `unit_code` asking about `service_codes` (each a service of that
/// unit); returns its one-time enrolment token.
pub async fn register(
    state: &AppState,
    staff: &Staff,
    unit_code: &str,
    name: &str,
    service_codes: &[String],
) -> Result<Registered, AppError> {
    let allowed = kiosk_units(state, staff).await?;
    let unit = crate::units::repo::find_unit(&state.db, unit_code.trim())
        .await?
        .ok_or_else(|| AppError::unknown("unit_unknown", "unit_code"))?;
    if allowed.as_ref().is_some_and(|a| !a.contains(&unit.id)) {
        return Err(AppError::Forbidden);
    }
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 80 {
        return Err(AppError::invalid("kiosk_name_invalid", "name"));
    }
    if service_codes.is_empty() {
        return Err(AppError::invalid("kiosk_services_missing", "service_codes"));
    }
    let mut codes = Vec::new();
    for code in service_codes {
        let s = crate::units::repo::find_service(&state.db, code.trim())
            .await?
            .filter(|s| s.unit_code == unit.code)
            .ok_or_else(|| AppError::unknown("service_of_other_unit", "service_codes"))?;
        if !codes.contains(&s.code) {
            codes.push(s.code);
        }
    }
    let token = new_token();
    let now = crate::clock::now();
    let expires_at = now + Duration::days(ENROL_DAYS);
    let (_writing, txn) = state.begin_write().await?;
    let id = repo::insert(
        &txn,
        repo::NewKiosk {
            unit_id: unit.id,
            name,
            service_codes: &codes.join(","),
            enrol_hash: &token_hash(&token),
            enrol_expires_at: expires_at,
            created_by: staff.id,
            at: now,
        },
    )
    .await?;
    crate::audit::record(
        &txn,
        crate::audit::Actor::Staff(staff.id),
        "kiosk.register",
        None,
        serde_json::json!({"kiosk": id, "unit": unit.code, "services": codes}),
    )
    .await?;
    txn.commit().await?;
    Ok(Registered {
        id,
        token,
        expires_at,
    })
}

/// The kiosks a staff member may see, newest first.
pub async fn list(state: &AppState, staff: &Staff) -> Result<Vec<kiosk::Model>, AppError> {
    let allowed = kiosk_units(state, staff).await?;
    Ok(repo::list(&state.db, allowed.as_deref()).await?)
}

/// Revokes a kiosk: its next request is refused and the ratings it holds back are dropped.
/// Kiosks out of the staff member's units answer as unknown.
pub async fn revoke(state: &AppState, staff: &Staff, id: i32) -> Result<(), AppError> {
    let allowed = kiosk_units(state, staff).await?;
    let (_writing, txn) = state.begin_write().await?;
    let k = repo::by_id(&txn, id)
        .await?
        .filter(|k| allowed.as_ref().is_none_or(|a| a.contains(&k.unit_id)))
        .ok_or(AppError::NotFound)?;
    if k.revoked_at.is_none() {
        repo::revoke(&txn, k.id, crate::clock::now()).await?;
        // What a lost tablet left waiting goes with it.
        let dropped = repo::drop_held(&txn, k.id).await?;
        crate::audit::record(
            &txn,
            crate::audit::Actor::Staff(staff.id),
            "kiosk.revoke",
            None,
            serde_json::json!({"kiosk": k.id, "held_dropped": dropped}),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// The kiosk a one-time enrolment link is for, while the link is still good (unknown,
/// used, expired or revoked: `None`). Reading it spends nothing: a link-preview bot that
/// fetches the link leaves it as it was.
pub async fn pending_enrolment(
    db: &impl ConnectionTrait,
    token: &str,
) -> Result<Option<kiosk::Model>, AppError> {
    let now = crate::clock::now();
    Ok(repo::by_enrol_hash(db, &token_hash(token))
        .await?
        .filter(|k| k.revoked_at.is_none() && k.enrol_expires_at.is_some_and(|e| e >= now)))
}

/// Enrols the tablet that confirmed a one-time link: the link is spent, a device credential
/// (`{id}.{secret}`, for the cookie) is made and only its hash kept. `None` for a link that
/// is unknown, used, expired or of a revoked kiosk. The link is spent by one conditional
/// UPDATE, so of two tablets confirming at once only one becomes the kiosk.
pub async fn enrol(state: &AppState, token: &str) -> Result<Option<String>, AppError> {
    let now = crate::clock::now();
    let (_writing, txn) = state.begin_write().await?;
    let Some(k) = pending_enrolment(&txn, token).await? else {
        return Ok(None);
    };
    let secret = new_token();
    let spent =
        repo::spend_enrolment(&txn, k.id, &token_hash(token), &token_hash(&secret), now).await?;
    if !spent {
        return Ok(None);
    }
    crate::audit::record(
        &txn,
        crate::audit::Actor::System,
        "kiosk.enrol",
        None,
        serde_json::json!({"kiosk": k.id}),
    )
    .await?;
    txn.commit().await?;
    Ok(Some(format!("{}.{secret}", k.id)))
}

/// The kiosk whose credential this is: 401 for none or a wrong one, 403 for a revoked one.
pub async fn device(state: &AppState, credential: &str) -> Result<kiosk::Model, AppError> {
    let unknown = || AppError::Unauthorized;
    let (id, secret) = credential.split_once('.').ok_or_else(unknown)?;
    let id: i32 = id.parse().map_err(|_| unknown())?;
    let k = repo::by_id(&state.db, id).await?.ok_or_else(unknown)?;
    let sent = token_hash(secret);
    let right = k
        .device_hash
        .as_deref()
        .is_some_and(|h| bool::from(h.as_bytes().ct_eq(sent.as_bytes())));
    if !right {
        return Err(unknown());
    }
    if k.revoked_at.is_some() {
        return Err(AppError::Forbidden);
    }
    Ok(k)
}

/// Why a kiosk's response must wait, and for how many seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum KioskLimit {
    /// Sooner than the least interval after the kiosk's last response.
    #[error("kiosk_too_soon")]
    TooSoon { wait_secs: u64 },
    /// Past the kiosk's cap for today (WIB); the wait runs to midnight.
    #[error("kiosk_daily_cap")]
    DailyCap { wait_secs: u64 },
}

impl KioskLimit {
    /// The stable code (the message key `error.<code>`).
    pub fn code(self) -> &'static str {
        match self {
            KioskLimit::TooSoon { .. } => "kiosk_too_soon",
            KioskLimit::DailyCap { .. } => "kiosk_daily_cap",
        }
    }

    /// The seconds to wait.
    pub fn wait_secs(self) -> u64 {
        match self {
            KioskLimit::TooSoon { wait_secs } | KioskLimit::DailyCap { wait_secs } => wait_secs,
        }
    }
}

/// Refuses a response from kiosk `k` at `now`, answered at `answered_at`, when it comes
/// sooner than the least interval after its last one (`kiosk_too_soon`) or past its daily
/// cap (`kiosk_daily_cap`), with the seconds to wait. A response answered at least the
/// interval ago waited on the tablet while it was offline: the kept ones arrive one after
/// another, so the interval does not apply to them (the daily cap does).
pub fn check_limits(
    k: &kiosk::Model,
    now: DateTime<Utc>,
    answered_at: DateTime<Utc>,
    min_interval_secs: u32,
    daily_cap: u32,
) -> Result<(), KioskLimit> {
    let interval = Duration::seconds(i64::from(min_interval_secs));
    let delayed = now - answered_at >= interval && answered_at < now;
    if let Some(last) = k.last_response_at.filter(|_| !delayed) {
        let next = last + interval;
        if now < next {
            let wait = (next - now).num_seconds().max(1);
            return Err(KioskLimit::TooSoon {
                wait_secs: u64::try_from(wait).unwrap_or(1),
            });
        }
    }
    let today = crate::clock::wib_day(now);
    if k.count_day == Some(today) && k.count_today >= i32::try_from(daily_cap).unwrap_or(i32::MAX) {
        // Midnight WIB is 17:00 UTC the day before.
        let tomorrow = (today + Duration::days(1))
            .and_hms_opt(0, 0, 0)
            .expect("midnight")
            .and_utc()
            - Duration::hours(7);
        let wait = (tomorrow - now).num_seconds().max(1);
        return Err(KioskLimit::DailyCap {
            wait_secs: u64::try_from(wait).unwrap_or(1),
        });
    }
    Ok(())
}

/// Takes a place for one response of kiosk `k` at `now` before it is stored, in one
/// conditional UPDATE (atomic on both backends, across server instances): the kiosk's last
/// response becomes now and its count for today goes up, only when the interval since the
/// last response has passed (not asked of a `delayed` response, kept offline) and today's
/// count is under the cap. `false`, with nothing counted, otherwise: however many posts
/// arrive at once, one passes per interval and no more than the cap a day. A refusal says
/// why and how long to wait, as [`check_limits`] does, from the kiosk read again.
pub async fn take_response_slot(
    db: &impl ConnectionTrait,
    k: &kiosk::Model,
    now: DateTime<Utc>,
    answered_at: DateTime<Utc>,
    min_interval_secs: u32,
    daily_cap: u32,
) -> Result<Result<(), KioskLimit>, AppError> {
    let interval = Duration::seconds(i64::from(min_interval_secs));
    let delayed = now - answered_at >= interval && answered_at < now;
    let cap = i32::try_from(daily_cap).unwrap_or(i32::MAX);
    if repo::take_slot(db, k.id, now, (!delayed).then_some(interval), cap, false).await? {
        return Ok(Ok(()));
    }
    let fresh = repo::by_id(db, k.id).await?;
    let why = fresh
        .and_then(|f| check_limits(&f, now, answered_at, min_interval_secs, daily_cap).err())
        .unwrap_or(KioskLimit::TooSoon { wait_secs: 1 });
    Ok(Err(why))
}

/// Gives back a place taken by [`take_response_slot`] whose response was not stored (a
/// repeat that raced its first, or a failure). A failure to give it back is logged: the
/// kiosk then counts one response too many today, nothing worse.
pub async fn give_back_slot(db: &impl ConnectionTrait, id: i32) {
    let r = repo::give_back_slot(db, id).await;
    if let Err(e) = r {
        tracing::warn!(kiosk = id, error = %e, "kiosk count not given back");
    }
}
