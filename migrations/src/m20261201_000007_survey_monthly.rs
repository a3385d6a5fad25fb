//! Per-service, per-month running sums of survey responses, beside the per-day ones.
//!
//! A trend over two years of every unit read about 60,000 daily rows per request (about
//! 110 ms of SQLite time on the benchmark machine); the whole months of a range now come
//! from here (about 2,000 rows), and only the days at either end from `survey_daily`.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum SurveyMonthly {
    Table,
    ServiceId,
    Month,
    Responses,
}

#[derive(DeriveIden)]
enum Services {
    Table,
    Id,
}

/// The count and sum columns, the same names as in `survey_daily`.
fn sum_columns() -> Vec<String> {
    (1..=9)
        .map(|i| format!("n{i}"))
        .chain((1..=9).map(|i| format!("s{i}")))
        .collect()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut monthly = Table::create();
        monthly
            .table(SurveyMonthly::Table)
            .col(
                ColumnDef::new(SurveyMonthly::ServiceId)
                    .integer()
                    .not_null(),
            )
            // The first day of the month.
            .col(ColumnDef::new(SurveyMonthly::Month).date().not_null())
            .col(
                ColumnDef::new(SurveyMonthly::Responses)
                    .big_integer()
                    .not_null(),
            );
        for c in sum_columns() {
            monthly.col(ColumnDef::new(Alias::new(c)).big_integer().not_null());
        }
        monthly
            .primary_key(
                Index::create()
                    .col(SurveyMonthly::ServiceId)
                    .col(SurveyMonthly::Month),
            )
            .foreign_key(
                ForeignKey::create()
                    .from(SurveyMonthly::Table, SurveyMonthly::ServiceId)
                    .to(Services::Table, Services::Id)
                    .on_delete(ForeignKeyAction::Restrict),
            );
        manager.create_table(monthly.to_owned()).await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_survey_monthly_month")
                    .table(SurveyMonthly::Table)
                    .col(SurveyMonthly::Month)
                    .to_owned(),
            )
            .await?;
        // A database that already has responses gets its months from the daily sums.
        let month = match manager.get_database_backend() {
            sea_orm_migration::sea_orm::DbBackend::Postgres => {
                "CAST(date_trunc('month', day) AS date)"
            }
            _ => "date(day, 'start of month')",
        };
        let cols = sum_columns();
        let sums: Vec<String> = cols.iter().map(|c| format!("SUM({c})")).collect();
        manager
            .get_connection()
            .execute_unprepared(&format!(
                "INSERT INTO survey_monthly (service_id, month, responses, {}) \
                 SELECT service_id, {month}, SUM(responses), {} FROM survey_daily \
                 GROUP BY service_id, {month}",
                cols.join(", "),
                sums.join(", ")
            ))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(SurveyMonthly::Table).to_owned())
            .await
    }
}
