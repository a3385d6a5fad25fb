//! Kiosk endpoints: registering, listing and revoking kiosks (`/api/v1/kiosks`, admins and
//! unit officers), the one-time enrolment link (`GET /kios/daftar/{token}`), and a response
//! sent from an enrolled tablet (`POST /kios`), limited per device and not per address.

use super::held::Hold;
use super::service::{self, DEVICE_COOKIE, KioskLimit};
use super::view::{KioskFormState, KioskRefusal, KioskShown};
use crate::accounts::auth::StaffWrite;
use crate::accounts::session::Staff;
use crate::i18n::Lang;
use crate::state::AppState;
use crate::survey::domain::RawSurvey;
use crate::survey::repo::Source;
use crate::survey::submit::{ServiceRef, Stored, arrival, store};
use crate::survey::view::{FieldError, FormState};
use crate::tr;
use crate::web::error::AppError;
use crate::web::extract::{ApiJson, ApiPath};
use crate::web::form::show_again;
use crate::web::render::wants_html;
use axum::Json;
use axum::extract::{Form, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A kiosk to register.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewKiosk {
    /// The unit it stands in.
    #[schema(schema_with = crate::web::api_schema::code)]
    pub unit_code: String,
    /// Where it stands, for staff ("Loket 2"): 1 to 80 characters.
    #[schema(schema_with = kiosk_name)]
    pub name: String,
    /// The unit's active services it asks about (the citizen picks one when there are
    /// several); a code that is not one of them: 404.
    #[schema(schema_with = crate::web::api_schema::codes)]
    pub service_codes: Vec<String>,
}

fn kiosk_name() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    let mut t = crate::web::api_schema::text_json(1, 80);
    t["example"] = "Loket 2".into();
    crate::web::api_schema::schema(t)
}

/// A kiosk just registered.
#[derive(Serialize, ToSchema)]
pub struct KioskRegistered {
    pub id: i32,
    /// Open once on the tablet (or scan its QR code there): it becomes the kiosk. Valid for
    /// 7 days, once.
    pub enrol_url: String,
    pub enrol_expires_at: DateTime<Utc>,
}

/// A kiosk as staff see it.
#[derive(Serialize, ToSchema)]
pub struct KioskOut {
    pub id: i32,
    pub name: String,
    pub unit_id: i32,
    pub service_codes: Vec<String>,
    pub enrolled: bool,
    pub last_contact_at: Option<DateTime<Utc>>,
    /// Responses stored from it today (WIB).
    pub responses_today: i32,
    pub revoked: bool,
}

/// Registers a kiosk tablet for a unit; answers its one-time enrolment link.
#[utoipa::path(post, path = "/api/v1/kiosks", tag = "survey", request_body = NewKiosk,
    responses(
        (status = 404, description = "No unit has this code (`unit_unknown`), or a service code is not one of the unit's active services (`service_of_other_unit`)", body = crate::web::error::ErrorBody),
        (status = 201, description = "Registered; open `enrol_url` on the tablet", body = KioskRegistered),
        (status = 403, description = "Not an admin, or a unit officer of another unit", body = crate::web::error::ErrorBody),
        (status = 422, description = "Unknown unit, a service of another unit, no service or a bad name", body = crate::web::error::ErrorBody),
    ))]
pub async fn register(
    State(state): State<AppState>,
    StaffWrite(staff): StaffWrite,
    ApiJson(body): ApiJson<NewKiosk>,
) -> Result<(StatusCode, Json<KioskRegistered>), AppError> {
    let r = service::register(
        &state,
        &staff,
        &body.unit_code,
        &body.name,
        &body.service_codes,
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(KioskRegistered {
            id: r.id,
            enrol_url: format!("{}/kios/daftar/{}", state.settings.public_base_url, r.token),
            enrol_expires_at: r.expires_at,
        }),
    ))
}

/// The kiosks of the caller's units: last contact, responses today, revoked or not.
#[utoipa::path(get, path = "/api/v1/kiosks", tag = "survey",
    responses((status = 200, description = "The kiosks, newest first", body = Vec<KioskOut>)))]
pub async fn list(
    State(state): State<AppState>,
    staff: Staff,
) -> Result<Json<Vec<KioskOut>>, AppError> {
    let today = crate::clock::today();
    Ok(Json(
        service::list(&state, &staff)
            .await?
            .into_iter()
            .map(|k| KioskOut {
                responses_today: if k.count_day == Some(today) {
                    k.count_today
                } else {
                    0
                },
                id: k.id,
                name: k.name,
                unit_id: k.unit_id,
                service_codes: k.service_codes.split(',').map(str::to_string).collect(),
                enrolled: k.device_hash.is_some(),
                last_contact_at: k.last_contact_at,
                revoked: k.revoked_at.is_some(),
            })
            .collect(),
    ))
}

/// Revokes a kiosk (a lost or replaced tablet): its next request is refused.
#[utoipa::path(post, path = "/api/v1/kiosks/{id}/revoke", tag = "survey",
    params(("id" = i32, Path, description = "The kiosk")),
    responses(
        (status = 204, description = "Revoked"),
        (status = 404, description = "No such kiosk among the caller's", body = crate::web::error::ErrorBody),
    ))]
pub async fn revoke(
    State(state): State<AppState>,
    StaffWrite(staff): StaffWrite,
    ApiPath(id): ApiPath<i32>,
) -> Result<StatusCode, AppError> {
    service::revoke(&state, &staff, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /kios/daftar/{token}`: the tablet that confirms a one-time link (the page the link
/// opens asks first, so that a link-preview bot fetching it spends nothing) becomes the
/// kiosk (a long-lived, HttpOnly device cookie) and goes to `/kios`. A spent, expired or
/// unknown link says so there.
pub async fn enrol(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> Response {
    // A page of another site must not make a visitor's browser some attacker's kiosk.
    if !crate::web::security::same_site_request(&headers) {
        return (StatusCode::FORBIDDEN, "cross-site enrolment refused").into_response();
    }
    match service::enrol(&state, &token).await {
        Ok(Some(credential)) => {
            let secure = if state.settings.secure_cookies {
                "; Secure"
            } else {
                ""
            };
            let cookie = format!(
                "{DEVICE_COOKIE}={credential}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
                5 * 365 * 24 * 3600
            );
            let mut r = Redirect::to("/kios").into_response();
            if let Ok(v) = HeaderValue::from_str(&cookie) {
                r.headers_mut().insert(header::SET_COOKIE, v);
            }
            r
        }
        Ok(None) => Redirect::to("/kios?tautan=tidak-berlaku").into_response(),
        Err(e) => e.into_response(),
    }
}

/// A refusal of the kiosk form, with its status and message code: to a browser, the kiosk's
/// own screen saying it (in the kiosk's frame and language, back to the start by itself); to
/// a script, JSON.
async fn refused(
    state: &AppState,
    headers: &HeaderMap,
    status: StatusCode,
    code: &str,
    retry_after: Option<u64>,
) -> Response {
    let lang = Lang::from_headers(headers);
    let mut r = if wants_html(headers) {
        let refusal = KioskRefusal::Refused { code: code.into() };
        show_again(state, "/kios", headers.clone(), refusal, status).await
    } else {
        let message = tr!(lang, &format!("error.{code}"));
        (
            status,
            Json(serde_json::json!({"error": code, "message": message})),
        )
            .into_response()
    };
    if let Some(secs) = retry_after {
        r.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(secs));
    }
    r
}

/// A rating held back (too soon after the last one), stored by itself in about `secs`
/// seconds: 429 with `Retry-After`, and to a browser the kiosk's screen that says the answers
/// are kept and will be sent; to a script, JSON with `kept`.
async fn held(state: &AppState, headers: &HeaderMap, secs: u64) -> Response {
    let status = StatusCode::TOO_MANY_REQUESTS;
    let mut r = if wants_html(headers) {
        let refusal = KioskRefusal::Held { secs };
        show_again(state, "/kios", headers.clone(), refusal, status).await
    } else {
        let lang = Lang::from_headers(headers);
        let body = serde_json::json!({"error": "kiosk_too_soon", "kept": true, "wait_secs": secs,
            "message": tr!(lang, "kiosk.held", secs = secs)});
        (status, Json(body)).into_response()
    };
    r.headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(secs));
    r
}

/// The kiosk posting (by its device cookie) and the service it answers for, which must be
/// one of the kiosk's; a refusal otherwise.
async fn kiosk_and_service(
    state: &AppState,
    headers: &HeaderMap,
    code: Option<&str>,
) -> Result<
    (
        crate::entities::kiosk::Model,
        crate::units::domain::ServiceInfo,
    ),
    Response,
> {
    let no = |status, code| refused(state, headers, status, code, None);
    let Some(credential) = crate::web::cookies::get(headers, DEVICE_COOKIE) else {
        return Err(no(StatusCode::UNAUTHORIZED, "kiosk_unknown").await);
    };
    let k = match service::device(state, &credential).await {
        Ok(k) => k,
        Err(AppError::Forbidden) => return Err(no(StatusCode::FORBIDDEN, "kiosk_revoked").await),
        Err(AppError::Unauthorized) => {
            return Err(no(StatusCode::UNAUTHORIZED, "kiosk_unknown").await);
        }
        Err(e) => return Err(e.into_response()),
    };
    let code = code.unwrap_or_default();
    if !k.service_codes.split(',').any(|c| c == code) {
        return Err(no(StatusCode::UNPROCESSABLE_ENTITY, "kiosk_service").await);
    }
    match crate::units::repo::find_service(&state.db, code).await {
        Ok(Some(s)) => Ok((k, s)),
        Ok(None) => Err(no(StatusCode::UNPROCESSABLE_ENTITY, "kiosk_service").await),
        Err(e) => Err(AppError::from(e).into_response()),
    }
}

/// `POST /kios`: a response answered on an enrolled tablet (the questionnaire's fields, the
/// `service_code` chosen, `submission_id` and, when it waited offline, `answered_at`).
/// Proven by the device cookie; limited per device (least interval, daily cap), never per
/// address; stored once per submission id with `source = kiosk` and the kiosk's id. Stored:
/// to the kiosk's thank-you screen. Too soon after the last rating: held back and stored when
/// the interval allows (429, the kiosk's screen saying so). Refused (daily cap, not a kiosk,
/// bad answers without JavaScript): the kiosk's own screen, never bare JSON, for a browser.
pub async fn submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let lang = Lang::from_headers(&headers);
    let field = |n: &str| pairs.iter().find(|(k, _)| k == n).map(|(_, v)| v.as_str());
    let (k, service) = match kiosk_and_service(&state, &headers, field("service_code")).await {
        Ok(found) => found,
        Err(r) => return r,
    };
    let raw = RawSurvey::from_form(&pairs);
    let survey = match raw.parse() {
        Ok(s) => s,
        // A browser without JavaScript: the questionnaire again, every answer kept, the
        // messages by their fields (the island checks before sending).
        Err(errs) if wants_html(&headers) => {
            let form = FormState {
                values: pairs.into_iter().filter(|(_, v)| !v.is_empty()).collect(),
                errors: errs.iter().map(FieldError::from).collect(),
            };
            let page = format!("/kios?layanan={}", service.code);
            return show_again(
                &state,
                &page,
                headers,
                form,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
        Err(errs) => {
            let first = &errs[0];
            return (
                StatusCode::UNPROCESSABLE_ENTITY,
                Json(
                    serde_json::json!({"error": first.code(), "field": first.field(),
                    "message": tr!(lang, &format!("error.{}", first.code()))}),
                ),
            )
                .into_response();
        }
    };
    let now = crate::clock::now();
    let mut arrival = match arrival(field("submission_id"), field("answered_at"), now) {
        Ok(a) => a,
        // A hidden field the citizen cannot fix: a browser's malformed id is ignored (as on
        // the phone's form); a script is told.
        Err(_) if wants_html(&headers) => match arrival(None, field("answered_at"), now) {
            Ok(a) => a,
            Err(e) => return e.into_response(),
        },
        Err(e) => return e.into_response(),
    };
    arrival.kiosk_id = Some(k.id);
    // A repeat of a stored submission is answered as stored, whatever the limits say.
    if let Some(sid) = &arrival.submission_id {
        match crate::survey::repo::find_submission(&state.db, sid).await {
            Ok(Some(_)) => return Redirect::to("/kios?terima-kasih=1").into_response(),
            Ok(None) => {}
            Err(e) => return AppError::from(e).into_response(),
        }
    }
    let (interval, cap) = (
        state.settings.kiosk_min_interval_secs,
        state.settings.kiosk_daily_cap,
    );
    match service::take_response_slot(&state.db, &k, now, arrival.answered_at, interval, cap).await
    {
        Ok(Ok(())) => {}
        // Too soon: held back and stored when the interval allows, unless the kiosk holds
        // its most already.
        Ok(Err(limit @ KioskLimit::TooSoon { wait_secs })) => {
            let kept =
                super::held::hold(&state, &k, service.id, &raw, lang, &arrival, wait_secs).await;
            let status = StatusCode::TOO_MANY_REQUESTS;
            return match kept {
                Ok(Hold::Kept { secs }) => held(&state, &headers, secs).await,
                Ok(Hold::Busy) => {
                    let wait = Some(limit.wait_secs());
                    refused(&state, &headers, status, "kiosk_busy", wait).await
                }
                Ok(Hold::Cap) => refused(&state, &headers, status, "kiosk_daily_cap", None).await,
                Err(e) => e.into_response(),
            };
        }
        Ok(Err(limit)) => {
            let status = StatusCode::TOO_MANY_REQUESTS;
            return refused(
                &state,
                &headers,
                status,
                limit.code(),
                Some(limit.wait_secs()),
            )
            .await;
        }
        Err(e) => return e.into_response(),
    }
    let stored = store(
        &state,
        ServiceRef::Id(service.id),
        &survey,
        lang,
        Source::Kiosk,
        &arrival,
    )
    .await;
    match stored {
        Ok(Stored::New(_)) => {}
        Ok(Stored::Repeat(_)) => service::give_back_slot(&state.db, k.id).await,
        // Only a service given by its code can be missing.
        Ok(Stored::NoService) => {
            service::give_back_slot(&state.db, k.id).await;
            return AppError::NotFound.into_response();
        }
        Err(e) => {
            service::give_back_slot(&state.db, k.id).await;
            return e.into_response();
        }
    }
    Redirect::to("/kios?terima-kasih=1").into_response()
}

/// `POST /staf/kios`: registers a kiosk from the console (`unit_code`, `name`, a `service`
/// per ticked box). Registered: the page again with its enrolment link and QR code, shown
/// this once. Refused: the page again, what was typed kept, the message by its field.
pub async fn register_form(
    State(state): State<AppState>,
    headers: HeaderMap,
    crate::accounts::auth::StaffForm(staff, pairs): crate::accounts::auth::StaffForm<
        Vec<(String, String)>,
    >,
) -> Response {
    let get = |n: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == n)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let services: Vec<String> = pairs
        .iter()
        .filter(|(k, _)| k == "service")
        .map(|(_, v)| v.clone())
        .collect();
    let (name, unit_code) = (get("name"), get("unit_code"));
    match service::register(&state, &staff, &unit_code, &name, &services).await {
        Ok(r) => {
            let url = format!("{}/kios/daftar/{}", state.settings.public_base_url, r.token);
            let shown = KioskShown {
                name: name.trim().to_string(),
                qr_svg: crate::poster::qr_svg(&url, 0.0, 0.0, 240.0),
                url,
            };
            show_again(&state, "/staf/kios", headers, shown, StatusCode::CREATED).await
        }
        Err(AppError::Validation { code, field } | AppError::Unknown { code, field }) => {
            let form = KioskFormState {
                name,
                unit_code,
                services,
                field,
                error: code.into(),
            };
            show_again(
                &state,
                "/staf/kios",
                headers,
                form,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => e.into_response(),
    }
}

/// `POST /staf/kios/{id}/cabut`: revokes a kiosk from the console.
pub async fn revoke_form(
    State(state): State<AppState>,
    Path(id): Path<i32>,
    crate::accounts::auth::StaffForm(staff, _pairs): crate::accounts::auth::StaffForm<
        Vec<(String, String)>,
    >,
) -> Response {
    match service::revoke(&state, &staff, id).await {
        Ok(()) => Redirect::to("/staf/kios?dicabut=1").into_response(),
        Err(e) => e.into_response(),
    }
}
