//! The comparison units of a training program, fixed when it is registered: the units then
//! outside its offices and outside every program registered before it. Its verdict can then
//! not be moved by a program registered afterwards (one that "trains" an inconvenient
//! comparison unit), nor by units added later. `comparison_fixed` says that a program's set was
//! fixed (it may be empty); programs registered before this migration keep the earlier rule
//! (reported as such).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum TrainingComparisonUnits {
    Table,
    ProgramId,
    UnitId,
}

#[derive(DeriveIden)]
enum TrainingPrograms {
    Table,
    Id,
    ComparisonFixed,
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
                    .table(TrainingComparisonUnits::Table)
                    .col(
                        ColumnDef::new(TrainingComparisonUnits::ProgramId)
                            .integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(TrainingComparisonUnits::UnitId)
                            .integer()
                            .not_null(),
                    )
                    .primary_key(
                        Index::create()
                            .col(TrainingComparisonUnits::ProgramId)
                            .col(TrainingComparisonUnits::UnitId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                TrainingComparisonUnits::Table,
                                TrainingComparisonUnits::ProgramId,
                            )
                            .to(TrainingPrograms::Table, TrainingPrograms::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                TrainingComparisonUnits::Table,
                                TrainingComparisonUnits::UnitId,
                            )
                            .to(Units::Table, Units::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(TrainingPrograms::Table)
                    .add_column(
                        ColumnDef::new(TrainingPrograms::ComparisonFixed)
                            .boolean()
                            .not_null()
                            .default(false),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(TrainingPrograms::Table)
                    .drop_column(TrainingPrograms::ComparisonFixed)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(
                Table::drop()
                    .table(TrainingComparisonUnits::Table)
                    .to_owned(),
            )
            .await
    }
}
