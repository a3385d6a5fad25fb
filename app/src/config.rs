//! Typed settings, read once from the environment at start (see `.env.example`).

use std::net::SocketAddr;
use std::time::Duration;

/// What a bad setting looks like: the variable and why.
#[derive(Debug, thiserror::Error)]
#[error("setting {var} is invalid: {why}")]
pub struct SettingsError {
    pub var: &'static str,
    pub why: String,
}

/// Which demo data to load into an empty database.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DemoData {
    None,
    /// The Jambi units and services only: what a real deployment starts from.
    Units,
    /// Units, services and a few months of plausible responses.
    Full,
}

/// A rate limit: a burst, refilled at a sustained rate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Quota {
    pub burst: u32,
    pub per_minute: u32,
}

/// All settings of the server.
#[derive(Clone, Debug)]
pub struct Settings {
    pub database_url: String,
    pub site_addr: SocketAddr,
    /// Where the built site (style.css, pkg/) is served from.
    pub site_root: String,
    /// Public base URL printed in QR codes, without a trailing slash.
    pub public_base_url: String,
    pub demo_data: DemoData,
    pub survey_quota: Quota,
    /// Header carrying the client address when behind a trusted reverse proxy.
    pub trusted_client_ip_header: Option<String>,
    pub db_max_connections: u32,
    pub db_acquire_timeout: Duration,
    /// Whether cookies get the `Secure` attribute (behind TLS).
    pub secure_cookies: bool,
}

impl Settings {
    /// Reads every setting from the environment, with documented defaults.
    pub fn from_env() -> Result<Settings, SettingsError> {
        Self::from_lookup(|k| std::env::var(k).ok())
    }

    /// Reads every setting through `get` (the environment, or a map in tests).
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Settings, SettingsError> {
        let get = |k: &str| get(k).filter(|v| !v.trim().is_empty());
        let parse_num = |var: &'static str, default: u32| -> Result<u32, SettingsError> {
            match get(var) {
                None => Ok(default),
                Some(v) => v.trim().parse().map_err(|_| SettingsError {
                    var,
                    why: format!("'{v}' is not a whole number"),
                }),
            }
        };
        let site_addr_text = get("LEPTOS_SITE_ADDR").unwrap_or_else(|| "127.0.0.1:3000".into());
        let site_addr = site_addr_text.parse().map_err(|_| SettingsError {
            var: "LEPTOS_SITE_ADDR",
            why: format!("'{site_addr_text}' is not host:port"),
        })?;
        let demo_data = match get("SUARA_DEMO_DATA").as_deref() {
            None | Some("0") | Some("none") => DemoData::None,
            Some("units") => DemoData::Units,
            Some("1") | Some("full") => DemoData::Full,
            Some(other) => {
                return Err(SettingsError {
                    var: "SUARA_DEMO_DATA",
                    why: format!("'{other}' is not one of 0, units, 1"),
                });
            }
        };
        let database_url =
            get("DATABASE_URL").unwrap_or_else(|| "sqlite://data/suara.db?mode=rwc".into());
        if !(database_url.starts_with("sqlite:")
            || database_url.starts_with("postgres:")
            || database_url.starts_with("postgresql:"))
        {
            return Err(SettingsError {
                var: "DATABASE_URL",
                why: "only sqlite: and postgres: URLs are supported".into(),
            });
        }
        let public_base_url =
            get("SUARA_PUBLIC_URL").unwrap_or_else(|| format!("http://{site_addr}"));
        let survey_quota = Quota {
            burst: parse_num("SUARA_RATE_SURVEY_BURST", 10)?,
            per_minute: parse_num("SUARA_RATE_SURVEY_PER_MINUTE", 6)?,
        };
        if survey_quota.burst == 0 || survey_quota.per_minute == 0 {
            return Err(SettingsError {
                var: "SUARA_RATE_SURVEY_*",
                why: "quotas must be at least 1".into(),
            });
        }
        Ok(Settings {
            database_url,
            site_addr,
            site_root: get("LEPTOS_SITE_ROOT").unwrap_or_else(|| "target/site".into()),
            public_base_url: public_base_url.trim_end_matches('/').to_string(),
            demo_data,
            survey_quota,
            trusted_client_ip_header: get("SUARA_TRUSTED_IP_HEADER")
                .map(|h| h.to_ascii_lowercase()),
            db_max_connections: parse_num("SUARA_DB_MAX_CONNECTIONS", 10)?,
            db_acquire_timeout: Duration::from_secs(u64::from(parse_num(
                "SUARA_DB_ACQUIRE_TIMEOUT_SECS",
                8,
            )?)),
            secure_cookies: public_base_url.starts_with("https://"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn settings(pairs: &[(&str, &str)]) -> Result<Settings, SettingsError> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Settings::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn defaults_give_a_local_sqlite_portal_on_port_3000() {
        let s = settings(&[]).unwrap();
        assert!(s.database_url.starts_with("sqlite://data/"));
        assert_eq!(s.site_addr.to_string(), "127.0.0.1:3000");
        assert_eq!(s.public_base_url, "http://127.0.0.1:3000");
        assert_eq!(s.demo_data, DemoData::None);
        assert!(!s.secure_cookies);
    }

    #[test]
    fn bad_values_stop_the_start_naming_the_variable() {
        assert_eq!(
            settings(&[("LEPTOS_SITE_ADDR", "nowhere")])
                .unwrap_err()
                .var,
            "LEPTOS_SITE_ADDR"
        );
        assert_eq!(
            settings(&[("SUARA_RATE_SURVEY_BURST", "lots")])
                .unwrap_err()
                .var,
            "SUARA_RATE_SURVEY_BURST"
        );
        assert_eq!(
            settings(&[("DATABASE_URL", "mysql://x")]).unwrap_err().var,
            "DATABASE_URL"
        );
        assert_eq!(
            settings(&[("SUARA_DEMO_DATA", "yes")]).unwrap_err().var,
            "SUARA_DEMO_DATA"
        );
    }

    #[test]
    fn an_https_public_url_turns_on_secure_cookies() {
        let s = settings(&[("SUARA_PUBLIC_URL", "https://suara.jambiprov.go.id/")]).unwrap();
        assert_eq!(s.public_base_url, "https://suara.jambiprov.go.id");
        assert!(s.secure_cookies);
    }
}
