//! Queries on the SKM follow-up plan.

use super::domain::{Action, CheckedAction, Status};
use crate::entities::skm_follow_up;
use chrono::NaiveDate;
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::{NotSet, Set},
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
};

/// An action row with its unit's code, as pages show it.
fn shown(m: skm_follow_up::Model, unit: &str) -> Action {
    Action {
        id: m.id,
        unit: unit.to_string(),
        period: m.period,
        element: m.element,
        action: m.action,
        responsible: m.responsible,
        due_on: m.due_on,
        status: m.status,
        note: m.note,
        updated_on: crate::clock::wib_day(m.updated_at),
    }
}

/// Stores a new action of unit `unit_id` by `by` (none: automation); its id.
pub async fn create(
    db: &impl ConnectionTrait,
    unit_id: i32,
    a: &CheckedAction,
    by: Option<i32>,
) -> Result<i32, DbErr> {
    let now = crate::clock::now();
    let m = skm_follow_up::ActiveModel {
        id: NotSet,
        unit_id: Set(unit_id),
        period: Set(a.period.key()),
        element: Set(a.element.code().to_string()),
        action: Set(a.action.clone()),
        responsible: Set(a.responsible.clone()),
        due_on: Set(a.due_on),
        status: Set(Status::Planned),
        note: Set(None),
        created_by: Set(by),
        created_at: Set(now),
        updated_at: Set(now),
        due_mailed_on: Set(None),
    }
    .insert(db)
    .await?;
    Ok(m.id)
}

/// One action, with its unit's id.
pub async fn find(
    db: &impl ConnectionTrait,
    id: i32,
) -> Result<Option<skm_follow_up::Model>, DbErr> {
    skm_follow_up::Entity::find_by_id(id).one(db).await
}

/// Sets an action's status and note (a blank note keeps the one it had); the action as it
/// now is, named by its unit's code `unit`.
pub async fn update(
    db: &impl ConnectionTrait,
    row: skm_follow_up::Model,
    unit: &str,
    status: Status,
    note: Option<String>,
) -> Result<Action, DbErr> {
    let keep = row.note.clone();
    let mut m: skm_follow_up::ActiveModel = row.into();
    m.status = Set(status);
    m.note = Set(note.or(keep));
    m.updated_at = Set(crate::clock::now());
    Ok(shown(m.update(db).await?, unit))
}

/// The actions of the units `units` (with their codes) whose period is one of `periods`
/// (all periods for `None`), by element and due date.
pub async fn of_units(
    db: &impl ConnectionTrait,
    units: &[(i32, String)],
    periods: Option<&[String]>,
) -> Result<Vec<Action>, DbErr> {
    let mut q = skm_follow_up::Entity::find()
        .filter(skm_follow_up::Column::UnitId.is_in(units.iter().map(|(id, _)| *id)));
    if let Some(p) = periods {
        q = q.filter(skm_follow_up::Column::Period.is_in(p.iter().cloned()));
    }
    let rows = q
        .order_by_asc(skm_follow_up::Column::Element)
        .order_by_asc(skm_follow_up::Column::DueOn)
        .order_by_asc(skm_follow_up::Column::Id)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|m| {
            let code = units
                .iter()
                .find(|(id, _)| *id == m.unit_id)
                .map(|(_, c)| c.clone())
                .unwrap_or_default();
            shown(m, &code)
        })
        .collect())
}

/// The actions of the given units that answer results of a period overlapping `[from, to]`
/// (a year's page shows the plans of its quarters and months too).
pub async fn of_units_between(
    db: &impl ConnectionTrait,
    units: &[(i32, String)],
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
) -> Result<Vec<Action>, DbErr> {
    Ok(of_units(db, units, None)
        .await?
        .into_iter()
        .filter(|a| {
            crate::period::Period::parse(&a.period).is_some_and(|p| {
                let (a_from, a_to) = p.range();
                a_from <= to && from <= a_to
            })
        })
        .collect())
}

/// Per unit, the actions not done that fall due by `until`: `(unit_id, due_on)` pairs
/// (the dashboard counts those past `today` as overdue).
pub async fn open_due_by(
    db: &impl ConnectionTrait,
    until: NaiveDate,
) -> Result<Vec<(i32, NaiveDate)>, DbErr> {
    Ok(skm_follow_up::Entity::find()
        .filter(skm_follow_up::Column::Status.ne(Status::Done))
        .filter(skm_follow_up::Column::DueOn.lte(until))
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.unit_id, m.due_on))
        .collect())
}

/// The actions not done whose day has come by `today` and whose officers were not mailed
/// yet.
pub async fn due_unmailed(
    db: &impl ConnectionTrait,
    today: NaiveDate,
) -> Result<Vec<skm_follow_up::Model>, DbErr> {
    skm_follow_up::Entity::find()
        .filter(skm_follow_up::Column::Status.ne(Status::Done))
        .filter(skm_follow_up::Column::DueOn.lte(today))
        .filter(skm_follow_up::Column::DueMailedOn.is_null())
        .order_by_asc(skm_follow_up::Column::UnitId)
        .order_by_asc(skm_follow_up::Column::Id)
        .all(db)
        .await
}

/// Claims the due mail of action `id` for `day`: true when this caller set it (nobody had).
pub async fn claim_mail(db: &impl ConnectionTrait, id: i32, day: NaiveDate) -> Result<bool, DbErr> {
    let done = skm_follow_up::Entity::update_many()
        .col_expr(
            skm_follow_up::Column::DueMailedOn,
            sea_orm::sea_query::Expr::value(day),
        )
        .filter(skm_follow_up::Column::Id.eq(id))
        .filter(skm_follow_up::Column::DueMailedOn.is_null())
        .exec(db)
        .await?;
    Ok(done.rows_affected == 1)
}
