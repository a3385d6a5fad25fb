//! Time as Jambi reads it: Western Indonesia Time (WIB), UTC+7 all year. Days of sums,
//! deadlines and periods are WIB days; times shown to people are WIB times.

use chrono::{DateTime, NaiveDate, Utc};

/// Hours WIB is ahead of UTC.
pub const WIB_OFFSET_HOURS: i64 = 7;

/// The WIB calendar day of an instant.
pub fn wib_day(at: DateTime<Utc>) -> NaiveDate {
    (at + chrono::Duration::hours(WIB_OFFSET_HOURS)).date_naive()
}

/// Today in WIB.
#[cfg(feature = "ssr")]
pub fn today() -> NaiveDate {
    wib_day(Utc::now())
}

/// A date-time in WIB as pages and mails show it: `02-12-2026 20:44 WIB`.
pub fn fmt_wib(at: DateTime<Utc>) -> String {
    (at + chrono::Duration::hours(WIB_OFFSET_HOURS))
        .format("%d-%m-%Y %H:%M WIB")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wib_day_turns_at_five_in_the_afternoon_utc() {
        let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        assert_eq!(
            wib_day(at("2026-12-01T16:59:59Z")),
            NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
        );
        assert_eq!(
            wib_day(at("2026-12-01T17:00:00Z")),
            NaiveDate::from_ymd_opt(2026, 12, 2).unwrap()
        );
        assert_eq!(fmt_wib(at("2026-12-01T17:05:00Z")), "02-12-2026 00:05 WIB");
    }
}
