//! The interface languages (Bahasa Indonesia first, English) and how a request picks one.

use serde::{Deserialize, Serialize};

/// A language of the interface.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
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
