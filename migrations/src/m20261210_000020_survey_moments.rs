//! The second moments of the responses beside their sums, per service and day and per service
//! and month, so that every index gets its interval from the sums (flat in the number of
//! responses): for every pair of elements i <= j the sum of u_i x u_j (`q{i}{j}`), for i != j
//! the sum of u_i over the responses that answered u_j too (`m{i}{j}`), and for i < j the
//! number that answered both (`b{i}{j}`). Existing rows get theirs from the responses.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The new columns and each one's SQL over `survey_responses` (`u1`..`u9`, NULL when blank),
/// the same names and order as `app::survey::moments::Moments::columns`.
fn moments() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for i in 1..=9 {
        for j in i..=9 {
            out.push((format!("q{i}{j}"), format!("COALESCE(SUM(u{i} * u{j}), 0)")));
        }
    }
    for i in 1..=9 {
        for j in (1..=9).filter(|&j| j != i) {
            out.push((
                format!("m{i}{j}"),
                format!("COALESCE(SUM(CASE WHEN u{j} IS NULL THEN NULL ELSE u{i} END), 0)"),
            ));
        }
    }
    for i in 1..=9 {
        for j in i + 1..=9 {
            out.push((format!("b{i}{j}"), format!("COUNT(u{i} * u{j})")));
        }
    }
    out
}

const TABLES: [&str; 2] = ["survey_daily", "survey_monthly"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let cols = moments();
        for table in TABLES {
            // SQLite adds one column per ALTER TABLE.
            for (c, _) in &cols {
                manager
                    .alter_table(
                        Table::alter()
                            .table(Alias::new(table))
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
        }
        let db = manager.get_connection();
        let names: Vec<&str> = cols.iter().map(|(c, _)| c.as_str()).collect();
        let exprs: Vec<&str> = cols.iter().map(|(_, e)| e.as_str()).collect();
        db.execute_unprepared(&format!(
            "UPDATE survey_daily SET ({}) = (SELECT {} FROM survey_responses r \
             WHERE r.service_id = survey_daily.service_id AND r.day = survey_daily.day)",
            names.join(", "),
            exprs.join(", ")
        ))
        .await?;
        let next_month = match manager.get_database_backend() {
            DbBackend::Postgres => "CAST(survey_monthly.month + interval '1 month' AS date)",
            _ => "date(survey_monthly.month, '+1 month')",
        };
        let summed: Vec<String> = names
            .iter()
            .map(|c| format!("CAST(COALESCE(SUM(d.{c}), 0) AS BIGINT)"))
            .collect();
        db.execute_unprepared(&format!(
            "UPDATE survey_monthly SET ({}) = (SELECT {} FROM survey_daily d \
             WHERE d.service_id = survey_monthly.service_id AND d.day >= survey_monthly.month \
             AND d.day < {next_month})",
            names.join(", "),
            summed.join(", ")
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in TABLES {
            for (c, _) in moments() {
                manager
                    .alter_table(
                        Table::alter()
                            .table(Alias::new(table))
                            .drop_column(Alias::new(&c))
                            .to_owned(),
                    )
                    .await?;
            }
        }
        Ok(())
    }
}
