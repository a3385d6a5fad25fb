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
    /// A kiosk: its unit, its services, the one chosen (first when there is one only), a
    /// fresh submission id for the form, the seconds an untouched form waits before the
    /// kiosk starts again, and the complaint form's address with its QR code (an SVG) for a
    /// citizen who would rather report from their own phone.
    Ready {
        unit_name: String,
        services: Vec<(String, String)>,
        chosen: Option<(String, String)>,
        submission_id: String,
        idle_secs: u32,
        report_url: String,
        report_qr: String,
    },
}

/// What an enrolment link is for, before the tablet confirms.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrolPreview {
    pub kiosk_name: String,
    pub unit_name: String,
}

/// The kiosk a still-good enrolment link is for (`None`: unknown, used, expired, revoked).
/// Spends nothing.
#[server(prefix = "/sf", endpoint = "kiosk_enrol_preview")]
pub async fn load_enrol_preview(token: String) -> Result<Option<EnrolPreview>, PageError> {
    let st = crate::state::app_state()?;
    let Some(k) = super::service::pending_enrolment(&st.db, &token).await? else {
        return Ok(None);
    };
    let unit_name = crate::units::repo::unit_by_id(&st.db, k.unit_id)
        .await?
        .map(|u| u.name)
        .unwrap_or_default();
    Ok(Some(EnrolPreview {
        kiosk_name: k.name,
        unit_name,
    }))
}

/// The kiosk of this browser, with `service` chosen.
#[server(prefix = "/sf", endpoint = "kiosk_screen")]
pub async fn load_kiosk(service: Option<String>) -> Result<KioskScreen, PageError> {
    use crate::web::error::AppError;
    let st = crate::state::app_state()?;
    let headers: axum::http::HeaderMap = leptos_axum::extract()
        .await
        .map_err(|e| PageError::from(AppError::internal("reading the request headers", e)))?;
    let Some(credential) = crate::web::cookies::get(&headers, super::service::DEVICE_COOKIE) else {
        return Ok(KioskScreen::NotEnrolled);
    };
    let k = match super::service::device(&st, &credential).await {
        Ok(k) => k,
        Err(AppError::Forbidden) => return Ok(KioskScreen::Revoked),
        Err(AppError::Unauthorized) => return Ok(KioskScreen::NotEnrolled),
        Err(e) => return Err(e.into()),
    };
    let unit_name = crate::units::repo::unit_by_id(&st.db, k.unit_id)
        .await?
        .map(|u| u.name)
        .unwrap_or_default();
    let mut services = Vec::new();
    for code in k.service_codes.split(',') {
        if let Some(s) = crate::units::repo::find_service(&st.db, code).await? {
            services.push((s.code, s.name));
        }
    }
    let report_url = format!("{}/lapor", st.settings.public_base_url);
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
        idle_secs: st.settings.kiosk_idle_secs,
        report_qr: crate::poster::qr_svg(&report_url, 0.0, 0.0, 200.0),
        report_url,
    })
}

/// One kiosk in the console's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KioskRow {
    pub id: i32,
    pub name: String,
    pub unit_name: String,
    pub services: Vec<String>,
    pub enrolled: bool,
    pub last_contact_at: Option<chrono::DateTime<chrono::Utc>>,
    pub responses_today: i32,
    pub revoked: bool,
}

/// The console's kiosk page: the services it may register kiosks for (unit code, unit
/// name, service code, service name), and its kiosks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KioskAdmin {
    pub csrf: String,
    pub services: Vec<(String, String, String, String)>,
    pub kiosks: Vec<KioskRow>,
}

/// The kiosks of the signed-in admin or unit officer (403 for other roles).
#[server(prefix = "/sf", endpoint = "kiosk_admin")]
pub async fn load_kiosk_admin() -> Result<KioskAdmin, PageError> {
    use std::collections::HashMap;
    let (st, staff) = crate::accounts::auth::staff_session().await?;
    let kiosks = super::service::list(&st, &staff).await?;
    let allowed = super::service::kiosk_units(&st, &staff).await?;
    let units = crate::units::repo::all_units(&st.db).await?;
    let unit_of: HashMap<i32, (String, String)> = units
        .iter()
        .map(|u| (u.id, (u.code.clone(), u.name.clone())))
        .collect();
    let mut services: Vec<(String, String, String, String)> =
        crate::units::repo::all_services(&st.db)
            .await?
            .into_iter()
            .filter(|s| s.active && allowed.as_ref().is_none_or(|a| a.contains(&s.unit_id)))
            .filter_map(|s| {
                let (unit_code, unit_name) = unit_of.get(&s.unit_id)?.clone();
                Some((unit_code, unit_name, s.code, s.name))
            })
            .collect();
    services.sort();
    let today = crate::clock::today();
    Ok(KioskAdmin {
        csrf: staff.csrf.clone(),
        services,
        kiosks: kiosks
            .into_iter()
            .map(|k| KioskRow {
                id: k.id,
                name: k.name,
                unit_name: unit_of
                    .get(&k.unit_id)
                    .map(|u| u.1.clone())
                    .unwrap_or_default(),
                services: k.service_codes.split(',').map(str::to_string).collect(),
                enrolled: k.device_hash.is_some(),
                last_contact_at: k.last_contact_at,
                responses_today: if k.count_day == Some(today) {
                    k.count_today
                } else {
                    0
                },
                revoked: k.revoked_at.is_some(),
            })
            .collect(),
    })
}
