//! Settings: defaults, overridden by environment variables that start with `CAIRN_` (see `.env.example`).
//! The database URL may carry a password, so `Debug` never prints it.

use std::fmt;
use std::net::SocketAddr;

#[derive(Clone)]
pub struct Config {
    pub listen: SocketAddr,
    pub database_url: String,
    /// Database connections and how long a request waits for one.
    pub pool: crate::storage::PoolSettings,
    pub secure_cookies: bool,
    pub log: String,
    /// How long a staff sign-in lasts (`CAIRN_SESSION_MINUTES`, else `CAIRN_SESSION_HOURS`).
    pub session_minutes: i64,
    /// Where cargo-leptos put the compiled site (CSS, JS, WASM, public files).
    pub site_root: String,
    /// The address people use to reach Cairn, for links printed in the log.
    pub public_url: String,
    /// Behind a reverse proxy: the header it puts each client's address in (e.g. `X-Forwarded-For`),
    /// so the receipt limiter counts clients, not the proxy. Unset: the connection's own address.
    pub client_ip_header: Option<axum::http::HeaderName>,
    /// The everyday website "Leave this page" replaces Cairn with.
    pub leave_url: String,
    /// Where the daily SQLite backup goes (`CAIRN_BACKUP_DIR`); unset: no daily backup.
    pub backup_dir: Option<std::path::PathBuf>,
    /// How many daily backups to keep (`CAIRN_BACKUP_KEEP`).
    pub backup_keep: usize,
}

impl Config {
    pub fn from_env() -> Result<Config, String> {
        Self::from_lookup(|key| std::env::var(key).ok())
    }

    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Config, String> {
        let listen: SocketAddr = get("CAIRN_LISTEN")
            .unwrap_or_else(|| "127.0.0.1:3000".into())
            .parse()
            .map_err(|e| format!("CAIRN_LISTEN: {e}"))?;
        let flag = |key: &str| -> Result<bool, String> {
            match get(key).as_deref().map(str::trim) {
                None | Some("") | Some("0") | Some("false") | Some("no") => Ok(false),
                Some("1") | Some("true") | Some("yes") => Ok(true),
                Some(other) => Err(format!("{key}: expected true or false, got {other:?}")),
            }
        };
        let session_hours: i64 = match get("CAIRN_SESSION_HOURS") {
            None => 12,
            Some(h) => h
                .trim()
                .parse()
                .ok()
                .filter(|h| (1..=24 * 90).contains(h))
                .ok_or("CAIRN_SESSION_HOURS: 1 to 2160")?,
        };
        // Minutes win when both are set: short sessions for shared offices, and for the tests that
        // watch a sign-in run out while a member of staff is offline.
        let session_minutes: i64 = match get("CAIRN_SESSION_MINUTES") {
            None => session_hours * 60,
            Some(m) => m
                .trim()
                .parse()
                .ok()
                .filter(|m| (1..=60 * 24 * 90).contains(m))
                .ok_or("CAIRN_SESSION_MINUTES: 1 to 129600")?,
        };
        let number = |key: &str, range: std::ops::RangeInclusive<u64>, default: u64| match get(key)
        {
            None => Ok(default),
            Some(v) => v
                .trim()
                .parse()
                .ok()
                .filter(|n| range.contains(n))
                .ok_or(format!(
                    "{key}: a whole number from {} to {}",
                    range.start(),
                    range.end()
                )),
        };
        let defaults = crate::storage::PoolSettings::default();
        let pool = crate::storage::PoolSettings {
            max_connections: number(
                "CAIRN_DATABASE_POOL",
                1..=1000,
                u64::from(defaults.max_connections),
            )? as u32,
            acquire_timeout: std::time::Duration::from_secs(number(
                "CAIRN_DATABASE_TIMEOUT",
                1..=600,
                defaults.acquire_timeout.as_secs(),
            )?),
        };
        let backup_keep = number(
            "CAIRN_BACKUP_KEEP",
            1..=10_000,
            crate::backup::DEFAULT_KEEP as u64,
        )? as usize;
        Ok(Config {
            listen,
            pool,
            backup_dir: get("CAIRN_BACKUP_DIR")
                .map(|d| d.trim().to_string())
                .filter(|d| !d.is_empty())
                .map(Into::into),
            backup_keep,
            database_url: get("CAIRN_DATABASE_URL")
                .or_else(|| get("DATABASE_URL"))
                .unwrap_or_else(|| "sqlite://data/cairn.db".into()),
            secure_cookies: flag("CAIRN_SECURE_COOKIES")?,
            log: get("CAIRN_LOG").unwrap_or_else(|| "info".into()),
            session_minutes,
            site_root: get("CAIRN_SITE_ROOT").unwrap_or_else(|| "target/site".into()),
            client_ip_header: match get("CAIRN_CLIENT_IP_HEADER").map(|h| h.trim().to_string()) {
                None => None,
                Some(h) if h.is_empty() => None,
                Some(h) => Some(
                    axum::http::HeaderName::try_from(h.to_ascii_lowercase()).map_err(|_| {
                        format!("CAIRN_CLIENT_IP_HEADER: {h:?} is not a header name")
                    })?,
                ),
            },
            public_url: get("CAIRN_PUBLIC_URL").unwrap_or_else(|| format!("http://{listen}")),
            leave_url: match get("CAIRN_LEAVE_URL").map(|u| u.trim().to_string()) {
                None => app::share::DEFAULT_LEAVE_URL.to_string(),
                Some(u) if u.is_empty() => app::share::DEFAULT_LEAVE_URL.to_string(),
                // It goes into every participant page's link: an absolute web address, nothing else.
                Some(u)
                    if (u.starts_with("https://") || u.starts_with("http://"))
                        && !u.contains(['"', '<', '>', ' ', '\\']) =>
                {
                    u
                }
                Some(u) => return Err(format!("CAIRN_LEAVE_URL: {u:?} is not an http(s) address")),
            },
        })
    }
}

/// `postgres://user:secret@host/db` prints as `postgres://user:***@host/db`, and a password given as
/// `?password=secret` (sqlx reads it there too) as `?password=***`.
fn redact(url: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (url, None),
    };
    let base = match (base.find("://"), base.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let creds = &base[scheme + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &base[..scheme + 3], &base[at..]),
                None => base.to_string(),
            }
        }
        _ => base.to_string(),
    };
    let Some(query) = query else {
        return base;
    };
    let query: Vec<String> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((key, _))
                if key.eq_ignore_ascii_case("password")
                    || key.eq_ignore_ascii_case("sslpassword") =>
            {
                format!("{key}=***")
            }
            _ => pair.to_string(),
        })
        .collect();
    format!("{base}?{}", query.join("&"))
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("listen", &self.listen)
            .field("database_url", &redact(&self.database_url))
            .field("pool", &self.pool)
            .field("secure_cookies", &self.secure_cookies)
            .field("log", &self.log)
            .field("session_minutes", &self.session_minutes)
            .field("site_root", &self.site_root)
            .field("public_url", &self.public_url)
            .field("client_ip_header", &self.client_ip_header)
            .field("leave_url", &self.leave_url)
            .field("backup_dir", &self.backup_dir)
            .field("backup_keep", &self.backup_keep)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(pairs: &[(&str, &str)]) -> Result<Config, String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn defaults_serve_sqlite_on_localhost() {
        let c = config(&[]).expect("defaults are valid");
        assert_eq!(c.listen.to_string(), "127.0.0.1:3000");
        assert_eq!(c.database_url, "sqlite://data/cairn.db");
        assert!(!c.secure_cookies);
    }

    #[test]
    fn a_sign_in_lasts_twelve_hours_unless_set_in_hours_or_minutes() {
        assert_eq!(config(&[]).expect("valid").session_minutes, 12 * 60);
        let hours = config(&[("CAIRN_SESSION_HOURS", "2")]).expect("valid");
        assert_eq!(hours.session_minutes, 120);
        let both = config(&[("CAIRN_SESSION_HOURS", "2"), ("CAIRN_SESSION_MINUTES", "1")]);
        assert_eq!(both.expect("valid").session_minutes, 1, "minutes win");
        for bad in ["0", "-5", "soon", "999999"] {
            assert!(config(&[("CAIRN_SESSION_MINUTES", bad)]).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_prefixed_database_url_wins_over_the_plain_one() {
        let c = config(&[
            ("DATABASE_URL", "sqlite://a.db"),
            ("CAIRN_DATABASE_URL", "sqlite://b.db"),
        ])
        .expect("valid");
        assert_eq!(c.database_url, "sqlite://b.db");
    }

    #[test]
    fn bad_values_are_named_in_the_error() {
        assert!(config(&[("CAIRN_LISTEN", "nowhere")])
            .unwrap_err()
            .contains("CAIRN_LISTEN"));
        assert!(config(&[("CAIRN_SECURE_COOKIES", "maybe")])
            .unwrap_err()
            .contains("CAIRN_SECURE_COOKIES"));
        assert!(config(&[("CAIRN_SESSION_HOURS", "0")]).is_err());
        assert!(config(&[("CAIRN_DATABASE_POOL", "0")])
            .unwrap_err()
            .contains("CAIRN_DATABASE_POOL"));
        assert!(config(&[("CAIRN_DATABASE_TIMEOUT", "soon")])
            .unwrap_err()
            .contains("CAIRN_DATABASE_TIMEOUT"));
        for url in [
            "javascript:alert(1)",
            "/relative",
            "https://x.org/\"><script>",
        ] {
            assert!(config(&[("CAIRN_LEAVE_URL", url)])
                .unwrap_err()
                .contains("CAIRN_LEAVE_URL"));
        }
        assert_eq!(
            config(&[("CAIRN_LEAVE_URL", "https://www.example.org/news")])
                .expect("valid")
                .leave_url,
            "https://www.example.org/news"
        );
    }

    #[test]
    fn pool_size_and_timeout_can_be_set() {
        let c = config(&[
            ("CAIRN_DATABASE_POOL", "20"),
            ("CAIRN_DATABASE_TIMEOUT", "3"),
        ])
        .expect("valid");
        assert_eq!(c.pool.max_connections, 20);
        assert_eq!(c.pool.acquire_timeout.as_secs(), 3);
    }

    #[test]
    fn passwords_in_the_database_url_never_print() {
        let c =
            config(&[("CAIRN_DATABASE_URL", "postgres://cairn:hunter2@db/cairn")]).expect("valid");
        let shown = format!("{c:?}");
        assert!(!shown.contains("hunter2"));
        assert!(shown.contains("postgres://cairn:***@db/cairn"));
        let c = config(&[(
            "CAIRN_DATABASE_URL",
            "postgres://cairn@db/cairn?sslmode=require&Password=hunter2&application_name=x",
        )])
        .expect("valid");
        let shown = format!("{c:?}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("?sslmode=require&Password=***&application_name=x"));
    }
}
