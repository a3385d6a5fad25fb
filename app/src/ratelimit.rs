//! Rate limits on public writes, per client address, as data: one enum of limited actions,
//! each with its quota from the settings and the message the user sees.

use crate::config::{Quota, Settings};
use crate::i18n::Lang;
use crate::state::AppState;
use crate::web::error::AppError;
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
    /// Reading a report by its tracking code or public id (status page, API, Open311).
    TrackingLookup,
    /// Trying a reply key (the reporter answering, adding information, reopening).
    ReplyKey,
    /// Sending files after filing (the reporter's evidence on a proven report).
    Upload,
}

/// The limiters of every action.
pub struct RateLimits {
    survey: DefaultKeyedRateLimiter<IpAddr>,
    complaint: DefaultKeyedRateLimiter<IpAddr>,
    lookup: DefaultKeyedRateLimiter<IpAddr>,
    reply_key: DefaultKeyedRateLimiter<IpAddr>,
    upload: DefaultKeyedRateLimiter<IpAddr>,
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
            lookup: limiter(s.lookup_quota),
            reply_key: limiter(s.key_quota),
            upload: limiter(s.upload_quota),
        }
    }

    /// Counts one attempt; `Err(seconds)` tells how long to wait when over the quota.
    pub fn check(&self, action: LimitedAction, client: IpAddr) -> Result<(), u64> {
        let l = match action {
            LimitedAction::SurveySubmit => &self.survey,
            LimitedAction::ComplaintSubmit => &self.complaint,
            LimitedAction::TrackingLookup => &self.lookup,
            LimitedAction::ReplyKey => &self.reply_key,
            LimitedAction::Upload => &self.upload,
        };
        l.check_key(&limit_key(client)).map_err(|not_until| {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            wait.as_secs() + u64::from(wait.subsec_nanos() > 0)
        })
    }

    /// Forgets idle clients so memory stays bounded.
    pub fn shrink(&self) {
        for l in [
            &self.survey,
            &self.complaint,
            &self.lookup,
            &self.reply_key,
            &self.upload,
        ] {
            l.retain_recent();
            l.shrink_to_fit();
        }
    }
}

/// The client address: from the trusted proxy header when one is configured and the peer
/// is one of `SUARA_TRUSTED_PROXIES`, else the peer.
///
/// Entries at the left of `X-Forwarded-For` are whatever the client sent; each proxy appends
/// the address it received the request from. Read from the right (every header line, in
/// order), the first entry is the client unless it is itself a trusted proxy (a CDN in
/// front of HAProxy), in which case the next one is read, up to `hops` entries. A header
/// with too few entries, or an entry that is not an address, falls back to the peer.
pub fn client_ip(settings: &Settings, headers: &HeaderMap, peer: Option<SocketAddr>) -> IpAddr {
    let fallback = peer.map(|p| p.ip()).unwrap_or(IpAddr::from([0, 0, 0, 0]));
    let Some(name) = settings.trusted_client_ip_header.as_deref() else {
        return fallback;
    };
    let trusted = |ip: IpAddr| {
        let ip = canonical(ip);
        settings.trusted_proxies.iter().any(|n| n.contains(&ip))
    };
    if !trusted(fallback) {
        return fallback;
    }
    let entries: Vec<&str> = headers
        .get_all(name)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .collect();
    let hops = usize::try_from(settings.trusted_proxy_hops.max(1)).unwrap_or(1);
    for (i, entry) in entries.iter().rev().enumerate() {
        // An address, or one written with its port (`203.0.113.7:5000`, `[2001:db8::1]:443`).
        let Some(ip) = entry
            .parse::<IpAddr>()
            .or_else(|_| entry.parse::<SocketAddr>().map(|s| s.ip()))
            .ok()
        else {
            return fallback;
        };
        if i + 1 == hops || !trusted(ip) {
            return canonical(ip);
        }
    }
    fallback
}

/// An IPv4 address written as IPv6 (`::ffff:192.0.2.1`) as the IPv4 address it is.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

/// The key a client's limits are counted under: its IPv4 address, or its IPv6 /64. One
/// home connection or phone gets a whole /64 and may pick any address in it, so counting
/// per address would give it 2^64 quotas.
pub fn limit_key(ip: IpAddr) -> IpAddr {
    match canonical(ip) {
        IpAddr::V6(v6) => {
            let s = v6.segments();
            IpAddr::V6(std::net::Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
        }
        v4 => v4,
    }
}

/// Middleware limiting POSTs of survey submissions.
pub async fn limit_survey(State(state): State<AppState>, req: Request, next: Next) -> Response {
    limit(LimitedAction::SurveySubmit, state, req, next).await
}

/// Middleware limiting POSTs of complaints.
pub async fn limit_complaint(State(state): State<AppState>, req: Request, next: Next) -> Response {
    limit(LimitedAction::ComplaintSubmit, state, req, next).await
}

/// The server functions that answer a tracking code or an enrolment token (called by the
/// pages' islands with POST, or by anyone who finds their address).
const LOOKUP_FUNCTIONS: [&str; 3] = [
    "/sf/complaint_status",
    "/sf/receipt_key",
    "/sf/kiosk_enrol_preview",
];

/// Whether a request answers something about one report by its tracking code or public id:
/// reading it (GET, and HEAD, which answers like GET without the body), and the reporter's
/// writes under its code, whose refusals (404 for an unknown code, the status page shown
/// again) tell as much as a read.
fn is_lookup(req: &Request) -> bool {
    let path = req.uri().path();
    if LOOKUP_FUNCTIONS.contains(&path) {
        return true;
    }
    let by_query = path == "/lacak" && req.uri().query().is_some_and(|q| q.contains("kode="));
    by_query
        || path.strip_prefix("/lacak/").is_some_and(|c| !c.is_empty())
        || path
            .strip_prefix("/api/v1/complaints/")
            .is_some_and(|c| !c.is_empty())
        || path
            .strip_prefix("/open311/v2/requests/")
            .is_some_and(|c| !c.is_empty())
}

/// Middleware limiting lookups of reports by tracking code, per address, so that codes
/// cannot be guessed at speed (the status page, its server functions, the API and Open311
/// by id).
pub async fn limit_lookups(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if !is_lookup(&req) {
        return next.run(req).await;
    }
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0);
    let ip = client_ip(&state.settings, req.headers(), peer);
    match state.limits.check(LimitedAction::TrackingLookup, ip) {
        Ok(()) => next.run(req).await,
        Err(secs) => {
            tracing::info!(%ip, "tracking-code lookups over the quota");
            too_many(req.headers(), secs)
        }
    }
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
    if !crate::web::render::wants_html(headers) {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(header: Option<&str>, hops: &str) -> Settings {
        let mut env = vec![
            ("SUARA_TRUSTED_PROXY_HOPS", hops),
            (
                "SUARA_TRUSTED_PROXIES",
                "10.0.0.0/8, 172.16.0.0/12, 2001:db8:ffff::1",
            ),
        ];
        if let Some(h) = header {
            env.push(("SUARA_TRUSTED_IP_HEADER", h));
        }
        Settings::from_lookup(|k| {
            env.iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        })
        .expect("settings")
    }

    fn forwarded(lines: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for l in lines {
            h.append("x-forwarded-for", HeaderValue::from_str(l).unwrap());
        }
        h
    }

    const PEER: &str = "10.0.0.2:40000";

    #[test]
    fn the_address_the_trusted_proxy_appended_is_the_client_not_what_the_client_wrote() {
        let s = settings(Some("X-Forwarded-For"), "1");
        let peer = PEER.parse().ok();
        let ip = |lines: &[&str]| client_ip(&s, &forwarded(lines), peer).to_string();
        assert_eq!(ip(&["203.0.113.7"]), "203.0.113.7");
        assert_eq!(
            ip(&["1.2.3.4, 203.0.113.7"]),
            "203.0.113.7",
            "forged left entry ignored"
        );
        assert_eq!(
            ip(&["1.2.3.4", "203.0.113.7"]),
            "203.0.113.7",
            "header lines in order"
        );
        assert_eq!(ip(&[]), "10.0.0.2", "no header: the peer");
        assert_eq!(ip(&["1.2.3.4, not-an-ip"]), "10.0.0.2");
    }

    #[test]
    fn with_two_trusted_proxies_the_second_entry_from_the_right_is_the_client() {
        let s = settings(Some("x-forwarded-for"), "2");
        let peer = PEER.parse().ok();
        let ip = |lines: &[&str]| client_ip(&s, &forwarded(lines), peer).to_string();
        assert_eq!(ip(&["9.9.9.9, 203.0.113.7, 172.16.0.1"]), "203.0.113.7");
        assert_eq!(ip(&["172.16.0.1"]), "10.0.0.2", "too few entries: the peer");
    }

    #[test]
    fn the_header_is_believed_only_from_a_trusted_proxy() {
        let s = settings(Some("X-Forwarded-For"), "1");
        let h = forwarded(&["203.0.113.7"]);
        let from = |peer: &str| client_ip(&s, &h, peer.parse().ok()).to_string();
        assert_eq!(from("10.9.8.7:5000"), "203.0.113.7", "inside 10.0.0.0/8");
        assert_eq!(
            from("[2001:db8:ffff::1]:5000"),
            "203.0.113.7",
            "a single address"
        );
        assert_eq!(
            from("198.51.100.9:5000"),
            "198.51.100.9",
            "a client talking to the server directly writes what it likes: ignored"
        );
        assert_eq!(from("[2001:db8:ffff::2]:5000"), "2001:db8:ffff::2");
        // Not set: a proxy on the same machine only.
        let local = Settings::from_lookup(|k| {
            (k == "SUARA_TRUSTED_IP_HEADER").then(|| "x-forwarded-for".to_string())
        })
        .expect("settings");
        let ip = |peer: &str| client_ip(&local, &h, peer.parse().ok()).to_string();
        assert_eq!(ip("127.0.0.1:5000"), "203.0.113.7");
        assert_eq!(ip("10.0.0.2:5000"), "10.0.0.2");
        assert!(
            Settings::from_lookup(|k| (k == "SUARA_TRUSTED_PROXIES").then(|| "10.0.0.0/33".into()))
                .is_err()
        );
    }

    #[test]
    fn with_two_hops_a_client_that_skipped_the_cdn_is_still_the_client() {
        let s = settings(Some("x-forwarded-for"), "2");
        let ip = |lines: &[&str]| client_ip(&s, &forwarded(lines), PEER.parse().ok()).to_string();
        assert_eq!(ip(&["1.2.3.4, 203.0.113.7"]), "203.0.113.7");
        assert_eq!(ip(&["203.0.113.7:5000"]), "203.0.113.7", "with a port");
        assert_eq!(ip(&["[2001:db8::7]:443"]), "2001:db8::7");
    }

    #[test]
    fn limits_count_ipv6_per_64_and_mapped_ipv4_as_ipv4() {
        let key = |a: &str| limit_key(a.parse().unwrap()).to_string();
        assert_eq!(key("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::");
        assert_eq!(key("2001:db8:1:2:ffff:1:2:3"), "2001:db8:1:2::");
        assert_ne!(key("2001:db8:1:3::1"), key("2001:db8:1:2::1"));
        assert_eq!(key("::ffff:203.0.113.7"), "203.0.113.7");
        assert_eq!(key("203.0.113.7"), "203.0.113.7");
        // The limiter itself: a burst of one per /64.
        let s = Settings::from_lookup(|k| {
            (k == "SUARA_RATE_LOOKUP_BURST" || k == "SUARA_RATE_LOOKUP_PER_MINUTE")
                .then(|| "1".to_string())
        })
        .expect("settings");
        let l = RateLimits::new(&s);
        let ip = |a: &str| a.parse::<IpAddr>().unwrap();
        assert!(
            l.check(LimitedAction::TrackingLookup, ip("2001:db8:1:2::1"))
                .is_ok()
        );
        assert!(
            l.check(LimitedAction::TrackingLookup, ip("2001:db8:1:2::99"))
                .is_err(),
            "another address of the same /64"
        );
        assert!(
            l.check(LimitedAction::TrackingLookup, ip("2001:db8:1:3::1"))
                .is_ok()
        );
    }

    #[test]
    fn without_a_trusted_header_the_peer_is_the_client_whatever_is_sent() {
        let s = settings(None, "1");
        let ip = client_ip(&s, &forwarded(&["1.2.3.4"]), PEER.parse().ok());
        assert_eq!(ip.to_string(), "10.0.0.2");
    }
}
