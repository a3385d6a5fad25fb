//! Kiosk responses held back: a rating sent sooner than the kiosk's least interval after the
//! last one is kept here (not dropped) and stored when the interval allows, one per interval
//! per kiosk, within its daily cap.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum KioskHeldResponses {
    Table,
    Id,
    KioskId,
    /// The client-made id that makes a response count once.
    SubmissionId,
    ServiceId,
    /// The questionnaire's fields as sent (a JSON array of name and value pairs), checked
    /// before they were held.
    Fields,
    Lang,
    AnsweredAt,
    HeldAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(KioskHeldResponses::Table)
                    .col(
                        ColumnDef::new(KioskHeldResponses::Id)
                            .integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(KioskHeldResponses::KioskId)
                            .integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(KioskHeldResponses::SubmissionId)
                            .string_len(36)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(KioskHeldResponses::ServiceId)
                            .integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(KioskHeldResponses::Fields).text().not_null())
                    .col(
                        ColumnDef::new(KioskHeldResponses::Lang)
                            .string_len(2)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(KioskHeldResponses::AnsweredAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(KioskHeldResponses::HeldAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("kiosk_held_submission")
                    .table(KioskHeldResponses::Table)
                    .col(KioskHeldResponses::SubmissionId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("kiosk_held_kiosk")
                    .table(KioskHeldResponses::Table)
                    .col(KioskHeldResponses::KioskId)
                    .col(KioskHeldResponses::Id)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(KioskHeldResponses::Table).to_owned())
            .await
    }
}
