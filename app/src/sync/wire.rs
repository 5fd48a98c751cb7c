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
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SubmissionBatch {
    /// At most 100 (`MAX_BATCH`); more is a 413.
    #[cfg_attr(feature = "ssr", schema(max_items = 100))]
    pub submissions: Vec<WireSubmission>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct WireSubmission {
    /// A UUID the client made: the idempotency key. Anything else is `rejected` with code `invalid`.
    #[cfg_attr(
        feature = "ssr",
        schema(example = "0b7d3c1e-6f0a-4b8e-9a51-3c2d1f0e9a77")
    )]
    pub id: String,
    pub conversation_id: String,
    /// When the person pressed Send, RFC 3339 (`rejected` with code `invalid` otherwise).
    #[cfg_attr(feature = "ssr", schema(example = "2026-11-27T09:30:00Z"))]
    pub created_at: String,
    /// `own_device` or `shared_device`; `staff_assisted`, `paper` or `event` need a signed-in member of
    /// staff (`forbidden` otherwise). Anything else is `rejected` with code `invalid`.
    #[cfg_attr(feature = "ssr", schema(example = "own_device"))]
    pub channel: String,
    pub answers: Vec<WireAnswer>,
    #[serde(default)]
    pub consent: Consent,
    /// Where staff collected it (an event or a place), if they said. Added in v1 as optional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// The language the person wrote in: `en`, `pl` or `ar` (`rejected` with code `invalid`
    /// otherwise). Added in v1 as optional; without it the submission's language is not recorded.
    #[cfg_attr(feature = "ssr", schema(example = "pl"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
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
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct WireAnswer {
    pub question_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Any whole number (`4` or `4.0`); out of 1-5 is `rejected` with code `invalid_answer`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "whole_number"
    )]
    pub scale: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub choice: Option<String>,
}

/// A JSON whole number however it is written: JSON Schema's `integer` includes `4.0` (the OpenAPI
/// document says `int64`). A fraction, a number beyond `i64` (or written with a point beyond 2^53), a
/// string or any other type does not read: a body that says `4.5` is malformed.
fn whole_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    struct Whole;
    impl<'de> serde::de::Visitor<'de> for Whole {
        type Value = Option<i64>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a whole number")
        }
        fn visit_i64<E: serde::de::Error>(self, n: i64) -> Result<Self::Value, E> {
            Ok(Some(n))
        }
        fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<Self::Value, E> {
            i64::try_from(n)
                .map(Some)
                .map_err(|_| E::invalid_value(serde::de::Unexpected::Unsigned(n), &self))
        }
        fn visit_f64<E: serde::de::Error>(self, n: f64) -> Result<Self::Value, E> {
            // Beyond 2^53 a float no longer says which whole number it was (serde_json reads an integer
            // that does not fit i64 as a float, so -2^63 - 1 arrives here as -2^63).
            const EXACT: f64 = 9_007_199_254_740_992.0;
            if n.fract() == 0.0 && n.abs() <= EXACT {
                Ok(Some(n as i64))
            } else {
                Err(E::invalid_type(serde::de::Unexpected::Float(n), &self))
            }
        }
        fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D2: serde::Deserializer<'de>>(self, d: D2) -> Result<Self::Value, D2::Error> {
            d.deserialize_any(Whole)
        }
    }
    d.deserialize_option(Whole)
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
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct BatchResult {
    pub results: Vec<ItemResult>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ItemResult {
    /// The submission's id as sent.
    pub id: String,
    pub status: ItemStatus,
    /// The receipt code, with `accepted` and `duplicate`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receipt: Option<String>,
    /// Why, with `rejected`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ItemError>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum ItemStatus {
    Accepted,
    Duplicate,
    Rejected,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ItemError {
    pub code: RejectCode,
    pub message: String,
}

/// The body of every non-200 answer of the API.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ApiError {
    pub error: ApiErrorBody,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ApiErrorBody {
    /// `malformed` or `bad_body` (400), `too_many` or `too_large` (413), `unavailable` (503).
    #[cfg_attr(feature = "ssr", schema(example = "malformed"))]
    pub code: String,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ConversationList {
    pub conversations: Vec<WireConversation>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct WireConversation {
    pub id: String,
    pub title: String,
    pub open: bool,
    pub questions: Vec<WireQuestion>,
    /// The language it is written in (`en`, `pl`, `ar`). Added in v1.
    #[cfg_attr(feature = "ssr", schema(example = "en"))]
    #[serde(default)]
    pub lang: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct WireQuestion {
    pub id: String,
    pub kind: QuestionKind,
    pub prompt: String,
    /// A choice question's choices, in the conversation's language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub choices: Option<Vec<String>>,
    /// The same choices with their ids. Send a choice's `id` as the answer's `choice` (its words in
    /// any of the conversation's languages are accepted too): answers count by id. Added in v1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<Vec<WireChoice>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct WireChoice {
    #[cfg_attr(feature = "ssr", schema(example = "c1"))]
    pub id: String,
    pub label: String,
}

impl From<&Conversation> for WireConversation {
    fn from(c: &Conversation) -> Self {
        WireConversation {
            id: c.id.clone(),
            title: c.title.clone(),
            open: c.open,
            lang: c.lang.code().to_string(),
            questions: c
                .questions
                .iter()
                .map(|q| WireQuestion {
                    id: q.id.clone(),
                    kind: q.kind,
                    prompt: q.prompt.clone(),
                    choices: (q.kind == QuestionKind::Choice)
                        .then(|| q.choices.iter().map(|c| c.label.clone()).collect()),
                    options: (q.kind == QuestionKind::Choice).then(|| {
                        q.choices
                            .iter()
                            .map(|c| WireChoice {
                                id: c.id.clone(),
                                label: c.label.clone(),
                            })
                            .collect()
                    }),
                })
                .collect(),
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use proptest::prelude::*;

    fn scale_of(json: &str) -> Result<Option<i64>, serde_json::Error> {
        serde_json::from_str::<WireAnswer>(&format!(r#"{{"question_id":"q","scale":{json}}}"#))
            .map(|a| a.scale)
    }

    #[test]
    fn a_scale_is_any_whole_number_however_it_is_written() {
        assert_eq!(scale_of("4").ok(), Some(Some(4)));
        assert_eq!(scale_of("4.0").ok(), Some(Some(4)));
        assert_eq!(scale_of("-2").ok(), Some(Some(-2)));
        assert_eq!(scale_of("null").ok(), Some(None));
        assert_eq!(scale_of("9223372036854775807").ok(), Some(Some(i64::MAX)));
        assert_eq!(scale_of("-9223372036854775808").ok(), Some(Some(i64::MIN)));
        assert!(scale_of("9223372036854775808").is_err());
        assert!(scale_of("1e30").is_err());
        assert!(scale_of("-9223372036854775809").is_err());
        assert_eq!(scale_of("1e15").ok(), Some(Some(1_000_000_000_000_000)));
        assert!(scale_of("99999999999999999999").is_err());
        assert!(scale_of("4.5").is_err());
        assert!(scale_of("\"4\"").is_err());
        assert!(scale_of("true").is_err());
    }

    /// Any JSON value, a few levels deep.
    fn json() -> impl Strategy<Value = serde_json::Value> {
        let leaf = prop_oneof![
            Just(serde_json::Value::Null),
            any::<bool>().prop_map(serde_json::Value::from),
            any::<i64>().prop_map(serde_json::Value::from),
            any::<f64>().prop_map(serde_json::Value::from),
            ".{0,12}".prop_map(serde_json::Value::from),
        ];
        leaf.prop_recursive(4, 32, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::from),
                prop::collection::btree_map(
                    prop_oneof![
                        Just("submissions".to_string()),
                        Just("answers".to_string()),
                        Just("scale".to_string()),
                        Just("question_id".to_string()),
                        "[a-z_]{1,8}"
                    ],
                    inner,
                    0..6
                )
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
            ]
        })
    }

    fn answer() -> impl Strategy<Value = WireAnswer> {
        (
            ".{0,8}",
            proptest::option::of(".{0,20}"),
            proptest::option::of(any::<i64>()),
            proptest::option::of(".{0,8}"),
        )
            .prop_map(|(question_id, text, scale, choice)| WireAnswer {
                question_id,
                text,
                scale,
                choice,
            })
    }

    pub(crate) fn submission() -> impl Strategy<Value = WireSubmission> {
        (
            (".{0,40}", ".{0,12}", ".{0,30}", ".{0,16}"),
            prop::collection::vec(answer(), 0..5),
            any::<(bool, bool, bool)>(),
            proptest::option::of(".{0,110}"),
            prop::collection::btree_map(".{0,4}", ".{0,8}", 0..3),
            proptest::option::of(any::<bool>()),
            proptest::option::of(prop_oneof![Just("pl".to_string()), ".{0,3}"]),
        )
            .prop_map(
                |(
                    (id, conversation_id, created_at, channel),
                    answers,
                    c,
                    place,
                    reach,
                    explained,
                    lang,
                )| {
                    WireSubmission {
                        id,
                        conversation_id,
                        created_at,
                        channel,
                        answers,
                        consent: Consent {
                            quote: c.0,
                            board: c.1,
                            updates: c.2,
                        },
                        place,
                        reach,
                        explained,
                        lang,
                    }
                },
            )
    }

    proptest! {
        /// The server reads request bodies with exactly this: junk is an error, never a panic.
        #[test]
        fn any_bytes_read_as_a_batch_or_an_error(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
            let _ = serde_json::from_slice::<SubmissionBatch>(&bytes);
        }

        #[test]
        fn any_json_reads_as_a_batch_or_an_error(value in json()) {
            let _ = serde_json::from_slice::<SubmissionBatch>(value.to_string().as_bytes());
        }

        /// What a phone's outbox writes, the server reads back unchanged.
        #[test]
        fn a_batch_survives_the_wire(submissions in prop::collection::vec(submission(), 0..4)) {
            let batch = SubmissionBatch { submissions };
            let json = serde_json::to_string(&batch).expect("serialises");
            let back: SubmissionBatch = serde_json::from_str(&json).expect("reads back");
            prop_assert_eq!(back, batch);
        }
    }
}
