//! Training programs for civil servants: what they target, which units' staff took part and
//! when, so that their effect on satisfaction can be estimated.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum TrainingPrograms {
    Table,
    Id,
    Name,
    Topic,
    /// Comma-separated element codes (`U7` or `U2,U3`).
    TargetElements,
    Participants,
    StartDate,
    EndDate,
    CreatedAt,
}

#[derive(DeriveIden)]
enum TrainingUnits {
    Table,
    ProgramId,
    UnitId,
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
                    .table(TrainingPrograms::Table)
                    .col(
                        ColumnDef::new(TrainingPrograms::Id)
                            .integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(TrainingPrograms::Name)
                            .string_len(200)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(TrainingPrograms::Topic)
                            .string_len(200)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(TrainingPrograms::TargetElements)
                            .string_len(40)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(TrainingPrograms::Participants)
                            .integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(TrainingPrograms::StartDate)
                            .date()
                            .not_null(),
                    )
                    .col(ColumnDef::new(TrainingPrograms::EndDate).date().not_null())
                    .col(
                        ColumnDef::new(TrainingPrograms::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(TrainingUnits::Table)
                    .col(
                        ColumnDef::new(TrainingUnits::ProgramId)
                            .integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(TrainingUnits::UnitId).integer().not_null())
                    .primary_key(
                        Index::create()
                            .col(TrainingUnits::ProgramId)
                            .col(TrainingUnits::UnitId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(TrainingUnits::Table, TrainingUnits::ProgramId)
                            .to(TrainingPrograms::Table, TrainingPrograms::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(TrainingUnits::Table, TrainingUnits::UnitId)
                            .to(Units::Table, Units::Id),
                    )
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(TrainingUnits::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(TrainingPrograms::Table).to_owned())
            .await
    }
}
