//! Conduct complaints with their event history and evidence files, the mail outbox, and the
//! staff accounts that complaint alerts go to.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Units {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Services {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Complaints {
    Table,
    Id,
    TrackingCode,
    UnitId,
    ServiceId,
    Category,
    Mode,
    Status,
    What,
    Who,
    Place,
    TimeText,
    How,
    IncidentDate,
    /// The reporter's identity, sealed with the identity key; null for anonim.
    ReporterSealed,
    /// Whether the reporter gave an email (so status mail can be sent) without unsealing.
    ReporterHasEmail,
    Lang,
    Source,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ComplaintEvents {
    Table,
    Id,
    ComplaintId,
    At,
    Kind,
    StatusFrom,
    StatusTo,
    ActorUserId,
    Reason,
    PublicText,
}

#[derive(DeriveIden)]
enum ComplaintFiles {
    Table,
    Id,
    ComplaintId,
    StorageKey,
    ContentType,
    SizeBytes,
    Sha256,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Outbox {
    Table,
    Id,
    MessageId,
    Kind,
    Sealed,
    Status,
    Attempts,
    NextAttemptAt,
    LockedUntil,
    LastError,
    CreatedAt,
    SentAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    Email,
    Name,
    Role,
    PasswordHash,
    Active,
    CreatedAt,
}

#[derive(DeriveIden)]
enum UserUnits {
    Table,
    UserId,
    UnitId,
}

fn id_col<T: IntoIden>(name: T) -> ColumnDef {
    ColumnDef::new(name)
        .big_integer()
        .not_null()
        .auto_increment()
        .primary_key()
        .to_owned()
}

fn at_col<T: IntoIden>(name: T) -> ColumnDef {
    ColumnDef::new(name)
        .timestamp_with_time_zone()
        .not_null()
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Complaints::Table)
                    .col(id_col(Complaints::Id))
                    .col(
                        ColumnDef::new(Complaints::TrackingCode)
                            .string_len(16)
                            .not_null()
                            .unique_key(),
                    )
                    .col(ColumnDef::new(Complaints::UnitId).integer().not_null())
                    .col(ColumnDef::new(Complaints::ServiceId).integer().null())
                    .col(
                        ColumnDef::new(Complaints::Category)
                            .string_len(32)
                            .not_null(),
                    )
                    .col(ColumnDef::new(Complaints::Mode).string_len(10).not_null())
                    .col(ColumnDef::new(Complaints::Status).string_len(20).not_null())
                    .col(ColumnDef::new(Complaints::What).text().not_null())
                    .col(ColumnDef::new(Complaints::Who).text().null())
                    .col(ColumnDef::new(Complaints::Place).text().null())
                    .col(ColumnDef::new(Complaints::TimeText).text().null())
                    .col(ColumnDef::new(Complaints::How).text().null())
                    .col(ColumnDef::new(Complaints::IncidentDate).date().null())
                    .col(ColumnDef::new(Complaints::ReporterSealed).text().null())
                    .col(
                        ColumnDef::new(Complaints::ReporterHasEmail)
                            .boolean()
                            .not_null()
                            .default(false),
                    )
                    .col(ColumnDef::new(Complaints::Lang).string_len(2).not_null())
                    .col(ColumnDef::new(Complaints::Source).string_len(10).not_null())
                    .col(at_col(Complaints::CreatedAt))
                    .col(at_col(Complaints::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Complaints::Table, Complaints::UnitId)
                            .to(Units::Table, Units::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Complaints::Table, Complaints::ServiceId)
                            .to(Services::Table, Services::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, col) in [
            ("idx_complaints_unit", Complaints::UnitId),
            ("idx_complaints_status", Complaints::Status),
            ("idx_complaints_created", Complaints::CreatedAt),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(Complaints::Table)
                        .col(col)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(ComplaintEvents::Table)
                    .col(id_col(ComplaintEvents::Id))
                    .col(
                        ColumnDef::new(ComplaintEvents::ComplaintId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(at_col(ComplaintEvents::At))
                    .col(
                        ColumnDef::new(ComplaintEvents::Kind)
                            .string_len(20)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(ComplaintEvents::StatusFrom)
                            .string_len(20)
                            .null(),
                    )
                    .col(
                        ColumnDef::new(ComplaintEvents::StatusTo)
                            .string_len(20)
                            .null(),
                    )
                    .col(
                        ColumnDef::new(ComplaintEvents::ActorUserId)
                            .integer()
                            .null(),
                    )
                    .col(ColumnDef::new(ComplaintEvents::Reason).text().null())
                    .col(ColumnDef::new(ComplaintEvents::PublicText).text().null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(ComplaintEvents::Table, ComplaintEvents::ComplaintId)
                            .to(Complaints::Table, Complaints::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_complaint_events_complaint")
                    .table(ComplaintEvents::Table)
                    .col(ComplaintEvents::ComplaintId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ComplaintFiles::Table)
                    .col(id_col(ComplaintFiles::Id))
                    .col(
                        ColumnDef::new(ComplaintFiles::ComplaintId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(ComplaintFiles::StorageKey)
                            .string_len(200)
                            .not_null()
                            .unique_key(),
                    )
                    .col(
                        ColumnDef::new(ComplaintFiles::ContentType)
                            .string_len(64)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(ComplaintFiles::SizeBytes)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(ComplaintFiles::Sha256)
                            .string_len(64)
                            .not_null(),
                    )
                    .col(at_col(ComplaintFiles::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ComplaintFiles::Table, ComplaintFiles::ComplaintId)
                            .to(Complaints::Table, Complaints::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Outbox::Table)
                    .col(id_col(Outbox::Id))
                    .col(
                        ColumnDef::new(Outbox::MessageId)
                            .string_len(120)
                            .not_null()
                            .unique_key(),
                    )
                    .col(ColumnDef::new(Outbox::Kind).string_len(32).not_null())
                    .col(ColumnDef::new(Outbox::Sealed).text().not_null())
                    .col(ColumnDef::new(Outbox::Status).string_len(10).not_null())
                    .col(
                        ColumnDef::new(Outbox::Attempts)
                            .integer()
                            .not_null()
                            .default(0),
                    )
                    .col(at_col(Outbox::NextAttemptAt))
                    .col(
                        ColumnDef::new(Outbox::LockedUntil)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(ColumnDef::new(Outbox::LastError).text().null())
                    .col(at_col(Outbox::CreatedAt))
                    .col(
                        ColumnDef::new(Outbox::SentAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_outbox_due")
                    .table(Outbox::Table)
                    .col(Outbox::Status)
                    .col(Outbox::NextAttemptAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Users::Table)
                    .col(
                        ColumnDef::new(Users::Id)
                            .integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(Users::Email)
                            .string_len(254)
                            .not_null()
                            .unique_key(),
                    )
                    .col(ColumnDef::new(Users::Name).string_len(200).not_null())
                    .col(ColumnDef::new(Users::Role).string_len(20).not_null())
                    .col(ColumnDef::new(Users::PasswordHash).text().null())
                    .col(
                        ColumnDef::new(Users::Active)
                            .boolean()
                            .not_null()
                            .default(true),
                    )
                    .col(at_col(Users::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(UserUnits::Table)
                    .col(ColumnDef::new(UserUnits::UserId).integer().not_null())
                    .col(ColumnDef::new(UserUnits::UnitId).integer().not_null())
                    .primary_key(
                        Index::create()
                            .col(UserUnits::UserId)
                            .col(UserUnits::UnitId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(UserUnits::Table, UserUnits::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(UserUnits::Table, UserUnits::UnitId)
                            .to(Units::Table, Units::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            UserUnits::Table.into_iden(),
            Users::Table.into_iden(),
            Outbox::Table.into_iden(),
            ComplaintFiles::Table.into_iden(),
            ComplaintEvents::Table.into_iden(),
            Complaints::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(t).to_owned())
                .await?;
        }
        Ok(())
    }
}
