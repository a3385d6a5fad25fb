//! A rollout plan: what the API and the console receive, its checks, what is shown back, and
//! the hash that seals it.

use crate::survey::domain::Element;
use crate::training::error::TrainingError;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;

/// Most waves a plan may have.
pub const MAX_WAVES: usize = 12;

/// A plan as the API receives it.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewRollout {
    #[cfg_attr(feature = "ssr", schema(schema_with = crate::web::api_schema::title))]
    pub name: String,
    #[cfg_attr(feature = "ssr", schema(schema_with = crate::web::api_schema::title))]
    pub topic: String,
    /// Element codes the training aims at, such as `["U3", "U7"]`.
    #[cfg_attr(feature = "ssr", schema(schema_with = crate::web::api_schema::elements))]
    pub target_elements: Vec<String>,
    /// Codes of the eligible units, two or more (an office and its UPTDs are drawn
    /// together; there must be at least as many such groups as waves).
    #[cfg_attr(feature = "ssr", schema(schema_with = rollout_units))]
    pub units: Vec<String>,
    /// First day of each wave, `YYYY-MM-DD`, 2 to 12 of them, in order; each in a later
    /// month than the one before, the last at least two months after the first and within
    /// three years, the first after today (WIB).
    #[cfg_attr(feature = "ssr", schema(schema_with = rollout_waves))]
    pub waves: Vec<String>,
}

#[cfg(feature = "ssr")]
fn rollout_units() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    crate::web::api_schema::schema(serde_json::json!({
        "type": "array", "minItems": 2, "uniqueItems": true,
        "items": {"type": "string", "pattern": crate::web::api_schema::CODE_PATTERN}
    }))
}

#[cfg(feature = "ssr")]
fn rollout_waves() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    crate::web::api_schema::schema(serde_json::json!({
        "type": "array", "minItems": 2, "maxItems": MAX_WAVES, "uniqueItems": true,
        "items": {"type": "string", "format": "date"}
    }))
}

/// A checked plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    pub name: String,
    pub topic: String,
    pub targets: Vec<Element>,
    pub units: Vec<String>,
    pub waves: Vec<NaiveDate>,
}

fn month(d: NaiveDate) -> i32 {
    crate::training::impact::report::month_of(d)
}

impl NewRollout {
    /// Checks every field as of `today`; the error is `(code, field)`.
    pub fn check(&self, today: NaiveDate) -> Result<Plan, TrainingError> {
        let (name, topic, targets) = crate::training::programs::check_description(
            &self.name,
            &self.topic,
            &self.target_elements,
        )?;
        let units: Vec<String> = self
            .units
            .iter()
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        if units.len() < 2 {
            return Err(TrainingError::RolloutUnits);
        }
        let mut waves = Vec::new();
        for w in &self.waves {
            let d = NaiveDate::parse_from_str(w.trim(), "%Y-%m-%d")
                .map_err(|_| TrainingError::Date { field: "waves" })?;
            waves.push(d);
        }
        if waves.len() < 2 || waves.len() > MAX_WAVES {
            return Err(TrainingError::RolloutWaves);
        }
        // Each wave in a later month than the one before, and some month between the first
        // wave's and the last's, so that trained and waiting units can be compared.
        if waves.windows(2).any(|w| month(w[1]) <= month(w[0]))
            || month(waves[waves.len() - 1]) - month(waves[0]) < 2
        {
            return Err(TrainingError::RolloutWaves);
        }
        // A draw made once the training began decided nothing.
        if waves[0] <= today {
            return Err(TrainingError::RolloutStarted);
        }
        if waves[waves.len() - 1] > today + chrono::Duration::days(3 * 366) {
            return Err(TrainingError::RolloutWaves);
        }
        Ok(Plan {
            name,
            topic,
            targets,
            units,
            waves,
        })
    }
}

/// One unit's place in the draw.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Assigned {
    /// The unit's code.
    pub unit: String,
    /// 0-based index of its wave in `waves`.
    pub wave: usize,
    /// Its wave's first day.
    pub starts_on: NaiveDate,
}

/// A registered rollout, as the API and the console show it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RolloutView {
    pub id: i32,
    pub name: String,
    pub topic: String,
    pub target_elements: Vec<String>,
    pub waves: Vec<NaiveDate>,
    /// Every unit exactly once, by wave.
    pub assignment: Vec<Assigned>,
    /// The draw's seed: with the plan it re-creates the assignment.
    pub seed: u64,
    /// The server's time of registration (RFC 3339).
    pub registered_at: String,
    /// SHA-256 (hex) of the plan, the seed and the assignment.
    pub plan_hash: String,
    /// The minimum detectable effect expected at registration, in IKM points (`null` when
    /// the units had too little history).
    pub mde: Option<f64>,
}

/// What the hash covers, in a fixed order and form.
#[derive(Serialize)]
pub struct Sealed<'a> {
    pub name: &'a str,
    pub topic: &'a str,
    pub target_elements: &'a [String],
    pub waves: &'a [NaiveDate],
    /// `(code, office code at registration, baseline to 0.0001, wave)` per unit, by code.
    pub units: &'a [(String, Option<String>, Option<String>, usize)],
    pub seed: u64,
    pub registered_at: &'a str,
}

impl Sealed<'_> {
    /// SHA-256 of the canonical JSON, in hex.
    pub fn hash(&self) -> String {
        let json = serde_json::to_string(self).unwrap_or_default();
        Sha256::digest(json.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(waves: &[&str]) -> NewRollout {
        NewRollout {
            name: "Pelayanan prima".into(),
            topic: "Sikap petugas".into(),
            target_elements: vec!["U7".into(), "U3".into()],
            units: vec!["A".into(), "B".into(), "A".into()],
            waves: waves.iter().map(|s| (*s).to_string()).collect(),
        }
    }

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_plan_needs_future_waves_months_apart() {
        let today = day("2026-12-04");
        let p = plan(&["2027-01-05", "2027-03-01"]).check(today).unwrap();
        assert_eq!(p.units, vec!["A", "B"]);
        assert_eq!(p.targets, vec![Element::U3, Element::U7]);
        let refused = |w: &[&str]| {
            let e = plan(w).check(today).unwrap_err();
            (e.code(), e.field())
        };
        assert_eq!(
            refused(&["2026-12-04", "2027-03-01"]),
            ("rollout_started", "waves")
        );
        assert_eq!(
            refused(&["2026-11-04", "2027-03-01"]),
            ("rollout_started", "waves")
        );
        assert_eq!(
            refused(&["2027-01-05", "2027-02-01"]),
            ("rollout_waves", "waves")
        );
        assert_eq!(
            refused(&["2027-03-05", "2027-01-01"]),
            ("rollout_waves", "waves")
        );
        assert_eq!(refused(&["2027-01-05"]), ("rollout_waves", "waves"));
        assert_eq!(
            refused(&["2027-01-05", "2027-13-01"]),
            ("training_date", "waves")
        );
        assert_eq!(
            refused(&["2027-01-05", "2031-01-01"]),
            ("rollout_waves", "waves")
        );
        let mut one = plan(&["2027-01-05", "2027-03-01"]);
        one.units = vec!["A".into(), " A ".into()];
        let e = one.check(today).unwrap_err();
        assert_eq!((e.code(), e.field()), ("rollout_units", "units"));
    }

    #[test]
    fn the_hash_changes_with_any_part_of_the_plan() {
        let units = vec![("A".to_string(), None, Some("71.0000".to_string()), 0)];
        let targets = ["U3".to_string()];
        let waves = [day("2027-01-05")];
        let s = |seed| Sealed {
            name: "n",
            topic: "t",
            target_elements: &targets,
            waves: &waves,
            units: &units,
            seed,
            registered_at: "2026-12-04T10:00:00Z",
        };
        assert_eq!(s(1).hash(), s(1).hash());
        assert_ne!(s(1).hash(), s(2).hash());
        assert_eq!(s(1).hash().len(), 64);
    }
}
