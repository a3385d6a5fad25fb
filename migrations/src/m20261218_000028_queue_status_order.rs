//! The queue of one status in its order (the nearest deadline first, then the oldest): on a
//! province's reports most are closed, so reading the order's index and skipping the other
//! statuses reads tens of thousands of rows for a page of 50; this index reads the page.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Matches the queue's `WHERE status = ? ORDER BY ...` (see `idx_complaints_queue_order`).
const CREATE: &str = "CREATE INDEX idx_complaints_status_order \
    ON complaints (status, (due_date IS NULL), due_date, created_at, id)";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.get_connection().execute_unprepared(CREATE).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared("DROP INDEX idx_complaints_status_order")
            .await?;
        Ok(())
    }
}
