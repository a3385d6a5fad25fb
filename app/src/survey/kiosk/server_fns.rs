//! What the kiosk page shows: the tablet's kiosk (from its device cookie) and the service
//! chosen, or why it is not a kiosk.

use crate::web::error::PageError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The kiosk screen's data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum KioskScreen {
    /// This browser holds no valid kiosk credential.
    NotEnrolled,
    /// Its kiosk was revoked.
    Revoked,
    /// A kiosk: its unit, its services, the one chosen (first when there is one only), and
    /// a fresh submission id for the form.
    Ready {
        unit_name: String,
        services: Vec<(String, String)>,
        chosen: Option<(String, String)>,
        submission_id: String,
    },
}

/// The kiosk of this browser, with `service` chosen.
#[server(prefix = "/sf", endpoint = "kiosk_screen")]
pub async fn load_kiosk(service: Option<String>) -> Result<KioskScreen, PageError> {
    use crate::web::error::AppError;
    let st = crate::state::app_state()?;
    let headers: axum::http::HeaderMap = leptos_axum::extract()
        .await
        .map_err(|e| PageError::from(AppError::Internal(e.to_string())))?;
    let Some(credential) = crate::web::cookies::get(&headers, super::service::DEVICE_COOKIE) else {
        return Ok(KioskScreen::NotEnrolled);
    };
    let k = match super::service::device(&st, &credential).await {
        Ok(k) => k,
        Err(AppError::Forbidden) => return Ok(KioskScreen::Revoked),
        Err(AppError::Unauthorized) => return Ok(KioskScreen::NotEnrolled),
        Err(e) => return Err(e.into()),
    };
    let unit = crate::entities::unit::Entity::find_by_id(k.unit_id);
    use sea_orm::EntityTrait;
    let unit_name = unit.one(&st.db).await?.map(|u| u.name).unwrap_or_default();
    let mut services = Vec::new();
    for code in k.service_codes.split(',') {
        if let Some(s) = crate::units::repo::find_service(&st.db, code).await? {
            services.push((s.code, s.name));
        }
    }
    let chosen = match (&service, services.as_slice()) {
        (_, [only]) => Some(only.clone()),
        (Some(c), all) => all.iter().find(|(code, _)| code == c).cloned(),
        _ => None,
    };
    Ok(KioskScreen::Ready {
        unit_name,
        services,
        chosen,
        submission_id: crate::survey::submit::new_submission_id(),
    })
}
