//! Survey rules shared by the server and the browser: the nine SKM elements, scores,
//! respondent fields, and parsing of a submission into a valid response.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Number of elements (unsur) in the SKM questionnaire of PermenPANRB 14/2017.
pub const ELEMENT_COUNT: usize = 9;
/// Lowest and highest allowed score of one element.
pub const MIN_SCORE: u8 = 1;
/// Highest allowed score of one element.
pub const MAX_SCORE: u8 = 4;
/// Youngest and oldest age a respondent may give.
pub const MIN_AGE: u8 = 10;
/// Oldest age a respondent may give.
pub const MAX_AGE: u8 = 110;
/// Longest suggestion (kritik/saran) accepted, in characters.
pub const MAX_SUGGESTION_CHARS: usize = 2000;

/// Responses in a period below which an element is not called weak (when the unit's minimum
/// sample is unknown or not reached), a change is not tested, and no element is proposed
/// for a follow-up plan as the weakest.
pub const ENOUGH_RESPONSES: i64 = 30;

/// One of the nine SKM elements, always stored and exchanged by its code (`U1`..`U9`),
/// never by position: public forms disagree on the order of U8 and U9.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Element {
    U1,
    U2,
    U3,
    U4,
    U5,
    U6,
    U7,
    U8,
    U9,
}

impl Element {
    /// All elements in questionnaire order.
    pub const ALL: [Element; ELEMENT_COUNT] = [
        Element::U1,
        Element::U2,
        Element::U3,
        Element::U4,
        Element::U5,
        Element::U6,
        Element::U7,
        Element::U8,
        Element::U9,
    ];

    /// The stable code, `U1`..`U9`.
    pub fn code(self) -> &'static str {
        match self {
            Element::U1 => "U1",
            Element::U2 => "U2",
            Element::U3 => "U3",
            Element::U4 => "U4",
            Element::U5 => "U5",
            Element::U6 => "U6",
            Element::U7 => "U7",
            Element::U8 => "U8",
            Element::U9 => "U9",
        }
    }

    /// Zero-based position, for arrays indexed by element.
    pub fn index(self) -> usize {
        self as usize
    }

    /// Parses a code such as `U7` (case-insensitive).
    pub fn from_code(code: &str) -> Option<Element> {
        Element::ALL
            .into_iter()
            .find(|e| e.code().eq_ignore_ascii_case(code))
    }
}

/// A score of one element, 1 (worst) to 4 (best).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Score(u8);

impl Score {
    /// The score as a number 1..=4.
    pub fn get(self) -> u8 {
        self.0
    }
}

impl TryFrom<i64> for Score {
    type Error = ();
    fn try_from(v: i64) -> Result<Self, ()> {
        if (i64::from(MIN_SCORE)..=i64::from(MAX_SCORE)).contains(&v) {
            Ok(Score(v as u8))
        } else {
            Err(())
        }
    }
}

/// Gender as on the official form (L = laki-laki, P = perempuan).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Gender {
    L,
    P,
}

impl Gender {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            Gender::L => "L",
            Gender::P => "P",
        }
    }
}

/// Education levels offered on the form (the official list varies between regions).
pub const EDUCATION_LEVELS: [&str; 6] = ["sd", "smp", "sma", "diploma", "s1", "s2"];
/// Occupations offered on the form, as on the official questionnaire.
pub const OCCUPATIONS: [&str; 6] = ["pns", "tni", "polri", "swasta", "wirausaha", "lainnya"];

/// What can be wrong with a submission; each maps to a stable snake_case code and a field.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum SurveyError {
    #[error("answer missing for {0:?}")]
    MissingAnswer(Element),
    #[error("score out of range for {0:?}")]
    ScoreOutOfRange(Element),
    #[error("unknown element {0}")]
    UnknownElement(String),
    #[error("invalid gender")]
    InvalidGender,
    #[error("invalid age")]
    InvalidAge,
    #[error("unknown education level")]
    UnknownEducation,
    #[error("unknown occupation")]
    UnknownOccupation,
    #[error("suggestion too long")]
    SuggestionTooLong,
}

impl SurveyError {
    /// The stable error code the API returns and the UI translates.
    pub fn code(&self) -> &'static str {
        match self {
            SurveyError::MissingAnswer(_) => "answer_missing",
            SurveyError::ScoreOutOfRange(_) => "score_out_of_range",
            SurveyError::UnknownElement(_) => "unknown_element",
            SurveyError::InvalidGender => "invalid_gender",
            SurveyError::InvalidAge => "invalid_age",
            SurveyError::UnknownEducation => "unknown_education",
            SurveyError::UnknownOccupation => "unknown_occupation",
            SurveyError::SuggestionTooLong => "suggestion_too_long",
        }
    }

    /// The name of the field the error belongs to (`U3`, `age`, ...).
    pub fn field(&self) -> String {
        match self {
            SurveyError::MissingAnswer(e) | SurveyError::ScoreOutOfRange(e) => e.code().to_string(),
            SurveyError::UnknownElement(name) => name.clone(),
            SurveyError::InvalidGender => "gender".into(),
            SurveyError::InvalidAge => "age".into(),
            SurveyError::UnknownEducation => "education".into(),
            SurveyError::UnknownOccupation => "occupation".into(),
            SurveyError::SuggestionTooLong => "suggestion".into(),
        }
    }
}

/// Optional facts about the respondent.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Respondent {
    pub gender: Option<Gender>,
    pub age: Option<u8>,
    pub education: Option<String>,
    pub occupation: Option<String>,
}

/// A valid survey response: all nine scores, optional respondent facts and suggestion.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewSurvey {
    scores: [Score; ELEMENT_COUNT],
    respondent: Respondent,
    suggestion: Option<String>,
}

impl NewSurvey {
    /// The citizen rated staff conduct (U7) or complaints handling (U9) poorly (1 or 2): the
    /// thank-you page offers the complaint form.
    pub fn conduct_poor(&self) -> bool {
        [Element::U7, Element::U9]
            .iter()
            .any(|e| self.score(*e).get() <= 2)
    }

    /// Score given to one element.
    pub fn score(&self, e: Element) -> Score {
        self.scores[e.index()]
    }
    /// Respondent facts.
    pub fn respondent(&self) -> &Respondent {
        &self.respondent
    }
    /// Suggestion text, trimmed, if any.
    pub fn suggestion(&self) -> Option<&str> {
        self.suggestion.as_deref()
    }
}

/// A submission as it arrives, before any check: answers by element name, with `None` where
/// the value was not a whole number, and respondent fields as text.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawSurvey {
    pub answers: BTreeMap<String, Option<i64>>,
    pub gender: Option<String>,
    pub age: Option<String>,
    pub education: Option<String>,
    pub occupation: Option<String>,
    pub suggestion: Option<String>,
}

impl RawSurvey {
    /// Collects the survey fields of an HTML form (`U1`..`U9`, `gender`, `age`, ...);
    /// other fields are ignored, empty ones count as not given.
    pub fn from_form(pairs: &[(String, String)]) -> RawSurvey {
        let mut raw = RawSurvey::default();
        for (k, v) in pairs {
            let v = v.trim();
            let text = (!v.is_empty()).then(|| v.to_string());
            match k.as_str() {
                "gender" => raw.gender = text,
                "age" => raw.age = text,
                "education" => raw.education = text,
                "occupation" => raw.occupation = text,
                "suggestion" => raw.suggestion = text,
                name if Element::from_code(name).is_some() => {
                    if let Some(t) = text {
                        raw.answers
                            .insert(name.to_ascii_uppercase(), t.parse().ok());
                    }
                }
                _ => {}
            }
        }
        raw
    }

    /// Checks every field and returns the valid response, or every problem found
    /// (in form order, so the first one is the first field to fix).
    pub fn parse(&self) -> Result<NewSurvey, Vec<SurveyError>> {
        let mut errors = Vec::new();
        for name in self.answers.keys() {
            if Element::from_code(name).is_none() {
                errors.push(SurveyError::UnknownElement(name.clone()));
            }
        }
        let mut scores = [Score(MIN_SCORE); ELEMENT_COUNT];
        for e in Element::ALL {
            let given = self
                .answers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(e.code()))
                .map(|(_, v)| *v);
            match given {
                None => errors.push(SurveyError::MissingAnswer(e)),
                Some(v) => match v.and_then(|v| Score::try_from(v).ok()) {
                    Some(s) => scores[e.index()] = s,
                    None => errors.push(SurveyError::ScoreOutOfRange(e)),
                },
            }
        }
        let gender = match self.gender.as_deref() {
            None => None,
            Some(g) if g.eq_ignore_ascii_case("L") => Some(Gender::L),
            Some(g) if g.eq_ignore_ascii_case("P") => Some(Gender::P),
            Some(_) => {
                errors.push(SurveyError::InvalidGender);
                None
            }
        };
        let age = match self.age.as_deref() {
            None => None,
            Some(a) => match a.parse::<u8>() {
                Ok(a) if (MIN_AGE..=MAX_AGE).contains(&a) => Some(a),
                _ => {
                    errors.push(SurveyError::InvalidAge);
                    None
                }
            },
        };
        let education = pick(
            &self.education,
            &EDUCATION_LEVELS,
            SurveyError::UnknownEducation,
            &mut errors,
        );
        let occupation = pick(
            &self.occupation,
            &OCCUPATIONS,
            SurveyError::UnknownOccupation,
            &mut errors,
        );
        // Stored as the other free texts are: without control or invisible characters (NUL
        // included, which PostgreSQL refuses in text), trimmed.
        let suggestion = self
            .suggestion
            .as_deref()
            .map(crate::web::text::clean)
            .filter(|s| !s.is_empty());
        if suggestion
            .as_deref()
            .is_some_and(|s| s.chars().count() > MAX_SUGGESTION_CHARS)
        {
            errors.push(SurveyError::SuggestionTooLong);
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(NewSurvey {
            scores,
            respondent: Respondent {
                gender,
                age,
                education,
                occupation,
            },
            suggestion,
        })
    }
}

fn pick(
    value: &Option<String>,
    allowed: &[&str],
    err: SurveyError,
    errors: &mut Vec<SurveyError>,
) -> Option<String> {
    let v = value.as_deref()?;
    match allowed.iter().find(|a| a.eq_ignore_ascii_case(v)) {
        Some(a) => Some((*a).to_string()),
        None => {
            errors.push(err);
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn full_form() -> Vec<(String, String)> {
        Element::ALL
            .iter()
            .map(|e| (e.code().to_string(), "3".to_string()))
            .collect()
    }

    #[test]
    fn a_complete_form_parses() {
        let s = RawSurvey::from_form(&full_form()).parse().unwrap();
        assert_eq!(s.score(Element::U7).get(), 3);
        assert_eq!(s.respondent(), &Respondent::default());
    }

    #[test]
    fn a_missing_answer_and_a_bad_age_are_both_reported_in_form_order() {
        let mut form = full_form();
        form.retain(|(k, _)| k != "U4");
        form.push(("age".into(), "7".into()));
        let errs = RawSurvey::from_form(&form).parse().unwrap_err();
        assert_eq!(
            errs,
            vec![
                SurveyError::MissingAnswer(Element::U4),
                SurveyError::InvalidAge
            ]
        );
        assert_eq!(errs[0].field(), "U4");
        assert_eq!(errs[0].code(), "answer_missing");
    }

    #[test]
    fn score_of_five_is_rejected_with_a_field_error() {
        let mut form = full_form();
        form[2].1 = "5".into();
        let errs = RawSurvey::from_form(&form).parse().unwrap_err();
        assert_eq!(errs, vec![SurveyError::ScoreOutOfRange(Element::U3)]);
    }

    #[test]
    fn an_extra_element_is_rejected() {
        let mut raw = RawSurvey::from_form(&full_form());
        raw.answers.insert("U10".into(), Some(2));
        assert_eq!(
            raw.parse().unwrap_err(),
            vec![SurveyError::UnknownElement("U10".into())]
        );
    }

    #[test]
    fn respondent_fields_are_normalised() {
        let mut form = full_form();
        form.extend([
            ("gender".into(), "p".into()),
            ("age".into(), "34".into()),
            ("education".into(), "S1".into()),
            ("occupation".into(), "Wirausaha".into()),
            ("suggestion".into(), "  Antrian lebih tertib  ".into()),
        ]);
        let s = RawSurvey::from_form(&form).parse().unwrap();
        assert_eq!(s.respondent().gender, Some(Gender::P));
        assert_eq!(s.respondent().age, Some(34));
        assert_eq!(s.respondent().education.as_deref(), Some("s1"));
        assert_eq!(s.respondent().occupation.as_deref(), Some("wirausaha"));
        assert_eq!(s.suggestion(), Some("Antrian lebih tertib"));
    }

    #[test]
    fn an_overlong_suggestion_is_rejected() {
        let mut form = full_form();
        form.push(("suggestion".into(), "x".repeat(MAX_SUGGESTION_CHARS + 1)));
        let errs = RawSurvey::from_form(&form).parse().unwrap_err();
        assert_eq!(errs, vec![SurveyError::SuggestionTooLong]);
    }
}
