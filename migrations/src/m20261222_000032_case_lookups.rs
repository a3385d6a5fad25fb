//! A case's page reads its audit entries (who opened a rahasia identity, why the words were
//! erased), its files and, on retention, its mails, each by the case: without an index each
//! read went through the whole table. The audit log grows with every step of every case (a
//! province's 200,000 reports leave a million entries), and the case page's time grew with
//! it: 21 ms at 10 % of the benchmark's data, 63 ms at all of it (p95, SQLite). On both
//! backends; a plain `CREATE INDEX` (a rolling deploy holds the tables' writes while it
//! builds: seconds on a million rows, `docs/deploy.md`).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// (index, table, columns).
const INDEXES: [(&str, &str, &str); 3] = [
    (
        "idx_audit_log_complaint",
        "audit_log",
        "complaint_id, action",
    ),
    (
        "idx_complaint_files_complaint",
        "complaint_files",
        "complaint_id",
    ),
    ("idx_outbox_complaint", "outbox", "complaint_id"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for (name, table, columns) in INDEXES {
            db.execute_unprepared(&format!("CREATE INDEX {name} ON {table} ({columns})"))
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for (name, _, _) in INDEXES {
            db.execute_unprepared(&format!("DROP INDEX {name}")).await?;
        }
        Ok(())
    }
}
