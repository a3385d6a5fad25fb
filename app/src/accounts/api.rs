//! Sign-in endpoints of the JSON API: `POST /api/v1/auth/login`, `POST /api/v1/auth/logout`
//! and `GET /api/v1/auth/me`. Messages never tell whether an email has an account.

use super::auth::{StaffForm, StaffWrite};
use super::domain::normalize_email;
use super::password;
use super::repo;
use super::session::{SESSION_HOURS, Staff, clear_cookie, new_token, session_cookie, token_hash};
use crate::ratelimit::client_ip;
use crate::state::AppState;
use crate::web::error::AppError;
use crate::web::extract::ApiJson;
use crate::web::form::show_again;
use axum::Json;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use serde::{Deserialize, Serialize};
use std::net::SocketAddr;
use utoipa::ToSchema;

/// Body of `POST /api/v1/auth/login`.
#[derive(Deserialize, ToSchema)]
pub struct LoginRequest {
    #[schema(example = "inspektur@inspektorat.jambiprov.go.id")]
    pub email: String,
    pub password: String,
}

/// The signed-in account.
#[derive(Serialize, ToSchema)]
pub struct Me {
    pub name: String,
    pub email: String,
    #[schema(example = "inspector")]
    pub role: &'static str,
    /// Codes of the assigned units; empty means all units.
    pub unit_codes: Vec<String>,
    /// Echo it in the `x-csrf-token` header of every state-changing request.
    pub csrf_token: String,
}

async fn me_of(state: &AppState, s: &Staff) -> Result<Me, AppError> {
    let units = crate::units::repo::all_units(&state.db).await?;
    Ok(Me {
        name: s.name.clone(),
        email: s.email.clone(),
        role: s.role.code(),
        unit_codes: units
            .into_iter()
            .filter(|u| s.unit_ids.contains(&u.id))
            .map(|u| u.code)
            .collect(),
        csrf_token: s.csrf.clone(),
    })
}

/// The outcome of checking credentials, shared by the API and the sign-in page.
pub enum SignIn {
    /// Signed in: the cookie token.
    Ok {
        token: String,
    },
    Invalid,
    /// Locked for this many seconds.
    Locked(u64),
}

/// Whole seconds from `now` until a lock ends `until`, at least one (`Retry-After`).
fn seconds_until(now: chrono::DateTime<Utc>, until: chrono::DateTime<Utc>) -> u64 {
    u64::try_from((until - now).num_seconds())
        .unwrap_or(1)
        .max(1)
}

/// Checks credentials under the back-off rules and, when they are right, opens a session.
///
/// Two counters of failures: per account and per address, each attempt taken on both before
/// the password is checked, so that no more than five wrong passwords per account or per
/// address are ever checked before the lock, however many arrive at once. A locked account
/// is refused whatever is typed. A locked address refuses the accounts that failed from it
/// lately, and wrong credentials of any other; but colleagues behind one office address
/// still sign in with their own right passwords after someone else's typos (an account with
/// no attempt in a row is checked once), and a guesser spraying accounts from it gets
/// nothing but the lock.
pub async fn sign_in(
    state: &AppState,
    email: &str,
    pw: &str,
    ip: std::net::IpAddr,
) -> Result<SignIn, AppError> {
    let now = crate::clock::now();
    let email = normalize_email(email).unwrap_or_default();
    let (account_key, address_key) = (
        format!("email:{email}"),
        format!("ip:{}", crate::ratelimit::limit_key(ip)),
    );
    let wait = |until| seconds_until(now, until);
    // Both attempts are taken before any password is checked (atomically, so parallel
    // guesses cannot pass the lock together).
    let first_on_account = match repo::take_attempt(&state.db, &account_key, now).await? {
        repo::Attempt::Locked(until) => return Ok(SignIn::Locked(wait(until))),
        repo::Attempt::Taken(n) => n == 1,
    };
    let address_lock = match repo::take_attempt(&state.db, &address_key, now).await? {
        repo::Attempt::Taken(_) => None,
        // This account is among those being tried from here.
        repo::Attempt::Locked(until) if !first_on_account => {
            return Ok(SignIn::Locked(wait(until)));
        }
        repo::Attempt::Locked(until) => Some(until),
    };
    let user = repo::find_by_email(&state.db, &email)
        .await?
        .filter(|u| u.active);
    let pw_owned = pw.to_string();
    let ok = match user.as_ref().and_then(|u| u.password_hash.clone()) {
        Some(h) => tokio::task::spawn_blocking(move || password::verify(&h, &pw_owned))
            .await
            .map_err(|e| AppError::internal("verify task", e))?,
        None => {
            tokio::task::spawn_blocking(move || password::verify_dummy(&pw_owned))
                .await
                .map_err(|e| AppError::internal("verify task", e))?;
            false
        }
    };
    let Some(user) = user.filter(|_| ok) else {
        // The attempts taken stay counted as failures.
        tracing::info!("sign-in refused");
        return Ok(match address_lock {
            Some(until) => SignIn::Locked(wait(until)),
            None => SignIn::Invalid,
        });
    };
    // The account's own count starts again; the address's gives back this attempt only (one
    // good account must not wipe out the failures of a guesser sharing its address).
    repo::reset_failures(&state.db, &account_key).await?;
    if address_lock.is_none() {
        repo::release_attempt(&state.db, &address_key).await?;
    }
    let token = new_token();
    repo::create_session(
        &state.db,
        &token_hash(&token),
        user.id,
        &new_token(),
        now,
        chrono::Duration::hours(SESSION_HOURS),
    )
    .await?;
    tracing::info!(user_id = user.id, "signed in");
    Ok(SignIn::Ok { token })
}

/// Signs in with email and password; the session comes back as an HttpOnly cookie.
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "accounts", request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in; `Set-Cookie: suara_session=...`", body = Me),
        (status = 401, description = "Wrong email or password (the same answer for both)", body = crate::web::error::ErrorBody),
        (status = 429, description = "Too many failures for this account or address; see Retry-After", body = crate::web::error::ErrorBody),
    ))]
pub async fn login(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<LoginRequest>,
) -> Result<Response, AppError> {
    let ip = client_ip(&state.settings, &headers, Some(peer));
    match sign_in(&state, &body.email, &body.password, ip).await? {
        SignIn::Locked(secs) => Err(AppError::RateLimited {
            retry_after_secs: secs,
        }),
        SignIn::Invalid => Ok((
            StatusCode::UNAUTHORIZED,
            Json(serde_json::json!({"error": "invalid_credentials"})),
        )
            .into_response()),
        SignIn::Ok { token } => {
            let staff = super::session::staff_for_token(&state, &token)
                .await?
                .ok_or(AppError::Unauthorized)?;
            let me = me_of(&state, &staff).await?;
            let mut r = Json(me).into_response();
            r.headers_mut().insert(
                header::SET_COOKIE,
                session_cookie(&token, state.settings.secure_cookies),
            );
            Ok(r)
        }
    }
}

/// Ends the session (CSRF token required).
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "accounts",
    params(("x-csrf-token" = String, Header, description = "The session's CSRF token")),
    responses(
        (status = 204, description = "Signed out; the cookie is cleared"),
        (status = 401, description = "Not signed in", body = crate::web::error::ErrorBody),
        (status = 403, description = "CSRF token missing or wrong", body = crate::web::error::ErrorBody),
    ))]
pub async fn logout(
    State(state): State<AppState>,
    StaffWrite(staff): StaffWrite,
) -> Result<Response, AppError> {
    repo::delete_session(&state.db, staff.session_hash()).await?;
    let mut r = StatusCode::NO_CONTENT.into_response();
    r.headers_mut().insert(
        header::SET_COOKIE,
        clear_cookie(state.settings.secure_cookies),
    );
    Ok(r)
}

/// The signed-in account.
#[utoipa::path(get, path = "/api/v1/auth/me", tag = "accounts",
    responses(
        (status = 200, description = "The account of the session", body = Me),
        (status = 401, description = "Not signed in", body = crate::web::error::ErrorBody),
    ))]
pub async fn me(State(state): State<AppState>, staff: Staff) -> Result<Json<Me>, AppError> {
    Ok(Json(me_of(&state, &staff).await?))
}

/// The sign-in form.
#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub password: String,
    #[serde(default)]
    pub next: String,
}

/// Attaches the signed-in person to a console request: their console frame (name, role,
/// unit names) for the page's frame to show, and the session for the page's data and the
/// handler, so it is looked up once.
pub async fn attach_console_frame(
    State(state): State<AppState>,
    mut req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    if crate::accounts::domain::Section::in_console(req.uri().path())
        && let Ok(Some(staff)) = super::session::staff_of(&state, req.headers()).await
    {
        let units = if staff.unit_ids.is_empty() {
            Vec::new()
        } else {
            match crate::units::repo::all_units(&state.db).await {
                Ok(all) => all
                    .into_iter()
                    .filter(|u| staff.unit_ids.contains(&u.id))
                    .map(|u| u.name)
                    .collect(),
                Err(e) => return AppError::from(e).into_response(),
            }
        };
        req.extensions_mut().insert(super::view::ConsoleFrame {
            name: staff.name.clone(),
            role: staff.role,
            units,
            csrf: staff.csrf.clone(),
        });
        // The page's data loads and the handler read the same session: looked up once.
        req.extensions_mut().insert(staff);
    }
    next.run(req).await
}

/// `GET /staf`: the console's door. Signed in, the role's landing section (a link to the
/// queue with filters, as older mails have, keeps them); otherwise the sign-in page, which
/// comes back here.
pub async fn landing(
    State(state): State<AppState>,
    uri: axum::http::Uri,
    headers: HeaderMap,
) -> Response {
    let query = uri.query().map(|q| format!("?{q}")).unwrap_or_default();
    match super::session::staff_of(&state, &headers).await {
        Ok(Some(staff)) => {
            let to = staff.role.landing();
            let keep = if to == crate::accounts::domain::Section::Queue {
                query.as_str()
            } else {
                ""
            };
            axum::response::Redirect::to(&format!("{}{keep}", to.path())).into_response()
        }
        Ok(None) => axum::response::Redirect::to(&format!(
            "/staf/masuk?next={}",
            crate::web::page::urlencode(&format!("/staf{query}"))
        ))
        .into_response(),
        Err(e) => e.into_response(),
    }
}

/// `POST /staf/masuk`: signs in and goes on to `next` (a console path), or shows the page
/// again with the email kept.
pub async fn login_form(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    axum::extract::Form(form): axum::extract::Form<LoginForm>,
) -> Response {
    let ip = client_ip(&state.settings, &headers, Some(peer));
    let (error, seconds) = match sign_in(&state, &form.email, &form.password, ip).await {
        Ok(SignIn::Ok { token }) => {
            let next = crate::web::redirect::console_path(&form.next).unwrap_or("/staf");
            let mut r = axum::response::Redirect::to(next).into_response();
            r.headers_mut().insert(
                header::SET_COOKIE,
                session_cookie(&token, state.settings.secure_cookies),
            );
            return r;
        }
        Ok(SignIn::Invalid) => ("invalid_credentials", 0),
        Ok(SignIn::Locked(s)) => ("too_many_attempts", s),
        Err(e) => return e.into_response(),
    };
    let st = super::view::LoginFormState {
        email: form.email,
        error: error.into(),
        seconds,
    };
    let status = if seconds > 0 {
        StatusCode::TOO_MANY_REQUESTS
    } else {
        StatusCode::UNAUTHORIZED
    };
    let mut r = show_again(&state, "/staf/masuk", headers, st, status).await;
    if seconds > 0 {
        r.headers_mut()
            .insert(header::RETRY_AFTER, header::HeaderValue::from(seconds));
    }
    r
}

/// `POST /staf/keluar`.
pub async fn logout_form(
    State(state): State<AppState>,
    StaffForm(staff, _): StaffForm<super::auth::CsrfForm>,
) -> Result<Response, AppError> {
    repo::delete_session(&state.db, staff.session_hash()).await?;
    let mut r = axum::response::Redirect::to("/staf/masuk?keluar=1").into_response();
    r.headers_mut().insert(
        header::SET_COOKIE,
        clear_cookie(state.settings.secure_cookies),
    );
    Ok(r)
}

/// Minutes a reset link stays valid.
pub const RESET_MINUTES: i64 = 60;

/// Checks a new password and its confirmation; returns the message code on refusal.
fn check_new(new: &str, confirm: &str) -> Result<(), &'static str> {
    super::domain::check_password(new).map_err(|e| e.code())?;
    if new != confirm {
        return Err("password_mismatch");
    }
    Ok(())
}

async fn hash_blocking(pw: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || password::hash(&pw))
        .await
        .map_err(|e| AppError::internal("hash task", e))?
        .map_err(|e| AppError::internal("hashing a password", anyhow::anyhow!(e)))
}

/// Why a password change was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum PasswordRefused {
    /// A message's code: the current password is wrong, or the new one is not allowed.
    Code(&'static str),
    /// Too many wrong current passwords lately: locked for this many seconds.
    Locked(u64),
}

/// Changes the signed-in account's password after checking the current one; ends the
/// account's other sessions. The current password is checked under the sign-in's back-off,
/// on a count of its own per session (`password:{session}`): whoever holds a session (a
/// phone left open) gets five guesses, then waits, however many are sent at once. Neither the
/// account's sign-in nor its owner's other sessions are locked by them: the owner can still
/// change the password, which ends the guessing session.
pub async fn change_password(
    state: &AppState,
    staff: &Staff,
    current: &str,
    new: &str,
    confirm: &str,
) -> Result<Result<(), PasswordRefused>, AppError> {
    let user = repo::find_by_email(&state.db, &staff.email)
        .await?
        .ok_or(AppError::Unauthorized)?;
    let now = crate::clock::now();
    let key = format!("password:{}", staff.session_hash());
    if let repo::Attempt::Locked(until) = repo::take_attempt(&state.db, &key, now).await? {
        return Ok(Err(PasswordRefused::Locked(seconds_until(now, until))));
    }
    let stored = user.password_hash.clone().unwrap_or_default();
    let cur = current.to_string();
    let ok = tokio::task::spawn_blocking(move || password::verify(&stored, &cur))
        .await
        .map_err(|e| AppError::internal("verify task", e))?;
    if !ok {
        // The attempt taken stays counted as a failure.
        return Ok(Err(PasswordRefused::Code("wrong_current_password")));
    }
    repo::reset_failures(&state.db, &key).await?;
    if let Err(code) = check_new(new, confirm) {
        return Ok(Err(PasswordRefused::Code(code)));
    }
    let hash = hash_blocking(new.to_string()).await?;
    repo::set_password(&state.db, user.id, &hash).await?;
    repo::end_sessions_of(&state.db, user.id, Some(staff.session_hash())).await?;
    tracing::info!(user_id = user.id, "password changed");
    Ok(Ok(()))
}

/// The password form.
#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub current: String,
    #[serde(default)]
    pub new: String,
    #[serde(default)]
    pub confirm: String,
    #[serde(default)]
    pub token: String,
}

impl super::auth::CarriesCsrf for PasswordForm {
    fn csrf(&self) -> Option<&str> {
        Some(&self.csrf)
    }
}

fn form_again(
    state: &AppState,
    path: &str,
    headers: HeaderMap,
    error: &str,
    status: StatusCode,
) -> impl std::future::Future<Output = Response> {
    let st = super::view::PasswordFormState {
        error: error.into(),
    };
    let state = state.clone();
    let path = path.to_string();
    async move { show_again(&state, &path, headers, st, status).await }
}

/// `POST /staf/sandi`.
pub async fn password_form(
    State(state): State<AppState>,
    headers: HeaderMap,
    StaffForm(staff, form): StaffForm<PasswordForm>,
) -> Result<Response, AppError> {
    let (code, status) =
        match change_password(&state, &staff, &form.current, &form.new, &form.confirm).await? {
            Ok(()) => return Ok(axum::response::Redirect::to("/staf/sandi?ok=1").into_response()),
            Err(PasswordRefused::Code(code)) => (code, StatusCode::UNPROCESSABLE_ENTITY),
            Err(PasswordRefused::Locked(_)) => {
                ("password_attempts_locked", StatusCode::TOO_MANY_REQUESTS)
            }
        };
    Ok(form_again(&state, "/staf/sandi", headers, code, status).await)
}

/// Body of `POST /api/v1/auth/password`.
#[derive(Deserialize, ToSchema)]
pub struct PasswordRequest {
    pub current: String,
    /// 12 to 256 characters, at least four of them different.
    #[schema(min_length = 12, max_length = 256)]
    pub new: String,
}

/// Changes the signed-in account's password (CSRF token required); other sessions end.
#[utoipa::path(post, path = "/api/v1/auth/password", tag = "accounts", request_body = PasswordRequest,
    params(("x-csrf-token" = String, Header, description = "The session's CSRF token")),
    responses(
        (status = 204, description = "Changed"),
        (status = 401, description = "Not signed in"),
        (status = 403, description = "CSRF token missing or wrong, or the current password is wrong (`wrong_current_password`)", body = crate::web::error::ErrorBody),
        (status = 422, description = "The new password is too simple: fewer than four different characters (`password_too_simple`)", body = crate::web::error::ErrorBody),
        (status = 429, description = "Five wrong current passwords in a row: wait (`Retry-After`)", body = crate::web::error::ErrorBody),
    ))]
pub async fn password(
    State(state): State<AppState>,
    StaffWrite(staff): StaffWrite,
    ApiJson(body): ApiJson<PasswordRequest>,
) -> Result<Response, AppError> {
    match change_password(&state, &staff, &body.current, &body.new, &body.new).await? {
        Ok(()) => Ok(StatusCode::NO_CONTENT.into_response()),
        Err(PasswordRefused::Locked(secs)) => Err(AppError::RateLimited {
            retry_after_secs: secs,
        }),
        // The current password is a secret that does not match (403), not bad input.
        Err(PasswordRefused::Code(code @ "wrong_current_password")) => Err(AppError::Refused {
            code,
            field: "current".into(),
        }),
        Err(PasswordRefused::Code(code)) => Err(AppError::Validation {
            code,
            field: "new".into(),
        }),
    }
}

/// The forgotten-password form.
#[derive(Deserialize)]
pub struct ForgotForm {
    #[serde(default)]
    pub email: String,
}

/// `POST /staf/lupa`: mails a one-time link when the email has an active account, and
/// answers the same either way.
pub async fn forgot_form(
    State(state): State<AppState>,
    axum::extract::Form(form): axum::extract::Form<ForgotForm>,
) -> Result<Response, AppError> {
    let email = normalize_email(&form.email).unwrap_or_default();
    if let Some(user) = repo::find_by_email(&state.db, &email)
        .await?
        .filter(|u| u.active)
    {
        let token = new_token();
        let now = crate::clock::now();
        let url = format!(
            "{}/staf/reset?token={token}",
            state.settings.public_base_url
        );
        let mail = crate::mail::templates::render(
            crate::mail::templates::Template::PasswordReset,
            crate::i18n::Lang::Id,
            &user.email,
            minijinja::context!(name => user.name.clone(), url => url, minutes => RESET_MINUTES),
        )
        .map_err(|e| AppError::internal("mail template", e))?;
        let (_writing, txn) = state.begin_write().await?;
        repo::create_reset(
            &txn,
            &token_hash(&token),
            user.id,
            now + chrono::Duration::minutes(RESET_MINUTES),
        )
        .await?;
        crate::mail::outbox::enqueue(
            &txn,
            &state.keys,
            "password_reset",
            &mail,
            &state.settings.mail.message_domain,
            now,
        )
        .await?;
        txn.commit().await?;
        state.mail_wakeup.notify_one();
        tracing::info!(user_id = user.id, "password reset link sent");
    }
    Ok(axum::response::Redirect::to("/staf/lupa?terkirim=1").into_response())
}

/// `POST /staf/reset`: a new password with a reset link; every session of the account ends.
pub async fn reset_form(
    State(state): State<AppState>,
    headers: HeaderMap,
    axum::extract::Form(form): axum::extract::Form<PasswordForm>,
) -> Result<Response, AppError> {
    let path = format!(
        "/staf/reset?token={}",
        crate::web::page::urlencode(&form.token)
    );
    if let Err(code) = check_new(&form.new, &form.confirm) {
        return Ok(form_again(
            &state,
            &path,
            headers,
            code,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await);
    }
    let hash = hash_blocking(form.new.clone()).await?;
    let (_writing, txn) = state.begin_write().await?;
    let Some(user_id) =
        repo::take_reset(&txn, &token_hash(&form.token), crate::clock::now()).await?
    else {
        drop(txn);
        return Ok(form_again(
            &state,
            &path,
            headers,
            "reset_link_invalid",
            StatusCode::GONE,
        )
        .await);
    };
    repo::set_password(&txn, user_id, &hash).await?;
    repo::end_sessions_of(&txn, user_id, None).await?;
    txn.commit().await?;
    tracing::info!(user_id, "password reset");
    Ok(axum::response::Redirect::to("/staf/masuk?reset=1").into_response())
}
