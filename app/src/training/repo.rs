//! The training programs in the database: store one with its units, and list them all.

use crate::entities::{training_program, training_unit, unit};
use sea_orm::{
    ActiveValue::{NotSet, Set},
    ConnectionTrait, DbErr, EntityTrait, QueryOrder,
};

/// Stores a program; `Err(field)` when a unit code is unknown.
pub async fn create_program(
    db: &impl ConnectionTrait,
    p: &super::programs::Program,
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
        comparison_fixed: Set(false),
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

/// The day (WIB) a program was registered.
pub fn registered_on(p: &training_program::Model) -> chrono::NaiveDate {
    crate::clock::wib_day(p.created_at)
}

/// Every program, latest first.
pub async fn programs(
    db: &impl ConnectionTrait,
) -> Result<Vec<super::programs::ProgramView>, DbErr> {
    let programs = training_program::Entity::find()
        .order_by_desc(training_program::Column::StartDate)
        .all(db)
        .await?;
    let links = training_unit::Entity::find().all(db).await?;
    let units = unit::Entity::find().all(db).await?;
    Ok(programs
        .into_iter()
        .map(|p| super::programs::ProgramView {
            registered_on: registered_on(&p).to_string(),
            retrospective: super::impact::report::is_retrospective(registered_on(&p), p.start_date),
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
