//! Sessions: a random token in an HttpOnly cookie (`Secure` behind TLS, `SameSite=Lax`),
//! stored only as its SHA-256 so a copy of the database cannot be used to sign in, with a
//! per-session CSRF token that every state-changing request must echo.

use super::domain::Role;
use crate::state::AppState;
use crate::web::error::AppError;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use sha2::{Digest, Sha256};

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "suara_session";
/// Header carrying the CSRF token on JSON requests.
pub const CSRF_HEADER: &str = "x-csrf-token";
/// Lifetime of a session, from sign-in (a working day and a half).
pub const SESSION_HOURS: i64 = 12;

/// A signed-in staff member, as handlers see them.
#[derive(Clone, Debug)]
pub struct Staff {
    pub id: i32,
    pub email: String,
    pub name: String,
    pub role: Role,
    /// Assigned units; empty means all units.
    pub unit_ids: Vec<i32>,
    /// The session's CSRF token.
    pub csrf: String,
    token_hash: String,
}

impl Staff {
    /// A staff member acting without a session (the demo data loader).
    pub fn for_demo(u: crate::entities::user::Model, unit_ids: Vec<i32>) -> Staff {
        Staff {
            id: u.id,
            role: Role::from_code(&u.role).unwrap_or(Role::Manager),
            email: u.email,
            name: u.name,
            unit_ids,
            csrf: String::new(),
            token_hash: String::new(),
        }
    }

    /// Hash of the session token (to end this session).
    pub fn session_hash(&self) -> &str {
        &self.token_hash
    }

    /// Refuses a state-changing request that does not carry this session's CSRF token,
    /// in the `x-csrf-token` header or as the form field `csrf`.
    pub fn check_csrf(
        &self,
        headers: &HeaderMap,
        form_value: Option<&str>,
    ) -> Result<(), AppError> {
        let sent = headers
            .get(CSRF_HEADER)
            .and_then(|v| v.to_str().ok())
            .or(form_value);
        match sent {
            Some(t) if constant_time_eq(t.as_bytes(), self.csrf.as_bytes()) => Ok(()),
            _ => Err(AppError::Forbidden),
        }
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A fresh random token (256 bits, URL-safe base64).
pub fn new_token() -> String {
    B64.encode(rand::random::<[u8; 32]>())
}

/// The stored form of a token.
pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The `Set-Cookie` value that carries a new session.
pub fn session_cookie(token: &str, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
        SESSION_HOURS * 3600
    ))
    .expect("token is URL-safe base64")
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn clear_cookie(secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}"
    ))
    .expect("static cookie")
}

/// The session token sent by the client, if any.
pub fn token_from(headers: &HeaderMap) -> Option<String> {
    crate::web::cookies::get(headers, SESSION_COOKIE).filter(|v| !v.is_empty())
}

/// Looks the request's session up.
pub async fn staff_of(state: &AppState, headers: &HeaderMap) -> Result<Option<Staff>, AppError> {
    match token_from(headers) {
        Some(token) => staff_for_token(state, &token).await,
        None => Ok(None),
    }
}

/// The staff member of a session token, if the session is live and the account active.
pub async fn staff_for_token(state: &AppState, token: &str) -> Result<Option<Staff>, AppError> {
    let hash = token_hash(token);
    let idle = chrono::Duration::from_std(state.settings.staff_idle)
        .unwrap_or(chrono::Duration::minutes(30));
    let Some((s, u)) =
        super::repo::find_session(&state.db, &hash, crate::clock::now(), idle).await?
    else {
        return Ok(None);
    };
    let Some(role) = Role::from_code(&u.role) else {
        return Ok(None);
    };
    Ok(Some(Staff {
        unit_ids: super::repo::unit_ids_of(&state.db, u.id).await?,
        id: u.id,
        email: u.email,
        name: u.name,
        role,
        csrf: s.csrf_token,
        token_hash: hash,
    }))
}

impl FromRequestParts<AppState> for Staff {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Staff, AppError> {
        // Already looked up for this request by `api::attach_console_frame`.
        if let Some(staff) = parts.extensions.get::<Staff>() {
            return Ok(staff.clone());
        }
        staff_of(state, &parts.headers)
            .await?
            .ok_or(AppError::Unauthorized)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cookie_is_http_only_lax_and_secure_behind_tls() {
        let c = session_cookie("abc", true);
        let c = c.to_str().unwrap();
        assert!(c.contains("HttpOnly") && c.contains("SameSite=Lax") && c.ends_with("; Secure"));
        assert!(
            !session_cookie("abc", false)
                .to_str()
                .unwrap()
                .contains("Secure")
        );
    }

    #[test]
    fn tokens_are_random_and_stored_hashed() {
        let (a, b) = (new_token(), new_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_eq!(token_hash(&a).len(), 64);
        assert_ne!(token_hash(&a), a);
        let mut h = HeaderMap::new();
        h.insert(
            axum::http::header::COOKIE,
            HeaderValue::from_str(&format!("suara_lang=en; {SESSION_COOKIE}={a}")).unwrap(),
        );
        assert_eq!(token_from(&h), Some(a));
    }
}
