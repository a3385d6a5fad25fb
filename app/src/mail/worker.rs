//! The mail worker: sends what the outbox holds, retrying with exponential backoff.
//! Each message is marked sent in its own statement right after the server accepts it, so a
//! restart resumes with what was not yet sent and never sends a sent message again.

use super::Mail;
use super::outbox;
use super::transport::Mailer;
use crate::crypto::Keys;
use chrono::Duration;
use sea_orm::DatabaseConnection;
use std::sync::Arc;
use tokio::sync::Notify;

/// How the worker paces itself.
#[derive(Clone, Copy, Debug)]
pub struct Pace {
    /// Delay before the first retry; doubled after each failure, up to `max_delay`.
    pub retry_base: std::time::Duration,
    /// Longest delay between two attempts.
    pub max_delay: std::time::Duration,
    /// Attempts before a message is given up.
    pub max_attempts: i32,
    /// How often the outbox is looked at when nothing wakes the worker.
    pub poll: std::time::Duration,
    /// How long a claimed message is held for its sender: a server that dies while sending
    /// leaves it to another (or to itself after a restart) once this has passed.
    pub lease: std::time::Duration,
}

/// Delay before attempt `attempts + 1`, after `attempts` failures.
pub fn backoff(pace: &Pace, attempts: i32) -> std::time::Duration {
    let exp = u32::try_from(attempts.saturating_sub(1).clamp(0, 20)).unwrap_or(20);
    pace.retry_base
        .saturating_mul(2u32.saturating_pow(exp))
        .min(pace.max_delay)
}

/// Sends every due message once; returns how many were sent.
pub async fn deliver_due(
    db: &DatabaseConnection,
    keys: &Keys,
    mailer: &Mailer,
    pace: &Pace,
) -> Result<usize, sea_orm::DbErr> {
    let mut sent = 0;
    loop {
        let now = crate::clock::now();
        let rows = outbox::due(db, now, 20).await?;
        if rows.is_empty() {
            return Ok(sent);
        }
        let mut progressed = false;
        for row in rows {
            let lease = Duration::from_std(pace.lease).unwrap_or(Duration::seconds(120));
            if !outbox::claim(db, row.id, crate::clock::now(), lease).await? {
                continue;
            }
            progressed = true;
            let attempts = row.attempts + 1;
            let mail: Mail = match keys.open_json(&row.sealed) {
                Ok(m) => m,
                Err(e) => {
                    tracing::error!(outbox_id = row.id, error = %e, "outbox row cannot be opened with this key");
                    outbox::mark_failed(db, row.id, "cannot be opened with the current key", None)
                        .await?;
                    continue;
                }
            };
            match mailer.send(&mail, &row.message_id).await {
                Ok(()) => {
                    outbox::mark_sent(db, row.id, crate::clock::now()).await?;
                    tracing::info!(outbox_id = row.id, kind = %row.kind, attempts, "mail sent");
                    sent += 1;
                }
                Err(e) => {
                    let retry = (!e.permanent && attempts < pace.max_attempts).then(|| {
                        crate::clock::now()
                            + Duration::from_std(backoff(pace, attempts))
                                .unwrap_or(Duration::seconds(60))
                    });
                    tracing::warn!(outbox_id = row.id, kind = %row.kind, attempts, error = %e.summary,
                        retry = retry.is_some(), "mail not sent");
                    outbox::mark_failed(db, row.id, &e.summary, retry).await?;
                }
            }
        }
        if !progressed {
            return Ok(sent);
        }
    }
}

/// Runs forever: delivers due mail whenever woken (a new message was queued) or every
/// `pace.poll`.
pub async fn run(
    db: DatabaseConnection,
    keys: Keys,
    mailer: Mailer,
    pace: Pace,
    wakeup: Arc<Notify>,
) {
    loop {
        if let Err(e) = deliver_due(&db, &keys, &mailer, &pace).await {
            tracing::error!(error = %e, "mail worker could not read the outbox");
        }
        tokio::select! {
            _ = wakeup.notified() => {}
            _ = tokio::time::sleep(pace.poll) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_the_base_up_to_the_cap() {
        let pace = Pace {
            retry_base: std::time::Duration::from_secs(30),
            max_delay: std::time::Duration::from_secs(3600),
            max_attempts: 12,
            poll: std::time::Duration::from_secs(30),
            lease: std::time::Duration::from_secs(120),
        };
        let secs: Vec<u64> = (1..=9).map(|a| backoff(&pace, a).as_secs()).collect();
        assert_eq!(secs, [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]);
    }
}
