//! Triage queries: the queue with its filters and counts, and a case with its history. (A
//! case's files, and updating its assignment and deadlines, are [`crate::complaints::repo`]'s.)

use crate::complaints::domain::Status;
use crate::entities::{case_note, complaint, complaint_event};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Func, LikeExpr, Order, SimpleExpr};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbBackend, DbErr, EntityTrait, FromQueryResult,
    QueryFilter, QueryOrder, QuerySelect, Select,
};
use std::collections::{BTreeMap, HashMap};

/// Which complaints a staff member may see.
#[derive(Clone, Debug)]
pub enum Scope {
    /// Every complaint (an inspector with no assigned unit).
    All,
    /// Complaints about these units (an inspector's units and the UPTDs below them).
    Units(Vec<i32>),
    /// Complaints dispositioned to these units (a unit officer).
    Assigned(Vec<i32>),
}

impl Scope {
    /// Whether the complaint is within the scope.
    pub fn covers(&self, c: &complaint::Model) -> bool {
        match self {
            Scope::All => true,
            Scope::Units(ids) => ids.contains(&c.unit_id),
            Scope::Assigned(ids) => c.assigned_unit_id.is_some_and(|u| ids.contains(&u)),
        }
    }

    fn condition(&self) -> Condition {
        match self {
            Scope::All => Condition::all(),
            Scope::Units(ids) => Condition::all().add(complaint::Column::UnitId.is_in(ids.clone())),
            Scope::Assigned(ids) => {
                Condition::all().add(complaint::Column::AssignedUnitId.is_in(ids.clone()))
            }
        }
    }
}

/// Filters of the queue.
#[derive(Clone, Debug, Default)]
pub struct QueueFilter {
    pub status: Option<String>,
    pub unit_ids: Option<Vec<i32>>,
    pub category: Option<String>,
    pub mode: Option<String>,
    /// Only cases past their current deadline (`today` is the WIB date).
    pub overdue_on: Option<NaiveDate>,
    /// Only cases whose tracking code is this one.
    pub code: Option<String>,
    /// Only cases where each of these words (lower case) appears in the report's text or
    /// starts the tracking code.
    pub words: Vec<String>,
    /// Only cases handled by this inspector.
    pub handler: Option<i32>,
}

/// The finished statuses, which have no deadline.
pub fn finished_codes() -> [&'static str; 3] {
    [Status::Rejected, Status::Duplicate, Status::Closed].map(Status::code)
}

/// The order of the queue.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum QueueOrder {
    /// The nearest deadline first, cases without one last, then the oldest.
    #[default]
    Due,
    /// The oldest first.
    Received,
    /// The newest first.
    Newest,
}

impl QueueOrder {
    /// From the query's `sort` (`due`, `received`, `newest`); anything else is `Due`.
    pub fn from_code(code: Option<&str>) -> Self {
        match code {
            Some("received") => QueueOrder::Received,
            Some("newest") => QueueOrder::Newest,
            _ => QueueOrder::Due,
        }
    }
}

/// The columns of a complaint the queue shows (never the report's text or the sealed
/// identity).
#[derive(Clone, Debug, PartialEq, Eq, FromQueryResult)]
pub struct QueueRow {
    pub id: i64,
    pub tracking_code: String,
    pub unit_id: i32,
    pub category: String,
    pub mode: String,
    pub status: String,
    pub created_at: DateTime<Utc>,
    pub assigned_unit_id: Option<i32>,
    pub due_date: Option<NaiveDate>,
    pub awaiting_since: Option<NaiveDate>,
    pub reporter_news: bool,
    pub handler_user_id: Option<i32>,
    /// The report's text, for its first words (inspectors only: the caller decides).
    pub what: String,
    pub report_erased_at: Option<DateTime<Utc>>,
}

/// `%`, `_` and `\` in a word stand for themselves in a `LIKE` pattern.
fn like_escaped(word: &str) -> String {
    let mut out = String::with_capacity(word.len() + 2);
    for ch in word.chars() {
        if matches!(ch, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

/// The shortest word the search index finds (its units are runs of three characters);
/// a shorter word is looked for by reading every report in scope.
const INDEXED_WORD_CHARS: usize = 3;

/// The tracking code that a word could start, as stored (upper case, no dashes): only the
/// code's own letters, and no longer than a code.
fn code_prefix(w: &str) -> Option<String> {
    use crate::complaints::domain::{CODE_ALPHABET, CODE_RANDOM_CHARS};
    let code = w.replace('-', "").to_uppercase();
    (!code.is_empty()
        && code.len() <= CODE_RANDOM_CHARS + 1
        && code.bytes().all(|c| CODE_ALPHABET.contains(&c)))
    .then_some(code)
}

/// How a search's words are looked for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum WordLookup {
    /// The reports holding the words, found in the search index (`complaint_search` on
    /// SQLite, the trigram index on PostgreSQL) and then sorted: for words in a few reports.
    #[default]
    Index,
    /// The reports in the queue's order, each kept if it holds the words: for words in many
    /// reports, where a page fills after a few hundred of them instead of every match being
    /// read and sorted first. On SQLite the index's matches are listed once (a few
    /// milliseconds even for a word in every report) and each report is looked up in that
    /// list; asking the index about each report on its own costs about a millisecond a report.
    EachReport,
    /// Each report's own words read and compared (`LIKE` on each of its five fields), the
    /// index not asked: for a page among the first few hundred reports in the queue's order,
    /// where a word in many reports fills the page after a few dozen of them. The same
    /// matches as the index for words of ASCII letters, digits and signs (SQLite's `LIKE`
    /// ignores the case of ASCII letters only; see [`queue`], which uses it for those).
    Reading,
}

/// A search's plain words in SQLite's full-text syntax: each a quoted phrase of the trigram
/// table, all of which must be in the report (FTS5's implicit AND), each anywhere in any of
/// its five columns, in any case.
fn fts_phrases<'a>(words: impl IntoIterator<Item = &'a str>) -> String {
    words
        .into_iter()
        .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The report is among the trigram table's matches of `phrases`. With `lookup` `Index` the
/// matches lead (the reports are read by their ids, then sorted); with `EachReport` the
/// queue's order leads and each report is looked up in the matches, listed once (`+` keeps
/// SQLite from reading the reports by the ids).
fn fts_holds(phrases: String, lookup: WordLookup) -> SimpleExpr {
    let id = match lookup {
        WordLookup::Index => "\"complaints\".\"id\"",
        WordLookup::EachReport | WordLookup::Reading => "+\"complaints\".\"id\"",
    };
    Expr::cust_with_values(
        format!("{id} IN (SELECT rowid FROM complaint_search WHERE complaint_search MATCH ?)"),
        [phrases],
    )
}

/// A search's pattern as a string literal of PostgreSQL's, written into the statement
/// instead of bound to it. Bound, the statement is one for every search, and PostgreSQL
/// plans a statement prepared again and again once for any pattern after its fifth run (a
/// "generic plan"): one that reads every match of the index and sorts them, because it
/// cannot know the word. For a word in one report of eight that took 110 to 145 ms a page
/// on a province, against 5 ms for the plan made for the word, which reads the queue's
/// order. Written in, each search's statement is planned for its own words (and kept by the
/// connection's statement cache like any other).
///
/// An escape string (`E'...'`) with each backslash doubled and each quote written twice:
/// read the same whatever `standard_conforming_strings` and `backslash_quote` say (a quote
/// escaped with a backslash, as sea-query writes it, is refused under `backslash_quote =
/// off`). The words hold no control characters ([`super::cases::search_terms`] splits on
/// them), so no NUL.
fn pg_literal(pattern: &str) -> String {
    format!("E'{}'", pattern.replace('\\', "\\\\").replace('\'', "''"))
}

/// A word the search index alone finds: three characters or more, and not the start of a
/// tracking code.
fn plain_word(w: &str) -> bool {
    w.chars().count() >= INDEXED_WORD_CHARS && code_prefix(w).is_none()
}

/// The tracking codes that start with `code` as a range, `[code, next)`: `next` is `code`
/// with its last character raised by one (codes are upper-case ASCII). SQLite reads a range
/// through the code's index whatever the values; `GLOB ?` only when the pattern is known
/// when the statement is prepared, and sqlx binds it after (14 ms a search, every code read).
fn code_range(code: &str) -> (String, String) {
    let mut next = code.as_bytes().to_vec();
    if let Some(last) = next.last_mut() {
        *last += 1;
    }
    (
        code.to_string(),
        String::from_utf8_lossy(&next).into_owned(),
    )
}

/// Reports where every one of `words` (lower case) appears in the report's words or starts
/// the tracking code, looked for as `lookup` says. Words of three characters or more are
/// found through the search index, the plain ones (see [`plain_word`]) all in one lookup; a
/// shorter word is looked for by reading every report in scope.
fn words_found(backend: DbBackend, words: &[String], lookup: WordLookup) -> Condition {
    let mut all = Condition::all();
    let mut plain = Vec::new();
    for w in words {
        let code = code_prefix(w);
        if w.chars().count() < INDEXED_WORD_CHARS {
            all = all.add(short_word_found(backend, w, code.as_deref()));
        } else if let Some(code) = code {
            all = all.add(word_or_code_found(backend, w, &code, lookup));
        } else {
            plain.push(w.as_str());
        }
    }
    if plain.is_empty() {
        return all;
    }
    match backend {
        DbBackend::Sqlite if lookup == WordLookup::Reading => {
            for w in plain {
                all = all.add(text_holds(backend, w));
            }
            all
        }
        DbBackend::Sqlite => all.add(fts_holds(fts_phrases(plain), lookup)),
        // The indexed expression itself, so that the planner combines the words' lookups
        // (or, for words in most reports, reads the queue's order and checks each report).
        _ => {
            for w in plain {
                all = all.add(Expr::cust(format!(
                    "{} LIKE {}",
                    migration::PG_REPORT_TEXT,
                    pg_literal(&format!("%{}%", like_escaped(w)))
                )));
            }
            all
        }
    }
}

/// A word under three characters: read from every report in scope.
fn short_word_found(backend: DbBackend, w: &str, code: Option<&str>) -> Condition {
    let mut any = text_holds(backend, w);
    if let Some(code) = code {
        any = any.add(
            Expr::col((complaint::Entity, complaint::Column::TrackingCode))
                .like(LikeExpr::new(format!("{code}%")).escape('\\')),
        );
    }
    any
}

/// The word is in one of the report's five fields, in any case, read from the report. On
/// SQLite `LIKE` itself ignores the case of ASCII letters, as `lower()` does (neither folds
/// other letters without ICU): `lower()` there only cost time, 3.4 against 1.5 ms for a page
/// of a wide search read among 816 reports. PostgreSQL's `LIKE` heeds case.
fn text_holds(backend: DbBackend, w: &str) -> Condition {
    let anywhere = format!("%{}%", like_escaped(w));
    let mut any = Condition::any();
    for col in [
        complaint::Column::What,
        complaint::Column::Who,
        complaint::Column::Place,
        complaint::Column::TimeText,
        complaint::Column::How,
    ] {
        // Named with the table: the count's join has columns of the same names.
        let field = Expr::col((complaint::Entity, col));
        let field = match backend {
            DbBackend::Sqlite => field,
            _ => Expr::expr(Func::lower(field)),
        };
        any = any.add(field.like(LikeExpr::new(anywhere.clone()).escape('\\')));
    }
    any
}

/// An indexed word that could also start a tracking code: either, each through its index
/// (both lists at once, or for each report on its own, as `lookup` says).
fn word_or_code_found(backend: DbBackend, w: &str, code: &str, lookup: WordLookup) -> Condition {
    let anywhere = format!("%{}%", like_escaped(w));
    let (from, to) = code_range(code);
    let found = match (backend, lookup) {
        (DbBackend::Sqlite, WordLookup::Index) => Expr::cust_with_values(
            "\"complaints\".\"id\" IN (SELECT rowid FROM complaint_search WHERE \
             complaint_search MATCH ? UNION ALL SELECT id FROM complaints \
             WHERE tracking_code >= ? AND tracking_code < ?)",
            [fts_phrases([w]), from, to],
        ),
        (DbBackend::Sqlite, WordLookup::Reading) => {
            return text_holds(backend, w).add(Expr::cust_with_values(
                "(\"complaints\".\"tracking_code\" >= ? AND \"complaints\".\"tracking_code\" < ?)",
                [from, to],
            ));
        }
        (DbBackend::Sqlite, WordLookup::EachReport) => {
            return Condition::any()
                .add(fts_holds(fts_phrases([w]), lookup))
                .add(Expr::cust_with_values(
                    "(\"complaints\".\"tracking_code\" >= ? AND \
                     \"complaints\".\"tracking_code\" < ?)",
                    [from, to],
                ));
        }
        // `\\` escapes `%` and `_` in PostgreSQL's LIKE by default.
        (_, WordLookup::Index) => Expr::cust(format!(
            "\"complaints\".\"id\" IN (SELECT id FROM complaints WHERE {} \
             LIKE {} UNION ALL SELECT id FROM complaints WHERE tracking_code LIKE {})",
            migration::PG_REPORT_TEXT,
            pg_literal(&anywhere),
            pg_literal(&format!("{code}%"))
        )),
        (_, WordLookup::EachReport | WordLookup::Reading) => Expr::cust(format!(
            "({} LIKE {} OR \"complaints\".\"tracking_code\" LIKE {})",
            migration::PG_REPORT_TEXT,
            pg_literal(&anywhere),
            pg_literal(&format!("{code}%"))
        )),
    };
    Condition::all().add(found)
}

/// The complaints in scope matching the filter, as a query for `backend`, its words looked
/// for as `lookup` says.
fn matching(
    backend: DbBackend,
    scope: &Scope,
    f: &QueueFilter,
    lookup: WordLookup,
) -> Select<complaint::Entity> {
    let mut q = complaint::Entity::find().filter(scope.condition());
    if let Some(s) = &f.status {
        q = q.filter(complaint::Column::Status.eq(s.clone()));
    }
    if let Some(ids) = &f.unit_ids {
        q = q.filter(complaint::Column::UnitId.is_in(ids.clone()));
    }
    if let Some(c) = &f.category {
        q = q.filter(complaint::Column::Category.eq(c.clone()));
    }
    if let Some(m) = &f.mode {
        q = q.filter(complaint::Column::Mode.eq(m.clone()));
    }
    if let Some(code) = &f.code {
        q = q.filter(complaint::Column::TrackingCode.eq(code.clone()));
    }
    if let Some(h) = f.handler {
        q = q.filter(complaint::Column::HandlerUserId.eq(h));
    }
    if !f.words.is_empty() {
        q = q.filter(words_found(backend, &f.words, lookup));
    }
    if let Some(today) = f.overdue_on {
        q = q
            .filter(complaint::Column::DueDate.lt(today))
            .filter(complaint::Column::AwaitingSince.is_null())
            .filter(complaint::Column::Status.is_not_in(finished_codes()));
    }
    q
}

/// The complaints in scope matching the filter, in `order`, the search's words looked for as
/// `lookup` says; `page` is (offset, limit), none for all of them. Sorted and cut by the
/// database: a page costs the same however many reports are open.
///
/// A page of a search for words in many reports (`EachReport`) is first read among the
/// first [`READING_WINDOW`] times its end's reports in the queue's order, each report's own
/// words read ([`WordLookup::Reading`]): a word in one report of eight fills it after a few
/// hundred, where listing the index's matches first reads all of them (25,000 in a
/// province, 6 ms). Only when the window holds too few matches for the page is the page
/// read again as `EachReport` says. Words with letters beyond ASCII always go to the index,
/// whose case folding `LIKE` does not share on SQLite. On SQLite only: PostgreSQL's planner
/// already reads the order and checks each report's words for such a page (1 ms on a
/// province), and reading the window's reports by their ids there costs more.
pub async fn queue(
    db: &impl ConnectionTrait,
    scope: &Scope,
    f: &QueueFilter,
    order: QueueOrder,
    page: Option<(u64, u64)>,
    lookup: WordLookup,
) -> Result<Vec<QueueRow>, DbErr> {
    queue_windowed(db, scope, f, order, page, lookup, READING_WINDOW).await
}

/// [`queue`] with the first look's size as a multiple of the page's end given (public for
/// both of its ways to be checked).
pub async fn queue_windowed(
    db: &impl ConnectionTrait,
    scope: &Scope,
    f: &QueueFilter,
    order: QueueOrder,
    page: Option<(u64, u64)>,
    lookup: WordLookup,
    factor: u64,
) -> Result<Vec<QueueRow>, DbErr> {
    let backend = db.get_database_backend();
    if lookup == WordLookup::EachReport
        && let Some((offset, limit)) = page
        && let Some(window) = reading_window(backend, f, (offset + limit).saturating_mul(factor))
    {
        let rows = windowed_query(backend, scope, f, order, (offset, limit), window)
            .into_model::<QueueRow>()
            .all(db)
            .await?;
        if rows.len() as u64 == limit {
            return Ok(rows);
        }
    }
    queue_query(backend, scope, f, order, page, lookup)
        .into_model::<QueueRow>()
        .all(db)
        .await
}

/// How many reports in the queue's order a page ending at `end` is first looked for among,
/// as a multiple of `end`: a word in one report of sixteen or more fills it.
pub const READING_WINDOW: u64 = 16;

/// The most reports read in that first look (a page deep in a wide search goes to the index
/// at once).
const READING_WINDOW_MAX: u64 = 20_000;

/// The first look's size, `window`, if it is to be tried: on SQLite, for words of ASCII
/// characters (see [`queue`]), and up to [`READING_WINDOW_MAX`].
fn reading_window(backend: DbBackend, f: &QueueFilter, window: u64) -> Option<u64> {
    (backend == DbBackend::Sqlite
        && f.words.iter().all(|w| w.is_ascii())
        && window <= READING_WINDOW_MAX)
        .then_some(window)
}

/// The page at `page` (offset, limit) of the matches among the first `window` complaints in
/// scope matching every filter but the words, in `order`, each report's words read (public
/// for its plan and its rows to be checked). It is the queue's own page when it holds
/// `limit` rows: the matches among the first reports in the order are the first matches.
pub fn windowed_query(
    backend: DbBackend,
    scope: &Scope,
    f: &QueueFilter,
    order: QueueOrder,
    page: (u64, u64),
    window: u64,
) -> Select<complaint::Entity> {
    use sea_orm::QueryTrait;
    let unsearched = QueueFilter {
        words: Vec::new(),
        ..f.clone()
    };
    let first = ordered(
        matching(backend, scope, &unsearched, WordLookup::Index)
            .select_only()
            .column(complaint::Column::Id),
        order,
    )
    .limit(window)
    .into_query();
    queue_query(backend, scope, f, order, Some(page), WordLookup::Reading)
        .filter(Expr::col((complaint::Entity, complaint::Column::Id)).in_subquery(first))
}

/// [`queue`]'s query (public for its plan to be checked).
pub fn queue_query(
    backend: DbBackend,
    scope: &Scope,
    f: &QueueFilter,
    order: QueueOrder,
    page: Option<(u64, u64)>,
    lookup: WordLookup,
) -> Select<complaint::Entity> {
    use complaint::Column as C;
    let q = matching(backend, scope, f, lookup).select_only().columns([
        C::Id,
        C::TrackingCode,
        C::UnitId,
        C::Category,
        C::Mode,
        C::Status,
        C::CreatedAt,
        C::AssignedUnitId,
        C::DueDate,
        C::AwaitingSince,
        C::ReporterNews,
        C::HandlerUserId,
        C::What,
        C::ReportErasedAt,
    ]);
    let q = ordered(q, order);
    match page {
        Some((offset, limit)) => q.offset(offset).limit(limit),
        None => q,
    }
}

/// The query sorted in the queue's `order`.
fn ordered(q: Select<complaint::Entity>, order: QueueOrder) -> Select<complaint::Entity> {
    use complaint::Column as C;
    match order {
        // `due_date IS NULL` first puts the cases without a deadline last on both
        // databases (SQLite sorts nulls first, PostgreSQL last).
        QueueOrder::Due => q
            .order_by(Expr::col(C::DueDate).is_null(), Order::Asc)
            .order_by_asc(C::DueDate)
            .order_by_asc(C::CreatedAt)
            .order_by_asc(C::Id),
        QueueOrder::Received => q.order_by_asc(C::CreatedAt).order_by_asc(C::Id),
        QueueOrder::Newest => q.order_by_desc(C::CreatedAt).order_by_desc(C::Id),
    }
}

/// The most matches of a search that are counted: past it the counts are lower bounds (a
/// word in one report of eight would otherwise have every match read, 25,000 of them in a
/// province, to count them and again to sort them).
pub const SEARCH_COUNT_CAP: usize = 1000;

/// The complaints per status matching a filter.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QueueCounts {
    pub by_status: BTreeMap<String, usize>,
    /// False when a search matched more than [`SEARCH_COUNT_CAP`] reports: then only the
    /// first `SEARCH_COUNT_CAP + 1` found were counted, and each count is a lower bound.
    pub exact: bool,
}

impl WordLookup {
    /// How a page looks its search's words up, given whether its matches were counted to the
    /// end: the index's matches all at once when there are few, each report in the queue's
    /// order when there are many.
    pub fn for_count(exact: bool) -> Self {
        if exact {
            WordLookup::Index
        } else {
            WordLookup::EachReport
        }
    }
}

impl QueueCounts {
    /// How a page of these matches looks its search's words up ([`WordLookup::for_count`]).
    pub fn lookup(&self) -> WordLookup {
        WordLookup::for_count(self.exact)
    }
}

/// How many complaints in scope match the filter, per status (`f.status` is ignored). With
/// no filter but units and a category, from the kept tallies (a sum over a few rows per unit, whatever the
/// number of reports); with a search, at most [`SEARCH_COUNT_CAP`] + 1 matches are read;
/// otherwise counted.
pub async fn queue_counts(
    db: &impl ConnectionTrait,
    scope: &Scope,
    f: &QueueFilter,
) -> Result<QueueCounts, DbErr> {
    let f = QueueFilter {
        status: None,
        ..f.clone()
    };
    let backend = db.get_database_backend();
    let rows: Vec<(String, i64)> = if kept_counts_serve(&f) {
        kept_counts(db, scope, f.unit_ids.as_deref(), f.category.as_deref()).await?
    } else if !f.words.is_empty() {
        let found = searched_statuses(db, scope, &f).await?;
        let exact = found.len() <= SEARCH_COUNT_CAP;
        let mut by_status = BTreeMap::new();
        for s in found {
            *by_status.entry(s).or_insert(0) += 1;
        }
        return Ok(QueueCounts { by_status, exact });
    } else {
        matching(backend, scope, &f, WordLookup::Index)
            .select_only()
            .column(complaint::Column::Status)
            .column_as(Expr::cust("COUNT(*)"), "n")
            .group_by(complaint::Column::Status)
            .into_tuple()
            .all(db)
            .await?
    };
    Ok(QueueCounts {
        by_status: rows
            .into_iter()
            .filter(|(_, n)| *n > 0)
            .map(|(s, n)| (s, usize::try_from(n).unwrap_or(0)))
            .collect(),
        exact: true,
    })
}

/// How many cases match a search with all of `f` (its status too), counted to
/// [`SEARCH_COUNT_CAP`] + 1: the count, and whether it is exact (at most the cap).
pub async fn searched_count(
    db: &impl ConnectionTrait,
    scope: &Scope,
    f: &QueueFilter,
) -> Result<(usize, bool), DbErr> {
    let n = searched_statuses(db, scope, f).await?.len();
    Ok((n, n <= SEARCH_COUNT_CAP))
}

/// The statuses of the first [`SEARCH_COUNT_CAP`] + 1 matches of a search, in no order.
async fn searched_statuses(
    db: &impl ConnectionTrait,
    scope: &Scope,
    f: &QueueFilter,
) -> Result<Vec<String>, DbErr> {
    search_count_query(db.get_database_backend(), scope, f)
        .into_tuple()
        .all(db)
        .await
}

/// The query of the statuses of a search's first [`SEARCH_COUNT_CAP`] + 1 matches (public for
/// its plan to be checked). On SQLite the plain words' matches are read from the trigram
/// table as it finds them (a join, which stops at the cap, where `IN` would read them all
/// first) and the other words checked on each; on PostgreSQL the planner reads the trigram
/// index or the table.
pub fn search_count_query(
    backend: DbBackend,
    scope: &Scope,
    f: &QueueFilter,
) -> Select<complaint::Entity> {
    use sea_orm::QueryTrait;
    use sea_orm::sea_query::{Alias, JoinType};
    let (plain, rest): (Vec<String>, Vec<String>) =
        f.words.iter().cloned().partition(|w| plain_word(w));
    let q = if backend == DbBackend::Sqlite && !plain.is_empty() {
        let others = QueueFilter {
            words: rest,
            ..f.clone()
        };
        let mut q = matching(backend, scope, &others, WordLookup::EachReport);
        QueryTrait::query(&mut q).join(
            JoinType::InnerJoin,
            Alias::new("complaint_search"),
            Expr::cust("complaint_search.rowid = \"complaints\".\"id\""),
        );
        q.filter(Expr::cust_with_values(
            "complaint_search MATCH ?",
            [fts_phrases(plain.iter().map(String::as_str))],
        ))
    } else {
        matching(backend, scope, f, WordLookup::Index)
    };
    q.select_only()
        .column(complaint::Column::Status)
        .limit(SEARCH_COUNT_CAP as u64 + 1)
}

/// Whether the kept tallies answer the counts: they are kept per unit, unit dispositioned to
/// and status, and again per category.
fn kept_counts_serve(f: &QueueFilter) -> bool {
    let QueueFilter {
        status: _,
        unit_ids: _,
        category: _,
        mode,
        overdue_on,
        code,
        words,
        handler,
    } = f;
    mode.is_none()
        && overdue_on.is_none()
        && code.is_none()
        && words.is_empty()
        && handler.is_none()
}

/// The complaints per status in scope, among `unit_ids` (all for none) and of `category`
/// (all for none), from `complaint_tallies` or, for a category, `complaint_category_tallies`
/// (both kept by the database's triggers with every change of a complaint).
pub async fn kept_counts(
    db: &impl ConnectionTrait,
    scope: &Scope,
    unit_ids: Option<&[i32]>,
    category: Option<&str>,
) -> Result<Vec<(String, i64)>, DbErr> {
    use sea_orm::sea_query::{Alias, Query};
    let col = |name: &str| Expr::col(Alias::new(name));
    let mut q = Query::select();
    q.column(Alias::new("status"))
        .expr_as(Expr::cust("CAST(SUM(n) AS BIGINT)"), Alias::new("n"))
        .group_by_col(Alias::new("status"));
    match category {
        Some(c) => {
            q.from(Alias::new("complaint_category_tallies"))
                .and_where(col("category").eq(c));
        }
        None => {
            q.from(Alias::new("complaint_tallies"));
        }
    }
    match scope {
        Scope::All => {}
        Scope::Units(ids) => {
            q.and_where(col("unit_id").is_in(ids.clone()));
        }
        Scope::Assigned(ids) => {
            q.and_where(col("assigned_unit_id").is_in(ids.clone()));
        }
    }
    if let Some(ids) = unit_ids {
        q.and_where(col("unit_id").is_in(ids.to_vec()));
    }
    db.query_all(&q)
        .await?
        .into_iter()
        .map(|r| {
            Ok((
                r.try_get::<String>("", "status")?,
                r.try_get::<i64>("", "n")?,
            ))
        })
        .collect()
}

/// A complaint's history, oldest first, with the names (from `names`) of the staff who acted.
pub async fn history(
    db: &impl ConnectionTrait,
    complaint_id: i64,
    names: &HashMap<i32, String>,
) -> Result<Vec<(complaint_event::Model, Option<String>)>, DbErr> {
    let events = complaint_event::Entity::find()
        .filter(complaint_event::Column::ComplaintId.eq(complaint_id))
        .order_by_asc(complaint_event::Column::At)
        .order_by_asc(complaint_event::Column::Id)
        .all(db)
        .await?;
    Ok(events
        .into_iter()
        .map(|e| {
            let n = e.actor_user_id.and_then(|id| names.get(&id).cloned());
            (e, n)
        })
        .collect())
}

/// Sets the inspector handling case `complaint_id` (none: nobody) if it is still `was`;
/// whether it was (a compare-and-set: two instances or transactions that read the same
/// handler cannot both change it).
pub async fn set_handler(
    db: &impl ConnectionTrait,
    complaint_id: i64,
    was: Option<i32>,
    handler: Option<i32>,
) -> Result<bool, DbErr> {
    let current = match was {
        Some(id) => complaint::Column::HandlerUserId.eq(id),
        None => complaint::Column::HandlerUserId.is_null(),
    };
    let r = complaint::Entity::update_many()
        .col_expr(complaint::Column::HandlerUserId, Expr::value(handler))
        .filter(complaint::Column::Id.eq(complaint_id))
        .filter(current)
        .exec(db)
        .await?;
    Ok(r.rows_affected == 1)
}

/// A case's internal notes, oldest first.
pub async fn notes_of(
    db: &impl ConnectionTrait,
    complaint_id: i64,
) -> Result<Vec<case_note::Model>, DbErr> {
    case_note::Entity::find()
        .filter(case_note::Column::ComplaintId.eq(complaint_id))
        .order_by_asc(case_note::Column::At)
        .order_by_asc(case_note::Column::Id)
        .all(db)
        .await
}

/// Adds an internal note; returns its id.
pub async fn add_note(
    db: &impl ConnectionTrait,
    complaint_id: i64,
    author: i32,
    at: DateTime<Utc>,
    text: &str,
) -> Result<i64, DbErr> {
    use sea_orm::ActiveValue::{NotSet, Set};
    Ok(case_note::Entity::insert(case_note::ActiveModel {
        id: NotSet,
        complaint_id: Set(complaint_id),
        author_user_id: Set(Some(author)),
        at: Set(at),
        text: Set(text.to_string()),
    })
    .exec(db)
    .await?
    .last_insert_id)
}

/// A candidate duplicate: an open case of the same unit and category.
#[derive(Clone, Debug, PartialEq, Eq, FromQueryResult)]
pub struct Candidate {
    pub id: i64,
    pub tracking_code: String,
    pub status: String,
    pub created_at: DateTime<Utc>,
    pub what: String,
}

/// The open cases of `unit_id` and `category` received since `since` (not finished, and not
/// resolved: those wait for the reporter's "Sudah selesai?"), except `except`, whose words
/// are not erased: the cases a new report may repeat.
pub async fn open_alike(
    db: &impl ConnectionTrait,
    unit_id: i32,
    category: &str,
    since: DateTime<Utc>,
    except: i64,
) -> Result<Vec<Candidate>, DbErr> {
    use complaint::Column as C;
    complaint::Entity::find()
        .select_only()
        .columns([C::Id, C::TrackingCode, C::Status, C::CreatedAt, C::What])
        .filter(C::UnitId.eq(unit_id))
        .filter(C::Category.eq(category))
        .filter(C::CreatedAt.gte(since))
        .filter(C::Id.ne(except))
        .filter(C::Status.is_not_in(finished_codes()))
        .filter(C::Status.ne(Status::Resolved.code()))
        .filter(C::ReportErasedAt.is_null())
        .order_by_desc(C::CreatedAt)
        .limit(500)
        .into_model::<Candidate>()
        .all(db)
        .await
}

/// An earlier report that names someone: its code, status, category, time and "who".
#[derive(Clone, Debug, PartialEq, Eq, FromQueryResult)]
pub struct Named {
    pub id: i64,
    pub tracking_code: String,
    pub status: String,
    pub category: String,
    pub created_at: DateTime<Utc>,
    pub who: Option<String>,
}

/// The reports of `unit_id` received before `before` (except `except`) that name someone
/// and whose words are not erased, newest first, at most 5,000.
pub async fn named_before(
    db: &impl ConnectionTrait,
    unit_id: i32,
    before: DateTime<Utc>,
    except: i64,
) -> Result<Vec<Named>, DbErr> {
    use complaint::Column as C;
    complaint::Entity::find()
        .select_only()
        .columns([
            C::Id,
            C::TrackingCode,
            C::Status,
            C::Category,
            C::CreatedAt,
            C::Who,
        ])
        .filter(C::UnitId.eq(unit_id))
        .filter(C::CreatedAt.lte(before))
        .filter(C::Id.ne(except))
        .filter(C::Who.is_not_null())
        .filter(C::ReportErasedAt.is_null())
        .order_by_desc(C::CreatedAt)
        .limit(5000)
        .into_model::<Named>()
        .all(db)
        .await
}

/// The response templates, by title.
pub async fn templates(
    db: &impl ConnectionTrait,
) -> Result<Vec<crate::entities::response_template::Model>, DbErr> {
    use crate::entities::response_template as t;
    t::Entity::find()
        .order_by_asc(t::Column::Title)
        .all(db)
        .await
}

/// Saves a response template: a new one (`id` none) or an edit; returns its id (none when
/// the one to edit is gone).
pub async fn save_template(
    db: &impl ConnectionTrait,
    id: Option<i32>,
    title: &str,
    body: &str,
    at: DateTime<Utc>,
) -> Result<Option<i32>, DbErr> {
    use crate::entities::response_template as t;
    use sea_orm::ActiveValue::{NotSet, Set};
    match id {
        None => Ok(Some(
            t::Entity::insert(t::ActiveModel {
                id: NotSet,
                title: Set(title.to_string()),
                body: Set(body.to_string()),
                updated_at: Set(at),
            })
            .exec(db)
            .await?
            .last_insert_id,
        )),
        Some(id) => {
            let r = t::Entity::update_many()
                .col_expr(t::Column::Title, Expr::value(title))
                .col_expr(t::Column::Body, Expr::value(body))
                .col_expr(t::Column::UpdatedAt, Expr::value(at))
                .filter(t::Column::Id.eq(id))
                .exec(db)
                .await?;
            Ok((r.rows_affected > 0).then_some(id))
        }
    }
}

/// Deletes a response template; whether there was one.
pub async fn delete_template(db: &impl ConnectionTrait, id: i32) -> Result<bool, DbErr> {
    Ok(crate::entities::response_template::Entity::delete_by_id(id)
        .exec(db)
        .await?
        .rows_affected
        == 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A pattern written into a statement: backslashes doubled, quotes written twice, in an
    /// escape string.
    #[test]
    fn a_pattern_is_written_as_an_escape_string() {
        assert_eq!(pg_literal("%parkir%"), "E'%parkir%'");
        assert_eq!(pg_literal("%o'brien%"), "E'%o''brien%'");
        assert_eq!(pg_literal(r"%c:\\berkas%"), r"E'%c:\\\\berkas%'");
        assert_eq!(pg_literal("'; DROP TABLE x; --"), "E'''; DROP TABLE x; --'");
    }

    /// The first look reads each report's words with `LIKE`, which folds the case of ASCII
    /// letters only on SQLite: words beyond ASCII, and windows past the most, go to the index;
    /// on PostgreSQL the first look is not tried.
    #[test]
    fn the_first_look_is_tried_for_ascii_words_and_windows_up_to_the_most() {
        let of = |words: &[&str]| QueueFilter {
            words: words.iter().map(|w| w.to_string()).collect(),
            ..Default::default()
        };
        let sqlite = DbBackend::Sqlite;
        assert_eq!(
            reading_window(sqlite, &of(&["parkir", "12"]), 816),
            Some(816)
        );
        assert_eq!(reading_window(sqlite, &of(&["parkir", "émas"]), 816), None);
        assert_eq!(
            reading_window(sqlite, &of(&["parkir"]), READING_WINDOW_MAX),
            Some(20_000)
        );
        assert_eq!(
            reading_window(sqlite, &of(&["parkir"]), READING_WINDOW_MAX + 1),
            None
        );
        // PostgreSQL's planner reads the order itself.
        assert_eq!(
            reading_window(DbBackend::Postgres, &of(&["parkir"]), 816),
            None
        );
    }
}
