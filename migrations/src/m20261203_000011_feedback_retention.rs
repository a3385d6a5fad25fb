//! Closing the loop and keeping personal data no longer than needed: the reporter's answer
//! to "was it resolved?" (kept for the statistics when everything personal is erased), the
//! moment a case ended (retention counts from it), and when each kind of personal data of
//! the case was erased.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Complaints {
    Table,
    Status,
    Id,
    /// The reporter's latest answer to "Sudah selesai?": true yes, false no.
    ReporterConfirmed,
    /// The reporter's latest rating of the handling, 1 to 4.
    HandlingRating,
    /// When the case reached `closed`, `rejected` or `duplicate`; null while it may go on.
    ClosedAt,
    /// When the retention job (or the reporter) erased the sealed identity and address.
    IdentityErasedAt,
    /// When the evidence files were erased.
    FilesErasedAt,
    /// When the conversation (questions, answers, added information, comments) was erased.
    ConversationErasedAt,
}

#[derive(DeriveIden)]
enum ComplaintEvents {
    Table,
    ComplaintId,
    At,
    StatusTo,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite alters one column per statement.
        for col in [
            ColumnDef::new(Complaints::ReporterConfirmed)
                .boolean()
                .null()
                .to_owned(),
            ColumnDef::new(Complaints::HandlingRating)
                .small_integer()
                .null()
                .to_owned(),
            ColumnDef::new(Complaints::ClosedAt)
                .timestamp_with_time_zone()
                .null()
                .to_owned(),
            ColumnDef::new(Complaints::IdentityErasedAt)
                .timestamp_with_time_zone()
                .null()
                .to_owned(),
            ColumnDef::new(Complaints::FilesErasedAt)
                .timestamp_with_time_zone()
                .null()
                .to_owned(),
            ColumnDef::new(Complaints::ConversationErasedAt)
                .timestamp_with_time_zone()
                .null()
                .to_owned(),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Complaints::Table)
                        .add_column(col)
                        .to_owned(),
                )
                .await?;
        }
        // Cases that ended before this column existed end when their history says so.
        let ended = ["closed", "rejected", "duplicate"];
        let first_end = Query::select()
            .expr(Expr::col((ComplaintEvents::Table, ComplaintEvents::At)).min())
            .from(ComplaintEvents::Table)
            .and_where(
                Expr::col((ComplaintEvents::Table, ComplaintEvents::ComplaintId))
                    .equals((Complaints::Table, Complaints::Id)),
            )
            .and_where(Expr::col((ComplaintEvents::Table, ComplaintEvents::StatusTo)).is_in(ended))
            .to_owned();
        manager
            .exec_stmt(
                Query::update()
                    .table(Complaints::Table)
                    .value(
                        Complaints::ClosedAt,
                        SimpleExpr::SubQuery(None, Box::new(first_end.into_sub_query_statement())),
                    )
                    .and_where(Expr::col(Complaints::Status).is_in(ended))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("complaints_closed_at")
                    .table(Complaints::Table)
                    .col(Complaints::ClosedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("complaints_closed_at")
                    .table(Complaints::Table)
                    .to_owned(),
            )
            .await?;
        for col in [
            Complaints::ConversationErasedAt,
            Complaints::FilesErasedAt,
            Complaints::IdentityErasedAt,
            Complaints::ClosedAt,
            Complaints::HandlingRating,
            Complaints::ReporterConfirmed,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Complaints::Table)
                        .drop_column(col)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
