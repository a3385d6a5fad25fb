//! The interface languages (Bahasa Indonesia first, English) and how a request picks one.

use serde::{Deserialize, Serialize};

/// A language of the interface.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    Id,
    En,
}

/// Name of the cookie that keeps the chosen language.
pub const LANG_COOKIE: &str = "suara_lang";

impl Lang {
    /// The BCP 47 code, also the locale name of the translation files.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Id => "id",
            Lang::En => "en",
        }
    }

    /// Parses `id` or `en`.
    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "id" => Some(Lang::Id),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The other language, offered by the switch.
    pub fn other(self) -> Lang {
        match self {
            Lang::Id => Lang::En,
            Lang::En => Lang::Id,
        }
    }

    /// Reads the language from a `Cookie` header value; Indonesian unless English was chosen.
    pub fn from_cookie_header(header: Option<&str>) -> Lang {
        header
            .into_iter()
            .flat_map(|h| h.split(';'))
            .filter_map(|kv| kv.trim().split_once('='))
            .find(|(k, _)| *k == LANG_COOKIE)
            .and_then(|(_, v)| Lang::from_code(v))
            .unwrap_or_default()
    }

    /// The language of a request, from its `Cookie` header.
    #[cfg(feature = "ssr")]
    pub fn from_headers(headers: &axum::http::HeaderMap) -> Lang {
        Lang::from_cookie_header(
            headers
                .get(axum::http::header::COOKIE)
                .and_then(|v| v.to_str().ok()),
        )
    }

    /// Fills the `%{name}` placeholders of a translated message.
    pub fn fill(mut text: String, args: &[(String, String)]) -> String {
        for (k, v) in args {
            text = text.replace(&format!("%{{{k}}}"), v);
        }
        text
    }

    /// Decimal separator used for numbers in this language.
    pub fn decimal_sep(self) -> char {
        match self {
            Lang::Id => ',',
            Lang::En => '.',
        }
    }

    /// Thousands separator used for numbers in this language.
    pub fn group_sep(self) -> char {
        match self {
            Lang::Id => '.',
            Lang::En => ',',
        }
    }

    /// A number as this language writes it, rounded to `decimals` places, with thousands
    /// grouped: `12.345,67` in Indonesian, `12,345.67` in English. The one number format of
    /// every page, chart, tooltip and printed report.
    pub fn number(self, v: f64, decimals: usize) -> String {
        if !v.is_finite() {
            return "–".into();
        }
        let fixed = format!("{:.decimals$}", v.abs());
        let (whole, frac) = fixed.split_once('.').unwrap_or((&fixed, ""));
        let mut out = String::with_capacity(fixed.len() + whole.len() / 3 + 1);
        // "-0,0" reads as a negative zero: only a number that shows a digit keeps its sign.
        if v < 0.0 && fixed.bytes().any(|b| (b'1'..=b'9').contains(&b)) {
            out.push('-');
        }
        for (i, ch) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i) % 3 == 0 {
                out.push(self.group_sep());
            }
            out.push(ch);
        }
        if !frac.is_empty() {
            out.push(self.decimal_sep());
            out.push_str(frac);
        }
        out
    }

    /// A whole count (respondents, cases) with thousands grouped: `6.925` / `6,925`.
    pub fn count(self, n: impl Into<i64>) -> String {
        self.number(n.into() as f64, 0)
    }

    /// A signed number with a true minus sign: "−4,5" (a hyphen reads as a dash in a
    /// range).
    pub fn signed_number(self, v: f64, decimals: usize) -> String {
        let text = self.number(v, decimals);
        match text.strip_prefix('-') {
            Some(rest) => format!("−{rest}"),
            None => text,
        }
    }

    /// An interval to one decimal: "74,9–81,3" ("−4,5 s.d. 1,4" when an end is negative,
    /// so that the dash is not read as a minus).
    pub fn interval(self, low: f64, high: f64) -> String {
        let (a, b) = (self.signed_number(low, 1), self.signed_number(high, 1));
        if low < 0.0 || high < 0.0 {
            let to = match self {
                Lang::Id => "s.d.",
                Lang::En => "to",
            };
            format!("{a} {to} {b}")
        } else {
            format!("{a}–{b}")
        }
    }

    /// The margin "±3,1" of `value` within `[low, high]` when the interval is about
    /// symmetric (its two sides within a fifth of each other), the larger side; `None` when
    /// it is lopsided (few answers, near the ends of the scale), where a "±" would promise
    /// a symmetric range the interval is not.
    pub fn margin(self, value: f64, low: f64, high: f64) -> Option<String> {
        let (below, above) = (value - low, high - value);
        let larger = below.max(above);
        ((below - above).abs() <= 0.2 * larger + 0.05)
            .then(|| format!("±{}", self.number(larger, 1)))
    }

    /// A value with its interval in words: "74,2 (±3,1)" when about symmetric, else
    /// "74,2 (46,8–90,7)".
    pub fn with_margin(self, value: f64, low: f64, high: f64) -> String {
        let around = self
            .margin(value, low, high)
            .unwrap_or_else(|| self.interval(low, high));
        format!("{} ({around})", self.number(value, 1))
    }

    /// The interval of an index in a sentence: "±3,1 (interval 95 %: 77,1–83,3)", or
    /// "interval 95 %: 46,8–90,7" when lopsided.
    pub fn ci_words(self, value: f64, low: f64, high: f64) -> String {
        let range = self.interval(low, high);
        match self.margin(value, low, high) {
            Some(m) => crate::tr!(self, "index.ci", margin = m, range = range),
            None => crate::tr!(self, "index.ci_range", range = range),
        }
    }

    /// A date in words with its weekday: "Senin, 8 Desember 2026" / "Monday, 8 December 2026".
    pub fn date_long(self, d: chrono::NaiveDate) -> String {
        use chrono::Datelike;
        let day = match self {
            Lang::Id => [
                "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu",
            ],
            Lang::En => [
                "Monday",
                "Tuesday",
                "Wednesday",
                "Thursday",
                "Friday",
                "Saturday",
                "Sunday",
            ],
        }[d.weekday().num_days_from_monday() as usize];
        format!("{day}, {}", self.date(d))
    }

    /// A date in words: "8 Desember 2026" / "8 December 2026".
    pub fn date(self, d: chrono::NaiveDate) -> String {
        use chrono::Datelike;
        format!("{} {} {}", d.day(), self.month_name(d.month()), d.year())
    }

    /// A reporting period's key as people read it: "2026-01" -> "Jan 2026", "2026-Q3" ->
    /// "TW3 2026" ("Q3 2026"), "2026-S1" -> "S1 2026", "2026" stays; anything else as given.
    pub fn period_label(self, key: &str) -> String {
        let Some((year, rest)) = key.split_once('-') else {
            return key.to_string();
        };
        if let Some(q) = rest.strip_prefix('Q') {
            return match self {
                Lang::Id => format!("TW{q} {year}"),
                Lang::En => format!("Q{q} {year}"),
            };
        }
        if rest.starts_with('S') {
            return format!("{rest} {year}");
        }
        match rest.parse::<u32>() {
            Ok(m @ 1..=12) => {
                let name: String = self.month_name(m).chars().take(3).collect();
                format!("{name} {year}")
            }
            _ => key.to_string(),
        }
    }

    /// The name of a month (1-12).
    pub fn month_name(self, month: u32) -> &'static str {
        const ID: [&str; 12] = [
            "Januari",
            "Februari",
            "Maret",
            "April",
            "Mei",
            "Juni",
            "Juli",
            "Agustus",
            "September",
            "Oktober",
            "November",
            "Desember",
        ];
        const EN: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        let i = (month.clamp(1, 12) - 1) as usize;
        match self {
            Lang::Id => ID[i],
            Lang::En => EN[i],
        }
    }
}

/// Translates a key of `locales/app.yml` into a language.
#[macro_export]
macro_rules! tr {
    ($lang:expr, $key:expr) => {{
        let key: &str = $key;
        rust_i18n::t!(key, locale = $lang.code()).into_owned()
    }};
    ($lang:expr, $key:expr, $($name:ident = $value:expr),+ $(,)?) => {{
        let key: &str = $key;
        rust_i18n::t!(key, locale = $lang.code(), $($name = $value),+).into_owned()
    }};
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_language_cookie_picks_english_and_anything_else_is_indonesian() {
        assert_eq!(
            Lang::from_cookie_header(Some("a=b; suara_lang=en")),
            Lang::En
        );
        assert_eq!(Lang::from_cookie_header(Some("suara_lang=fr")), Lang::Id);
        assert_eq!(Lang::from_cookie_header(None), Lang::Id);
    }

    #[test]
    fn periods_read_as_people_write_them() {
        assert_eq!(Lang::Id.period_label("2026-08"), "Agu 2026");
        assert_eq!(Lang::En.period_label("2026-08"), "Aug 2026");
        assert_eq!(Lang::Id.period_label("2026-Q3"), "TW3 2026");
        assert_eq!(Lang::En.period_label("2026-Q3"), "Q3 2026");
        assert_eq!(Lang::Id.period_label("2026-S1"), "S1 2026");
        assert_eq!(Lang::Id.period_label("2026"), "2026");
        assert_eq!(Lang::Id.period_label("2026-13"), "2026-13");
    }

    #[test]
    fn numbers_follow_the_language() {
        assert_eq!(Lang::Id.number(88.3125, 2), "88,31");
        assert_eq!(Lang::En.number(88.3125, 2), "88.31");
        assert_eq!(Lang::Id.count(12_000), "12.000");
        assert_eq!(Lang::En.count(1_234_567), "1,234,567");
        assert_eq!(Lang::Id.count(6925), "6.925");
        assert_eq!(Lang::Id.count(925), "925");
        assert_eq!(Lang::Id.number(-1234.5, 1), "-1.234,5");
        assert_eq!(Lang::Id.number(-0.04, 1), "0,0");
        assert_eq!(Lang::Id.number(f64::NAN, 2), "–");
    }

    #[test]
    fn dates_in_words() {
        let d = chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        assert_eq!(Lang::Id.date_long(d), "Senin, 7 Desember 2026");
        assert_eq!(Lang::En.date_long(d), "Monday, 7 December 2026");
        assert_eq!(Lang::Id.month_name(2), "Februari");
    }

    /// A key written twice in the locale files would silently lose one text (one page shows
    /// the other's words): every key is defined once across all files.
    #[test]
    fn no_key_is_defined_twice() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
        let mut seen = std::collections::HashMap::new();
        for f in std::fs::read_dir(&dir)
            .expect("the locales folder")
            .flatten()
        {
            let text = std::fs::read_to_string(f.path()).expect("a locale file");
            for line in text.lines() {
                let Some(key) = line
                    .strip_suffix(':')
                    .filter(|k| !k.starts_with([' ', '#']))
                else {
                    continue;
                };
                if let Some(other) = seen.insert(key.to_string(), f.file_name()) {
                    panic!(
                        "{key} is defined in {other:?} and again in {:?}",
                        f.file_name()
                    );
                }
            }
        }
        assert!(seen.len() > 100, "keys read: {}", seen.len());
    }

    #[test]
    fn every_key_is_translated_in_both_languages() {
        let keys = rust_i18n::available_locales!();
        assert!(keys.contains(&"id") && keys.contains(&"en"));
        for key in [
            "nav.survey",
            "survey.submit",
            "error.answer_missing",
            "grade.A",
        ] {
            let id = tr!(Lang::Id, key);
            let en = tr!(Lang::En, key);
            assert!(!id.contains(key), "{key} missing in id");
            assert!(!en.contains(key), "{key} missing in en");
        }
    }
}
