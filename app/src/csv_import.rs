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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_reads_in_both_languages_with_its_values() {
        let r = Rejected::new(7, "columns", &[("found", &3), ("expected", &6)]);
        assert_eq!(r.message(Lang::En), "3 columns, expected 6");
        assert_eq!(r.message(Lang::Id), "3 kolom, seharusnya 6");
    }
}
