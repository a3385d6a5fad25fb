//! The days' moments of every service-month, so that an index's interval can treat days (a
//! service's responses of one day, which may share a cause) as the independent draws: the
//! number of days with responses (`days`), and over those days, for every pair a <= b of the
//! day vector (n1..n9, s1..s9: the day's answered counts and sums), the sum of their product
//! (`d_n1_n1`, `d_n1_s3`, .., `d_s9_s9`). Existing months get theirs from the daily sums.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The day vector's names, in order.
fn vector() -> Vec<String> {
    (1..=9)
        .map(|i| format!("n{i}"))
        .chain((1..=9).map(|i| format!("s{i}")))
        .collect()
}

/// The new columns and each one's SQL over `survey_daily` (one row a day), the same names
/// and order as `app::survey::moments::DayMoments::columns`.
fn columns() -> Vec<(String, String)> {
    let v = vector();
    let mut out = vec![(
        "days".to_string(),
        "SUM(CASE WHEN d.responses > 0 THEN 1 ELSE 0 END)".to_string(),
    )];
    for a in 0..v.len() {
        for b in a..v.len() {
            out.push((
                format!("d_{}_{}", v[a], v[b]),
                format!("SUM(d.{} * d.{})", v[a], v[b]),
            ));
        }
    }
    out
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let cols = columns();
        // SQLite adds one column per ALTER TABLE.
        for (c, _) in &cols {
            manager
                .alter_table(
                    Table::alter()
                        .table(Alias::new("survey_monthly"))
                        .add_column(
                            ColumnDef::new(Alias::new(c))
                                .big_integer()
                                .not_null()
                                .default(0),
                        )
                        .to_owned(),
                )
                .await?;
        }
        let next_month = match manager.get_database_backend() {
            DbBackend::Postgres => "CAST(survey_monthly.month + interval '1 month' AS date)",
            _ => "date(survey_monthly.month, '+1 month')",
        };
        let names: Vec<&str> = cols.iter().map(|(c, _)| c.as_str()).collect();
        let summed: Vec<String> = cols
            .iter()
            .map(|(_, e)| format!("CAST(COALESCE({e}, 0) AS BIGINT)"))
            .collect();
        manager
            .get_connection()
            .execute_unprepared(&format!(
                "UPDATE survey_monthly SET ({}) = (SELECT {} FROM survey_daily d \
                 WHERE d.service_id = survey_monthly.service_id \
                 AND d.day >= survey_monthly.month AND d.day < {next_month})",
                names.join(", "),
                summed.join(", ")
            ))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (c, _) in columns() {
            manager
                .alter_table(
                    Table::alter()
                        .table(Alias::new("survey_monthly"))
                        .drop_column(Alias::new(&c))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
