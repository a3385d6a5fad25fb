//! The running sums behind every index: per service and day (`survey_daily`) and per service
//! and month (`survey_monthly`), written in the same transaction as the responses, and read
//! back as whole months plus the days left over at either end of a range.

use crate::period::{Cover, month_start};
use crate::survey::index::{DayMoments, Moments, Totals};
use crate::survey::profile::Profile;
use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, DbBackend, DbErr, FromQueryResult, Statement, Value};
use std::collections::{BTreeMap, HashMap};

/// The summed columns of every day and month, in the order of `Totals`: responses, n1..n9,
/// s1..s9, the moments (`Moments::columns`), then the profile (`Profile::columns`).
fn columns() -> &'static [String] {
    static COLUMNS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    COLUMNS.get_or_init(|| {
        std::iter::once("responses".to_string())
            .chain((1..=9).map(|i| format!("n{i}")))
            .chain((1..=9).map(|i| format!("s{i}")))
            .chain(Moments::columns())
            .chain(Profile::columns())
            .collect()
    })
}

/// The days' moments (`DayMoments::columns`), kept per month only: a daily row is one day,
/// whose moments are its own counts and sums multiplied (`DayMoments::column_sql`).
fn day_columns() -> &'static [String] {
    static COLUMNS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    COLUMNS.get_or_init(DayMoments::columns)
}

/// Sums in the order of `columns`.
fn values(t: &Totals) -> impl Iterator<Item = i64> + '_ {
    std::iter::once(t.responses)
        .chain(t.answered.iter().copied())
        .chain(t.sums.iter().copied())
        .chain(t.moments.values())
        .chain(t.profile.values())
}

/// Sums from values in the order of `columns` then `day_columns`.
fn from_values(v: &[i64]) -> Result<Totals, DbErr> {
    let wrong = || DbErr::Custom("a sums row has the wrong number of columns".into());
    let first = columns().len();
    if v.len() != first + day_columns().len() {
        return Err(wrong());
    }
    let profile_at = first - crate::survey::profile::COLUMNS;
    let moments = Moments::from_values(&v[19..profile_at]).ok_or_else(wrong)?;
    let profile = Profile::from_values(&v[profile_at..first]).ok_or_else(wrong)?;
    let days = DayMoments::from_values(&v[first..]).ok_or_else(wrong)?;
    let mut t = Totals {
        responses: v[0],
        moments,
        days,
        profile,
        ..Totals::default()
    };
    t.answered.copy_from_slice(&v[1..10]);
    t.sums.copy_from_slice(&v[10..19]);
    Ok(t)
}

/// Bound values of one statement, with the backend's placeholder for each.
struct Params {
    backend: DbBackend,
    values: Vec<Value>,
}

impl Params {
    fn new(backend: DbBackend) -> Params {
        Params {
            backend,
            values: Vec::new(),
        }
    }

    /// Binds `v` and returns its placeholder.
    fn bind(&mut self, v: impl Into<Value>) -> String {
        self.values.push(v.into());
        match self.backend {
            DbBackend::Postgres => format!("${}", self.values.len()),
            _ => "?".to_string(),
        }
    }

    /// ` AND service_id IN (..)` for a chosen set of services, nothing for all (`IN ()` is
    /// not SQL: an empty set matches nothing).
    fn services(&mut self, ids: Option<&[i32]>) -> String {
        match ids {
            None => String::new(),
            Some([]) => " AND 1 = 0".to_string(),
            Some(ids) => {
                let marks: Vec<String> = ids.iter().map(|&id| self.bind(id)).collect();
                format!(" AND service_id IN ({})", marks.join(", "))
            }
        }
    }

    /// ` AND column >= from AND column <= to` for the bounded ends.
    fn between(&mut self, column: &str, from: Option<NaiveDate>, to: Option<NaiveDate>) -> String {
        let mut sql = String::new();
        if let Some(a) = from {
            sql.push_str(&format!(" AND {column} >= {}", self.bind(a)));
        }
        if let Some(b) = to {
            sql.push_str(&format!(" AND {column} <= {}", self.bind(b)));
        }
        sql
    }

    fn statement(self, sql: String) -> Statement {
        Statement::from_sql_and_values(self.backend, sql, self.values)
    }
}

/// `YYYY-MM` of a date column.
fn month_key(backend: DbBackend, column: &str) -> String {
    match backend {
        DbBackend::Postgres => format!("to_char({column}, 'YYYY-MM')"),
        _ => format!("substr({column}, 1, 7)"),
    }
}

/// Adds sums by service and day to their daily rows, then (merged by month) to their monthly
/// rows, with what each day's new sums add to the month's days' moments (the day's sums
/// before are read back from its row: its products change by more than the new sums').
/// Rows are taken in one order, every daily row before any monthly row, each kind by
/// service and date, so that transactions adding to the same rows at once on PostgreSQL
/// wait for each other instead of deadlocking (and a day's row, locked until commit, gives
/// each its true sums before). The days' moments of `by_day`'s totals are not read: they
/// follow from the daily rows.
pub async fn add_totals_by_day(
    db: &impl ConnectionTrait,
    by_day: &BTreeMap<(i32, NaiveDate), Totals>,
) -> Result<(), DbErr> {
    let mut by_month: BTreeMap<(i32, NaiveDate), Totals> = BTreeMap::new();
    for (&(service_id, day), t) in by_day {
        let after = upsert_day(db, service_id, day, t).await?;
        // `as_day` reads only the counts and sums, which `minus` gives right.
        let before = after.minus(t);
        let month = by_month.entry((service_id, month_start(day))).or_default();
        month.merge(&Totals {
            days: DayMoments::default(),
            ..*t
        });
        month.days.merge(&after.as_day().minus(&before.as_day()));
    }
    for (&(service_id, month), t) in &by_month {
        upsert_month(db, service_id, month, t).await?;
    }
    Ok(())
}

/// `INSERT .. ON CONFLICT DO UPDATE` adding `values` to `names` of a table's row.
fn add_to_row(
    p: &mut Params,
    table: &str,
    key: &str,
    service_id: i32,
    at: NaiveDate,
    names: &[&String],
    values: impl Iterator<Item = i64>,
) -> String {
    let mut marks = vec![p.bind(service_id), p.bind(at)];
    marks.extend(values.map(|v| p.bind(v)));
    let updates: Vec<String> = names
        .iter()
        .map(|c| format!("{c} = {table}.{c} + excluded.{c}"))
        .collect();
    let names: Vec<&str> = names.iter().map(|c| c.as_str()).collect();
    format!(
        "INSERT INTO {table} (service_id, {key}, {}) VALUES ({}) \
         ON CONFLICT (service_id, {key}) DO UPDATE SET {}",
        names.join(", "),
        marks.join(", "),
        updates.join(", ")
    )
}

/// Adds `t` to a day's row and returns the row's counts and sums after it.
async fn upsert_day(
    db: &impl ConnectionTrait,
    service_id: i32,
    day: NaiveDate,
    t: &Totals,
) -> Result<Totals, DbErr> {
    let mut p = Params::new(db.get_database_backend());
    let names: Vec<&String> = columns().iter().collect();
    let sql = add_to_row(
        &mut p,
        "survey_daily",
        "day",
        service_id,
        day,
        &names,
        values(t),
    );
    let back: Vec<String> = columns()[..19]
        .iter()
        .map(|c| format!("CAST({c} AS BIGINT)"))
        .collect();
    let sql = format!("{sql} RETURNING {}", back.join(", "));
    let row = db
        .query_one_raw(p.statement(sql))
        .await?
        .ok_or_else(|| DbErr::Custom("a day's sums came back empty".into()))?;
    let v = (0..19)
        .map(|i| row.try_get_by_index::<i64>(i))
        .collect::<Result<Vec<_>, _>>()?;
    let mut after = Totals {
        responses: v[0],
        ..Totals::default()
    };
    after.answered.copy_from_slice(&v[1..10]);
    after.sums.copy_from_slice(&v[10..19]);
    Ok(after)
}

/// Adds `t`, its days' moments included, to a month's row.
async fn upsert_month(
    db: &impl ConnectionTrait,
    service_id: i32,
    month: NaiveDate,
    t: &Totals,
) -> Result<(), DbErr> {
    let mut p = Params::new(db.get_database_backend());
    let names: Vec<&String> = columns().iter().chain(day_columns()).collect();
    let sql = add_to_row(
        &mut p,
        "survey_monthly",
        "month",
        service_id,
        month,
        &names,
        values(t).chain(t.days.values()),
    );
    db.execute_raw(p.statement(sql)).await?;
    Ok(())
}

/// Recomputes every daily and monthly sum from the responses (after a bulk load).
pub async fn rebuild_sums(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    let counts: Vec<String> = (1..=9).map(|i| format!("COUNT(u{i})")).collect();
    let sums: Vec<String> = (1..=9)
        .map(|i| format!("COALESCE(SUM(u{i}), 0)"))
        .chain(Moments::column_sql())
        .chain(Profile::column_sql())
        .collect();
    let names = columns().join(", ");
    db.execute_unprepared("DELETE FROM survey_monthly").await?;
    db.execute_unprepared("DELETE FROM survey_daily").await?;
    db.execute_unprepared(&format!(
        "INSERT INTO survey_daily (service_id, day, {names}) \
         SELECT service_id, day, COUNT(*), {}, {} FROM survey_responses GROUP BY service_id, day",
        counts.join(", "),
        sums.join(", ")
    ))
    .await?;
    let month = match db.get_database_backend() {
        DbBackend::Postgres => "CAST(date_trunc('month', day) AS date)",
        _ => "date(day, 'start of month')",
    };
    let summed: Vec<String> = columns()
        .iter()
        .map(|c| format!("SUM({c})"))
        .chain(
            DayMoments::column_sql()
                .into_iter()
                .map(|e| format!("CAST({e} AS BIGINT)")),
        )
        .collect();
    db.execute_unprepared(&format!(
        "INSERT INTO survey_monthly (service_id, month, {names}, {}) \
         SELECT service_id, {month}, {} FROM survey_daily GROUP BY service_id, {month}",
        day_columns().join(", "),
        summed.join(", ")
    ))
    .await?;
    Ok(())
}

/// What read sums are added up by.
#[derive(Clone, Copy)]
enum Group {
    Service,
    Month,
}

/// One group's sums: `service_id` is 0 when grouped by month, `month` empty when grouped
/// by service.
struct Row {
    service_id: i32,
    month: String,
    totals: Totals,
}

impl Row {
    /// A row selected as `service_id, month, <columns>, <day_columns>`.
    fn read(r: &sea_orm::QueryResult) -> Result<Row, DbErr> {
        let v = (0..columns().len() + day_columns().len())
            .map(|i| r.try_get_by_index::<i64>(i + 2))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Row {
            service_id: r.try_get_by_index(0)?,
            month: r.try_get_by_index(1)?,
            totals: from_values(&v)?,
        })
    }
}

/// Sums over `[from, to]` (either end open) for the given services or all, added up in
/// SQL by `group` so that few rows cross to Rust (each row costs more in the driver than
/// in SQLite): the whole months from `survey_monthly`, the days at either end from
/// `survey_daily`. A group may come back once from each table.
async fn read(
    db: &impl ConnectionTrait,
    services: Option<&[i32]>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    group: Group,
) -> Result<Vec<Row>, DbErr> {
    let backend = db.get_database_backend();
    let cover = Cover::of(from, to);
    let first = columns()
        .iter()
        .map(|c| format!("CAST(SUM({c}) AS BIGINT) AS {c}"));
    let of_months: Vec<String> = first
        .clone()
        .chain(
            day_columns()
                .iter()
                .map(|c| format!("CAST(SUM({c}) AS BIGINT) AS {c}")),
        )
        .collect();
    let of_days: Vec<String> = first
        .chain(
            DayMoments::column_sql()
                .into_iter()
                .zip(day_columns())
                .map(|(e, c)| format!("CAST({e} AS BIGINT) AS {c}")),
        )
        .collect();
    let select = |date: &str| {
        let summed = if date == "month" {
            &of_months
        } else {
            &of_days
        };
        let month = month_key(backend, date);
        let (keys, by) = match group {
            Group::Service => (
                "service_id, '' AS month".to_string(),
                "service_id".to_string(),
            ),
            Group::Month => (format!("0 AS service_id, {month} AS month"), month),
        };
        (format!("SELECT {keys}, {}", summed.join(", ")), by)
    };
    let mut out = Vec::new();
    if let Some((first, last)) = cover.months {
        let mut p = Params::new(backend);
        let mut filter = p.between("month", first, last);
        filter.push_str(&p.services(services));
        let (select, by) = select("month");
        let sql = format!("{select} FROM survey_monthly WHERE 1 = 1{filter} GROUP BY {by}");
        for r in db.query_all_raw(p.statement(sql)).await? {
            out.push(Row::read(&r)?);
        }
    }
    if !cover.days.is_empty() {
        let mut p = Params::new(backend);
        let ranges: Vec<String> = cover
            .days
            .iter()
            .map(|&(a, b)| format!("(day >= {} AND day <= {})", p.bind(a), p.bind(b)))
            .collect();
        let filter = p.services(services);
        let (select, by) = select("day");
        let sql = format!(
            "{select} FROM survey_daily WHERE ({}){filter} GROUP BY {by}",
            ranges.join(" OR ")
        );
        for r in db.query_all_raw(p.statement(sql)).await? {
            out.push(Row::read(&r)?);
        }
    }
    Ok(out)
}

/// Sums per month (`YYYY-MM`) over `[from, to]` (either end open), for the given services
/// or all; a month cut by the range counts only its days inside it.
pub async fn sums_by_month(
    db: &impl ConnectionTrait,
    services: Option<&[i32]>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<BTreeMap<String, Totals>, DbErr> {
    let mut out: BTreeMap<String, Totals> = BTreeMap::new();
    for r in read(db, services, from, to, Group::Month).await? {
        out.entry(r.month).or_default().merge(&r.totals);
    }
    Ok(out)
}

/// Sums of one service over a date range, with the first and last day that had responses
/// (read only for an open end of the range).
#[derive(Clone, Debug, Default)]
pub struct ServiceTotals {
    pub totals: Totals,
    pub first_day: Option<NaiveDate>,
    pub last_day: Option<NaiveDate>,
}

#[derive(FromQueryResult)]
struct DaysRow {
    service_id: i32,
    first_day: Option<NaiveDate>,
    last_day: Option<NaiveDate>,
}

/// Sums per service over `[from, to]` (either end open), for the given services or all.
pub async fn totals_by_service(
    db: &impl ConnectionTrait,
    services: Option<&[i32]>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<HashMap<i32, ServiceTotals>, DbErr> {
    let mut out: HashMap<i32, ServiceTotals> = HashMap::new();
    for r in read(db, services, from, to, Group::Service).await? {
        out.entry(r.service_id).or_default().totals.merge(&r.totals);
    }
    if from.is_none() || to.is_none() {
        let mut p = Params::new(db.get_database_backend());
        let mut filter = p.services(services);
        filter.push_str(&p.between("day", from, to));
        let sql = format!(
            "SELECT service_id, MIN(day) AS first_day, MAX(day) AS last_day FROM survey_daily \
             WHERE 1 = 1{filter} GROUP BY service_id"
        );
        for r in DaysRow::find_by_statement(p.statement(sql)).all(db).await? {
            if let Some(t) = out.get_mut(&r.service_id) {
                t.first_day = r.first_day;
                t.last_day = r.last_day;
            }
        }
    }
    Ok(out)
}
