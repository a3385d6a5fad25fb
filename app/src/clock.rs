//! Time as Jambi reads it: Western Indonesia Time (WIB), UTC+7 all year. Days of sums,
//! deadlines and periods are WIB days; times shown to people are WIB times.

use chrono::{DateTime, NaiveDate, Utc};
use std::sync::atomic::{AtomicI64, Ordering};

/// Hours WIB is ahead of UTC.
pub const WIB_OFFSET_HOURS: i64 = 7;

/// Whole days the server's clock runs ahead of (or behind) the real one: set from
/// `SUARA_TODAY` (tests and demos only; refused in production), zero otherwise. Set again at
/// every start, so a test may stop a server and start it on the same database later.
static SHIFT_DAYS: AtomicI64 = AtomicI64::new(0);

/// Makes `today` the server's today (WIB), keeping the time of day; `None`: the real one.
pub fn set_today(today: Option<NaiveDate>) {
    let days = today.map_or(0, |d| (d - wib_day(Utc::now())).num_days());
    SHIFT_DAYS.store(days, Ordering::SeqCst);
}

/// The server's now: every timestamp written and every deadline compared reads this, so
/// that `SUARA_TODAY` moves them all together.
pub fn now() -> DateTime<Utc> {
    Utc::now() + chrono::Duration::days(SHIFT_DAYS.load(Ordering::SeqCst))
}

/// The WIB calendar day of an instant.
pub fn wib_day(at: DateTime<Utc>) -> NaiveDate {
    (at + chrono::Duration::hours(WIB_OFFSET_HOURS)).date_naive()
}

/// Today in WIB.
#[cfg(feature = "ssr")]
pub fn today() -> NaiveDate {
    wib_day(now())
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

    #[test]
    fn a_set_today_moves_now_by_whole_days_and_none_puts_it_back() {
        let day = NaiveDate::from_ymd_opt(2027, 3, 15).unwrap();
        set_today(Some(day));
        assert_eq!(wib_day(now()), day);
        set_today(None);
        assert_eq!(wib_day(now()), wib_day(Utc::now()));
    }
}
