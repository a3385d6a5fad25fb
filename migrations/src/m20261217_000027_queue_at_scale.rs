//! The staff queue on a whole province's reports (hundreds of thousands):
//! - `complaint_tallies`: how many complaints each (unit, unit it is dispositioned to, status)
//!   holds, kept by triggers on `complaints` in the same transaction as every insert, change
//!   and delete, so the queue's counts per status are a sum over a few thousand rows instead
//!   of a count over every report;
//! - the report's words indexed for the queue's search (each word anywhere in what, who,
//!   where, when or how): on SQLite an FTS5 table with the trigram tokenizer, kept by
//!   triggers, with `secure-delete` so that words erased by retention leave the index at
//!   once; on PostgreSQL a trigram (pg_trgm) GIN index on [`PG_REPORT_TEXT`], which follows
//!   the row like any index (where pg_trgm cannot be installed the search reads every report,
//!   with a warning);
//! - an index on (category, status, created_at) for the queue filtered by category.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The report's words as one lower-case text, as PostgreSQL's trigram index holds them; the
/// queue's search uses this same expression so that the index serves it.
pub const PG_REPORT_TEXT: &str = "lower(what || ' ' || coalesce(who, '') || ' ' || \
    coalesce(place, '') || ' ' || coalesce(time_text, '') || ' ' || coalesce(how, ''))";

const TALLIES: &str = "CREATE TABLE complaint_tallies (\
    unit_id integer NOT NULL, \
    assigned_unit_id integer NOT NULL, \
    status varchar(32) NOT NULL, \
    n bigint NOT NULL, \
    PRIMARY KEY (unit_id, assigned_unit_id, status))";

/// Every complaint counted once (`assigned_unit_id` 0: not dispositioned).
const FILL_TALLIES: &str = "INSERT INTO complaint_tallies (unit_id, assigned_unit_id, status, n) \
    SELECT unit_id, COALESCE(assigned_unit_id, 0), status, COUNT(*) FROM complaints \
    GROUP BY unit_id, COALESCE(assigned_unit_id, 0), status";

const CATEGORY_INDEX: &str =
    "CREATE INDEX idx_complaints_category ON complaints (category, status, created_at)";

pub(crate) fn add(row: &str) -> String {
    format!(
        "INSERT INTO complaint_tallies (unit_id, assigned_unit_id, status, n) \
         VALUES ({row}.unit_id, COALESCE({row}.assigned_unit_id, 0), {row}.status, 1) \
         ON CONFLICT (unit_id, assigned_unit_id, status) DO UPDATE SET n = complaint_tallies.n + 1"
    )
}

pub(crate) fn take(row: &str) -> String {
    format!(
        "UPDATE complaint_tallies SET n = n - 1 WHERE unit_id = {row}.unit_id \
         AND assigned_unit_id = COALESCE({row}.assigned_unit_id, 0) AND status = {row}.status"
    )
}

/// PostgreSQL: every transaction that changes a tally takes this lock first and holds it to
/// its commit. A status change locks two tally rows (the old and the new), and a
/// disposition changes status and unit in two statements: two transactions moving cases
/// between the same units in opposite directions would otherwise each hold a row the other
/// waits for (a deadlock, one of them failed). Complaints change a few hundred times a day;
/// their writes queue here for a few milliseconds each.
pub(crate) const TALLY_LOCK: i64 = 0x5375_6172_6131;

pub(crate) const CHANGED: &str = "OLD.unit_id IS DISTINCT FROM NEW.unit_id \
    OR OLD.assigned_unit_id IS DISTINCT FROM NEW.assigned_unit_id \
    OR OLD.status IS DISTINCT FROM NEW.status";

fn sqlite_statements() -> Vec<String> {
    let words = "what, who, place, time_text, how";
    let old = "OLD.what, OLD.who, OLD.place, OLD.time_text, OLD.how";
    let new = "NEW.what, NEW.who, NEW.place, NEW.time_text, NEW.how";
    let changed = CHANGED.replace("IS DISTINCT FROM", "IS NOT");
    vec![
        format!(
            "CREATE TRIGGER complaint_tally_insert AFTER INSERT ON complaints BEGIN {}; END",
            add("NEW")
        ),
        format!(
            "CREATE TRIGGER complaint_tally_delete AFTER DELETE ON complaints BEGIN {}; END",
            take("OLD")
        ),
        format!(
            "CREATE TRIGGER complaint_tally_update AFTER UPDATE OF unit_id, assigned_unit_id, status \
             ON complaints WHEN {changed} BEGIN {}; {}; END",
            take("OLD"),
            add("NEW")
        ),
        format!(
            "CREATE VIRTUAL TABLE complaint_search USING fts5({words}, content='complaints', \
             content_rowid='id', tokenize='trigram')"
        ),
        "INSERT INTO complaint_search (complaint_search, rank) VALUES ('secure-delete', 1)".into(),
        "INSERT INTO complaint_search (complaint_search) VALUES ('rebuild')".into(),
        format!(
            "CREATE TRIGGER complaint_search_insert AFTER INSERT ON complaints BEGIN \
             INSERT INTO complaint_search (rowid, {words}) VALUES (NEW.id, {new}); END"
        ),
        format!(
            "CREATE TRIGGER complaint_search_delete AFTER DELETE ON complaints BEGIN \
             INSERT INTO complaint_search (complaint_search, rowid, {words}) \
             VALUES ('delete', OLD.id, {old}); END"
        ),
        format!(
            "CREATE TRIGGER complaint_search_update AFTER UPDATE OF {words} ON complaints BEGIN \
             INSERT INTO complaint_search (complaint_search, rowid, {words}) \
             VALUES ('delete', OLD.id, {old}); \
             INSERT INTO complaint_search (rowid, {words}) VALUES (NEW.id, {new}); END"
        ),
    ]
}

fn postgres_statements() -> Vec<String> {
    vec![
        format!(
            "CREATE FUNCTION complaint_tally() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
             PERFORM pg_advisory_xact_lock({TALLY_LOCK}); \
             IF TG_OP = 'INSERT' THEN {add}; \
             ELSIF TG_OP = 'DELETE' THEN {take}; \
             ELSIF {CHANGED} THEN {take}; {add}; \
             END IF; RETURN NULL; END $$",
            add = add("NEW"),
            take = take("OLD"),
        ),
        "CREATE TRIGGER complaint_tally AFTER INSERT OR DELETE OR UPDATE OF unit_id, \
         assigned_unit_id, status ON complaints FOR EACH ROW EXECUTE FUNCTION complaint_tally()"
            .into(),
        // pg_trgm ships with PostgreSQL (contrib) and is a trusted extension: the database's
        // owner may create it. Where it cannot be, the search still works, by reading.
        "DO $$ BEGIN CREATE EXTENSION IF NOT EXISTS pg_trgm; \
         EXCEPTION WHEN OTHERS THEN \
           RAISE WARNING 'pg_trgm is not available (%): the queue search reads every report', SQLERRM; \
         END $$"
            .into(),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared(TALLIES).await?;
        db.execute_unprepared(FILL_TALLIES).await?;
        db.execute_unprepared(CATEGORY_INDEX).await?;
        let statements = match manager.get_database_backend() {
            DbBackend::Postgres => postgres_statements(),
            _ => sqlite_statements(),
        };
        for sql in statements {
            db.execute_unprepared(&sql).await?;
        }
        if manager.get_database_backend() == DbBackend::Postgres {
            let trgm = db
                .query_one_raw(sea_orm_migration::sea_orm::Statement::from_string(
                    DbBackend::Postgres,
                    "SELECT 1 AS one FROM pg_extension WHERE extname = 'pg_trgm'",
                ))
                .await?;
            if trgm.is_some() {
                db.execute_unprepared(&format!(
                    "CREATE INDEX idx_complaints_words ON complaints \
                     USING gin (({PG_REPORT_TEXT}) gin_trgm_ops)"
                ))
                .await?;
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let statements: &[&str] = match manager.get_database_backend() {
            DbBackend::Postgres => &[
                "DROP INDEX IF EXISTS idx_complaints_words",
                "DROP TRIGGER complaint_tally ON complaints",
                "DROP FUNCTION complaint_tally()",
            ],
            _ => &[
                "DROP TRIGGER complaint_search_update",
                "DROP TRIGGER complaint_search_delete",
                "DROP TRIGGER complaint_search_insert",
                "DROP TABLE complaint_search",
                "DROP TRIGGER complaint_tally_update",
                "DROP TRIGGER complaint_tally_delete",
                "DROP TRIGGER complaint_tally_insert",
            ],
        };
        for sql in statements {
            db.execute_unprepared(sql).await?;
        }
        db.execute_unprepared("DROP INDEX idx_complaints_category")
            .await?;
        db.execute_unprepared("DROP TABLE complaint_tallies")
            .await?;
        Ok(())
    }
}
