//! Typed settings, read once from the environment at start (see `.env.example`).

use crate::crypto::SecretKey;
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

/// Development is forgiving (mail to files, a generated key file); production refuses to
/// start without SMTP and a secret key from the environment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Environment {
    Development,
    Production,
}

/// Mail settings.
#[derive(Clone, Debug)]
pub struct MailSettings {
    /// `SMTP_URL`; without it mail is written to `dir` as files (development only).
    pub smtp_url: Option<Secret>,
    pub dir: String,
    pub from: String,
    /// Domain of the Message-IDs we create: the sender's.
    pub message_domain: String,
    /// Shared mailbox of the Inspektorat, alerted when no inspector account covers a unit.
    pub inspectorate: Option<String>,
    pub retry_base: Duration,
    pub max_attempts: i32,
    pub poll: Duration,
    /// How long a sender holds a message it claimed (`SUARA_MAIL_LEASE_SECS`).
    pub lease: Duration,
}

/// A secret setting (a token, a key, a URL that may carry a password): kept as text,
/// printed as `***`, handed on only through [`Secret::expose`].
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    pub fn new(text: impl Into<String>) -> Secret {
        Secret(text.into())
    }

    /// The text itself, for the one place that hands it on (a client, a connection).
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether `sent` is this secret, compared as SHA-256 digests so that the time taken
    /// says nothing about where they differ.
    pub fn matches(&self, sent: &str) -> bool {
        use sha2::{Digest, Sha256};
        Sha256::digest(self.0.as_bytes()) == Sha256::digest(sent.as_bytes())
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("***")
    }
}

impl PartialEq<&str> for Secret {
    fn eq(&self, other: &&str) -> bool {
        self.matches(other)
    }
}

impl From<String> for Secret {
    fn from(text: String) -> Secret {
        Secret(text)
    }
}

/// S3-compatible object storage, read from the standard `AWS_*` variables.
#[derive(Clone, Debug, Default)]
pub struct S3Settings {
    /// `AWS_ENDPOINT_URL` (or `AWS_ENDPOINT`): MinIO, Ceph, a provider's S3; unset for AWS.
    pub endpoint: Option<String>,
    pub region: Option<String>,
    pub access_key_id: Option<String>,
    pub secret_access_key: Option<Secret>,
    /// `AWS_ALLOW_HTTP=true`, or an `http://` endpoint.
    pub allow_http: bool,
}

/// How long personal data of a complaint is kept after the case ended (closed, rejected
/// or merged), in days. The reasoning behind the defaults is in `.env.example`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Retention {
    /// The reporter's sealed identity and address.
    pub identity_days: u32,
    /// Evidence files (the report's and the conversation's).
    pub files_days: u32,
    /// The conversation: questions, answers, added information, comments, objections and
    /// the Inspectorate's replies.
    pub conversation_days: u32,
    /// The report's own words: what happened, who, where, when and how.
    pub report_days: u32,
    /// Mail already sent (or given up on), counted from when it was queued.
    pub mail_days: u32,
}

/// All settings of the server.
#[derive(Clone, Debug)]
pub struct Settings {
    pub environment: Environment,
    /// Master secret; `None` in development means a key file under `data/` is used.
    pub secret_key: Option<SecretKey>,
    pub mail: MailSettings,
    /// Evidence store: a folder, or `s3://bucket/prefix`.
    pub storage_url: String,
    pub s3: S3Settings,
    pub complaint_quota: Quota,
    /// Lookups of a report by its tracking code (status page, API, Open311 by id).
    pub lookup_quota: Quota,
    /// Reply-key attempts per address (the reporter writing on their report).
    pub key_quota: Quota,
    /// Requests carrying files after filing (the reporter adding evidence), per address.
    pub upload_quota: Quota,
    /// Seconds a person needs at least to fill the complaint form.
    pub min_fill_secs: i64,
    /// Keys accepted by the Open311 `POST requests` endpoint.
    pub open311_keys: Vec<Secret>,
    /// Bearer tokens for automation on the admin API (survey import, training programs),
    /// from `SUARA_API_TOKENS`, comma-separated; none by default.
    pub api_tokens: Vec<Secret>,
    /// The bearer token `/metrics` asks for (`SUARA_METRICS_TOKEN`); without one there is no
    /// `/metrics`.
    pub metrics_token: Option<Secret>,
    /// How often the daily work (automatic closing, overdue digest, retention) is looked at.
    pub jobs_interval: Duration,
    pub retention: Retention,
    /// Least seconds between two responses from one kiosk (a person needs more to answer).
    pub kiosk_min_interval_secs: u32,
    /// Most responses one kiosk stores in a day (WIB).
    pub kiosk_daily_cap: u32,
    /// Seconds a kiosk's questionnaire may stay untouched before it starts again, so the
    /// next person never sees the previous one's answers.
    pub kiosk_idle_secs: u32,
    pub database_url: Secret,
    pub site_addr: SocketAddr,
    /// Where the built site (style.css, pkg/) is served from.
    pub site_root: String,
    /// Public base URL printed in QR codes, without a trailing slash.
    pub public_base_url: String,
    pub demo_data: DemoData,
    pub survey_quota: Quota,
    /// Header carrying the client address when behind a trusted reverse proxy.
    pub trusted_client_ip_header: Option<String>,
    /// How many trusted proxies append to that header: the client is the address the
    /// outermost of them appended (counted from the right), never one the client wrote.
    pub trusted_proxy_hops: u32,
    /// The addresses the header is believed from (the proxies in front of the server):
    /// from any other peer the header is ignored. Loopback when not set.
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// The server's today (WIB) for tests and demos (`SUARA_TODAY`); `None`: the real one.
    /// Refused in production.
    pub today: Option<chrono::NaiveDate>,
    /// A staff session unused this long ends (beside the 12 hours from sign-in).
    pub staff_idle: Duration,
    pub db_max_connections: u32,
    pub db_acquire_timeout: Duration,
    /// How long the province-wide figures (every unit's index, the province's, its trend)
    /// are kept before they are added up again (`SUARA_FIGURES_MAX_AGE_SECS`, default 60;
    /// 0 adds them up for every reader).
    pub figures_max_age: Duration,
    /// Whether cookies get the `Secure` attribute (behind TLS).
    pub secure_cookies: bool,
    /// Whether responses carry `Strict-Transport-Security` (served over TLS).
    pub hsts: bool,
    /// The printed SKM report's letterhead and signature place.
    pub report: ReportSettings,
}

/// The official SKM report's letterhead: the government's name (`SUARA_REPORT_AUTHORITY`),
/// the place written before the signing date (`SUARA_REPORT_PLACE`) and an optional logo
/// (`SUARA_REPORT_LOGO`, a PNG or JPEG file read once at start).
#[derive(Clone, Debug)]
pub struct ReportSettings {
    pub authority: String,
    pub place: String,
    pub logo: Option<ReportLogo>,
}

/// A logo file's bytes and their type, checked by content.
#[derive(Clone)]
pub struct ReportLogo {
    pub bytes: std::sync::Arc<Vec<u8>>,
    pub content_type: &'static str,
}

impl std::fmt::Debug for ReportLogo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} of {} bytes", self.content_type, self.bytes.len())
    }
}

/// The largest logo file accepted.
pub const MAX_LOGO_BYTES: usize = 512 * 1024;

impl ReportLogo {
    /// Reads the logo at `path`: a PNG or a JPEG (by its first bytes, whatever its name) of
    /// at most [`MAX_LOGO_BYTES`].
    pub fn read(path: &str) -> Result<ReportLogo, String> {
        let bytes = std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}"))?;
        if bytes.len() > MAX_LOGO_BYTES {
            return Err(format!(
                "{path} has {} bytes; at most {MAX_LOGO_BYTES}",
                bytes.len()
            ));
        }
        let content_type = if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            "image/png"
        } else if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
            "image/jpeg"
        } else {
            return Err(format!("{path} is neither a PNG nor a JPEG"));
        };
        Ok(ReportLogo {
            bytes: std::sync::Arc::new(bytes),
            content_type,
        })
    }
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
            burst: parse_num("SUARA_RATE_SURVEY_BURST", 60)?,
            per_minute: parse_num("SUARA_RATE_SURVEY_PER_MINUTE", 30)?,
        };
        let complaint_quota = Quota {
            burst: parse_num("SUARA_RATE_COMPLAINT_BURST", 5)?,
            per_minute: parse_num("SUARA_RATE_COMPLAINT_PER_MINUTE", 2)?,
        };
        let lookup_quota = Quota {
            burst: parse_num("SUARA_RATE_LOOKUP_BURST", 20)?,
            per_minute: parse_num("SUARA_RATE_LOOKUP_PER_MINUTE", 10)?,
        };
        let key_quota = Quota {
            burst: parse_num("SUARA_RATE_KEY_BURST", 10)?,
            per_minute: parse_num("SUARA_RATE_KEY_PER_MINUTE", 5)?,
        };
        let upload_quota = Quota {
            burst: parse_num("SUARA_RATE_UPLOAD_BURST", 5)?,
            per_minute: parse_num("SUARA_RATE_UPLOAD_PER_MINUTE", 3)?,
        };
        for (var, q) in [
            ("SUARA_RATE_UPLOAD_*", upload_quota),
            ("SUARA_RATE_KEY_*", key_quota),
            ("SUARA_RATE_SURVEY_*", survey_quota),
            ("SUARA_RATE_COMPLAINT_*", complaint_quota),
            ("SUARA_RATE_LOOKUP_*", lookup_quota),
        ] {
            if q.burst == 0 || q.per_minute == 0 {
                return Err(SettingsError {
                    var,
                    why: "quotas must be at least 1".into(),
                });
            }
        }
        let environment = match get("SUARA_ENV").as_deref() {
            None | Some("development") => Environment::Development,
            Some("production") => Environment::Production,
            Some(other) => {
                return Err(SettingsError {
                    var: "SUARA_ENV",
                    why: format!("'{other}' is not development or production"),
                });
            }
        };
        let today = match get("SUARA_TODAY") {
            None => None,
            Some(_) if environment == Environment::Production => {
                return Err(SettingsError {
                    var: "SUARA_TODAY",
                    why: "a test clock is refused in production".into(),
                });
            }
            Some(v) => Some(
                chrono::NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d").map_err(|_| {
                    SettingsError {
                        var: "SUARA_TODAY",
                        why: format!("'{v}' is not a date like 2027-03-15"),
                    }
                })?,
            ),
        };
        let secret_key = get("SUARA_SECRET_KEY")
            .map(|k| {
                SecretKey::parse(&k).map_err(|why| SettingsError {
                    var: "SUARA_SECRET_KEY",
                    why,
                })
            })
            .transpose()?;
        let smtp_url = get("SMTP_URL").map(Secret);
        if environment == Environment::Production {
            if smtp_url.is_none() {
                return Err(SettingsError {
                    var: "SMTP_URL",
                    why: "production needs an SMTP server; mail would otherwise be lost".into(),
                });
            }
            if secret_key.is_none() {
                return Err(SettingsError {
                    var: "SUARA_SECRET_KEY",
                    why: "production needs the key from the environment (generate one with `openssl rand -base64 32`)".into(),
                });
            }
        }
        let host = public_base_url
            .split("://")
            .nth(1)
            .unwrap_or("localhost")
            .split(['/', ':'])
            .next()
            .unwrap_or("localhost")
            .to_string();
        let from = get("SUARA_MAIL_FROM").unwrap_or_else(|| format!("Suara <no-reply@{host}>"));
        let message_domain = from
            .rsplit('@')
            .next()
            .unwrap_or("localhost")
            .trim_end_matches('>')
            .to_string();
        let mail = MailSettings {
            smtp_url,
            dir: get("SUARA_MAIL_DIR").unwrap_or_else(|| "data/mail".into()),
            from,
            message_domain,
            inspectorate: get("SUARA_INSPECTORATE_EMAIL"),
            retry_base: Duration::from_secs(u64::from(
                parse_num("SUARA_MAIL_RETRY_BASE_SECS", 30)?.max(1),
            )),
            max_attempts: i32::try_from(parse_num("SUARA_MAIL_MAX_ATTEMPTS", 12)?.max(1))
                .unwrap_or(12),
            poll: Duration::from_secs(u64::from(parse_num("SUARA_MAIL_POLL_SECS", 30)?.max(1))),
            lease: Duration::from_secs(u64::from(parse_num("SUARA_MAIL_LEASE_SECS", 120)?.max(5))),
        };
        Ok(Settings {
            environment,
            secret_key,
            mail,
            storage_url: get("SUARA_STORAGE_URL").unwrap_or_else(|| "data/evidence".into()),
            s3: {
                let endpoint = get("AWS_ENDPOINT_URL").or_else(|| get("AWS_ENDPOINT"));
                S3Settings {
                    allow_http: get("AWS_ALLOW_HTTP").is_some_and(|v| v == "true")
                        || endpoint
                            .as_deref()
                            .is_some_and(|e| e.starts_with("http://")),
                    endpoint,
                    region: get("AWS_REGION").or_else(|| get("AWS_DEFAULT_REGION")),
                    access_key_id: get("AWS_ACCESS_KEY_ID"),
                    secret_access_key: get("AWS_SECRET_ACCESS_KEY").map(Secret),
                }
            },
            complaint_quota,
            lookup_quota,
            key_quota,
            upload_quota,
            min_fill_secs: i64::from(parse_num("SUARA_MIN_FILL_SECS", 5)?),
            jobs_interval: Duration::from_secs(u64::from(
                parse_num("SUARA_JOBS_INTERVAL_SECS", 600)?.max(10),
            )),
            retention: Retention {
                identity_days: parse_num("SUARA_RETAIN_IDENTITY_DAYS", 365)?,
                files_days: parse_num("SUARA_RETAIN_FILES_DAYS", 365)?,
                conversation_days: parse_num("SUARA_RETAIN_CONVERSATION_DAYS", 730)?,
                report_days: parse_num("SUARA_RETAIN_REPORT_DAYS", 730)?,
                mail_days: parse_num("SUARA_RETAIN_MAIL_DAYS", 30)?,
            },
            kiosk_min_interval_secs: parse_num("SUARA_KIOSK_MIN_INTERVAL_SECS", 20)?,
            kiosk_daily_cap: parse_num("SUARA_KIOSK_DAILY_CAP", 600)?,
            kiosk_idle_secs: parse_num("SUARA_KIOSK_IDLE_SECS", 60)?.max(1),
            open311_keys: list(get("OPEN311_API_KEYS"))
                .into_iter()
                .map(Secret)
                .collect(),
            api_tokens: list(get("SUARA_API_TOKENS"))
                .into_iter()
                .map(Secret)
                .collect(),
            metrics_token: get("SUARA_METRICS_TOKEN")
                .filter(|t| !t.trim().is_empty())
                .map(Secret),
            database_url: Secret(database_url),
            site_addr,
            site_root: get("LEPTOS_SITE_ROOT").unwrap_or_else(|| "target/site".into()),
            public_base_url: public_base_url.trim_end_matches('/').to_string(),
            demo_data,
            survey_quota,
            trusted_client_ip_header: get("SUARA_TRUSTED_IP_HEADER")
                .map(|h| h.to_ascii_lowercase()),
            trusted_proxy_hops: parse_num("SUARA_TRUSTED_PROXY_HOPS", 1)?.max(1),
            trusted_proxies: proxies(get("SUARA_TRUSTED_PROXIES"))?,
            today,
            staff_idle: Duration::from_secs(
                u64::from(parse_num("SUARA_STAFF_IDLE_MINUTES", 30)?.max(1)) * 60,
            ),
            db_max_connections: parse_num("SUARA_DB_MAX_CONNECTIONS", 10)?,
            db_acquire_timeout: Duration::from_secs(u64::from(parse_num(
                "SUARA_DB_ACQUIRE_TIMEOUT_SECS",
                8,
            )?)),
            figures_max_age: Duration::from_secs(u64::from(parse_num(
                "SUARA_FIGURES_MAX_AGE_SECS",
                60,
            )?)),
            secure_cookies: public_base_url.starts_with("https://"),
            hsts: match get("SUARA_HSTS").as_deref().map(str::trim) {
                Some("1" | "true" | "on") => true,
                Some("0" | "false" | "off") => false,
                Some(other) => {
                    return Err(SettingsError {
                        var: "SUARA_HSTS",
                        why: format!("{other:?} is not on or off"),
                    });
                }
                None => public_base_url.starts_with("https://"),
            },
            report: ReportSettings {
                authority: get("SUARA_REPORT_AUTHORITY")
                    .map(|a| a.trim().to_string())
                    .filter(|a| !a.is_empty())
                    .unwrap_or_else(|| "Pemerintah Provinsi Jambi".into()),
                place: get("SUARA_REPORT_PLACE")
                    .map(|a| a.trim().to_string())
                    .filter(|a| !a.is_empty())
                    .unwrap_or_else(|| "Jambi".into()),
                logo: match get("SUARA_REPORT_LOGO").filter(|p| !p.trim().is_empty()) {
                    None => None,
                    Some(path) => {
                        Some(ReportLogo::read(path.trim()).map_err(|why| SettingsError {
                            var: "SUARA_REPORT_LOGO",
                            why,
                        })?)
                    }
                },
            },
        })
    }
}

/// A comma-separated list, blanks dropped.
/// `SUARA_TRUSTED_PROXIES`: networks (`10.0.0.0/8`) or single addresses, comma-separated;
/// loopback (a proxy on the same machine) when not set.
fn proxies(v: Option<String>) -> Result<Vec<ipnet::IpNet>, SettingsError> {
    let items = list(v);
    if items.is_empty() {
        return Ok(vec![
            ipnet::IpNet::from(std::net::IpAddr::from([127, 0, 0, 1])),
            ipnet::IpNet::from(std::net::IpAddr::from(std::net::Ipv6Addr::LOCALHOST)),
        ]);
    }
    items
        .iter()
        .map(|t| {
            t.parse::<ipnet::IpNet>()
                .or_else(|_| t.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
                .map(|n| n.trunc())
                .map_err(|_| SettingsError {
                    var: "SUARA_TRUSTED_PROXIES",
                    why: format!("'{t}' is neither an address nor a network like 10.0.0.0/8"),
                })
        })
        .collect()
}

fn list(v: Option<String>) -> Vec<String> {
    v.map(|v| {
        v.split(',')
            .map(|k| k.trim().to_string())
            .filter(|k| !k.is_empty())
            .collect()
    })
    .unwrap_or_default()
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
    fn the_report_logo_must_be_a_png_or_jpeg_of_reasonable_size() {
        let dir = std::env::temp_dir().join(format!("suara-logo-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let at = |name: &str, bytes: &[u8]| {
            let p = dir.join(name);
            std::fs::write(&p, bytes).unwrap();
            p.to_string_lossy().into_owned()
        };
        let png = include_bytes!("../../tests/fixtures/report-logo.png");
        let s = settings(&[("SUARA_REPORT_LOGO", &at("logo.png", png))]).unwrap();
        let logo = s.report.logo.unwrap();
        assert_eq!(logo.content_type, "image/png");
        assert_eq!(logo.bytes.as_slice(), png);
        assert_eq!(s.report.authority, "Pemerintah Provinsi Jambi");
        assert_eq!(s.report.place, "Jambi");
        // Named .png but an SVG (it could carry a script): refused, by its content.
        let svg = at("logo.png", b"<svg xmlns='http://www.w3.org/2000/svg'/>");
        let e = settings(&[("SUARA_REPORT_LOGO", &svg)]).unwrap_err();
        assert_eq!(e.var, "SUARA_REPORT_LOGO");
        let big = at(
            "big.jpg",
            &[&[0xff, 0xd8, 0xff][..], &vec![0; MAX_LOGO_BYTES]].concat(),
        );
        assert!(settings(&[("SUARA_REPORT_LOGO", &big)]).is_err());
        assert!(settings(&[("SUARA_REPORT_LOGO", "/no/such/logo.png")]).is_err());
        let s = settings(&[
            ("SUARA_REPORT_AUTHORITY", "Pemerintah Kota Jambi"),
            ("SUARA_REPORT_PLACE", "Kota Jambi"),
        ])
        .unwrap();
        assert_eq!(s.report.authority, "Pemerintah Kota Jambi");
        assert_eq!(s.report.place, "Kota Jambi");
        assert!(s.report.logo.is_none());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn secret_settings_print_as_stars_and_compare_whole() {
        let secrets = [
            (
                "SMTP_URL",
                "smtp://suara:sandi-surel@mail.jambiprov.go.id:587",
            ),
            ("SUARA_API_TOKENS", "token-otomasi-satu"),
            ("OPEN311_API_KEYS", "kunci-open-tiga"),
            ("SUARA_METRICS_TOKEN", "token-metrik-dua"),
            (
                "DATABASE_URL",
                "postgres://suara:sandi-basis@db.internal/suara",
            ),
            ("SUARA_STORAGE_URL", "s3://bukti/suara"),
            ("AWS_SECRET_ACCESS_KEY", "kunci-awan-rahasia"),
        ];
        let s = settings(&secrets).unwrap();
        let printed = format!("{s:?}");
        for (var, value) in secrets {
            let hidden = value
                .split(['@', '/', ':'])
                .filter(|p| p.starts_with("sandi") || p.contains("token") || p.contains("kunci"));
            for part in hidden {
                assert!(!printed.contains(part), "{var} printed: {printed}");
            }
        }
        assert!(printed.contains("***"));
        assert_eq!(s.database_url.expose(), secrets[4].1);
        assert!(s.api_tokens[0].matches("token-otomasi-satu"));
        assert!(!s.api_tokens[0].matches("token-otomasi-sat"));
        assert!(!s.api_tokens[0].matches("token-otomasi-satu "));
    }

    #[test]
    fn defaults_give_a_local_sqlite_portal_on_port_3000() {
        let s = settings(&[]).unwrap();
        assert!(s.database_url.expose().starts_with("sqlite://data/"));
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
    fn production_refuses_to_start_without_smtp_or_a_key() {
        assert_eq!(
            settings(&[("SUARA_ENV", "production")]).unwrap_err().var,
            "SMTP_URL"
        );
        assert_eq!(
            settings(&[
                ("SUARA_ENV", "production"),
                ("SMTP_URL", "smtp://127.0.0.1:25")
            ])
            .unwrap_err()
            .var,
            "SUARA_SECRET_KEY"
        );
        let key = crate::crypto::SecretKey::generate().to_base64();
        let s = settings(&[
            ("SUARA_ENV", "production"),
            ("SMTP_URL", "smtp://127.0.0.1:25"),
            ("SUARA_SECRET_KEY", &key),
            ("SUARA_PUBLIC_URL", "https://suara.jambiprov.go.id"),
        ])
        .unwrap();
        assert_eq!(s.mail.from, "Suara <no-reply@suara.jambiprov.go.id>");
        assert_eq!(s.mail.message_domain, "suara.jambiprov.go.id");
        assert!(format!("{s:?}").contains("SecretKey(hidden)"));
        assert!(!format!("{s:?}").contains(&key));
    }

    #[test]
    fn a_test_clock_is_a_date_and_refused_in_production() {
        let s = settings(&[("SUARA_TODAY", "2027-03-15")]).unwrap();
        assert_eq!(s.today, chrono::NaiveDate::from_ymd_opt(2027, 3, 15));
        assert_eq!(settings(&[]).unwrap().today, None);
        assert_eq!(
            settings(&[("SUARA_TODAY", "15-03-2027")]).unwrap_err().var,
            "SUARA_TODAY"
        );
        assert_eq!(
            settings(&[("SUARA_ENV", "production"), ("SUARA_TODAY", "2027-03-15")])
                .unwrap_err()
                .var,
            "SUARA_TODAY"
        );
    }

    #[test]
    fn development_mails_to_files_and_open311_keys_are_a_list() {
        let s = settings(&[("OPEN311_API_KEYS", "abc, def ,")]).unwrap();
        assert_eq!(s.environment, Environment::Development);
        assert!(s.mail.smtp_url.is_none());
        assert_eq!(s.open311_keys, ["abc", "def"]);
        assert_eq!(
            s.complaint_quota,
            Quota {
                burst: 5,
                per_minute: 2
            }
        );
    }

    #[test]
    fn an_https_public_url_turns_on_secure_cookies() {
        let s = settings(&[("SUARA_PUBLIC_URL", "https://suara.jambiprov.go.id/")]).unwrap();
        assert_eq!(s.public_base_url, "https://suara.jambiprov.go.id");
        assert!(s.secure_cookies);
    }
}
