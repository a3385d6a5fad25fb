//! Randomized rollouts: a training given in waves whose order the portal draws at random.
//! The plan, its seed and its hash are stored once, at registration, and never changed (a
//! change is a new plan); each unit's row keeps what the draw used (its office at the time
//! and its baseline IKM), so that the draw and the randomization inference can be re-made
//! from the stored plan alone.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum TrainingRollouts {
    Table,
    Id,
    Name,
    Topic,
    /// Comma-separated element codes (`U3,U7`).
    TargetElements,
    /// Comma-separated wave start days (`2027-02-01,2027-05-01`).
    Waves,
    /// The draw's seed (below 2^53, so that every JSON reader keeps it exact).
    Seed,
    /// SHA-256 (hex) of the plan as registered, the seed and the assignment included.
    PlanHash,
    /// The minimum detectable effect expected at registration (IKM points), when the units'
    /// history allowed one.
    Mde,
    RegisteredAt,
    /// The staff account that registered it (none for an API token).
    RegisteredBy,
}

#[derive(DeriveIden)]
enum TrainingRolloutUnits {
    Table,
    RolloutId,
    UnitId,
    /// The unit's office at registration (an office and its UPTDs are one cluster).
    ParentId,
    /// The unit's IKM over the six months before registration, when it had responses.
    Baseline,
    /// 0-based index of the unit's wave.
    Wave,
}

#[derive(DeriveIden)]
enum Units {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(TrainingRollouts::Table)
                    .col(
                        ColumnDef::new(TrainingRollouts::Id)
                            .integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(TrainingRollouts::Name)
                            .string_len(200)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(TrainingRollouts::Topic)
                            .string_len(200)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(TrainingRollouts::TargetElements)
                            .string_len(40)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(TrainingRollouts::Waves)
                            .string_len(200)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(TrainingRollouts::Seed)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(TrainingRollouts::PlanHash)
                            .string_len(64)
                            .not_null(),
                    )
                    .col(ColumnDef::new(TrainingRollouts::Mde).double().null())
                    .col(
                        ColumnDef::new(TrainingRollouts::RegisteredAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(TrainingRollouts::RegisteredBy)
                            .integer()
                            .null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(TrainingRollouts::Table, TrainingRollouts::RegisteredBy)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(TrainingRolloutUnits::Table)
                    .col(
                        ColumnDef::new(TrainingRolloutUnits::RolloutId)
                            .integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(TrainingRolloutUnits::UnitId)
                            .integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(TrainingRolloutUnits::ParentId)
                            .integer()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(TrainingRolloutUnits::Baseline)
                            .double()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(TrainingRolloutUnits::Wave)
                            .integer()
                            .not_null(),
                    )
                    .primary_key(
                        Index::create()
                            .col(TrainingRolloutUnits::RolloutId)
                            .col(TrainingRolloutUnits::UnitId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(TrainingRolloutUnits::Table, TrainingRolloutUnits::RolloutId)
                            .to(TrainingRollouts::Table, TrainingRollouts::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(TrainingRolloutUnits::Table, TrainingRolloutUnits::UnitId)
                            .to(Units::Table, Units::Id),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(TrainingRolloutUnits::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(TrainingRollouts::Table).to_owned())
            .await
    }
}
