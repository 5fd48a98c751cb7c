//! Staff sign-in, the first-admin setup page, and the one role check every server function uses.
//!
//! The sign-in, sign-out and setup forms post to plain HTTP handlers in the server (`server/src/http/forms.rs`)
//! so that they work with no WebAssembly at all; the logic they call lives in `session` here.

mod pages;
#[cfg(feature = "ssr")]
pub mod session;

pub use pages::*;

#[cfg(feature = "ssr")]
use crate::{
    domain::{Role, User},
    error::AppError,
};

/// Fails unless someone with at least `role` is signed in. The one role check (server only): server
/// functions call it with no arguments to hand; HTTP form handlers call `check` on the same rule.
#[cfg(feature = "ssr")]
pub async fn require(role: Role) -> Result<User, AppError> {
    check(session::current_user().await?, role)
}

/// The rule behind `require`: signed in, and the role allows at least `role`.
#[cfg(feature = "ssr")]
pub fn check(user: Option<User>, role: Role) -> Result<User, AppError> {
    match user {
        None => Err(AppError::SignInNeeded),
        Some(user) if user.role.allows(role) => Ok(user),
        Some(_) => Err(AppError::Forbidden),
    }
}

/// The pages only signed-in staff may open, by their first path segment. The server sends anyone
/// not signed in from these straight to the sign-in page (and back), before any page work is done.
pub const STAFF_PAGES: &[&str] = &[
    "inbox",
    "themes",
    "actions",
    "conversations",
    "safeguarding",
    "people",
    "account",
    "audit",
    "reports",
    "retention",
    "reach",
    "collect",
];

/// Whether `path` is one of the `STAFF_PAGES` (or below one).
pub fn is_staff_page(path: &str) -> bool {
    let first = path
        .trim_start_matches('/')
        .split(['/', '?'])
        .next()
        .unwrap_or_default();
    STAFF_PAGES.contains(&first)
}
