//! Triage: each complaint's case class, the unit it is dispositioned to, its current
//! deadline and overall limit; the holiday table of the working-day calendar; and the
//! append-only audit log, each entry chained to the previous one by a hash; and the daily
//! job claims.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Complaints {
    Table,
    Class,
    AssignedUnitId,
    DueDate,
    ResolveDue,
    DuplicateOf,
}

#[derive(DeriveIden)]
enum Holidays {
    Table,
    Day,
    Name,
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    At,
    ActorUserId,
    ActorKind,
    Action,
    ComplaintId,
    Detail,
    PrevHash,
    Hash,
}

#[derive(DeriveIden)]
enum JobRuns {
    Table,
    Name,
    Day,
    At,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite alters one column per statement.
        for col in [
            ColumnDef::new(Complaints::Class)
                .string_len(10)
                .null()
                .to_owned(),
            ColumnDef::new(Complaints::AssignedUnitId)
                .integer()
                .null()
                .to_owned(),
            ColumnDef::new(Complaints::DueDate).date().null().to_owned(),
            ColumnDef::new(Complaints::ResolveDue)
                .date()
                .null()
                .to_owned(),
            ColumnDef::new(Complaints::DuplicateOf)
                .string_len(16)
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
            .create_index(
                Index::create()
                    .name("idx_complaints_due")
                    .table(Complaints::Table)
                    .col(Complaints::DueDate)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Holidays::Table)
                    .col(
                        ColumnDef::new(Holidays::Day)
                            .date()
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(Holidays::Name).string_len(200).not_null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AuditLog::Table)
                    .col(
                        ColumnDef::new(AuditLog::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(AuditLog::At)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(ColumnDef::new(AuditLog::ActorUserId).integer().null())
                    .col(
                        ColumnDef::new(AuditLog::ActorKind)
                            .string_len(10)
                            .not_null(),
                    )
                    .col(ColumnDef::new(AuditLog::Action).string_len(40).not_null())
                    .col(ColumnDef::new(AuditLog::ComplaintId).big_integer().null())
                    .col(ColumnDef::new(AuditLog::Detail).text().not_null())
                    .col(ColumnDef::new(AuditLog::PrevHash).string_len(64).not_null())
                    .col(ColumnDef::new(AuditLog::Hash).string_len(64).not_null())
                    .to_owned(),
            )
            .await?;
        // Daily jobs claim their day here, so only one instance runs each.
        manager
            .create_table(
                Table::create()
                    .table(JobRuns::Table)
                    .col(ColumnDef::new(JobRuns::Name).string_len(40).not_null())
                    .col(ColumnDef::new(JobRuns::Day).date().not_null())
                    .col(
                        ColumnDef::new(JobRuns::At)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .primary_key(Index::create().col(JobRuns::Name).col(JobRuns::Day))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(AuditLog::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Holidays::Table).to_owned())
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("idx_complaints_due")
                    .table(Complaints::Table)
                    .to_owned(),
            )
            .await?;
        for col in [
            Complaints::DuplicateOf,
            Complaints::ResolveDue,
            Complaints::DueDate,
            Complaints::AssignedUnitId,
            Complaints::Class,
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
