//! Sharing the load: who handles a case (an inspector takes it, the head of the
//! Inspectorate assigns it), the Inspectorate's internal notes on a case, and the possible
//! duplicates of a case. Every change is audited.

use super::repo;
use super::service::visible_case;
use super::view::{NoteItem, SimilarCase};
use crate::accounts::domain::Role;
use crate::accounts::session::Staff;
use crate::entities::{complaint, user};
use crate::state::AppState;
use crate::web::error::AppError;
use sea_orm::ConnectionTrait;
use std::collections::HashMap;

/// The longest internal note, in characters.
pub const NOTE_MAX: usize = 4000;

/// Whether `staff` is the head of the Inspectorate: an inspector over every unit. The
/// inspectors for some units (the inspektur pembantu of an area) take cases; the head
/// also assigns and reassigns them.
pub fn is_head(staff: &Staff) -> bool {
    staff.role == Role::Inspector && staff.unit_ids.is_empty()
}

/// The active inspectors who may handle case `c`: those over every unit and those whose
/// units (with the units below them) hold the case's unit; by name.
pub async fn handlers_for(
    db: &impl ConnectionTrait,
    c: &complaint::Model,
) -> Result<Vec<user::Model>, AppError> {
    let mut out: Vec<user::Model> = crate::accounts::repo::active_with_reach(db, Role::Inspector)
        .await?
        .into_iter()
        .filter(|(_, reach)| reach.as_ref().is_none_or(|ids| ids.contains(&c.unit_id)))
        .map(|(u, _)| u)
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

/// Who handles the case now, by the staff member's request: `None` takes it for themself
/// ("Saya tangani"); `Some(id)` assigns it to that inspector, `Some(0)` to nobody (the
/// head only). Taking a case someone else handles is the head's to decide (409
/// `case_taken`); an account that is not an inspector who may handle the case names
/// nobody to hand it to (404 `handler_unknown`). Audited with who had it before.
pub async fn set_handler(
    state: &AppState,
    staff: &Staff,
    code: &str,
    to: Option<i32>,
) -> Result<Option<i32>, AppError> {
    if staff.role != Role::Inspector {
        return Err(AppError::Forbidden);
    }
    let (_writing, txn) = state.begin_write().await?;
    let c = visible_case(&txn, staff, code).await?;
    let target = match to {
        None => Some(staff.id),
        Some(0) => None,
        Some(id) => Some(id),
    };
    let assigning = target != Some(staff.id);
    if assigning && !is_head(staff) {
        return Err(AppError::Forbidden);
    }
    if !assigning && !is_head(staff) && c.handler_user_id.is_some_and(|h| h != staff.id) {
        return Err(AppError::Conflict("case_taken"));
    }
    if let Some(id) = target
        && !handlers_for(&txn, &c).await?.iter().any(|u| u.id == id)
    {
        return Err(AppError::unknown("handler_unknown", "user_id"));
    }
    if c.handler_user_id != target {
        // Another request changed it since it was read (another instance, or a PostgreSQL
        // transaction beside this one): the case is taken.
        if !repo::set_handler(&txn, c.id, c.handler_user_id, target).await? {
            let now = crate::complaints::repo::by_id(&txn, c.id).await?;
            if now.and_then(|n| n.handler_user_id) == target {
                // The same change by a request of its own that came first: done.
                return Ok(target);
            }
            return Err(AppError::Conflict("case_taken"));
        }
        crate::audit::record(
            &txn,
            crate::audit::Actor::Staff(staff.id),
            "complaint.handler",
            Some(c.id),
            serde_json::json!({"from": c.handler_user_id, "to": target}),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(target)
}

/// Adds an internal note to a case (inspectors on cases in their scope). Notes are the
/// Inspectorate's own: never shown to the reporter, the unit, or in any export.
pub async fn add_note(
    state: &AppState,
    staff: &Staff,
    code: &str,
    text: &str,
) -> Result<(), AppError> {
    if staff.role != Role::Inspector {
        return Err(AppError::Forbidden);
    }
    // The limit counts the text as sent (as the API document's `maxLength` does).
    let too_long = text.chars().count() > NOTE_MAX;
    let text = crate::web::text::clean(text);
    if crate::web::text::visible_chars(&text) == 0 {
        return Err(AppError::invalid("note_missing", "text"));
    }
    if too_long {
        return Err(AppError::invalid("note_too_long", "text"));
    }
    let (_writing, txn) = state.begin_write().await?;
    let c = visible_case(&txn, staff, code).await?;
    let id = repo::add_note(&txn, c.id, staff.id, crate::clock::now(), &text).await?;
    crate::audit::record(
        &txn,
        crate::audit::Actor::Staff(staff.id),
        "complaint.note",
        Some(c.id),
        serde_json::json!({"note": id}),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// A case's notes with their writers' names.
pub async fn notes(
    db: &impl ConnectionTrait,
    complaint_id: i64,
    names: &HashMap<i32, String>,
) -> Result<Vec<NoteItem>, AppError> {
    Ok(repo::notes_of(db, complaint_id)
        .await?
        .into_iter()
        .map(|n| NoteItem {
            at: n.at,
            by: n.author_user_id.and_then(|id| names.get(&id).cloned()),
            text: n.text,
        })
        .collect())
}

/// How far back possible duplicates are looked for, in days.
pub const SIMILAR_DAYS: i64 = 30;

/// The open cases within the staff member's scope, of the same unit and category, received
/// in the last 30 days, whose report reads close to this one's; closest first, at most 5.
pub async fn similar(
    db: &impl ConnectionTrait,
    staff: &Staff,
    c: &complaint::Model,
) -> Result<Vec<SimilarCase>, AppError> {
    if c.report_erased_at.is_some() {
        return Ok(Vec::new());
    }
    // An inspector's scope is by the case's unit, which the candidates share: every one of
    // them is within the scope of whoever sees this case. Unit officers get none.
    if staff.role != Role::Inspector {
        return Ok(Vec::new());
    }
    let since = c.created_at - chrono::Duration::days(SIMILAR_DAYS);
    let mut out: Vec<(f64, SimilarCase)> = Vec::new();
    let mine = super::domain::trigrams(&c.what);
    for other in repo::open_alike(db, c.unit_id, &c.category, since, c.id).await? {
        let s = super::domain::similarity_to(&mine, &other.what);
        if s >= super::domain::SIMILAR_AT_LEAST {
            out.push((
                s,
                SimilarCase {
                    tracking_code: other.tracking_code,
                    status: other.status,
                    created_at: other.created_at,
                    similarity_pct: (s * 100.0).round().clamp(0.0, 100.0) as u8,
                    excerpt: super::domain::excerpt(&other.what, 140),
                },
            ));
        }
    }
    out.sort_by(|a, b| b.0.total_cmp(&a.0));
    Ok(out.into_iter().take(5).map(|(_, s)| s).collect())
}
