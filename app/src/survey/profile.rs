//! Who answered: how many responses gave each answer of the optional profile questions
//! (gender, age band, education, occupation), kept beside the index's sums per service and
//! day and per service and month, so that the SKM report's profile of a unit's year reads a
//! few hundred kept rows instead of its hundreds of thousands of responses. A response that
//! left a question blank counts in `counted` and in none of that question's answers.

use super::domain::{EDUCATION_LEVELS, OCCUPATIONS};

/// The gender codes of the form, in the order kept.
pub const GENDERS: [&str; 2] = ["L", "P"];

/// The lowest age of each band, the first band being everyone under 20 and the last
/// everyone 60 and over (the report's rows).
pub const AGE_BANDS: [u8; 6] = [0, 20, 30, 40, 50, 60];

/// How many columns a profile is kept in (`Profile::columns`).
pub const COLUMNS: usize =
    1 + GENDERS.len() + AGE_BANDS.len() + EDUCATION_LEVELS.len() + OCCUPATIONS.len();

/// Counts of the profile's answers; `counted` is how many responses these counts cover (the
/// sums' `responses` when every write kept them, fewer when a release that did not know
/// them wrote some: the report then counts the responses instead).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Profile {
    pub counted: i64,
    pub gender: [i64; GENDERS.len()],
    pub age: [i64; AGE_BANDS.len()],
    pub education: [i64; EDUCATION_LEVELS.len()],
    pub occupation: [i64; OCCUPATIONS.len()],
}

/// The band of an age (`AGE_BANDS`' index).
pub fn age_band(age: i64) -> usize {
    AGE_BANDS
        .iter()
        .rposition(|&low| age >= i64::from(low))
        .unwrap_or(0)
}

fn position(list: &[&str], value: Option<&str>) -> Option<usize> {
    value.and_then(|v| list.iter().position(|x| *x == v))
}

impl Profile {
    /// Adds `n` responses that answered so (as stored: `None` or a value the form does not
    /// offer counts as blank).
    pub fn add(
        &mut self,
        gender: Option<&str>,
        age: Option<i64>,
        education: Option<&str>,
        occupation: Option<&str>,
        n: i64,
    ) {
        self.counted += n;
        if let Some(i) = position(&GENDERS, gender) {
            self.gender[i] += n;
        }
        if let Some(a) = age {
            self.age[age_band(a)] += n;
        }
        if let Some(i) = position(&EDUCATION_LEVELS, education) {
            self.education[i] += n;
        }
        if let Some(i) = position(&OCCUPATIONS, occupation) {
            self.occupation[i] += n;
        }
    }

    /// Adds a response as it is stored.
    pub fn add_row(&mut self, r: &crate::entities::survey_response::ActiveModel) {
        let text = |v: &sea_orm::ActiveValue<Option<String>>| v.try_as_ref().cloned().flatten();
        self.add(
            text(&r.gender).as_deref(),
            r.age.try_as_ref().copied().flatten().map(i64::from),
            text(&r.education).as_deref(),
            text(&r.occupation).as_deref(),
            1,
        );
    }

    fn counts_mut(&mut self) -> impl Iterator<Item = &mut i64> {
        std::iter::once(&mut self.counted)
            .chain(self.gender.iter_mut())
            .chain(self.age.iter_mut())
            .chain(self.education.iter_mut())
            .chain(self.occupation.iter_mut())
    }

    /// The counts in the order of `columns`.
    pub fn values(&self) -> impl Iterator<Item = i64> + '_ {
        std::iter::once(self.counted)
            .chain(self.gender)
            .chain(self.age)
            .chain(self.education)
            .chain(self.occupation)
    }

    /// A profile from counts in the order of `columns`; `None` when there are not as many.
    pub fn from_values(v: &[i64]) -> Option<Profile> {
        if v.len() != COLUMNS {
            return None;
        }
        let mut p = Profile::default();
        for (slot, x) in p.counts_mut().zip(v) {
            *slot = *x;
        }
        Some(p)
    }

    /// Adds another profile's counts to these.
    pub fn merge(&mut self, other: &Profile) {
        for (slot, x) in self.counts_mut().zip(other.values()) {
            *slot += x;
        }
    }

    /// These counts less `other`'s, which they include.
    pub fn minus(&self, other: &Profile) -> Profile {
        let mut p = *self;
        for (slot, x) in p.counts_mut().zip(other.values()) {
            *slot -= x;
        }
        p
    }

    /// The kept columns' names, the same in `survey_daily` and `survey_monthly` (migration
    /// 29 adds them): `profiled`, then `g_` gender, `age_` the band's lowest age, `edu_`
    /// and `job_` each answer.
    pub fn columns() -> Vec<String> {
        std::iter::once("profiled".to_string())
            .chain(GENDERS.iter().map(|g| format!("g_{}", g.to_lowercase())))
            .chain(AGE_BANDS.iter().map(|a| format!("age_{a}")))
            .chain(EDUCATION_LEVELS.iter().map(|e| format!("edu_{e}")))
            .chain(OCCUPATIONS.iter().map(|o| format!("job_{o}")))
            .collect()
    }

    /// Each column's count over `survey_responses` rows, in the order of `columns`.
    pub fn column_sql() -> Vec<String> {
        let when = |cond: String| format!("COALESCE(SUM(CASE WHEN {cond} THEN 1 ELSE 0 END), 0)");
        let bands = AGE_BANDS
            .iter()
            .enumerate()
            .map(|(i, low)| match AGE_BANDS.get(i + 1) {
                Some(next) => format!("age >= {low} AND age < {next}"),
                None => format!("age >= {low}"),
            });
        std::iter::once("COUNT(*)".to_string())
            .chain(GENDERS.iter().map(|g| when(format!("gender = '{g}'"))))
            .chain(bands.map(when))
            .chain(
                EDUCATION_LEVELS
                    .iter()
                    .map(|e| when(format!("education = '{e}'"))),
            )
            .chain(
                OCCUPATIONS
                    .iter()
                    .map(|o| when(format!("occupation = '{o}'"))),
            )
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_fall_in_their_band_at_each_edge() {
        let bands: Vec<usize> = [0, 17, 19, 20, 29, 30, 59, 60, 99]
            .iter()
            .map(|&a| age_band(a))
            .collect();
        assert_eq!(bands, [0, 0, 0, 1, 1, 2, 4, 5, 5]);
    }

    #[test]
    fn counts_round_trip_through_the_columns_and_merge_and_minus_undo() {
        let mut a = Profile::default();
        a.add(Some("P"), Some(34), Some("s1"), Some("swasta"), 3);
        a.add(None, None, Some("unknown"), None, 2);
        assert_eq!(a.counted, 5);
        assert_eq!(a.gender, [0, 3]);
        assert_eq!(a.age, [0, 0, 3, 0, 0, 0]);
        assert_eq!(
            a.education.iter().sum::<i64>(),
            3,
            "an answer not offered is blank"
        );
        let cols = Profile::columns();
        assert_eq!(cols.len(), COLUMNS);
        assert_eq!(cols.len(), Profile::column_sql().len());
        assert_eq!(cols.len(), a.values().count());
        assert_eq!(cols[0], "profiled");
        assert!(cols.contains(&"g_p".to_string()) && cols.contains(&"job_lainnya".to_string()));
        let back = Profile::from_values(&a.values().collect::<Vec<_>>()).unwrap();
        assert_eq!(back, a);
        assert_eq!(Profile::from_values(&[1, 2]), None);
        let mut b = a;
        b.add(Some("L"), Some(61), None, Some("pns"), 1);
        let mut sum = a;
        sum.merge(&b);
        assert_eq!(sum.minus(&b), a);
        assert_eq!(sum.counted, 11);
    }
}
