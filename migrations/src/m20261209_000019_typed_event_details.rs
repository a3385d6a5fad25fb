//! Typed details on the history entries of a complaint. Until now an answer's paused working
//! days and a reporter's answer to "Sudah selesai?" were written as text into the free-text
//! `reason` column (`paused:3`, `feedback:yes:4`, `feedback:no:-`) and parsed back. They get
//! columns of their own: `paused_days`, `feedback_resolved` and `feedback_rating`. Existing
//! rows are translated on both backends and their `reason` cleared; going down writes the
//! text back.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ComplaintEvents {
    Table,
    PausedDays,
    FeedbackResolved,
    FeedbackRating,
}

/// Old answer notes into `paused_days` (the notes were always `paused:` and a number).
const UP_ANSWERS: &str = "UPDATE complaint_events \
    SET paused_days = CAST(substr(reason, 8) AS INTEGER), reason = NULL \
    WHERE kind = 'answer' AND reason LIKE 'paused:%'";

/// Old feedback notes (`feedback:yes:4`, `feedback:no:-`) into the answer and the rating
/// (one digit, 1 to 4, or `-` for none).
const UP_FEEDBACK: &str = "UPDATE complaint_events \
    SET feedback_resolved = (reason LIKE 'feedback:yes:%'), \
        feedback_rating = CASE WHEN reason LIKE '%:-' THEN NULL \
            ELSE CAST(substr(reason, length(reason), 1) AS SMALLINT) END, \
        reason = NULL \
    WHERE kind = 'feedback' AND reason LIKE 'feedback:%'";

const DOWN_ANSWERS: &str = "UPDATE complaint_events \
    SET reason = 'paused:' || CAST(paused_days AS TEXT) \
    WHERE kind = 'answer' AND paused_days IS NOT NULL";

const DOWN_FEEDBACK: &str = "UPDATE complaint_events \
    SET reason = 'feedback:' || CASE WHEN feedback_resolved THEN 'yes' ELSE 'no' END \
        || ':' || COALESCE(CAST(feedback_rating AS TEXT), '-') \
    WHERE kind = 'feedback' AND feedback_resolved IS NOT NULL";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let columns = [
            ColumnDef::new(ComplaintEvents::PausedDays)
                .integer()
                .null()
                .to_owned(),
            ColumnDef::new(ComplaintEvents::FeedbackResolved)
                .boolean()
                .null()
                .to_owned(),
            ColumnDef::new(ComplaintEvents::FeedbackRating)
                .small_integer()
                .null()
                .to_owned(),
        ];
        // One column per statement: SQLite alters a table one column at a time.
        for column in columns {
            manager
                .alter_table(
                    Table::alter()
                        .table(ComplaintEvents::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        let db = manager.get_connection();
        db.execute_unprepared(UP_ANSWERS).await?;
        db.execute_unprepared(UP_FEEDBACK).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared(DOWN_ANSWERS).await?;
        db.execute_unprepared(DOWN_FEEDBACK).await?;
        for column in [
            ComplaintEvents::PausedDays,
            ComplaintEvents::FeedbackResolved,
            ComplaintEvents::FeedbackRating,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(ComplaintEvents::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
