use serde::{Deserialize, Serialize};

/// What the service is asking about, with the promises it makes before anyone answers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conversation {
    pub id: String,
    pub title: String,
    pub open: bool,
    pub promises: Promises,
    pub questions: Vec<Question>,
}

impl Conversation {
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }
}

/// Shown before any question, in plain words (PRODUCT.md, principle 2: a safe environment).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Promises {
    pub why: String,
    pub how_used: String,
    pub who_sees: String,
    pub what_next: String,
    pub budget_timeline: String,
    pub closes_on: Option<String>,
    pub support: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    pub id: String,
    pub kind: QuestionKind,
    pub prompt: String,
    /// Only for `QuestionKind::Choice`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    Text,
    Scale,
    Choice,
}

impl QuestionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            QuestionKind::Text => "text",
            QuestionKind::Scale => "scale",
            QuestionKind::Choice => "choice",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "text" => Some(QuestionKind::Text),
            "scale" => Some(QuestionKind::Scale),
            "choice" => Some(QuestionKind::Choice),
            _ => None,
        }
    }
}
