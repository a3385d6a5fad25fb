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

mod repo;

use crate::config::Retention;
use crate::entities::complaint;
use crate::state::AppState;
use crate::web::error::AppError;
use chrono::{DateTime, Duration, Utc};

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
        let due = repo::due(&state.db, kind, cutoff).await?;
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
        repo::truncate_wal(&state.db).await;
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
        files = crate::complaints::repo::files_of(&state.db, id).await?;
        for f in &files {
            state
                .evidence
                .erase(&f.storage_key)
                .await
                .map_err(|e| AppError::internal("erasing an evidence file", e))?;
        }
    }
    let (_writing, txn) = state.begin_write().await?;
    let Some(c) = crate::complaints::repo::by_id(&txn, id).await? else {
        return Ok(0);
    };
    // The development files of the mail erased with the identity, removed after the commit.
    let mut mail_files = Vec::new();
    match kind {
        DataKind::Identity => mail_files = repo::erase_identity(&txn, &c).await?,
        DataKind::Files => repo::erase_file_rows(&txn, &files).await?,
        DataKind::Conversation => repo::erase_conversation(&txn, c.id).await?,
        DataKind::Report => repo::erase_report(&txn, &c).await?,
    }
    repo::mark_erased(&txn, c.id, kind, now).await?;
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

/// Deletes mail sent or given up on, queued before `cutoff` (overwritten first).
async fn erase_mail(state: &AppState, cutoff: DateTime<Utc>) -> Result<usize, AppError> {
    let done = repo::finished_mail(&state.db, cutoff).await?;
    if done.is_empty() {
        return Ok(0);
    }
    let (_writing, txn) = state.begin_write().await?;
    repo::erase_mail_rows(&txn, &done).await?;
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
        repo::truncate_wal(&state.db).await;
    }
    Ok(())
}
