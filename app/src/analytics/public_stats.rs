//! The public complaint statistics (`/statistik`): per unit and quarter, how many
//! complaints were received and how they were handled. Counts under [`MIN_SHOWN`] (zero
//! included) are shown as "< 5" and every rate resting on fewer than [`MIN_SHOWN`] cases is
//! withheld, so that no case (and no reporter) can be singled out. No text, identity or
//! tracking code.
//!
//! Hidden counts must stay hidden whatever a reader combines. So the page publishes one
//! kind of period only, quarters, which never overlap (a year or semester beside its
//! quarters would give a hidden quarter by subtraction); every unit has a row, each unit
//! counts only its own complaints (no OPD total over its UPTDs), and there is no total
//! over units.

use crate::complaints::domain::outcome::ActionKind;
use chrono::NaiveDate;
#[cfg(feature = "ssr")]
pub use imp::compute;
use serde::{Deserialize, Serialize};

/// Counts below this are not shown exactly, and rates over fewer cases are withheld.
pub const MIN_SHOWN: u64 = 5;

/// A count as published: exact from [`MIN_SHOWN`] on, otherwise only "fewer than five".
/// Zero is "fewer than five" too: told apart from one, it would single that one out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Count {
    /// Between 0 and 4.
    Few,
    Exact(u64),
}

impl Count {
    pub fn of(n: u64) -> Count {
        if n < MIN_SHOWN {
            Count::Few
        } else {
            Count::Exact(n)
        }
    }
}

/// One unit's complaint handling over the period. Every figure counts the complaints
/// filed in the period about the unit, as they stand now.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnitRow {
    pub unit_code: String,
    pub unit_name: String,
    /// Depth in the unit tree (0: an OPD, 1: its UPTD).
    pub depth: u8,
    pub received: Count,
    /// Of the complaints whose verification is decided (verified, rejected or merged), the
    /// share verified.
    pub verified_share: Option<f64>,
    /// Median working days from filing to the (final) resolution.
    pub median_working_days: Option<f64>,
    /// Of the resolved complaints with an overall limit, the share resolved within it.
    pub within_limit_share: Option<f64>,
    /// Of the reporters who answered "Sudah selesai?", the share who said yes.
    pub confirmed_share: Option<f64>,
    /// How many reporters answered, as published.
    pub answered: Count,
    /// Their mean rating of the handling (1 to 4).
    pub mean_rating: Option<f64>,
    /// Of the complaints with a finding recorded, the share proven in whole or in part.
    #[serde(default)]
    pub substantiated_share: Option<f64>,
    /// Complaints per kind of action taken, every kind in its order, as published.
    #[serde(default)]
    pub actions: Vec<(ActionKind, Count)>,
}

impl UnitRow {
    /// Its unit's code, name and depth, for a unit list (`web::unit_list`).
    pub fn unit(&self) -> (&str, &str, u8) {
        (&self.unit_code, &self.unit_name, self.depth)
    }
}

/// The published figures of one period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PublicStats {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Every unit, whether it had complaints or not: OPDs by name, each with its UPTDs
    /// under it.
    pub rows: Vec<UnitRow>,
}

#[cfg(feature = "ssr")]
mod imp {
    use super::{Count, MIN_SHOWN, PublicStats, UnitRow};
    use crate::complaints::domain::Status;
    use crate::complaints::domain::outcome::ActionKind;
    use crate::entities::{complaint, unit};
    use crate::quantile::quantile;
    use chrono::NaiveDate;
    use sea_orm::{ConnectionTrait, DbErr};
    use std::collections::{BTreeMap, HashMap, HashSet};

    /// A share (0..1) of `of` cases; withheld (`None`) when `of` is under [`MIN_SHOWN`].
    fn share(part: u64, of: u64) -> Option<f64> {
        (of >= MIN_SHOWN).then(|| part as f64 / of as f64)
    }

    /// A share published only when both what it counts and the rest are [`MIN_SHOWN`] or
    /// more: with fewer on either side, the share and any bound on its base give a small
    /// count away (6 of 7 proven says one was not). Used for the findings.
    fn both_sides(part: u64, of: u64) -> Option<f64> {
        (part >= MIN_SHOWN && of.saturating_sub(part) >= MIN_SHOWN).then(|| part as f64 / of as f64)
    }

    /// What one unit's complaints add up to, before anything is withheld.
    #[derive(Default)]
    struct Tally {
        received: u64,
        decided: u64,
        verified: u64,
        days: Vec<f64>,
        judged: u64,
        on_time: u64,
        answered: u64,
        confirmed: u64,
        ratings: Vec<f64>,
        /// Complaints with a finding, those proven (wholly or partly), and per action kind.
        found: u64,
        proven: u64,
        actions: BTreeMap<ActionKind, u64>,
    }

    /// The statistics of complaints filed in `[from, to]`, with `cal` counting working days.
    pub async fn compute(
        db: &impl ConnectionTrait,
        cal: &crate::calendar::Calendar,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<PublicStats, DbErr> {
        let cases = crate::analytics::repo::complaints_filed(db, None, None, from, to).await?;
        let resolved_at = crate::analytics::repo::final_resolved(db, &cases).await?;
        let ids: Vec<i64> = cases.iter().map(|c| c.id).collect();
        // Which cases were ever verified, and which had their verification decided.
        let (mut verified, mut decided) = (HashSet::new(), HashSet::new());
        let reached = [Status::Verified, Status::Rejected, Status::Duplicate];
        for (id, to) in crate::analytics::repo::statuses_reached(db, &ids, &reached).await? {
            decided.insert(id);
            if to == Status::Verified {
                verified.insert(id);
            }
        }
        let outcomes = crate::complaints::outcome::repo::of_cases(db, &ids).await?;
        let mut tallies: BTreeMap<i32, Tally> = BTreeMap::new();
        for c in &cases {
            let t = tallies.entry(c.unit_id).or_default();
            tally(t, c, &verified, &decided, resolved_at.get(&c.id), cal);
            if let Some(o) = outcomes.get(&c.id) {
                t.found += 1;
                t.proven += u64::from(o.finding.is_substantiated());
                for a in &o.actions {
                    *t.actions.entry(a.kind).or_default() += 1;
                }
            }
        }
        let units = crate::units::repo::all_units(db).await?;
        let by_id: HashMap<i32, &unit::Model> = units.iter().map(|u| (u.id, u)).collect();
        // OPDs by name, each followed by its UPTDs by name.
        let mut order: Vec<(&str, &str, &unit::Model)> = units
            .iter()
            .map(|u| match u.parent_id.and_then(|p| by_id.get(&p)) {
                Some(p) => (p.name.as_str(), u.name.as_str(), u),
                None => (u.name.as_str(), "", u),
            })
            .collect();
        order.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        let none = Tally::default();
        let rows = order
            .into_iter()
            .map(|(_, _, u)| row(u, tallies.get(&u.id).unwrap_or(&none)))
            .collect();
        Ok(PublicStats { from, to, rows })
    }

    fn tally(
        t: &mut Tally,
        c: &complaint::Model,
        verified: &HashSet<i64>,
        decided: &HashSet<i64>,
        resolved_at: Option<&chrono::DateTime<chrono::Utc>>,
        cal: &crate::calendar::Calendar,
    ) {
        t.received += 1;
        if decided.contains(&c.id) {
            t.decided += 1;
            t.verified += u64::from(verified.contains(&c.id));
        }
        if let Some(at) = resolved_at {
            let done = crate::clock::wib_day(*at);
            let filed = crate::clock::wib_day(c.created_at);
            t.days
                .push(f64::from(cal.working_days_between(filed, done)));
            if let Some(due) = c.resolve_due {
                t.judged += 1;
                t.on_time += u64::from(done <= due);
            }
        }
        if let Some(yes) = c.reporter_confirmed {
            t.answered += 1;
            t.confirmed += u64::from(yes);
        }
        if let Some(r) = c.handling_rating {
            t.ratings.push(f64::from(r));
        }
    }

    fn row(u: &unit::Model, t: &Tally) -> UnitRow {
        let mut days = t.days.clone();
        days.sort_by(f64::total_cmp);
        // A unit with fewer than five complaints shows no rate at all.
        let open = t.received >= MIN_SHOWN;
        UnitRow {
            unit_code: u.code.clone(),
            unit_name: u.name.clone(),
            depth: u8::from(u.parent_id.is_some()),
            received: Count::of(t.received),
            verified_share: share(t.verified, t.decided).filter(|_| open),
            median_working_days: (days.len() as u64 >= MIN_SHOWN && open)
                .then(|| quantile(&days, 0.5))
                .flatten(),
            within_limit_share: share(t.on_time, t.judged).filter(|_| open),
            confirmed_share: share(t.confirmed, t.answered).filter(|_| open),
            answered: Count::of(t.answered),
            mean_rating: (t.ratings.len() as u64 >= MIN_SHOWN && open)
                .then(|| t.ratings.iter().sum::<f64>() / t.ratings.len() as f64),
            substantiated_share: both_sides(t.proven, t.found).filter(|_| open),
            actions: ActionKind::ALL
                .iter()
                .map(|k| (*k, Count::of(t.actions.get(k).copied().unwrap_or(0))))
                .collect(),
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn counts_under_five_zero_included_are_not_shown_exactly() {
            for n in 0..5 {
                assert_eq!(Count::of(n), Count::Few);
            }
            assert_eq!(Count::of(5), Count::Exact(5));
        }

        #[test]
        fn a_rate_over_fewer_than_five_cases_is_withheld() {
            assert_eq!(share(1, 4), None);
            assert_eq!(share(4, 5), Some(0.8));
            assert_eq!(share(0, 0), None);
        }

        #[test]
        fn a_small_unit_shows_no_rate_even_where_one_of_its_parts_is_large_enough() {
            let u = unit::Model {
                id: 1,
                code: "x".into(),
                name: "Unit X".into(),
                parent_id: None,
                created_at: crate::clock::now(),
            };
            let t = Tally {
                received: 3,
                decided: 3,
                verified: 3,
                ..Tally::default()
            };
            let r = row(&u, &t);
            assert_eq!(r.received, Count::Few);
            assert_eq!(r.verified_share, None);
            let t = Tally {
                received: 7,
                decided: 5,
                verified: 4,
                answered: 2,
                confirmed: 2,
                ..Tally::default()
            };
            let r = row(&u, &t);
            assert_eq!(r.received, Count::Exact(7));
            assert_eq!(r.verified_share, Some(0.8));
            assert_eq!(r.answered, Count::Few);
            assert_eq!(r.confirmed_share, None, "two answers give no rate");
            assert_eq!(r.substantiated_share, None, "no finding, no rate");
            let t = Tally {
                received: 12,
                found: 10,
                proven: 5,
                actions: [(ActionKind::Coaching, 5), (ActionKind::DisciplineLight, 1)]
                    .into_iter()
                    .collect(),
                ..Tally::default()
            };
            let r = row(&u, &t);
            assert_eq!(r.substantiated_share, Some(0.5));
            for (found, proven) in [(7, 6), (9, 9), (9, 0), (6, 3)] {
                let t = Tally {
                    received: 12,
                    found,
                    proven,
                    ..Tally::default()
                };
                assert_eq!(
                    row(&u, &t).substantiated_share,
                    None,
                    "{proven} of {found}: a side under five"
                );
            }
            assert_eq!(r.actions.len(), ActionKind::ALL.len());
            assert_eq!(r.actions[0], (ActionKind::Coaching, Count::Exact(5)));
            assert_eq!(r.actions[1], (ActionKind::DisciplineLight, Count::Few));
            assert!(
                r.actions[2..].iter().all(|(_, n)| *n == Count::Few),
                "zero is few too"
            );
            let t = Tally {
                received: 4,
                found: 4,
                proven: 4,
                ..Tally::default()
            };
            assert_eq!(
                row(&u, &t).substantiated_share,
                None,
                "four findings give no rate"
            );
        }
    }
}
