//! The early warning's alarms: a unit whose IKM over the last 30 days fell below its previous
//! twelve months by more than noise. One row per alarm, raised once (and mailed once), its
//! last firing day moved on while the daily test keeps firing.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum IkmAlarms {
    Table,
    Id,
    UnitId,
    RaisedOn,
    /// The last day the test fired; the alarm is open until some quiet days after it.
    LastFiredOn,
    /// The figures of the day it was raised: the last 30 days' IKM, the twelve months'
    /// before, the one-sided p-value, the element that fell most and by how much.
    RecentIkm,
    BaselineIkm,
    P,
    Element,
    ElementDrop,
    RecentResponses,
    BaselineResponses,
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
                    .table(IkmAlarms::Table)
                    .col(
                        ColumnDef::new(IkmAlarms::Id)
                            .integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(IkmAlarms::UnitId).integer().not_null())
                    .col(ColumnDef::new(IkmAlarms::RaisedOn).date().not_null())
                    .col(ColumnDef::new(IkmAlarms::LastFiredOn).date().not_null())
                    .col(ColumnDef::new(IkmAlarms::RecentIkm).double().not_null())
                    .col(ColumnDef::new(IkmAlarms::BaselineIkm).double().not_null())
                    .col(ColumnDef::new(IkmAlarms::P).double().not_null())
                    .col(ColumnDef::new(IkmAlarms::Element).string_len(3).not_null())
                    .col(ColumnDef::new(IkmAlarms::ElementDrop).double().not_null())
                    .col(
                        ColumnDef::new(IkmAlarms::RecentResponses)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(IkmAlarms::BaselineResponses)
                            .big_integer()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(IkmAlarms::Table, IkmAlarms::UnitId)
                            .to(Units::Table, Units::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_ikm_alarms_unit_fired")
                    .table(IkmAlarms::Table)
                    .col(IkmAlarms::UnitId)
                    .col(IkmAlarms::LastFiredOn)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(IkmAlarms::Table).to_owned())
            .await
    }
}
