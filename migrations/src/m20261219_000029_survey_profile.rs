//! Who answered, kept beside the sums: per service and day and per service and month, how
//! many responses the counts cover (`profiled`) and how many gave each answer of the profile
//! questions (`g_` gender, `age_` the band's lowest age, `edu_` education, `job_`
//! occupation), so that the SKM report's profile reads the kept rows, not every response of
//! a unit's year. Existing rows get theirs from the responses. And an index of the responses
//! that carry a suggestion, by service and day: the report takes the latest few hundred of
//! a unit's, and only a fraction of responses carry one.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The new columns and each one's SQL over `survey_responses`, the same names and order as
/// `app::survey::profile::Profile::columns`.
fn profile() -> Vec<(String, String)> {
    let when = |c: String| format!("COALESCE(SUM(CASE WHEN {c} THEN 1 ELSE 0 END), 0)");
    let mut out = vec![("profiled".to_string(), "COUNT(*)".to_string())];
    for g in ["L", "P"] {
        out.push((
            format!("g_{}", g.to_lowercase()),
            when(format!("gender = '{g}'")),
        ));
    }
    let bands = [0, 20, 30, 40, 50, 60];
    for (i, low) in bands.iter().enumerate() {
        let cond = match bands.get(i + 1) {
            Some(next) => format!("age >= {low} AND age < {next}"),
            None => format!("age >= {low}"),
        };
        out.push((format!("age_{low}"), when(cond)));
    }
    for e in ["sd", "smp", "sma", "diploma", "s1", "s2"] {
        out.push((format!("edu_{e}"), when(format!("education = '{e}'"))));
    }
    for o in ["pns", "tni", "polri", "swasta", "wirausaha", "lainnya"] {
        out.push((format!("job_{o}"), when(format!("occupation = '{o}'"))));
    }
    out
}

const TABLES: [&str; 2] = ["survey_daily", "survey_monthly"];

/// The responses that carry a suggestion; the report's query repeats the condition.
const SUGGESTED: &str = "CREATE INDEX idx_survey_responses_suggested \
    ON survey_responses (service_id, day) \
    WHERE suggestion IS NOT NULL AND trim(suggestion) <> ''";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let cols = profile();
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
        db.execute_unprepared(SUGGESTED).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared("DROP INDEX idx_survey_responses_suggested")
            .await?;
        for table in TABLES {
            for (c, _) in profile() {
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
