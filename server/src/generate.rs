//! `server gen surveys N [--months M] [--units U]` (parsed in `cli`): synthetic survey responses for
//! benchmarks. Tops the unit list up to U units with services (adding `bench-NN` units),
//! spreads N responses over the last M months, then rebuilds the per-day sums.

use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, TransactionTrait};

/// Rows per `INSERT` statement and statements per transaction.
const ROWS: usize = 1_000;
const STATEMENTS: usize = 20;

/// Parsed arguments.
#[derive(Debug, PartialEq, Eq)]
pub struct Gen {
    pub responses: u64,
    pub months: u32,
    pub units: usize,
}

/// A small deterministic generator (xorshift), so runs are repeatable.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Generates the data; returns the services used.
pub async fn run(db: &DatabaseConnection, g: &Gen) -> Result<usize, DbErr> {
    use app::entities::{service, unit};
    use sea_orm::ActiveValue::{NotSet, Set};
    let now = app::clock::now();
    let mut units = unit::Entity::find().all(db).await?;
    let mut services = service::Entity::find().all(db).await?;
    let mut k = 0;
    while units
        .iter()
        .filter(|u| services.iter().any(|s| s.unit_id == u.id))
        .count()
        < g.units
    {
        k += 1;
        let code = format!("bench-{k:02}");
        if units.iter().any(|u| u.code == code) {
            continue;
        }
        let id = unit::Entity::insert(unit::ActiveModel {
            id: NotSet,
            code: Set(code.clone()),
            name: Set(format!("Unit Uji Beban {k:02}")),
            parent_id: Set(None),
            created_at: Set(now),
        })
        .exec(db)
        .await?
        .last_insert_id;
        for j in 1..=2 {
            service::Entity::insert(service::ActiveModel {
                id: NotSet,
                unit_id: Set(id),
                code: Set(format!("{code}-l{j}")),
                name: Set(format!("Layanan {j}")),
                monthly_served: Set(Some(500)),
                keywords: Set(None),
                active: Set(true),
                created_at: Set(now),
            })
            .exec(db)
            .await?;
        }
        units = unit::Entity::find().all(db).await?;
        services = service::Entity::find().all(db).await?;
    }
    let ids: Vec<i32> = services.iter().map(|s| s.id).collect();
    let today = app::clock::wib_day(now);
    let first = today
        .checked_sub_months(chrono::Months::new(g.months))
        .unwrap_or(today);
    let days = (today - first).num_days().max(1) as u64;
    let mut rng = Rng(0x5eed_2026_1122);
    let mut left = g.responses;
    while left > 0 {
        let txn = db.begin().await?;
        for _ in 0..STATEMENTS {
            if left == 0 {
                break;
            }
            let n = left.min(ROWS as u64);
            left -= n;
            let mut sql = String::from(
                "INSERT INTO survey_responses (service_id, submitted_at, day, u1, u2, u3, u4, u5, u6, u7, u8, u9, lang, source) VALUES ",
            );
            for i in 0..n {
                let day = first + chrono::Duration::days(rng.below(days) as i64);
                let sid = ids[rng.below(ids.len() as u64) as usize];
                let base = 2 + rng.below(2);
                let a: Vec<String> = (0..9)
                    .map(|_| (base + rng.below(2)).min(4).to_string())
                    .collect();
                if i > 0 {
                    sql.push(',');
                }
                sql.push_str(&format!(
                    "({sid}, '{day}T05:00:00+00:00', '{day}', {}, 'id', 'demo')",
                    a.join(", ")
                ));
            }
            txn.execute_unprepared(&sql).await?;
        }
        txn.commit().await?;
    }
    let txn = db.begin().await?;
    app::survey::repo::rebuild_sums(&txn).await?;
    txn.commit().await?;
    if db.get_database_backend() == sea_orm::DbBackend::Sqlite {
        db.execute_unprepared("ANALYZE").await?;
    }
    Ok(ids.len())
}
