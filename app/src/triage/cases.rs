//! The queue and a case as a staff member may see them (for the JSON API and the console
//! pages alike), and the logged reveal of a rahasia identity.

use super::repo::{self, QueueFilter, QueueOrder};
use super::service::{scope_of, visible_case};
use super::view::{
    CaseView, FileItem, HistoryItem, IdentityOpening, PER_PAGE, QueueItem, QueuePage, QueueQuery,
    ReporterView,
};
use crate::accounts::session::Staff;
use crate::complaints::domain::workflow::Action;
use crate::complaints::domain::{Mode, Status};
use crate::complaints::filing::SealedReporter;
use crate::state::AppState;
use crate::web::error::AppError;
use chrono::NaiveDate;
use std::collections::HashMap;

/// Whether the case's current deadline runs: it is not finished and no question waits for
/// the reporter (the deadlines are paused then).
fn deadline_runs(status: &str, awaiting_since: Option<NaiveDate>) -> bool {
    !repo::finished_codes().contains(&status) && awaiting_since.is_none()
}

/// Past its current deadline, while that deadline runs.
fn is_overdue(
    status: &str,
    awaiting_since: Option<NaiveDate>,
    due: Option<NaiveDate>,
    today: NaiveDate,
) -> bool {
    deadline_runs(status, awaiting_since) && due.is_some_and(|d| d < today)
}

/// The queue's search: a tracking code (any case, dashes optional, O/I/L read as 0/1/1)
/// finds that case; anything else is up to 6 words, each of which must appear in the
/// report's text or start its tracking code.
pub fn search_terms(q: Option<&str>) -> (Option<String>, Vec<String>) {
    let q = q.map(str::trim).unwrap_or_default();
    if q.is_empty() {
        return (None, Vec::new());
    }
    if let Ok(code) = crate::complaints::domain::TrackingCode::parse(q) {
        return (Some(code.as_str().to_string()), Vec::new());
    }
    // Control characters (a NUL ends the text SQLite's full-text search reads) are no part
    // of any report's words.
    let words = q
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .map(|w| w.chars().take(60).collect::<String>().to_lowercase())
        .take(6)
        .collect();
    (None, words)
}

/// A page of the queue for this staff member (the API and the console page).
pub async fn queue_page(
    state: &AppState,
    staff: &Staff,
    q: &QueueQuery,
) -> Result<QueuePage, AppError> {
    let scope = scope_of(&state.db, staff)
        .await?
        .ok_or(AppError::Forbidden)?;
    let lists = state.figures.catalog.lists(&state.db).await?;
    let units = &lists.units;
    let code_of: HashMap<i32, (String, String)> = units
        .iter()
        .map(|u| (u.id, (u.code.clone(), u.name.clone())))
        .collect();
    let calendar = crate::calendar::repo::calendar(&state.db).await?;
    let unit_ids = match q.unit.as_deref().filter(|c| !c.is_empty()) {
        None => None,
        Some(code) => {
            let u = units
                .iter()
                .find(|u| u.code == code)
                .ok_or_else(|| AppError::unknown("unit_unknown", "unit"))?;
            Some(lists.with_children(&[u.id]))
        }
    };
    let today = crate::clock::today();
    let (code, words) = search_terms(q.q.as_deref());
    let filter = QueueFilter {
        status: q.status.clone(),
        unit_ids,
        category: q.category.clone(),
        mode: q.mode.clone(),
        overdue_on: q.overdue.unwrap_or(false).then_some(today),
        code,
        words,
        handler: q.mine.unwrap_or(false).then_some(staff.id),
    };
    let names = crate::accounts::repo::names(&state.db).await?;
    let inspector = staff.role == crate::accounts::domain::Role::Inspector;
    // Counts per status over the other filters; the total is the chosen status's count.
    let counts = repo::queue_counts(&state.db, &scope, &filter).await?;
    // A search too wide to count over every status is counted again for the chosen one: it
    // may hold few of the matches (its cases then looked up in the index, not walked).
    let (total, total_exact, lookup) = match &filter.status {
        Some(_) if !counts.exact => {
            let (n, exact) = repo::searched_count(&state.db, &scope, &filter).await?;
            (n, exact, repo::WordLookup::for_count(exact))
        }
        Some(s) => (
            counts.by_status.get(s).copied().unwrap_or(0),
            true,
            counts.lookup(),
        ),
        None => (
            counts.by_status.values().sum(),
            counts.exact,
            counts.lookup(),
        ),
    };
    // A page past any real queue is empty, not an offset the database cannot take.
    let page = q.page.unwrap_or(1).clamp(1, super::view::MAX_PAGE);
    let offset = (page - 1).saturating_mul(PER_PAGE);
    // One case more than a page says whether another page follows.
    let mut rows = repo::queue(
        &state.db,
        &scope,
        &filter,
        QueueOrder::from_code(q.sort.as_deref()),
        Some((offset, PER_PAGE + 1)),
        lookup,
    )
    .await?;
    // The last page a query may ask for has no next one.
    let more = rows.len() as u64 > PER_PAGE && page < super::view::MAX_PAGE;
    rows.truncate(PER_PAGE as usize);
    let items = rows
        .iter()
        .map(|c| {
            let (unit_code, unit_name) = code_of.get(&c.unit_id).cloned().unwrap_or_default();
            let assigned = c.assigned_unit_id.and_then(|u| code_of.get(&u).cloned());
            let running = deadline_runs(&c.status, c.awaiting_since);
            QueueItem {
                tracking_code: c.tracking_code.clone(),
                status: c.status.clone(),
                category: c.category.clone(),
                mode: c.mode.clone(),
                unit_code,
                unit_name,
                assigned_unit_code: assigned.as_ref().map(|(code, _)| code.clone()),
                assigned_unit_name: assigned.map(|(_, name)| name),
                created_at: c.created_at,
                due_date: c.due_date,
                days_left: c
                    .due_date
                    .filter(|_| running)
                    .map(|d| calendar.working_days_left(today, d)),
                overdue: is_overdue(&c.status, c.awaiting_since, c.due_date, today),
                awaiting_reporter: c.awaiting_since.is_some(),
                reporter_news: c.reporter_news,
                excerpt: (inspector && c.report_erased_at.is_none())
                    .then(|| super::domain::excerpt(&c.what, 110)),
                handler_name: c.handler_user_id.and_then(|h| names.get(&h).cloned()),
            }
        })
        .collect();
    Ok(QueuePage {
        total,
        page,
        per_page: PER_PAGE,
        counts: counts.by_status,
        counts_exact: counts.exact,
        total_exact,
        count_cap: repo::SEARCH_COUNT_CAP,
        more,
        items,
    })
}

fn reporter_view(
    state: &AppState,
    staff: &Staff,
    c: &crate::entities::complaint::Model,
) -> Result<ReporterView, AppError> {
    let mode = Mode::from_code(&c.mode).unwrap_or(Mode::Anonim);
    let mut v = ReporterView {
        mode: c.mode.clone(),
        name: None,
        email: None,
        phone: None,
        revealable: mode == Mode::Rahasia
            && c.reporter_sealed.is_some()
            && super::domain::may_reveal_case(staff, c.handler_user_id),
        erased_at: c.identity_erased_at,
        erased_why: None,
    };
    if mode == Mode::Terbuka
        && super::domain::may_see_open_reporter(staff.role)
        && let Some(sealed) = &c.reporter_sealed
    {
        let r: SealedReporter = state
            .keys
            .open_json(sealed)
            .map_err(|e| AppError::internal("reporter identity", e))?;
        v.name = Some(r.name);
        v.email = r.email;
        v.phone = r.phone;
    }
    Ok(v)
}

/// Why the identity of case `c` was erased (`retention`, `reporter_request`), from the
/// audit entry that recorded it.
async fn identity_erased_why(
    db: &impl sea_orm::ConnectionTrait,
    c: &crate::entities::complaint::Model,
) -> Result<Option<String>, AppError> {
    if c.identity_erased_at.is_none() {
        return Ok(None);
    }
    let entries = crate::audit::entries_of(db, c.id, "complaint.erase").await?;
    Ok(entries.into_iter().find_map(|e| {
        let d: serde_json::Value = serde_json::from_str(&e.detail).ok()?;
        (d["data"] == "identity").then(|| d["why"].as_str().map(str::to_string))?
    }))
}

/// A case with its history, for this staff member (the API and the console page).
pub async fn case_view(state: &AppState, staff: &Staff, code: &str) -> Result<CaseView, AppError> {
    let c = visible_case(&state.db, staff, code).await?;
    let units = state.figures.catalog.lists(&state.db).await?.units;
    let unit_of: HashMap<i32, (String, String)> = units
        .iter()
        .map(|u| (u.id, (u.code.clone(), u.name.clone())))
        .collect();
    let status = Status::from_code(&c.status).unwrap_or(Status::Received);
    let today = crate::clock::today();
    let objection_until = crate::complaints::reporter::reopen::objection_open(&c, today)
        .then_some(c.due_date)
        .flatten();
    let calendar = crate::calendar::repo::calendar(&state.db).await?;
    let awaiting_days = c
        .awaiting_since
        .map(|asked| calendar.working_days_between(asked, today));
    let actions = Action::ALL
        .into_iter()
        .filter(|a| {
            crate::complaints::domain::workflow::permitted(
                crate::complaints::domain::workflow::Actor::Staff(staff.role),
                *a,
            ) && crate::complaints::domain::workflow::next_status(status, *a).is_ok()
                && !(*a == Action::Close && objection_until.is_some())
                && (*a != Action::CloseIncomplete
                    || awaiting_days.is_some_and(|d| {
                        d >= crate::complaints::domain::workflow::ANSWER_WAIT_DAYS
                    }))
        })
        .map(|a| a.code().to_string())
        .collect();
    let can_ask = !status.is_finished()
        && c.reply_key_hash.is_some()
        && match staff.role {
            crate::accounts::domain::Role::Inspector => true,
            crate::accounts::domain::Role::UnitOfficer => status == Status::Dispositioned,
            _ => false,
        };
    let mut files_of: HashMap<Option<i64>, Vec<FileItem>> = HashMap::new();
    for f in crate::complaints::repo::files_of(&state.db, c.id).await? {
        files_of.entry(f.event_id).or_default().push(FileItem {
            id: f.id,
            content_type: f.content_type,
            size_bytes: f.size_bytes,
        });
    }
    let names = crate::accounts::repo::names(&state.db).await?;
    let history = repo::history(&state.db, c.id, &names)
        .await?
        .into_iter()
        .map(|(e, actor)| HistoryItem {
            feedback: e.feedback().map(|a| super::view::FeedbackItem {
                resolved: a.resolved,
                rating: a.rating,
            }),
            paused_days: e.paused(),
            files: files_of.get(&Some(e.id)).cloned().unwrap_or_default(),
            at: e.at,
            kind: e.kind,
            status_from: e.status_from,
            status_to: e.status_to,
            actor,
            reason: e.reason,
            public_text: e.public_text,
            message: e.message,
        })
        .collect();
    let files = files_of.remove(&None).unwrap_or_default();
    // The case it was merged into, named only to a reader who may open it.
    let duplicate_of = match c.duplicate_of.clone() {
        Some(d) => super::service::visible_case(&state.db, staff, &d)
            .await
            .ok()
            .map(|_| d),
        None => None,
    };
    // Who opened the rahasia identity and why: inspectors only. (That it was opened, and
    // when, is on the status page for whoever holds the tracking code: the reporter, as
    // GlobaLeaks tells its whistleblowers; a unit officer of a forwarded case holds the code
    // too, so the unit may learn that, never who or why.)
    let inspector = staff.role == crate::accounts::domain::Role::Inspector;
    let identity_opened = if super::domain::may_reveal(staff.role) {
        identity_openings(&state.db, c.id, &names).await?
    } else {
        Vec::new()
    };
    let (notes, similar) = if inspector {
        (
            super::work::notes(&state.db, c.id, &names).await?,
            super::work::similar(&state.db, staff, &c).await?,
        )
    } else {
        (Vec::new(), Vec::new())
    };
    let (outcome, outcome_missing, proposed_actions) =
        super::outcome::of_case(&state.db, &c, &names).await?;
    // Only when a name can be read from who the report names.
    let repeat_names = inspector
        && c.report_erased_at.is_none()
        && c.who
            .as_deref()
            .is_some_and(|w| !super::names::names_in(w).is_empty());
    let head = super::work::is_head(staff);
    let finished = Status::from_code(&c.status).is_none_or(|s| s.is_finished());
    let assignable = if head && !finished {
        super::work::handlers_for(&state.db, &c)
            .await?
            .into_iter()
            .map(|u| (u.id, u.name))
            .collect()
    } else {
        Vec::new()
    };
    Ok(CaseView {
        outcome,
        outcome_missing,
        proposed_actions,
        repeat_names,
        handler_name: c.handler_user_id.and_then(|h| names.get(&h).cloned()),
        // A finished case is nobody's to take any more.
        can_take: inspector
            && !finished
            && c.handler_user_id != Some(staff.id)
            && (head || c.handler_user_id.is_none()),
        assignable,
        notes,
        similar,
        identity_opened,
        awaiting_since: c.awaiting_since,
        awaiting_days,
        reporter_news: c.reporter_news,
        can_ask,
        files_erased_at: c.files_erased_at,
        conversation_erased_at: c.conversation_erased_at,
        report_erased_at: c.report_erased_at,
        reporter: ReporterView {
            erased_why: identity_erased_why(&state.db, &c).await?,
            ..reporter_view(state, staff, &c)?
        },
        overdue: is_overdue(&c.status, c.awaiting_since, c.due_date, today),
        objection_until,
        tracking_code: c.tracking_code,
        status: c.status,
        category: c.category,
        unit_code: unit_of
            .get(&c.unit_id)
            .map(|u| u.0.clone())
            .unwrap_or_default(),
        unit_name: unit_of
            .get(&c.unit_id)
            .map(|u| u.1.clone())
            .unwrap_or_default(),
        assigned_unit_code: c
            .assigned_unit_id
            .and_then(|u| unit_of.get(&u))
            .map(|u| u.0.clone()),
        assigned_unit_name: c
            .assigned_unit_id
            .and_then(|u| unit_of.get(&u))
            .map(|u| u.1.clone()),
        class: c.class,
        due_date: c.due_date,
        resolve_due: c.resolve_due,
        duplicate_of,
        what: c.what,
        who: c.who,
        place: c.place,
        time_text: c.time_text,
        how: c.how,
        incident_date: c.incident_date,
        created_at: c.created_at,
        files,
        history,
        actions,
    })
}

/// The shortest reason that opens a rahasia identity, in characters.
pub const REVEAL_REASON_MIN: usize = 10;
/// The longest.
pub const REVEAL_REASON_MAX: usize = 500;

/// Why an inspector opens a rahasia identity, checked before anything is read or logged:
/// a reason of 10 to 500 characters and the confirmation that the opening is recorded.
pub fn reveal_request(reason: &str, confirmed: bool) -> Result<String, AppError> {
    // Only what can be read counts: eleven zero-width spaces are no reason.
    let too_long = reason.chars().count() > REVEAL_REASON_MAX;
    let reason = crate::web::text::clean(reason);
    if crate::web::text::visible_chars(&reason) < REVEAL_REASON_MIN {
        return Err(AppError::invalid("reveal_reason_short", "reason"));
    }
    if too_long {
        return Err(AppError::invalid("reveal_reason_long", "reason"));
    }
    if !confirmed {
        return Err(AppError::invalid("reveal_confirm_missing", "confirm"));
    }
    Ok(reason)
}

/// Opens a rahasia reporter's identity for an inspector handling the case, for the reason
/// given (checked by [`reveal_request`] first: without one nothing is read or logged),
/// writing who, when and why to the audit log before anything is returned (the handlers'
/// extractors have checked the session's CSRF token).
pub async fn reveal_identity(
    state: &AppState,
    staff: &Staff,
    code: &str,
    reason: &str,
    confirmed: bool,
) -> Result<ReporterView, AppError> {
    if !super::domain::may_reveal(staff.role) {
        return Err(AppError::Forbidden);
    }
    let reason = reveal_request(reason, confirmed)?;
    let (_writing, txn) = state.begin_write().await?;
    let c = visible_case(&txn, staff, code).await?;
    if c.mode != Mode::Rahasia.code() {
        return Err(AppError::NotFound);
    }
    if !super::domain::may_reveal_case(staff, c.handler_user_id) {
        return Err(AppError::Conflict("reveal_not_handler"));
    }
    let sealed = c.reporter_sealed.clone().ok_or(AppError::NotFound)?;
    let r: SealedReporter = state
        .keys
        .open_json(&sealed)
        .map_err(|e| AppError::internal("reporter identity", e))?;
    crate::audit::record(
        &txn,
        crate::audit::Actor::Staff(staff.id),
        crate::audit::REVEAL_IDENTITY,
        Some(c.id),
        serde_json::json!({"mode": c.mode, "reason": reason}),
    )
    .await?;
    txn.commit().await?;
    Ok(ReporterView {
        mode: c.mode,
        name: Some(r.name),
        email: r.email,
        phone: r.phone,
        revealable: true,
        erased_at: None,
        erased_why: None,
    })
}

/// Every opening of case `c`'s identity, oldest first: when, by whom, why (inspectors
/// only: the caller decides who reads it).
async fn identity_openings(
    db: &impl sea_orm::ConnectionTrait,
    complaint_id: i64,
    names: &HashMap<i32, String>,
) -> Result<Vec<IdentityOpening>, AppError> {
    let entries = crate::audit::entries_of(db, complaint_id, crate::audit::REVEAL_IDENTITY).await?;
    let mut out = Vec::with_capacity(entries.len());
    for e in entries {
        let by = e.actor_user_id.and_then(|id| names.get(&id).cloned());
        let reason = serde_json::from_str::<serde_json::Value>(&e.detail)
            .ok()
            .and_then(|d| d["reason"].as_str().map(str::to_string));
        out.push(IdentityOpening {
            at: e.at,
            by,
            reason,
        });
    }
    Ok(out)
}
