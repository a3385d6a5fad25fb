//! Retention's queries: the cases due for each kind of erasure, and the erasures themselves
//! (each value overwritten with same-length filler before it is cleared or its row deleted).

use super::{DataKind, ERASED_TEXT};
use crate::complaints::domain::EventKind;
use crate::entities::{case_note, complaint, complaint_event, complaint_file, outbox};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseConnection, DbErr,
    EntityTrait, QueryFilter,
};

/// Same-length filler that replaces a value before it is cleared.
fn filler(s: &str) -> String {
    "0".repeat(s.len())
}

/// The cases that ended at or before `cutoff` and still hold data of `kind`.
pub async fn due(
    db: &impl ConnectionTrait,
    kind: DataKind,
    cutoff: DateTime<Utc>,
) -> Result<Vec<i64>, DbErr> {
    Ok(complaint::Entity::find()
        .filter(complaint::Column::ClosedAt.lte(cutoff))
        .filter(kind.erased_column().is_null())
        .all(db)
        .await?
        .into_iter()
        .map(|c| c.id)
        .collect())
}

/// Records on case `id` that its data of `kind` was erased at `now`.
pub async fn mark_erased(
    db: &impl ConnectionTrait,
    id: i64,
    kind: DataKind,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let mut done = complaint::ActiveModel {
        id: Set(id),
        ..Default::default()
    };
    match kind {
        DataKind::Identity => done.identity_erased_at = Set(Some(now)),
        DataKind::Files => done.files_erased_at = Set(Some(now)),
        DataKind::Conversation => done.conversation_erased_at = Set(Some(now)),
        DataKind::Report => done.report_erased_at = Set(Some(now)),
    }
    complaint::Entity::update(done).exec(db).await?;
    Ok(())
}

/// Mail sent or given up on, queued at or before `cutoff`.
pub async fn finished_mail(
    db: &impl ConnectionTrait,
    cutoff: DateTime<Utc>,
) -> Result<Vec<outbox::Model>, DbErr> {
    outbox::Entity::find()
        .filter(
            outbox::Column::Status.is_in([crate::mail::outbox::SENT, crate::mail::outbox::FAILED]),
        )
        .filter(outbox::Column::CreatedAt.lte(cutoff))
        .all(db)
        .await
}

/// Erases the sealed identity and the mail addressed to the reporter; returns the names of
/// that mail's development files (`SUARA_MAIL_DIR`), for the caller to remove once committed.
pub async fn erase_identity(
    db: &impl ConnectionTrait,
    c: &complaint::Model,
) -> Result<Vec<String>, DbErr> {
    if let Some(sealed) = &c.reporter_sealed {
        complaint::Entity::update(complaint::ActiveModel {
            id: Set(c.id),
            reporter_sealed: Set(Some(filler(sealed))),
            ..Default::default()
        })
        .exec(db)
        .await?;
    }
    complaint::Entity::update(complaint::ActiveModel {
        id: Set(c.id),
        reporter_sealed: Set(None),
        reporter_has_email: Set(false),
        ..Default::default()
    })
    .exec(db)
    .await?;
    // Mail addressed to the reporter (the receipt with the reply key, status news) goes
    // with the address: sent or not, each is overwritten, then deleted.
    let mails = outbox::Entity::find()
        .filter(outbox::Column::ComplaintId.eq(c.id))
        .all(db)
        .await?;
    erase_mail_rows(db, &mails).await?;
    Ok(mails
        .iter()
        .map(|m| crate::mail::transport::file_name(&m.message_id))
        .collect())
}

/// Overwrites each mail's sealed contents, then deletes its row.
pub async fn erase_mail_rows(
    db: &impl ConnectionTrait,
    mails: &[outbox::Model],
) -> Result<(), DbErr> {
    for m in mails {
        outbox::Entity::update(outbox::ActiveModel {
            id: Set(m.id),
            sealed: Set(filler(&m.sealed)),
            ..Default::default()
        })
        .exec(db)
        .await?;
        outbox::Entity::delete_by_id(m.id).exec(db).await?;
    }
    Ok(())
}

/// The report's words go: each is overwritten, then `what` says [`ERASED_TEXT`] and the
/// others are cleared. The incident date, unit, category and statuses stay.
pub async fn erase_report(db: &impl ConnectionTrait, c: &complaint::Model) -> Result<(), DbErr> {
    let over = |v: &Option<String>| Set(v.as_deref().map(filler));
    complaint::Entity::update(complaint::ActiveModel {
        id: Set(c.id),
        what: Set(filler(&c.what)),
        who: over(&c.who),
        place: over(&c.place),
        time_text: over(&c.time_text),
        how: over(&c.how),
        ..Default::default()
    })
    .exec(db)
    .await?;
    complaint::Entity::update(complaint::ActiveModel {
        id: Set(c.id),
        what: Set(ERASED_TEXT.into()),
        who: Set(None),
        place: Set(None),
        time_text: Set(None),
        how: Set(None),
        ..Default::default()
    })
    .exec(db)
    .await?;
    Ok(())
}

pub async fn erase_file_rows(
    db: &impl ConnectionTrait,
    files: &[complaint_file::Model],
) -> Result<(), DbErr> {
    for f in files {
        complaint_file::Entity::update(complaint_file::ActiveModel {
            id: Set(f.id),
            storage_key: Set(filler(&f.storage_key)),
            sha256: Set(filler(&f.sha256)),
            ..Default::default()
        })
        .exec(db)
        .await?;
        complaint_file::Entity::delete_by_id(f.id).exec(db).await?;
    }
    Ok(())
}

/// The words of the conversation go; the entries (kinds, dates, statuses, the answer to
/// "Sudah selesai?") stay. Staff's internal reasons stay too, except where they quote the
/// reporter (a reopening). The internal notes go entirely.
pub async fn erase_conversation(db: &impl ConnectionTrait, id: i64) -> Result<(), DbErr> {
    let events = complaint_event::Entity::find()
        .filter(complaint_event::Column::ComplaintId.eq(id))
        .all(db)
        .await?;
    for e in events {
        let quotes_reporter = e.kind == EventKind::ReopenedByReporter;
        let reason_goes = quotes_reporter && e.reason.is_some();
        if e.message.is_none() && e.public_text.is_none() && !reason_goes {
            continue;
        }
        complaint_event::Entity::update(complaint_event::ActiveModel {
            id: Set(e.id),
            message: Set(e.message.as_deref().map(filler)),
            public_text: Set(e.public_text.as_deref().map(filler)),
            reason: Set(if reason_goes {
                e.reason.as_deref().map(filler)
            } else {
                e.reason.clone()
            }),
            ..Default::default()
        })
        .exec(db)
        .await?;
        complaint_event::Entity::update(complaint_event::ActiveModel {
            id: Set(e.id),
            message: Set(None),
            public_text: Set(None),
            reason: Set(if reason_goes {
                Some("reopened by the reporter".into())
            } else {
                e.reason
            }),
            ..Default::default()
        })
        .exec(db)
        .await?;
    }
    // The Inspectorate's internal notes may quote the reporter too: overwritten, then gone.
    let notes = case_note::Entity::find()
        .filter(case_note::Column::ComplaintId.eq(id))
        .all(db)
        .await?;
    for n in notes {
        case_note::Entity::update(case_note::ActiveModel {
            id: Set(n.id),
            text: Set(filler(&n.text)),
            ..Default::default()
        })
        .exec(db)
        .await?;
        case_note::Entity::delete_by_id(n.id).exec(db).await?;
    }
    Ok(())
}

/// On SQLite, copies the write-ahead log into the database and empties it, so the pages
/// as they were before the erasure do not stay in the log file. Busy readers make it a
/// no-op this time (logged); the next run tries again.
pub async fn truncate_wal(db: &DatabaseConnection) {
    if db.get_database_backend() != DatabaseBackend::Sqlite {
        return;
    }
    if let Err(e) = db
        .execute_unprepared("PRAGMA wal_checkpoint(TRUNCATE)")
        .await
    {
        tracing::warn!(error = %e, "retention: the write-ahead log could not be truncated");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_filler_is_as_long_as_the_value_and_says_nothing() {
        assert_eq!(filler("Budi"), "0000");
        assert_eq!(filler("é").len(), "é".len());
    }
}
