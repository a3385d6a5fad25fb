//! Training programs: registration, the list, and their estimated effect on satisfaction
//! (computed in [`super::impact`]).

use crate::survey::domain::Element;
use crate::training::error::TrainingError;
use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, DbErr};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// A program as the API receives it.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewProgram {
    #[cfg_attr(feature = "ssr", schema(schema_with = crate::web::api_schema::title))]
    pub name: String,
    #[cfg_attr(feature = "ssr", schema(schema_with = crate::web::api_schema::title))]
    pub topic: String,
    /// Element codes the training aims at, such as `["U7"]`.
    #[cfg_attr(feature = "ssr", schema(schema_with = crate::web::api_schema::elements))]
    pub target_elements: Vec<String>,
    /// The units whose staff were trained (unknown codes: 404).
    #[cfg_attr(feature = "ssr", schema(schema_with = crate::web::api_schema::codes))]
    pub unit_codes: Vec<String>,
    /// 1 to 100,000.
    #[cfg_attr(feature = "ssr", schema(minimum = 1, maximum = 100000))]
    pub participants: i64,
    /// `YYYY-MM-DD`.
    #[cfg_attr(feature = "ssr", schema(format = Date))]
    pub start_date: String,
    /// `YYYY-MM-DD`, on or after `start_date`.
    #[cfg_attr(feature = "ssr", schema(format = Date))]
    pub end_date: String,
}

/// A checked program.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Program {
    pub name: String,
    pub topic: String,
    pub targets: Vec<Element>,
    pub unit_codes: Vec<String>,
    pub participants: i32,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

/// The name, topic and target elements every training carries (a program or a rollout),
/// checked: trimmed, at most 200 characters, at least one known element (sorted, once
/// each); the error is `(code, field)`.
pub fn check_description(
    name: &str,
    topic: &str,
    elements: &[String],
) -> Result<(String, String, Vec<Element>), TrainingError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(TrainingError::Name);
    }
    let topic = topic.trim();
    if topic.is_empty() || topic.chars().count() > 200 {
        return Err(TrainingError::Topic);
    }
    let mut targets = Vec::new();
    for t in elements {
        match Element::from_code(t.trim()) {
            Some(e) if !targets.contains(&e) => targets.push(e),
            Some(_) => {}
            None => return Err(TrainingError::Elements),
        }
    }
    if targets.is_empty() {
        return Err(TrainingError::Elements);
    }
    targets.sort_by_key(|e| e.index());
    Ok((name.to_string(), topic.to_string(), targets))
}

impl NewProgram {
    /// Checks every field; the error is `(code, field)`.
    pub fn check(&self) -> Result<Program, TrainingError> {
        let (name, topic, targets) =
            check_description(&self.name, &self.topic, &self.target_elements)?;
        let unit_codes: Vec<String> = self
            .unit_codes
            .iter()
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        if unit_codes.is_empty() {
            return Err(TrainingError::Units);
        }
        let participants = i32::try_from(self.participants)
            .ok()
            .filter(|p| (1..=100_000).contains(p))
            .ok_or(TrainingError::Participants)?;
        let date = |s: &str, f| {
            NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
                .map_err(|_| TrainingError::Date { field: f })
        };
        let start = date(&self.start_date, "start_date")?;
        let end = date(&self.end_date, "end_date")?;
        if end < start {
            return Err(TrainingError::DatesOrder);
        }
        Ok(Program {
            name,
            topic,
            targets,
            unit_codes,
            participants,
            start,
            end,
        })
    }
}

/// A stored program with its units' codes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ProgramView {
    pub id: i32,
    /// The day (WIB) it was registered.
    pub registered_on: String,
    /// Registered on or after the first day of its training: exploratory.
    pub retrospective: bool,
    pub name: String,
    pub topic: String,
    pub target_elements: Vec<String>,
    pub unit_codes: Vec<String>,
    pub participants: i32,
    pub start_date: String,
    pub end_date: String,
}

/// The programs a reader of the units `allowed` (`None`: all) may read: those that trained
/// at least one of those units, as every other figure follows the reader's units.
pub async fn visible_programs(
    db: &impl ConnectionTrait,
    allowed: Option<&[i32]>,
) -> Result<Vec<ProgramView>, DbErr> {
    let all = super::repo::programs(db).await?;
    let Some(allowed) = allowed else {
        return Ok(all);
    };
    let readable: Vec<String> = crate::units::repo::all_units(db)
        .await?
        .into_iter()
        .filter(|u| allowed.contains(&u.id))
        .map(|u| u.code)
        .collect();
    Ok(all
        .into_iter()
        .filter(|p| p.unit_codes.iter().any(|c| readable.contains(c)))
        .collect())
}

/// The impact report of program `id` as of today (WIB); `None` when there is no program.
pub async fn impact(
    db: &impl ConnectionTrait,
    id: i32,
) -> Result<Option<super::impact::report::ImpactReport>, DbErr> {
    impact_on(db, id, super::impact::report::ImpactOutcome::Ikm).await
}

/// Like [`impact`], measured on `outcome` (the IKM, or the conduct complaints proven).
pub async fn impact_on(
    db: &impl ConnectionTrait,
    id: i32,
    outcome: super::impact::report::ImpactOutcome,
) -> Result<Option<super::impact::report::ImpactReport>, DbErr> {
    let today = crate::clock::today();
    Ok(super::impact::repo::inputs_on(db, id, today, outcome)
        .await?
        .map(|i| super::impact::report::build(&i)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn program() -> NewProgram {
        NewProgram {
            name: "Pelayanan Prima".into(),
            topic: "Komunikasi dan kesopanan".into(),
            target_elements: vec!["U7".into()],
            unit_codes: vec!["samsat-kota".into()],
            participants: 25,
            start_date: "2026-04-01".into(),
            end_date: "2026-04-03".into(),
        }
    }

    #[test]
    fn a_good_program_is_accepted() {
        let p = program().check().unwrap();
        assert_eq!(p.targets, vec![Element::U7]);
        assert_eq!(p.participants, 25);
    }

    #[test]
    fn each_bad_field_is_named() {
        let bad = |f: fn(&mut NewProgram)| {
            let mut p = program();
            f(&mut p);
            p.check().unwrap_err().field()
        };
        assert_eq!(bad(|p| p.name = " ".into()), "name");
        assert_eq!(bad(|p| p.topic.clear()), "topic");
        assert_eq!(
            bad(|p| p.target_elements = vec!["U10".into()]),
            "target_elements"
        );
        assert_eq!(bad(|p| p.target_elements.clear()), "target_elements");
        assert_eq!(bad(|p| p.unit_codes.clear()), "unit_codes");
        assert_eq!(bad(|p| p.participants = 0), "participants");
        assert_eq!(bad(|p| p.start_date = "2026-02-30".into()), "start_date");
        assert_eq!(bad(|p| p.end_date = "2026-03-01".into()), "end_date");
    }
}
