//! What the CSV imports (units and services, survey responses) share: a refused line with
//! its number and a reason that can be shown in either language.

use crate::i18n::Lang;
use serde::{Deserialize, Serialize};

/// One refused line: its number (the header is line 1), the reason's message key under
/// `import.` in the locale files, and the values the message names.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejected {
    pub line: usize,
    pub key: String,
    pub args: Vec<(String, String)>,
}

impl Rejected {
    /// A refusal of `line` for the reason `key`, naming `args`.
    pub fn new(line: usize, key: &str, args: &[(&str, &dyn ToString)]) -> Self {
        Self {
            line,
            key: key.to_string(),
            args: args
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }

    /// The reason in `lang`, its `%{name}` placeholders filled in.
    pub fn message(&self, lang: Lang) -> String {
        Lang::fill(
            crate::tr!(lang, &format!("import.{}", self.key)),
            &self.args,
        )
    }
}

/// A CSV reader for an uploaded file, as spreadsheets write them: a byte-order mark is
/// skipped, and the separator is read off the header line. Excel with Indonesian (and most
/// European) settings saves "CSV" with semicolons, because the comma is the decimal mark
/// there; a header with more semicolons than commas is read as such.
pub fn reader(text: &str) -> csv::Reader<&[u8]> {
    let text = text.trim_start_matches('\u{feff}');
    let header = text.lines().next().unwrap_or("");
    let count = |c: char| header.matches(c).count();
    let delimiter = if count(';') > count(',') { b';' } else { b',' };
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn semicolon_files_from_excel_are_read_like_comma_files() {
        let rows = |text: &str| -> Vec<Vec<String>> {
            reader(text)
                .records()
                .map(|r| r.unwrap().iter().map(str::to_string).collect())
                .collect()
        };
        let comma = rows("a,b,c\n1,\"x;y\",3\n");
        let semi = rows("\u{feff}a;b;c\r\n1;\"x;y\";3\r\n");
        assert_eq!(comma, semi);
        assert_eq!(comma[1], ["1", "x;y", "3"]);
        // A comma file whose values hold semicolons stays a comma file.
        assert_eq!(rows("a,b\n\"p;q;r\",2\n")[1], ["p;q;r", "2"]);
    }

    #[test]
    fn a_refusal_reads_in_both_languages_with_its_values() {
        let r = Rejected::new(7, "columns", &[("found", &3), ("expected", &6)]);
        assert_eq!(r.message(Lang::En), "3 columns, expected 6");
        assert_eq!(r.message(Lang::Id), "3 kolom, seharusnya 6");
    }
}
