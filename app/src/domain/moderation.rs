//! What coordinators do with input: a status (new, published, hidden), redactions, themes, safeguarding
//! flags and private notes, and the inbox filter. Pure types and rules; storage and pages use them.

use super::{Answer, AnswerValue, Channel};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Where a submission stands. Only `Published` ones may ever be quoted, and only with quote consent.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    #[default]
    New,
    Published,
    Hidden,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::New, Status::Published, Status::Hidden];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Published => "published",
            Status::Hidden => "hidden",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Status::ALL.into_iter().find(|x| x.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::New => "New",
            Status::Published => "Published as a quote",
            Status::Hidden => "Hidden",
        }
    }
}

/// A safeguarding flag's follow-up state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FlagState {
    Open,
    InProgress,
    Closed,
}

impl FlagState {
    pub const ALL: [FlagState; 3] = [FlagState::Open, FlagState::InProgress, FlagState::Closed];

    pub fn as_str(self) -> &'static str {
        match self {
            FlagState::Open => "open",
            FlagState::InProgress => "in_progress",
            FlagState::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        FlagState::ALL.into_iter().find(|x| x.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            FlagState::Open => "Safeguarding: open",
            FlagState::InProgress => "Safeguarding: in progress",
            FlagState::Closed => "Safeguarding: closed",
        }
    }
}

/// Which safeguarding flags the inbox shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FlagFilter {
    /// Open or in progress: still needs someone.
    Open,
    /// Flagged at any time, closed ones too.
    Any,
    /// Never flagged.
    None,
}

impl FlagFilter {
    pub const ALL: [FlagFilter; 3] = [FlagFilter::Open, FlagFilter::Any, FlagFilter::None];

    pub fn as_str(self) -> &'static str {
        match self {
            FlagFilter::Open => "open",
            FlagFilter::Any => "any",
            FlagFilter::None => "none",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        FlagFilter::ALL.into_iter().find(|x| x.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            FlagFilter::Open => "Open flags",
            FlagFilter::Any => "Ever flagged",
            FlagFilter::None => "Not flagged",
        }
    }
}

/// The longest search, theme name and note we accept, in characters.
pub const MAX_SEARCH_CHARS: usize = 100;
pub const MAX_THEME_CHARS: usize = 60;
pub const MAX_NOTE_CHARS: usize = 4_000;

/// What replaces removed words in everything but the coordinators' view.
pub const REMOVED: &str = "[removed]";

/// The inbox filter: every part optional, all parts together. Built from the page's query string.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxFilter {
    pub conversation: Option<String>,
    pub status: Option<Status>,
    pub channel: Option<Channel>,
    pub theme: Option<i64>,
    pub flag: Option<FlagFilter>,
    /// Linked to this action.
    pub action: Option<i64>,
    /// Received on or after this day (UTC).
    pub from: Option<NaiveDate>,
    /// Received on or before this day (UTC).
    pub to: Option<NaiveDate>,
    /// Lower-cased words to find in the text and choice answers.
    pub text: Option<String>,
    /// Written in this language.
    pub lang: Option<super::Lang>,
}

/// The inbox query string as it arrives: every field text, possibly empty or junk.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxQuery {
    #[serde(default)]
    pub conversation: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub channel: String,
    #[serde(default)]
    pub theme: String,
    #[serde(default)]
    pub flag: String,
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub lang: String,
}

impl InboxQuery {
    /// The filter this query asks for. Parts that do not parse are left out rather than refused, so an
    /// old bookmark still opens the inbox; `problems` says which were left out.
    pub fn filter(&self) -> (InboxFilter, Vec<&'static str>) {
        let mut problems = Vec::new();
        let mut part = |raw: &str, name: &'static str, ok: Option<()>| {
            if !raw.trim().is_empty() && ok.is_none() {
                problems.push(name);
            }
        };
        let conversation = Some(self.conversation.trim())
            .filter(|c| !c.is_empty() && c.len() <= 100)
            .map(str::to_string);
        let status = Status::parse(&self.status);
        part(&self.status, "status", status.map(|_| ()));
        let channel = Channel::parse(&self.channel);
        part(&self.channel, "channel", channel.map(|_| ()));
        let theme = self.theme.trim().parse::<i64>().ok();
        part(&self.theme, "theme", theme.map(|_| ()));
        let flag = FlagFilter::parse(&self.flag);
        part(&self.flag, "safeguarding", flag.map(|_| ()));
        let action = self.action.trim().parse::<i64>().ok();
        part(&self.action, "action", action.map(|_| ()));
        let from = NaiveDate::parse_from_str(self.from.trim(), "%Y-%m-%d").ok();
        part(&self.from, "from", from.map(|_| ()));
        let to = NaiveDate::parse_from_str(self.to.trim(), "%Y-%m-%d").ok();
        part(&self.to, "to", to.map(|_| ()));
        let text = search_words(&self.q);
        part(&self.q, "search", text.as_ref().map(|_| ()));
        let lang = super::Lang::from_code(self.lang.trim());
        part(&self.lang, "language", lang.map(|_| ()));
        (
            InboxFilter {
                conversation,
                status,
                channel,
                theme,
                flag,
                action,
                from,
                to,
                text,
                lang,
            },
            problems,
        )
    }

    /// The query string for this filter (without paging), to carry into the next page's link.
    pub fn encode(&self) -> String {
        let pairs = [
            ("conversation", &self.conversation),
            ("status", &self.status),
            ("channel", &self.channel),
            ("theme", &self.theme),
            ("flag", &self.flag),
            ("action", &self.action),
            ("from", &self.from),
            ("to", &self.to),
            ("q", &self.q),
            ("lang", &self.lang),
        ];
        pairs
            .iter()
            .filter(|(_, v)| !v.trim().is_empty())
            .map(|(k, v)| format!("{k}={}", urlencoding_lite(v)))
            .collect::<Vec<_>>()
            .join("&")
    }
}

/// Percent-encodes everything but unreserved characters (RFC 3986), enough for a query value.
fn urlencoding_lite(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The search as stored text is searched: trimmed, lower-cased, inner spaces collapsed; `None` when blank
/// or longer than `MAX_SEARCH_CHARS`.
pub fn search_words(raw: &str) -> Option<String> {
    let words = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    (!words.is_empty() && words.chars().count() <= MAX_SEARCH_CHARS).then(|| words.to_lowercase())
}

/// What the inbox search looks in: the text and choice answers, lower-cased, one per line.
pub fn search_text(answers: &[Answer]) -> String {
    answers
        .iter()
        .filter_map(|a| match &a.value {
            AnswerValue::Text(s) | AnswerValue::Choice(s) => Some(s.to_lowercase()),
            AnswerValue::Scale(_) => None,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Why words could not be removed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RedactError {
    /// Blank, or longer than the answer could hold.
    NoWords,
    /// The question has no text answer, or the words are not in it.
    NotFound,
}

/// `answers` with every place `words` appears in the text answer to `question_id` replaced by
/// `REMOVED`. Exact match, so a coordinator removes exactly what they selected.
pub fn redact(
    answers: &[Answer],
    question_id: &str,
    words: &str,
) -> Result<Vec<Answer>, RedactError> {
    let words = words.trim();
    if words.is_empty() || words.chars().count() > super::MAX_ANSWER_CHARS || words == REMOVED {
        return Err(RedactError::NoWords);
    }
    let mut found = false;
    let redacted = answers
        .iter()
        .map(|a| match &a.value {
            AnswerValue::Text(text) if a.question_id == question_id && text.contains(words) => {
                found = true;
                Answer {
                    question_id: a.question_id.clone(),
                    value: AnswerValue::Text(text.replace(words, REMOVED)),
                }
            }
            _ => a.clone(),
        })
        .collect();
    if found {
        Ok(redacted)
    } else {
        Err(RedactError::NotFound)
    }
}

/// A theme with how many submissions carry it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Theme {
    pub id: i64,
    pub name: String,
    pub count: i64,
}

/// A theme name: trimmed, inner spaces collapsed, 1 to `MAX_THEME_CHARS` characters.
pub fn theme_name(raw: &str) -> Option<String> {
    let name = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    (!name.is_empty() && name.chars().count() <= MAX_THEME_CHARS).then_some(name)
}

/// A note or a safeguarding text: trimmed, at most `MAX_NOTE_CHARS`.
pub fn note_text(raw: &str) -> Option<String> {
    let text = raw.trim();
    (text.chars().count() <= MAX_NOTE_CHARS).then(|| text.to_string())
}

/// A submission's safeguarding flag.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flag {
    pub state: FlagState,
    pub reason: String,
    pub close_note: String,
    pub raised_by: Option<String>,
    pub raised_at: chrono::DateTime<chrono::Utc>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

/// A private note on a submission.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    pub author: Option<String>,
    pub at: chrono::DateTime<chrono::Utc>,
    pub body: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(q: &str, s: &str) -> Answer {
        Answer {
            question_id: q.into(),
            value: AnswerValue::Text(s.into()),
        }
    }

    #[test]
    fn redaction_replaces_every_place_the_words_appear_in_that_answer_only() {
        let answers = vec![
            text("say", "Call Sam on 07700 900123. Sam knows."),
            text("other", "Sam again"),
            Answer {
                question_id: "feeling".into(),
                value: AnswerValue::Scale(3),
            },
        ];
        let out = redact(&answers, "say", " Sam ").expect("found");
        assert_eq!(
            out[0],
            text("say", "Call [removed] on 07700 900123. [removed] knows.")
        );
        assert_eq!(out[1], answers[1]);
        assert_eq!(out[2], answers[2]);
        let out = redact(&out, "say", "07700 900123").expect("found");
        assert_eq!(
            out[0],
            text("say", "Call [removed] on [removed]. [removed] knows.")
        );
        assert_eq!(redact(&answers, "say", "Alex"), Err(RedactError::NotFound));
        assert_eq!(redact(&answers, "feeling", "3"), Err(RedactError::NotFound));
        assert_eq!(redact(&answers, "say", "  "), Err(RedactError::NoWords));
        assert_eq!(redact(&out, "say", REMOVED), Err(RedactError::NoWords));
    }

    #[test]
    fn a_query_becomes_a_filter_and_junk_parts_are_named_not_fatal() {
        let q = InboxQuery {
            conversation: "tell-us-anything".into(),
            status: "hidden".into(),
            channel: "carrier_pigeon".into(),
            theme: "7".into(),
            flag: "open".into(),
            action: "3".into(),
            from: "2026-11-01".into(),
            to: "yesterday".into(),
            q: "  The  BUS ".into(),
            lang: "pl".into(),
        };
        let (f, problems) = q.filter();
        assert_eq!(f.conversation.as_deref(), Some("tell-us-anything"));
        assert_eq!(f.status, Some(Status::Hidden));
        assert_eq!(f.channel, None);
        assert_eq!(f.theme, Some(7));
        assert_eq!(f.flag, Some(FlagFilter::Open));
        assert_eq!(f.action, Some(3));
        assert_eq!(f.from, NaiveDate::from_ymd_opt(2026, 11, 1));
        assert_eq!(f.to, None);
        assert_eq!(f.text.as_deref(), Some("the bus"));
        assert_eq!(problems, vec!["channel", "to"]);
        assert_eq!(
            InboxQuery::default().filter(),
            (InboxFilter::default(), vec![])
        );
        assert!(q.encode().contains("q=%20%20The%20%20BUS%20"));
        assert!(!InboxQuery::default().encode().contains('='));
    }

    #[test]
    fn names_notes_and_searches_have_limits() {
        assert_eq!(theme_name("  Bus   times "), Some("Bus times".into()));
        assert_eq!(theme_name("   "), None);
        assert_eq!(theme_name(&"x".repeat(MAX_THEME_CHARS + 1)), None);
        assert_eq!(search_words(&"y".repeat(MAX_SEARCH_CHARS + 1)), None);
        assert_eq!(note_text(&"n".repeat(MAX_NOTE_CHARS + 1)), None);
        assert_eq!(
            search_text(&[text("a", "Hello"), text("b", "ÉCOLE")]),
            "hello\nécole"
        );
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    fn answers() -> impl Strategy<Value = Vec<Answer>> {
        prop::collection::vec(
            (
                prop_oneof![Just("say".to_string()), Just("other".to_string())],
                prop_oneof![
                    ".{0,40}".prop_map(AnswerValue::Text),
                    "[ab ]{0,12}".prop_map(AnswerValue::Text),
                    (1u8..=5).prop_map(AnswerValue::Scale),
                ],
            )
                .prop_map(|(question_id, value)| Answer { question_id, value }),
            0..4,
        )
    }

    proptest! {
        /// Any words on any answers: a redaction or a reason, never a panic. Only the chosen question's
        /// text changes, and only where the words were.
        #[test]
        fn any_redaction_is_done_exactly_or_refused(
            answers in answers(),
            words in prop_oneof![".{0,8}", "[ab ]{0,4}"],
        ) {
            match redact(&answers, "say", &words) {
                Ok(out) => {
                    let words = words.trim();
                    prop_assert!(!words.is_empty());
                    prop_assert_eq!(out.len(), answers.len());
                    let mut changed = 0;
                    for (before, after) in answers.iter().zip(&out) {
                        match (&before.value, &after.value) {
                            (AnswerValue::Text(b), AnswerValue::Text(a))
                                if before.question_id == "say" && b.contains(words) =>
                            {
                                prop_assert_eq!(a, &b.replace(words, REMOVED));
                                changed += 1;
                            }
                            _ => prop_assert_eq!(before, after),
                        }
                    }
                    prop_assert!(changed > 0);
                }
                Err(RedactError::NoWords) => {
                    let w = words.trim();
                    prop_assert!(w.is_empty() || w == REMOVED || w.chars().count() > super::super::MAX_ANSWER_CHARS);
                }
                Err(RedactError::NotFound) => {
                    let w = words.trim();
                    prop_assert!(!answers.iter().any(|a| a.question_id == "say"
                        && matches!(&a.value, AnswerValue::Text(t) if t.contains(w))));
                }
            }
        }

        /// Any inbox query reads as a filter, and the link for a query opens the same filter.
        #[test]
        fn an_inbox_query_reads_and_its_link_reads_back_the_same(
            parts in prop::collection::vec(
                prop_oneof![".{0,10}", "[0-9]{1,3}", Just("2026-11-01".to_string()), Just("hidden".to_string())],
                9,
            ),
        ) {
            let q = InboxQuery {
                conversation: parts[0].clone(),
                status: parts[1].clone(),
                channel: parts[2].clone(),
                theme: parts[3].clone(),
                flag: parts[4].clone(),
                action: parts[5].clone(),
                from: parts[6].clone(),
                to: parts[7].clone(),
                q: parts[8].clone(),
                lang: String::new(),
            };
            let (filter, _) = q.filter();
            let back: InboxQuery = serde_urlencoded::from_str(&q.encode()).expect("the link reads");
            prop_assert_eq!(back.filter().0, filter);
        }

        #[test]
        fn names_notes_and_searches_are_trimmed_and_bounded(raw in ".{0,300}") {
            if let Some(name) = theme_name(&raw) {
                prop_assert!(!name.is_empty() && name.chars().count() <= MAX_THEME_CHARS);
                prop_assert_eq!(theme_name(&name), Some(name.clone()));
            }
            if let Some(note) = note_text(&raw) {
                prop_assert!(note.chars().count() <= MAX_NOTE_CHARS);
                prop_assert_eq!(note.trim(), note.as_str());
            }
            if let Some(words) = search_words(&raw) {
                prop_assert_eq!(search_words(&words), Some(words.clone()));
            }
        }
    }
}
