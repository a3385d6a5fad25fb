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

    /// The last quarter ended before `day`: the results a follow-up plan is written for by
    /// default.
    pub fn last_whole_quarter(day: NaiveDate) -> Period {
        match Period::quarter_of(day) {
            Period::Quarter(y, 1) => Period::Quarter(y - 1, 4),
            Period::Quarter(y, q) => Period::Quarter(y, q - 1),
            other => other,
        }
    }

    /// The quarter containing `day`.
    pub fn quarter_of(day: NaiveDate) -> Period {
        let q = u8::try_from(day.month0() / 3 + 1).expect("a quarter is 1 to 4");
        Period::Quarter(day.year(), q)
    }

    /// The periods offered in the public page's selector, newest first, grouped by year:
    /// this year and the previous one, each with its semesters, quarters and months (none
    /// that has not begun by `today`).
    pub fn choices(today: NaiveDate) -> Vec<Period> {
        let mut v = Vec::new();
        for y in [today.year(), today.year() - 1] {
            v.push(Period::Year(y));
            v.extend((1..=2).rev().map(|n| Period::Semester(y, n)));
            v.extend((1..=4).rev().map(|n| Period::Quarter(y, n)));
            v.extend((1..=12).rev().map(|n| Period::Month(y, n)));
        }
        v.retain(|p| p.range().0 <= today);
        v
    }

    /// The year a period lies in.
    pub fn year(self) -> i32 {
        match self {
            Period::Year(y)
            | Period::Semester(y, _)
            | Period::Quarter(y, _)
            | Period::Month(y, _) => y,
        }
    }
}

/// Number of days in an inclusive range.
pub fn days_inclusive(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days() + 1
}

/// The first day of `day`'s month.
pub fn month_start(day: NaiveDate) -> NaiveDate {
    day.with_day(1).unwrap_or(day)
}

/// The last day of `day`'s month.
fn month_end(day: NaiveDate) -> NaiveDate {
    month_start(day)
        .checked_add_months(chrono::Months::new(1))
        .and_then(|d| d.pred_opt())
        .unwrap_or(day)
}

/// A date range cut into the whole months inside it and the days left over at either end,
/// so that sums are read once per whole month instead of once per day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cover {
    /// The first days of the first and last whole month (`None`: no bound on that side);
    /// `None` when no month lies whole inside the range.
    pub months: Option<(Option<NaiveDate>, Option<NaiveDate>)>,
    /// Inclusive day ranges outside the whole months: at most one at each end.
    pub days: Vec<(NaiveDate, NaiveDate)>,
}

impl Cover {
    /// The cover of `[from, to]`, either end open.
    pub fn of(from: Option<NaiveDate>, to: Option<NaiveDate>) -> Cover {
        if let (Some(f), Some(t)) = (from, to)
            && f > t
        {
            return Cover {
                months: None,
                days: vec![],
            };
        }
        let first = from.map(|f| {
            if f.day() == 1 {
                f
            } else {
                month_end(f).succ_opt().unwrap_or(f)
            }
        });
        let last = to.map(|t| {
            if t == month_end(t) {
                month_start(t)
            } else {
                month_start(month_start(t).pred_opt().unwrap_or(t))
            }
        });
        if let (Some(f), Some(t), Some(a), Some(b)) = (from, to, first, last)
            && a > b
        {
            return Cover {
                months: None,
                days: vec![(f, t)],
            };
        }
        let mut days = Vec::new();
        if let (Some(f), Some(a)) = (from, first)
            && f < a
        {
            days.push((f, a.pred_opt().unwrap_or(a)));
        }
        if let (Some(t), Some(b)) = (to, last)
            && t > month_end(b)
        {
            days.push((month_end(b).succ_opt().unwrap_or(t), t));
        }
        Cover {
            months: Some((first, last)),
            days,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cover_takes_every_day_of_the_range_exactly_once() {
        let start = d(2025, 12, 20);
        let days: Vec<NaiveDate> = (0..120)
            .map(|i| start + chrono::Duration::days(i))
            .collect();
        let ends: Vec<Option<NaiveDate>> = std::iter::once(None)
            .chain(days.iter().step_by(3).copied().map(Some))
            .collect();
        for &from in &ends {
            for &to in &ends {
                let c = Cover::of(from, to);
                assert!(c.days.len() <= 2);
                for probe in (-40..160).map(|i| start + chrono::Duration::days(i)) {
                    let inside = from.is_none_or(|f| probe >= f) && to.is_none_or(|t| probe <= t);
                    let by_day = c
                        .days
                        .iter()
                        .filter(|(a, b)| (*a..=*b).contains(&probe))
                        .count();
                    let by_month = c.months.is_some_and(|(a, b)| {
                        let m = month_start(probe);
                        a.is_none_or(|a| m >= a) && b.is_none_or(|b| m <= b)
                    });
                    assert_eq!(
                        by_day + usize::from(by_month),
                        usize::from(inside),
                        "{probe} in {from:?}..={to:?}: {c:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn whole_months_need_no_days_and_a_short_range_no_months() {
        let c = Cover::of(Some(d(2026, 1, 1)), Some(d(2026, 12, 31)));
        assert_eq!(c.months, Some((Some(d(2026, 1, 1)), Some(d(2026, 12, 1)))));
        assert!(c.days.is_empty());
        let c = Cover::of(Some(d(2026, 2, 3)), Some(d(2026, 3, 10)));
        assert_eq!(c.months, None);
        assert_eq!(c.days, vec![(d(2026, 2, 3), d(2026, 3, 10))]);
        let c = Cover::of(Some(d(2024, 12, 2)), Some(d(2026, 12, 2)));
        assert_eq!(c.months, Some((Some(d(2025, 1, 1)), Some(d(2026, 11, 1)))));
        assert_eq!(
            c.days,
            vec![
                (d(2024, 12, 2), d(2024, 12, 31)),
                (d(2026, 12, 1), d(2026, 12, 2))
            ]
        );
    }

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
