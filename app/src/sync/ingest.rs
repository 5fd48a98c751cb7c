//! The one path every submission takes into storage, whether it came through the v1 sync API or a
//! plain HTML form: parse each item, store the valid ones once per id, answer per item.

use super::wire::{ItemError, ItemResult, ItemStatus, WireSubmission};
use crate::domain::{
    known_reach, reach_fits, Conversation, NewSubmission, RejectCode, Rejection, Sender,
};
use crate::store::{InsertOutcome, Store, StoreError, SubmissionRecord};
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// Parses and stores a batch, answering per item in order.
pub async fn ingest(
    store: &dyn Store,
    batch: &[WireSubmission],
    sender: Sender,
    submitted_by: Option<i64>,
) -> Result<Vec<ItemResult>, StoreError> {
    let conversations = store.conversations().await?;
    ingest_for(store, &conversations, batch, sender, submitted_by).await
}

/// `ingest`, for a caller that has just read the conversations (the form without JavaScript), so they
/// are read once per send.
pub async fn ingest_for(
    store: &dyn Store,
    conversations: &[Conversation],
    batch: &[WireSubmission],
    sender: Sender,
    submitted_by: Option<i64>,
) -> Result<Vec<ItemResult>, StoreError> {
    let by_id: HashMap<&str, _> = conversations.iter().map(|c| (c.id.as_str(), c)).collect();
    let reach_questions = store.reach_questions().await?;
    let now = chrono::Utc::now();

    let mut results: Vec<Option<ItemResult>> = vec![None; batch.len()];
    let mut records = Vec::with_capacity(batch.len());
    let mut slots = Vec::with_capacity(batch.len());
    for (i, wire) in batch.iter().enumerate() {
        match NewSubmission::parse(wire, |id| by_id.get(id).copied(), sender) {
            Ok(_) if !reach_fits(&wire.reach) => {
                results[i] = Some(rejected(
                    &wire.id,
                    Rejection {
                        code: RejectCode::Invalid,
                        message: "There are too many reach answers, or one is too long.".into(),
                    },
                ))
            }
            Ok(submission) => {
                // Closing never loses words still in outboxes: late arrivals are kept and marked.
                let late = by_id
                    .get(submission.conversation_id.as_str())
                    .is_some_and(|c| !c.accepting(now.date_naive()));
                records.push(SubmissionRecord {
                    staff_id: crate::store::staff_id(),
                    fingerprint: fingerprint(&submission),
                    submission,
                    submitted_by,
                    late,
                    reach: known_reach(&wire.reach, &reach_questions),
                });
                slots.push(i);
            }
            Err(rejection) => results[i] = Some(rejected(&wire.id, rejection)),
        }
    }

    let outcomes = if records.is_empty() {
        Vec::new()
    } else {
        store.insert_submissions(&records, now).await?
    };
    for ((record, slot), outcome) in records.iter().zip(slots).zip(outcomes) {
        let id = batch[slot].id.clone();
        results[slot] = Some(match outcome {
            InsertOutcome::Inserted { receipt } => ItemResult {
                id,
                status: ItemStatus::Accepted,
                receipt: Some(receipt.to_string()),
                error: None,
            },
            InsertOutcome::Existing {
                receipt,
                fingerprint,
            } if fingerprint == record.fingerprint => ItemResult {
                id,
                status: ItemStatus::Duplicate,
                receipt: Some(receipt.to_string()),
                error: None,
            },
            InsertOutcome::Existing { .. } => rejected(
                &id,
                Rejection {
                    code: RejectCode::Conflict,
                    message: "A different submission with this id was already received.".into(),
                },
            ),
        });
    }
    Ok(results
        .into_iter()
        .zip(batch)
        .map(|(r, wire)| {
            // Every slot is filled above; this fallback only guards against a backend that answers
            // for fewer records than it was given.
            r.unwrap_or_else(|| ItemResult {
                id: wire.id.clone(),
                status: ItemStatus::Rejected,
                receipt: None,
                error: Some(ItemError {
                    code: RejectCode::Invalid,
                    message: "Not stored. Please send again.".into(),
                }),
            })
        })
        .collect())
}

fn rejected(id: &str, r: Rejection) -> ItemResult {
    ItemResult {
        id: id.to_string(),
        status: ItemStatus::Rejected,
        receipt: None,
        error: Some(ItemError {
            code: r.code,
            message: r.message,
        }),
    }
}

/// A digest of what the person said and chose, after parsing (so spacing a client trims differently does
/// not turn a retry into a conflict). The device time is left out: a plain HTML form pressed twice is
/// stamped twice by the server, yet it is the same submission.
pub fn fingerprint(s: &NewSubmission) -> String {
    let content = (&s.conversation_id, s.channel, &s.answers, s.consent);
    let bytes = serde_json::to_vec(&content).unwrap_or_default();
    Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
