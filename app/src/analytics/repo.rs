//! The analytics queries: complaints filed in a range, their final resolutions, survey
//! responses of a set of services in a range, and the training programs. The figures are
//! computed from these by `stats.rs`, `export.rs`, the SKM report and `impact/`.

use crate::entities::{
    complaint, complaint_event, survey_response, training_program, training_unit, unit,
};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveValue::{NotSet, Set},
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
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

/// The survey responses to `services` answered in `[from, to]`, by day and then as stored.
pub async fn responses(
    db: &impl ConnectionTrait,
    services: &[i32],
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<survey_response::Model>, DbErr> {
    use survey_response::Column as C;
    survey_response::Entity::find()
        .filter(C::ServiceId.is_in(services.iter().copied()))
        .filter(C::Day.gte(from))
        .filter(C::Day.lte(to))
        .order_by_asc(C::Day)
        .order_by_asc(C::Id)
        .all(db)
        .await
}

// Training programs.

/// Stores a program; `Err(field)` when a unit code is unknown.
pub async fn create_program(
    db: &impl ConnectionTrait,
    p: &super::training::Program,
) -> Result<Result<i32, ()>, DbErr> {
    let mut unit_ids = Vec::new();
    for code in &p.unit_codes {
        match crate::units::repo::find_unit(db, code).await? {
            Some(u) => unit_ids.push(u.id),
            None => return Ok(Err(())),
        }
    }
    let id = training_program::Entity::insert(training_program::ActiveModel {
        id: NotSet,
        name: Set(p.name.clone()),
        topic: Set(p.topic.clone()),
        target_elements: Set(p
            .targets
            .iter()
            .map(|e| e.code())
            .collect::<Vec<_>>()
            .join(",")),
        participants: Set(p.participants),
        start_date: Set(p.start),
        end_date: Set(p.end),
        created_at: Set(crate::clock::now()),
    })
    .exec(db)
    .await?
    .last_insert_id;
    training_unit::Entity::insert_many(unit_ids.into_iter().map(|u| training_unit::ActiveModel {
        program_id: Set(id),
        unit_id: Set(u),
    }))
    .exec_without_returning(db)
    .await?;
    Ok(Ok(id))
}

/// Deletes a program; false when there was none.
pub async fn delete_program(db: &impl ConnectionTrait, id: i32) -> Result<bool, DbErr> {
    training_unit::Entity::delete_many()
        .filter(training_unit::Column::ProgramId.eq(id))
        .exec(db)
        .await?;
    Ok(training_program::Entity::delete_by_id(id)
        .exec(db)
        .await?
        .rows_affected
        > 0)
}

/// Every program, latest first.
pub async fn programs(
    db: &impl ConnectionTrait,
) -> Result<Vec<super::training::ProgramView>, DbErr> {
    let programs = training_program::Entity::find()
        .order_by_desc(training_program::Column::StartDate)
        .all(db)
        .await?;
    let links = training_unit::Entity::find().all(db).await?;
    let units = unit::Entity::find().all(db).await?;
    Ok(programs
        .into_iter()
        .map(|p| super::training::ProgramView {
            unit_codes: links
                .iter()
                .filter(|l| l.program_id == p.id)
                .filter_map(|l| units.iter().find(|u| u.id == l.unit_id))
                .map(|u| u.code.clone())
                .collect(),
            id: p.id,
            name: p.name,
            topic: p.topic,
            target_elements: p
                .target_elements
                .split(',')
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
            participants: p.participants,
            start_date: p.start_date.to_string(),
            end_date: p.end_date.to_string(),
        })
        .collect())
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
