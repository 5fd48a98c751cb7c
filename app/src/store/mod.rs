//! The storage port (server only). Server functions and the HTTP layer call `Store`; the SQLite and
//! PostgreSQL implementations live in the `server` crate, so nothing in `app` knows which database it is.
//!
//! `Store` is the sum of one trait per area (a file each, below), so a backend implements the areas one
//! at a time and callers hold one `Arc<dyn Store>`. The port speaks only domain types.

mod actions;
mod conversations;
mod moderation;
mod people;
mod reports;
mod submissions;

pub use actions::ActionStore;
pub use conversations::ConversationStore;
pub use moderation::ModerationStore;
pub use people::PeopleStore;
pub use reports::ReportStore;
pub use submissions::SubmissionStore;

use crate::domain::{NewSubmission, ReceiptCode, User};
use uuid::Uuid;

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
    /// The id staff pages, exports and the audit log use, drawn by Cairn (`staff_id`). The device's own
    /// id (`submission.id`) is its secret: storage matches it to answer a resend and never shows it.
    pub staff_id: Uuid,
    /// A digest of the content, to tell a true retry from a different submission reusing an id.
    pub fingerprint: String,
    /// The member of staff who captured it, if any.
    pub submitted_by: Option<i64>,
    /// Its conversation had closed when it arrived.
    pub late: bool,
    /// Its reach answers (question id, choice), checked against the questions. Only ever counted.
    pub reach: Vec<(i64, String)>,
}

/// A fresh, random staff id for a submission.
pub fn staff_id() -> Uuid {
    use rand::RngCore;
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    uuid::Builder::from_random_bytes(bytes).into_uuid()
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

/// The audit entry a change writes in the same transaction, so a change is never without its record.
#[derive(Clone, Debug)]
pub struct AuditRecord {
    pub actor: Option<i64>,
    pub action: &'static str,
    pub subject: String,
}

impl AuditRecord {
    /// An entry for a change `user` made.
    pub fn by(user: &User, action: &'static str, subject: String) -> Self {
        AuditRecord {
            actor: Some(user.id),
            action,
            subject,
        }
    }
}

/// Everything Cairn keeps: every area's trait, for one `Arc<dyn Store>`. Implemented for any type that
/// implements all the areas.
pub trait Store:
    ConversationStore + SubmissionStore + ModerationStore + ActionStore + PeopleStore + ReportStore
{
}

impl<T> Store for T where
    T: ConversationStore
        + SubmissionStore
        + ModerationStore
        + ActionStore
        + PeopleStore
        + ReportStore
{
}
