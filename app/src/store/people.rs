//! The storage port, area by area: staff accounts, setup links and sign-in sessions.

use super::StoreError;
use crate::domain::{Account, Email, Role, User};
use async_trait::async_trait;
use chrono::{DateTime, Utc};

#[async_trait]
pub trait PeopleStore: Send + Sync + 'static {
    async fn count_users(&self) -> Result<i64, StoreError>;

    /// `Conflict` when the email is taken.
    async fn create_user(
        &self,
        email: &Email,
        password_hash: &str,
        role: Role,
    ) -> Result<User, StoreError>;

    /// Records a first-admin setup token (its hash), valid until the first account exists. Every server
    /// that starts on an empty database adds one, so any of them can print a working link.
    async fn add_setup_token(&self, token_hash: &str) -> Result<(), StoreError>;

    /// Whether `token_hash` is a setup token issued after `issued_after` (links expire).
    async fn setup_token_live(
        &self,
        token_hash: &str,
        issued_after: chrono::DateTime<chrono::Utc>,
    ) -> Result<bool, StoreError>;

    /// Creates the first admin when `setup_token_hash` is a live setup token and there are no users yet,
    /// using up every setup token in the same transaction; `None` otherwise. Two servers racing with two
    /// different links still make one admin.
    async fn create_first_user(
        &self,
        setup_token_hash: &str,
        email: &Email,
        password_hash: &str,
        role: Role,
    ) -> Result<Option<User>, StoreError>;

    /// Every account, oldest first.
    async fn accounts(&self) -> Result<Vec<Account>, StoreError>;

    /// Disables or enables an account. Disabling ends all its sessions in the same transaction, so a
    /// disabled person is signed out everywhere at once. `NotFound` when there is no such account.
    async fn set_disabled(&self, user_id: i64, disabled: bool) -> Result<(), StoreError>;

    /// Replaces an account's password hash and ends its sessions, all but `keep` (the hash of the
    /// session making the change, when people change their own password). `NotFound` when no account.
    async fn set_password(
        &self,
        user_id: i64,
        password_hash: &str,
        keep: Option<&str>,
    ) -> Result<(), StoreError>;

    /// An enabled user and their password hash.
    async fn credentials(&self, email: &Email) -> Result<Option<(User, String)>, StoreError>;

    async fn create_session(
        &self,
        token_hash: &str,
        user_id: i64,
        expires_at: DateTime<Utc>,
    ) -> Result<(), StoreError>;

    /// The user of a live session on an enabled account.
    async fn session_user(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<User>, StoreError>;

    async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError>;

    /// Deletes the sessions that expired before `now`; how many.
    async fn delete_expired_sessions(&self, now: DateTime<Utc>) -> Result<u64, StoreError>;

    /// Deletes the setup links that can never work again: all of them once an account exists, and
    /// those made before `made_before`; how many.
    async fn delete_spent_setup_links(&self, made_before: DateTime<Utc>)
        -> Result<u64, StoreError>;
}
