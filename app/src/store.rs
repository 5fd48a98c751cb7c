//! The storage port (server only). Server functions and the HTTP layer call this trait; the SQLite and
//! PostgreSQL implementations live in the `server` crate, so nothing in `app` knows which database it is.

use crate::domain::{Account, Conversation, Email, NewSubmission, ReceiptCode, Role, User};
pub use crate::inbox::{InboxCursor, InboxEntry};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use std::sync::Arc;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    #[error("already exists")]
    Conflict,
    #[error("database: {0}")]
    Backend(String),
}

/// A checked submission on its way into storage.
#[derive(Clone, Debug)]
pub struct SubmissionRecord {
    pub submission: NewSubmission,
    /// A digest of the content, to tell a true retry from a different submission reusing an id.
    pub fingerprint: String,
    /// The member of staff who captured it, if any.
    pub submitted_by: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InsertOutcome {
    Inserted {
        receipt: ReceiptCode,
    },
    /// A submission with this id was already stored; nothing was written.
    Existing {
        receipt: ReceiptCode,
        fingerprint: String,
    },
}

#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// Succeeds when the database answers.
    async fn ping(&self) -> Result<(), StoreError>;

    /// Every conversation, open or closed, with its questions in order.
    async fn conversations(&self) -> Result<Vec<Conversation>, StoreError>;

    /// Stores each record at most once per id, all in one transaction, and says per record what happened.
    async fn insert_submissions(
        &self,
        records: &[SubmissionRecord],
        received_at: DateTime<Utc>,
    ) -> Result<Vec<InsertOutcome>, StoreError>;

    /// The title of the conversation a receipt belongs to.
    async fn receipt_conversation(
        &self,
        receipt: &ReceiptCode,
    ) -> Result<Option<String>, StoreError>;

    /// Newest first.
    async fn inbox(
        &self,
        before: Option<&InboxCursor>,
        limit: u32,
    ) -> Result<Vec<InboxEntry>, StoreError>;

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

    /// Audit entries newest first: those whose action starts with `kind` (all when `None`), older than
    /// entry `before` when given.
    async fn audit_entries(
        &self,
        kind: Option<&str>,
        before: Option<i64>,
        limit: u32,
    ) -> Result<Vec<crate::audit::AuditEntry>, StoreError>;

    /// Appends to the audit log, which nobody can edit.
    async fn audit(
        &self,
        actor: Option<i64>,
        action: &str,
        subject: &str,
    ) -> Result<(), StoreError>;
}

/// Settings the app needs at run time (the server reads them from its configuration).
#[derive(Clone, Debug)]
pub struct Settings {
    pub secure_cookies: bool,
    pub session_hours: i64,
}

/// What server functions reach through context.
#[derive(Clone)]
pub struct Ctx {
    pub store: Arc<dyn Store>,
    pub settings: Arc<Settings>,
}

impl Ctx {
    /// The context provided by the server for every request.
    pub fn get() -> Result<Ctx, crate::error::AppError> {
        leptos::prelude::use_context::<Ctx>().ok_or_else(|| {
            tracing::error!("Ctx missing from context");
            crate::error::AppError::Internal
        })
    }
}
