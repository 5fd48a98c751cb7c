//! A participant's half-written answers: what the browser keeps on every keystroke, and what the
//! no-JavaScript form post carries. Both turn into the same v1 wire submission here.

use crate::domain::{Channel, Consent, Conversation, QuestionKind};
use crate::sync::wire::{WireAnswer, WireSubmission};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Form field names, shared by the rendered form and the server's form handler.
pub const FIELD_ID: &str = "id";
pub const FIELD_CONSENT: &str = "consent";
/// Staff in the field: where they are, and that they explained how the answers will be used.
pub const FIELD_PLACE: &str = "place";
pub const FIELD_EXPLAINED: &str = "explained";
pub fn answer_field(question_id: &str) -> String {
    format!("a.{question_id}")
}
/// A reach question's field: `r.<id>`.
pub fn reach_field(question_id: i64) -> String {
    format!("r.{question_id}")
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    /// Raw values by question id: the text, the scale number or the chosen option.
    #[serde(default)]
    pub answers: BTreeMap<String, String>,
    #[serde(default)]
    pub consent: Consent,
    /// Reach answers by reach question id (only ever counted, apart from the words).
    #[serde(default)]
    pub reach: BTreeMap<String, String>,
}

impl Draft {
    pub fn get(&self, question_id: &str) -> &str {
        self.answers
            .get(question_id)
            .map(String::as_str)
            .unwrap_or("")
    }

    pub fn set(&mut self, question_id: &str, value: String) {
        self.answers.insert(question_id.to_string(), value);
    }

    pub fn has_content(&self) -> bool {
        self.answers.values().any(|v| !v.trim().is_empty())
    }

    /// From an HTML form post (`a.<question>` fields and `consent` checkboxes).
    pub fn from_form(fields: &[(String, String)]) -> Draft {
        let mut d = Draft::default();
        for (name, value) in fields {
            if let Some(q) = name.strip_prefix("a.") {
                d.set(q, value.clone());
            } else if let Some(q) = name.strip_prefix("r.") {
                if !value.is_empty() {
                    d.reach.insert(q.to_string(), value.clone());
                }
            } else if name == FIELD_CONSENT {
                match value.as_str() {
                    "quote" => d.consent.quote = true,
                    "board" => d.consent.board = true,
                    "updates" => d.consent.updates = true,
                    _ => {}
                }
            }
        }
        d
    }

    /// The submission to send. Blank answers are left out; the server checks everything again.
    pub fn to_wire(
        &self,
        conversation: &Conversation,
        id: String,
        created_at: String,
        channel: Channel,
    ) -> WireSubmission {
        let answers = conversation
            .questions
            .iter()
            .filter_map(|q| {
                let raw = self.get(&q.id);
                if raw.trim().is_empty() {
                    return None;
                }
                Some(match q.kind {
                    QuestionKind::Text => WireAnswer::text(&q.id, raw),
                    QuestionKind::Scale => {
                        WireAnswer::scale(&q.id, raw.trim().parse().unwrap_or(0))
                    }
                    QuestionKind::Choice => WireAnswer::choice(&q.id, raw),
                })
            })
            .collect();
        WireSubmission {
            id,
            conversation_id: conversation.id.clone(),
            created_at,
            channel: channel.as_str().to_string(),
            answers,
            consent: self.consent,
            place: None,
            lang: None,
            explained: None,
            reach: self.reach.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Promises, Question};

    fn conversation() -> Conversation {
        Conversation {
            id: "c".into(),
            title: "T".into(),
            open: true,
            promises: Promises::default(),
            lang: Default::default(),
            translations: Default::default(),
            untranslated: Default::default(),
            questions: vec![
                Question {
                    id: "t".into(),
                    kind: QuestionKind::Text,
                    prompt: "?".into(),
                    choices: vec![],
                },
                Question {
                    id: "s".into(),
                    kind: QuestionKind::Scale,
                    prompt: "?".into(),
                    choices: vec![],
                },
                Question {
                    id: "c".into(),
                    kind: QuestionKind::Choice,
                    prompt: "?".into(),
                    choices: vec!["A".into()],
                },
            ],
        }
    }

    #[test]
    fn a_form_post_becomes_the_same_wire_submission_as_a_draft() {
        let fields: Vec<(String, String)> = [
            ("id", "x"),
            ("a.t", "hello"),
            ("a.s", "4"),
            ("a.c", "A"),
            ("consent", "quote"),
            ("consent", "updates"),
            ("consent", "nonsense"),
            ("r.3", "Under 25"),
            ("r.4", ""),
        ]
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
        let d = Draft::from_form(&fields);
        let w = d.to_wire(
            &conversation(),
            "id".into(),
            "now".into(),
            Channel::OwnDevice,
        );
        assert_eq!(
            w.answers,
            vec![
                WireAnswer::text("t", "hello"),
                WireAnswer::scale("s", 4),
                WireAnswer::choice("c", "A")
            ]
        );
        assert_eq!(
            w.consent,
            Consent {
                quote: true,
                board: false,
                updates: true
            }
        );
        assert_eq!(w.channel, "own_device");
        assert_eq!(w.reach.len(), 1, "a skipped reach question is left out");
        assert_eq!(w.reach["3"], "Under 25");
    }

    #[test]
    fn blank_answers_are_left_out_and_a_blank_draft_has_no_content() {
        let mut d = Draft::default();
        d.set("t", "   ".into());
        assert!(!d.has_content());
        assert!(d
            .to_wire(&conversation(), "i".into(), "n".into(), Channel::OwnDevice)
            .answers
            .is_empty());
        d.set("s", "2".into());
        assert!(d.has_content());
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    fn field_name() -> impl Strategy<Value = String> {
        prop_oneof![
            Just(FIELD_CONSENT.to_string()),
            Just(FIELD_ID.to_string()),
            "a\\.[a-z]{0,3}",
            "r\\.[0-9]{0,2}",
            ".{0,6}",
        ]
    }

    fn value() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("quote".to_string()),
            Just("board".to_string()),
            Just("updates".to_string()),
            Just(String::new()),
            "[0-9]{1,3}",
            ".{0,12}",
        ]
    }

    proptest! {
        /// Any form post reads as a draft, and any draft becomes a submission, without a panic.
        #[test]
        fn any_form_post_reads_as_a_draft(
            fields in prop::collection::vec((field_name(), value()), 0..12),
        ) {
            let d = Draft::from_form(&fields);
            // A skipped reach question is left out; the last answer given to one counts.
            for (q, chosen) in &d.reach {
                let last = fields
                    .iter()
                    .rev()
                    .find(|(n, v)| n.strip_prefix("r.") == Some(q.as_str()) && !v.is_empty());
                prop_assert_eq!(last.map(|(_, v)| v), Some(chosen));
            }
            let _ = d.to_wire(&tests_conversation(), "id".into(), "now".into(), Channel::OwnDevice);
        }

        /// The fields a draft would post read back as the same draft.
        #[test]
        fn a_drafts_fields_read_back_as_the_same_draft(
            answers in prop::collection::btree_map("[a-z]{1,4}", ".{0,12}", 0..4),
            reach in prop::collection::btree_map("[0-9]{1,2}", ".{1,12}", 0..3),
            consent in any::<(bool, bool, bool)>(),
        ) {
            let draft = Draft {
                answers,
                consent: Consent { quote: consent.0, board: consent.1, updates: consent.2 },
                reach,
            };
            let mut fields: Vec<(String, String)> = draft
                .answers
                .iter()
                .map(|(q, v)| (answer_field(q), v.clone()))
                .collect();
            fields.extend(draft.reach.iter().map(|(q, v)| (format!("r.{q}"), v.clone())));
            for (ticked, name) in [(consent.0, "quote"), (consent.1, "board"), (consent.2, "updates")] {
                if ticked {
                    fields.push((FIELD_CONSENT.into(), name.into()));
                }
            }
            prop_assert_eq!(Draft::from_form(&fields), draft);
        }
    }

    fn tests_conversation() -> Conversation {
        use crate::domain::{Promises, Question};
        let question = |id: &str, kind, choices: Vec<crate::domain::Choice>| Question {
            id: id.into(),
            kind,
            prompt: "?".into(),
            choices,
        };
        Conversation {
            id: "c".into(),
            title: "T".into(),
            open: true,
            promises: Promises::default(),
            lang: Default::default(),
            translations: Default::default(),
            untranslated: Default::default(),
            questions: vec![
                question("t", QuestionKind::Text, vec![]),
                question("s", QuestionKind::Scale, vec![]),
                question("c", QuestionKind::Choice, vec!["A".into()]),
            ],
        }
    }
}
