//! The pieces of the OpenAPI document that say a rule the server enforces, shared by the
//! capabilities' request types: a code, a date that may be left empty, a text that must say
//! something. A client generated from the document, and schemathesis, read the same rules
//! the handlers check (`tests/api/security.rs` proves that every request the document calls
//! valid is accepted, and every one it calls invalid refused).

use serde_json::{Value, json};
use utoipa::openapi::{RefOr, schema::Schema};

/// A schema written as JSON (for what utoipa's derive cannot say: `oneOf` of objects,
/// `anyOf` of a format and an empty string).
pub fn from_json(v: Value) -> Schema {
    let s: Schema = serde_json::from_value(v.clone())
        .unwrap_or_else(|e| panic!("not a schema utoipa can hold ({e}): {v}"));
    // Nothing may be dropped on the way: what is written here is what the document says.
    let back = serde_json::to_value(&s).unwrap_or_default();
    assert_eq!(back, v, "utoipa dropped or changed part of a schema");
    s
}

/// [`from_json`], as a field's or a parameter's `schema_with`.
pub fn schema(v: Value) -> RefOr<Schema> {
    RefOr::T(from_json(v))
}

/// A unit's or a service's code: 2 to 32 of `a-z`, `0-9` and `-`, not starting with `-`
/// (the units' own rule agrees with it, in their tests).
pub const CODE_PATTERN: &str = "^[a-z0-9][a-z0-9-]{1,31}$";

/// A text that says something: at least `min` characters once the spaces around it are
/// trimmed, and at most `max` characters.
pub fn text_json(min: usize, max: usize) -> Value {
    // A character other than a space at both ends of the counted part: the spaces around it
    // do not count.
    let pattern = match min {
        0 | 1 => format!("[^{WS}]"),
        n => format!("^[{WS}]*[^{WS}][\\s\\S]{{{},}}[^{WS}][{WS}]*$", n - 2),
    };
    json!({"type": "string", "minLength": min.max(1), "maxLength": max, "pattern": pattern})
}

/// The characters Rust's `trim` removes (Unicode White_Space), as the inside of a character
/// class: `\s` means other sets in Python (which adds U+001C to U+001F) and in ECMA-262
/// (which adds U+FEFF).
const WS: &str =
    "\\t\\n\\x0b\\x0c\\r \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";

/// What does not count as a visible character (`crate::web::text::visible_chars`): spaces,
/// control characters, invisible formatting and combining marks on their own; as the inside
/// of a regular expression's character class.
const NOT_VISIBLE: &str = "\\s\\x00-\\x1f\\x7f-\\x9f\\u00ad\\u034f\\u061c\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180f\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u206f\\u3164\\ufe00-\\ufe0f\\ufeff\\uffa0\\ufff0-\\ufff8\\u0300-\\u036f\\u1ab0-\\u1aff\\u20d0-\\u20ff";

/// A text with at least `min` visible characters and at most `max` characters in all: what
/// the server keeps of it once control and invisible characters are removed.
pub fn visible_text_json(min: usize, max: usize) -> Value {
    let pattern = format!("^(?:[{NOT_VISIBLE}]*[^{NOT_VISIBLE}]){{{}}}", min.max(1));
    json!({"type": "string", "minLength": min.max(1), "maxLength": max, "pattern": pattern})
}

/// A reply key as a reporter types it: 16 digits, spaces and dashes anywhere. One whose
/// check digit fails, or that is not the report's, is refused with 403.
pub fn reply_key() -> RefOr<Schema> {
    schema(json!({
        "type": "string",
        "pattern": "^[ \\t\\r\\n-]*([0-9][ \\t\\r\\n-]*){16}$",
        "description": "The report's reply key: 16 digits; spaces and dashes do not matter",
        "example": "4821 0937 1156 2208"
    }))
}

/// A text left empty (spaces only): the server reads it as absent.
pub fn blank_json() -> Value {
    json!({"type": "string", "pattern": format!("^[{WS}]*$")})
}

/// An optional text of at most `max` characters: null, empty and spaces only are absent.
pub fn optional_text_json(max: usize) -> Value {
    json!({"type": ["string", "null"], "maxLength": max})
}

/// `inner`, or null, or a text of spaces only: each of them read as absent.
pub fn or_absent(inner: Value) -> Value {
    json!({"anyOf": [inner, blank_json(), {"type": "null"}]})
}

/// A unit or service code.
pub fn code() -> RefOr<Schema> {
    schema(json!({"type": "string", "pattern": CODE_PATTERN}))
}

/// An SKM element's code, `U1`..`U9`.
pub fn element() -> RefOr<Schema> {
    schema(element_json())
}

/// [`element`] as JSON.
pub fn element_json() -> Value {
    json!({"type": "string", "enum": ["U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9"]})
}

/// One or more SKM elements (a repeated one counts once).
pub fn elements() -> RefOr<Schema> {
    schema(json!({"type": "array", "items": element_json(), "minItems": 1}))
}

/// One or more unit or service codes (a repeated one counts once).
pub fn codes() -> RefOr<Schema> {
    schema(
        json!({"type": "array", "items": {"type": "string", "pattern": CODE_PATTERN}, "minItems": 1}),
    )
}

/// A name or a title: 1 to 200 characters once trimmed.
pub fn title() -> RefOr<Schema> {
    schema(text_json(1, 200))
}

/// A code, or empty or absent for "all of them".
pub fn code_or_empty() -> RefOr<Schema> {
    schema(json!({"anyOf": [
        {"type": "string", "pattern": CODE_PATTERN},
        {"type": "string", "maxLength": 0}
    ]}))
}

/// A `YYYY-MM-DD` day whose year matches `years` (a regular expression of four digits), as
/// a pattern beside `format: date`: generators draw from the pattern instead of discarding
/// days of other years, and the format refuses the days a month does not have.
pub fn day_pattern(years: &str) -> String {
    format!("^({years})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")
}

/// A `YYYY-MM-DD` day.
pub fn date() -> RefOr<Schema> {
    schema(json!({"type": "string", "format": "date"}))
}

/// A `YYYY-MM-DD` day, or empty or absent for the default.
pub fn date_or_empty() -> RefOr<Schema> {
    schema(json!({"anyOf": [
        {"type": "string", "format": "date"},
        {"type": "string", "maxLength": 0}
    ]}))
}

/// A tracking code as a reporter types it: 12 characters of the code's alphabet, in groups
/// of four with or without dashes, any case. One with a wrong check character names no
/// report (404, `tracking_code_typo`).
pub fn tracking_code() -> RefOr<Schema> {
    schema(json!({
        "type": "string",
        "pattern": "^[0-9A-Za-z]{4}-?[0-9A-Za-z]{4}-?[0-9A-Za-z]{4}$",
        "example": "K7QM-2XHD-9RTA"
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_pattern_counts_only_what_is_between_the_spaces() {
        let v = text_json(20, 4000);
        let p = regex_lite(&v);
        assert!(p("  a234567890123456789t  "));
        assert!(!p("  a23456789012345678  "));
        assert!(!p("                          "));
    }

    /// The pattern as the `regex` crate reads it (the document's patterns use only the
    /// syntax ECMA-262 and Rust share).
    fn regex_lite(v: &Value) -> impl Fn(&str) -> bool + use<> {
        let re = regex::Regex::new(v["pattern"].as_str().unwrap()).unwrap();
        move |s| re.is_match(s)
    }

    #[test]
    fn visible_texts_need_characters_a_reader_sees() {
        let p = regex_lite(&visible_text_json(10, 500));
        assert!(p("Perlu saksi untuk kasus"));
        assert!(!p(
            "\u{200B}\u{200B}\u{200B}\u{200B}\u{200B}\u{200B}\u{200B}\u{200B}\u{200B}\u{200B}ab"
        ));
        for s in ["abcdefghij", "a b c d e f g h i j", "\u{1}abcdefghij"] {
            assert_eq!(p(s), crate::web::text::visible_chars(s) >= 10, "{s:?}");
        }
    }

    #[test]
    fn day_patterns_hold_every_day_of_their_years() {
        let re = regex_lite(&json!({"pattern": day_pattern("20[0-9]{2}|2100")}));
        let mut d = chrono::NaiveDate::from_ymd_opt(2000, 1, 1).unwrap();
        while d <= chrono::NaiveDate::from_ymd_opt(2100, 12, 31).unwrap() {
            assert!(re(&d.to_string()), "{d}");
            d = d.succ_opt().unwrap();
        }
        assert!(!re("2026-13-01") && !re("1999-12-31") && !re("2101-01-01"));
    }
}
