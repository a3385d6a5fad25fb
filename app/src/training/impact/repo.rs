//! The queries of the impact report: the program, the unit tree, the other programs, and the
//! monthly sums of every unit's own services over the program's span (also read by the
//! rollouts).

use super::report::{Inputs, OtherProgram, UnitInfo, first_day, last_day, month_of};
use crate::entities::{training_comparison_unit, training_program, training_unit};
use crate::survey::domain::Element;
use crate::survey::index::Totals;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The inputs of program `id`; its monthly sums only when `with_cells`.
async fn read(
    db: &impl ConnectionTrait,
    id: i32,
    today: chrono::NaiveDate,
    with_cells: bool,
) -> Result<Option<Inputs>, DbErr> {
    let Some(p) = training_program::Entity::find_by_id(id).one(db).await? else {
        return Ok(None);
    };
    let links = training_unit::Entity::find().all(db).await?;
    let units_of = |program: i32| -> Vec<i32> {
        links
            .iter()
            .filter(|l| l.program_id == program)
            .map(|l| l.unit_id)
            .collect()
    };
    let others = training_program::Entity::find()
        .filter(training_program::Column::Id.ne(id))
        .all(db)
        .await?
        .into_iter()
        .map(|o| OtherProgram {
            units: units_of(o.id),
            registered_on: crate::training::repo::registered_on(&o),
            name: o.name,
            start: o.start_date,
            end: o.end_date,
        })
        .collect::<Vec<_>>();
    // A randomized rollout trains its units too, each wave from its own first day: those
    // units are never clean comparisons for a program.
    let mut others = others;
    for (r, rows) in crate::training::rollout::repo::all(db).await? {
        let days: Vec<chrono::NaiveDate> = r
            .waves
            .split(',')
            .filter_map(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .collect();
        for (w, start) in days.into_iter().enumerate() {
            others.push(OtherProgram {
                name: r.name.clone(),
                registered_on: crate::clock::wib_day(r.registered_at),
                start,
                end: start,
                units: rows
                    .iter()
                    .filter(|x| usize::try_from(x.wave).ok() == Some(w))
                    .map(|x| x.unit_id)
                    .collect(),
            });
        }
    }
    let tree: Vec<UnitInfo> = crate::units::repo::all_units(db)
        .await?
        .into_iter()
        .map(|u| UnitInfo {
            id: u.id,
            code: u.code,
            name: u.name,
            parent: u.parent_id,
        })
        .collect();
    let (first, last) = Inputs::span(p.start_date, p.end_date);
    let cells = if with_cells {
        monthly_cells(db, first, last).await?
    } else {
        HashMap::new()
    };
    let fixed: BTreeSet<i32> = training_comparison_unit::Entity::find()
        .filter(training_comparison_unit::Column::ProgramId.eq(id))
        .all(db)
        .await?
        .into_iter()
        .map(|c| c.unit_id)
        .collect();
    Ok(Some(Inputs {
        program_id: p.id,
        start: p.start_date,
        end: p.end_date,
        units: units_of(p.id),
        targets: p
            .target_elements
            .split(',')
            .filter_map(Element::from_code)
            .collect(),
        tree,
        others,
        cells,
        today,
        registered_on: crate::training::repo::registered_on(&p),
        comparison: p.comparison_fixed.then_some(fixed),
        conduct: None,
    }))
}

/// Like [`inputs`], measured on `outcome`: for the conduct complaints, the proven ones of
/// each unit by filing month over the window, and those whose finding is not known yet.
pub async fn inputs_on(
    db: &impl ConnectionTrait,
    id: i32,
    today: chrono::NaiveDate,
    outcome: super::report::ImpactOutcome,
) -> Result<Option<Inputs>, DbErr> {
    let Some(mut inp) = read(db, id, today, true).await? else {
        return Ok(None);
    };
    if outcome == super::report::ImpactOutcome::Conduct {
        let (first, last) = Inputs::span(inp.start, inp.end);
        let (from, to) = (first_day(first), last_day(last));
        let mut c = super::report::Conduct::default();
        for (unit, day) in crate::complaints::outcome::repo::proven_filed(db, from, to).await? {
            *c.counts
                .entry(unit)
                .or_default()
                .entry(month_of(day))
                .or_default() += 1;
        }
        for unit in crate::complaints::outcome::repo::unknown_filed(db, from, to).await? {
            *c.open.entry(unit).or_default() += 1;
        }
        inp.conduct = Some(c);
    }
    Ok(Some(inp))
}

/// What the report of program `id` needs, as of `today`; `None` when there is no program.
pub async fn inputs(
    db: &impl ConnectionTrait,
    id: i32,
    today: chrono::NaiveDate,
) -> Result<Option<Inputs>, DbErr> {
    read(db, id, today, true).await
}

/// Fixes the comparison set of program `id`, just stored (in the transaction that registers
/// it): see [`super::report::comparison_at_registration`].
pub async fn fix_comparison(db: &impl ConnectionTrait, id: i32) -> Result<(), DbErr> {
    let Some(inp) = read(db, id, crate::clock::today(), false).await? else {
        return Ok(());
    };
    let set = super::report::comparison_at_registration(&inp);
    if !set.is_empty() {
        training_comparison_unit::Entity::insert_many(set.into_iter().map(|unit_id| {
            training_comparison_unit::ActiveModel {
                program_id: Set(id),
                unit_id: Set(unit_id),
            }
        }))
        .exec_without_returning(db)
        .await?;
    }
    training_program::Entity::update_many()
        .col_expr(
            training_program::Column::ComparisonFixed,
            sea_orm::sea_query::Expr::value(true),
        )
        .filter(training_program::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// Per unit (its own services) and month count, the sums of the months `first..=last`.
pub async fn monthly_cells(
    db: &impl ConnectionTrait,
    first: i32,
    last: i32,
) -> Result<HashMap<i32, BTreeMap<i32, Totals>>, DbErr> {
    let mut services: HashMap<i32, Vec<i32>> = HashMap::new();
    for s in crate::units::repo::all_services(db).await? {
        services.entry(s.unit_id).or_default().push(s.id);
    }
    let mut cells = HashMap::new();
    for (unit, ids) in &services {
        let sums = crate::survey::repo::sums_by_month(
            db,
            Some(ids),
            Some(first_day(first)),
            Some(last_day(last)),
        )
        .await?;
        let by_month: BTreeMap<i32, _> = sums
            .into_iter()
            .filter_map(|(m, t)| {
                let d = chrono::NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d").ok()?;
                Some((month_of(d), t))
            })
            .collect();
        cells.insert(*unit, by_month);
    }
    Ok(cells)
}
