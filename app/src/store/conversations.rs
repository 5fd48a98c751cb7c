//! The storage port, area by area: conversations and their questions.

use super::{AuditRecord, StoreError};
use crate::domain::{Conversation, Lang, Promises, Question, Translations};
use async_trait::async_trait;

#[async_trait]
pub trait ConversationStore: Send + Sync + 'static {
    /// Every conversation, open or closed, with its questions in order.
    async fn conversations(&self) -> Result<Vec<Conversation>, StoreError>;

    /// Adds a conversation, closed and without questions. `Conflict` when the id is taken.
    async fn create_conversation(
        &self,
        id: &str,
        title: &str,
        audit: &AuditRecord,
    ) -> Result<(), StoreError>;

    /// Saves a conversation's title and promises. `NotFound` when there is none.
    async fn update_conversation(
        &self,
        id: &str,
        title: &str,
        promises: &Promises,
        audit: &AuditRecord,
    ) -> Result<(), StoreError>;

    /// The language staff write the conversation in. `NotFound` when there is none.
    async fn set_language(
        &self,
        id: &str,
        lang: Lang,
        audit: &AuditRecord,
    ) -> Result<(), StoreError>;

    /// Replaces every translation of the conversation. `NotFound` when there is none.
    async fn set_translations(
        &self,
        id: &str,
        translations: &Translations,
        audit: &AuditRecord,
    ) -> Result<(), StoreError>;

    /// Opens or closes a conversation. `NotFound` when there is none.
    async fn set_open(&self, id: &str, open: bool, audit: &AuditRecord) -> Result<(), StoreError>;

    /// Replaces a conversation's questions with `questions`, in that order. `NotFound` when none.
    async fn set_questions(
        &self,
        id: &str,
        questions: &[Question],
        audit: &AuditRecord,
    ) -> Result<(), StoreError>;

    /// How many submissions each conversation has: (conversation id, count), only those with any.
    async fn submission_counts(&self) -> Result<Vec<(String, i64)>, StoreError>;
}
