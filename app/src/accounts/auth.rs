//! Who may call what, stated once: the staff session of a server function (the console
//! pages' data), and the view of the signed-in person the pages show.

#[cfg(feature = "ssr")]
use crate::web::console::ConsoleUser;

/// The staff member behind a server function's request, with the state; `Unauthorized`
/// without a live session (the page then sends the browser to sign in).
#[cfg(feature = "ssr")]
pub async fn staff_session()
-> Result<(crate::state::AppState, crate::accounts::session::Staff), crate::web::error::PageError> {
    use crate::web::error::AppError;
    let st = crate::state::app_state()?;
    let parts: axum::http::request::Parts = leptos_axum::extract().await?;
    // Already looked up for this request by `api::attach_console_frame`.
    if let Some(s) = parts.extensions.get::<crate::accounts::session::Staff>() {
        return Ok((st, s.clone()));
    }
    match crate::accounts::session::staff_of(&st, &parts.headers).await? {
        Some(s) => Ok((st, s)),
        None => Err(AppError::Unauthorized.into()),
    }
}

/// Like [`staff_session`], for an admin only (`Forbidden` otherwise).
#[cfg(feature = "ssr")]
pub async fn admin_session()
-> Result<(crate::state::AppState, crate::accounts::session::Staff), crate::web::error::PageError> {
    let (st, staff) = staff_session().await?;
    if staff.role != crate::accounts::domain::Role::Admin {
        return Err(crate::web::error::AppError::Forbidden.into());
    }
    Ok((st, staff))
}

/// Like [`staff_session`], for an inspector only (`Forbidden` otherwise).
#[cfg(feature = "ssr")]
pub async fn inspector_session()
-> Result<(crate::state::AppState, crate::accounts::session::Staff), crate::web::error::PageError> {
    let (st, staff) = staff_session().await?;
    if staff.role != crate::accounts::domain::Role::Inspector {
        return Err(crate::web::error::AppError::Forbidden.into());
    }
    Ok((st, staff))
}

/// The signed-in person as the console shows them.
#[cfg(feature = "ssr")]
pub fn user_of(s: &crate::accounts::session::Staff) -> ConsoleUser {
    ConsoleUser {
        name: s.name.clone(),
        role: s.role.code().into(),
        csrf: s.csrf.clone(),
    }
}

/// A form that carries only the session's CSRF token (sign out, reveal).
#[derive(serde::Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    pub csrf: String,
}

#[cfg(feature = "ssr")]
pub use extract::{
    AdminForm, AdminRead, AdminUpload, AdminWrite, AuditReader, CarriesCsrf, InspectorForm,
    InspectorRead, InspectorWrite, PlannerForm, RegistrarForm, StaffForm, StaffWrite,
};

/// The extractors that state a rule in a handler's signature: who may call it, and that the
/// session's CSRF token came with the request. A handler that takes one of them checks
/// neither by hand.
#[cfg(feature = "ssr")]
mod extract {
    use super::CsrfForm;
    use crate::accounts::domain::Role;
    use crate::accounts::session::Staff;
    use crate::state::AppState;
    use crate::web::error::AppError;
    use axum::extract::{Form, FromRequest, FromRequestParts, Multipart, Request};
    use axum::http::request::Parts;
    use serde::de::DeserializeOwned;

    /// A form whose `csrf` field carries the session's token.
    pub trait CarriesCsrf {
        fn csrf(&self) -> Option<&str>;
    }

    impl CarriesCsrf for Vec<(String, String)> {
        fn csrf(&self) -> Option<&str> {
            self.iter()
                .find(|(k, _)| k == "csrf")
                .map(|(_, v)| v.as_str())
        }
    }

    impl CarriesCsrf for CsrfForm {
        fn csrf(&self) -> Option<&str> {
            Some(&self.csrf)
        }
    }

    fn admin_only(staff: &Staff) -> Result<(), AppError> {
        if staff.role == Role::Admin {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }

    fn inspector_only(staff: &Staff) -> Result<(), AppError> {
        if staff.role == Role::Inspector {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// A reading request by an inspector: what the Inspectorate alone may see of a case
    /// (the officers named before). Which cases is the case's scope, checked by the service.
    pub struct InspectorRead(pub Staff);

    impl FromRequestParts<AppState> for InspectorRead {
        type Rejection = AppError;

        async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
            let staff = Staff::from_request_parts(parts, state).await?;
            inspector_only(&staff)?;
            Ok(InspectorRead(staff))
        }
    }

    /// Like [`StaffWrite`], by an inspector (recording a finding).
    pub struct InspectorWrite(pub Staff);

    impl FromRequestParts<AppState> for InspectorWrite {
        type Rejection = AppError;

        async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
            let StaffWrite(staff) = StaffWrite::from_request_parts(parts, state).await?;
            inspector_only(&staff)?;
            Ok(InspectorWrite(staff))
        }
    }

    /// Like [`StaffForm`], by an inspector (the role is settled before the body is read).
    pub struct InspectorForm<T>(pub Staff, pub T);

    impl<T: DeserializeOwned + CarriesCsrf + Send> FromRequest<AppState> for InspectorForm<T> {
        type Rejection = AppError;

        async fn from_request(req: Request, state: &AppState) -> Result<Self, AppError> {
            let (staff, form) = signed_form(req, state, |r| r == Role::Inspector).await?;
            Ok(InspectorForm(staff, form))
        }
    }

    /// A reader of the whole audit chain: an inspector or an admin.
    pub struct AuditReader(pub Staff);

    impl FromRequestParts<AppState> for AuditReader {
        type Rejection = AppError;

        async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
            let staff = Staff::from_request_parts(parts, state).await?;
            if !matches!(staff.role, Role::Inspector | Role::Admin) {
                return Err(AppError::Forbidden);
            }
            Ok(AuditReader(staff))
        }
    }

    /// A reading request by an admin (the audit page's export).
    pub struct AdminRead(pub Staff);

    impl FromRequestParts<AppState> for AdminRead {
        type Rejection = AppError;

        async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
            let staff = Staff::from_request_parts(parts, state).await?;
            admin_only(&staff)?;
            Ok(AdminRead(staff))
        }
    }

    /// A state-changing JSON request by any staff member: a session, and its CSRF token in
    /// the `x-csrf-token` header.
    pub struct StaffWrite(pub Staff);

    impl FromRequestParts<AppState> for StaffWrite {
        type Rejection = AppError;

        async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
            let staff = Staff::from_request_parts(parts, state).await?;
            staff.check_csrf(&parts.headers, None)?;
            Ok(StaffWrite(staff))
        }
    }

    /// Like [`StaffWrite`], by an admin.
    pub struct AdminWrite(pub Staff);

    impl FromRequestParts<AppState> for AdminWrite {
        type Rejection = AppError;

        async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
            let StaffWrite(staff) = StaffWrite::from_request_parts(parts, state).await?;
            admin_only(&staff)?;
            Ok(AdminWrite(staff))
        }
    }

    /// Reads a form body after the session, then checks the form's CSRF token (or the
    /// header's).
    async fn signed_form<T: DeserializeOwned + CarriesCsrf>(
        req: Request,
        state: &AppState,
        may: fn(Role) -> bool,
    ) -> Result<(Staff, T), AppError> {
        let (mut parts, body) = req.into_parts();
        let staff = Staff::from_request_parts(&mut parts, state).await?;
        if !may(staff.role) {
            return Err(AppError::Forbidden);
        }
        let headers = parts.headers.clone();
        let Form(form) = Form::<T>::from_request(Request::from_parts(parts, body), state)
            .await
            .map_err(|_| AppError::BadRequest("malformed_form"))?;
        staff.check_csrf(&headers, form.csrf())?;
        Ok((staff, form))
    }

    /// A form posted by any staff member: the session, and the form, whose CSRF token must
    /// be the session's.
    pub struct StaffForm<T>(pub Staff, pub T);

    impl<T: DeserializeOwned + CarriesCsrf + Send> FromRequest<AppState> for StaffForm<T> {
        type Rejection = AppError;

        async fn from_request(req: Request, state: &AppState) -> Result<Self, AppError> {
            let (staff, form) = signed_form(req, state, |_| true).await?;
            Ok(StaffForm(staff, form))
        }
    }

    /// Like [`StaffForm`], by an admin (the role is settled before the body is read).
    pub struct AdminForm<T>(pub Staff, pub T);

    impl<T: DeserializeOwned + CarriesCsrf + Send> FromRequest<AppState> for AdminForm<T> {
        type Rejection = AppError;

        async fn from_request(req: Request, state: &AppState) -> Result<Self, AppError> {
            let (staff, form) = signed_form(req, state, |r| r == Role::Admin).await?;
            Ok(AdminForm(staff, form))
        }
    }

    /// Like [`StaffForm`], by a role that registers training programs (admin, manager).
    pub struct RegistrarForm<T>(pub Staff, pub T);

    impl<T: DeserializeOwned + CarriesCsrf + Send> FromRequest<AppState> for RegistrarForm<T> {
        type Rejection = AppError;

        async fn from_request(req: Request, state: &AppState) -> Result<Self, AppError> {
            let (staff, form) = signed_form(req, state, Role::registers_programs).await?;
            Ok(RegistrarForm(staff, form))
        }
    }

    /// Like [`StaffForm`], by a role that keeps SKM follow-up plans (admin, manager, unit
    /// officer).
    pub struct PlannerForm<T>(pub Staff, pub T);

    impl<T: DeserializeOwned + CarriesCsrf + Send> FromRequest<AppState> for PlannerForm<T> {
        type Rejection = AppError;

        async fn from_request(req: Request, state: &AppState) -> Result<Self, AppError> {
            let (staff, form) = signed_form(req, state, Role::plans_follow_ups).await?;
            Ok(PlannerForm(staff, form))
        }
    }

    /// A file an admin uploads with a form (multipart): the role is settled before the
    /// upload is read, the CSRF token is checked from the form's fields; the fields and the
    /// text of the file field `csv`.
    pub struct AdminUpload {
        pub staff: Staff,
        pub fields: Vec<(String, String)>,
        pub csv: String,
    }

    impl FromRequest<AppState> for AdminUpload {
        type Rejection = AppError;

        async fn from_request(req: Request, state: &AppState) -> Result<Self, AppError> {
            let (mut parts, body) = req.into_parts();
            let staff = Staff::from_request_parts(&mut parts, state).await?;
            admin_only(&staff)?;
            let headers = parts.headers.clone();
            let bad = || AppError::Validation {
                code: "invalid_body",
                field: "csv".into(),
            };
            let mut mp = Multipart::from_request(Request::from_parts(parts, body), state)
                .await
                .map_err(|_| bad())?;
            let mut fields = Vec::new();
            let mut csv = String::new();
            while let Some(field) = mp.next_field().await.map_err(|_| bad())? {
                let name = field.name().unwrap_or_default().to_string();
                let value = field.text().await.map_err(|_| bad())?;
                if name == "csv" {
                    csv = value;
                } else {
                    fields.push((name, value));
                }
            }
            staff.check_csrf(&headers, fields.csrf())?;
            Ok(AdminUpload { staff, fields, csv })
        }
    }
}

#[cfg(feature = "ssr")]
pub use callers::{
    Caller, TokenOrAdmin, TokenOrPlanner, TokenOrReader, TokenOrRegistrar, report_units,
    stats_units,
};

/// Callers of the staff figures: automation with an API token, or a staff session.
#[cfg(feature = "ssr")]
mod callers {
    use crate::accounts::domain::Role;
    use crate::accounts::session::Staff;
    use crate::state::AppState;
    use crate::web::error::AppError;
    use axum::extract::FromRequestParts;
    use axum::http::request::Parts;
    use axum::http::{HeaderMap, header};

    /// Who calls: automation with a token, or a signed-in staff member.
    pub enum Caller {
        Token,
        Staff(Staff),
    }

    impl Caller {
        /// The units whose SKM reports and follow-up plans the caller keeps; `None` for
        /// all.
        pub async fn report_units(&self, state: &AppState) -> Result<Option<Vec<i32>>, AppError> {
            match self {
                Caller::Token => Ok(None),
                Caller::Staff(s) => report_units(state, s).await,
            }
        }

        /// The units whose figures the caller may read; `None` for all.
        pub async fn units(&self, state: &AppState) -> Result<Option<Vec<i32>>, AppError> {
            match self {
                Caller::Token => Ok(None),
                Caller::Staff(s) => stats_units(state, s).await,
            }
        }
    }

    /// The units whose SKM reports a staff member prints and whose follow-up plan they keep:
    /// a unit officer their own units (and those below); everyone who reads figures, the
    /// units they read (`None`: all). The report page, its workbook and the follow-up plan
    /// all ask here.
    pub async fn report_units(
        state: &AppState,
        staff: &Staff,
    ) -> Result<Option<Vec<i32>>, AppError> {
        match staff.role {
            Role::UnitOfficer if staff.unit_ids.is_empty() => Err(AppError::Forbidden),
            Role::UnitOfficer => Ok(Some(
                crate::units::repo::with_children(&state.db, &staff.unit_ids).await?,
            )),
            _ => stats_units(state, staff).await,
        }
    }

    /// The units a staff member may read figures of: all for admins, and for managers and
    /// inspectors without assigned units; their units (and those below) otherwise. Unit
    /// officers answer cases and read no statistics.
    pub async fn stats_units(state: &AppState, s: &Staff) -> Result<Option<Vec<i32>>, AppError> {
        match s.role {
            Role::UnitOfficer => Err(AppError::Forbidden),
            Role::Admin => Ok(None),
            _ if s.unit_ids.is_empty() => Ok(None),
            _ => Ok(Some(
                crate::units::repo::with_children(&state.db, &s.unit_ids).await?,
            )),
        }
    }

    fn bearer_ok(state: &AppState, headers: &HeaderMap) -> Option<bool> {
        let v = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
        let token = v.strip_prefix("Bearer ")?.trim();
        // Compared as digests, so the time taken says nothing about a token's prefix.
        Some(state.settings.api_tokens.iter().any(|t| t.matches(token)))
    }

    /// The caller of a write: a token, or a session of a role `may` accepts, with its CSRF
    /// header.
    async fn writer(
        state: &AppState,
        headers: &HeaderMap,
        may: fn(Role) -> bool,
    ) -> Result<Caller, AppError> {
        match bearer_ok(state, headers) {
            Some(true) => return Ok(Caller::Token),
            Some(false) => return Err(AppError::Unauthorized),
            None => {}
        }
        let staff = crate::accounts::session::staff_of(state, headers)
            .await?
            .ok_or(AppError::Unauthorized)?;
        staff.check_csrf(headers, None)?;
        if !may(staff.role) {
            return Err(AppError::Forbidden);
        }
        Ok(Caller::Staff(staff))
    }

    /// The caller of a staff read: a token, or an admin, manager or inspector session.
    async fn reader(state: &AppState, headers: &HeaderMap) -> Result<Caller, AppError> {
        match bearer_ok(state, headers) {
            Some(true) => return Ok(Caller::Token),
            Some(false) => return Err(AppError::Unauthorized),
            None => {}
        }
        let staff = crate::accounts::session::staff_of(state, headers)
            .await?
            .ok_or(AppError::Unauthorized)?;
        if staff.role == Role::UnitOfficer {
            return Err(AppError::Forbidden);
        }
        Ok(Caller::Staff(staff))
    }

    /// Automation with a token, or an admin session with its CSRF header: the writes of the
    /// analytics API (imports, training programs).
    pub struct TokenOrAdmin(pub Caller);

    impl FromRequestParts<AppState> for TokenOrAdmin {
        type Rejection = AppError;

        async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
            writer(state, &parts.headers, |r| r == Role::Admin)
                .await
                .map(TokenOrAdmin)
        }
    }

    /// Automation with a token, or a session of a role that registers training programs
    /// (admin, manager), with its CSRF header.
    pub struct TokenOrRegistrar(pub Caller);

    impl FromRequestParts<AppState> for TokenOrRegistrar {
        type Rejection = AppError;

        async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
            writer(state, &parts.headers, Role::registers_programs)
                .await
                .map(TokenOrRegistrar)
        }
    }

    /// Automation with a token, or a session of a role that keeps SKM follow-up plans
    /// (admin, manager, unit officer), with its CSRF header; the units are checked with
    /// [`Caller::report_units`].
    pub struct TokenOrPlanner(pub Caller);

    impl FromRequestParts<AppState> for TokenOrPlanner {
        type Rejection = AppError;

        async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
            writer(state, &parts.headers, Role::plans_follow_ups)
                .await
                .map(TokenOrPlanner)
        }
    }

    /// Automation with a token, or a reader of staff figures (admin, manager, inspector).
    pub struct TokenOrReader(pub Caller);

    impl FromRequestParts<AppState> for TokenOrReader {
        type Rejection = AppError;

        async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
            reader(state, &parts.headers).await.map(TokenOrReader)
        }
    }
}
