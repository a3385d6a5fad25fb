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

/// A conduct category's training: its topic and the SKM elements it targets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suggestion {
    pub category: String,
    pub topic: String,
    /// Element codes, `U1` first.
    pub elements: Vec<String>,
}

/// Every category's training suggestion, by category code.
pub async fn suggestions(db: &impl ConnectionTrait) -> Result<Vec<Suggestion>, DbErr> {
    use crate::entities::{training_suggestion as ts, training_suggestion_element as te};
    let elements = te::Entity::find().all(db).await?;
    let mut out: Vec<Suggestion> = ts::Entity::find()
        .order_by_asc(ts::Column::Category)
        .all(db)
        .await?
        .into_iter()
        .map(|s| {
            let mut el: Vec<String> = elements
                .iter()
                .filter(|e| e.category == s.category)
                .map(|e| e.element.clone())
                .collect();
            el.sort_by_key(|e| e.trim_start_matches('U').parse::<u8>().unwrap_or(0));
            Suggestion {
                category: s.category,
                topic: s.topic,
                elements: el,
            }
        })
        .collect();
    out.sort_by(|a, b| a.category.cmp(&b.category));
    Ok(out)
}

/// Sets a category's training suggestion (replacing the one before).
pub async fn save_suggestion(
    db: &impl ConnectionTrait,
    s: &Suggestion,
    by: i32,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<(), DbErr> {
    use crate::entities::{training_suggestion as ts, training_suggestion_element as te};
    delete_suggestion(db, &s.category).await?;
    ts::Entity::insert(ts::ActiveModel {
        category: Set(s.category.clone()),
        topic: Set(s.topic.clone()),
        updated_at: Set(at),
        updated_by: Set(Some(by)),
    })
    .exec_without_returning(db)
    .await?;
    if !s.elements.is_empty() {
        te::Entity::insert_many(s.elements.iter().map(|e| te::ActiveModel {
            category: Set(s.category.clone()),
            element: Set(e.clone()),
        }))
        .exec_without_returning(db)
        .await?;
    }
    Ok(())
}

/// Removes a category's training suggestion; whether there was one.
pub async fn delete_suggestion(db: &impl ConnectionTrait, category: &str) -> Result<bool, DbErr> {
    use crate::entities::{training_suggestion as ts, training_suggestion_element as te};
    use sea_orm::{ColumnTrait, QueryFilter};
    te::Entity::delete_many()
        .filter(te::Column::Category.eq(category))
        .exec(db)
        .await?;
    let r = ts::Entity::delete_many()
        .filter(ts::Column::Category.eq(category))
        .exec(db)
        .await?;
    Ok(r.rows_affected > 0)
}
