//! Reporting periods (year, semester, quarter, month) and date ranges in WIB.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// A reporting period as written in URLs: `2026`, `2026-S1`, `2026-Q3` or `2026-07`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Period {
    Year(i32),
    Semester(i32, u8),
    Quarter(i32, u8),
    Month(i32, u8),
}

impl Period {
    /// Parses the URL form; `None` for anything else.
    pub fn parse(s: &str) -> Option<Period> {
        let s = s.trim();
        let (y, rest) = match s.split_once('-') {
            None => {
                return s
                    .parse()
                    .ok()
                    .filter(|y| (2000..=2100).contains(y))
                    .map(Period::Year);
            }
            Some(p) => p,
        };
        let y: i32 = y.parse().ok().filter(|y| (2000..=2100).contains(y))?;
        let num = |t: &str, max: u8| t.parse::<u8>().ok().filter(|n| (1..=max).contains(n));
        match rest.as_bytes().first()? {
            b'S' | b's' => num(&rest[1..], 2).map(|n| Period::Semester(y, n)),
            b'Q' | b'q' => num(&rest[1..], 4).map(|n| Period::Quarter(y, n)),
            _ => num(rest, 12)
                .filter(|_| rest.len() == 2)
                .map(|n| Period::Month(y, n)),
        }
    }

    /// The URL form.
    pub fn key(self) -> String {
        match self {
            Period::Year(y) => format!("{y}"),
            Period::Semester(y, n) => format!("{y}-S{n}"),
            Period::Quarter(y, n) => format!("{y}-Q{n}"),
            Period::Month(y, n) => format!("{y}-{n:02}"),
        }
    }

    /// First and last day, inclusive.
    pub fn range(self) -> (NaiveDate, NaiveDate) {
        let (y, first, months) = match self {
            Period::Year(y) => (y, 1, 12),
            Period::Semester(y, n) => (y, (u32::from(n) - 1) * 6 + 1, 6),
            Period::Quarter(y, n) => (y, (u32::from(n) - 1) * 3 + 1, 3),
            Period::Month(y, n) => (y, u32::from(n), 1),
        };
        let start = NaiveDate::from_ymd_opt(y, first, 1).expect("valid period start");
        let end = start
            .checked_add_months(chrono::Months::new(months))
            .and_then(|d| d.pred_opt())
            .expect("valid period end");
        (start, end)
    }

    /// The year containing `day`.
    pub fn year_of(day: NaiveDate) -> Period {
        Period::Year(day.year())
    }

    /// The periods offered in the public page's selector, newest first: this year, its
    /// semesters and quarters, and the previous year.
    pub fn choices(today: NaiveDate) -> Vec<Period> {
        let y = today.year();
        let mut v = vec![Period::Year(y)];
        v.extend((1..=2).rev().map(|n| Period::Semester(y, n)));
        v.extend((1..=4).rev().map(|n| Period::Quarter(y, n)));
        v.push(Period::Year(y - 1));
        v.extend((1..=2).rev().map(|n| Period::Semester(y - 1, n)));
        v
    }
}

/// Number of days in an inclusive range.
pub fn days_inclusive(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    #[test]
    fn periods_round_trip_and_cover_their_days() {
        for (s, from, to) in [
            ("2026", d(2026, 1, 1), d(2026, 12, 31)),
            ("2026-S2", d(2026, 7, 1), d(2026, 12, 31)),
            ("2024-Q1", d(2024, 1, 1), d(2024, 3, 31)),
            ("2024-02", d(2024, 2, 1), d(2024, 2, 29)),
        ] {
            let p = Period::parse(s).unwrap();
            assert_eq!(p.key(), s);
            assert_eq!(p.range(), (from, to));
        }
    }

    #[test]
    fn malformed_periods_are_refused() {
        for s in [
            "", "26", "2026-S3", "2026-Q0", "2026-13", "2026-7", "abc", "2026-X1",
        ] {
            assert_eq!(Period::parse(s), None, "{s}");
        }
    }
}
