//! The early warning's daily run: each unit with services of its own is tested (its last 30
//! days against the twelve 30-day blocks before); a new alarm is stored and mailed (through
//! the outbox) to the unit's officers and to the managers who read the unit, once; an open
//! alarm that fires again only moves its last day on. The day is claimed in `job_runs` in the
//! same transaction, so with several instances one runs it, and a failed run is retried.

use super::{BLOCKS, Finding, Step, WINDOW_DAYS, step, test};
use crate::accounts::domain::Role;
use crate::entities::ikm_alarm;
use crate::i18n::Lang;
use crate::mail::templates::Template;
use crate::state::AppState;
use crate::survey::index::Totals;
use crate::web::error::AppError;
use chrono::{Duration, NaiveDate};
use minijinja::context;
use std::collections::HashMap;

/// Per service, the sums of the last 30 days before `today` and of the twelve blocks before
/// those (oldest first).
async fn windows(
    db: &impl sea_orm::ConnectionTrait,
    today: NaiveDate,
) -> Result<Vec<HashMap<i32, Totals>>, sea_orm::DbErr> {
    let mut out = Vec::with_capacity(BLOCKS + 1);
    // Window k (0 = oldest block, BLOCKS = the last 30 days) ends the day before
    // today - (BLOCKS - k) x 30.
    for k in 0..=BLOCKS {
        let end = today - Duration::days(1 + (BLOCKS - k) as i64 * WINDOW_DAYS);
        let start = end - Duration::days(WINDOW_DAYS - 1);
        let sums = crate::survey::repo::totals_by_service(db, None, Some(start), Some(end)).await?;
        out.push(sums.into_iter().map(|(id, t)| (id, t.totals)).collect());
    }
    Ok(out)
}

/// Runs the day's test once per day (the first instance to claim it).
pub async fn run_daily(state: &AppState, today: NaiveDate) -> Result<usize, AppError> {
    let (_writing, txn) = state.begin_write().await?;
    if !crate::jobs::claim(&txn, "ikm_warning", today).await? {
        return Ok(0);
    }
    let units = crate::units::repo::all_units(&txn).await?;
    let services = crate::units::repo::all_services(&txn).await?;
    let windows = windows(&txn, today).await?;
    let mut raised = 0;
    for u in &units {
        let own: Vec<i32> = services
            .iter()
            .filter(|s| s.unit_id == u.id)
            .map(|s| s.id)
            .collect();
        if own.is_empty() {
            continue;
        }
        let of = |w: &HashMap<i32, Totals>| {
            let mut t = Totals::default();
            for id in &own {
                if let Some(x) = w.get(id) {
                    t.merge(x);
                }
            }
            t
        };
        let blocks: Vec<Totals> = windows[..BLOCKS].iter().map(of).collect();
        let Some(f) = test(&of(&windows[BLOCKS]), &blocks) else {
            continue;
        };
        let latest = super::repo::latest(&txn, u.id).await?;
        let since = latest
            .as_ref()
            .map(|a| (today - a.last_fired_on).num_days());
        match step(f.fires(), since) {
            Step::Nothing => {}
            Step::Refire => {
                if let Some(a) = latest {
                    super::repo::refire(&txn, a.id, today).await?;
                }
            }
            Step::Raise => {
                let alarm = ikm_alarm::Model {
                    id: 0,
                    unit_id: u.id,
                    raised_on: today,
                    last_fired_on: today,
                    recent_ikm: f.recent_ikm,
                    baseline_ikm: f.baseline_ikm,
                    p: f.p,
                    element: f.element.code().into(),
                    element_drop: f.element_drop,
                    recent_responses: f.recent_responses,
                    baseline_responses: f.baseline_responses,
                };
                super::repo::raise(&txn, alarm).await?;
                mail(state, &txn, u, &f).await?;
                crate::audit::record(
                    &txn,
                    crate::audit::Actor::System,
                    "ikm.warning",
                    None,
                    serde_json::json!({"unit": u.code, "drop": f.drop, "p": f.p, "element": f.element.code()}),
                )
                .await?;
                raised += 1;
            }
        }
    }
    txn.commit().await?;
    if raised > 0 {
        state.mail_wakeup.notify_one();
        tracing::info!(raised, "early warning: alarms raised");
    }
    Ok(raised)
}

/// Mails a new alarm to the unit's officers (of the unit or its office) and the managers who
/// read it.
async fn mail(
    state: &AppState,
    txn: &impl sea_orm::ConnectionTrait,
    unit: &crate::entities::unit::Model,
    f: &Finding,
) -> Result<(), AppError> {
    let mut to = Vec::new();
    for role in [Role::UnitOfficer, Role::Manager] {
        for (user, reach) in crate::accounts::repo::active_with_reach(txn, role).await? {
            // A manager assigned no unit reads them all; a unit officer without one, none.
            let reads = match reach {
                None => role == Role::Manager,
                Some(units) => units.contains(&unit.id),
            };
            if reads {
                to.push(user);
            }
        }
    }
    let lang = Lang::Id;
    let element = crate::survey::questionnaire::wording(f.element, lang).name;
    for user in to {
        crate::mail::queue_to_staff(
            txn,
            state,
            Template::IkmWarning,
            lang,
            &user.email,
            context!(
                name => user.name.clone(),
                unit => unit.name.clone(),
                recent => lang.number(f.recent_ikm, 1),
                baseline => lang.number(f.baseline_ikm, 1),
                drop => lang.number(f.drop, 1),
                recent_n => f.recent_responses,
                element => format!("{} {}", f.element.code(), element),
                element_drop => lang.number(f.element_drop, 1),
                url => format!("{}/staf/dasbor", state.settings.public_base_url),
            ),
        )
        .await?;
    }
    Ok(())
}
