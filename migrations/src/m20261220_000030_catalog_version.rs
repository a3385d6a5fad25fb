//! A number that every change of a unit or a service raises, by the database's own triggers
//! in the same transaction, so that each instance keeps the units and services in memory and
//! reads them again only when they changed: one row read per page instead of thousands
//! (3,000 services took about 15 ms to read on SQLite, several times on a unit's page).

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLES: [&str; 2] = ["units", "services"];
const OPS: [&str; 3] = ["insert", "update", "delete"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared(
            "CREATE TABLE catalog_version (id INTEGER PRIMARY KEY, n BIGINT NOT NULL)",
        )
        .await?;
        db.execute_unprepared("INSERT INTO catalog_version (id, n) VALUES (1, 0)")
            .await?;
        let bump = "UPDATE catalog_version SET n = n + 1 WHERE id = 1";
        match manager.get_database_backend() {
            DbBackend::Postgres => {
                db.execute_unprepared(&format!(
                    "CREATE FUNCTION catalog_changed() RETURNS trigger LANGUAGE plpgsql AS \
                     $$ BEGIN {bump}; RETURN NULL; END $$"
                ))
                .await?;
                for t in TABLES {
                    db.execute_unprepared(&format!(
                        "CREATE TRIGGER catalog_{t} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE \
                         ON {t} FOR EACH STATEMENT EXECUTE FUNCTION catalog_changed()"
                    ))
                    .await?;
                }
            }
            _ => {
                for t in TABLES {
                    for op in OPS {
                        db.execute_unprepared(&format!(
                            "CREATE TRIGGER catalog_{t}_{op} AFTER {op} ON {t} BEGIN {bump}; END"
                        ))
                        .await?;
                    }
                }
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DbBackend::Postgres => {
                for t in TABLES {
                    db.execute_unprepared(&format!("DROP TRIGGER catalog_{t} ON {t}"))
                        .await?;
                }
                db.execute_unprepared("DROP FUNCTION catalog_changed()")
                    .await?;
            }
            _ => {
                for t in TABLES {
                    for op in OPS {
                        db.execute_unprepared(&format!("DROP TRIGGER catalog_{t}_{op}"))
                            .await?;
                    }
                }
            }
        }
        db.execute_unprepared("DROP TABLE catalog_version").await?;
        Ok(())
    }
}
