use super::{Answer, AnswerValue, Lang, Translations};
use serde::{Deserialize, Deserializer, Serialize};
use std::collections::BTreeSet;

/// Answers as people read them: (question, answer) in the order given, a scale in the reader's words
/// (`scale`, "4 of 5: Happy"). A question the conversation no longer has is shown by its id.
pub fn shown_answers(
    conversation: Option<&Conversation>,
    answers: &[Answer],
    scale: impl Fn(u8) -> String,
) -> Vec<(String, String)> {
    answers
        .iter()
        .map(|a| {
            let prompt = conversation
                .and_then(|c| c.question(&a.question_id))
                .map(|q| q.prompt.clone())
                .unwrap_or_else(|| a.question_id.clone());
            let shown = match &a.value {
                AnswerValue::Text(s) => s.clone(),
                // By its id, so the words are the choice's today, whichever language it was picked in.
                AnswerValue::Choice(id) => conversation
                    .and_then(|c| c.question(&a.question_id)?.choice(id))
                    .map(|choice| choice.label.clone())
                    .unwrap_or_else(|| id.clone()),
                AnswerValue::Scale(n) => scale(*n),
            };
            (prompt, shown)
        })
        .collect()
}

/// What the service is asking about, with the promises it makes before anyone answers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conversation {
    pub id: String,
    pub title: String,
    pub open: bool,
    pub promises: Promises,
    pub questions: Vec<Question>,
    /// The language staff wrote it in; translations are optional.
    #[serde(default)]
    pub lang: Lang,
    #[serde(default, skip_serializing_if = "Translations::is_empty")]
    pub translations: Translations,
    /// In a copy for one reader (`in_language`): the parts still in `lang`, for want of a translation.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub untranslated: BTreeSet<String>,
}

impl Conversation {
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }

    /// The language of a part (`title`, `why`, `q.q1`…) where it differs from the reader's, for a
    /// `lang` (and `dir`) mark: the part is shown in the conversation's own language.
    pub fn mark(&self, part: &str) -> Option<Lang> {
        self.untranslated.contains(part).then_some(self.lang)
    }

    /// The choice of `question` that `value` names: its id, or (from outboxes and clients older than
    /// choice ids) its words in any language the conversation has.
    pub fn choice_id(&self, question: &Question, value: &str) -> Option<String> {
        if let Some(c) = question.choice(value) {
            return Some(c.id.clone());
        }
        question
            .choices
            .iter()
            .find(|c| {
                let key = format!("c.{}.{}", question.id, c.id);
                c.label == value
                    || self
                        .translations
                        .values()
                        .any(|t| t.get(&key).is_some_and(|words| words == value))
            })
            .map(|c| c.id.clone())
    }

    /// Open, and its closing date (if any) not yet passed on `today`. Participants see only these;
    /// anything sent to one that is not is still kept, marked late.
    pub fn accepting(&self, today: chrono::NaiveDate) -> bool {
        self.open
            && self
                .promises
                .closing_date()
                .is_none_or(|last_day| today <= last_day)
    }
}

impl Promises {
    /// The closing date, when it is a date (`YYYY-MM-DD`).
    pub fn closing_date(&self) -> Option<chrono::NaiveDate> {
        let text = self.closes_on.as_deref()?.trim();
        chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
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
    pub choices: Vec<Choice>,
}

impl Question {
    pub fn choice(&self, id: &str) -> Option<&Choice> {
        self.choices.iter().find(|c| c.id == id)
    }
}

/// One choice of a choice question. Its id never changes once given, so answers count together
/// whatever words, and whichever language, the choice was shown in. Choices made before ids existed
/// have their first words as their id, which is what their answers hold, so those keep counting too.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Choice {
    pub id: String,
    pub label: String,
}

impl<'de> Deserialize<'de> for Choice {
    /// `{"id", "label"}`, or a plain string as stored before choices had ids.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Stored {
            Words(String),
            Choice { id: String, label: String },
        }
        Ok(match Stored::deserialize(d)? {
            Stored::Words(words) => Choice {
                id: words.clone(),
                label: words,
            },
            Stored::Choice { id, label } => Choice { id, label },
        })
    }
}

impl From<&str> for Choice {
    /// A choice whose id is its words (tests, and choices stored before ids).
    fn from(words: &str) -> Self {
        Choice {
            id: words.to_string(),
            label: words.to_string(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
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

/// Limits on what coordinators write, in characters.
pub const MAX_TITLE_CHARS: usize = 120;
pub const MAX_PROMISE_CHARS: usize = 2_000;
pub const MAX_PROMPT_CHARS: usize = 300;
pub const MAX_CHOICE_CHARS: usize = 100;
pub const MAX_CHOICES: usize = 10;
pub const MAX_QUESTIONS: usize = 30;

/// Why a conversation edit was refused. Each has a code for the page's `?error=`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EditProblem {
    Title,
    Promise,
    ClosesOn,
    Prompt,
    Kind,
    Choices,
    TooMany,
    /// People have answered: their questions cannot be removed or change kind, nor lose choices.
    Answered,
    /// A conversation needs a question before it can open.
    NoQuestions,
    /// A translated part is longer than the part may be.
    Translation,
    /// Not one of the languages Cairn has.
    Language,
}

impl EditProblem {
    pub fn code(self) -> &'static str {
        match self {
            EditProblem::Title => "title",
            EditProblem::Promise => "promise",
            EditProblem::ClosesOn => "closes_on",
            EditProblem::Prompt => "prompt",
            EditProblem::Kind => "kind",
            EditProblem::Choices => "choices",
            EditProblem::TooMany => "too_many",
            EditProblem::Answered => "answered",
            EditProblem::NoQuestions => "no_questions",
            EditProblem::Translation => "translation",
            EditProblem::Language => "language",
        }
    }
}

fn one_line(raw: &str) -> String {
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub fn parse_title(raw: &str) -> Result<String, EditProblem> {
    let title = one_line(raw);
    if title.is_empty() || title.chars().count() > MAX_TITLE_CHARS {
        return Err(EditProblem::Title);
    }
    Ok(title)
}

/// The promises as a form sends them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PromisesForm {
    #[serde(default)]
    pub why: String,
    #[serde(default)]
    pub how_used: String,
    #[serde(default)]
    pub who_sees: String,
    #[serde(default)]
    pub what_next: String,
    #[serde(default)]
    pub budget_timeline: String,
    #[serde(default)]
    pub closes_on: String,
    #[serde(default)]
    pub support: String,
}

impl PromisesForm {
    /// Trimmed, each within `MAX_PROMISE_CHARS`; the closing date empty or a real `YYYY-MM-DD` date.
    pub fn parse(&self) -> Result<Promises, EditProblem> {
        let text = |s: &str| {
            let s = s.trim().replace("\r\n", "\n");
            if s.chars().count() > MAX_PROMISE_CHARS {
                Err(EditProblem::Promise)
            } else {
                Ok(s)
            }
        };
        let closes_on = match self.closes_on.trim() {
            "" => None,
            date => Some(
                chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d")
                    .map_err(|_| EditProblem::ClosesOn)?
                    .format("%Y-%m-%d")
                    .to_string(),
            ),
        };
        Ok(Promises {
            why: text(&self.why)?,
            how_used: text(&self.how_used)?,
            who_sees: text(&self.who_sees)?,
            what_next: text(&self.what_next)?,
            budget_timeline: text(&self.budget_timeline)?,
            closes_on,
            support: text(&self.support)?,
        })
    }
}

/// A question from the editor's fields: `choices` one per line (only for a choice question). Editing
/// `before`, each choice keeps its id: by its words when they did not change, else by its place (a
/// reworded choice), so answers already given keep counting under the new words.
pub fn parse_question(
    id: String,
    prompt: &str,
    kind: &str,
    choices: &str,
    before: Option<&Question>,
) -> Result<Question, EditProblem> {
    let prompt = one_line(prompt);
    if prompt.is_empty() || prompt.chars().count() > MAX_PROMPT_CHARS {
        return Err(EditProblem::Prompt);
    }
    let kind = QuestionKind::parse(kind).ok_or(EditProblem::Kind)?;
    let choices = if kind == QuestionKind::Choice {
        let list: Vec<String> = choices
            .lines()
            .map(one_line)
            .filter(|c| !c.is_empty())
            .collect();
        let distinct: std::collections::HashSet<&String> = list.iter().collect();
        if list.len() < 2
            || list.len() > MAX_CHOICES
            || distinct.len() != list.len()
            || list.iter().any(|c| c.chars().count() > MAX_CHOICE_CHARS)
        {
            return Err(EditProblem::Choices);
        }
        with_ids(
            list,
            before.map(|q| q.choices.as_slice()).unwrap_or_default(),
        )
    } else {
        Vec::new()
    };
    Ok(Question {
        id,
        kind,
        prompt,
        choices,
    })
}

/// Ids for a new list of choices: the same words keep their id; new words in the place of a choice
/// whose words are gone take that id (a rewording); anything else gets a new `c<n>`.
fn with_ids(words: Vec<String>, before: &[Choice]) -> Vec<Choice> {
    let mut ids: Vec<Option<String>> = words
        .iter()
        .map(|w| before.iter().find(|c| c.label == *w).map(|c| c.id.clone()))
        .collect();
    for (at, slot) in ids.clone().iter().enumerate() {
        if slot.is_some() {
            continue;
        }
        if let Some(c) = before.get(at) {
            if !ids.iter().flatten().any(|id| *id == c.id) {
                ids[at] = Some(c.id.clone());
            }
        }
    }
    let mut highest = before
        .iter()
        .map(|c| c.id.as_str())
        .chain(ids.iter().flatten().map(String::as_str))
        .filter_map(|id| id.strip_prefix('c')?.parse::<u32>().ok())
        .max()
        .unwrap_or(0);
    words
        .into_iter()
        .zip(ids)
        .map(|(label, id)| {
            let id = id.unwrap_or_else(|| {
                highest += 1;
                format!("c{highest}")
            });
            Choice { id, label }
        })
        .collect()
}

/// An id no question of the conversation has had: `q` and one more than the highest number in use.
/// Ids never change once given, so stored answers keep pointing at their question.
pub fn next_question_id(existing: &[Question]) -> String {
    let highest = existing
        .iter()
        .filter_map(|q| q.id.strip_prefix('q')?.parse::<u32>().ok())
        .max()
        .unwrap_or(0);
    format!("q{}", highest + 1)
}

/// A URL-friendly id from a title (`/c/<id>`), made unique against `taken`.
pub fn conversation_id(title: &str, taken: &[String]) -> String {
    let mut slug = String::new();
    for c in title.to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
        if slug.len() >= 40 {
            break;
        }
    }
    let slug = slug.trim_end_matches('-');
    let base = if slug.is_empty() {
        "conversation"
    } else {
        slug
    };
    let mut id = base.to_string();
    let mut n = 2;
    while taken.iter().any(|t| *t == id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

/// Whether `new` may replace `old`. Once anyone has answered, every question keeps its place in
/// the data: it may be reworded, moved and given more choices, but not removed, change kind, or
/// lose a choice someone may have picked.
pub fn check_questions(
    old: &[Question],
    new: &[Question],
    answered: bool,
) -> Result<(), EditProblem> {
    if new.len() > MAX_QUESTIONS {
        return Err(EditProblem::TooMany);
    }
    if !answered {
        return Ok(());
    }
    for before in old {
        let Some(after) = new.iter().find(|q| q.id == before.id) else {
            return Err(EditProblem::Answered);
        };
        if after.kind != before.kind || before.choices.iter().any(|c| after.choice(&c.id).is_none())
        {
            return Err(EditProblem::Answered);
        }
    }
    Ok(())
}

#[cfg(test)]
mod editor_tests {
    use super::*;

    fn q(id: &str, kind: &str, choices: &str) -> Question {
        parse_question(id.into(), "A question?", kind, choices, None).expect("valid")
    }

    #[test]
    fn questions_are_checked_and_choices_come_one_per_line() {
        let c = q("q1", "choice", " Yes \n\n No \r\nMaybe");
        let words: Vec<&str> = c.choices.iter().map(|c| c.label.as_str()).collect();
        assert_eq!(words, ["Yes", "No", "Maybe"]);
        assert!(q("q2", "text", "ignored").choices.is_empty());
        let bad = |prompt: &str, kind: &str, choices: &str| {
            parse_question("q".into(), prompt, kind, choices, None).expect_err("refused")
        };
        assert_eq!(bad("  ", "text", ""), EditProblem::Prompt);
        assert_eq!(
            bad(&"x".repeat(MAX_PROMPT_CHARS + 1), "text", ""),
            EditProblem::Prompt
        );
        assert_eq!(bad("Why?", "essay", ""), EditProblem::Kind);
        assert_eq!(bad("Which?", "choice", "Only one"), EditProblem::Choices);
        assert_eq!(bad("Which?", "choice", "Same\nSame"), EditProblem::Choices);
        let eleven = (0..11)
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join("\n");
        assert_eq!(bad("Which?", "choice", &eleven), EditProblem::Choices);
    }

    #[test]
    fn promises_need_a_real_closing_date_and_stay_within_limits() {
        let mut form = PromisesForm {
            why: "  Because  ".into(),
            closes_on: "2026-12-31".into(),
            ..Default::default()
        };
        let p = form.parse().expect("valid");
        assert_eq!(
            (p.why.as_str(), p.closing_date()),
            ("Because", chrono::NaiveDate::from_ymd_opt(2026, 12, 31))
        );
        form.closes_on = "2026-02-30".into();
        assert_eq!(form.parse(), Err(EditProblem::ClosesOn));
        form.closes_on = String::new();
        form.support = "x".repeat(MAX_PROMISE_CHARS + 1);
        assert_eq!(form.parse(), Err(EditProblem::Promise));
    }

    #[test]
    fn ids_are_stable_unique_and_readable() {
        assert_eq!(next_question_id(&[]), "q1");
        assert_eq!(
            next_question_id(&[
                q("say", "text", ""),
                q("q7", "text", ""),
                q("q2", "text", "")
            ]),
            "q8"
        );
        let taken = vec!["bus-times".to_string(), "bus-times-2".to_string()];
        assert_eq!(conversation_id("Bus times!", &taken), "bus-times-3");
        assert_eq!(conversation_id("  Café — open?  ", &[]), "caf-open");
        assert_eq!(conversation_id("¿¿??", &[]), "conversation");
    }

    #[test]
    fn answered_questions_keep_their_place_in_the_data() {
        let old = vec![q("q1", "choice", "A\nB"), q("q2", "text", "")];
        let reworded = vec![
            Question {
                prompt: "New words?".into(),
                ..q("q2", "text", "")
            },
            q("q1", "choice", "A\nB\nC"),
            q("q3", "scale", ""),
        ];
        assert_eq!(check_questions(&old, &reworded, true), Ok(()));
        assert_eq!(
            check_questions(&old, &old[..1], true),
            Err(EditProblem::Answered)
        );
        // B taken out (C is new words in A's place, A moved): B's id is gone, which answers may hold.
        let without_b = parse_question("q1".into(), "?", "choice", "C\nA", Some(&old[0]));
        assert_eq!(
            check_questions(&old, &[without_b.expect("valid"), old[1].clone()], true),
            Err(EditProblem::Answered)
        );
        assert_eq!(
            check_questions(&old, &[q("q1", "text", ""), old[1].clone()], true),
            Err(EditProblem::Answered)
        );
        assert_eq!(check_questions(&old, &old[..1], false), Ok(()));
    }

    #[test]
    fn choices_keep_their_ids_when_reworded_reordered_or_added_to() {
        let first = q("q1", "choice", "Often\nSometimes\nNever");
        let ids = |q: &Question| q.choices.iter().map(|c| c.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&first), ["c1", "c2", "c3"]);
        let edit = |text: &str| {
            parse_question("q1".into(), "A question?", "choice", text, Some(&first)).expect("valid")
        };
        // Reordered: each keeps its id. Reworded in place: the same id. Added: a new one.
        assert_eq!(ids(&edit("Never\nOften\nSometimes")), ["c3", "c1", "c2"]);
        let reworded = edit("Often\nNow and then\nNever\nDaily");
        assert_eq!(ids(&reworded), ["c1", "c2", "c3", "c4"]);
        assert_eq!(reworded.choices[1].label, "Now and then");
        assert_eq!(check_questions(&[first.clone()], &[reworded], true), Ok(()));
        // Choices stored before ids: their words are their id, so old answers still find them.
        let old: Question = serde_json::from_str(
            r#"{"id":"q1","kind":"choice","prompt":"?","choices":["Yes","No"]}"#,
        )
        .expect("old form reads");
        assert_eq!(old.choice("Yes").map(|c| c.label.as_str()), Some("Yes"));
        let more = parse_question("q1".into(), "?", "choice", "Yes\nNo\nMaybe", Some(&old))
            .expect("valid");
        assert_eq!(ids(&more), ["Yes", "No", "c1"]);
    }

    #[test]
    fn a_conversation_stops_accepting_after_its_closing_day() {
        let mut c = Conversation {
            id: "c".into(),
            title: "T".into(),
            open: true,
            promises: Promises {
                closes_on: Some("2026-11-30".into()),
                ..Default::default()
            },
            questions: vec![],
            lang: Lang::En,
            translations: Translations::new(),
            untranslated: BTreeSet::new(),
        };
        let day = |d| chrono::NaiveDate::from_ymd_opt(2026, 11, d).expect("date");
        assert!(c.accepting(day(30)));
        assert!(!c.accepting(day(1) + chrono::Days::new(30)));
        c.open = false;
        assert!(!c.accepting(day(1)));
    }
}
