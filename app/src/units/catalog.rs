//! The units and services, kept in memory by each instance for the read paths that need them
//! all (a unit's page, a trend, a report): a province has hundreds of units and thousands of
//! services, which take milliseconds to read, several times on one page. The database raises
//! `catalog_version` with every change of a unit or a service (triggers, in the same
//! transaction; migration 30), so a reader reads one row and the lists again only when the
//! number moved, whichever instance made the change.

use super::repo::{all_services, all_units, catalog_version};
use crate::entities::{service, unit};
use sea_orm::{DatabaseConnection, DbErr};
use std::sync::{Arc, Mutex};

/// Every unit (by name) and every service, as read at one version.
#[derive(Clone, Debug, Default)]
pub struct Lists {
    pub units: Arc<Vec<unit::Model>>,
    pub services: Arc<Vec<service::Model>>,
}

impl Lists {
    /// The units given and every unit below them, sorted.
    pub fn with_children(&self, ids: &[i32]) -> Vec<i32> {
        let tree: Vec<(i32, Option<i32>)> =
            self.units.iter().map(|u| (u.id, u.parent_id)).collect();
        super::domain::reach(&tree, ids)
    }
}

/// The lists kept, with the version they were read at.
#[derive(Default)]
pub struct Catalog {
    kept: Mutex<Option<(i64, Lists)>>,
}

impl Catalog {
    /// The units and services as they are now: kept ones while the version is the same. The
    /// version is read before the lists, so a change committed between the two at worst
    /// makes the next reader read them again. Only outside a transaction: one that changed
    /// a unit would keep what it may yet roll back.
    pub async fn lists(&self, db: &DatabaseConnection) -> Result<Lists, DbErr> {
        let now = catalog_version(db).await?;
        if let Some((v, lists)) = self.kept.lock().unwrap_or_else(|p| p.into_inner()).as_ref()
            && *v == now
        {
            return Ok(lists.clone());
        }
        let lists = Lists {
            units: Arc::new(all_units(db).await?),
            services: Arc::new(all_services(db).await?),
        };
        *self.kept.lock().unwrap_or_else(|p| p.into_inner()) = Some((now, lists.clone()));
        Ok(lists)
    }
}
