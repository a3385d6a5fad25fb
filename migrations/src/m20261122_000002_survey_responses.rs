//! Survey responses (one row per citizen) and their per-service, per-day running sums.
//!
//! Every index is computed from `survey_daily`, which the insert keeps in step inside the
//! same transaction: a year of a unit's index reads a few hundred rows, not every answer.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum SurveyResponses {
    Table,
    Id,
    ServiceId,
    SubmittedAt,
    Day,
    U1,
    U2,
    U3,
    U4,
    U5,
    U6,
    U7,
    U8,
    U9,
    Gender,
    Age,
    Education,
    Occupation,
    Suggestion,
    Lang,
    Source,
}

#[derive(DeriveIden)]
enum SurveyDaily {
    Table,
    ServiceId,
    Day,
    Responses,
    N1,
    N2,
    N3,
    N4,
    N5,
    N6,
    N7,
    N8,
    N9,
    S1,
    S2,
    S3,
    S4,
    S5,
    S6,
    S7,
    S8,
    S9,
}

#[derive(DeriveIden)]
enum Services {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut responses = Table::create();
        responses
            .table(SurveyResponses::Table)
            .col(
                ColumnDef::new(SurveyResponses::Id)
                    .big_integer()
                    .not_null()
                    .auto_increment()
                    .primary_key(),
            )
            .col(
                ColumnDef::new(SurveyResponses::ServiceId)
                    .integer()
                    .not_null(),
            )
            .col(
                ColumnDef::new(SurveyResponses::SubmittedAt)
                    .timestamp_with_time_zone()
                    .not_null(),
            )
            .col(ColumnDef::new(SurveyResponses::Day).date().not_null());
        for unsur in [
            SurveyResponses::U1,
            SurveyResponses::U2,
            SurveyResponses::U3,
            SurveyResponses::U4,
            SurveyResponses::U5,
            SurveyResponses::U6,
            SurveyResponses::U7,
            SurveyResponses::U8,
            SurveyResponses::U9,
        ] {
            responses.col(ColumnDef::new(unsur).small_integer().null());
        }
        responses
            .col(ColumnDef::new(SurveyResponses::Gender).string_len(1).null())
            .col(ColumnDef::new(SurveyResponses::Age).small_integer().null())
            .col(
                ColumnDef::new(SurveyResponses::Education)
                    .string_len(32)
                    .null(),
            )
            .col(
                ColumnDef::new(SurveyResponses::Occupation)
                    .string_len(32)
                    .null(),
            )
            .col(ColumnDef::new(SurveyResponses::Suggestion).text().null())
            .col(
                ColumnDef::new(SurveyResponses::Lang)
                    .string_len(5)
                    .not_null(),
            )
            .col(
                ColumnDef::new(SurveyResponses::Source)
                    .string_len(16)
                    .not_null(),
            )
            .foreign_key(
                ForeignKey::create()
                    .from(SurveyResponses::Table, SurveyResponses::ServiceId)
                    .to(Services::Table, Services::Id)
                    .on_delete(ForeignKeyAction::Restrict),
            );
        manager.create_table(responses.to_owned()).await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_survey_responses_service_day")
                    .table(SurveyResponses::Table)
                    .col(SurveyResponses::ServiceId)
                    .col(SurveyResponses::Day)
                    .to_owned(),
            )
            .await?;

        let mut daily = Table::create();
        daily
            .table(SurveyDaily::Table)
            .col(ColumnDef::new(SurveyDaily::ServiceId).integer().not_null())
            .col(ColumnDef::new(SurveyDaily::Day).date().not_null())
            .col(ColumnDef::new(SurveyDaily::Responses).integer().not_null());
        for col in [
            SurveyDaily::N1,
            SurveyDaily::N2,
            SurveyDaily::N3,
            SurveyDaily::N4,
            SurveyDaily::N5,
            SurveyDaily::N6,
            SurveyDaily::N7,
            SurveyDaily::N8,
            SurveyDaily::N9,
            SurveyDaily::S1,
            SurveyDaily::S2,
            SurveyDaily::S3,
            SurveyDaily::S4,
            SurveyDaily::S5,
            SurveyDaily::S6,
            SurveyDaily::S7,
            SurveyDaily::S8,
            SurveyDaily::S9,
        ] {
            daily.col(ColumnDef::new(col).integer().not_null());
        }
        daily
            .primary_key(
                Index::create()
                    .col(SurveyDaily::ServiceId)
                    .col(SurveyDaily::Day),
            )
            .foreign_key(
                ForeignKey::create()
                    .from(SurveyDaily::Table, SurveyDaily::ServiceId)
                    .to(Services::Table, Services::Id)
                    .on_delete(ForeignKeyAction::Restrict),
            );
        manager.create_table(daily.to_owned()).await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_survey_daily_day")
                    .table(SurveyDaily::Table)
                    .col(SurveyDaily::Day)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(SurveyDaily::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(SurveyResponses::Table).to_owned())
            .await
    }
}
