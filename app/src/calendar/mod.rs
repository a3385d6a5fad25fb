//! Working days (hari kerja): Monday to Friday except the public holidays of the maintained
//! table. Complaints count their legal limits in them, triage its deadlines, the public
//! statistics their resolution times, and admins keep the holiday table.

use chrono::{Datelike, NaiveDate, Weekday};
use std::collections::BTreeSet;

#[cfg(feature = "ssr")]
pub mod national;
#[cfg(feature = "ssr")]
pub mod repo;

/// The working-day calendar of a set of holidays.
#[derive(Clone, Debug, Default)]
pub struct Calendar {
    holidays: BTreeSet<NaiveDate>,
}

impl Calendar {
    /// A calendar with these public holidays.
    pub fn new(holidays: impl IntoIterator<Item = NaiveDate>) -> Calendar {
        Calendar {
            holidays: holidays.into_iter().collect(),
        }
    }

    /// Monday to Friday and not a holiday.
    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && !self.holidays.contains(&d)
    }

    /// The `n`-th working day after `from` (`from` itself is not counted): the last day of
    /// a limit of `n` working days starting on `from`.
    pub fn add_working_days(&self, from: NaiveDate, n: u32) -> NaiveDate {
        let mut d = from;
        let mut left = n;
        while left > 0 {
            d = d.succ_opt().unwrap_or(d);
            if self.is_working_day(d) {
                left -= 1;
            }
        }
        d
    }

    /// Working days after `from` up to and including `to` (0 when `to` is not after
    /// `from`): how many working days a wait that began on `from` and ended on `to` took.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> u32 {
        let mut n = 0;
        let mut d = from;
        while d < to {
            d = d.succ_opt().unwrap_or(to);
            n += u32::from(self.is_working_day(d));
        }
        n
    }

    /// Working days from `today` to the deadline `due`: 0 when it is due today, 1 when it
    /// is due on the next working day; negative when it has passed (-1: passed on the last
    /// working day).
    pub fn working_days_left(&self, today: NaiveDate, due: NaiveDate) -> i64 {
        let (from, to, sign) = if due >= today {
            (today, due, 1)
        } else {
            (due, today, -1)
        };
        let mut n = 0;
        let mut d = from;
        while d < to {
            d = d.succ_opt().unwrap_or(to);
            n += i64::from(self.is_working_day(d));
        }
        sign * n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn days_left_count_working_days_both_ways() {
        let cal = Calendar::new([d(2026, 12, 25)]);
        // Thursday 24th, due Monday 28th: Friday is a holiday, so one working day left.
        assert_eq!(cal.working_days_left(d(2026, 12, 24), d(2026, 12, 28)), 1);
        assert_eq!(cal.working_days_left(d(2026, 12, 28), d(2026, 12, 28)), 0);
        // Due Wednesday 23rd, seen on Monday 28th: Thursday and Monday have passed.
        assert_eq!(cal.working_days_left(d(2026, 12, 28), d(2026, 12, 23)), -2);
    }

    #[test]
    fn a_wait_counts_only_the_working_days_it_took() {
        // Asked on Thursday 24 December, answered on Tuesday 29th: Friday 25th is
        // Christmas and the weekend does not count, so Monday and Tuesday were waited.
        let cal = Calendar::new([d(2026, 12, 25)]);
        assert_eq!(
            cal.working_days_between(d(2026, 12, 24), d(2026, 12, 29)),
            2
        );
        assert_eq!(
            cal.working_days_between(d(2026, 12, 24), d(2026, 12, 24)),
            0
        );
        assert_eq!(
            cal.working_days_between(d(2026, 12, 24), d(2026, 12, 27)),
            0
        );
        // A deadline of Wednesday 30th moves by those two days, past New Year's Day.
        let cal = Calendar::new([d(2026, 12, 25), d(2027, 1, 1)]);
        assert_eq!(cal.add_working_days(d(2026, 12, 30), 2), d(2027, 1, 4));
    }

    #[test]
    fn weekends_are_skipped() {
        let cal = Calendar::default();
        // Thursday + 3 working days: Friday, Monday, Tuesday.
        assert_eq!(cal.add_working_days(d(2026, 11, 19), 3), d(2026, 11, 24));
        // Received on a Saturday: the count starts on Monday.
        assert_eq!(cal.add_working_days(d(2026, 11, 21), 1), d(2026, 11, 23));
        assert_eq!(cal.add_working_days(d(2026, 11, 23), 0), d(2026, 11, 23));
    }

    #[test]
    fn holidays_are_skipped_too() {
        // Independence Day 2026 falls on a Monday.
        let cal = Calendar::new([d(2026, 8, 17)]);
        assert!(!cal.is_working_day(d(2026, 8, 17)));
        // Friday 14 August + 3: Tuesday 18, Wednesday 19, Thursday 20.
        assert_eq!(cal.add_working_days(d(2026, 8, 14), 3), d(2026, 8, 20));
        // Christmas on Friday 25 December, New Year on Friday 1 January.
        let cal = Calendar::new([d(2026, 12, 25), d(2027, 1, 1)]);
        assert_eq!(cal.add_working_days(d(2026, 12, 23), 5), d(2026, 12, 31));
        assert_eq!(cal.add_working_days(d(2026, 12, 23), 6), d(2027, 1, 4));
    }
}
