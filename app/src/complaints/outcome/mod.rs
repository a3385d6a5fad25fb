//! What a resolved complaint proved and what was done, on the server: recording it (at
//! resolution, or once later for a case resolved before findings were recorded) and what
//! the reporter reads of it. The rules are the domain's ([`super::domain::outcome`]).

pub mod repo;

use super::domain::Status;
use crate::entities::complaint;
use sea_orm::{ConnectionTrait, DbErr};

/// Whether case `c` ended in a resolution: resolved now, or closed straight from a
/// resolution (after the objection window). A case reopened and then merged, rejected or
/// closed as incomplete did not end in one: its earlier finding was dropped at the reopening
/// and no finding may be completed for it.
pub async fn was_resolved(db: &impl ConnectionTrait, c: &complaint::Model) -> Result<bool, DbErr> {
    if c.status == Status::Resolved.code() {
        return Ok(true);
    }
    if c.status != Status::Closed.code() {
        return Ok(false);
    }
    Ok(super::repo::events_of(db, c.id)
        .await?
        .iter()
        .rev()
        .find(|e| e.status_to.as_deref() == Some(Status::Closed.code()))
        .is_some_and(|e| e.status_from.as_deref() == Some(Status::Resolved.code())))
}
