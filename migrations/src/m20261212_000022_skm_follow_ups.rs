//! The SKM follow-up plan: each unit's actions on the weakest elements of a period's
//! results, with who answers for them, by when, and their progress (PermenPANRB 14/2017
//! asks each unit to draw up, carry out and publish such a plan).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum SkmFollowUps {
    Table,
    Id,
    UnitId,
    /// The period of the results: `2026`, `2026-S1`, `2026-Q3` or `2026-07`.
    Period,
    Element,
    Action,
    Responsible,
    DueOn,
    /// `planned`, `in_progress` or `done`.
    Status,
    Note,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
    /// The day its unit's officers were mailed that it fell due (once).
    DueMailedOn,
}

#[derive(DeriveIden)]
enum Units {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(SkmFollowUps::Table)
                    .col(
                        ColumnDef::new(SkmFollowUps::Id)
                            .integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(SkmFollowUps::UnitId).integer().not_null())
                    .col(
                        ColumnDef::new(SkmFollowUps::Period)
                            .string_len(8)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(SkmFollowUps::Element)
                            .string_len(3)
                            .not_null(),
                    )
                    .col(ColumnDef::new(SkmFollowUps::Action).text().not_null())
                    .col(
                        ColumnDef::new(SkmFollowUps::Responsible)
                            .string_len(200)
                            .not_null(),
                    )
                    .col(ColumnDef::new(SkmFollowUps::DueOn).date().not_null())
                    .col(
                        ColumnDef::new(SkmFollowUps::Status)
                            .string_len(12)
                            .not_null(),
                    )
                    .col(ColumnDef::new(SkmFollowUps::Note).text().null())
                    .col(ColumnDef::new(SkmFollowUps::CreatedBy).integer().null())
                    .col(
                        ColumnDef::new(SkmFollowUps::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(SkmFollowUps::UpdatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(ColumnDef::new(SkmFollowUps::DueMailedOn).date().null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(SkmFollowUps::Table, SkmFollowUps::UnitId)
                            .to(Units::Table, Units::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_skm_follow_ups_unit_period")
                    .table(SkmFollowUps::Table)
                    .col(SkmFollowUps::UnitId)
                    .col(SkmFollowUps::Period)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_skm_follow_ups_status_due")
                    .table(SkmFollowUps::Table)
                    .col(SkmFollowUps::Status)
                    .col(SkmFollowUps::DueOn)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(SkmFollowUps::Table).to_owned())
            .await
    }
}
