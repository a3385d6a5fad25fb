//! Keeping personal data no longer than needed (UU 27/2022). After a case ended (closed,
//! rejected or merged) and its retention period passed, what is due is erased: the
//! reporter's sealed identity and address, the evidence files, the conversation, and the
//! report's own words (what, who, where, when, how; `what` becomes [`ERASED_TEXT`]). Database
//! values are overwritten before they are cleared or their rows deleted (SQLite runs with
//! `secure_delete` on, and its write-ahead log is truncated after an erasure, so the bytes
//! do not stay in the files); files are overwritten and deleted from the folder, or deleted
//! from S3. The case's metadata (unit, category, dates, statuses, the reporter's yes/no and
//! rating) stays for the statistics. Each erasure is an audit entry naming the kind of data
//! erased, never the data. Sent mail (sealed, but holding addresses) goes after a month.
//!
//! Runs once a day across instances (claimed in `job_runs`) and on demand with
//! `server retention run`; a reporter may erase their identity earlier (code + key).

use super::domain::EventKind;
use crate::config::Retention;
use crate::entities::{complaint, complaint_event, complaint_file, outbox};
use crate::state::AppState;
use crate::web::error::AppError;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, QueryFilter,
};

/// A kind of personal data a case holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DataKind {
    /// The sealed name, email and phone of the reporter.
    Identity,
    /// Evidence files (the report's and the conversation's).
    Files,
    /// Questions, answers, added information, comments, objections and replies.
    Conversation,
    /// The report's own words: what happened, who, where, when and how.
    Report,
}

/// What the report's "what happened" says once its words are erased.
pub const ERASED_TEXT: &str = "dihapus sesuai masa retensi";

impl DataKind {
    /// The word in the audit entry.
    pub fn code(self) -> &'static str {
        match self {
            DataKind::Identity => "identity",
            DataKind::Files => "files",
            DataKind::Conversation => "conversation",
            DataKind::Report => "report",
        }
    }

    fn days(self, r: &Retention) -> u32 {
        match self {
            DataKind::Identity => r.identity_days,
            DataKind::Files => r.files_days,
            DataKind::Conversation => r.conversation_days,
            DataKind::Report => r.report_days,
        }
    }

    fn erased_column(self) -> complaint::Column {
        match self {
            DataKind::Identity => complaint::Column::IdentityErasedAt,
            DataKind::Files => complaint::Column::FilesErasedAt,
            DataKind::Conversation => complaint::Column::ConversationErasedAt,
            DataKind::Report => complaint::Column::ReportErasedAt,
        }
    }
}

/// Why data was erased.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Why {
    /// Its retention period after the case ended passed.
    Retention,
    /// The reporter asked (code + key).
    ReporterRequest,
}

impl Why {
    fn code(self) -> &'static str {
        match self {
            Why::Retention => "retention",
            Why::ReporterRequest => "reporter_request",
        }
    }
}

/// What one run erased.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    pub identities: usize,
    pub file_sets: usize,
    pub files: usize,
    pub conversations: usize,
    pub reports: usize,
    pub mails: usize,
    /// Development mail files (`SUARA_MAIL_DIR`, when there is no `SMTP_URL`).
    pub mail_files: usize,
}

impl Report {
    fn anything(&self) -> bool {
        *self != Report::default()
    }
}

/// Same-length filler that replaces a value before it is cleared.
fn filler(s: &str) -> String {
    "0".repeat(s.len())
}

/// Once a day (the first instance to claim it): [`run`].
pub async fn run_daily(state: &AppState, now: DateTime<Utc>) -> Result<Option<Report>, AppError> {
    let today = crate::clock::wib_day(now);
    if !crate::jobs::claim(&state.db, "retention", today).await? {
        return Ok(None);
    }
    run(state, now).await.map(Some)
}

/// Erases everything whose retention period has passed at `now`.
pub async fn run(state: &AppState, now: DateTime<Utc>) -> Result<Report, AppError> {
    let r = state.settings.retention;
    let mut report = Report::default();
    for kind in [
        DataKind::Identity,
        DataKind::Files,
        DataKind::Conversation,
        DataKind::Report,
    ] {
        let cutoff = now - Duration::days(i64::from(kind.days(&r)));
        let due: Vec<i64> = complaint::Entity::find()
            .filter(complaint::Column::ClosedAt.lte(cutoff))
            .filter(kind.erased_column().is_null())
            .all(&state.db)
            .await?
            .into_iter()
            .map(|c| c.id)
            .collect();
        for id in due {
            let files = erase(state, id, kind, Why::Retention, now).await?;
            match kind {
                DataKind::Identity => report.identities += 1,
                DataKind::Files => {
                    report.file_sets += 1;
                    report.files += files;
                }
                DataKind::Conversation => report.conversations += 1,
                DataKind::Report => report.reports += 1,
            }
        }
    }
    let mail_cutoff = now - Duration::days(i64::from(r.mail_days));
    report.mails = erase_mail(state, mail_cutoff).await?;
    report.mail_files = erase_mail_files(state, |_, modified| modified <= mail_cutoff).await;
    if report.anything() {
        truncate_wal(state).await;
        tracing::info!(
            identities = report.identities,
            files = report.files,
            conversations = report.conversations,
            reports = report.reports,
            mails = report.mails,
            mail_files = report.mail_files,
            "retention: erased personal data past its period"
        );
    }
    Ok(report)
}

/// Erases one kind of data of case `id` and records it; returns the files erased. Files
/// leave the store first: if the database step then fails, the next run finds the rows
/// still there and erases them (a file already gone is no error).
pub async fn erase(
    state: &AppState,
    id: i64,
    kind: DataKind,
    why: Why,
    now: DateTime<Utc>,
) -> Result<usize, AppError> {
    let mut files = Vec::new();
    if kind == DataKind::Files {
        files = complaint_file::Entity::find()
            .filter(complaint_file::Column::ComplaintId.eq(id))
            .all(&state.db)
            .await?;
        for f in &files {
            state
                .evidence
                .erase(&f.storage_key)
                .await
                .map_err(|e| AppError::Internal(e.to_string()))?;
        }
    }
    let (_writing, txn) = state.begin_write().await?;
    let Some(c) = complaint::Entity::find_by_id(id).one(&txn).await? else {
        return Ok(0);
    };
    // The development files of the mail erased with the identity, removed after the commit.
    let mut mail_files = Vec::new();
    match kind {
        DataKind::Identity => mail_files = erase_identity_in(&txn, &c).await?,
        DataKind::Files => erase_file_rows(&txn, &files).await?,
        DataKind::Conversation => erase_conversation_in(&txn, c.id).await?,
        DataKind::Report => erase_report_in(&txn, &c).await?,
    }
    let mut done = complaint::ActiveModel {
        id: Set(c.id),
        ..Default::default()
    };
    match kind {
        DataKind::Identity => done.identity_erased_at = Set(Some(now)),
        DataKind::Files => done.files_erased_at = Set(Some(now)),
        DataKind::Conversation => done.conversation_erased_at = Set(Some(now)),
        DataKind::Report => done.report_erased_at = Set(Some(now)),
    }
    complaint::Entity::update(done).exec(&txn).await?;
    let mut detail = serde_json::json!({"data": kind.code(), "why": why.code()});
    if kind == DataKind::Files {
        detail["files"] = files.len().into();
    }
    crate::audit::record(
        &txn,
        match why {
            Why::Retention => crate::audit::Actor::System,
            Why::ReporterRequest => crate::audit::Actor::Reporter,
        },
        "complaint.erase",
        Some(c.id),
        detail,
    )
    .await?;
    txn.commit().await?;
    if !mail_files.is_empty() {
        erase_mail_files(state, |name, _| mail_files.iter().any(|m| m == name)).await;
    }
    Ok(files.len())
}

/// Erases the sealed identity and the mail addressed to the reporter; returns the names of
/// that mail's development files (`SUARA_MAIL_DIR`), for the caller to remove once committed.
async fn erase_identity_in(
    db: &impl ConnectionTrait,
    c: &complaint::Model,
) -> Result<Vec<String>, AppError> {
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
async fn erase_mail_rows(
    db: &impl ConnectionTrait,
    mails: &[outbox::Model],
) -> Result<(), AppError> {
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
async fn erase_report_in(db: &impl ConnectionTrait, c: &complaint::Model) -> Result<(), AppError> {
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

async fn erase_file_rows(
    db: &impl ConnectionTrait,
    files: &[complaint_file::Model],
) -> Result<(), AppError> {
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
/// reporter (a reopening).
async fn erase_conversation_in(db: &impl ConnectionTrait, id: i64) -> Result<(), AppError> {
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
    Ok(())
}

/// Deletes mail sent or given up on, queued before `cutoff` (overwritten first).
async fn erase_mail(state: &AppState, cutoff: DateTime<Utc>) -> Result<usize, AppError> {
    let done = outbox::Entity::find()
        .filter(
            outbox::Column::Status.is_in([crate::mail::outbox::SENT, crate::mail::outbox::FAILED]),
        )
        .filter(outbox::Column::CreatedAt.lte(cutoff))
        .all(&state.db)
        .await?;
    if done.is_empty() {
        return Ok(0);
    }
    let (_writing, txn) = state.begin_write().await?;
    erase_mail_rows(&txn, &done).await?;
    crate::audit::record(
        &txn,
        crate::audit::Actor::System,
        "mail.erase",
        None,
        serde_json::json!({"data": "sent_mail", "why": "retention", "mails": done.len()}),
    )
    .await?;
    txn.commit().await?;
    Ok(done.len())
}

/// Overwrites and deletes the development mail files (`SUARA_MAIL_DIR`, written when there is
/// no `SMTP_URL`) that `due` picks by name and last change; returns how many went. Each holds
/// an address, and a receipt a reply key: they follow sent mail's retention, and a reporter's
/// early erasure. A file that cannot be read or removed is left for the next run (logged).
async fn erase_mail_files(state: &AppState, due: impl Fn(&str, DateTime<Utc>) -> bool) -> usize {
    if state.settings.mail.smtp_url.is_some() {
        return 0;
    }
    let Ok(mut entries) = tokio::fs::read_dir(&state.settings.mail.dir).await else {
        return 0;
    };
    let mut erased = 0;
    while let Ok(Some(e)) = entries.next_entry().await {
        let name = e.file_name().to_string_lossy().into_owned();
        let Ok(meta) = e.metadata().await else {
            continue;
        };
        let Ok(modified) = meta.modified() else {
            continue;
        };
        if !name.ends_with(".eml") || !meta.is_file() || !due(&name, modified.into()) {
            continue;
        }
        let zeros = vec![0u8; usize::try_from(meta.len()).unwrap_or(0)];
        let path = e.path();
        match async {
            tokio::fs::write(&path, zeros).await?;
            tokio::fs::remove_file(&path).await
        }
        .await
        {
            Ok(()) => erased += 1,
            Err(err) => tracing::warn!(error = %err.kind(), "retention: a mail file stays"),
        }
    }
    erased
}

/// On SQLite, copies the write-ahead log into the database and empties it, so the pages
/// as they were before the erasure do not stay in the log file. Busy readers make it a
/// no-op this time (logged); the next run tries again.
async fn truncate_wal(state: &AppState) {
    if state.db.get_database_backend() != DatabaseBackend::Sqlite {
        return;
    }
    if let Err(e) = state
        .db
        .execute_unprepared("PRAGMA wal_checkpoint(TRUNCATE)")
        .await
    {
        tracing::warn!(error = %e, "retention: the write-ahead log could not be truncated");
    }
}

/// The reporter (code + key) erases their identity now: the case goes on, without a way
/// to reach them (no more mail), and the staff see that it was erased at their request.
pub async fn reporter_erase_identity(
    state: &AppState,
    code: &str,
    key: &str,
    client: std::net::IpAddr,
) -> Result<(), AppError> {
    let c = super::reporter::conversation::prove_reporter(state, code, key, client).await?;
    if c.identity_erased_at.is_none() {
        erase(
            state,
            c.id,
            DataKind::Identity,
            Why::ReporterRequest,
            crate::clock::now(),
        )
        .await?;
        truncate_wal(state).await;
    }
    Ok(())
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
