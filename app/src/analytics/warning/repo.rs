//! The early warning's alarms in `ikm_alarms`.

use crate::entities::ikm_alarm;
use chrono::NaiveDate;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    QueryFilter, QueryOrder,
};

/// A unit's latest alarm.
pub async fn latest(
    db: &impl ConnectionTrait,
    unit_id: i32,
) -> Result<Option<ikm_alarm::Model>, DbErr> {
    ikm_alarm::Entity::find()
        .filter(ikm_alarm::Column::UnitId.eq(unit_id))
        .order_by_desc(ikm_alarm::Column::LastFiredOn)
        .one(db)
        .await
}

/// Records a new alarm.
pub async fn raise(db: &impl ConnectionTrait, a: ikm_alarm::Model) -> Result<(), DbErr> {
    ikm_alarm::ActiveModel {
        id: sea_orm::ActiveValue::NotSet,
        unit_id: Set(a.unit_id),
        raised_on: Set(a.raised_on),
        last_fired_on: Set(a.last_fired_on),
        recent_ikm: Set(a.recent_ikm),
        baseline_ikm: Set(a.baseline_ikm),
        p: Set(a.p),
        element: Set(a.element),
        element_drop: Set(a.element_drop),
        recent_responses: Set(a.recent_responses),
        baseline_responses: Set(a.baseline_responses),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Moves an alarm's last firing day on.
pub async fn refire(db: &impl ConnectionTrait, id: i32, on: NaiveDate) -> Result<(), DbErr> {
    ikm_alarm::Entity::update_many()
        .col_expr(
            ikm_alarm::Column::LastFiredOn,
            sea_orm::sea_query::Expr::value(on),
        )
        .filter(ikm_alarm::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// The alarms open on `today` (fired within the quiet days) of the units in `units` (all
/// for `None`).
pub async fn open(
    db: &impl ConnectionTrait,
    units: Option<&[i32]>,
    today: NaiveDate,
) -> Result<Vec<ikm_alarm::Model>, DbErr> {
    let since = today - chrono::Duration::days(super::QUIET_DAYS);
    let mut q = ikm_alarm::Entity::find().filter(ikm_alarm::Column::LastFiredOn.gte(since));
    if let Some(ids) = units {
        q = q.filter(ikm_alarm::Column::UnitId.is_in(ids.to_vec()));
    }
    q.order_by_desc(ikm_alarm::Column::RaisedOn).all(db).await
}

/// The open alarms of the units in `units` (all for `None`) as pages show them.
pub async fn views(
    db: &impl ConnectionTrait,
    units: Option<&[i32]>,
    today: NaiveDate,
    lang: crate::i18n::Lang,
) -> Result<Vec<crate::analytics::warning_view::AlarmView>, DbErr> {
    let names: std::collections::HashMap<i32, String> = crate::units::repo::all_units(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    Ok(open(db, units, today)
        .await?
        .into_iter()
        .map(|a| {
            let element = crate::survey::domain::Element::from_code(&a.element)
                .map(|e| {
                    format!(
                        "{} {}",
                        e.code(),
                        crate::survey::questionnaire::wording(e, lang).name
                    )
                })
                .unwrap_or(a.element.clone());
            crate::analytics::warning_view::AlarmView {
                unit: names.get(&a.unit_id).cloned().unwrap_or_default(),
                raised_on: a.raised_on,
                recent_ikm: a.recent_ikm,
                baseline_ikm: a.baseline_ikm,
                recent_responses: a.recent_responses,
                element,
                element_drop: a.element_drop,
            }
        })
        .collect())
}
