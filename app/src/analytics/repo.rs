//! The analytics queries: complaints filed in a range, their final resolutions, and survey
//! responses' profile and suggestions for a set of services in a range. The figures are computed from these by
//! `stats.rs`, `export.rs`, the SKM report and the training impact.

use crate::entities::{complaint, complaint_event, survey_response};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use std::collections::HashMap;

/// Midnight WIB of a day, in UTC.
pub fn wib_midnight(d: NaiveDate) -> DateTime<Utc> {
    d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc()
        - chrono::Duration::hours(crate::clock::WIB_OFFSET_HOURS)
}

/// Complaints filed in `[from, to]` (WIB days) about `units` (`None`: all), with the given
/// status if one is asked for, oldest first.
pub async fn complaints_filed(
    db: &impl ConnectionTrait,
    units: Option<&[i32]>,
    status: Option<&str>,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<complaint::Model>, DbErr> {
    let mut q = complaint::Entity::find()
        .filter(complaint::Column::CreatedAt.gte(wib_midnight(from)))
        .filter(complaint::Column::CreatedAt.lt(wib_midnight(to + chrono::Duration::days(1))))
        .order_by_asc(complaint::Column::CreatedAt);
    if let Some(u) = units {
        q = q.filter(complaint::Column::UnitId.is_in(u.iter().copied()));
    }
    if let Some(s) = status {
        q = q.filter(complaint::Column::Status.eq(s));
    }
    q.all(db).await
}

/// Complaints about `units` (`None`: all) still open now, whenever they were filed: not
/// rejected, merged, resolved or closed.
pub async fn open_complaints(
    db: &impl ConnectionTrait,
    units: Option<&[i32]>,
) -> Result<Vec<complaint::Model>, DbErr> {
    use crate::complaints::domain::Status;
    let finished: Vec<&str> = Status::ALL
        .into_iter()
        .filter(|s| s.is_finished())
        .map(Status::code)
        .collect();
    let mut q = complaint::Entity::find().filter(complaint::Column::Status.is_not_in(finished));
    if let Some(u) = units {
        q = q.filter(complaint::Column::UnitId.is_in(u.iter().copied()));
    }
    q.all(db).await
}

/// When each of `cases` was finally resolved: the last `resolved` step of a case that is
/// resolved or closed now. A case reopened after a resolution counts from its last
/// resolution, and not at all while it is open again.
pub async fn final_resolved(
    db: &impl ConnectionTrait,
    cases: &[complaint::Model],
) -> Result<HashMap<i64, DateTime<Utc>>, DbErr> {
    use crate::complaints::domain::Status;
    let finished: Vec<i64> = cases
        .iter()
        .filter(|c| {
            matches!(
                Status::from_code(&c.status),
                Some(Status::Resolved | Status::Closed)
            )
        })
        .map(|c| c.id)
        .collect();
    let mut resolved_at: HashMap<i64, DateTime<Utc>> = HashMap::new();
    for chunk in finished.chunks(500) {
        for e in complaint_event::Entity::find()
            .filter(complaint_event::Column::ComplaintId.is_in(chunk.iter().copied()))
            .filter(complaint_event::Column::StatusTo.eq("resolved"))
            .all(db)
            .await?
        {
            resolved_at
                .entry(e.complaint_id)
                .and_modify(|t| *t = (*t).max(e.at))
                .or_insert(e.at);
        }
    }
    Ok(resolved_at)
}

/// Each time one of the cases `ids` reached one of the statuses `to`: the case and the status.
pub async fn statuses_reached(
    db: &impl ConnectionTrait,
    ids: &[i64],
    to: &[crate::complaints::domain::Status],
) -> Result<Vec<(i64, crate::complaints::domain::Status)>, DbErr> {
    let codes: Vec<&str> = to.iter().map(|s| s.code()).collect();
    let mut reached = Vec::new();
    for chunk in ids.chunks(500) {
        for e in complaint_event::Entity::find()
            .filter(complaint_event::Column::ComplaintId.is_in(chunk.iter().copied()))
            .filter(complaint_event::Column::StatusTo.is_in(codes.iter().copied()))
            .all(db)
            .await?
        {
            if let Some(s) = e
                .status_to
                .as_deref()
                .and_then(crate::complaints::domain::Status::from_code)
            {
                reached.push((e.complaint_id, s));
            }
        }
    }
    Ok(reached)
}

/// How many responses to `services` answered in `[from, to]` gave each combination of the
/// profile questions (counted by the database: a unit's year is hundreds of thousands of
/// responses, and only a few hundred combinations).
#[derive(Clone, Debug, FromQueryResult)]
pub struct ProfileCount {
    pub gender: Option<String>,
    pub age: Option<i16>,
    pub education: Option<String>,
    pub occupation: Option<String>,
    pub n: i64,
}

fn answered_between(
    services: &[i32],
    from: NaiveDate,
    to: NaiveDate,
) -> sea_orm::Select<survey_response::Entity> {
    use survey_response::Column as C;
    survey_response::Entity::find()
        .filter(C::ServiceId.is_in(services.iter().copied()))
        .filter(C::Day.gte(from))
        .filter(C::Day.lte(to))
}

/// The survey responses to `services` answered in `[from, to]`, by day and then as stored
/// (the raw export).
pub async fn responses(
    db: &impl ConnectionTrait,
    services: &[i32],
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<survey_response::Model>, DbErr> {
    use survey_response::Column as C;
    answered_between(services, from, to)
        .order_by_asc(C::Day)
        .order_by_asc(C::Id)
        .all(db)
        .await
}

/// The profile of the responses to `services` answered in `[from, to]`.
pub async fn profile_counts(
    db: &impl ConnectionTrait,
    services: &[i32],
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<ProfileCount>, DbErr> {
    use survey_response::Column as C;
    answered_between(services, from, to)
        .select_only()
        .columns([C::Gender, C::Age, C::Education, C::Occupation])
        .column_as(Expr::cust("COUNT(*)"), "n")
        .group_by(C::Gender)
        .group_by(C::Age)
        .group_by(C::Education)
        .group_by(C::Occupation)
        .into_model::<ProfileCount>()
        .all(db)
        .await
}

/// The latest `limit` suggestions (not blank) to `services` answered in `[from, to]`, by
/// day, latest first (a day's in the order stored), with how many there are in all. Both
/// read an index of the responses that carry one (migration 29, the same condition); the
/// latest are read a window of days at a time back from `to` (a week, then four times as
/// many days each time): a unit's year holds tens of thousands, of which a few hundred are
/// shown, and sorting them all is what took the time.
pub async fn suggestions(
    db: &impl ConnectionTrait,
    services: &[i32],
    (from, to): (NaiveDate, NaiveDate),
    limit: u64,
) -> Result<(Vec<(NaiveDate, String)>, u64), DbErr> {
    use survey_response::Column as C;
    let given = |a: NaiveDate, b: NaiveDate| {
        answered_between(services, a, b)
            .filter(C::Suggestion.is_not_null())
            .filter(Expr::cust("trim(suggestion) <> ''"))
    };
    let total = given(from, to).count(db).await?;
    let mut latest = Vec::new();
    let (mut end, mut span) = (to, if total <= limit { i64::MAX } else { 7 });
    while end >= from && (latest.len() as u64) < limit {
        let start = if span > (end - from).num_days() {
            from
        } else {
            end - chrono::Duration::days(span - 1)
        };
        let rows: Vec<(NaiveDate, Option<String>)> = given(start, end)
            .select_only()
            .columns([C::Day, C::Suggestion])
            .order_by_desc(C::Day)
            .order_by_asc(C::Id)
            .limit(limit - latest.len() as u64)
            .into_tuple()
            .all(db)
            .await?;
        latest.extend(
            rows.into_iter()
                .filter_map(|(day, text)| Some((day, text?))),
        );
        match start.pred_opt() {
            Some(before) if start > from => end = before,
            _ => break,
        }
        span = span.saturating_mul(4);
    }
    Ok((latest, total))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wib_midnight_is_five_in_the_afternoon_utc_the_day_before() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        assert_eq!(wib_midnight(d).to_rfc3339(), "2026-12-01T17:00:00+00:00");
    }
}
