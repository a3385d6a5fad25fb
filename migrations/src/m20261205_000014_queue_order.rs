//! The staff queue's order as an index: the nearest deadline first, cases without one last,
//! then the oldest. The queue reads its page of 50 off this index instead of sorting every
//! case in scope on each read.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The expression matches the queue's `ORDER BY` exactly, so both databases use the index
/// for it (`due_date IS NULL` puts the cases without a deadline last on both).
const CREATE: &str = "CREATE INDEX idx_complaints_queue_order \
    ON complaints ((due_date IS NULL), due_date, created_at, id)";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.get_connection().execute_unprepared(CREATE).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared("DROP INDEX idx_complaints_queue_order")
            .await?;
        Ok(())
    }
}
