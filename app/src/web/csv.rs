//! Cells of exported CSV files, safe to open in a spreadsheet.

/// The cell as typed, unless a spreadsheet would read it as a formula: text starting with
/// `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'` (OWASP's rule for CSV
/// injection), so a citizen's suggestion `=HYPERLINK(...)` stays text on a staff computer.
pub fn spreadsheet_safe(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_a_spreadsheet_would_run_are_neutralised_and_others_kept() {
        for f in ["=1+1", "+cmd", "-2+3", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(spreadsheet_safe(f), format!("'{f}"));
        }
        for ok in ["Pelayanan cepat", "2026-11-01", "4", "", "a=b", "'kutip"] {
            assert_eq!(spreadsheet_safe(ok), ok);
        }
    }
}
