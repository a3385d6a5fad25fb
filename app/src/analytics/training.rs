//! Training programs and their estimated effect on satisfaction.
//!
//! For a program with start S, end E and a window of w days:
//! - pre = [S - w, S - 1] and post = [E + 1, E + w] (WIB days, inclusive);
//! - treated = responses to services of the program's units and the units below them;
//! - comparison = responses of every other unit that had no training program of its own
//!   with any date in [S - w, E + w];
//! - each response's score = (sum of its answers / number answered) x 25, and per targeted
//!   element the answer x 25;
//! - the effect is the difference-in-differences with its HC1 error ([`super::did`]);
//! - parallel trends are checked with the same estimator on the two quarters before the
//!   start ([S - 182, S - 92] against [S - 91, S - 1]): a "pre-program effect" whose
//!   interval excludes zero means the groups were already drifting apart.

use super::did::{Estimate, Group, Groups, MIN_GROUP, Verdict};
use crate::entities::{survey_response, training_program, training_unit, unit};
use crate::survey::domain::Element;
use crate::units::domain::descendants;
use chrono::{Duration, NaiveDate};
use sea_orm::{
    ActiveValue::{NotSet, Set},
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Largest window accepted, in days.
pub const MAX_WINDOW: i64 = 366;

/// A program as the API receives it.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewProgram {
    pub name: String,
    pub topic: String,
    /// Element codes the training aims at, such as `["U7"]`.
    pub target_elements: Vec<String>,
    pub unit_codes: Vec<String>,
    pub participants: i64,
    /// `YYYY-MM-DD`.
    pub start_date: String,
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

impl NewProgram {
    /// Checks every field; the error is `(code, field)`.
    pub fn check(&self) -> Result<Program, (&'static str, &'static str)> {
        let name = self.name.trim();
        if name.is_empty() || name.chars().count() > 200 {
            return Err(("training_name", "name"));
        }
        let topic = self.topic.trim();
        if topic.is_empty() || topic.chars().count() > 200 {
            return Err(("training_topic", "topic"));
        }
        let mut targets = Vec::new();
        for t in &self.target_elements {
            match Element::from_code(t.trim()) {
                Some(e) if !targets.contains(&e) => targets.push(e),
                Some(_) => {}
                None => return Err(("training_elements", "target_elements")),
            }
        }
        if targets.is_empty() {
            return Err(("training_elements", "target_elements"));
        }
        targets.sort_by_key(|e| e.index());
        let unit_codes: Vec<String> = self
            .unit_codes
            .iter()
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        if unit_codes.is_empty() {
            return Err(("training_units", "unit_codes"));
        }
        let participants = i32::try_from(self.participants)
            .ok()
            .filter(|p| (1..=100_000).contains(p))
            .ok_or(("training_participants", "participants"))?;
        let date = |s: &str, f| {
            NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| ("training_date", f))
        };
        let start = date(&self.start_date, "start_date")?;
        let end = date(&self.end_date, "end_date")?;
        if end < start {
            return Err(("training_dates_order", "end_date"));
        }
        Ok(Program {
            name: name.to_string(),
            topic: topic.to_string(),
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
    pub name: String,
    pub topic: String,
    pub target_elements: Vec<String>,
    pub unit_codes: Vec<String>,
    pub participants: i32,
    pub start_date: String,
    pub end_date: String,
}

/// Stores a program; `Err(field)` when a unit code is unknown.
pub async fn create(db: &impl ConnectionTrait, p: &Program) -> Result<Result<i32, ()>, DbErr> {
    let mut unit_ids = Vec::new();
    for code in &p.unit_codes {
        match crate::units::repo::find_unit(db, code).await? {
            Some(u) => unit_ids.push(u.id),
            None => return Ok(Err(())),
        }
    }
    let id = training_program::Entity::insert(training_program::ActiveModel {
        id: NotSet,
        name: Set(p.name.clone()),
        topic: Set(p.topic.clone()),
        target_elements: Set(p
            .targets
            .iter()
            .map(|e| e.code())
            .collect::<Vec<_>>()
            .join(",")),
        participants: Set(p.participants),
        start_date: Set(p.start),
        end_date: Set(p.end),
        created_at: Set(chrono::Utc::now()),
    })
    .exec(db)
    .await?
    .last_insert_id;
    training_unit::Entity::insert_many(unit_ids.into_iter().map(|u| training_unit::ActiveModel {
        program_id: Set(id),
        unit_id: Set(u),
    }))
    .exec_without_returning(db)
    .await?;
    Ok(Ok(id))
}

/// Deletes a program; false when there was none.
pub async fn delete(db: &impl ConnectionTrait, id: i32) -> Result<bool, DbErr> {
    training_unit::Entity::delete_many()
        .filter(training_unit::Column::ProgramId.eq(id))
        .exec(db)
        .await?;
    Ok(training_program::Entity::delete_by_id(id)
        .exec(db)
        .await?
        .rows_affected
        > 0)
}

/// Every program, latest first.
pub async fn list(db: &impl ConnectionTrait) -> Result<Vec<ProgramView>, DbErr> {
    let programs = training_program::Entity::find()
        .order_by_desc(training_program::Column::StartDate)
        .all(db)
        .await?;
    let links = training_unit::Entity::find().all(db).await?;
    let units = unit::Entity::find().all(db).await?;
    Ok(programs
        .into_iter()
        .map(|p| ProgramView {
            unit_codes: links
                .iter()
                .filter(|l| l.program_id == p.id)
                .filter_map(|l| units.iter().find(|u| u.id == l.unit_id))
                .map(|u| u.code.clone())
                .collect(),
            id: p.id,
            name: p.name,
            topic: p.topic,
            target_elements: p
                .target_elements
                .split(',')
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
            participants: p.participants,
            start_date: p.start_date.to_string(),
            end_date: p.end_date.to_string(),
        })
        .collect())
}

/// One group's count and mean as reported.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct GroupOut {
    pub n: u64,
    pub mean: Option<f64>,
}

impl From<&Group> for GroupOut {
    fn from(g: &Group) -> Self {
        GroupOut {
            n: g.n,
            mean: g.mean,
        }
    }
}

/// The four groups.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct GroupsOut {
    pub treated_pre: GroupOut,
    pub treated_post: GroupOut,
    pub comparison_pre: GroupOut,
    pub comparison_post: GroupOut,
}

impl From<&Groups> for GroupsOut {
    fn from(g: &Groups) -> Self {
        GroupsOut {
            treated_pre: (&g.treated_pre).into(),
            treated_post: (&g.treated_post).into(),
            comparison_pre: (&g.comparison_pre).into(),
            comparison_post: (&g.comparison_post).into(),
        }
    }
}

/// The effect on one targeted element.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ElementEffect {
    pub code: String,
    pub estimate: Option<f64>,
    pub std_error: Option<f64>,
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
    pub groups: GroupsOut,
}

/// The pre-program check.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TrendCheck {
    pub estimate: Option<f64>,
    pub std_error: Option<f64>,
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
    /// `true`: no difference in trends before the program; `false`: one was found;
    /// `null`: too little data to tell.
    pub parallel: Option<bool>,
}

/// A note on how to read the estimate: a message key under `impact.note.` and its values.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    pub key: String,
    pub args: Vec<(String, String)>,
}

impl Note {
    fn new(key: &str, args: &[(&str, String)]) -> Note {
        Note {
            key: key.into(),
            args: args
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
        }
    }

    /// The note in a language.
    pub fn message(&self, lang: crate::i18n::Lang) -> String {
        crate::i18n::Lang::fill(
            crate::tr!(lang, &format!("impact.note.{}", self.key)),
            &self.args,
        )
    }
}

/// A program's impact, everything the page and the API show.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Impact {
    pub program: ProgramView,
    pub window_days: i64,
    pub pre: (String, String),
    pub post: (String, String),
    pub treated_units: Vec<String>,
    pub comparison_units: Vec<String>,
    pub overall: Option<Estimate>,
    pub groups: GroupsOut,
    pub elements: Vec<ElementEffect>,
    pub parallel_trends: TrendCheck,
    pub verdict: Verdict,
    pub notes: Vec<Note>,
}

fn score(r: &[Option<i16>; 9], element: Option<usize>) -> Option<f64> {
    match element {
        Some(i) => r[i].map(|a| f64::from(a) * 25.0),
        None => {
            let given: Vec<f64> = r.iter().flatten().map(|&a| f64::from(a)).collect();
            (!given.is_empty()).then(|| given.iter().sum::<f64>() / given.len() as f64 * 25.0)
        }
    }
}

/// The impact of program `id` with a window of `window` days; `None` when it does not exist.
pub async fn impact(
    db: &impl ConnectionTrait,
    id: i32,
    window: i64,
) -> Result<Option<Impact>, DbErr> {
    let Some(program) = list(db).await?.into_iter().find(|p| p.id == id) else {
        return Ok(None);
    };
    let parse = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default();
    let (start, end) = (parse(&program.start_date), parse(&program.end_date));
    let w = Duration::days(window);
    let pre = (start - w, start - Duration::days(1));
    let post = (end + Duration::days(1), end + w);
    let q1 = (start - Duration::days(182), start - Duration::days(92));
    let q2 = (start - Duration::days(91), start - Duration::days(1));

    let units = unit::Entity::find().all(db).await?;
    let tree = crate::survey::report::pairs(&units);
    let code_to_id = |c: &str| units.iter().find(|u| u.code == c).map(|u| u.id);
    let treated: BTreeSet<i32> = program
        .unit_codes
        .iter()
        .filter_map(|c| code_to_id(c))
        .flat_map(|u| descendants(&tree, u))
        .collect();
    // Units in any program with a date in [S - w, E + w] (this one included) are not
    // comparable.
    let others = training_program::Entity::find()
        .filter(training_program::Column::StartDate.lte(end + w))
        .filter(training_program::Column::EndDate.gte(start - w))
        .all(db)
        .await?;
    let other_ids: Vec<i32> = others.iter().map(|p| p.id).collect();
    let busy: BTreeSet<i32> = training_unit::Entity::find()
        .filter(training_unit::Column::ProgramId.is_in(other_ids))
        .all(db)
        .await?
        .into_iter()
        .flat_map(|l| descendants(&tree, l.unit_id))
        .collect();
    let comparison: BTreeSet<i32> = units
        .iter()
        .map(|u| u.id)
        .filter(|u| !treated.contains(u) && !busy.contains(u))
        .collect();
    let services = crate::units::repo::all_services(db).await?;
    let unit_of: std::collections::HashMap<i32, i32> =
        services.iter().map(|s| (s.id, s.unit_id)).collect();
    let wanted: Vec<i32> = services
        .iter()
        .filter(|s| treated.contains(&s.unit_id) || comparison.contains(&s.unit_id))
        .map(|s| s.id)
        .collect();

    use survey_response::Column as C;
    let rows: Vec<(i32, NaiveDate, [Option<i16>; 9])> = survey_response::Entity::find()
        .select_only()
        .columns([
            C::ServiceId,
            C::Day,
            C::U1,
            C::U2,
            C::U3,
            C::U4,
            C::U5,
            C::U6,
            C::U7,
            C::U8,
            C::U9,
        ])
        .filter(C::ServiceId.is_in(wanted))
        .filter(C::Day.gte(q1.0.min(pre.0)))
        .filter(C::Day.lte(post.1))
        .into_tuple::<(
            i32,
            NaiveDate,
            Option<i16>,
            Option<i16>,
            Option<i16>,
            Option<i16>,
            Option<i16>,
            Option<i16>,
            Option<i16>,
            Option<i16>,
            Option<i16>,
        )>()
        .all(db)
        .await?
        .into_iter()
        .map(|(s, d, a, b, c, e, f, g, h, i, j)| (s, d, [a, b, c, e, f, g, h, i, j]))
        .collect();
    let is_treated = |service: i32| unit_of.get(&service).is_some_and(|u| treated.contains(u));
    let within = |d: NaiveDate, (a, b): (NaiveDate, NaiveDate)| d >= a && d <= b;
    let groups_for =
        |before: (NaiveDate, NaiveDate), after: (NaiveDate, NaiveDate), el: Option<usize>| {
            let pick = |t: bool, period: (NaiveDate, NaiveDate)| {
                Group::of(
                    rows.iter()
                        .filter(move |(s, d, _)| is_treated(*s) == t && within(*d, period))
                        .filter_map(move |(_, _, r)| score(r, el)),
                )
            };
            Groups {
                treated_pre: pick(true, before),
                treated_post: pick(true, after),
                comparison_pre: pick(false, before),
                comparison_post: pick(false, after),
            }
        };
    let groups = groups_for(pre, post, None);
    let overall = groups.estimate();
    let verdict = Verdict::of(&groups, overall.as_ref());
    let elements = program
        .target_elements
        .iter()
        .filter_map(|c| Element::from_code(c))
        .map(|e| {
            let g = groups_for(pre, post, Some(e.index()));
            let est = g.estimate();
            ElementEffect {
                code: e.code().into(),
                estimate: est.map(|x| x.estimate),
                std_error: est.map(|x| x.std_error),
                ci_low: est.map(|x| x.ci_low),
                ci_high: est.map(|x| x.ci_high),
                groups: (&g).into(),
            }
        })
        .collect();
    let placebo_groups = groups_for(q1, q2, None);
    let placebo = placebo_groups.estimate();
    let parallel = match placebo {
        Some(p) if placebo_groups.min_n() >= MIN_GROUP => Some(p.ci_low <= 0.0 && p.ci_high >= 0.0),
        _ => None,
    };
    let mut notes = Vec::new();
    let f2 = |x: f64| format!("{x:.2}");
    if verdict == Verdict::NotEnoughData {
        notes.push(Note::new(
            "not_enough",
            &[
                ("min", MIN_GROUP.to_string()),
                ("smallest", groups.min_n().to_string()),
            ],
        ));
    }
    match parallel {
        Some(true) => notes.push(Note::new("parallel_ok", &[])),
        Some(false) => notes.push(Note::new(
            "parallel_broken",
            &[(
                "estimate",
                placebo.map(|p| f2(p.estimate)).unwrap_or_default(),
            )],
        )),
        None => notes.push(Note::new("parallel_unknown", &[])),
    }
    if comparison.is_empty() || groups.comparison_pre.n + groups.comparison_post.n == 0 {
        notes.push(Note::new("no_comparison", &[]));
    }
    if post.1 > crate::survey::repo::wib_day(chrono::Utc::now()) {
        notes.push(Note::new("post_open", &[("until", post.1.to_string())]));
    }
    let code_of = |id: &i32| units.iter().find(|u| u.id == *id).map(|u| u.code.clone());
    Ok(Some(Impact {
        window_days: window,
        pre: (pre.0.to_string(), pre.1.to_string()),
        post: (post.0.to_string(), post.1.to_string()),
        treated_units: treated.iter().filter_map(code_of).collect(),
        comparison_units: comparison.iter().filter_map(code_of).collect(),
        groups: (&groups).into(),
        overall,
        elements,
        parallel_trends: TrendCheck {
            estimate: placebo.map(|p| p.estimate),
            std_error: placebo.map(|p| p.std_error),
            ci_low: placebo.map(|p| p.ci_low),
            ci_high: placebo.map(|p| p.ci_high),
            parallel,
        },
        verdict,
        notes,
        program,
    }))
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
            p.check().unwrap_err().1
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

    #[test]
    fn a_response_scores_the_mean_of_what_it_answered() {
        let r = [Some(4), Some(2), None, None, None, None, None, None, None];
        assert_eq!(score(&r, None), Some(75.0));
        assert_eq!(score(&r, Some(1)), Some(50.0));
        assert_eq!(score(&r, Some(2)), None);
    }
}
