//! Talking with the reporter: the Argon2 hash of each report's reply key (the secret that
//! lets its reporter write), the day a question to the reporter started waiting, the flag
//! of unread news from the reporter, the per-case count of wrong keys; each history entry's
//! conversation text; and the entry an evidence file came with.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Complaints {
    Table,
    /// PHC string of the reply key; null for reports filed before keys existed.
    ReplyKeyHash,
    /// WIB day a question to the reporter was asked, while it waits for the answer.
    AwaitingSince,
    /// The reporter wrote since staff last acted on the case.
    ReporterNews,
    /// Wrong reply keys in a row (reset by a right one).
    KeyFailures,
    /// After too many wrong keys: no key is tried for this case until then.
    KeyLockedUntil,
}

#[derive(DeriveIden)]
enum ComplaintEvents {
    Table,
    /// Conversation text a reporter wrote (an answer, added information): staff only.
    Message,
}

#[derive(DeriveIden)]
enum ComplaintFiles {
    Table,
    /// The history entry the file came with (null: with the report itself).
    EventId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite alters one column per statement.
        for col in [
            ColumnDef::new(Complaints::ReplyKeyHash)
                .text()
                .null()
                .to_owned(),
            ColumnDef::new(Complaints::AwaitingSince)
                .date()
                .null()
                .to_owned(),
            ColumnDef::new(Complaints::ReporterNews)
                .boolean()
                .not_null()
                .default(false)
                .to_owned(),
            ColumnDef::new(Complaints::KeyFailures)
                .integer()
                .not_null()
                .default(0)
                .to_owned(),
            ColumnDef::new(Complaints::KeyLockedUntil)
                .timestamp_with_time_zone()
                .null()
                .to_owned(),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Complaints::Table)
                        .add_column(col)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(ComplaintEvents::Table)
                    .add_column(ColumnDef::new(ComplaintEvents::Message).text().null())
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(ComplaintFiles::Table)
                    .add_column(ColumnDef::new(ComplaintFiles::EventId).big_integer().null())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(ComplaintFiles::Table)
                    .drop_column(ComplaintFiles::EventId)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(ComplaintEvents::Table)
                    .drop_column(ComplaintEvents::Message)
                    .to_owned(),
            )
            .await?;
        for col in [
            Complaints::KeyLockedUntil,
            Complaints::KeyFailures,
            Complaints::ReporterNews,
            Complaints::AwaitingSince,
            Complaints::ReplyKeyHash,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Complaints::Table)
                        .drop_column(col)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
