//! The queue's search finds a report by the start of its tracking code (`tracking_code LIKE
//! 'ABC%'`). PostgreSQL uses a plain b-tree for such a prefix only under the C collation;
//! under any other it read every report (130 ms on a province's 200,000). An index with
//! `text_pattern_ops` serves the prefix under every collation. On SQLite the code's own unique
//! index serves the prefix read as a range (`tracking_code >= 'ABC' AND < 'ABD'`; `GLOB ?`
//! with a bound pattern read every code): nothing to add there.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == DbBackend::Postgres {
            manager
                .get_connection()
                .execute_unprepared(
                    "CREATE INDEX idx_complaints_code_prefix \
                     ON complaints (tracking_code text_pattern_ops)",
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == DbBackend::Postgres {
            manager
                .get_connection()
                .execute_unprepared("DROP INDEX idx_complaints_code_prefix")
                .await?;
        }
        Ok(())
    }
}
