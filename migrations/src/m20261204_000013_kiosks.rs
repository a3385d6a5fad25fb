//! Kiosk tablets at the counter: each registered for one unit and some of its services,
//! enrolled once with a one-time link (only hashes are stored), limited per device instead of
//! per address, revocable; and the kiosk a survey response came from.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Kiosks {
    Table,
    Id,
    UnitId,
    /// Where it stands ("Loket 2").
    Name,
    /// The codes of the services it asks about, comma-separated.
    ServiceCodes,
    /// SHA-256 of the one-time enrolment token, until it is used.
    EnrolHash,
    EnrolExpiresAt,
    /// SHA-256 of the device credential, once enrolled.
    DeviceHash,
    CreatedBy,
    CreatedAt,
    EnrolledAt,
    /// Last request the device made.
    LastContactAt,
    /// Last response stored from it (the minimum interval counts from it).
    LastResponseAt,
    /// WIB day of `CountToday`.
    CountDay,
    CountToday,
    RevokedAt,
}

#[derive(DeriveIden)]
enum SurveyResponses {
    Table,
    KioskId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Kiosks::Table)
                    .col(
                        ColumnDef::new(Kiosks::Id)
                            .integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(Kiosks::UnitId).integer().not_null())
                    .col(ColumnDef::new(Kiosks::Name).string().not_null())
                    .col(ColumnDef::new(Kiosks::ServiceCodes).text().not_null())
                    .col(ColumnDef::new(Kiosks::EnrolHash).string_len(64).null())
                    .col(
                        ColumnDef::new(Kiosks::EnrolExpiresAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(ColumnDef::new(Kiosks::DeviceHash).string_len(64).null())
                    .col(ColumnDef::new(Kiosks::CreatedBy).integer().null())
                    .col(
                        ColumnDef::new(Kiosks::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Kiosks::EnrolledAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(Kiosks::LastContactAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(Kiosks::LastResponseAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(ColumnDef::new(Kiosks::CountDay).date().null())
                    .col(
                        ColumnDef::new(Kiosks::CountToday)
                            .integer()
                            .not_null()
                            .default(0),
                    )
                    .col(
                        ColumnDef::new(Kiosks::RevokedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("kiosks_enrol_hash")
                    .table(Kiosks::Table)
                    .col(Kiosks::EnrolHash)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(SurveyResponses::Table)
                    .add_column(ColumnDef::new(SurveyResponses::KioskId).integer().null())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(SurveyResponses::Table)
                    .drop_column(SurveyResponses::KioskId)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(Kiosks::Table).to_owned())
            .await
    }
}
