//! Storing a batch of submissions, each at most once per id: the one algorithm both backends run. A
//! backend supplies two statements on its open transaction (`Writer`); this module decides what was new,
//! what was there before, and retries the rare row whose receipt was already taken.

use app::domain::ReceiptCode;
use app::store::{InsertOutcome, StoreError, SubmissionRecord};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// Rows per statement: 17 parameters each stays far below SQLite's 32,766 and PostgreSQL's 65,535.
pub(crate) const ROWS_PER_STATEMENT: usize = 500;

/// Receipt draws per row before giving up. A collision is about one in 10^12 per pair of rows.
const RECEIPT_DRAWS: usize = 5;

/// A row on its way in: the record and a freshly drawn receipt.
pub(crate) struct NewRow<'a> {
    pub record: &'a SubmissionRecord,
    pub receipt: ReceiptCode,
}

/// The two statements a backend runs inside its transaction.
#[async_trait]
pub(crate) trait Writer: Send {
    /// `sql::INSERT_SUBMISSIONS … VALUES … sql::INSERT_SUBMISSIONS_TAIL`: the ids (and receipts) of the
    /// rows actually inserted.
    async fn insert(
        &mut self,
        rows: &[NewRow<'_>],
        received_at: DateTime<Utc>,
    ) -> Result<Vec<(Uuid, ReceiptCode)>, StoreError>;

    /// `sql::ADD_REACH`: adds reach answers to their counts for the day `day` (`YYYY-MM-DD`):
    /// (question, choice, conversation, how many).
    async fn add_reach(
        &mut self,
        counts: &[(i64, String, String, i64)],
        day: &str,
    ) -> Result<(), StoreError>;

    /// `sql::EXISTING_SUBMISSIONS`: the receipt and fingerprint of each id already stored.
    async fn existing(
        &mut self,
        ids: &[Uuid],
    ) -> Result<Vec<(Uuid, ReceiptCode, String)>, StoreError>;
}

/// Stores each record at most once per id and says per record what happened. The caller commits.
pub(crate) async fn insert(
    writer: &mut impl Writer,
    records: &[SubmissionRecord],
    received_at: DateTime<Utc>,
) -> Result<Vec<InsertOutcome>, StoreError> {
    // The first record with each id is the one that may be stored; later ones in the same batch are
    // answered from it. Rows go in id order so that two servers inserting overlapping batches into
    // PostgreSQL take their row locks in the same order and never deadlock.
    let mut first: HashMap<Uuid, &SubmissionRecord> = HashMap::new();
    for r in records {
        first.entry(r.submission.id).or_insert(r);
    }
    let mut pending: Vec<&SubmissionRecord> = first.values().copied().collect();
    pending.sort_by_key(|r| r.submission.id);

    let mut inserted: HashMap<Uuid, ReceiptCode> = HashMap::new();
    let mut existing: HashMap<Uuid, (ReceiptCode, String)> = HashMap::new();
    for _ in 0..RECEIPT_DRAWS {
        if pending.is_empty() {
            break;
        }
        for chunk in pending.chunks(ROWS_PER_STATEMENT) {
            let rows: Vec<NewRow> = chunk
                .iter()
                .map(|r| NewRow {
                    record: r,
                    receipt: ReceiptCode::generate(rand::random::<u32>),
                })
                .collect();
            inserted.extend(writer.insert(&rows, received_at).await?);
        }
        let skipped: Vec<Uuid> = pending
            .iter()
            .map(|r| r.submission.id)
            .filter(|id| !inserted.contains_key(id))
            .collect();
        for chunk in skipped.chunks(ROWS_PER_STATEMENT) {
            for (id, receipt, fingerprint) in writer.existing(chunk).await? {
                existing.insert(id, (receipt, fingerprint));
            }
        }
        // Skipped but not stored under its id: only its receipt was taken. Draw again.
        pending.retain(|r| {
            !inserted.contains_key(&r.submission.id) && !existing.contains_key(&r.submission.id)
        });
    }
    if !pending.is_empty() {
        return Err(StoreError::Backend(
            "could not draw an unused receipt".into(),
        ));
    }

    // Reach answers of the rows stored now (never of a retry) join their counts in the same
    // transaction; nothing ties a count to the submission it came with.
    let mut reach: std::collections::BTreeMap<(i64, String, String), i64> = Default::default();
    for r in first
        .values()
        .filter(|r| inserted.contains_key(&r.submission.id))
    {
        for (question, choice) in &r.reach {
            *reach
                .entry((
                    *question,
                    choice.clone(),
                    r.submission.conversation_id.clone(),
                ))
                .or_default() += 1;
        }
    }
    if !reach.is_empty() {
        let counts: Vec<(i64, String, String, i64)> = reach
            .into_iter()
            .map(|((q, c, conversation), n)| (q, c, conversation, n))
            .collect();
        for chunk in counts.chunks(ROWS_PER_STATEMENT) {
            writer
                .add_reach(chunk, &received_at.date_naive().to_string())
                .await?;
        }
    }

    let mut answered = HashSet::new();
    records
        .iter()
        .map(|r| {
            let id = r.submission.id;
            let seen_before = !answered.insert(id);
            match (inserted.get(&id), existing.get(&id)) {
                (Some(receipt), _) if !seen_before => Ok(InsertOutcome::Inserted {
                    receipt: receipt.clone(),
                }),
                // Stored earlier in this batch: compare with what was stored.
                (Some(receipt), _) => Ok(InsertOutcome::Existing {
                    receipt: receipt.clone(),
                    fingerprint: first[&id].fingerprint.clone(),
                }),
                (None, Some((receipt, fingerprint))) => Ok(InsertOutcome::Existing {
                    receipt: receipt.clone(),
                    fingerprint: fingerprint.clone(),
                }),
                (None, None) => Err(StoreError::Backend(format!(
                    "submission {id} neither inserted nor found"
                ))),
            }
        })
        .collect()
}
