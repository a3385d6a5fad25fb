//! Sharing the inspectors' load: who handles each case, the staff's internal notes on a
//! case, and the admins' response templates for replies and questions to reporters.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Complaints {
    Table,
    Id,
    /// The inspector who took the case or was assigned it; none while nobody has.
    HandlerUserId,
}

#[derive(DeriveIden)]
enum CaseNotes {
    Table,
    Id,
    ComplaintId,
    AuthorUserId,
    At,
    Text,
}

#[derive(DeriveIden)]
enum ResponseTemplates {
    Table,
    Id,
    Title,
    Body,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Complaints::Table)
                    .add_column(ColumnDef::new(Complaints::HandlerUserId).integer().null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_complaints_handler")
                    .table(Complaints::Table)
                    .col(Complaints::HandlerUserId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CaseNotes::Table)
                    .col(
                        ColumnDef::new(CaseNotes::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(CaseNotes::ComplaintId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(CaseNotes::AuthorUserId).integer().null())
                    .col(
                        ColumnDef::new(CaseNotes::At)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(ColumnDef::new(CaseNotes::Text).text().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(CaseNotes::Table, CaseNotes::ComplaintId)
                            .to(Complaints::Table, Complaints::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_case_notes_complaint")
                    .table(CaseNotes::Table)
                    .col(CaseNotes::ComplaintId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ResponseTemplates::Table)
                    .col(
                        ColumnDef::new(ResponseTemplates::Id)
                            .integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(ResponseTemplates::Title)
                            .string_len(120)
                            .not_null(),
                    )
                    .col(ColumnDef::new(ResponseTemplates::Body).text().not_null())
                    .col(
                        ColumnDef::new(ResponseTemplates::UpdatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ResponseTemplates::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(CaseNotes::Table).to_owned())
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("idx_complaints_handler")
                    .table(Complaints::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Complaints::Table)
                    .drop_column(Complaints::HandlerUserId)
                    .to_owned(),
            )
            .await
    }
}
