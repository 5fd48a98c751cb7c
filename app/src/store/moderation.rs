//! The storage port, area by area: the inbox and moderation: status, redaction, themes, safeguarding flags and notes.

use super::{AuditRecord, StoreError};
use crate::domain::{
    Answer, FlagEntry, FlagState, InboxCursor, InboxEntry, InboxFilter, Status, SubmissionDetail,
    Theme,
};
use async_trait::async_trait;
use uuid::Uuid;

#[async_trait]
pub trait ModerationStore: Send + Sync + 'static {
    /// Submissions matching `filter`, newest first, older than `before` when given.
    async fn inbox(
        &self,
        filter: &InboxFilter,
        before: Option<&InboxCursor>,
        limit: u32,
    ) -> Result<Vec<InboxEntry>, StoreError>;

    /// One submission with its flag and notes (not a withdrawn one).
    async fn submission(&self, id: Uuid) -> Result<Option<SubmissionDetail>, StoreError>;

    /// Marks a submission read by a coordinator (the first time only).
    async fn mark_read(&self, id: Uuid) -> Result<(), StoreError>;

    /// Publishes, hides or returns a submission to new. Publishing a submission without quote consent
    /// changes nothing and is `NotFound`, whatever the caller checked. `NotFound` when no submission.
    async fn set_status(
        &self,
        id: Uuid,
        status: Status,
        audit: &AuditRecord,
    ) -> Result<(), StoreError>;

    /// Sets the answers everyone but coordinators see (`None`: the original again).
    async fn set_public_answers(
        &self,
        id: Uuid,
        answers: Option<&[Answer]>,
        audit: &AuditRecord,
    ) -> Result<(), StoreError>;

    /// Every theme with its count, by name.
    async fn themes(&self) -> Result<Vec<Theme>, StoreError>;

    /// `Conflict` when the name is taken.
    async fn create_theme(&self, name: &str, audit: &AuditRecord) -> Result<Theme, StoreError>;

    /// `NotFound`, or `Conflict` when another theme has the name.
    async fn rename_theme(
        &self,
        id: i64,
        name: &str,
        audit: &AuditRecord,
    ) -> Result<(), StoreError>;

    /// Moves every submission of theme `from` to `into` and deletes `from`. `NotFound` unless both exist.
    async fn merge_themes(
        &self,
        from: i64,
        into: i64,
        audit: &AuditRecord,
    ) -> Result<(), StoreError>;

    /// Tags or untags a submission. `NotFound` when either is missing.
    async fn set_tagged(
        &self,
        submission: Uuid,
        theme: i64,
        tagged: bool,
        audit: &AuditRecord,
    ) -> Result<(), StoreError>;

    /// Opens a safeguarding flag (or opens it again). `NotFound` when no submission.
    async fn raise_flag(
        &self,
        submission: Uuid,
        reason: &str,
        audit: &AuditRecord,
    ) -> Result<(), StoreError>;

    /// Moves a flag on; `close_note` is kept when closing. `NotFound` when not flagged.
    async fn update_flag(
        &self,
        submission: Uuid,
        state: FlagState,
        close_note: &str,
        audit: &AuditRecord,
    ) -> Result<(), StoreError>;

    /// Flags open or in progress, oldest first.
    async fn open_flags(&self) -> Result<Vec<FlagEntry>, StoreError>;

    /// Adds a private note. `NotFound` when no submission.
    async fn add_note(&self, submission: Uuid, author: i64, body: &str) -> Result<(), StoreError>;
}
