//! Filing a complaint, shared by the form, the JSON API and Open311: evidence to the store,
//! then the complaint, its first event, its files and its mail in one transaction.

use super::domain::{
    ComplaintError, KEY_RANDOM_DIGITS, Mode, NewComplaint, ReplyKey, Reporter, Status, TrackingCode,
};
use super::evidence::Evidence;
use super::repo::{self, ComplaintRow};
use crate::entities::complaint;
use crate::i18n::Lang;
use crate::mail::outbox::{enqueue, enqueue_to_reporter};
use crate::mail::templates::{Template, render};
use crate::state::AppState;
use crate::tr;
use chrono::{DateTime, Utc};
use minijinja::context;
use sea_orm::ConnectionTrait;
use serde::{Deserialize, Serialize};
use std::net::IpAddr;

/// A report that passed the domain rules, with its cleaned evidence.
pub struct Filing {
    pub complaint: NewComplaint,
    pub evidence: Vec<Evidence>,
    pub lang: Lang,
    /// `web`, `api` or `open311`.
    pub source: &'static str,
    /// Kept (sealed, with the identity) for terbuka and rahasia; never for anonim.
    pub client_ip: Option<IpAddr>,
}

/// Why filing failed.
#[derive(Debug)]
pub enum FileError {
    /// Unknown unit or service: shown next to the field.
    Field(ComplaintError),
    /// The database cannot serve now (see [`crate::web::error::AppError::Unavailable`]).
    Unavailable,
    Internal(String),
}

impl From<sea_orm::DbErr> for FileError {
    fn from(e: sea_orm::DbErr) -> Self {
        if crate::web::error::unavailable(&e) {
            return FileError::Unavailable;
        }
        FileError::Internal(format!("database: {e}"))
    }
}

impl From<FileError> for crate::web::error::AppError {
    fn from(e: FileError) -> Self {
        match e {
            // A code that names no unit or service of the unit: 404, as for any unknown code.
            FileError::Field(f)
                if matches!(
                    f.code,
                    "unit_unknown" | "service_unknown" | "service_not_in_unit"
                ) =>
            {
                crate::web::error::AppError::unknown(f.code, f.field)
            }
            FileError::Field(f) => crate::web::error::AppError::Validation {
                code: f.code,
                field: f.field.to_string(),
            },
            FileError::Unavailable => crate::web::error::AppError::Unavailable,
            FileError::Internal(c) => {
                crate::web::error::AppError::internal("filing a complaint", anyhow::anyhow!(c))
            }
        }
    }
}

/// The sealed identity of a reporter.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SealedReporter {
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub ip: Option<String>,
}

/// The id of service `code` if it is one of unit `unit_id`'s; otherwise the refusal
/// (`service_unknown`, `service_not_in_unit`).
async fn service_of_unit(
    db: &impl sea_orm::ConnectionTrait,
    unit_id: i32,
    code: &str,
) -> Result<Result<i32, ComplaintError>, sea_orm::DbErr> {
    let field = "service_code";
    Ok(match crate::units::repo::find_service(db, code).await? {
        None => Err(ComplaintError {
            code: "service_unknown",
            field,
        }),
        Some(s) if s.unit_id != unit_id => Err(ComplaintError {
            code: "service_not_in_unit",
            field,
        }),
        Some(s) => Ok(s.id),
    })
}

/// The refusal of the chosen service, checked as filing checks it, for a form whose other
/// fields are refused too: every problem is shown at once, as the browser shows them.
pub async fn service_problem(
    db: &impl sea_orm::ConnectionTrait,
    unit_code: &str,
    service_code: &str,
) -> Result<Option<ComplaintError>, sea_orm::DbErr> {
    if service_code.trim().is_empty() {
        return Ok(None);
    }
    let Some(unit) = crate::units::repo::find_unit(db, unit_code.trim()).await? else {
        return Ok(None);
    };
    Ok(service_of_unit(db, unit.id, service_code.trim())
        .await?
        .err())
}

/// A stored report: its tracking code, and the reply key its reporter writes with (shown to
/// them once; only its hash is kept).
pub struct Filed {
    pub code: TrackingCode,
    pub key: ReplyKey,
}

/// A fresh reply key and its Argon2 hash (computed off the async threads).
pub async fn new_reply_key() -> Result<(ReplyKey, String), FileError> {
    let key = ReplyKey::from_random(rand::random::<[u8; KEY_RANDOM_DIGITS]>());
    let plain = key.as_str().to_string();
    let hash = tokio::task::spawn_blocking(move || crate::crypto::hash_secret(&plain))
        .await
        .map_err(|e| FileError::Internal(format!("hashing task: {e}")))?
        .map_err(FileError::Internal)?;
    Ok((key, hash))
}

/// Stores the complaint; returns its tracking code and reply key once everything is
/// committed.
pub async fn file(state: &AppState, f: Filing) -> Result<Filed, FileError> {
    let c = &f.complaint;
    let unit = crate::units::repo::find_unit(&state.db, &c.unit_code)
        .await?
        .ok_or(FileError::Field(ComplaintError {
            code: "unit_unknown",
            field: "unit_code",
        }))?;
    let service_id = match &c.service_code {
        None => None,
        Some(code) => match service_of_unit(&state.db, unit.id, code).await? {
            Ok(id) => Some(id),
            Err(e) => return Err(FileError::Field(e)),
        },
    };
    let code = loop {
        let candidate = TrackingCode::from_random(rand::random());
        if !repo::code_taken(&state.db, &candidate).await? {
            break candidate;
        }
    };
    let (reply_key, key_hash) = new_reply_key().await?;
    let now = crate::clock::now();
    let keys = put_evidence(state, &f.evidence, now).await?;
    let stored = store(
        state,
        &f,
        Ids {
            code: &code,
            key: &reply_key,
            key_hash,
            unit_id: unit.id,
            unit_name: &unit.name,
            service_id,
        },
        &keys,
        now,
    )
    .await;
    match stored {
        Ok(()) => {
            state.mail_wakeup.notify_one();
            state.metrics.stored(crate::metrics::Stored::Complaint);
            Ok(Filed {
                code,
                key: reply_key,
            })
        }
        // The database went away during the transaction: the commit may have happened.
        // Stored after all: answered as stored. Not stored: its files go. Unknown (still
        // away): the files stay, so that no report can name a missing file.
        Err(FileError::Unavailable) => match repo::code_taken(&state.db, &code).await {
            Ok(true) => {
                state.mail_wakeup.notify_one();
                state.metrics.stored(crate::metrics::Stored::Complaint);
                Ok(Filed {
                    code,
                    key: reply_key,
                })
            }
            Ok(false) => {
                discard(state, &keys).await;
                Err(FileError::Unavailable)
            }
            Err(_) => {
                if !keys.is_empty() {
                    tracing::warn!(
                        files = keys.len(),
                        "database away while filing: evidence kept until it is known whether the report was stored"
                    );
                }
                Err(FileError::Unavailable)
            }
        },
        Err(e) => {
            discard(state, &keys).await;
            Err(e)
        }
    }
}

/// Puts cleaned evidence files into the store; returns their keys. When one fails, those
/// already stored are removed again.
pub async fn put_evidence(
    state: &AppState,
    evidence: &[Evidence],
    now: DateTime<Utc>,
) -> Result<Vec<String>, FileError> {
    let mut keys = Vec::new();
    for e in evidence {
        let key = format!(
            "{}/{:032x}.{}",
            now.format("%Y/%m"),
            rand::random::<u128>(),
            e.kind.extension()
        );
        if let Err(err) = state.evidence.put(&key, e.bytes.clone()).await {
            discard(state, &keys).await;
            if err.is_full() {
                tracing::warn!(error = %err, "evidence storage full; answered 503");
                return Err(FileError::Unavailable);
            }
            return Err(FileError::Internal(err.to_string()));
        }
        keys.push(key);
    }
    Ok(keys)
}

/// Records the evidence files stored under `keys` (as [`put_evidence`] returned them), which
/// came with the report (`event_id` none) or with an entry of the conversation.
pub async fn record_files(
    db: &impl ConnectionTrait,
    complaint_id: i64,
    event_id: Option<i64>,
    evidence: &[Evidence],
    keys: &[String],
    at: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    for (e, key) in evidence.iter().zip(keys) {
        repo::insert_file(
            db,
            complaint_id,
            event_id,
            key,
            e.kind.content_type(),
            e.bytes.len(),
            &e.sha256,
            at,
        )
        .await?;
    }
    Ok(())
}

/// Removes stored evidence whose database rows were not written.
pub async fn discard(state: &AppState, keys: &[String]) {
    for k in keys {
        if let Err(e) = state.evidence.delete(k).await {
            tracing::warn!(error = %e, "could not remove evidence of a complaint that was not stored");
        }
    }
}

/// What a new report is known by: its code, key, unit and service.
struct Ids<'a> {
    code: &'a TrackingCode,
    key: &'a ReplyKey,
    key_hash: String,
    unit_id: i32,
    unit_name: &'a str,
    service_id: Option<i32>,
}

async fn store(
    state: &AppState,
    f: &Filing,
    ids: Ids<'_>,
    keys: &[String],
    now: DateTime<Utc>,
) -> Result<(), FileError> {
    let Ids {
        code,
        key,
        key_hash,
        unit_id,
        unit_name,
        service_id,
    } = ids;
    let c = &f.complaint;
    let sealed = c.reporter.as_ref().map(|r: &Reporter| {
        state.keys.seal_json(&SealedReporter {
            name: r.name.clone(),
            email: r.email.clone(),
            phone: r.phone.clone(),
            ip: (c.mode != Mode::Anonim)
                .then(|| f.client_ip.map(|ip| ip.to_string()))
                .flatten(),
        })
    });
    let email = c.reporter.as_ref().and_then(|r| r.email.clone());
    let calendar = crate::calendar::repo::calendar(&state.db).await?;
    let due_date = calendar.add_working_days(
        crate::clock::wib_day(now),
        super::domain::limits::VERIFY_DAYS,
    );
    let (_writing, txn) = state.begin_write().await?;
    let id = repo::insert(
        &txn,
        ComplaintRow {
            tracking_code: code.clone(),
            unit_id,
            service_id,
            category: c.category.code(),
            mode: c.mode.code(),
            what: c.what.clone(),
            who: c.who.clone(),
            place: c.place.clone(),
            time_text: c.time_text.clone(),
            how: c.how.clone(),
            incident_date: c.incident_date,
            reporter_sealed: sealed,
            reporter_has_email: email.is_some(),
            lang: f.lang.code(),
            source: f.source,
            at: now,
            due_date,
            reply_key_hash: key_hash,
        },
    )
    .await?;
    record_files(&txn, id, None, &f.evidence, keys, now).await?;
    let base = &state.settings.public_base_url;
    if let Some(to) = email {
        let lang = f.lang;
        let mail = render(
            Template::Receipt,
            lang,
            &to,
            context!(code => code.grouped(), key => key.grouped(), url => format!("{base}/lacak/{}", code.as_str()),
                category => tr!(lang, &format!("category.{}", c.category.code())), unit => unit_name),
        )
        .map_err(|e| FileError::Internal(format!("mail template: {e}")))?;
        enqueue_to_reporter(
            &txn,
            &state.keys,
            Template::Receipt.name(),
            &mail,
            &state.settings.mail.message_domain,
            now,
            Some(id),
        )
        .await?;
    }
    let mut inspectors = repo::inspector_emails(&txn, unit_id).await?;
    if inspectors.is_empty() {
        inspectors.extend(state.settings.mail.inspectorate.clone());
    }
    for to in inspectors {
        let lang = Lang::Id;
        let mail = render(
            Template::InspectorAlert,
            lang,
            &to,
            context!(code => code.grouped(), category => tr!(lang, &format!("category.{}", c.category.code())),
                unit => unit_name, mode => c.mode.code(),
                date => crate::clock::fmt_wib(now)),
        )
        .map_err(|e| FileError::Internal(format!("mail template: {e}")))?;
        enqueue(
            &txn,
            &state.keys,
            Template::InspectorAlert.name(),
            &mail,
            &state.settings.mail.message_domain,
            now,
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// A change of status as staff record it.
pub struct StatusChange {
    pub to: Status,
    /// The staff account that made it; `None` for the system (automatic closing).
    pub actor: Option<i32>,
    /// Why, for the record; never shown to the reporter.
    pub reason: Option<String>,
    /// What the reporter is told, on the status page and in the mail.
    pub reply: Option<String>,
    pub at: DateTime<Utc>,
    /// The reporter's own objection reopened the case: `reply` holds their words, shown as
    /// theirs and never quoted back to them as the Inspectorate's answer.
    pub by_reporter: bool,
    /// Marked as a duplicate of another report. The reporter is told so, never which
    /// report (its code would open another reporter's status page).
    pub merged: bool,
    /// A resolution: the last day the reporter may answer "Sudah selesai?" (the mail asks).
    pub feedback_until: Option<chrono::NaiveDate>,
    /// A resolution: what it found and what was done (recorded with it; the mail says it in
    /// plain words).
    pub outcome: Option<super::domain::outcome::Outcome>,
}

/// Records a status change with its reason (internal) and reply (public), and queues the
/// mail that tells the reporter, inside the caller's transaction; `false` (and nothing
/// recorded) when the case's status is no longer the one `c` was read with. The workflow
/// rules that decide which changes are allowed live with the inspectors' console.
pub async fn record_status_change(
    state: &AppState,
    db: &impl ConnectionTrait,
    c: &complaint::Model,
    change: StatusChange,
) -> Result<bool, FileError> {
    let StatusChange {
        to,
        actor,
        reason,
        reply,
        at: now,
        by_reporter,
        merged,
        feedback_until,
        outcome,
    } = change;
    let from = Status::from_code(&c.status);
    let kind = if by_reporter {
        super::domain::EventKind::ReopenedByReporter
    } else {
        super::domain::EventKind::Status
    };
    // From the status read, or not at all: of two requests that read the same status (two
    // PostgreSQL transactions, two instances), the second changes nothing.
    if !repo::set_status(db, c, to, now).await? {
        return Ok(false);
    }
    repo::insert_event(db, c.id, kind, from, to, actor, reason, reply.clone(), now).await?;
    if from == Some(Status::Resolved) && to != Status::Closed {
        // Reopened: the next resolution records its own finding (the audit log keeps this one).
        super::outcome::repo::delete(db, c.id).await?;
    }
    if let Some(o) = &outcome {
        super::outcome::repo::delete(db, c.id).await?;
        super::outcome::repo::insert(db, c.id, o, actor, now, false).await?;
    }
    let kinds: Option<(super::domain::outcome::Finding, Vec<_>)> = outcome
        .as_ref()
        .map(|o| (o.finding, o.actions.iter().map(|a| a.kind).collect()));
    let base = state.settings.public_base_url.clone();
    mail_reporter(state, db, c, Template::StatusChanged, now, |lang, code| {
        context!(code => code.grouped(), status => tr!(lang, &format!("status.{}", to.code())),
            reply => (!by_reporter).then_some(reply).flatten(), reopened => by_reporter,
            merged => merged,
            ask_feedback => feedback_until.map(|d| lang.date_long(d)),
            outcome => kinds.map(|(f, k)| super::domain::outcome::plain_words(lang, f, &k)),
            url => format!("{base}/lacak/{}", code.as_str()))
    })
    .await?;
    Ok(true)
}

/// Mails the reporter of case `c` with `template`, when they left an address (never for
/// anonim, never once their identity is erased): the one place that opens the sealed
/// identity to write to it. `ctx` builds the template's context from the report's language
/// and code. Queued in the caller's transaction; returns whether a mail was queued.
pub async fn mail_reporter(
    state: &AppState,
    db: &impl ConnectionTrait,
    c: &complaint::Model,
    template: Template,
    at: DateTime<Utc>,
    ctx: impl FnOnce(Lang, &TrackingCode) -> minijinja::Value,
) -> Result<bool, FileError> {
    let Some(sealed) = c.reporter_sealed.as_ref().filter(|_| c.reporter_has_email) else {
        return Ok(false);
    };
    let reporter: SealedReporter = state
        .keys
        .open_json(sealed)
        .map_err(|e| FileError::Internal(format!("reporter identity: {e}")))?;
    let Some(to) = reporter.email else {
        return Ok(false);
    };
    let lang = Lang::from_code(&c.lang).unwrap_or_default();
    let code = TrackingCode::parse(&c.tracking_code)
        .map_err(|_| FileError::Internal("stored tracking code is malformed".into()))?;
    let mail = render(template, lang, &to, ctx(lang, &code))
        .map_err(|e| FileError::Internal(format!("mail template: {e}")))?;
    enqueue_to_reporter(
        db,
        &state.keys,
        template.name(),
        &mail,
        &state.settings.mail.message_domain,
        at,
        Some(c.id),
    )
    .await?;
    Ok(true)
}
