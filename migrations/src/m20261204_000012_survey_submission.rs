//! Exactly-once survey submissions: the id the device made for each submission (a repeat of
//! it stores nothing), and when the server received a response, besides when it was
//! answered (a submission kept on a device while offline arrives later).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum SurveyResponses {
    Table,
    /// The client-made UUID of the submission; unique.
    SubmissionId,
    /// When the server stored it (`submitted_at` is when it was answered).
    ReceivedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for col in [
            ColumnDef::new(SurveyResponses::SubmissionId)
                .string_len(36)
                .null()
                .to_owned(),
            ColumnDef::new(SurveyResponses::ReceivedAt)
                .timestamp_with_time_zone()
                .null()
                .to_owned(),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(SurveyResponses::Table)
                        .add_column(col)
                        .to_owned(),
                )
                .await?;
        }
        // Rows without an id (older ones, imports) are not constrained: NULLs differ.
        manager
            .create_index(
                Index::create()
                    .name("survey_responses_submission_id")
                    .table(SurveyResponses::Table)
                    .col(SurveyResponses::SubmissionId)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("survey_responses_submission_id")
                    .table(SurveyResponses::Table)
                    .to_owned(),
            )
            .await?;
        for col in [SurveyResponses::ReceivedAt, SurveyResponses::SubmissionId] {
            manager
                .alter_table(
                    Table::alter()
                        .table(SurveyResponses::Table)
                        .drop_column(col)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
