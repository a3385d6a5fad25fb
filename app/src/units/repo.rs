//! Queries on units and services.

use super::domain::{ServiceInfo, ServiceRef, UnitView};
use crate::entities::{service, unit};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};
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

/// Whether the database holds no unit yet (demo data is loaded only then).
pub async fn is_empty(db: &impl ConnectionTrait) -> Result<bool, DbErr> {
    Ok(unit::Entity::find().one(db).await?.is_none())
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

/// The units given and every unit below them.
pub async fn with_children(db: &impl ConnectionTrait, ids: &[i32]) -> Result<Vec<i32>, DbErr> {
    let units: Vec<(i32, Option<i32>)> = unit::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.parent_id))
        .collect();
    let mut out: Vec<i32> = ids.to_vec();
    for root in ids {
        out.extend(crate::units::domain::descendants(&units, *root));
    }
    out.sort_unstable();
    out.dedup();
    Ok(out)
}
