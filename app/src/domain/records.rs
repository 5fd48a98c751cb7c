//! What storage hands back to read: the rows pages and exports are built from. Plain data, so the
//! storage port and both backends depend only on the domain.

use super::{Answer, Channel, Consent, Flag, FlagState, Note, Status};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// One stored submission, as storage returns it for the inbox.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InboxEntry {
    /// The staff id Cairn gave it: never the sending device's id, and no receipt code is here at all.
    pub id: Uuid,
    pub conversation_id: String,
    pub conversation_title: String,
    pub channel: Channel,
    pub created_at: DateTime<Utc>,
    pub received_at: DateTime<Utc>,
    pub consent: Consent,
    /// As the participant wrote them. Only coordinators ever see these.
    pub answers: Vec<Answer>,
    pub status: Status,
    /// With personal details removed, when a coordinator removed any.
    pub public_answers: Option<Vec<Answer>>,
    pub flag: Option<FlagState>,
    /// (id, name), by name.
    pub themes: Vec<(i64, String)>,
    /// Arrived after its conversation closed.
    pub late: bool,
    /// Taken back by the participant: the answers are empty.
    pub withdrawn: bool,
    /// A coordinator has opened it or linked it to an action.
    pub read: bool,
    /// Where staff collected it, if they said.
    pub place: Option<String>,
    /// The language it was written in; `None` for older submissions and clients that did not say.
    #[serde(default)]
    pub lang: Option<super::Lang>,
}

/// Keyset paging: the inbox stays fast at any depth.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxCursor {
    pub received_at: DateTime<Utc>,
    pub id: Uuid,
}

impl InboxCursor {
    pub fn encode(&self) -> String {
        format!(
            "{}~{}",
            self.received_at
                .to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
            self.id
        )
    }

    /// `None` for anything that is not a cursor this server made.
    pub fn decode(s: &str) -> Option<Self> {
        let (received_at, id) = s.split_once('~')?;
        Some(InboxCursor {
            received_at: DateTime::parse_from_rfc3339(received_at)
                .ok()?
                .with_timezone(&Utc),
            id: Uuid::parse_str(id).ok()?,
        })
    }
}

/// One audit entry as storage returns it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: i64,
    pub at: DateTime<Utc>,
    /// The email of whoever did it; `None` for the system.
    pub actor: Option<String>,
    pub action: String,
    pub subject: String,
}

/// One submission with everything a coordinator sees about it.
#[derive(Clone, Debug, PartialEq)]
pub struct SubmissionDetail {
    pub entry: InboxEntry,
    pub flag: Option<Flag>,
    /// Oldest first.
    pub notes: Vec<Note>,
    /// The actions it is linked to: (id, title), by title.
    pub actions: Vec<(i64, String)>,
}

/// A safeguarding flag in the list of flags that still need someone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FlagEntry {
    pub submission_id: Uuid,
    pub conversation_title: String,
    pub state: FlagState,
    pub reason: String,
    pub raised_by: Option<String>,
    pub raised_at: DateTime<Utc>,
    /// The participant took the submission back; its words are gone.
    pub withdrawn: bool,
}

/// What a receipt code shows its owner: the conversation and their answers as moderated.
#[derive(Clone, Debug, PartialEq)]
pub struct ReceiptSubmission {
    pub id: Uuid,
    pub conversation_id: String,
    pub title: String,
    /// Redacted where a coordinator removed personal details; empty once withdrawn.
    pub answers: Vec<Answer>,
    pub withdrawn: bool,
    pub received_at: DateTime<Utc>,
    /// A coordinator has opened it (or linked it to an action).
    pub read: bool,
    /// The participant asked to hear what happens next.
    pub wants_updates: bool,
    /// When its owner last opened this receipt, if ever.
    pub last_seen: Option<DateTime<Utc>>,
}
