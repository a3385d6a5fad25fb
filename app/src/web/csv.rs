//! Cells of exported CSV files, safe to open in a spreadsheet.

/// The cell as typed, unless a spreadsheet would read some of it as a formula. A cell is
/// read as a formula when it starts with `=`, `+`, `-`, `@`, a tab or a carriage return
/// (OWASP's rule for CSV injection); and a spreadsheet with Indonesian settings splits a line
/// on `;` (others on `,`), so every part after a `;`, a `,` or a line break starts a cell
/// too. Each such start gets a leading `'`, past any spaces before it: a citizen's suggestion
/// `Bagus;-1+cmd|' /C calc'!A0` stays text on a staff computer whatever its separator.
/// [`writer`] quotes every text cell as well.
pub fn spreadsheet_safe(cell: &str) -> String {
    let mut out = String::with_capacity(cell.len() + 2);
    let mut at_start = true;
    for ch in cell.chars() {
        if at_start && matches!(ch, '=' | '+' | '-' | '@' | '\t' | '\r') {
            out.push('\'');
            at_start = false;
        } else if !matches!(ch, ' ') {
            at_start = matches!(ch, ';' | ',' | '\n');
        }
        out.push(ch);
    }
    out
}

/// A CSV writer for exports, splitting cells on `sep`: every cell that is not a number is
/// quoted, so a cell holding a `;` or a `,` stays one cell under either separator. With
/// `bom`, the file starts with a UTF-8 byte order mark (so that Excel reads it as UTF-8).
#[cfg(feature = "ssr")]
pub fn writer(sep: u8, bom: bool) -> csv::Writer<Vec<u8>> {
    let start = if bom {
        "\u{feff}".as_bytes().to_vec()
    } else {
        Vec::new()
    };
    csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::NonNumeric)
        .delimiter(sep)
        .from_writer(start)
}

/// A CSV file to download: `no-store` (exports hold case and personal data), as an
/// attachment named `name`.
#[cfg(feature = "ssr")]
pub fn response(name: &str, body: Vec<u8>) -> axum::response::Response {
    use axum::http::{HeaderValue, header};
    use axum::response::IntoResponse;
    let mut r = body.into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

/// Writes one row with every cell made safe for spreadsheets (no formulas).
#[cfg(feature = "ssr")]
pub fn write_row<W: std::io::Write>(
    w: &mut csv::Writer<W>,
    cells: impl IntoIterator<Item = String>,
) -> Result<(), crate::web::error::AppError> {
    w.write_record(cells.into_iter().map(|c| spreadsheet_safe(&c)))
        .map_err(|e| crate::web::error::AppError::internal("csv", e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_a_spreadsheet_would_run_are_neutralised_and_others_kept() {
        for f in ["=1+1", "+cmd", "-2+3", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(spreadsheet_safe(f), format!("'{f}"));
        }
        for ok in [
            "Pelayanan cepat",
            "2026-11-01",
            "4",
            "",
            "a=b",
            "'kutip",
            "a; b",
        ] {
            assert_eq!(spreadsheet_safe(ok), ok);
        }
    }

    #[test]
    fn a_part_after_a_semicolon_or_comma_is_neutralised_too() {
        assert_eq!(
            spreadsheet_safe("Bagus;-1+cmd|' /C calc'!A0"),
            "Bagus;'-1+cmd|' /C calc'!A0"
        );
        assert_eq!(spreadsheet_safe("a, =1+1; @x"), "a, '=1+1; '@x");
        assert_eq!(spreadsheet_safe("baris\n+1"), "baris\n'+1");
        assert_eq!(spreadsheet_safe("  =1"), "  '=1");
    }

    #[test]
    fn text_cells_are_quoted_so_separators_inside_stay_in_one_cell() {
        let mut w = writer(b',', false);
        w.write_record(["Bagus;'-1", "4", "2026-11-01"]).unwrap();
        let out = String::from_utf8(w.into_inner().unwrap()).unwrap();
        assert_eq!(out, "\"Bagus;'-1\",4,\"2026-11-01\"\n");
        // For Excel with Indonesian settings: semicolons, and the byte order mark first.
        let mut w = writer(b';', true);
        w.write_record(["Bagus, sekali", "4"]).unwrap();
        let out = String::from_utf8(w.into_inner().unwrap()).unwrap();
        assert_eq!(out, "\u{feff}\"Bagus, sekali\";4\n");
    }
}
