//! A public id for each complaint, for Open311: the tracking code is the reporter's secret
//! and is never published, so the public list needs an id of its own that reveals nothing
//! about it (random, not derived from the code).

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Complaints {
    Table,
    PublicId,
}

const INDEX: &str = "complaints_public_id";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Complaints::Table)
                    .add_column(ColumnDef::new(Complaints::PublicId).string_len(16).null())
                    .to_owned(),
            )
            .await?;
        // Reports filed before this change get random ids too (16 hex digits, like new ones).
        let fill = match manager.get_database_backend() {
            DatabaseBackend::Postgres => {
                "UPDATE complaints SET public_id = substr(replace(gen_random_uuid()::text, '-', ''), 1, 16) WHERE public_id IS NULL"
            }
            _ => {
                "UPDATE complaints SET public_id = lower(hex(randomblob(8))) WHERE public_id IS NULL"
            }
        };
        manager.get_connection().execute_unprepared(fill).await?;
        manager
            .create_index(
                Index::create()
                    .name(INDEX)
                    .table(Complaints::Table)
                    .col(Complaints::PublicId)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name(INDEX)
                    .table(Complaints::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Complaints::Table)
                    .drop_column(Complaints::PublicId)
                    .to_owned(),
            )
            .await
    }
}
