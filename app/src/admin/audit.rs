//! `/staf/audit`: the audit log for admins, filtered by action, person, case and dates; every
//! opening of a rahasia identity with who, when, which case and why; whether the hash chain
//! verifies; and the same entries as CSV. The shapes are shared with the page; the reading
//! is the server's.

use serde::{Deserialize, Serialize};

/// Entries per page.
pub const PER_PAGE: u64 = 100;

/// The page's filters, as the query string carries them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditQuery {
    /// One action (`complaint.reveal_identity`...).
    pub action: Option<String>,
    /// One staff account's id.
    pub person: Option<i32>,
    /// One case's tracking code (any case, dashes optional).
    pub case: Option<String>,
    /// First WIB day, `YYYY-MM-DD`.
    pub from: Option<String>,
    /// Last WIB day, inclusive.
    pub to: Option<String>,
    pub page: Option<u64>,
    /// CSV only: `;` or `,` (the default).
    pub sep: Option<String>,
}

/// One entry as the page and the export show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRow {
    pub id: i64,
    pub at: chrono::DateTime<chrono::Utc>,
    /// The staff member's name, or empty for the reporter or the system.
    pub actor: String,
    /// `staff`, `reporter` or `system`.
    pub actor_kind: String,
    pub action: String,
    /// The case's tracking code.
    pub case_code: Option<String>,
    /// The particulars as recorded (JSON).
    pub detail: String,
    /// For an identity opened: the reason given.
    pub reason: Option<String>,
}

/// The page's data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditData {
    pub user: crate::web::console::ConsoleUser,
    pub rows: Vec<AuditRow>,
    pub total: u64,
    pub page: u64,
    /// Every identity opening within the dates (and person, case) filtered, newest first.
    pub reveals: Vec<AuditRow>,
    /// Every action the log holds.
    pub actions: Vec<String>,
    /// `(id, name)` of every staff account.
    pub people: Vec<(i32, String)>,
    /// Entries checked, and the first whose hash or link does not match.
    pub chain_entries: u64,
    pub chain_broken_at: Option<i64>,
    /// A filter named an unknown case or a bad date: its field (`case`, `from`, `to`).
    pub bad_field: Option<String>,
}

#[cfg(feature = "ssr")]
pub use server::*;

#[cfg(feature = "ssr")]
mod server {
    use super::{AuditQuery, AuditRow};
    use crate::audit::Filter;
    use crate::web::error::AppError;
    use chrono::{NaiveDate, TimeZone, Utc};
    use sea_orm::ConnectionTrait;
    use std::collections::HashMap;

    /// Midnight WIB at the start of `day`.
    fn wib_midnight(day: NaiveDate) -> chrono::DateTime<Utc> {
        let wib = chrono::FixedOffset::east_opt(7 * 3600).expect("UTC+7 is a valid offset");
        wib.from_local_datetime(&day.and_hms_opt(0, 0, 0).unwrap_or_default())
            .single()
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default()
    }

    fn day(v: &Option<String>, field: &str) -> Result<Option<NaiveDate>, AppError> {
        match v.as_deref().map(str::trim) {
            None | Some("") => Ok(None),
            Some(d) => NaiveDate::parse_from_str(d, "%Y-%m-%d")
                .map(Some)
                .map_err(|_| AppError::invalid("audit_date_invalid", field)),
        }
    }

    /// The log's filter of the query; `Validation` naming the field of a bad date or an
    /// unknown case.
    pub async fn filter_of(db: &impl ConnectionTrait, q: &AuditQuery) -> Result<Filter, AppError> {
        let complaint_id = match q.case.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(code) => {
                let code = crate::complaints::domain::TrackingCode::parse(code)
                    .map_err(|_| AppError::invalid("audit_case_unknown", "case"))?;
                let c = crate::complaints::repo::find(db, &code)
                    .await?
                    .ok_or_else(|| AppError::invalid("audit_case_unknown", "case"))?;
                Some(c.id)
            }
        };
        Ok(Filter {
            action: q.action.clone().filter(|a| !a.trim().is_empty()),
            actor_user_id: q.person,
            complaint_id,
            from: day(&q.from, "from")?.map(wib_midnight),
            until: day(&q.to, "to")?
                .and_then(|d| d.succ_opt())
                .map(wib_midnight),
        })
    }

    /// The entries as rows: names for staff ids, tracking codes for complaint ids.
    pub async fn rows(
        db: &impl ConnectionTrait,
        entries: Vec<crate::entities::audit_log::Model>,
        names: &HashMap<i32, String>,
    ) -> Result<Vec<AuditRow>, AppError> {
        let mut codes: HashMap<i64, String> = HashMap::new();
        let mut out = Vec::with_capacity(entries.len());
        for e in entries {
            let case_code = match e.complaint_id {
                Some(id) => match codes.get(&id) {
                    Some(c) => Some(c.clone()),
                    None => {
                        let c = crate::complaints::repo::by_id(db, id)
                            .await?
                            .map(|c| c.tracking_code);
                        if let Some(c) = &c {
                            codes.insert(id, c.clone());
                        }
                        c
                    }
                },
                None => None,
            };
            let reason = (e.action == crate::audit::REVEAL_IDENTITY)
                .then(|| {
                    serde_json::from_str::<serde_json::Value>(&e.detail)
                        .ok()
                        .and_then(|d| d["reason"].as_str().map(str::to_string))
                })
                .flatten();
            out.push(AuditRow {
                id: e.id,
                at: e.at,
                actor: e
                    .actor_user_id
                    .and_then(|id| names.get(&id).cloned())
                    .unwrap_or_default(),
                actor_kind: e.actor_kind,
                action: e.action,
                case_code,
                detail: e.detail,
                reason,
            });
        }
        Ok(out)
    }
}
