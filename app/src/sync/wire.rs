//! Version 1 of the sync API's JSON. Old app versions cached on phones keep speaking it after upgrades:
//! change it only by adding optional fields.
//!
//! Fields a client can get wrong one item at a time (id, time, channel) are strings here and are checked
//! per item by `NewSubmission::parse`, so that one bad item never blocks the rest of a batch.

use crate::domain::{Consent, Conversation, QuestionKind, RejectCode};
use serde::{Deserialize, Serialize};

/// The most submissions one request may carry.
pub const MAX_BATCH: usize = 100;
/// The largest request body the server reads.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SubmissionBatch {
    pub submissions: Vec<WireSubmission>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireSubmission {
    pub id: String,
    pub conversation_id: String,
    pub created_at: String,
    pub channel: String,
    pub answers: Vec<WireAnswer>,
    #[serde(default)]
    pub consent: Consent,
    /// Where staff collected it (an event or a place), if they said. Added in v1 as optional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// Staff in the field: that they explained to the person how their answers will be used (the field
    /// form's tick). Added in v1 as optional: `false` is refused; entries queued by releases from
    /// before it was sent carry none and are kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explained: Option<bool>,
    /// Optional, anonymous reach answers: reach question id → chosen choice. Added in v1 as optional.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub reach: std::collections::BTreeMap<String, String>,
}

/// Exactly one of `text`, `scale` or `choice` is set.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireAnswer {
    pub question_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub choice: Option<String>,
}

impl WireAnswer {
    pub fn text(question_id: &str, text: &str) -> Self {
        WireAnswer {
            question_id: question_id.into(),
            text: Some(text.into()),
            scale: None,
            choice: None,
        }
    }
    pub fn scale(question_id: &str, scale: i64) -> Self {
        WireAnswer {
            question_id: question_id.into(),
            text: None,
            scale: Some(scale),
            choice: None,
        }
    }
    pub fn choice(question_id: &str, choice: &str) -> Self {
        WireAnswer {
            question_id: question_id.into(),
            text: None,
            scale: None,
            choice: Some(choice.into()),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BatchResult {
    pub results: Vec<ItemResult>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemResult {
    pub id: String,
    pub status: ItemStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receipt: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ItemError>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemStatus {
    Accepted,
    Duplicate,
    Rejected,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemError {
    pub code: RejectCode,
    pub message: String,
}

/// The body of every non-200 answer of the API.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    pub error: ApiErrorBody,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiErrorBody {
    pub code: String,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationList {
    pub conversations: Vec<WireConversation>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireConversation {
    pub id: String,
    pub title: String,
    pub open: bool,
    pub questions: Vec<WireQuestion>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireQuestion {
    pub id: String,
    pub kind: QuestionKind,
    pub prompt: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub choices: Option<Vec<String>>,
}

impl From<&Conversation> for WireConversation {
    fn from(c: &Conversation) -> Self {
        WireConversation {
            id: c.id.clone(),
            title: c.title.clone(),
            open: c.open,
            questions: c
                .questions
                .iter()
                .map(|q| WireQuestion {
                    id: q.id.clone(),
                    kind: q.kind,
                    prompt: q.prompt.clone(),
                    choices: (q.kind == QuestionKind::Choice).then(|| q.choices.clone()),
                })
                .collect(),
        }
    }
}
