//! Passwords, session tokens and cookies (server only).
//!
//! Sessions live in the database, keyed by a SHA-256 of the token, so a leaked database holds no usable
//! session and signing out anywhere ends the session everywhere.

use crate::context::Ctx;
use crate::domain::{Email, NewPassword, Role, User};
use crate::error::AppError;
use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::{Algorithm, Argon2, Params, Version};
use axum::http::HeaderMap;
use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};

pub const COOKIE: &str = "cairn_session";

/// A first-admin setup link works for this long after the server printed it (a restart prints a new one).
pub const SETUP_LINK_HOURS: i64 = 24;

/// argon2id with 19 MiB and 2 passes: the OWASP minimum for argon2id.
fn argon2() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// At most this many password hashes run at once. Each takes 19 MiB and a core for a while, so a flood
/// of sign-ins must queue here instead of filling the blocking pool and the memory.
pub struct HashGate {
    permits: tokio::sync::Semaphore,
    /// How long a request waits for a turn before it is told to try again (503).
    wait: std::time::Duration,
}

impl HashGate {
    pub const fn new(permits: usize, wait: std::time::Duration) -> HashGate {
        HashGate {
            permits: tokio::sync::Semaphore::const_new(permits),
            wait,
        }
    }

    /// Runs `work` on the blocking pool once a turn is free; `Busy` when none frees up in time.
    pub async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, AppError> {
        let permit = match tokio::time::timeout(self.wait, self.permits.acquire()).await {
            Ok(Ok(permit)) => permit,
            _ => {
                tracing::warn!("password hashing is at its limit; a request was turned away");
                return Err(AppError::Busy);
            }
        };
        let out = tokio::task::spawn_blocking(work)
            .await
            .map_err(|_| AppError::Internal);
        drop(permit);
        out
    }
}

/// The server's gate: one hash per core.
fn gate() -> &'static HashGate {
    static GATE: std::sync::OnceLock<HashGate> = std::sync::OnceLock::new();
    GATE.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        HashGate::new(cores, HASH_WAIT)
    })
}

/// How long a sign-in waits for a free core before "try again in a minute".
pub const HASH_WAIT: std::time::Duration = std::time::Duration::from_secs(3);

pub async fn hash_password(password: &NewPassword) -> Result<String, AppError> {
    let password = password.expose().to_string();
    gate()
        .run(move || {
            let salt = SaltString::generate(&mut OsRng);
            argon2()
                .hash_password(password.as_bytes(), &salt)
                .map(|h| h.to_string())
        })
        .await?
        .map_err(|e| {
            tracing::error!(error = %e, "password hashing failed");
            AppError::Internal
        })
}

/// Whether `password` matches `hash`; `Busy` when the server has no core free for it in time.
pub(crate) async fn verify_password(password: &str, hash: &str) -> Result<bool, AppError> {
    let (password, hash) = (password.to_string(), hash.to_string());
    gate()
        .run(move || {
            PasswordHash::new(&hash)
                .map(|parsed| {
                    argon2()
                        .verify_password(password.as_bytes(), &parsed)
                        .is_ok()
                })
                .unwrap_or(false)
        })
        .await
}

/// A fresh random token for the cookie, and the hash we store.
pub fn new_token() -> (String, String) {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let token = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    let hash = token_hash(&token);
    (token, hash)
}

pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The session token from a request's cookies.
pub fn token_from(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value.to_string())
        .filter(|v| !v.is_empty() && v.len() <= 128)
}

pub async fn user_from(ctx: &Ctx, headers: &HeaderMap) -> Result<Option<User>, AppError> {
    let Some(token) = token_from(headers) else {
        return Ok(None);
    };
    Ok(ctx
        .store
        .session_user(&token_hash(&token), chrono::Utc::now())
        .await?)
}

/// The user signed in on the request being handled (inside a server function or a page render).
pub async fn current_user() -> Result<Option<User>, AppError> {
    let ctx = Ctx::get()?;
    let headers: HeaderMap = leptos_axum::extract()
        .await
        .map_err(|_| AppError::Internal)?;
    user_from(&ctx, &headers).await
}

/// Checks an email and password, and opens a session. Returns the user and the cookie token.
/// A wrong email and a wrong password take the same time and give the same answer.
pub async fn sign_in(ctx: &Ctx, email: &str, password: &str) -> Result<(User, String), AppError> {
    let wrong = || AppError::Refused("wrong".into());
    let found = match Email::parse(email) {
        Some(email) if password.len() <= 4096 => ctx.store.credentials(&email).await?,
        _ => None,
    };
    let Some((user, hash)) = found else {
        // Spend the same effort as a real check so timing does not reveal which emails exist.
        verify_password(password, DUMMY_HASH).await?;
        return Err(wrong());
    };
    if !verify_password(password, &hash).await? {
        return Err(wrong());
    }
    let (token, token_hash) = new_token();
    let expires = chrono::Utc::now() + chrono::Duration::minutes(ctx.settings.session_minutes);
    ctx.store
        .create_session(&token_hash, user.id, expires)
        .await?;
    Ok((user, token))
}

pub async fn sign_out(ctx: &Ctx, headers: &HeaderMap) -> Result<(), AppError> {
    if let Some(token) = token_from(headers) {
        ctx.store.delete_session(&token_hash(&token)).await?;
    }
    Ok(())
}

/// Creates the first admin from the one-time setup link. Refused once any user exists.
pub async fn create_first_admin(
    ctx: &Ctx,
    token: &str,
    email: &str,
    password: &str,
) -> Result<User, AppError> {
    if token.is_empty() || token.len() > 128 || ctx.store.count_users().await? > 0 {
        return Err(AppError::Forbidden);
    }
    // The link is checked before any hashing, so a wrong or old link costs the server nothing.
    let issued_after = chrono::Utc::now() - chrono::Duration::hours(SETUP_LINK_HOURS);
    if !ctx
        .store
        .setup_token_live(&token_hash(token), issued_after)
        .await?
    {
        return Err(AppError::Forbidden);
    }
    let email = Email::parse(email).ok_or_else(|| AppError::Refused("email".into()))?;
    let password = NewPassword::parse(password).map_err(|p| AppError::Refused(p.code().into()))?;
    let hash = hash_password(&password).await?;
    let user = ctx
        .store
        .create_first_user(&token_hash(token), &email, &hash, Role::Admin)
        .await?
        .ok_or(AppError::Forbidden)?;
    ctx.store
        .audit(
            Some(user.id),
            "user.created",
            &format!("{} as admin (setup link)", email.as_str()),
        )
        .await?;
    Ok(user)
}

pub fn session_cookie(token: &str, ctx: &Ctx) -> String {
    let secure = if ctx.settings.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    let max_age = ctx.settings.session_minutes * 60;
    format!("{COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}")
}

pub fn clear_cookie(ctx: &Ctx) -> String {
    let secure = if ctx.settings.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    format!("{COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}")
}

/// An argon2id hash of a random password nobody knows, used to keep failed sign-ins slow.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0b7uP2M9cFJm6Cr6r0o0Z1tq6mH4sJbqvKZ5y2m3vXU";

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn the_session_token_is_found_among_other_cookies() {
        let mut h = HeaderMap::new();
        h.insert(
            axum::http::header::COOKIE,
            HeaderValue::from_static("a=1; cairn_session=tok; b=2"),
        );
        assert_eq!(token_from(&h).as_deref(), Some("tok"));
        let mut h = HeaderMap::new();
        h.insert(
            axum::http::header::COOKIE,
            HeaderValue::from_static("cairn_session="),
        );
        assert_eq!(token_from(&h), None);
    }

    #[test]
    fn tokens_are_random_and_stored_only_as_hashes() {
        let (a, ha) = new_token();
        let (b, _) = new_token();
        assert_ne!(a, b);
        assert_eq!(ha, token_hash(&a));
        assert_ne!(ha, a);
    }

    #[tokio::test]
    async fn a_password_verifies_only_against_its_own_hash() {
        let pw = NewPassword::parse("correct horse battery").expect("long enough");
        let hash = hash_password(&pw).await.expect("hash");
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert_eq!(
            verify_password("correct horse battery", &hash).await,
            Ok(true)
        );
        assert_eq!(
            verify_password("wrong horse battery", &hash).await,
            Ok(false)
        );
        assert_eq!(verify_password("anything", DUMMY_HASH).await, Ok(false));
    }

    #[tokio::test]
    async fn a_full_hash_gate_turns_the_next_request_away_after_a_short_wait() {
        let gate = HashGate::new(1, std::time::Duration::from_millis(100));
        let (release, hold) = std::sync::mpsc::channel::<()>();
        let busy = gate.run(move || hold.recv().is_ok());
        let second = async {
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            let started = std::time::Instant::now();
            let answer = gate.run(|| 1).await;
            let _ = release.send(());
            (answer, started.elapsed())
        };
        let (first, (second, waited)) = tokio::join!(busy, second);
        assert_eq!(first, Ok(true));
        assert_eq!(second, Err(AppError::Busy));
        assert!(
            waited >= std::time::Duration::from_millis(100),
            "{waited:?}"
        );
        assert_eq!(gate.run(|| 2).await, Ok(2), "a free turn is taken at once");
    }
}
