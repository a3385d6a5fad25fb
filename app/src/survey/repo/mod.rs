//! Survey queries: storing a response with its running sums, and reading sums for an index.

mod sums;

pub use sums::{ServiceTotals, add_totals_by_day, rebuild_sums, sums_by_month, totals_by_service};

use super::domain::{Element, NewSurvey};
use super::index::Totals;
use crate::entities::survey_response;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveValue::{NotSet, Set},
    ConnectionTrait, DbBackend, DbErr, EntityTrait, Statement,
};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Where a response came from.
#[derive(Clone, Copy, Debug)]
pub enum Source {
    Web,
    Api,
    Import,
    Demo,
    /// A registered kiosk tablet at the counter.
    Kiosk,
}

impl Source {
    fn code(self) -> &'static str {
        match self {
            Source::Web => "web",
            Source::Api => "api",
            Source::Import => "import",
            Source::Demo => "demo",
            Source::Kiosk => "kiosk",
        }
    }
}

/// When and as what a response arrived: the device's id for the submission (if it sent
/// one), when it was answered (the index counts it on that day) and when it was received.
#[derive(Clone, Debug)]
pub struct Arrival {
    pub submission_id: Option<String>,
    pub answered_at: DateTime<Utc>,
    pub received_at: DateTime<Utc>,
    /// The kiosk it was answered on.
    pub kiosk_id: Option<i32>,
}

/// The response stored for a submission id, if any.
pub async fn find_submission(db: &impl ConnectionTrait, id: &str) -> Result<Option<i64>, DbErr> {
    use sea_orm::{ColumnTrait, QueryFilter};
    Ok(survey_response::Entity::find()
        .filter(survey_response::Column::SubmissionId.eq(id))
        .one(db)
        .await?
        .map(|r| r.id))
}

/// What storing a submission did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stored {
    /// A new response.
    New(i64),
    /// Its submission id was stored before: nothing counted, this is the first one's id.
    Repeat(i64),
    /// No active service has its code: nothing stored.
    NoService,
}

/// The service a response is for: known by its id (looked up already), or by its code
/// (looked up with the other responses of its batch, one query for all).
#[derive(Clone, Debug)]
pub enum ServiceRef {
    Id(i32),
    Code(String),
}

/// A response to store: its service, answers, language, source and arrival.
#[derive(Clone, Debug)]
pub struct NewResponse {
    pub service: ServiceRef,
    pub survey: NewSurvey,
    pub lang: &'static str,
    pub source: Source,
    pub arrival: Arrival,
}

/// Inserts rows as built (an import, checked before); the caller adds them to the sums.
pub async fn insert_rows(
    db: &impl ConnectionTrait,
    rows: Vec<survey_response::ActiveModel>,
) -> Result<(), DbErr> {
    if rows.is_empty() {
        return Ok(());
    }
    survey_response::Entity::insert_many(rows)
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// Stores responses and adds them to their services' daily and monthly sums (on the day each
/// was answered), each submission id once: one already stored, or met earlier in `items`,
/// stores nothing and answers the first response's id; one for a code that names no active
/// service stores nothing either. Outcomes come in the order of `items`. Call inside a
/// transaction so that all of it happens or none does.
pub async fn insert_responses(
    db: &impl ConnectionTrait,
    items: &[NewResponse],
) -> Result<Vec<Stored>, DbErr> {
    let codes: Vec<&str> = items
        .iter()
        .filter_map(|i| match &i.service {
            ServiceRef::Code(c) => Some(c.as_str()),
            ServiceRef::Id(_) => None,
        })
        .collect();
    let services = active_services(db, &codes).await?;
    let mut out = vec![None; items.len()];
    // Rows are inserted in submission-id order: two transactions inserting the same ids at
    // once (two instances, or two batches on PostgreSQL) wait in the same order, never for
    // each other in a circle.
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by_key(|&i| {
        (
            items[i].arrival.submission_id.is_none(),
            &items[i].arrival.submission_id,
        )
    });
    // The rows to insert (item, service): the first item of each submission id. A later
    // one repeats it (item, first item); one stored before is caught by the unique index.
    let mut rows: Vec<(usize, i32)> = Vec::with_capacity(items.len());
    let mut first_of: HashMap<&str, usize> = HashMap::new();
    let mut repeats: Vec<(usize, usize)> = Vec::new();
    for i in order {
        let item = &items[i];
        let service_id = match &item.service {
            ServiceRef::Id(id) => *id,
            ServiceRef::Code(code) => match services.get(code) {
                Some(&id) => id,
                None => {
                    out[i] = Some(Stored::NoService);
                    continue;
                }
            },
        };
        if let Some(sid) = item.arrival.submission_id.as_deref() {
            if let Some(&first) = first_of.get(sid) {
                repeats.push((i, first));
                continue;
            }
            first_of.insert(sid, i);
        }
        rows.push((i, service_id));
    }
    // The id of each row, none where its submission id was stored before (or meanwhile by
    // a transaction that has committed since).
    let ids = match db.get_database_backend() {
        // One statement for the batch: a round trip per row is what a batch costs on a
        // server; SQLite is in the process, where one row at a time costs as little.
        DbBackend::Postgres => {
            let mut ids = Vec::with_capacity(rows.len());
            for chunk in rows.chunks(ROWS_PER_INSERT) {
                ids.extend(insert_rows_at_once(db, items, chunk).await?);
            }
            ids
        }
        _ => {
            let mut ids = Vec::with_capacity(rows.len());
            for &(i, service_id) in &rows {
                let row = row_model(service_id, &items[i]);
                ids.push(match insert_row(db, row).await {
                    Ok(id) => Some(id),
                    Err(DbErr::RecordNotInserted) => None,
                    Err(e) => return Err(e),
                });
            }
            ids
        }
    };
    let mut sums: BTreeMap<(i32, NaiveDate), Totals> = BTreeMap::new();
    for (&(i, service_id), id) in rows.iter().zip(ids) {
        let item = &items[i];
        out[i] = Some(match (id, item.arrival.submission_id.as_deref()) {
            (Some(id), _) => {
                let day = crate::clock::wib_day(item.arrival.answered_at);
                let scores = Element::ALL.map(|e| Some(item.survey.score(e).get()));
                let t = sums.entry((service_id, day)).or_default();
                t.add_response(scores);
                t.profile.add_row(&row_model(service_id, item));
                Stored::New(id)
            }
            (None, Some(sid)) => {
                Stored::Repeat(find_submission(db, sid).await?.ok_or_else(|| {
                    DbErr::Custom("a conflicting submission id is not stored".into())
                })?)
            }
            // Only a submission id can conflict.
            (None, None) => return Err(DbErr::RecordNotInserted),
        });
    }
    for (i, first) in repeats {
        out[i] = match out[first] {
            Some(Stored::New(id) | Stored::Repeat(id)) => Some(Stored::Repeat(id)),
            other => other,
        };
    }
    add_totals_by_day(db, &sums).await?;
    Ok(out
        .into_iter()
        .map(|o| o.expect("every item has an outcome"))
        .collect())
}

/// The ids of the active services among these codes.
async fn active_services(
    db: &impl ConnectionTrait,
    codes: &[&str],
) -> Result<HashMap<String, i32>, DbErr> {
    use crate::entities::service;
    use sea_orm::{ColumnTrait, QueryFilter, QuerySelect};
    let mut codes = codes.to_vec();
    codes.sort_unstable();
    codes.dedup();
    let mut found = HashMap::new();
    for chunk in codes.chunks(500) {
        let rows: Vec<(i32, String)> = service::Entity::find()
            .select_only()
            .column(service::Column::Id)
            .column(service::Column::Code)
            .filter(service::Column::Active.eq(true))
            .filter(service::Column::Code.is_in(chunk.iter().copied()))
            .into_tuple()
            .all(db)
            .await?;
        found.extend(rows.into_iter().map(|(id, code)| (code, id)));
    }
    Ok(found)
}

/// The row of a response for `service_id`, its id left to the database.
fn row_model(service_id: i32, item: &NewResponse) -> survey_response::ActiveModel {
    let (survey, arrival) = (&item.survey, &item.arrival);
    let at = arrival.answered_at;
    let score = |e: Element| Set(Some(i16::from(survey.score(e).get())));
    let r = survey.respondent();
    survey_response::ActiveModel {
        id: NotSet,
        service_id: Set(service_id),
        submitted_at: Set(at),
        day: Set(crate::clock::wib_day(at)),
        u1: score(Element::U1),
        u2: score(Element::U2),
        u3: score(Element::U3),
        u4: score(Element::U4),
        u5: score(Element::U5),
        u6: score(Element::U6),
        u7: score(Element::U7),
        u8: score(Element::U8),
        u9: score(Element::U9),
        gender: Set(r.gender.map(|g| g.code().to_string())),
        age: Set(r.age.map(i16::from)),
        education: Set(r.education.clone()),
        occupation: Set(r.occupation.clone()),
        suggestion: Set(survey.suggestion().map(str::to_string)),
        lang: Set(item.lang.to_string()),
        source: Set(item.source.code().to_string()),
        submission_id: Set(arrival.submission_id.clone()),
        received_at: Set(Some(arrival.received_at)),
        kiosk_id: Set(arrival.kiosk_id),
    }
}

/// A submission id already stored, by a transaction that committed meanwhile too, inserts
/// nothing instead of failing the whole transaction.
fn on_submission_conflict() -> OnConflict {
    OnConflict::column(survey_response::Column::SubmissionId)
        .do_nothing()
        .to_owned()
}

/// Inserts one response row; `RecordNotInserted` when its submission id is stored.
async fn insert_row(
    db: &impl ConnectionTrait,
    row: survey_response::ActiveModel,
) -> Result<i64, DbErr> {
    Ok(survey_response::Entity::insert(row)
        .on_conflict(on_submission_conflict())
        .exec(db)
        .await?
        .last_insert_id)
}

/// Rows in one `INSERT` at most: PostgreSQL takes 65,535 parameters a statement, a row
/// has 23 (a survey batch holds 256 at most).
const ROWS_PER_INSERT: usize = 1000;

/// Inserts the rows (item, service) in one statement on PostgreSQL; the id of each, none
/// where its submission id is stored. The ids are drawn from the table's sequence first:
/// `RETURNING` lists the inserted rows in no promised order, an id says which row it is.
async fn insert_rows_at_once(
    db: &impl ConnectionTrait,
    items: &[NewResponse],
    rows: &[(usize, i32)],
) -> Result<Vec<Option<i64>>, DbErr> {
    use sea_orm::QueryTrait;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let n = i64::try_from(rows.len()).unwrap_or(i64::MAX);
    let ids: Vec<i64> = db
        .query_all_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT nextval(pg_get_serial_sequence('survey_responses', 'id')) \
             FROM generate_series(1, $1)",
            [n.into()],
        ))
        .await?
        .iter()
        .map(|r| r.try_get_by_index::<i64>(0))
        .collect::<Result<_, _>>()?;
    let models = rows.iter().zip(&ids).map(|(&(i, service_id), &id)| {
        let mut row = row_model(service_id, &items[i]);
        row.id = Set(id);
        row
    });
    let mut insert = survey_response::Entity::insert_many(models)
        .on_conflict(on_submission_conflict())
        .into_query();
    insert.returning_col(survey_response::Column::Id);
    let inserted: HashSet<i64> = db
        .query_all(&insert)
        .await?
        .iter()
        .map(|r| r.try_get_by_index::<i64>(0))
        .collect::<Result<_, _>>()?;
    Ok(ids
        .into_iter()
        .map(|id| inserted.contains(&id).then_some(id))
        .collect())
}
