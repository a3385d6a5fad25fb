//! Unit and service views and the unit hierarchy.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// A service as the public sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ServiceRef {
    /// Stable short code used in URLs, QR codes and the API.
    pub code: String,
    pub name: String,
}

/// A unit with its parent and services, as listed by `GET /api/v1/units`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct UnitView {
    pub code: String,
    pub name: String,
    pub parent_code: Option<String>,
    pub services: Vec<ServiceRef>,
}

/// One service with the unit that provides it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceInfo {
    pub id: i32,
    pub code: String,
    pub name: String,
    pub unit_id: i32,
    pub unit_code: String,
    pub unit_name: String,
}

/// The ids of `root` and every unit below it, given `(id, parent_id)` pairs.
pub fn descendants(units: &[(i32, Option<i32>)], root: i32) -> BTreeSet<i32> {
    let mut children: BTreeMap<i32, Vec<i32>> = BTreeMap::new();
    for &(id, parent) in units {
        if let Some(p) = parent {
            children.entry(p).or_default().push(id);
        }
    }
    let mut seen = BTreeSet::new();
    let mut stack = vec![root];
    while let Some(id) = stack.pop() {
        if seen.insert(id) {
            stack.extend(children.get(&id).into_iter().flatten().copied());
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descendants_include_the_root_and_every_level_below_it() {
        let units = [
            (1, None),
            (2, Some(1)),
            (3, Some(2)),
            (4, None),
            (5, Some(4)),
        ];
        assert_eq!(descendants(&units, 1), BTreeSet::from([1, 2, 3]));
        assert_eq!(descendants(&units, 3), BTreeSet::from([3]));
    }

    #[test]
    fn a_cycle_in_bad_data_does_not_loop_forever() {
        let units = [(1, Some(2)), (2, Some(1))];
        assert_eq!(descendants(&units, 1), BTreeSet::from([1, 2]));
    }
}
