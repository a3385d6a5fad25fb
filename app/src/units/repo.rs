//! Queries on units and services.

use super::domain::{ServiceInfo, ServiceRef, UnitView};
use crate::entities::{service, unit};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::{NotSet, Set},
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
};
use std::collections::HashMap;

/// Every unit with its active services, parents before children, by name.
pub async fn list_units(db: &impl ConnectionTrait) -> Result<Vec<UnitView>, DbErr> {
    let units = unit::Entity::find()
        .order_by_asc(unit::Column::Name)
        .all(db)
        .await?;
    let services = service::Entity::find()
        .filter(service::Column::Active.eq(true))
        .order_by_asc(service::Column::Name)
        .all(db)
        .await?;
    let code_of: HashMap<i32, String> = units.iter().map(|u| (u.id, u.code.clone())).collect();
    let mut by_unit: HashMap<i32, Vec<ServiceRef>> = HashMap::new();
    for s in services {
        by_unit.entry(s.unit_id).or_default().push(ServiceRef {
            code: s.code,
            name: s.name,
            keywords: s
                .keywords
                .as_deref()
                .unwrap_or("")
                .split('|')
                .filter(|k| !k.is_empty())
                .map(str::to_string)
                .collect(),
        });
    }
    Ok(units
        .into_iter()
        .map(|u| UnitView {
            parent_code: u.parent_id.and_then(|p| code_of.get(&p).cloned()),
            services: by_unit.remove(&u.id).unwrap_or_default(),
            code: u.code,
            name: u.name,
        })
        .collect())
}

/// An active service by its code, with its unit.
pub async fn find_service(
    db: &impl ConnectionTrait,
    code: &str,
) -> Result<Option<ServiceInfo>, DbErr> {
    find_service_active(db, code, true).await
}

/// A service that was deactivated (it takes no more ratings), with its unit.
pub async fn find_retired_service(
    db: &impl ConnectionTrait,
    code: &str,
) -> Result<Option<ServiceInfo>, DbErr> {
    find_service_active(db, code, false).await
}

async fn find_service_active(
    db: &impl ConnectionTrait,
    code: &str,
    active: bool,
) -> Result<Option<ServiceInfo>, DbErr> {
    let Some(s) = service::Entity::find()
        .filter(service::Column::Code.eq(code))
        .filter(service::Column::Active.eq(active))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let u = unit::Entity::find_by_id(s.unit_id)
        .one(db)
        .await?
        .ok_or_else(|| {
            DbErr::RecordNotFound(format!("unit {} of service {}", s.unit_id, s.code))
        })?;
    Ok(Some(ServiceInfo {
        id: s.id,
        code: s.code,
        name: s.name,
        unit_id: u.id,
        unit_code: u.code,
        unit_name: u.name,
    }))
}

/// All units (small table, read whole).
pub async fn all_units(db: &impl ConnectionTrait) -> Result<Vec<unit::Model>, DbErr> {
    unit::Entity::find()
        .order_by_asc(unit::Column::Name)
        .all(db)
        .await
}

/// All services, active or not (their past responses still count).
pub async fn all_services(db: &impl ConnectionTrait) -> Result<Vec<service::Model>, DbErr> {
    service::Entity::find().all(db).await
}

/// The number every change of a unit or a service raises (`catalog_version`, kept by the
/// database's triggers; see [`super::catalog`]).
pub async fn catalog_version(db: &impl ConnectionTrait) -> Result<i64, DbErr> {
    let row = db
        .query_one_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            "SELECT n FROM catalog_version WHERE id = 1",
        ))
        .await?
        .ok_or_else(|| DbErr::Custom("catalog_version has no row".into()))?;
    row.try_get_by_index(0)
}

/// Whether the database holds no unit yet (demo data is loaded only then).
pub async fn is_empty(db: &impl ConnectionTrait) -> Result<bool, DbErr> {
    Ok(unit::Entity::find().one(db).await?.is_none())
}

/// Opens or closes service `code` to new ratings; `false` when there is no such service.
pub async fn set_service_active(
    db: &impl ConnectionTrait,
    code: &str,
    active: bool,
) -> Result<bool, DbErr> {
    let changed = service::Entity::update_many()
        .col_expr(
            service::Column::Active,
            sea_orm::sea_query::Expr::value(active),
        )
        .filter(service::Column::Code.eq(code))
        .exec(db)
        .await?;
    Ok(changed.rows_affected > 0)
}

/// Renames unit `id` and sets its parent.
pub async fn update_unit(
    db: &impl ConnectionTrait,
    id: i32,
    name: &str,
    parent_id: Option<i32>,
) -> Result<(), DbErr> {
    unit::Entity::update(unit::ActiveModel {
        id: Set(id),
        name: Set(name.to_string()),
        parent_id: Set(parent_id),
        ..Default::default()
    })
    .exec(db)
    .await?;
    Ok(())
}

/// Adds a unit; returns its id.
pub async fn insert_unit(
    db: &impl ConnectionTrait,
    code: &str,
    name: &str,
    parent_id: Option<i32>,
    at: DateTime<Utc>,
) -> Result<i32, DbErr> {
    Ok(unit::Entity::insert(unit::ActiveModel {
        id: NotSet,
        code: Set(code.to_string()),
        name: Set(name.to_string()),
        parent_id: Set(parent_id),
        created_at: Set(at),
    })
    .exec(db)
    .await?
    .last_insert_id)
}

/// A service as an import writes it.
#[derive(Clone, Copy)]
pub struct ServiceRow<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub monthly_served: Option<i32>,
    /// The finder's keywords: `None` leaves them as they are, `Some(None)` clears them.
    pub keywords: Option<Option<&'a str>>,
}

/// Updates service `id` from an import (its code and unit stay).
pub async fn update_service(
    db: &impl ConnectionTrait,
    id: i32,
    s: ServiceRow<'_>,
) -> Result<(), DbErr> {
    service::Entity::update(service::ActiveModel {
        id: Set(id),
        name: Set(s.name.to_string()),
        monthly_served: Set(s.monthly_served),
        keywords: match s.keywords {
            Some(k) => Set(k.map(str::to_string)),
            None => NotSet,
        },
        ..Default::default()
    })
    .exec(db)
    .await?;
    Ok(())
}

/// Adds an active service to unit `unit_id`.
pub async fn insert_service(
    db: &impl ConnectionTrait,
    unit_id: i32,
    s: ServiceRow<'_>,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    service::Entity::insert(service::ActiveModel {
        id: NotSet,
        unit_id: Set(unit_id),
        code: Set(s.code.to_string()),
        name: Set(s.name.to_string()),
        monthly_served: Set(s.monthly_served),
        keywords: Set(s.keywords.flatten().map(str::to_string)),
        active: Set(true),
        created_at: Set(at),
    })
    .exec(db)
    .await?;
    Ok(())
}

/// A unit by its id.
pub async fn unit_by_id(db: &impl ConnectionTrait, id: i32) -> Result<Option<unit::Model>, DbErr> {
    unit::Entity::find_by_id(id).one(db).await
}

/// A unit by its code.
pub async fn find_unit(
    db: &impl ConnectionTrait,
    code: &str,
) -> Result<Option<unit::Model>, DbErr> {
    unit::Entity::find()
        .filter(unit::Column::Code.eq(code))
        .one(db)
        .await
}

/// Every unit as `(id, parent_id)`: the tree that [`crate::units::domain::reach`] walks.
pub async fn tree(db: &impl ConnectionTrait) -> Result<Vec<(i32, Option<i32>)>, DbErr> {
    Ok(unit::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.parent_id))
        .collect())
}

/// The units given and every unit below them.
pub async fn with_children(db: &impl ConnectionTrait, ids: &[i32]) -> Result<Vec<i32>, DbErr> {
    Ok(crate::units::domain::reach(&tree(db).await?, ids))
}
