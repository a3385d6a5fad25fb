//! The queue filtered by a conduct category counts its cases per status from tallies too:
//! `complaint_category_tallies` holds how many complaints each (category, unit, unit it is
//! dispositioned to, status) holds, kept by triggers in the same transaction as every insert,
//! change and delete of a complaint, like `complaint_tallies` (migration 27). Counting the
//! rows instead read a category's every report: 22,000 of them for `pungli` in a province,
//! 15 ms on PostgreSQL per page. A table of its own rather than a column more in
//! `complaint_tallies`: the unfiltered queue sums that table, which would grow by the number
//! of categories.
//!
//! Expands only (a table, triggers, and on PostgreSQL the tally function replaced by one
//! that keeps both tables): a binary of the release before reads nothing of it. The
//! triggers are created before the table is filled, in the migration's one transaction on
//! both backends, so no complaint written meanwhile is missed or counted twice.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLE: &str = "CREATE TABLE complaint_category_tallies (\
    category varchar(32) NOT NULL, \
    unit_id integer NOT NULL, \
    assigned_unit_id integer NOT NULL, \
    status varchar(32) NOT NULL, \
    n bigint NOT NULL, \
    PRIMARY KEY (category, unit_id, assigned_unit_id, status))";

/// Every complaint counted once (`assigned_unit_id` 0: not dispositioned).
const FILL: &str = "INSERT INTO complaint_category_tallies \
    (category, unit_id, assigned_unit_id, status, n) \
    SELECT category, unit_id, COALESCE(assigned_unit_id, 0), status, COUNT(*) FROM complaints \
    GROUP BY category, unit_id, COALESCE(assigned_unit_id, 0), status";

fn add(row: &str) -> String {
    format!(
        "INSERT INTO complaint_category_tallies (category, unit_id, assigned_unit_id, status, n) \
         VALUES ({row}.category, {row}.unit_id, COALESCE({row}.assigned_unit_id, 0), \
         {row}.status, 1) \
         ON CONFLICT (category, unit_id, assigned_unit_id, status) \
         DO UPDATE SET n = complaint_category_tallies.n + 1"
    )
}

fn take(row: &str) -> String {
    format!(
        "UPDATE complaint_category_tallies SET n = n - 1 WHERE category = {row}.category \
         AND unit_id = {row}.unit_id AND assigned_unit_id = COALESCE({row}.assigned_unit_id, 0) \
         AND status = {row}.status"
    )
}

/// The tally function: migration 27's (`complaint_tallies` only) or, `with_category`, the
/// same keeping `complaint_category_tallies` beside it; and its trigger.
fn pg_tally(with_category: bool) -> [String; 2] {
    use super::m20261217_000027_queue_at_scale as before;
    let (unit_add, unit_take, changed, lock) = (
        before::add("NEW"),
        before::take("OLD"),
        before::CHANGED,
        before::TALLY_LOCK,
    );
    let (category_add, category_take, category_changed, columns) = if with_category {
        (
            format!("{}; ", add("NEW")),
            format!("{}; ", take("OLD")),
            " OR OLD.category IS DISTINCT FROM NEW.category",
            "status, category",
        )
    } else {
        (String::new(), String::new(), "", "status")
    };
    [
        format!(
            "CREATE OR REPLACE FUNCTION complaint_tally() RETURNS trigger LANGUAGE plpgsql AS $$ \
             BEGIN PERFORM pg_advisory_xact_lock({lock}); \
             IF TG_OP = 'INSERT' THEN {unit_add}; {category_add}\
             ELSIF TG_OP = 'DELETE' THEN {unit_take}; {category_take}\
             ELSIF {changed}{category_changed} THEN {unit_take}; {unit_add}; \
             {category_take}{category_add}\
             END IF; RETURN NULL; END $$"
        ),
        format!(
            "CREATE TRIGGER complaint_tally AFTER INSERT OR DELETE OR UPDATE OF unit_id, \
             assigned_unit_id, {columns} ON complaints \
             FOR EACH ROW EXECUTE FUNCTION complaint_tally()"
        ),
    ]
}

fn sqlite_triggers() -> [String; 3] {
    [
        format!(
            "CREATE TRIGGER complaint_category_tally_insert AFTER INSERT ON complaints \
             BEGIN {}; END",
            add("NEW")
        ),
        format!(
            "CREATE TRIGGER complaint_category_tally_delete AFTER DELETE ON complaints \
             BEGIN {}; END",
            take("OLD")
        ),
        format!(
            "CREATE TRIGGER complaint_category_tally_update AFTER UPDATE OF unit_id, \
             assigned_unit_id, status, category ON complaints \
             WHEN OLD.unit_id IS NOT NEW.unit_id \
             OR OLD.assigned_unit_id IS NOT NEW.assigned_unit_id \
             OR OLD.status IS NOT NEW.status OR OLD.category IS NOT NEW.category \
             BEGIN {}; {}; END",
            take("OLD"),
            add("NEW")
        ),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    /// In one transaction on SQLite too (sea-orm wraps only PostgreSQL's by default): a
    /// complaint written between the triggers' creation and the fill (by the previous
    /// release's instance, still serving) would otherwise fail the fill on a key the
    /// trigger had just counted, and leave the table without the migration's record.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared(TABLE).await?;
        match manager.get_database_backend() {
            DbBackend::Postgres => {
                let [function, trigger] = pg_tally(true);
                db.execute_unprepared(&function).await?;
                db.execute_unprepared("DROP TRIGGER complaint_tally ON complaints")
                    .await?;
                db.execute_unprepared(&trigger).await?;
            }
            _ => {
                for sql in sqlite_triggers() {
                    db.execute_unprepared(&sql).await?;
                }
            }
        }
        db.execute_unprepared(FILL).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DbBackend::Postgres => {
                let [function, trigger] = pg_tally(false);
                db.execute_unprepared("DROP TRIGGER complaint_tally ON complaints")
                    .await?;
                db.execute_unprepared(&function).await?;
                db.execute_unprepared(&trigger).await?;
            }
            _ => {
                for name in ["insert", "delete", "update"] {
                    db.execute_unprepared(&format!("DROP TRIGGER complaint_category_tally_{name}"))
                        .await?;
                }
            }
        }
        db.execute_unprepared("DROP TABLE complaint_category_tallies")
            .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The replaced function keeps migration 27's steps and adds the category's to each
    /// branch.
    #[test]
    fn the_function_keeps_both_tables_in_each_branch() {
        let [before, before_trigger] = pg_tally(false);
        let [both, trigger] = pg_tally(true);
        assert!(!before.contains("complaint_category_tallies"));
        // Its insert (two mentions) in two branches, its take (one) in two.
        assert_eq!(both.matches("complaint_category_tallies").count(), 6);
        for f in [&before, &both] {
            assert_eq!(f.matches("INSERT INTO complaint_tallies").count(), 2);
            assert_eq!(f.matches("UPDATE complaint_tallies").count(), 2);
        }
        assert!(both.contains("OLD.category IS DISTINCT FROM NEW.category"));
        assert!(trigger.contains("status, category ON complaints"));
        assert!(before_trigger.contains("status ON complaints"));
    }
}
