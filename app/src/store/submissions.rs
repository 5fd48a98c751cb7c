//! The storage port, area by area: submissions arriving, and what their receipt codes reach.

use super::{AuditRecord, InsertOutcome, StoreError, SubmissionRecord};
use crate::domain::{ReceiptCode, ReceiptSubmission};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use uuid::Uuid;

#[async_trait]
pub trait SubmissionStore: Send + Sync + 'static {
    /// Succeeds when the database answers.
    async fn ping(&self) -> Result<(), StoreError>;

    /// Stores each record at most once per id, all in one transaction, and says per record what happened.
    async fn insert_submissions(
        &self,
        records: &[SubmissionRecord],
        received_at: DateTime<Utc>,
    ) -> Result<Vec<InsertOutcome>, StoreError>;

    /// The submission a receipt belongs to, as its owner may see it.
    async fn receipt(&self, receipt: &ReceiptCode)
        -> Result<Option<ReceiptSubmission>, StoreError>;

    /// Deletes the words of the submission with this receipt (and coordinators' notes and theme links on
    /// it) and records that it was withdrawn, with `audit` naming it. `false` when there is no such
    /// receipt or it was already withdrawn. Its id stays known, so an old outbox resending it is told
    /// "duplicate" and nothing comes back.
    async fn withdraw(
        &self,
        receipt: &ReceiptCode,
        audit: &(dyn Fn(Uuid) -> AuditRecord + Sync),
    ) -> Result<bool, StoreError>;

    /// Records that the receipt's owner looked at it now.
    async fn note_receipt_visit(&self, receipt: &ReceiptCode) -> Result<(), StoreError>;
}
