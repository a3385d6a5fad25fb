//! When the complaint's own words (what, who, where, when, how) were erased after their
//! retention period (unit, category, dates and statuses stay for the statistics), and which
//! case a mail to a reporter is about, so that erasing the reporter's identity erases the
//! mail addressed to them too.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Complaints {
    Table,
    /// When the report's free text was erased (replaced by a fixed sentence).
    ReportErasedAt,
}

#[derive(DeriveIden)]
enum Outbox {
    Table,
    /// The case whose reporter the mail is addressed to; null for mail to staff.
    ComplaintId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Complaints::Table)
                    .add_column(
                        ColumnDef::new(Complaints::ReportErasedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Outbox::Table)
                    .add_column(ColumnDef::new(Outbox::ComplaintId).big_integer().null())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Outbox::Table)
                    .drop_column(Outbox::ComplaintId)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Complaints::Table)
                    .drop_column(Complaints::ReportErasedAt)
                    .to_owned(),
            )
            .await
    }
}
