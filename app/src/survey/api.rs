//! Survey endpoints: the JSON API (`POST /api/v1/surveys`, `GET /api/v1/ikm`) and the plain
//! form POST of the questionnaire page, which answers with the page again when input is bad.

use super::domain::RawSurvey;
use super::index::Report;
use super::repo::Source;
use super::report::{Scope, report_for};
use super::submit::{ServiceRef, Stored, arrival, store};
use super::view::{FieldError, FormState};
use crate::i18n::Lang;
use crate::state::AppState;
use crate::web::error::{AppError, ErrorBody};
use crate::web::extract::ApiQuery;
use crate::web::form::show_again;
use crate::web::render::{internal_page, render_page};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Form, Path, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};

/// Body of `POST /api/v1/surveys`.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct SurveyRequest {
    /// Code of the service received.
    #[schema(schema_with = crate::web::api_schema::code)]
    service_code: String,
    /// Score 1..4 for each of `U1`..`U9`; all nine are required.
    #[schema(schema_with = answers_schema)]
    answers: std::collections::BTreeMap<String, u8>,
    respondent: Option<RespondentRequest>,
    /// Kritik/saran, at most 2000 characters.
    #[schema(schema_with = suggestion_schema)]
    suggestion: Option<String>,
    /// A UUID the device made for this submission: sending it again (a retry after a
    /// timeout, a queue sent when the connection returns) stores nothing and answers 200
    /// with the first response's id.
    #[schema(schema_with = submission_id_schema)]
    submission_id: Option<String>,
    /// When the citizen answered, if the device kept the submission while offline: used
    /// when within the last 7 days and not in the future, otherwise the server's time.
    answered_at: Option<chrono::DateTime<Utc>>,
}

fn answers_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    use super::domain::{Element, MAX_SCORE, MIN_SCORE};
    let score = serde_json::json!({"type": "integer", "minimum": MIN_SCORE, "maximum": MAX_SCORE});
    let codes: Vec<&str> = Element::ALL.iter().map(|e| e.code()).collect();
    let properties: serde_json::Map<String, Value> = codes
        .iter()
        .map(|c| (c.to_string(), score.clone()))
        .collect();
    crate::web::api_schema::schema(serde_json::json!({
        "type": "object",
        "description": "Score 1..4 for each of `U1`..`U9`; all nine are required.",
        "required": codes,
        "properties": properties,
        "additionalProperties": false,
        "example": {"U1": 4, "U2": 3, "U3": 3, "U4": 4, "U5": 3, "U6": 4, "U7": 4, "U8": 3, "U9": 3}
    }))
}

fn suggestion_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    let mut s = crate::web::api_schema::optional_text_json(super::domain::MAX_SUGGESTION_CHARS);
    s["description"] = "Kritik/saran, at most 2000 characters.".into();
    crate::web::api_schema::schema(s)
}

fn submission_id_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    crate::web::api_schema::schema(crate::web::api_schema::or_absent(serde_json::json!({
        "type": "string",
        "format": "uuid",
        "description": "A UUID the device made for this submission: sending it again (a retry after a timeout, a queue sent when the connection returns) stores nothing and answers 200 with the first response's id.",
        "example": "0b6f3d7e-3f1a-4c55-9a0e-5c2d7b9f4e21"
    })))
}

fn one_of_schema(values: &[&str]) -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    crate::web::api_schema::schema(serde_json::json!({"anyOf": [
        {"type": "string", "enum": values},
        {"type": "null"}
    ]}))
}

fn gender_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    one_of_schema(&["L", "P"])
}

fn education_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    one_of_schema(&super::domain::EDUCATION_LEVELS)
}

fn occupation_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    one_of_schema(&super::domain::OCCUPATIONS)
}

/// Optional respondent facts.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct RespondentRequest {
    /// `L` or `P`.
    #[schema(schema_with = gender_schema)]
    gender: Option<String>,
    /// 10..110.
    #[schema(minimum = 10, maximum = 110)]
    age: Option<u8>,
    /// One of `sd, smp, sma, diploma, s1, s2`.
    #[schema(schema_with = education_schema)]
    education: Option<String>,
    /// One of `pns, tni, polri, swasta, wirausaha, lainnya`.
    #[schema(schema_with = occupation_schema)]
    occupation: Option<String>,
}

/// Answer of a stored response.
#[derive(Serialize, ToSchema)]
pub struct Created {
    pub id: i64,
}

/// A JSON value as the text a form would have sent; wrong types become a value that fails.
fn as_text(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => Some("\u{0}".into()),
    }
}

/// Turns the JSON body into a service code and a raw survey, refusing unknown fields.
fn raw_from_json(body: &Value) -> Result<(String, RawSurvey), AppError> {
    let obj = body
        .as_object()
        .ok_or_else(|| AppError::invalid("invalid_body", ""))?;
    if let Some(k) = obj.keys().find(|k| {
        ![
            "service_code",
            "answers",
            "respondent",
            "suggestion",
            "submission_id",
            "answered_at",
        ]
        .contains(&k.as_str())
    }) {
        return Err(AppError::invalid("unknown_field", k));
    }
    let service_code = match obj.get("service_code") {
        Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
        _ => return Err(AppError::invalid("service_code_missing", "service_code")),
    };
    let mut raw = RawSurvey::default();
    match obj.get("answers") {
        Some(Value::Object(answers)) => {
            for (k, v) in answers {
                // The document's keys exactly (`U1`..`U9`): the form's are read in any case.
                if !super::domain::Element::ALL.iter().any(|e| e.code() == k) {
                    return Err(AppError::invalid("unknown_element", k));
                }
                raw.answers
                    .insert(k.clone(), v.as_i64().filter(|_| v.is_i64() || v.is_u64()));
            }
        }
        None | Some(Value::Null) => {}
        Some(_) => return Err(AppError::invalid("answers_not_an_object", "answers")),
    }
    match obj.get("respondent") {
        Some(Value::Object(r)) => {
            for (k, v) in r {
                // What the document says exactly: an age is a JSON integer, the others one of
                // their codes as written (the form reads "30" and "l" too); anything else
                // becomes a value that fails with the field's own code.
                let (slot, codes): (_, &[&str]) = match k.as_str() {
                    "gender" => (&mut raw.gender, &["L", "P"]),
                    "age" => (&mut raw.age, &[]),
                    "education" => (&mut raw.education, &super::domain::EDUCATION_LEVELS),
                    "occupation" => (&mut raw.occupation, &super::domain::OCCUPATIONS),
                    other => {
                        return Err(AppError::invalid(
                            "unknown_field",
                            &format!("respondent.{other}"),
                        ));
                    }
                };
                *slot = match v {
                    Value::Number(_) if codes.is_empty() => as_text(v),
                    Value::String(c) if codes.contains(&c.as_str()) => as_text(v),
                    Value::Null => None,
                    _ => Some("\u{0}".into()),
                };
            }
        }
        None | Some(Value::Null) => {}
        Some(_) => return Err(AppError::invalid("respondent_not_an_object", "respondent")),
    }
    raw.suggestion = match obj.get("suggestion") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => return Err(AppError::invalid("not_a_string", "suggestion")),
    };
    Ok((service_code, raw))
}

/// Stores one survey response.
#[utoipa::path(post, path = "/api/v1/surveys", tag = "survey", request_body = SurveyRequest,
    responses(
        (status = 201, description = "Stored", body = Created),
        (status = 200, description = "This submission id was stored before: nothing counted again; the first response's id", body = Created),
        (status = 404, description = "Unknown service", body = ErrorBody),
        (status = 422, description = "Missing, extra or out-of-range answer, or a bad field; nothing stored", body = ErrorBody),
        (status = 429, description = "Too many submissions from this client; see Retry-After", body = ErrorBody),
    ))]
pub async fn create(
    State(state): State<AppState>,
    body: Bytes,
) -> Result<(StatusCode, Json<Created>), AppError> {
    let value: Value = serde_json::from_slice(&body)
        .map(crate::web::extract::whole_numbers)
        .map_err(|_| AppError::invalid("invalid_json", ""))?;
    let (code, raw) = raw_from_json(&value)?;
    let survey = match raw.parse() {
        Ok(survey) => survey,
        Err(errs) => {
            // An unknown service is the first thing wrong with a request naming one.
            if crate::units::repo::find_service(&state.db, &code)
                .await?
                .is_none()
            {
                return Err(AppError::NotFound);
            }
            let first = &errs[0];
            return Err(AppError::Validation {
                code: first.code(),
                field: first.field(),
            });
        }
    };
    let text = |k: &str| value.get(k).and_then(Value::as_str);
    let arrival = arrival(
        text("submission_id"),
        text("answered_at"),
        crate::clock::now(),
    )?;
    // The service is looked up with the batch the response is written in.
    let service = ServiceRef::Code(code);
    Ok(
        match store(&state, service, &survey, Lang::Id, Source::Api, &arrival).await? {
            Stored::New(id) => (StatusCode::CREATED, Json(Created { id })),
            Stored::Repeat(id) => (StatusCode::OK, Json(Created { id })),
            Stored::NoService => return Err(AppError::NotFound),
        },
    )
}

/// Query of `GET /api/v1/ikm`: neither unit nor service for the whole province, one of
/// them, or both for the service within the unit.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct IkmQuery {
    /// A unit code (its figure includes the units below it); empty or absent: every unit.
    #[param(schema_with = crate::web::api_schema::code_or_empty)]
    unit: Option<String>,
    /// A service code; with `unit`, one of that unit's (or of a unit below it).
    #[param(schema_with = crate::web::api_schema::code_or_empty)]
    service: Option<String>,
    /// First day, inclusive, `YYYY-MM-DD` in WIB; empty or absent: from the first response.
    #[param(schema_with = crate::web::api_schema::date_or_empty)]
    from: Option<String>,
    /// Last day, inclusive, `YYYY-MM-DD` in WIB, not before `from`; empty or absent: to today.
    #[param(schema_with = crate::web::api_schema::date_or_empty)]
    to: Option<String>,
}

/// One element's figures.
#[derive(Serialize, ToSchema)]
pub struct ElementOut {
    #[schema(example = "U1")]
    pub code: &'static str,
    #[schema(example = 3.5)]
    pub nrr: f64,
    #[schema(example = 87.5)]
    pub index: f64,
    #[schema(example = "B")]
    pub grade: &'static str,
    /// The 95 % interval of `index`; null below two responses.
    #[schema(example = 84.1)]
    pub ci_low: Option<f64>,
    #[schema(example = 90.3)]
    pub ci_high: Option<f64>,
}

/// The index of a unit or service.
#[derive(Serialize, ToSchema)]
pub struct IkmOut {
    pub responses: i64,
    /// IKM 25..100 rounded to 2 decimals; null without responses.
    #[schema(example = 80.28)]
    pub ikm: Option<f64>,
    #[schema(example = "B")]
    pub grade: Option<&'static str>,
    #[schema(example = "Baik")]
    pub label: Option<&'static str>,
    /// The 95 % interval of `ikm` (logit scale, Student's t; `docs/intervals.md`); null
    /// below two responses.
    #[schema(example = 77.9)]
    pub ci_low: Option<f64>,
    #[schema(example = 82.5)]
    pub ci_high: Option<f64>,
    /// Krejcie-Morgan minimum sample; null when the number served is unknown.
    pub min_sample: Option<u64>,
    pub sample_reached: Option<bool>,
    pub elements: Vec<ElementOut>,
}

impl From<Report> for IkmOut {
    fn from(r: Report) -> Self {
        let elements = r
            .index
            .map(|idx| {
                idx.elements
                    .iter()
                    .map(|e| ElementOut {
                        code: e.element.code(),
                        nrr: e.nrr.to_f64(),
                        index: e.index.to_f64(),
                        grade: super::index::Grade::of(e.index).letter(),
                        ci_low: e.ci.map(|c| c.low_2dp()),
                        ci_high: e.ci.map(|c| c.high_2dp()),
                    })
                    .collect()
            })
            .unwrap_or_default();
        IkmOut {
            responses: r.responses,
            ikm: r.index.map(|i| i.ikm.to_f64()),
            grade: r.index.map(|i| i.grade().letter()),
            label: r.index.map(|i| i.grade().label_id()),
            ci_low: r.index.and_then(|i| i.ci).map(|c| c.low_2dp()),
            ci_high: r.index.and_then(|i| i.ci).map(|c| c.high_2dp()),
            min_sample: r.min_sample,
            sample_reached: r.sample_reached(),
            elements,
        }
    }
}

fn parse_date(v: &Option<String>, field: &str) -> Result<Option<NaiveDate>, AppError> {
    v.as_deref()
        .filter(|s| !s.is_empty())
        .map(|s| {
            NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .map_err(|_| AppError::invalid("invalid_date", field))
        })
        .transpose()
}

/// The satisfaction index of the province, a unit, a service, or a service within a unit,
/// optionally for a date range.
#[utoipa::path(get, path = "/api/v1/ikm", tag = "survey", params(IkmQuery),
    responses(
        (status = 200, description = "The index; `ikm` is null without responses", body = IkmOut),
        (status = 404, description = "Unknown unit or service, or a service that is not the unit's", body = ErrorBody),
        (status = 422, description = "`to` before `from` (`invalid_range`), or a day that is not a date", body = ErrorBody),
    ))]
pub async fn ikm(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<IkmQuery>,
) -> Result<Json<IkmOut>, AppError> {
    let scope = Scope::of_query(q.unit.as_deref(), q.service.as_deref());
    let from = parse_date(&q.from, "from")?;
    let to = parse_date(&q.to, "to")?;
    if let (Some(f), Some(t)) = (from, to)
        && f > t
    {
        return Err(AppError::invalid("invalid_range", "from"));
    }
    let report = report_for(&state.db, &state.figures, &scope, from, to)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Json(report.into()))
}

/// `POST /s/{code}`: the questionnaire sent as a plain form. Valid: stored, then a redirect
/// to the thank-you page. Invalid: the page again (422), every value kept, errors by the fields.
pub async fn submit_form(
    State(state): State<AppState>,
    Path(code): Path<String>,
    uri: Uri,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let lang = Lang::from_headers(&headers);
    let field = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    // A hidden field the citizen cannot fix: a malformed id is ignored, not refused.
    let arrival = arrival(
        field("submission_id"),
        field("answered_at"),
        crate::clock::now(),
    )
    .or_else(|_| arrival(None, field("answered_at"), crate::clock::now()));
    let arrival = match arrival {
        Ok(a) => a,
        Err(e) => return internal_page(lang, &e.to_string()),
    };
    match RawSurvey::from_form(&pairs).parse() {
        // The service is looked up with the batch the response is written in.
        Ok(survey) => {
            let service = ServiceRef::Code(code.clone());
            match store(&state, service, &survey, lang, Source::Web, &arrival).await {
                Ok(Stored::New(_) | Stored::Repeat(_)) => {
                    // A poor rating of staff conduct or complaints handling: the thank-you
                    // page offers the complaint form in one line.
                    let offer = if survey.conduct_poor() {
                        "?lapor=1"
                    } else {
                        ""
                    };
                    Redirect::to(&format!("/s/{code}/terima-kasih{offer}")).into_response()
                }
                // The page says why: no such service, or one that takes no more ratings.
                Ok(Stored::NoService) => render_page::<FormState>(&state, uri, headers, None).await,
                // Not stored now: the page again with every answer, to send again (503).
                Err(AppError::Unavailable) => {
                    let form = FormState {
                        values: pairs.into_iter().filter(|(_, v)| !v.is_empty()).collect(),
                        errors: vec![FieldError {
                            field: "form".into(),
                            code: "unavailable".into(),
                        }],
                    };
                    let mut page = show_again(
                        &state,
                        &uri.to_string(),
                        headers,
                        form,
                        StatusCode::SERVICE_UNAVAILABLE,
                    )
                    .await;
                    page.headers_mut().insert(
                        axum::http::header::RETRY_AFTER,
                        axum::http::HeaderValue::from(crate::web::error::RETRY_AFTER_SECS),
                    );
                    page
                }
                Err(e) => internal_page(lang, &e.to_string()),
            }
        }
        Err(errs) => {
            match crate::units::repo::find_service(&state.db, &code).await {
                Ok(Some(_)) => {}
                Ok(None) => return render_page::<FormState>(&state, uri, headers, None).await,
                Err(e) => return internal_page(lang, &e.to_string()),
            }
            let form = FormState {
                values: pairs.into_iter().filter(|(_, v)| !v.is_empty()).collect(),
                errors: errs.iter().map(FieldError::from).collect(),
            };
            show_again(
                &state,
                &uri.to_string(),
                headers,
                form,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn json_bodies_become_raw_surveys_and_unknown_fields_are_named() {
        let (code, raw) = raw_from_json(
            &json!({"service_code": "x", "answers": {"U1": 4, "U2": 2.5},
            "respondent": {"age": 30}}),
        )
        .unwrap();
        assert_eq!(code, "x");
        assert_eq!(raw.answers["U1"], Some(4));
        assert_eq!(raw.answers["U2"], None);
        assert_eq!(raw.age.as_deref(), Some("30"));
        // The document's spelling only: lower-case keys and codes, an age as text, fail on
        // their fields (the form reads them).
        let (_, raw) = raw_from_json(&json!({"service_code": "x",
            "respondent": {"age": "30", "gender": "l", "education": "S1", "occupation": "pns"}}))
        .unwrap();
        let errs = raw.parse().unwrap_err();
        let codes: Vec<&str> = errs.iter().map(|e| e.code()).collect();
        assert!(codes.contains(&"invalid_age"), "{codes:?}");
        assert!(codes.contains(&"invalid_gender"), "{codes:?}");
        assert!(codes.contains(&"unknown_education"), "{codes:?}");
        assert!(!codes.contains(&"unknown_occupation"), "{codes:?}");
        let err = raw_from_json(&json!({"service_code": "x", "answers": {"u1": 4}})).unwrap_err();
        assert!(
            matches!(err, AppError::Validation { code: "unknown_element", ref field } if field == "u1")
        );
        let err = raw_from_json(&json!({"service_code": "x", "extra": 1})).unwrap_err();
        assert!(
            matches!(err, AppError::Validation { code: "unknown_field", ref field } if field == "extra")
        );
        let err = raw_from_json(&json!({"service_code": "x", "respondent": {"name": "Budi"}}))
            .unwrap_err();
        assert!(
            matches!(err, AppError::Validation { code: "unknown_field", ref field } if field == "respondent.name")
        );
    }
}
