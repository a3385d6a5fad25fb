//! The mail of follow-up actions that fall due: at the first run of the jobs loop after an
//! action not yet done reaches its due date (an action recorded already late included), the
//! officers of its unit hear of it through the outbox, once. Each action is claimed by
//! setting its `due_mailed_on` in the transaction that queues its mail, so with several
//! instances one mails it, and a failed run is retried at the next tick.

use crate::accounts::domain::Role;
use crate::i18n::Lang;
use crate::mail::templates::Template;
use crate::state::AppState;
use crate::web::error::AppError;
use chrono::NaiveDate;
use minijinja::context;

/// Mails the unit officers about the actions due by `today` not mailed yet; how many mails.
pub async fn mail_due(state: &AppState, today: NaiveDate) -> Result<usize, AppError> {
    let (_writing, txn) = state.begin_write().await?;
    let mut due = Vec::new();
    for a in super::repo::due_unmailed(&txn, today).await? {
        // Another instance may have claimed it since it was read.
        if super::repo::claim_mail(&txn, a.id, today).await? {
            due.push(a);
        }
    }
    if due.is_empty() {
        txn.commit().await?;
        return Ok(0);
    }
    let units = crate::units::repo::all_units(&txn).await?;
    let officers = crate::accounts::repo::active_with_reach(&txn, Role::UnitOfficer).await?;
    let lang = Lang::Id;
    let mut sent = 0;
    for unit in &units {
        let actions: Vec<_> = due.iter().filter(|a| a.unit_id == unit.id).collect();
        if actions.is_empty() {
            continue;
        }
        let list: Vec<_> = actions
            .iter()
            .map(|a| {
                context!(
                    element => a.element.clone(),
                    action => a.action.clone(),
                    responsible => a.responsible.clone(),
                    due => lang.date(a.due_on),
                    status => crate::tr!(lang, &format!("follow_up.status.{}", a.status.code())),
                )
            })
            .collect();
        let period = actions[0].period.clone();
        for (user, reach) in &officers {
            if !reach.as_ref().is_some_and(|r| r.contains(&unit.id)) {
                continue;
            }
            crate::mail::queue_to_staff(
                &txn,
                state,
                Template::FollowUpDue,
                lang,
                &user.email,
                context!(
                    name => user.name.clone(),
                    unit => unit.name.clone(),
                    count => actions.len(),
                    actions => list.clone(),
                    url => format!(
                        "{}/staf/tindak-lanjut?unit={}&periode={}",
                        state.settings.public_base_url, unit.code, period
                    ),
                ),
            )
            .await?;
            sent += 1;
        }
    }
    txn.commit().await?;
    if sent > 0 {
        state.mail_wakeup.notify_one();
    }
    Ok(sent)
}
