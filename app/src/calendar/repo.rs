//! The holiday table: the working-day calendar it makes, and its upkeep by admins.

use super::Calendar;
use crate::entities::holiday;
use chrono::NaiveDate;
use sea_orm::{ActiveValue::Set, ConnectionTrait, DbErr, EntityTrait, QueryOrder};

/// The working-day calendar of the holiday table.
pub async fn calendar(db: &impl ConnectionTrait) -> Result<Calendar, DbErr> {
    Ok(Calendar::new(
        holiday::Entity::find()
            .all(db)
            .await?
            .into_iter()
            .map(|h| h.day),
    ))
}

/// Every public holiday, earliest first.
pub async fn holidays(db: &impl ConnectionTrait) -> Result<Vec<holiday::Model>, DbErr> {
    holiday::Entity::find()
        .order_by_asc(holiday::Column::Day)
        .all(db)
        .await
}

/// Adds (or renames) a public holiday.
pub async fn put_holiday(
    db: &impl ConnectionTrait,
    day: NaiveDate,
    name: &str,
) -> Result<(), DbErr> {
    holiday::Entity::insert(holiday::ActiveModel {
        day: Set(day),
        name: Set(name.into()),
    })
    .on_conflict(
        sea_orm::sea_query::OnConflict::column(holiday::Column::Day)
            .update_column(holiday::Column::Name)
            .to_owned(),
    )
    .exec(db)
    .await?;
    Ok(())
}

/// Removes a public holiday (nothing when there is none that day).
pub async fn remove_holiday(db: &impl ConnectionTrait, day: NaiveDate) -> Result<(), DbErr> {
    holiday::Entity::delete_by_id(day).exec(db).await?;
    Ok(())
}

/// Adds (or renames) every holiday of the list: the shipped national table, or an admin's
/// import.
pub async fn put_holidays(
    db: &impl ConnectionTrait,
    days: &[(NaiveDate, String)],
) -> Result<(), DbErr> {
    for (day, name) in days {
        put_holiday(db, *day, name).await?;
    }
    Ok(())
}
