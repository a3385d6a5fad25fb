//! The legal time limits of a complaint, in working days (counted by [`crate::calendar`]).

/// Working days to verify a report and give a first response.
pub const VERIFY_DAYS: u32 = 3;
/// Working days for the unit to formulate its follow-up.
pub const FOLLOW_UP_DAYS: u32 = 5;
/// Working days to finish a case that needs no field check.
pub const DESK_CASE_DAYS: u32 = 14;
/// Working days to finish a case that needs a field inspection or audit (the legal maximum).
pub const FIELD_CASE_DAYS: u32 = 60;
/// Working days after resolution before a case closes unless the reporter objects.
pub const CLOSE_AFTER_DAYS: u32 = 10;

/// How much checking a case needs, which sets its overall limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum CaseClass {
    /// Settled from the report and the unit's answer: 14 working days.
    Desk,
    /// Needs a field inspection or audit: 60 working days.
    Field,
}

impl CaseClass {
    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            CaseClass::Desk => "desk",
            CaseClass::Field => "field",
        }
    }

    /// The class with this code.
    pub fn from_code(code: &str) -> Option<CaseClass> {
        [CaseClass::Desk, CaseClass::Field]
            .into_iter()
            .find(|c| c.code() == code)
    }

    /// Its limit in working days.
    pub fn days(self) -> u32 {
        match self {
            CaseClass::Desk => DESK_CASE_DAYS,
            CaseClass::Field => FIELD_CASE_DAYS,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::Calendar;
    use chrono::NaiveDate;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn case_classes_carry_the_legal_limits() {
        let cal = Calendar::default();
        assert_eq!(CaseClass::Desk.days(), 14);
        assert_eq!(CaseClass::from_code("field"), Some(CaseClass::Field));
        // 14 working days from Monday 2 November: Friday 20 November.
        assert_eq!(
            cal.add_working_days(d(2026, 11, 2), CaseClass::Desk.days()),
            d(2026, 11, 20)
        );
    }
}
