//! What a complaint proved and what was done: the finding recorded at resolution, its
//! actions (with the PP 94/2021 measure or the referral's target where given), the actions
//! a unit proposes with its follow-up, and the admins' mapping from a conduct category to
//! the training that targets it (seeded with the Inspectorate's defaults).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Complaints {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum ComplaintOutcomes {
    Table,
    ComplaintId,
    Finding,
    RecordedBy,
    RecordedAt,
    /// Recorded after the case was resolved without one (older cases), once.
    CompletedLater,
}

#[derive(DeriveIden)]
enum ComplaintOutcomeActions {
    Table,
    Id,
    ComplaintId,
    Kind,
    Measure,
    ReferralTo,
}

#[derive(DeriveIden)]
enum ComplaintActionProposals {
    Table,
    Id,
    ComplaintId,
    Kind,
    ProposedBy,
    At,
}

#[derive(DeriveIden)]
enum TrainingSuggestions {
    Table,
    Category,
    Topic,
    UpdatedAt,
    UpdatedBy,
}

#[derive(DeriveIden)]
enum TrainingSuggestionElements {
    Table,
    Category,
    Element,
}

/// The defaults: category, topic, elements.
const DEFAULTS: [(&str, &str, &[&str]); 8] = [
    (
        "pungli",
        "Integritas pelayanan dan pencegahan pungutan liar",
        &["U4", "U7"],
    ),
    (
        "gratifikasi",
        "Integritas: menolak gratifikasi dan mengelola konflik kepentingan",
        &["U4"],
    ),
    (
        "penyalahgunaan_wewenang",
        "Etika jabatan dan batas kewenangan dalam pelayanan",
        &["U2"],
    ),
    (
        "tidak_sopan",
        "Etika pelayanan dan komunikasi yang santun",
        &["U7"],
    ),
    (
        "diskriminasi",
        "Pelayanan yang adil, setara dan inklusif",
        &["U7"],
    ),
    (
        "indisipliner",
        "Disiplin kerja dan ketepatan waktu pelayanan",
        &["U3"],
    ),
    (
        "netralitas",
        "Netralitas ASN dalam pelayanan publik",
        &["U7"],
    ),
    (
        "maladministrasi",
        "Standar pelayanan dan tertib administrasi",
        &["U1", "U2", "U5"],
    ),
];

fn fk_complaint<T: IntoIden + 'static>(table: T, col: T) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table, col)
        .to(Complaints::Table, Complaints::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ComplaintOutcomes::Table)
                    .col(
                        ColumnDef::new(ComplaintOutcomes::ComplaintId)
                            .big_integer()
                            .not_null()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(ComplaintOutcomes::Finding)
                            .string_len(24)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(ComplaintOutcomes::RecordedBy)
                            .integer()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(ComplaintOutcomes::RecordedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(ComplaintOutcomes::CompletedLater)
                            .boolean()
                            .not_null()
                            .default(false),
                    )
                    .foreign_key(&mut fk_complaint(
                        ComplaintOutcomes::Table,
                        ComplaintOutcomes::ComplaintId,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ComplaintOutcomeActions::Table)
                    .col(
                        ColumnDef::new(ComplaintOutcomeActions::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(ComplaintOutcomeActions::ComplaintId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(ComplaintOutcomeActions::Kind)
                            .string_len(24)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(ComplaintOutcomeActions::Measure)
                            .string_len(40)
                            .null(),
                    )
                    .col(
                        ColumnDef::new(ComplaintOutcomeActions::ReferralTo)
                            .string_len(24)
                            .null(),
                    )
                    .foreign_key(&mut fk_complaint(
                        ComplaintOutcomeActions::Table,
                        ComplaintOutcomeActions::ComplaintId,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_outcome_actions_complaint_kind")
                    .table(ComplaintOutcomeActions::Table)
                    .col(ComplaintOutcomeActions::ComplaintId)
                    .col(ComplaintOutcomeActions::Kind)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ComplaintActionProposals::Table)
                    .col(
                        ColumnDef::new(ComplaintActionProposals::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(ComplaintActionProposals::ComplaintId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(ComplaintActionProposals::Kind)
                            .string_len(24)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(ComplaintActionProposals::ProposedBy)
                            .integer()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(ComplaintActionProposals::At)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(&mut fk_complaint(
                        ComplaintActionProposals::Table,
                        ComplaintActionProposals::ComplaintId,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_action_proposals_complaint")
                    .table(ComplaintActionProposals::Table)
                    .col(ComplaintActionProposals::ComplaintId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(TrainingSuggestions::Table)
                    .col(
                        ColumnDef::new(TrainingSuggestions::Category)
                            .string_len(40)
                            .not_null()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(TrainingSuggestions::Topic)
                            .string_len(200)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(TrainingSuggestions::UpdatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(TrainingSuggestions::UpdatedBy)
                            .integer()
                            .null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(TrainingSuggestionElements::Table)
                    .col(
                        ColumnDef::new(TrainingSuggestionElements::Category)
                            .string_len(40)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(TrainingSuggestionElements::Element)
                            .string_len(4)
                            .not_null(),
                    )
                    .primary_key(
                        Index::create()
                            .col(TrainingSuggestionElements::Category)
                            .col(TrainingSuggestionElements::Element),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                TrainingSuggestionElements::Table,
                                TrainingSuggestionElements::Category,
                            )
                            .to(TrainingSuggestions::Table, TrainingSuggestions::Category)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        for (category, topic, elements) in DEFAULTS {
            manager
                .exec_stmt(
                    Query::insert()
                        .into_table(TrainingSuggestions::Table)
                        .columns([
                            TrainingSuggestions::Category,
                            TrainingSuggestions::Topic,
                            TrainingSuggestions::UpdatedAt,
                        ])
                        .values_panic([category.into(), topic.into(), Expr::current_timestamp()])
                        .to_owned(),
                )
                .await?;
            for e in elements {
                manager
                    .exec_stmt(
                        Query::insert()
                            .into_table(TrainingSuggestionElements::Table)
                            .columns([
                                TrainingSuggestionElements::Category,
                                TrainingSuggestionElements::Element,
                            ])
                            .values_panic([category.into(), (*e).into()])
                            .to_owned(),
                    )
                    .await?;
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            TrainingSuggestionElements::Table.into_iden(),
            TrainingSuggestions::Table.into_iden(),
            ComplaintActionProposals::Table.into_iden(),
            ComplaintOutcomeActions::Table.into_iden(),
            ComplaintOutcomes::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(t).to_owned())
                .await?;
        }
        Ok(())
    }
}
