//! Rate limits on public writes, per client address, as data: one enum of limited actions,
//! each with its quota from the settings and the message the user sees.

use crate::config::{Quota, Settings};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::state::AppState;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota as GQuota, RateLimiter};
use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;

/// An action whose rate is limited per client.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LimitedAction {
    /// Submitting a survey response (form or API).
    SurveySubmit,
    /// Filing a complaint (form, API or Open311).
    ComplaintSubmit,
}

/// The limiters of every action.
pub struct RateLimits {
    survey: DefaultKeyedRateLimiter<IpAddr>,
    complaint: DefaultKeyedRateLimiter<IpAddr>,
}

fn limiter(q: Quota) -> DefaultKeyedRateLimiter<IpAddr> {
    let per_minute = NonZeroU32::new(q.per_minute).unwrap_or(NonZeroU32::MIN);
    let burst = NonZeroU32::new(q.burst).unwrap_or(NonZeroU32::MIN);
    RateLimiter::keyed(GQuota::per_minute(per_minute).allow_burst(burst))
}

impl RateLimits {
    /// Limiters with the quotas of the settings.
    pub fn new(s: &Settings) -> RateLimits {
        RateLimits {
            survey: limiter(s.survey_quota),
            complaint: limiter(s.complaint_quota),
        }
    }

    /// Counts one attempt; `Err(seconds)` tells how long to wait when over the quota.
    pub fn check(&self, action: LimitedAction, client: IpAddr) -> Result<(), u64> {
        let l = match action {
            LimitedAction::SurveySubmit => &self.survey,
            LimitedAction::ComplaintSubmit => &self.complaint,
        };
        l.check_key(&client).map_err(|not_until| {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            wait.as_secs() + u64::from(wait.subsec_nanos() > 0)
        })
    }

    /// Forgets idle clients so memory stays bounded.
    pub fn shrink(&self) {
        for l in [&self.survey, &self.complaint] {
            l.retain_recent();
            l.shrink_to_fit();
        }
    }
}

/// The client address: from the trusted proxy header when one is configured, else the peer.
pub fn client_ip(settings: &Settings, headers: &HeaderMap, peer: Option<SocketAddr>) -> IpAddr {
    settings
        .trusted_client_ip_header
        .as_deref()
        .and_then(|h| headers.get(h))
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .and_then(|v| v.trim().parse().ok())
        .or(peer.map(|p| p.ip()))
        .unwrap_or(IpAddr::from([0, 0, 0, 0]))
}

/// Middleware limiting POSTs of survey submissions.
pub async fn limit_survey(State(state): State<AppState>, req: Request, next: Next) -> Response {
    limit(LimitedAction::SurveySubmit, state, req, next).await
}

/// Middleware limiting POSTs of complaints.
pub async fn limit_complaint(State(state): State<AppState>, req: Request, next: Next) -> Response {
    limit(LimitedAction::ComplaintSubmit, state, req, next).await
}

async fn limit(action: LimitedAction, state: AppState, req: Request, next: Next) -> Response {
    if req.method() != axum::http::Method::POST {
        return next.run(req).await;
    }
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0);
    let ip = client_ip(&state.settings, req.headers(), peer);
    match state.limits.check(action, ip) {
        Ok(()) => next.run(req).await,
        Err(secs) => too_many(req.headers(), secs),
    }
}

/// A 429 with `Retry-After`: a readable page for browsers, JSON for API clients.
fn too_many(headers: &HeaderMap, secs: u64) -> Response {
    let wants_html = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("text/html"));
    if !wants_html {
        return AppError::RateLimited {
            retry_after_secs: secs,
        }
        .into_response();
    }
    let lang = Lang::from_headers(headers);
    let title = crate::tr!(lang, "ratelimit.title");
    let msg = crate::tr!(lang, "error.rate_limited", seconds = secs);
    let body = format!(
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" \
         content=\"width=device-width, initial-scale=1\"><title>{title}</title><link rel=\"stylesheet\" \
         href=\"/style.css\"></head><body><main class=\"page\"><h1>{title}</h1><p class=\"notice\">{msg}</p>\
         <p><a href=\"/\">Suara</a></p></main></body></html>",
        lang.code()
    );
    let mut r = (StatusCode::TOO_MANY_REQUESTS, Html(body)).into_response();
    r.headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(secs));
    r
}
