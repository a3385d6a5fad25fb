//! The admin page's forms. Each handler takes an admin's signed form ([`AdminForm`],
//! [`AdminUpload`]: session, role and CSRF token checked before it runs), and answers a
//! refused form with the page again, the typed values kept.

use crate::accounts::auth::{AdminForm, AdminUpload};
use crate::accounts::domain::{Role, normalize_email};
use crate::accounts::session::{Staff, new_token, token_hash};
use crate::state::AppState;
use crate::web::error::AppError;
use crate::web::form::{FormRefusal, show_again};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use std::collections::BTreeMap;

/// Days an invitation link stays valid.
pub const INVITE_DAYS: i64 = 3;

fn get<'a>(pairs: &'a [(String, String)], k: &str) -> &'a str {
    pairs
        .iter()
        .find(|(n, _)| n == k)
        .map_or("", |(_, v)| v.trim())
}

async fn again(
    state: &AppState,
    headers: HeaderMap,
    form: &str,
    error: &str,
    values: BTreeMap<String, String>,
) -> Response {
    let st = FormRefusal {
        form: form.into(),
        error: error.into(),
        values,
        ..Default::default()
    };
    again_with(state, headers, st).await
}

/// A refused CSV import: its page again with every refused line (`line: reason`, in the
/// reader's language) at the top. A long file may be refused on every line: the first 200
/// are listed, then how many more.
async fn refused_import(
    state: &AppState,
    headers: HeaderMap,
    form: &str,
    rejected: &[crate::csv_import::Rejected],
) -> Response {
    let lang = crate::i18n::Lang::from_headers(&headers);
    let mut messages: Vec<String> = rejected
        .iter()
        .take(200)
        .map(|r| format!("{}: {}", r.line, r.message(lang)))
        .collect();
    if rejected.len() > 200 {
        messages.push(format!("… (+{})", rejected.len() - 200));
    }
    let st = FormRefusal {
        form: form.into(),
        error: "import_rejected".into(),
        messages,
        ..Default::default()
    };
    again_with(state, headers, st).await
}

async fn again_with(state: &AppState, headers: HeaderMap, st: FormRefusal) -> Response {
    show_again(
        state,
        super::tabs::AdminTab::of_form(&st.form).path(),
        headers,
        st,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

/// A staff member to invite, checked.
struct Invitee {
    email: String,
    name: String,
    role: Role,
    unit_ids: Vec<i32>,
}

/// Checks the invitation form: an address not yet taken, a name, a role chosen (none is
/// preselected, so that none is given by inattention), a unit for a unit officer, and known
/// units; a refusal is the message code for the form's `user` section.
async fn check_invitee(
    state: &AppState,
    pairs: &[(String, String)],
    units: &[String],
) -> Result<Result<Invitee, &'static str>, AppError> {
    let Some(email) = normalize_email(get(pairs, "email")) else {
        return Ok(Err("email_invalid"));
    };
    let name = get(pairs, "name");
    if name.is_empty() {
        return Ok(Err("staff_name_missing"));
    }
    if get(pairs, "role").is_empty() {
        return Ok(Err("role_missing"));
    }
    let Some(role) = Role::from_code(get(pairs, "role")) else {
        return Ok(Err("role_unknown"));
    };
    if role == Role::UnitOfficer && units.is_empty() {
        return Ok(Err("officer_needs_unit"));
    }
    if crate::accounts::repo::find_by_email(&state.db, &email)
        .await?
        .is_some()
    {
        return Ok(Err("email_taken"));
    }
    let mut unit_ids = Vec::new();
    for code in units {
        match crate::units::repo::find_unit(&state.db, code).await? {
            Some(u) => unit_ids.push(u.id),
            None => return Ok(Err("unit_unknown")),
        }
    }
    Ok(Ok(Invitee {
        email,
        name: name.to_string(),
        role,
        unit_ids,
    }))
}

/// Creates the account without a password and queues the invitation with a link to set one,
/// in one transaction with its audit entry.
async fn invite(
    state: &AppState,
    staff_id: i32,
    i: &Invitee,
    units: &[String],
) -> Result<(), AppError> {
    let token = new_token();
    let now = crate::clock::now();
    let mail = crate::mail::templates::render(
        crate::mail::templates::Template::StaffInvite,
        crate::i18n::Lang::Id,
        &i.email,
        minijinja::context!(name => i.name, url => format!("{}/staf/reset?token={token}", state.settings.public_base_url),
            days => INVITE_DAYS, role => crate::tr!(crate::i18n::Lang::Id, &format!("role.{}", i.role.code()))),
    )
    .map_err(|e| AppError::internal("mail template", e))?;
    let (_writing, txn) = state.begin_write().await?;
    let id = crate::accounts::repo::create_user(
        &txn,
        &i.email,
        &i.name,
        i.role.code(),
        None,
        &i.unit_ids,
    )
    .await?;
    crate::accounts::repo::create_reset(
        &txn,
        &token_hash(&token),
        id,
        now + chrono::Duration::days(INVITE_DAYS),
    )
    .await?;
    crate::mail::outbox::enqueue(
        &txn,
        &state.keys,
        "staff_invite",
        &mail,
        &state.settings.mail.message_domain,
        now,
    )
    .await?;
    crate::audit::record(
        &txn,
        crate::audit::Actor::Staff(staff_id),
        "user.create",
        None,
        serde_json::json!({"user_id": id, "role": i.role.code(), "units": units}),
    )
    .await?;
    txn.commit().await?;
    state.mail_wakeup.notify_one();
    Ok(())
}

/// `POST /staf/admin/pengguna`: a new staff account without a password; the member gets a
/// link to set one.
pub async fn add_user(
    State(state): State<AppState>,
    headers: HeaderMap,
    AdminForm(staff, pairs): AdminForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let units: Vec<String> = pairs
        .iter()
        .filter(|(k, _)| k == "unit")
        .map(|(_, v)| v.clone())
        .collect();
    let values: BTreeMap<String, String> = [
        ("email", get(&pairs, "email").to_string()),
        ("name", get(&pairs, "name").to_string()),
        ("role", get(&pairs, "role").to_string()),
        ("units", units.join(",")),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    let invitee = match check_invitee(&state, &pairs, &units).await? {
        Ok(i) => i,
        Err(code) => return Ok(again(&state, headers, "user", code, values).await),
    };
    invite(&state, staff.id, &invitee, &units).await?;
    Ok(Redirect::to("/staf/admin?ok=user").into_response())
}

/// `POST /staf/admin/aktif`: deactivates (ending its sessions) or reactivates an account.
pub async fn set_active(
    State(state): State<AppState>,
    headers: HeaderMap,
    AdminForm(staff, pairs): AdminForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let id: i32 = get(&pairs, "user_id")
        .parse()
        .map_err(|_| AppError::NotFound)?;
    if id == staff.id {
        return Ok(again(
            &state,
            headers,
            "user",
            "cannot_deactivate_self",
            BTreeMap::new(),
        )
        .await);
    }
    let active = get(&pairs, "active") == "1";
    let (_writing, txn) = state.begin_write().await?;
    crate::accounts::repo::set_active(&txn, id, active)
        .await
        .map_err(|_| AppError::NotFound)?;
    if !active {
        crate::accounts::repo::end_sessions_of(&txn, id, None).await?;
    }
    crate::audit::record(
        &txn,
        crate::audit::Actor::Staff(staff.id),
        if active {
            "user.activate"
        } else {
            "user.deactivate"
        },
        None,
        serde_json::json!({"user_id": id}),
    )
    .await?;
    txn.commit().await?;
    Ok(Redirect::to("/staf/admin?ok=active").into_response())
}

/// `POST /staf/admin/libur`: adds (or renames) a holiday.
pub async fn add_holiday(
    State(state): State<AppState>,
    headers: HeaderMap,
    AdminForm(_, pairs): AdminForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let values: BTreeMap<String, String> = [
        ("day".to_string(), get(&pairs, "day").to_string()),
        ("name_h".to_string(), get(&pairs, "name").to_string()),
    ]
    .into_iter()
    .collect();
    let Ok(day) = chrono::NaiveDate::parse_from_str(get(&pairs, "day"), "%Y-%m-%d") else {
        return Ok(again(&state, headers, "holiday", "incident_date_invalid", values).await);
    };
    let name = get(&pairs, "name");
    if name.is_empty() {
        return Ok(again(&state, headers, "holiday", "holiday_name_missing", values).await);
    }
    crate::calendar::repo::put_holiday(&state.db, day, name).await?;
    Ok(Redirect::to("/staf/admin/hari-libur?ok=holiday").into_response())
}

/// `POST /staf/admin/libur/hapus`: removes a holiday.
pub async fn remove_holiday(
    State(state): State<AppState>,
    AdminForm(_, pairs): AdminForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let day = chrono::NaiveDate::parse_from_str(get(&pairs, "day"), "%Y-%m-%d")
        .map_err(|_| AppError::NotFound)?;
    crate::calendar::repo::remove_holiday(&state.db, day).await?;
    Ok(Redirect::to("/staf/admin/hari-libur?ok=holiday_removed").into_response())
}

/// `POST /staf/admin/unit-csv` (multipart: `csrf` and the file `csv`): units and services
/// from a CSV file, all or nothing; refused lines are listed with their numbers.
pub async fn import_units(
    State(state): State<AppState>,
    headers: HeaderMap,
    AdminUpload {
        staff,
        fields: _,
        csv: text,
    }: AdminUpload,
) -> Result<Response, AppError> {
    let report = apply_plan(
        &state,
        &staff,
        crate::units::import::Plan::from_csv(&text),
        "units.import",
    )
    .await?;
    if !report.rejected.is_empty() {
        return Ok(refused_import(&state, headers, "units", &report.rejected).await);
    }
    Ok(Redirect::to(&format!(
        "/staf/admin/impor?ok=units&units={}&services={}",
        report.units, report.services
    ))
    .into_response())
}

/// `POST /staf/admin/libur-csv`: imports holidays (`date,name`), for the years after the
/// shipped table. All or nothing: a refused line saves nothing and shows every bad line at
/// the top of the page.
pub async fn import_holidays(
    State(state): State<AppState>,
    headers: HeaderMap,
    AdminUpload {
        staff,
        fields: _,
        csv: text,
    }: AdminUpload,
) -> Result<Response, AppError> {
    // Parsed off the request threads, in the pool for untrusted files (capped at 500 lines
    // inside, and in time by the pool).
    let parsed = state
        .untrusted
        .run(move || crate::calendar::national::parse(&text))
        .await
        .map_err(|e| AppError::internal("parsing a holiday file", anyhow::anyhow!("{e:?}")))?;
    let days = match parsed {
        Ok(days) => days,
        Err(rejected) => {
            return Ok(refused_import(&state, headers, "holidays", &rejected).await);
        }
    };
    let (_writing, txn) = state.begin_write().await?;
    crate::calendar::repo::put_holidays(&txn, &days).await?;
    crate::audit::record(
        &txn,
        crate::audit::Actor::Staff(staff.id),
        "holidays.import",
        None,
        serde_json::json!({"holidays": days.len()}),
    )
    .await?;
    txn.commit().await?;
    Ok(Redirect::to(&format!(
        "/staf/admin/hari-libur?ok=holidays_imported&n={}",
        days.len()
    ))
    .into_response())
}

/// Checks and writes units and services in one transaction, with an audit entry naming
/// what was written; writes nothing when something is refused.
async fn apply_plan(
    state: &AppState,
    staff: &Staff,
    plan: crate::units::import::Plan,
    action: &str,
) -> Result<crate::units::import::ImportReport, AppError> {
    let (_writing, txn) = state.begin_write().await?;
    let report = plan.apply(&txn).await?;
    if !report.rejected.is_empty() {
        return Ok(report);
    }
    crate::audit::record(
        &txn,
        crate::audit::Actor::Staff(staff.id),
        action,
        None,
        serde_json::json!({"units": report.units, "services": report.services}),
    )
    .await?;
    txn.commit().await?;
    Ok(report)
}

/// A refused unit or service form: the page again with the first refusal next to the form
/// and what was typed.
async fn refused_form(
    state: &AppState,
    headers: HeaderMap,
    form: &str,
    report: &crate::units::import::ImportReport,
    values: BTreeMap<String, String>,
) -> Response {
    let lang = crate::i18n::Lang::from_headers(&headers);
    let st = FormRefusal {
        form: form.into(),
        error: "form".into(),
        messages: report.rejected.iter().map(|r| r.message(lang)).collect(),
        values,
    };
    again_with(state, headers, st).await
}

fn values_of(pairs: &[(String, String)], keys: &[&str]) -> BTreeMap<String, String> {
    keys.iter()
        .map(|k| (k.to_string(), get(pairs, k).to_string()))
        .collect()
}

/// `POST /staf/admin/unit`: creates a unit or, for a known code, renames it or moves it
/// under another parent (an empty parent makes it a top-level unit).
pub async fn save_unit(
    State(state): State<AppState>,
    headers: HeaderMap,
    AdminForm(staff, pairs): AdminForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let values = values_of(&pairs, &["unit_code", "unit_name", "parent_code"]);
    let plan = crate::units::import::Plan::one_unit(
        &values["unit_code"],
        &values["unit_name"],
        &values["parent_code"],
    );
    let report = apply_plan(&state, &staff, plan, "unit.save").await?;
    if !report.rejected.is_empty() {
        return Ok(refused_form(&state, headers, "unit", &report, values).await);
    }
    Ok(Redirect::to("/staf/admin/unit-layanan?ok=unit").into_response())
}

/// `POST /staf/admin/layanan`: creates a service of a unit or, for a known code, renames it
/// and updates its monthly number of people served.
pub async fn save_service(
    State(state): State<AppState>,
    headers: HeaderMap,
    AdminForm(staff, pairs): AdminForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let values = values_of(
        &pairs,
        &[
            "service_unit",
            "service_code",
            "service_name",
            "monthly_served",
        ],
    );
    let plan = crate::units::import::Plan::one_service(
        &values["service_unit"],
        &values["service_code"],
        &values["service_name"],
        &values["monthly_served"],
    );
    let report = apply_plan(&state, &staff, plan, "service.save").await?;
    if !report.rejected.is_empty() {
        return Ok(refused_form(&state, headers, "service", &report, values).await);
    }
    Ok(Redirect::to("/staf/admin/unit-layanan?ok=service").into_response())
}

/// `POST /staf/admin/layanan/aktif`: stops (or resumes) a service taking surveys and
/// complaints; its past responses still count in the index.
pub async fn set_service_active(
    State(state): State<AppState>,
    AdminForm(staff, pairs): AdminForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let code = get(&pairs, "service_code");
    let active = get(&pairs, "active") == "1";
    let (_writing, txn) = state.begin_write().await?;
    if !crate::units::repo::set_service_active(&txn, code, active).await? {
        return Err(AppError::NotFound);
    }
    crate::audit::record(
        &txn,
        crate::audit::Actor::Staff(staff.id),
        if active {
            "service.activate"
        } else {
            "service.deactivate"
        },
        None,
        serde_json::json!({"service": code}),
    )
    .await?;
    txn.commit().await?;
    Ok(Redirect::to("/staf/admin/unit-layanan?ok=service_active").into_response())
}

/// `POST /staf/admin/survei-csv` (multipart: `csrf` and the file `csv`): survey responses
/// from paper forms or another app, all or nothing; refused lines are listed by number.
pub async fn import_surveys(
    State(state): State<AppState>,
    headers: HeaderMap,
    AdminUpload {
        staff,
        fields: _,
        csv: text,
    }: AdminUpload,
) -> Result<Response, AppError> {
    let report = crate::survey::import::import_surveys_text(&state, Some(staff.id), &text).await?;
    if !report.rejected.is_empty() {
        return Ok(refused_import(&state, headers, "surveys", &report.rejected).await);
    }
    Ok(Redirect::to(&format!(
        "/staf/admin/impor?ok=surveys&n={}",
        report.imported
    ))
    .into_response())
}

/// `GET /staf/audit.csv`: the audit log's entries under the page's filters, oldest first, as
/// CSV for Excel with Indonesian settings (byte order mark; `?sep=;` for semicolons).
pub async fn audit_csv(
    State(state): State<AppState>,
    crate::accounts::auth::AdminRead(_admin): crate::accounts::auth::AdminRead,
    crate::web::extract::ApiQuery(q): crate::web::extract::ApiQuery<super::audit::AuditQuery>,
) -> Result<axum::response::Response, AppError> {
    use crate::web::csv::{response, write_row, writer};
    let sep = match q.sep.as_deref().map(str::trim) {
        None | Some("" | ",") => b',',
        Some(";") => b';',
        Some(_) => return Err(AppError::invalid("export_sep", "sep")),
    };
    let filter = super::audit::filter_of(&state.db, &q).await?;
    let names = crate::accounts::repo::names(&state.db).await?;
    let mut entries = crate::audit::search(&state.db, &filter, None).await?;
    entries.reverse();
    let rows = super::audit::rows(&state.db, entries, &names).await?;
    let mut w = writer(sep, true);
    write_row(
        &mut w,
        [
            "Nomor",
            "Waktu (WIB)",
            "Pelaku",
            "Jenis pelaku",
            "Tindakan",
            "Kode kasus",
            "Alasan pembukaan identitas",
            "Rincian",
        ]
        .map(String::from),
    )?;
    for r in rows {
        write_row(
            &mut w,
            [
                r.id.to_string(),
                crate::clock::fmt_wib(r.at)
                    .trim_end_matches(" WIB")
                    .to_string(),
                r.actor,
                r.actor_kind,
                r.action,
                r.case_code.unwrap_or_default(),
                r.reason.unwrap_or_default(),
                r.detail,
            ],
        )?;
    }
    let body = w
        .into_inner()
        .map_err(|e| AppError::internal("csv", e.into_error()))?;
    Ok(response("jejak-audit.csv", body))
}

/// The longest template title and body, in characters.
const TEMPLATE_TITLE_MAX: usize = 120;
const TEMPLATE_BODY_MAX: usize = 4000;

/// `POST /staf/admin/templat/simpan`: saves a response template (a new one, or `id`'s edit).
pub async fn save_template(
    State(state): State<AppState>,
    headers: HeaderMap,
    AdminForm(staff, pairs): AdminForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let title = crate::web::text::clean(get(&pairs, "title"));
    let body = crate::web::text::clean(get(&pairs, "body"));
    let id = match get(&pairs, "id").trim() {
        "" => None,
        v => Some(v.parse::<i32>().map_err(|_| AppError::NotFound)?),
    };
    let values = values_of(&pairs, &["id", "title", "body"]);
    let visible = crate::web::text::visible_chars;
    let problem = if visible(&title) == 0 || title.chars().count() > TEMPLATE_TITLE_MAX {
        Some("template_title")
    } else if visible(&body) == 0 || body.chars().count() > TEMPLATE_BODY_MAX {
        Some("template_body")
    } else {
        None
    };
    if let Some(code) = problem {
        return Ok(again(&state, headers, "template", code, values).await);
    }
    let (_writing, txn) = state.begin_write().await?;
    let saved =
        crate::triage::repo::save_template(&txn, id, &title, &body, crate::clock::now()).await?;
    let Some(saved) = saved else {
        return Err(AppError::NotFound);
    };
    crate::audit::record(
        &txn,
        crate::audit::Actor::Staff(staff.id),
        "template.save",
        None,
        serde_json::json!({"template": saved, "title": title}),
    )
    .await?;
    txn.commit().await?;
    Ok(Redirect::to("/staf/admin/templat?ok=template").into_response())
}

/// `POST /staf/admin/templat/hapus`: deletes a response template.
pub async fn delete_template(
    State(state): State<AppState>,
    AdminForm(staff, pairs): AdminForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let id = get(&pairs, "id")
        .trim()
        .parse::<i32>()
        .map_err(|_| AppError::NotFound)?;
    let (_writing, txn) = state.begin_write().await?;
    if !crate::triage::repo::delete_template(&txn, id).await? {
        return Err(AppError::NotFound);
    }
    crate::audit::record(
        &txn,
        crate::audit::Actor::Staff(staff.id),
        "template.delete",
        None,
        serde_json::json!({"template": id}),
    )
    .await?;
    txn.commit().await?;
    Ok(Redirect::to("/staf/admin/templat?ok=template_removed").into_response())
}

/// The longest training topic, in characters.
const TOPIC_MAX: usize = 200;

/// `POST /staf/admin/saran-pelatihan/simpan`: a conduct category's training suggestion
/// (topic and elements); an empty topic removes it (no suggestion for that category).
/// Audited with the topic and elements.
pub async fn save_suggestion(
    State(state): State<AppState>,
    headers: HeaderMap,
    AdminForm(staff, pairs): AdminForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    use crate::complaints::domain::Category;
    use crate::survey::domain::Element;
    let category = Category::from_code(get(&pairs, "category")).ok_or(AppError::NotFound)?;
    let topic = crate::web::text::clean(get(&pairs, "topic"));
    let mut elements: Vec<Element> = Vec::new();
    let mut unknown = false;
    for (_, v) in pairs.iter().filter(|(k, _)| k == "elements") {
        match Element::from_code(v.trim()) {
            Some(e) if !elements.contains(&e) => elements.push(e),
            Some(_) => {}
            None => unknown = true,
        }
    }
    elements.sort_by_key(|e| Element::ALL.iter().position(|x| x == e));
    let problem = if unknown {
        Some("element_unknown")
    } else if topic.chars().count() > TOPIC_MAX {
        Some("topic_too_long")
    } else {
        None
    };
    if let Some(code) = problem {
        let mut values = values_of(&pairs, &["category", "topic"]);
        values.insert(
            "elements".into(),
            elements
                .iter()
                .map(|e| e.code())
                .collect::<Vec<_>>()
                .join(","),
        );
        return Ok(again(&state, headers, "suggestion", code, values).await);
    }
    let (_writing, txn) = state.begin_write().await?;
    let removed = crate::web::text::visible_chars(&topic) == 0;
    if removed {
        crate::training::repo::delete_suggestion(&txn, category.code()).await?;
    } else {
        crate::training::repo::save_suggestion(
            &txn,
            &crate::training::repo::Suggestion {
                category: category.code().into(),
                topic: topic.clone(),
                elements: elements.iter().map(|e| e.code().to_string()).collect(),
            },
            staff.id,
            crate::clock::now(),
        )
        .await?;
    }
    crate::audit::record(
        &txn,
        crate::audit::Actor::Staff(staff.id),
        if removed {
            "suggestion.delete"
        } else {
            "suggestion.save"
        },
        None,
        serde_json::json!({"category": category.code(), "topic": topic,
            "elements": elements.iter().map(|e| e.code()).collect::<Vec<_>>()}),
    )
    .await?;
    txn.commit().await?;
    Ok(Redirect::to(&format!(
        "/staf/admin/saran-pelatihan?ok=suggestion#saran-{}",
        category.code()
    ))
    .into_response())
}
