//! The wire → domain step: one submission as a device sent it becomes a checked `NewSubmission`, or a
//! `Rejection` with a reason. The domain defines what a submission is; this is where the v1 JSON
//! contract meets it, so the domain never depends on the wire.

use super::wire::{WireAnswer, WireSubmission};
use crate::domain::{
    Answer, AnswerValue, Channel, Conversation, Lang, NewSubmission, Question, QuestionKind,
    RejectCode, Rejection, Sender, MAX_ANSWER_CHARS, MAX_PLACE_CHARS,
};
use std::collections::HashSet;
use uuid::Uuid;

impl NewSubmission {
    /// Checks one submission from the wire against the conversations we have. Text is trimmed and
    /// blank answers are dropped, so "nothing but spaces" counts as empty.
    pub fn parse<'c>(
        wire: &WireSubmission,
        find_conversation: impl Fn(&str) -> Option<&'c Conversation>,
        sender: Sender,
    ) -> Result<NewSubmission, Rejection> {
        use RejectCode::*;
        let id = Uuid::parse_str(&wire.id)
            .map_err(|_| Rejection::new(Invalid, "The id must be a UUID."))?;
        let created_at = chrono::DateTime::parse_from_rfc3339(&wire.created_at)
            .map_err(|_| Rejection::new(Invalid, "created_at must be an RFC 3339 time."))?
            .with_timezone(&chrono::Utc);
        let channel = Channel::parse(&wire.channel)
            .ok_or_else(|| Rejection::new(Invalid, "Unknown channel."))?;
        if channel.needs_staff() && sender != Sender::Staff {
            return Err(Rejection::new(
                Forbidden,
                "Only signed-in staff can send input on someone's behalf.",
            ));
        }
        let place = wire
            .place
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_string);
        if place.is_some() && !channel.needs_staff() {
            return Err(Rejection::new(
                Invalid,
                "Only input collected by staff has an event or place.",
            ));
        }
        if place
            .as_ref()
            .is_some_and(|p| p.chars().count() > MAX_PLACE_CHARS)
        {
            return Err(Rejection::new(
                Invalid,
                format!("The event or place is longer than {MAX_PLACE_CHARS} characters."),
            ));
        }
        let lang = match wire.lang.as_deref() {
            None => None,
            Some(code) => Some(
                Lang::from_code(code)
                    .ok_or_else(|| Rejection::new(Invalid, "Unknown language."))?,
            ),
        };
        // The field form asks staff to confirm they explained how the answers will be used; the
        // server holds to it too, whatever sent the entry.
        if channel.needs_staff() && wire.explained == Some(false) {
            return Err(Rejection::new(
                Invalid,
                "Confirm that you explained how their answers will be used.",
            ));
        }
        let conversation = find_conversation(&wire.conversation_id)
            .ok_or_else(|| Rejection::new(UnknownConversation, "There is no such conversation."))?;

        let mut seen = HashSet::new();
        let mut answers = Vec::with_capacity(wire.answers.len());
        for a in &wire.answers {
            let question = conversation.question(&a.question_id).ok_or_else(|| {
                Rejection::new(
                    UnknownQuestion,
                    "An answer is for a question we did not ask.",
                )
            })?;
            if !seen.insert(a.question_id.as_str()) {
                return Err(Rejection::new(
                    InvalidAnswer,
                    "A question is answered twice.",
                ));
            }
            if let Some(value) = parse_answer(a, &conversation, question)? {
                answers.push(Answer {
                    question_id: a.question_id.clone(),
                    value,
                });
            }
        }
        if answers.is_empty() {
            return Err(Rejection::new(Empty, "There are no answers to send."));
        }
        Ok(NewSubmission {
            id,
            conversation_id: conversation.id.clone(),
            created_at,
            channel,
            answers,
            consent: wire.consent,
            place,
            lang,
        })
    }
}

/// `Ok(None)` for a blank text answer, which is simply left out.
fn parse_answer(
    a: &WireAnswer,
    conversation: &Conversation,
    question: &Question,
) -> Result<Option<AnswerValue>, Rejection> {
    use RejectCode::*;
    let wrong = || Rejection::new(InvalidAnswer, "An answer does not fit its question.");
    match (question.kind, &a.text, a.scale, &a.choice) {
        (QuestionKind::Text, Some(text), None, None) => {
            let text = text.trim();
            if text.chars().count() > MAX_ANSWER_CHARS {
                return Err(Rejection::new(
                    TooLong,
                    format!("An answer is longer than {MAX_ANSWER_CHARS} characters."),
                ));
            }
            Ok((!text.is_empty()).then(|| AnswerValue::Text(text.to_string())))
        }
        (QuestionKind::Scale, None, Some(n), None) if (1..=5).contains(&n) => {
            Ok(Some(AnswerValue::Scale(n as u8)))
        }
        // Kept as the choice's id, whichever language its words were picked in.
        (QuestionKind::Choice, None, None, Some(c)) => conversation
            .choice_id(question, c)
            .map(|id| Some(AnswerValue::Choice(id)))
            .ok_or_else(wrong),
        _ => Err(wrong()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Consent, Promises, Question};

    fn conversation() -> Conversation {
        Conversation {
            id: "c1".into(),
            title: "Tell us anything".into(),
            open: true,
            promises: Promises::default(),
            lang: Default::default(),
            translations: Default::default(),
            untranslated: Default::default(),
            questions: vec![
                Question {
                    id: "story".into(),
                    kind: QuestionKind::Text,
                    prompt: "Tell us".into(),
                    choices: vec![],
                },
                Question {
                    id: "feeling".into(),
                    kind: QuestionKind::Scale,
                    prompt: "How do you feel?".into(),
                    choices: vec![],
                },
                Question {
                    id: "often".into(),
                    kind: QuestionKind::Choice,
                    prompt: "How often?".into(),
                    choices: vec!["Often".into(), "Rarely".into()],
                },
            ],
        }
    }

    fn wire(answers: Vec<WireAnswer>) -> WireSubmission {
        WireSubmission {
            id: "6f1c1b9e-3f0e-4b43-9d47-2d5f2d0b8a11".into(),
            conversation_id: "c1".into(),
            created_at: "2026-11-27T10:00:00+01:00".into(),
            channel: "own_device".into(),
            answers,
            consent: Consent {
                quote: true,
                board: false,
                updates: true,
            },
            place: None,
            lang: None,
            explained: None,
            reach: Default::default(),
        }
    }

    fn parse(w: &WireSubmission) -> Result<NewSubmission, Rejection> {
        let c = conversation();
        NewSubmission::parse(w, |id| (id == "c1").then_some(&c), Sender::Anonymous).map(|s| s)
    }

    fn code(w: &WireSubmission) -> RejectCode {
        parse(w).expect_err("should be refused").code
    }

    #[test]
    fn a_complete_submission_parses_with_trimmed_text_and_utc_time() {
        let s = parse(&wire(vec![
            WireAnswer::text("story", "  The kettle is broken.  "),
            WireAnswer::scale("feeling", 4),
            WireAnswer::choice("often", "Often"),
        ]))
        .expect("valid");
        assert_eq!(
            s.answers[0].value,
            AnswerValue::Text("The kettle is broken.".into())
        );
        assert_eq!(s.answers[1].value, AnswerValue::Scale(4));
        assert_eq!(s.created_at.to_rfc3339(), "2026-11-27T09:00:00+00:00");
        assert!(s.consent.quote && !s.consent.board && s.consent.updates);
    }

    #[test]
    fn blank_text_is_left_out_and_nothing_but_blanks_is_empty() {
        let s = parse(&wire(vec![
            WireAnswer::text("story", "   "),
            WireAnswer::scale("feeling", 2),
        ]))
        .expect("valid");
        assert_eq!(s.answers.len(), 1);
        assert_eq!(
            code(&wire(vec![WireAnswer::text("story", " \n ")])),
            RejectCode::Empty
        );
        assert_eq!(code(&wire(vec![])), RejectCode::Empty);
    }

    #[test]
    fn answers_must_fit_their_questions() {
        assert_eq!(
            code(&wire(vec![WireAnswer::scale("feeling", 0)])),
            RejectCode::InvalidAnswer
        );
        assert_eq!(
            code(&wire(vec![WireAnswer::scale("feeling", 6)])),
            RejectCode::InvalidAnswer
        );
        assert_eq!(
            code(&wire(vec![WireAnswer::choice("often", "Never")])),
            RejectCode::InvalidAnswer
        );
        assert_eq!(
            code(&wire(vec![WireAnswer::text("feeling", "happy")])),
            RejectCode::InvalidAnswer
        );
        assert_eq!(
            code(&wire(vec![
                WireAnswer::scale("feeling", 3),
                WireAnswer::scale("feeling", 4)
            ])),
            RejectCode::InvalidAnswer
        );
        assert_eq!(
            code(&wire(vec![WireAnswer::text("nope", "hi")])),
            RejectCode::UnknownQuestion
        );
    }

    #[test]
    fn text_may_be_ten_thousand_characters_but_not_one_more() {
        let max = "é".repeat(MAX_ANSWER_CHARS);
        assert!(parse(&wire(vec![WireAnswer::text("story", &max)])).is_ok());
        let over = format!("{max}x");
        assert_eq!(
            code(&wire(vec![WireAnswer::text("story", &over)])),
            RejectCode::TooLong
        );
    }

    #[test]
    fn ids_times_channels_and_conversations_are_checked() {
        let mut w = wire(vec![WireAnswer::text("story", "hi")]);
        w.id = "not-a-uuid".into();
        assert_eq!(code(&w), RejectCode::Invalid);
        let mut w = wire(vec![WireAnswer::text("story", "hi")]);
        w.created_at = "yesterday".into();
        assert_eq!(code(&w), RejectCode::Invalid);
        let mut w = wire(vec![WireAnswer::text("story", "hi")]);
        w.channel = "carrier_pigeon".into();
        assert_eq!(code(&w), RejectCode::Invalid);
        let mut w = wire(vec![WireAnswer::text("story", "hi")]);
        w.conversation_id = "c2".into();
        assert_eq!(code(&w), RejectCode::UnknownConversation);
    }

    #[test]
    fn only_staff_may_send_on_someones_behalf() {
        let mut w = wire(vec![WireAnswer::text("story", "hi")]);
        w.channel = "staff_assisted".into();
        assert_eq!(code(&w), RejectCode::Forbidden);
        let c = conversation();
        assert!(NewSubmission::parse(&w, |_| Some(&c), Sender::Staff).is_ok());
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            /// Whatever a client sends, parsing answers with a submission or a reason, never a panic,
            /// and what it accepts keeps the promises the rest of the server relies on.
            #[test]
            fn any_wire_submission_parses_or_is_refused(
                w in crate::sync::wire::tests::submission(),
                staff in any::<bool>(),
            ) {
                let c = conversation();
                let sender = if staff { Sender::Staff } else { Sender::Anonymous };
                if let Ok(s) = NewSubmission::parse(&w, |id| (id == "c1").then_some(&c), sender) {
                    prop_assert_eq!(s.id, Uuid::parse_str(&w.id).expect("a UUID"));
                    prop_assert!(!s.answers.is_empty());
                    for a in &s.answers {
                        match &a.value {
                            AnswerValue::Text(t) => {
                                prop_assert_eq!(t.trim(), t.as_str());
                                prop_assert!(!t.is_empty() && t.chars().count() <= MAX_ANSWER_CHARS);
                            }
                            AnswerValue::Scale(n) => prop_assert!((1..=5).contains(n)),
                            AnswerValue::Choice(ch) => prop_assert!(ch == "Often" || ch == "Rarely"),
                        }
                    }
                    prop_assert!(sender == Sender::Staff || !s.channel.needs_staff());
                }
            }

            /// A well-formed submission is accepted with exactly what was said.
            #[test]
            fn a_valid_submission_keeps_its_answers(
                id in any::<u128>(),
                seconds in 0i64..4_000_000_000,
                text in "[a-zA-Z0-9 .,!?'-]{0,40}[a-zA-Z0-9]",
                scale in 1i64..=5,
                often in any::<bool>(),
            ) {
                let mut w = wire(vec![
                    WireAnswer::text("story", &text),
                    WireAnswer::scale("feeling", scale),
                    WireAnswer::choice("often", if often { "Often" } else { "Rarely" }),
                ]);
                w.id = Uuid::from_u128(id).to_string();
                let time = chrono::DateTime::from_timestamp(seconds, 0).expect("in range");
                w.created_at = time.to_rfc3339();
                let s = parse(&w).expect("valid");
                prop_assert_eq!(s.id, Uuid::from_u128(id));
                prop_assert_eq!(s.created_at, time);
                prop_assert_eq!(
                    s.answers.iter().map(|a| a.value.clone()).collect::<Vec<_>>(),
                    vec![
                        AnswerValue::Text(text.trim().to_string()),
                        AnswerValue::Scale(scale as u8),
                        AnswerValue::Choice(if often { "Often" } else { "Rarely" }.into()),
                    ]
                );
            }
        }
    }
}
