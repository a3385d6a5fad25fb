//! The SKM report, built: the chosen unit with the units below it (or every unit), its
//! respondents' profile, the nine elements with their NRR, the index and grade, the
//! suggestions (the latest), and the three weakest elements for the follow-up plan. The
//! page's shapes and server functions are in `server_fns/report.rs`; the CSV exports in
//! `export.rs`.

use super::server_fns::{MAX_SUGGESTIONS, ProfileGroup, ReportElement, SkmReport};
use crate::i18n::Lang;
use crate::survey::domain::{EDUCATION_LEVELS, OCCUPATIONS};
use crate::survey::index::{Report, Totals};
use crate::survey::profile::{AGE_BANDS, GENDERS, Profile};
use crate::tr;
use crate::web::error::AppError;
use chrono::NaiveDate;

/// The report of unit `unit` (empty: every unit, only for a reader of them all; a scoped
/// reader then gets their first unit) over `[from, to]`, for a reader of the units in
/// `allowed` (all for `None`); the units and services from `catalog`.
pub async fn build(
    db: &sea_orm::DatabaseConnection,
    catalog: &crate::units::catalog::Catalog,
    allowed: Option<&[i32]>,
    unit: &str,
    (from, to): (NaiveDate, NaiveDate),
    lang: Lang,
) -> Result<SkmReport, AppError> {
    let lists = catalog.lists(db).await?;
    let units = lists.units.as_slice();
    let mut code = unit.to_string();
    if let (true, Some(a)) = (code.is_empty(), allowed) {
        // Only those who read every unit print the province-wide report; the others start
        // with their first unit.
        code = units
            .iter()
            .find(|u| a.contains(&u.id))
            .map(|u| u.code.clone())
            .ok_or(AppError::Forbidden)?;
    }
    let (unit_code, unit_name, chosen) = if code.is_empty() {
        (
            String::new(),
            tr!(lang, "analytics.all_units"),
            units.iter().map(|u| u.id).collect::<Vec<_>>(),
        )
    } else {
        let unit = units
            .iter()
            .find(|u| u.code == code)
            .ok_or(AppError::NotFound)?;
        let tree: Vec<(i32, Option<i32>)> = units.iter().map(|u| (u.id, u.parent_id)).collect();
        let below = crate::units::domain::reach(&tree, &[unit.id]);
        if let Some(a) = allowed
            && below.iter().any(|u| !a.contains(u))
        {
            return Err(AppError::Forbidden);
        }
        (unit.code.clone(), unit.name.clone(), below)
    };
    let unit_parent = units
        .iter()
        .find(|u| !unit_code.is_empty() && u.code == unit_code)
        .and_then(|u| u.parent_id)
        .and_then(|p| units.iter().find(|u| u.id == p))
        .map(|u| u.name.clone());
    let services: Vec<crate::entities::service::Model> = lists
        .services
        .iter()
        .filter(|s| chosen.contains(&s.unit_id))
        .cloned()
        .collect();
    let service_ids: Vec<i32> = services.iter().map(|s| s.id).collect();
    // The index and the profile from the kept sums, as `/api/v1/ikm` reads them.
    let mut totals = Totals::default();
    let sums = crate::survey::repo::totals_by_service(db, Some(&service_ids), Some(from), Some(to))
        .await?;
    for t in sums.values() {
        totals.merge(&t.totals);
    }
    // Responses written by a release that kept no profile (during a rolling deploy) are
    // not in it: the responses are counted instead.
    let kept = totals.profile;
    let who = if kept.counted == totals.responses {
        kept
    } else {
        let mut counted = Profile::default();
        for r in crate::analytics::repo::profile_counts(db, &service_ids, from, to).await? {
            let age = r.age.map(i64::from);
            counted.add(
                r.gender.as_deref(),
                age,
                r.education.as_deref(),
                r.occupation.as_deref(),
                r.n,
            );
        }
        counted
    };
    let profile = profile(&who, lang);
    let (mut suggestions, suggestions_total) =
        crate::analytics::repo::suggestions(db, &service_ids, (from, to), MAX_SUGGESTIONS as u64)
            .await?;
    // Whatever reads the report (the page, the print, the workbook) gets no phone number,
    // email or NIK a citizen typed.
    for (_, text) in suggestions.iter_mut() {
        if let std::borrow::Cow::Owned(masked) = crate::personal_data::mask(text, lang) {
            *text = masked;
        }
    }
    let suggestions_total = usize::try_from(suggestions_total).unwrap_or(usize::MAX);
    let today = crate::clock::today();
    let refs: Vec<&crate::entities::service::Model> = services.iter().collect();
    let report = crate::survey::index::Report::of(
        &totals,
        crate::survey::report::population(
            &refs,
            crate::survey::report::served_days(from, to, today),
        ),
    );
    let elements = elements(&report, &totals, lang);
    let mut weakest: Vec<ReportElement> = elements
        .iter()
        .filter(|e| e.answered > 0)
        .cloned()
        .collect();
    weakest.sort_by(|a, b| a.index.total_cmp(&b.index).then(a.code.cmp(&b.code)));
    weakest.truncate(3);
    let codes: Vec<(i32, String)> = units
        .iter()
        .filter(|u| chosen.contains(&u.id))
        .map(|u| (u.id, u.code.clone()))
        .collect();
    let plan = crate::followups::repo::of_units_between(db, &codes, from, to).await?;
    Ok(SkmReport {
        unit_code,
        unit_name,
        from,
        to,
        responses: report.responses,
        min_sample: report.min_sample,
        sample_reached: report.sample_reached(),
        profile,
        elements,
        ikm: report.index.map(|i| i.ikm.to_f64()),
        ikm_ci: report.index.and_then(|i| i.ci).map(|c| (c.low, c.high)),
        grade: report.index.map(|i| i.grade().letter().to_string()),
        grade_label: report
            .index
            .map(|i| tr!(lang, &format!("grade.{}", i.grade().letter()))),
        suggestions,
        suggestions_total,
        weakest,
        plan,
        unit_parent,
        letterhead: Default::default(),
    })
}

/// The profile questions' answers with their counts, in their natural order, each answer
/// given at least once, then those who left the question blank.
fn profile(p: &Profile, lang: Lang) -> Vec<ProfileGroup> {
    let unknown = tr!(lang, "report.unknown");
    let group = |name: &str, rows: Vec<(String, i64)>| {
        let given: i64 = rows.iter().map(|(_, n)| n).sum();
        let mut rows: Vec<(String, i64)> = rows.into_iter().filter(|(_, n)| *n > 0).collect();
        if p.counted > given {
            rows.push((unknown.clone(), p.counted - given));
        }
        ProfileGroup {
            group: name.into(),
            rows,
        }
    };
    let labelled = |codes: &[&str], counts: &[i64], key: &str| -> Vec<(String, i64)> {
        codes
            .iter()
            .zip(counts)
            .map(|(c, n)| (tr!(lang, &format!("{key}.{c}")), *n))
            .collect()
    };
    let ages: Vec<(String, i64)> = AGE_BANDS
        .iter()
        .enumerate()
        .map(|(i, low)| {
            let label = match (i, AGE_BANDS.get(i + 1)) {
                (0, Some(next)) => format!("< {next}"),
                (_, Some(next)) => format!("{low}-{}", next - 1),
                (_, None) => format!("≥ {low}"),
            };
            (label, p.age[i])
        })
        .collect();
    vec![
        group("gender", labelled(&GENDERS, &p.gender, "survey.gender")),
        group("age", ages),
        group(
            "education",
            labelled(&EDUCATION_LEVELS, &p.education, "edu"),
        ),
        group("occupation", labelled(&OCCUPATIONS, &p.occupation, "job")),
    ]
}

/// The nine elements of `report` (none without an index), with their sums and grades.
fn elements(report: &Report, totals: &Totals, lang: Lang) -> Vec<ReportElement> {
    report
        .index
        .as_ref()
        .map(|i| {
            i.elements
                .iter()
                .map(|e| {
                    let k = e.element.index();
                    ReportElement {
                        code: e.element.code().into(),
                        name: crate::survey::questionnaire::wording(e.element, lang)
                            .name
                            .into(),
                        answered: totals.answered[k],
                        sum: totals.sums[k],
                        nrr: e.nrr.to_f64(),
                        weighted: (e.nrr.to_f64() / 9.0 * 10_000.0).round() / 10_000.0,
                        index: e.index.to_f64(),
                        grade: crate::survey::index::Grade::of(e.index).letter().into(),
                        ci: e.ci.map(|c| (c.low, c.high)),
                    }
                })
                .collect()
        })
        .unwrap_or_default()
}
