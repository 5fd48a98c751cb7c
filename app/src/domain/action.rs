//! "You said, we did": what a service decided to do about what it heard. An action names what was heard
//! (linked themes and submissions), what is being done, where it stands, what it costs, when, and who
//! decided; dated updates follow it. Pure types and rules; storage and pages use them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Where an action stands. `NotDoing` always comes with the reason.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionStatus {
    #[default]
    Considering,
    Planned,
    InProgress,
    Done,
    NotDoing,
}

impl ActionStatus {
    /// In the order the public page shows them: what is moving first, decisions against last.
    pub const ALL: [ActionStatus; 5] = [
        ActionStatus::InProgress,
        ActionStatus::Planned,
        ActionStatus::Considering,
        ActionStatus::Done,
        ActionStatus::NotDoing,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ActionStatus::Considering => "considering",
            ActionStatus::Planned => "planned",
            ActionStatus::InProgress => "in_progress",
            ActionStatus::Done => "done",
            ActionStatus::NotDoing => "not_doing",
        }
    }

    /// The ids of its words for participants: its name (`status-…`) and its group's heading (`heading-…`).
    pub fn message_ids(self) -> (&'static str, &'static str) {
        match self {
            ActionStatus::Considering => ("status-considering", "heading-considering"),
            ActionStatus::Planned => ("status-planned", "heading-planned"),
            ActionStatus::InProgress => ("status-in-progress", "heading-in-progress"),
            ActionStatus::Done => ("status-done", "heading-done"),
            ActionStatus::NotDoing => ("status-not-doing", "heading-not-doing"),
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        ActionStatus::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// The short label staff see (participants see `message_ids`, in their language).
    pub fn label(self) -> &'static str {
        match self {
            ActionStatus::Considering => "Thinking about it",
            ActionStatus::Planned => "Planned",
            ActionStatus::InProgress => "Doing it now",
            ActionStatus::Done => "Done",
            ActionStatus::NotDoing => "Not doing",
        }
    }
}

/// The longest action title, and the longest of its other texts and of an update, in characters.
pub const MAX_ACTION_TITLE_CHARS: usize = 120;
pub const MAX_ACTION_TEXT_CHARS: usize = 2_000;

/// What a coordinator writes about an action.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionFields {
    /// A short headline: "Longer opening hours on Fridays".
    pub title: String,
    /// What we heard, in our own words (the linked themes and quotes show the rest).
    pub heard: String,
    /// What we are doing about it.
    pub doing: String,
    pub status: ActionStatus,
    /// Why not, when the status is `NotDoing`; kept otherwise so a change of mind loses nothing.
    pub reason: String,
    /// In plain words: "About £200 a month from the drop-in budget".
    pub budget: String,
    pub timeline: String,
    /// How it was decided, and by whom.
    pub decided: String,
}

/// What is wrong with an action form, by the code the page shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActionProblem {
    /// Blank, or over `MAX_ACTION_TITLE_CHARS`.
    Title,
    /// One of the other texts is over `MAX_ACTION_TEXT_CHARS`.
    TooLong,
    Status,
    /// "Not doing" without a reason.
    Reason,
}

impl ActionProblem {
    pub fn code(self) -> &'static str {
        match self {
            ActionProblem::Title => "action_title",
            ActionProblem::TooLong => "action_too_long",
            ActionProblem::Status => "action_status",
            ActionProblem::Reason => "action_reason",
        }
    }
}

/// A title: trimmed, inner spaces collapsed, 1 to `MAX_ACTION_TITLE_CHARS` characters.
pub fn action_title(raw: &str) -> Result<String, ActionProblem> {
    let title = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if title.is_empty() || title.chars().count() > MAX_ACTION_TITLE_CHARS {
        return Err(ActionProblem::Title);
    }
    Ok(title)
}

/// A longer text: trimmed, line breaks kept, at most `MAX_ACTION_TEXT_CHARS`.
pub fn action_text(raw: &str) -> Result<String, ActionProblem> {
    let text = raw.trim().replace("\r\n", "\n");
    if text.chars().count() > MAX_ACTION_TEXT_CHARS {
        return Err(ActionProblem::TooLong);
    }
    Ok(text)
}

/// An action form as it arrives: every field text.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionForm {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub heard: String,
    #[serde(default)]
    pub doing: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub budget: String,
    #[serde(default)]
    pub timeline: String,
    #[serde(default)]
    pub decided: String,
}

impl ActionForm {
    pub fn parse(&self) -> Result<ActionFields, ActionProblem> {
        let status = ActionStatus::parse(&self.status).ok_or(ActionProblem::Status)?;
        let reason = action_text(&self.reason)?;
        if status == ActionStatus::NotDoing && reason.is_empty() {
            return Err(ActionProblem::Reason);
        }
        Ok(ActionFields {
            title: action_title(&self.title)?,
            heard: action_text(&self.heard)?,
            doing: action_text(&self.doing)?,
            status,
            reason,
            budget: action_text(&self.budget)?,
            timeline: action_text(&self.timeline)?,
            decided: action_text(&self.decided)?,
        })
    }
}

/// A dated update on an action. `author` is for staff pages only; the public never sees who wrote it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionUpdate {
    /// Stable, so a translation stays with its update.
    #[serde(default)]
    pub id: i64,
    pub at: DateTime<Utc>,
    pub body: String,
    pub author: Option<String>,
}

/// An action with what hangs on it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Action {
    pub id: i64,
    pub fields: ActionFields,
    /// Shown on the public page and on linked receipts. New actions start as drafts.
    pub published: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// (id, name), by name.
    pub themes: Vec<(i64, String)>,
    /// Newest first.
    pub updates: Vec<ActionUpdate>,
    /// How many submissions are linked to it.
    pub linked: i64,
    /// The language staff wrote it in; translations are optional (as for conversations).
    #[serde(default)]
    pub lang: super::Lang,
    #[serde(default, skip_serializing_if = "super::Translations::is_empty")]
    pub translations: super::Translations,
    /// In a copy for one reader (`in_language`): the parts still in `lang`.
    #[serde(default, skip_serializing_if = "std::collections::BTreeSet::is_empty")]
    pub untranslated: std::collections::BTreeSet<String>,
}

/// The parts of an action a reader sees, with what staff call them: (key, name, words, long).
const ACTION_PARTS: [(&str, &str); 7] = [
    ("title", "Title"),
    ("heard", "What we heard"),
    ("doing", "What we are doing"),
    ("reason", "Why not"),
    ("budget", "Money"),
    ("timeline", "When"),
    ("decided", "Who decided"),
];

impl Action {
    /// The language of a part shown untranslated (see `Conversation::mark`).
    pub fn mark(&self, part: &str) -> Option<super::Lang> {
        self.untranslated.contains(part).then_some(self.lang)
    }

    fn field_mut<'a>(fields: &'a mut ActionFields, key: &str) -> Option<&'a mut String> {
        Some(match key {
            "title" => &mut fields.title,
            "heard" => &mut fields.heard,
            "doing" => &mut fields.doing,
            "reason" => &mut fields.reason,
            "budget" => &mut fields.budget,
            "timeline" => &mut fields.timeline,
            "decided" => &mut fields.decided,
            _ => return None,
        })
    }

    /// Every part with words, in the order the public page shows them; updates are `u.<id>`.
    pub fn parts(&self) -> Vec<super::Part> {
        let mut fields = self.fields.clone();
        let mut parts = Vec::new();
        for (key, name) in ACTION_PARTS {
            if key == "reason" && fields.status != ActionStatus::NotDoing {
                continue;
            }
            let text = Action::field_mut(&mut fields, key)
                .cloned()
                .unwrap_or_default();
            if key == "title" || !text.trim().is_empty() {
                let title = key == "title";
                parts.push(super::Part {
                    key: key.into(),
                    name: name.into(),
                    text,
                    max_chars: if title {
                        MAX_ACTION_TITLE_CHARS
                    } else {
                        MAX_ACTION_TEXT_CHARS
                    },
                    long: !title,
                });
            }
        }
        for u in &self.updates {
            parts.push(super::Part {
                key: format!("u.{}", u.id),
                name: format!("Update of {}", super::dates::day(u.at.date_naive())),
                text: u.body.clone(),
                max_chars: MAX_ACTION_TEXT_CHARS,
                long: true,
            });
        }
        parts
    }

    /// For a reader of `lang`, as `Conversation::in_language`.
    pub fn in_language(mut self, lang: super::Lang) -> Action {
        let translations = std::mem::take(&mut self.translations);
        let mut copy = self;
        if lang == copy.lang {
            return copy;
        }
        let words = translations.get(&lang);
        let mut untranslated = std::collections::BTreeSet::new();
        for part in copy.parts() {
            if let Some(text) = Action::field_mut(&mut copy.fields, &part.key) {
                super::translation::pick(words, &mut untranslated, part.key, text);
            } else if let Some(u) = copy
                .updates
                .iter_mut()
                .find(|u| format!("u.{}", u.id) == part.key)
            {
                super::translation::pick(words, &mut untranslated, part.key, &mut u.body);
            }
        }
        copy.untranslated = untranslated;
        copy
    }
}

/// An action as the public page shows it: with the quotes behind it, each already checked for
/// quote consent and published status, and redacted as moderated.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicAction {
    pub action: Action,
    pub quotes: Vec<String>,
}

/// The text answers of a submission that may be quoted, joined, as the public sees them.
pub fn quote_text(answers: &[super::Answer]) -> Option<String> {
    let parts: Vec<&str> = answers
        .iter()
        .filter_map(|a| match &a.value {
            super::AnswerValue::Text(t) if !t.trim().is_empty() => Some(t.trim()),
            _ => None,
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join(" … "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Answer, AnswerValue};

    fn form() -> ActionForm {
        ActionForm {
            title: "  Open   on Fridays ".into(),
            heard: "People said Friday is when they need us.".into(),
            doing: "Opening until 6pm on Fridays.".into(),
            status: "planned".into(),
            budget: "About £200 a month".into(),
            timeline: "From January".into(),
            decided: "The team and the members' group, in November.".into(),
            ..ActionForm::default()
        }
    }

    #[test]
    fn a_form_becomes_fields_with_tidy_text() {
        let f = form().parse().expect("valid");
        assert_eq!(f.title, "Open on Fridays");
        assert_eq!(f.status, ActionStatus::Planned);
        assert_eq!(
            ActionForm {
                doing: "line one\r\nline two ".into(),
                ..form()
            }
            .parse()
            .expect("valid")
            .doing,
            "line one\nline two"
        );
    }

    #[test]
    fn not_doing_needs_a_reason_and_texts_have_limits() {
        let not_doing = ActionForm {
            status: "not_doing".into(),
            ..form()
        };
        assert_eq!(not_doing.parse(), Err(ActionProblem::Reason));
        let with_reason = ActionForm {
            reason: "The building closes at 5.".into(),
            ..not_doing
        };
        assert_eq!(
            with_reason.parse().expect("valid").status,
            ActionStatus::NotDoing
        );
        let blank = ActionForm {
            title: "   ".into(),
            ..form()
        };
        assert_eq!(blank.parse(), Err(ActionProblem::Title));
        let long = ActionForm {
            budget: "£".repeat(MAX_ACTION_TEXT_CHARS + 1),
            ..form()
        };
        assert_eq!(long.parse(), Err(ActionProblem::TooLong));
        let junk = ActionForm {
            status: "maybe".into(),
            ..form()
        };
        assert_eq!(junk.parse(), Err(ActionProblem::Status));
        for s in ActionStatus::ALL {
            assert_eq!(ActionStatus::parse(s.as_str()), Some(s));
        }
    }

    #[test]
    fn quotes_are_the_text_answers_only() {
        let answers = vec![
            Answer {
                question_id: "feeling".into(),
                value: AnswerValue::Scale(2),
            },
            Answer {
                question_id: "say".into(),
                value: AnswerValue::Text(" The bus is late. ".into()),
            },
            Answer {
                question_id: "where".into(),
                value: AnswerValue::Choice("Drop-in".into()),
            },
        ];
        assert_eq!(quote_text(&answers).as_deref(), Some("The bus is late."));
        assert_eq!(quote_text(&answers[..1]), None);
    }
}
