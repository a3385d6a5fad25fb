//! What a resolved complaint proved and what was done, on the server: recording it (at
//! resolution, or once later for a case resolved before findings were recorded) and what
//! the reporter reads of it. The rules are the domain's ([`super::domain::outcome`]).

pub mod repo;

use super::domain::Status;
use crate::entities::complaint;
use sea_orm::{ConnectionTrait, DbErr};

/// Whether case `c` has reached a resolution, now or before it was closed: only such a case
/// has a finding to record.
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
        .any(|e| e.status_to.as_deref() == Some(Status::Resolved.code())))
}
