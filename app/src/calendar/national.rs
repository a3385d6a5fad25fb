//! Indonesia's national holidays and cuti bersama, as the joint ministerial decree (SKB)
//! fixes them each year, shipped as data for 2025-2027 and loaded with the units; and the
//! CSV an admin imports for the years after (`date,name`, one holiday a line).

use crate::csv_import::{Rejected, reader};
use chrono::NaiveDate;

/// The shipped table: every national holiday and cuti bersama of 2025, 2026 and 2027, by
/// their Indonesian names. Checked against PyPI's `holidays` package by
/// `tests/reference/holidays_reference.py` (its output is committed beside it).
pub const NATIONAL: &str = include_str!("holidays-id.csv");

/// The most holidays one file may hold (a few years' worth; a year has about 25).
pub const MAX_LINES: usize = 500;

/// The longest holiday name.
pub const NAME_MAX: usize = 120;

/// The holidays of a `date,name` CSV (a header line first; commas or semicolons; dates as
/// `YYYY-MM-DD`), or every refused line. A date given twice is refused.
pub fn parse(text: &str) -> Result<Vec<(NaiveDate, String)>, Vec<Rejected>> {
    let mut out: Vec<(NaiveDate, String)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut rejected = Vec::new();
    for (i, record) in reader(text).records().enumerate() {
        let line = i + 1;
        if line > MAX_LINES + 1 {
            rejected.push(Rejected::new(
                line,
                "holiday_too_many",
                &[("max", &MAX_LINES)],
            ));
            break;
        }
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                rejected.push(Rejected::new(line, "unreadable", &[("error", &e)]));
                continue;
            }
        };
        let cells: Vec<&str> = record.iter().map(str::trim).collect();
        if line == 1 {
            if cells != ["date", "name"] {
                rejected.push(Rejected::new(line, "holiday_header", &[]));
                break;
            }
            continue;
        }
        if cells.iter().all(|c| c.is_empty()) {
            continue;
        }
        if cells.len() != 2 {
            rejected.push(Rejected::new(
                line,
                "columns",
                &[("found", &cells.len()), ("expected", &2)],
            ));
            continue;
        }
        let Ok(day) = NaiveDate::parse_from_str(cells[0], "%Y-%m-%d") else {
            rejected.push(Rejected::new(line, "holiday_date", &[("date", &cells[0])]));
            continue;
        };
        let name = crate::web::text::clean(cells[1]);
        if crate::web::text::visible_chars(&name) == 0 || name.chars().count() > NAME_MAX {
            rejected.push(Rejected::new(line, "holiday_name", &[("max", &NAME_MAX)]));
            continue;
        }
        if !seen.insert(day) {
            rejected.push(Rejected::new(line, "holiday_twice", &[("date", &day)]));
            continue;
        }
        out.push((day, name));
    }
    if rejected.is_empty() && out.is_empty() {
        rejected.push(Rejected::new(1, "holiday_none", &[]));
    }
    if rejected.is_empty() {
        Ok(out)
    } else {
        Err(rejected)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::Calendar;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_shipped_table_reads_and_covers_three_years() {
        let days = parse(NATIONAL).expect("the shipped table parses");
        for y in 2025..=2027 {
            let n = days
                .iter()
                .filter(|(d, _)| d.format("%Y").to_string() == y.to_string())
                .count();
            assert!(n >= 20, "{y}: {n} holidays");
        }
        let name = |day| {
            days.iter()
                .find(|(x, _)| *x == day)
                .map(|(_, n)| n.as_str())
        };
        assert_eq!(
            name(d(2026, 3, 19)),
            Some("Hari Suci Nyepi (Tahun Baru Saka)")
        );
        assert_eq!(name(d(2026, 3, 21)), Some("Idul Fitri"));
        assert_eq!(name(d(2026, 3, 23)), Some("Cuti bersama Idul Fitri"));
        assert_eq!(name(d(2025, 8, 18)), Some("Cuti bersama Hari Kemerdekaan"));
    }

    #[test]
    fn a_deadline_across_idul_fitri_2026_skips_nyepi_lebaran_and_cuti_bersama() {
        let cal = Calendar::new(parse(NATIONAL).unwrap().into_iter().map(|(d, _)| d));
        // Verified on Tuesday 17 March 2026 with 5 working days: the 18th (cuti bersama
        // Nyepi), 19th (Nyepi), 20th (cuti bersama Idul Fitri), the weekend of Idul Fitri,
        // and the 23rd and 24th (cuti bersama) do not count: 25, 26, 27, 30, 31 March.
        assert_eq!(cal.add_working_days(d(2026, 3, 17), 5), d(2026, 3, 31));
        // With only the weekends skipped it would have been Tuesday the 24th.
        assert_eq!(
            Calendar::default().add_working_days(d(2026, 3, 17), 5),
            d(2026, 3, 24)
        );
        assert_eq!(cal.working_days_left(d(2026, 3, 17), d(2026, 3, 25)), 1);
    }

    #[test]
    fn an_import_names_each_bad_line() {
        let text = "date;name\n2028-01-01;Tahun Baru 2028 Masehi\n2028-13-01;Salah\n2028-01-01;Lagi\n2028-02-02\n2028-03-03;\n";
        let refused = parse(text).unwrap_err();
        let lines: Vec<(usize, &str)> = refused.iter().map(|r| (r.line, r.key.as_str())).collect();
        assert_eq!(
            lines,
            [
                (3, "holiday_date"),
                (4, "holiday_twice"),
                (5, "columns"),
                (6, "holiday_name")
            ]
        );
        assert_eq!(
            parse("tanggal,nama\n").unwrap_err()[0].key,
            "holiday_header"
        );
        let ok = parse("\u{feff}date,name\n2028-01-01,Tahun Baru 2028 Masehi\n\n").unwrap();
        assert_eq!(ok, [(d(2028, 1, 1), "Tahun Baru 2028 Masehi".to_string())]);
        let many = format!("date,name\n{}", "2028-01-01,x\n".repeat(MAX_LINES + 5));
        assert_eq!(
            parse(&many).unwrap_err().last().unwrap().key,
            "holiday_too_many"
        );
    }
}
