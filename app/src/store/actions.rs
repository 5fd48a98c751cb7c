//! The storage port, area by area: actions ("You said, we did"), their updates and the submissions linked to them.

use super::{AuditRecord, StoreError};
use crate::domain::{Action, ActionFields, Answer};
use async_trait::async_trait;
use uuid::Uuid;

#[async_trait]
pub trait ActionStore: Send + Sync + 'static {
    /// Every action, or only the published ones, most recently changed first, with themes, updates and
    /// the count of linked submissions.
    async fn actions(&self, published_only: bool) -> Result<Vec<Action>, StoreError>;

    /// (id, title) of every action, drafts too, most recently changed first: for forms and filters,
    /// without loading what hangs on each action.
    async fn action_titles(&self) -> Result<Vec<(i64, String)>, StoreError>;

    /// One action, published or not.
    async fn action(&self, id: i64) -> Result<Option<Action>, StoreError>;

    /// The published actions a submission is linked to.
    async fn actions_for(&self, submission: Uuid) -> Result<Vec<Action>, StoreError>;

    /// Up to `per_action` of the newest submissions behind each action that may be quoted in public:
    /// published (so with quote consent), not withdrawn, as redacted. (action id, answers).
    async fn action_quotes(
        &self,
        actions: &[i64],
        per_action: u32,
    ) -> Result<Vec<(i64, Vec<Answer>)>, StoreError>;

    /// A new draft action, "considering". Returns its id.
    async fn create_action(&self, title: &str, audit: &AuditRecord) -> Result<i64, StoreError>;

    /// Saves what an action says and which themes it answers (unknown theme ids are left out).
    /// `NotFound` when there is no such action.
    async fn save_action(
        &self,
        id: i64,
        fields: &ActionFields,
        themes: &[i64],
        audit: &AuditRecord,
    ) -> Result<(), StoreError>;

    /// The language the action is written in and every translation of it. `NotFound` when none.
    async fn set_action_languages(
        &self,
        id: i64,
        lang: crate::domain::Lang,
        translations: &crate::domain::Translations,
        audit: &AuditRecord,
    ) -> Result<(), StoreError>;

    /// Publishes an action or takes it back to a draft. `NotFound` when none.
    async fn set_action_published(
        &self,
        id: i64,
        published: bool,
        audit: &AuditRecord,
    ) -> Result<(), StoreError>;

    /// Adds a dated update (`author` `None`: written by Cairn itself, as seed data is). `NotFound` when
    /// no action.
    async fn add_action_update(
        &self,
        id: i64,
        author: Option<i64>,
        body: &str,
        audit: &AuditRecord,
    ) -> Result<(), StoreError>;

    /// Links submissions to an action and marks them read; withdrawn or unknown ids and links that
    /// exist already are skipped. Returns how many links are new; the audit entry is written only
    /// when there are some. `NotFound` when no action.
    async fn link_submissions(
        &self,
        action: i64,
        submissions: &[Uuid],
        audit: &AuditRecord,
    ) -> Result<u64, StoreError>;

    /// `NotFound` when they were not linked.
    async fn unlink_submission(
        &self,
        action: i64,
        submission: Uuid,
        audit: &AuditRecord,
    ) -> Result<(), StoreError>;
}
