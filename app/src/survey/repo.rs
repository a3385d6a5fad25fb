//! Survey queries: storing a response with its daily sums, and reading sums for an index.

use super::domain::{Element, NewSurvey};
use super::index::Totals;
use crate::entities::{survey_daily, survey_response};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{
    ActiveValue::{NotSet, Set},
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, QueryFilter, QuerySelect,
};
use std::collections::HashMap;

/// Where a response came from.
#[derive(Clone, Copy, Debug)]
pub enum Source {
    Web,
    Api,
    Import,
    Demo,
}

impl Source {
    fn code(self) -> &'static str {
        match self {
            Source::Web => "web",
            Source::Api => "api",
            Source::Import => "import",
            Source::Demo => "demo",
        }
    }
}

/// Calendar day of an instant in WIB (UTC+7, no daylight saving).
pub fn wib_day(at: DateTime<Utc>) -> NaiveDate {
    (at + chrono::Duration::hours(7)).date_naive()
}

/// Stores one response and adds it to its service's daily sums. Call inside a transaction so
/// that both happen or neither does.
pub async fn insert_response(
    db: &impl ConnectionTrait,
    service_id: i32,
    survey: &NewSurvey,
    lang: &str,
    source: Source,
    at: DateTime<Utc>,
) -> Result<i64, DbErr> {
    let day = wib_day(at);
    let score = |e: Element| Set(Some(i16::from(survey.score(e).get())));
    let r = survey.respondent();
    let row = survey_response::ActiveModel {
        id: NotSet,
        service_id: Set(service_id),
        submitted_at: Set(at),
        day: Set(day),
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
        lang: Set(lang.to_string()),
        source: Set(source.code().to_string()),
    };
    let id = survey_response::Entity::insert(row)
        .exec(db)
        .await?
        .last_insert_id;
    let scores = Element::ALL.map(|e| Some(survey.score(e).get()));
    add_to_daily(db, service_id, day, scores).await?;
    Ok(id)
}

const DAILY_SUMS: [survey_daily::Column; 19] = {
    use survey_daily::Column::*;
    [
        Responses, N1, N2, N3, N4, N5, N6, N7, N8, N9, S1, S2, S3, S4, S5, S6, S7, S8, S9,
    ]
};

/// Adds one response's scores to the daily row of its service, creating the row if needed.
async fn add_to_daily(
    db: &impl ConnectionTrait,
    service_id: i32,
    day: NaiveDate,
    scores: [Option<u8>; 9],
) -> Result<(), DbErr> {
    let mut totals = Totals::default();
    totals.add_response(scores);
    add_totals_to_daily(db, service_id, day, &totals).await
}

/// Adds sums of responses to the daily row of their service, creating the row if needed.
pub async fn add_totals_to_daily(
    db: &impl ConnectionTrait,
    service_id: i32,
    day: NaiveDate,
    t: &Totals,
) -> Result<(), DbErr> {
    let n = |i: usize| Set(t.answered[i] as i32);
    let s = |i: usize| Set(t.sums[i] as i32);
    let row = survey_daily::ActiveModel {
        service_id: Set(service_id),
        day: Set(day),
        responses: Set(t.responses as i32),
        n1: n(0),
        n2: n(1),
        n3: n(2),
        n4: n(3),
        n5: n(4),
        n6: n(5),
        n7: n(6),
        n8: n(7),
        n9: n(8),
        s1: s(0),
        s2: s(1),
        s3: s(2),
        s4: s(3),
        s5: s(4),
        s6: s(5),
        s7: s(6),
        s8: s(7),
        s9: s(8),
    };
    let mut on_conflict =
        OnConflict::columns([survey_daily::Column::ServiceId, survey_daily::Column::Day]);
    for c in DAILY_SUMS {
        let name = sea_orm::Iden::to_string(&c);
        on_conflict.value(
            c,
            Expr::col((survey_daily::Entity, c)).add(Expr::cust(format!("excluded.{name}"))),
        );
    }
    survey_daily::Entity::insert(row)
        .on_conflict(on_conflict)
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// Recomputes every daily sum from the responses (after a bulk load).
pub async fn rebuild_daily(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    let counts: Vec<String> = (1..=9).map(|i| format!("COUNT(u{i})")).collect();
    let sums: Vec<String> = (1..=9).map(|i| format!("COALESCE(SUM(u{i}), 0)")).collect();
    db.execute_unprepared("DELETE FROM survey_daily").await?;
    db.execute_unprepared(&format!(
        "INSERT INTO survey_daily (service_id, day, responses, n1, n2, n3, n4, n5, n6, n7, n8, n9, \
         s1, s2, s3, s4, s5, s6, s7, s8, s9) \
         SELECT service_id, day, COUNT(*), {}, {} FROM survey_responses GROUP BY service_id, day",
        counts.join(", "),
        sums.join(", ")
    ))
    .await?;
    Ok(())
}

/// Sums of one service over a date range, with the first and last day that had responses.
#[derive(Clone, Debug, Default)]
pub struct ServiceTotals {
    pub totals: Totals,
    pub first_day: Option<NaiveDate>,
    pub last_day: Option<NaiveDate>,
}

#[derive(FromQueryResult)]
struct SumRow {
    service_id: i32,
    first_day: Option<NaiveDate>,
    last_day: Option<NaiveDate>,
    responses: Option<i64>,
    n1: Option<i64>,
    n2: Option<i64>,
    n3: Option<i64>,
    n4: Option<i64>,
    n5: Option<i64>,
    n6: Option<i64>,
    n7: Option<i64>,
    n8: Option<i64>,
    n9: Option<i64>,
    s1: Option<i64>,
    s2: Option<i64>,
    s3: Option<i64>,
    s4: Option<i64>,
    s5: Option<i64>,
    s6: Option<i64>,
    s7: Option<i64>,
    s8: Option<i64>,
    s9: Option<i64>,
}

/// Sums per service over `[from, to]` (either end open), for the given services or all.
pub async fn totals_by_service(
    db: &impl ConnectionTrait,
    services: Option<&[i32]>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<HashMap<i32, ServiceTotals>, DbErr> {
    use survey_daily::Column as C;
    let mut q = survey_daily::Entity::find()
        .select_only()
        .column(C::ServiceId)
        .column_as(Expr::col(C::Day).min(), "first_day")
        .column_as(Expr::col(C::Day).max(), "last_day");
    for c in DAILY_SUMS {
        q = q.column_as(Expr::col(c).sum(), sea_orm::Iden::to_string(&c));
    }
    if let Some(ids) = services {
        q = q.filter(C::ServiceId.is_in(ids.iter().copied()));
    }
    if let Some(from) = from {
        q = q.filter(C::Day.gte(from));
    }
    if let Some(to) = to {
        q = q.filter(C::Day.lte(to));
    }
    let rows = q
        .group_by(C::ServiceId)
        .into_model::<SumRow>()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let v = |x: Option<i64>| x.unwrap_or(0);
            let totals = Totals {
                responses: v(r.responses),
                answered: [r.n1, r.n2, r.n3, r.n4, r.n5, r.n6, r.n7, r.n8, r.n9].map(v),
                sums: [r.s1, r.s2, r.s3, r.s4, r.s5, r.s6, r.s7, r.s8, r.s9].map(v),
            };
            (
                r.service_id,
                ServiceTotals {
                    totals,
                    first_day: r.first_day,
                    last_day: r.last_day,
                },
            )
        })
        .collect())
}
