//! The storage port, area by area: reports, reach questions, how long words are kept, and the audit log.

use super::{AuditRecord, StoreError};
use crate::domain::{
    Answer, AuditEntry, Purged, ReachForm, ReachQuestion, ReportFigures, ReportFilter, Retention,
};
use async_trait::async_trait;
use chrono::{DateTime, Utc};

#[async_trait]
pub trait ReportStore: Send + Sync + 'static {
    /// A report's figures, counted in the database: the period's submissions (withdrawn ones left
    /// out) per day, by channel, theme and feeling, and the actions linked to them.
    async fn report(&self, filter: &ReportFilter) -> Result<ReportFigures, StoreError>;

    /// Up to `limit` of the period's newest submissions that may be quoted: published (so with quote
    /// consent), as redacted. (conversation id, answers).
    async fn report_quotes(
        &self,
        filter: &ReportFilter,
        limit: u32,
    ) -> Result<Vec<(String, Vec<Answer>)>, StoreError>;

    /// The reach questions, in order.
    async fn reach_questions(&self) -> Result<Vec<ReachQuestion>, StoreError>;

    /// Adds a reach question at the end. Returns its id.
    async fn add_reach_question(
        &self,
        form: &ReachForm,
        audit: &AuditRecord,
    ) -> Result<i64, StoreError>;

    /// Removes a reach question and its counts. `NotFound` when none.
    async fn remove_reach_question(&self, id: i64, audit: &AuditRecord) -> Result<(), StoreError>;

    /// The language a reach question is written in and every translation of it. `NotFound` when none.
    async fn set_reach_languages(
        &self,
        id: i64,
        lang: crate::domain::Lang,
        translations: &crate::domain::Translations,
        audit: &AuditRecord,
    ) -> Result<(), StoreError>;

    /// Sets a reach question's population figures. `NotFound` when none.
    async fn set_reach_population(
        &self,
        id: i64,
        population: &[Option<f64>],
        audit: &AuditRecord,
    ) -> Result<(), StoreError>;

    /// Reach answers counted over a period: (question id, choice, count).
    async fn reach_counts(
        &self,
        filter: &ReportFilter,
    ) -> Result<Vec<(i64, String, i64)>, StoreError>;

    /// How long words are kept, in general and per conversation.
    async fn retention(&self) -> Result<Retention, StoreError>;

    /// Sets the general rule and each listed conversation's own rule (unknown ids are skipped).
    async fn set_retention(
        &self,
        days: Option<u32>,
        conversations: &[(String, Option<u32>)],
        audit: &AuditRecord,
    ) -> Result<(), StoreError>;

    /// Deletes the text answers of submissions older than their conversation's rule, keeping the
    /// rest of each row, a batch at a time; each conversation's purge is in the audit log.
    async fn purge_expired_text(&self, now: DateTime<Utc>) -> Result<Vec<Purged>, StoreError>;

    /// Audit entries newest first: those whose action starts with `kind` (all when `None`), older than
    /// entry `before` when given.
    async fn audit_entries(
        &self,
        kind: Option<&str>,
        before: Option<i64>,
        limit: u32,
    ) -> Result<Vec<AuditEntry>, StoreError>;

    /// Appends to the audit log, which nobody can edit.
    async fn audit(
        &self,
        actor: Option<i64>,
        action: &str,
        subject: &str,
    ) -> Result<(), StoreError>;
}
