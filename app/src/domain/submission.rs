use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// How a submission reached us (PRODUCT.md, principle 3: every channel lands in one place, labelled).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    OwnDevice,
    SharedDevice,
    StaffAssisted,
    Paper,
    Event,
}

impl Channel {
    pub const ALL: [Channel; 5] = [
        Channel::OwnDevice,
        Channel::SharedDevice,
        Channel::StaffAssisted,
        Channel::Paper,
        Channel::Event,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Channel::OwnDevice => "own_device",
            Channel::SharedDevice => "shared_device",
            Channel::StaffAssisted => "staff_assisted",
            Channel::Paper => "paper",
            Channel::Event => "event",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Channel::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// Only staff may say they captured input on someone's behalf.
    pub fn needs_staff(self) -> bool {
        matches!(
            self,
            Channel::StaffAssisted | Channel::Paper | Channel::Event
        )
    }

    pub fn label(self) -> &'static str {
        match self {
            Channel::OwnDevice => "Own device",
            Channel::SharedDevice => "Shared device",
            Channel::StaffAssisted => "With staff",
            Channel::Paper => "Paper",
            Channel::Event => "Event",
        }
    }
}

/// Consent is recorded per use; everything defaults to "no".
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Consent {
    #[serde(default)]
    pub quote: bool,
    #[serde(default)]
    pub board: bool,
    #[serde(default)]
    pub updates: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnswerValue {
    Text(String),
    Scale(u8),
    Choice(String),
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Answer {
    pub question_id: String,
    pub value: AnswerValue,
}

/// One person's answers to one conversation, checked against that conversation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewSubmission {
    pub id: Uuid,
    pub conversation_id: String,
    /// When the person pressed Send on their device, in UTC.
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub channel: Channel,
    pub answers: Vec<Answer>,
    pub consent: Consent,
    /// Where staff collected it (an event or a place), trimmed; `None` when not given.
    pub place: Option<String>,
    /// The language the person wrote in; `None` when the sender did not say.
    #[serde(default)]
    pub lang: Option<super::Lang>,
}

/// The longest event or place label, in characters.
pub const MAX_PLACE_CHARS: usize = 100;

/// Why one submission was refused. The codes are part of the v1 sync API: add, never rename.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum RejectCode {
    /// The id, the time or the channel is not in the form the API describes.
    Invalid,
    UnknownConversation,
    UnknownQuestion,
    InvalidAnswer,
    TooLong,
    Empty,
    Forbidden,
    Conflict,
}

impl RejectCode {
    /// The id of the words that explain it to a participant (`reject-too-long`).
    pub fn message_id(self) -> &'static str {
        match self {
            RejectCode::Invalid => "reject-invalid",
            RejectCode::UnknownConversation => "reject-unknown-conversation",
            RejectCode::UnknownQuestion => "reject-unknown-question",
            RejectCode::InvalidAnswer => "reject-invalid-answer",
            RejectCode::TooLong => "reject-too-long",
            RejectCode::Empty => "reject-empty",
            RejectCode::Forbidden => "reject-forbidden",
            RejectCode::Conflict => "reject-conflict",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejection {
    pub code: RejectCode,
    pub message: String,
}

impl Rejection {
    pub(crate) fn new(code: RejectCode, message: impl Into<String>) -> Self {
        Rejection {
            code,
            message: message.into(),
        }
    }
}

/// Who is sending, as far as the server knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sender {
    Anonymous,
    Staff,
}
