//! Rollouts as the API and the console use them: preview a plan (its clusters and the MDE
//! it can expect), register it (draw, seal, store and audit in one transaction, before the
//! first wave), read it back, and report its effect.

use super::analysis::{self, Design, HISTORY_MONTHS, HistoryModel, MdeOption};
use super::assign::Eligible;
use super::plan::{Assigned, Plan, RolloutView, Sealed};
use super::report::{self, RolloutImpact};
use crate::accounts::auth::Caller;
use crate::entities::unit;
use crate::state::AppState;
use crate::survey::domain::Element;
use crate::survey::index::Totals;
use crate::training::impact::report::{UnitRef, month_of};
use crate::web::error::AppError;
use chrono::NaiveDate;
use rand::Rng;
use sea_orm::{ConnectionTrait, DbErr};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Months before registration that make a unit's baseline (the strata of the draw).
pub const BASELINE_MONTHS: i32 = 6;
/// Seeds stay below 2^53, so that every JSON reader keeps them exact.
const SEED_LIMIT: u64 = 1 << 53;

/// What a plan looks like before it is registered.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Preview {
    /// Groups of units that always share a wave (an office with its UPTDs).
    pub clusters: usize,
    /// Units with responses in the six months before today (the others are drawn last in
    /// their strata and need responses before the first wave to take part).
    pub with_baseline: usize,
    /// Distinct assignments among 2,000 draws of the design: under 60 no verdict can be
    /// given whatever the data (`ready` false).
    pub assignments: usize,
    /// Whether the design allows a test at 5 %.
    pub ready: bool,
    /// The plan's MDE first, then with twice the units, one more wave, and both.
    pub options: Vec<MdeOption>,
}

/// The units of a plan, in code order, with what the draw uses; `Err` for an unknown code.
struct Eligibles {
    /// Every unit of the tree.
    all: Vec<unit::Model>,
    units: Vec<unit::Model>,
    eligible: Vec<Eligible>,
    model: Option<HistoryModel>,
}

fn ikm(cells: &BTreeMap<i32, Totals>, months: std::ops::RangeInclusive<i32>) -> Option<f64> {
    let mut t = Totals::default();
    for m in months {
        if let Some(c) = cells.get(&m) {
            t.merge(c);
        }
    }
    t.ikm_value()
}

async fn eligibles(
    db: &impl ConnectionTrait,
    codes: &[String],
    today: NaiveDate,
) -> Result<Result<Eligibles, ()>, DbErr> {
    let all = crate::units::repo::all_units(db).await?;
    let mut units = Vec::new();
    for code in codes {
        match all.iter().find(|u| &u.code == code) {
            Some(u) => units.push(u.clone()),
            None => return Ok(Err(())),
        }
    }
    let now = month_of(today);
    let cells =
        crate::training::impact::repo::monthly_cells(db, now - HISTORY_MONTHS, now - 1).await?;
    let empty = BTreeMap::new();
    let of = |id: i32| cells.get(&id).unwrap_or(&empty);
    let eligible = units
        .iter()
        .map(|u| Eligible {
            id: u.id,
            parent_id: u.parent_id,
            baseline: ikm(of(u.id), (now - BASELINE_MONTHS)..=(now - 1)),
        })
        .collect();
    let history: Vec<Vec<Option<f64>>> = units
        .iter()
        .map(|u| {
            ((now - HISTORY_MONTHS)..now)
                .map(|m| of(u.id).get(&m).and_then(Totals::ikm_value))
                .collect()
        })
        .collect();
    Ok(Ok(Eligibles {
        all,
        units,
        eligible,
        model: analysis::fit_history(&history),
    }))
}

fn design(eligible: Vec<Eligible>, waves: &[NaiveDate]) -> Design {
    Design::new(eligible, waves.iter().map(|d| month_of(*d)).collect())
}

/// Refuses a plan with a unit the caller may not plan for.
async fn check_scope(
    state: &AppState,
    caller: &Caller,
    units: &[unit::Model],
) -> Result<(), AppError> {
    if let Some(allowed) = caller.units(state).await?
        && !units.iter().all(|u| allowed.contains(&u.id))
    {
        return Err(AppError::Forbidden);
    }
    Ok(())
}

/// The preview of a checked plan.
pub async fn preview(state: &AppState, caller: &Caller, plan: &Plan) -> Result<Preview, AppError> {
    let e = eligibles(&state.db, &plan.units, crate::clock::today())
        .await?
        .map_err(|()| AppError::unknown("unit_unknown", "units"))?;
    check_scope(state, caller, &e.units).await?;
    let with_baseline = e.eligible.iter().filter(|u| u.baseline.is_some()).count();
    let d = design(e.eligible, &plan.waves);
    if d.cluster_count() < plan.waves.len() {
        return Err(AppError::invalid("rollout_clusters", "units"));
    }
    let options = match &e.model {
        Some(m) => analysis::mde_options(&d, m),
        None => Vec::new(),
    };
    let observed = d.waves_for(0);
    let assignments = analysis::distinct(&d.assignments(&observed, 0, analysis::DRAWS));
    Ok(Preview {
        clusters: d.cluster_count(),
        with_baseline,
        assignments,
        ready: assignments >= analysis::MIN_DISTINCT,
        options,
    })
}

/// Draws, seals, stores and audits a checked plan; the registered rollout.
pub async fn register(
    state: &AppState,
    caller: &Caller,
    plan: &Plan,
) -> Result<RolloutView, AppError> {
    let today = crate::clock::today();
    let e = eligibles(&state.db, &plan.units, today)
        .await?
        .map_err(|()| AppError::unknown("unit_unknown", "units"))?;
    check_scope(state, caller, &e.units).await?;
    let staff = match caller {
        Caller::Staff(s) => Some(s.id),
        Caller::Token => None,
    };
    let seed = rand::rng().random_range(0..SEED_LIMIT);
    let drawn = draw(&e, plan, seed, crate::clock::now())?;
    let (_writing, txn) = state.begin_write().await?;
    let view = store(&txn, plan, drawn, staff, false).await?;
    txn.commit().await?;
    Ok(view)
}

/// A plan drawn and sealed, not yet stored.
pub struct Drawn {
    view: RolloutView,
    rows: Vec<super::repo::UnitRow>,
    registered_at: chrono::DateTime<chrono::Utc>,
}

/// Draws the plan's assignment with `seed` and seals it (read only).
fn draw(
    e: &Eligibles,
    plan: &Plan,
    seed: u64,
    registered_at: chrono::DateTime<chrono::Utc>,
) -> Result<Drawn, AppError> {
    let d = design(e.eligible.clone(), &plan.waves);
    if d.cluster_count() < plan.waves.len() {
        return Err(AppError::invalid("rollout_clusters", "units"));
    }
    let mde = e.model.as_ref().and_then(|m| analysis::planned_mde(&d, m));
    let waves = d.waves_for(seed);
    let at = registered_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let code_of = |id: i32| e.all.iter().find(|u| u.id == id).map(|u| u.code.clone());
    let sealed_units: Vec<(String, Option<String>, Option<String>, usize)> = e
        .eligible
        .iter()
        .zip(&waves)
        .map(|(u, w)| {
            (
                code_of(u.id).unwrap_or_default(),
                u.parent_id.and_then(code_of),
                u.baseline.map(|b| format!("{b:.4}")),
                *w,
            )
        })
        .collect();
    let targets: Vec<String> = plan.targets.iter().map(|t| t.code().to_string()).collect();
    let plan_hash = Sealed {
        name: &plan.name,
        topic: &plan.topic,
        target_elements: &targets,
        waves: &plan.waves,
        units: &sealed_units,
        seed,
        registered_at: &at,
    }
    .hash();
    let rows = e
        .eligible
        .iter()
        .zip(&waves)
        .map(|(u, w)| (u.id, u.parent_id, u.baseline, *w))
        .collect();
    Ok(Drawn {
        view: RolloutView {
            id: 0,
            name: plan.name.clone(),
            topic: plan.topic.clone(),
            target_elements: targets,
            waves: plan.waves.clone(),
            assignment: assigned(&sealed_units, &plan.waves),
            seed,
            registered_at: at,
            plan_hash,
            mde,
        },
        rows,
        registered_at,
    })
}

/// Stores a drawn plan and writes it to the hash-chained log, in the caller's transaction.
async fn store(
    txn: &impl ConnectionTrait,
    plan: &Plan,
    drawn: Drawn,
    staff: Option<i32>,
    demo: bool,
) -> Result<RolloutView, DbErr> {
    let mut view = drawn.view;
    view.id = super::repo::insert(
        txn,
        &super::repo::NewRow {
            plan,
            units: &drawn.rows,
            seed: view.seed,
            plan_hash: &view.plan_hash,
            mde: view.mde,
            registered_at: drawn.registered_at,
            registered_by: staff,
        },
    )
    .await?;
    // The draw goes to the hash-chained log with the plan, before any wave begins.
    crate::audit::record(
        txn,
        crate::audit::Actor::staff_or_system(staff),
        "training.rollout.register",
        None,
        serde_json::json!({
            "id": view.id,
            "name": plan.name,
            "seed": view.seed,
            "plan_hash": view.plan_hash,
            "waves": plan.waves,
            "assignment": view.assignment,
            "demo": demo,
        }),
    )
    .await?;
    Ok(view)
}

/// The demo's finished rollout: `plan` drawn with `seed` as of `registered_at` (in the
/// past, before its first wave), stored in the caller's transaction; the wave of each unit
/// id.
pub async fn register_demo(
    db: &sea_orm::DatabaseConnection,
    plan: &Plan,
    seed: u64,
    registered_at: chrono::DateTime<chrono::Utc>,
) -> Result<Vec<(i32, usize)>, AppError> {
    let e = eligibles(db, &plan.units, crate::clock::wib_day(registered_at))
        .await?
        .map_err(|()| AppError::unknown("unit_unknown", "units"))?;
    let drawn = draw(&e, plan, seed, registered_at)?;
    let waves: Vec<(i32, usize)> = drawn.rows.iter().map(|r| (r.0, r.3)).collect();
    let txn = sea_orm::TransactionTrait::begin(db).await?;
    store(&txn, plan, drawn, None, true).await?;
    txn.commit().await?;
    Ok(waves)
}

fn assigned(
    units: &[(String, Option<String>, Option<String>, usize)],
    waves: &[NaiveDate],
) -> Vec<Assigned> {
    let mut out: Vec<Assigned> = units
        .iter()
        .map(|(code, _, _, w)| Assigned {
            unit: code.clone(),
            wave: *w,
            starts_on: waves[*w],
        })
        .collect();
    out.sort_by(|a, b| a.wave.cmp(&b.wave).then_with(|| a.unit.cmp(&b.unit)));
    out
}

/// A stored rollout as it is shown, with its design and stored draw.
struct Loaded {
    view: RolloutView,
    design: Design,
    observed: Vec<usize>,
    units: Vec<UnitRef>,
    targets: Vec<Element>,
}

fn load(stored: super::repo::Stored, all: &[unit::Model]) -> Loaded {
    let (r, rows) = stored;
    let waves: Vec<NaiveDate> = r
        .waves
        .split(',')
        .filter_map(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
        .collect();
    let unit_of = |id: i32| all.iter().find(|u| u.id == id);
    let units: Vec<UnitRef> = rows
        .iter()
        .map(|x| UnitRef {
            code: unit_of(x.unit_id)
                .map(|u| u.code.clone())
                .unwrap_or_default(),
            name: unit_of(x.unit_id)
                .map(|u| u.name.clone())
                .unwrap_or_default(),
        })
        .collect();
    let observed: Vec<usize> = rows
        .iter()
        .map(|x| {
            usize::try_from(x.wave)
                .unwrap_or(0)
                .min(waves.len().saturating_sub(1))
        })
        .collect();
    let eligible: Vec<Eligible> = rows
        .iter()
        .map(|x| Eligible {
            id: x.unit_id,
            parent_id: x.parent_id,
            baseline: x.baseline,
        })
        .collect();
    let sealed: Vec<(String, Option<String>, Option<String>, usize)> = units
        .iter()
        .zip(&observed)
        .map(|(u, w)| (u.code.clone(), None, None, *w))
        .collect();
    let targets: Vec<Element> = r
        .target_elements
        .split(',')
        .filter_map(Element::from_code)
        .collect();
    let view = RolloutView {
        id: r.id,
        name: r.name,
        topic: r.topic,
        target_elements: targets.iter().map(|t| t.code().to_string()).collect(),
        assignment: assigned(&sealed, &waves),
        seed: u64::try_from(r.seed).unwrap_or(0),
        registered_at: r
            .registered_at
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        plan_hash: r.plan_hash,
        mde: r.mde,
        waves: waves.clone(),
    };
    Loaded {
        design: design(eligible, &waves),
        view,
        observed,
        units,
        targets,
    }
}

/// The rollouts the caller may read (those with a unit among theirs; all for `None`).
pub async fn visible(
    db: &impl ConnectionTrait,
    allowed: Option<&[i32]>,
) -> Result<Vec<RolloutView>, DbErr> {
    let all = crate::units::repo::all_units(db).await?;
    Ok(super::repo::all(db)
        .await?
        .into_iter()
        .filter(|(_, rows)| allowed.is_none_or(|a| rows.iter().any(|x| a.contains(&x.unit_id))))
        .map(|s| load(s, &all).view)
        .collect())
}

async fn find_visible(
    db: &impl ConnectionTrait,
    id: i32,
    allowed: Option<&[i32]>,
) -> Result<Option<Loaded>, DbErr> {
    let Some(stored) = super::repo::find(db, id).await? else {
        return Ok(None);
    };
    if let Some(a) = allowed
        && !stored.1.iter().any(|x| a.contains(&x.unit_id))
    {
        return Ok(None);
    }
    let all = crate::units::repo::all_units(db).await?;
    Ok(Some(load(stored, &all)))
}

/// Rollout `id`, when the caller may read it.
pub async fn view(
    db: &impl ConnectionTrait,
    id: i32,
    allowed: Option<&[i32]>,
) -> Result<Option<RolloutView>, DbErr> {
    Ok(find_visible(db, id, allowed).await?.map(|l| l.view))
}

/// The report of rollout `id` as of today, when the caller may read it.
pub async fn impact(
    db: &impl ConnectionTrait,
    id: i32,
    allowed: Option<&[i32]>,
) -> Result<Option<RolloutImpact>, DbErr> {
    Ok(view_and_impact(db, id, allowed).await?.map(|(_, r)| r))
}

/// Rollout `id` as registered and its report as of today (one read), when the caller may
/// read it.
pub async fn view_and_impact(
    db: &impl ConnectionTrait,
    id: i32,
    allowed: Option<&[i32]>,
) -> Result<Option<(RolloutView, RolloutImpact)>, DbErr> {
    let Some(l) = find_visible(db, id, allowed).await? else {
        return Ok(None);
    };
    Ok(Some(judged(db, l).await?))
}

/// Every rollout the caller may read, as registered, with its report as of today (the
/// rollouts and the unit tree read once).
pub async fn visible_with_impact(
    db: &impl ConnectionTrait,
    allowed: Option<&[i32]>,
) -> Result<Vec<(RolloutView, RolloutImpact)>, DbErr> {
    let all = crate::units::repo::all_units(db).await?;
    let mut out = Vec::new();
    for stored in super::repo::all(db).await? {
        if allowed.is_none_or(|a| stored.1.iter().any(|x| a.contains(&x.unit_id))) {
            out.push(judged(db, load(stored, &all)).await?);
        }
    }
    Ok(out)
}

/// A loaded rollout and its report as of today.
async fn judged(
    db: &impl ConnectionTrait,
    l: Loaded,
) -> Result<(RolloutView, RolloutImpact), DbErr> {
    let cells = crate::training::impact::repo::monthly_cells(
        db,
        l.design.first_month(),
        l.design.last_month(),
    )
    .await?;
    let per_unit: Vec<BTreeMap<i32, Totals>> = l
        .design
        .units
        .iter()
        .map(|u| cells.get(&u.id).cloned().unwrap_or_default())
        .collect();
    let report = report::build(&report::Inputs {
        rollout_id: l.view.id,
        design: &l.design,
        observed: &l.observed,
        seed: l.view.seed,
        wave_days: &l.view.waves,
        units: &l.units,
        cells: &per_unit,
        targets: &l.targets,
        planned_mde: l.view.mde,
        today: crate::clock::today(),
    });
    Ok((l.view, report))
}
