//! A conversation in several languages. Staff write it in its own language (`Conversation::lang`) and
//! may translate any part; a part with no translation is shown in the conversation's language, marked
//! with it (`Conversation::mark`). Parts are named by stable keys: `title`, the promises (`why`…),
//! `q.<question id>` and `c.<question id>.<choice id>`.

use super::conversation::{
    EditProblem, MAX_CHOICE_CHARS, MAX_PROMISE_CHARS, MAX_PROMPT_CHARS, MAX_TITLE_CHARS,
};
use super::{Conversation, Lang};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// Translations by language. Only what staff wrote is kept: a missing key is a missing translation.
pub type Translations = BTreeMap<Lang, BTreeMap<String, String>>;

/// The promises that can be translated, with what the editor calls them.
pub const PROMISE_PARTS: [(&str, &str); 6] = [
    ("why", "Why we ask"),
    ("how_used", "How answers are used"),
    ("who_sees", "Who sees the answers"),
    ("what_next", "What happens next"),
    ("budget_timeline", "Money and time"),
    ("support", "Support"),
];

/// One part of a conversation that can be translated.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Part {
    pub key: String,
    /// What staff call it: "Title", "Question 2", "Question 2, choice “Most weeks”".
    pub name: String,
    /// The words in the conversation's own language.
    pub text: String,
    /// The longest a translation may be, in characters.
    pub max_chars: usize,
    /// Several lines allowed (the promises).
    pub long: bool,
}

impl Conversation {
    /// Every part with words in the conversation's own language, in the order a participant meets them.
    pub fn parts(&self) -> Vec<Part> {
        let part = |key: String, name: String, text: &str, max_chars, long| Part {
            key,
            name,
            text: text.to_string(),
            max_chars,
            long,
        };
        let mut parts = vec![part(
            "title".into(),
            "Title".into(),
            &self.title,
            MAX_TITLE_CHARS,
            false,
        )];
        for (key, name) in PROMISE_PARTS {
            let text = promise(self, key);
            if !text.is_empty() {
                parts.push(part(key.into(), name.into(), text, MAX_PROMISE_CHARS, true));
            }
        }
        for (n, q) in (1..).zip(&self.questions) {
            parts.push(part(
                format!("q.{}", q.id),
                format!("Question {n}"),
                &q.prompt,
                MAX_PROMPT_CHARS,
                false,
            ));
            for c in &q.choices {
                parts.push(part(
                    format!("c.{}.{}", q.id, c.id),
                    format!("Question {n}, choice “{}”", c.label),
                    &c.label,
                    MAX_CHOICE_CHARS,
                    false,
                ));
            }
        }
        parts
    }

    /// For a reader of `lang`: every part in `lang` where it is translated, the rest in the
    /// conversation's language and listed in `untranslated`. Translations are left out (a
    /// participant's page carries only the words it shows). Takes the conversation, so a page's
    /// list is changed in place, not copied.
    pub fn in_language(mut self, lang: Lang) -> Conversation {
        let translations = std::mem::take(&mut self.translations);
        let mut copy = self;
        if lang == copy.lang {
            return copy;
        }
        let words = translations.get(&lang);
        let mut untranslated = BTreeSet::new();
        let mut pick = |key: String, text: &mut String| pick(words, &mut untranslated, key, text);
        pick("title".into(), &mut copy.title);
        let p = &mut copy.promises;
        for (key, text) in [
            ("why", &mut p.why),
            ("how_used", &mut p.how_used),
            ("who_sees", &mut p.who_sees),
            ("what_next", &mut p.what_next),
            ("budget_timeline", &mut p.budget_timeline),
            ("support", &mut p.support),
        ] {
            if !text.is_empty() {
                pick(key.into(), text);
            }
        }
        for q in &mut copy.questions {
            pick(format!("q.{}", q.id), &mut q.prompt);
            for c in &mut q.choices {
                pick(format!("c.{}.{}", q.id, c.id), &mut c.label);
            }
        }
        copy.untranslated = untranslated;
        copy
    }
}

/// Which words of one question are shown in the conversation's own language (see `Conversation::mark`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QuestionMarks {
    pub prompt: Option<Lang>,
    /// One per choice, in order.
    pub choices: Vec<Option<Lang>>,
}

impl Conversation {
    pub fn question_marks(&self, q: &super::Question) -> QuestionMarks {
        QuestionMarks {
            prompt: self.mark(&format!("q.{}", q.id)),
            choices: q
                .choices
                .iter()
                .map(|c| self.mark(&format!("c.{}.{}", q.id, c.id)))
                .collect(),
        }
    }
}

/// `translations` with `lang`'s words replaced by `words` (none at all: that language is taken away).
pub fn with_translation(
    translations: &Translations,
    lang: Lang,
    words: BTreeMap<String, String>,
) -> Translations {
    let mut all = translations.clone();
    if words.is_empty() {
        all.remove(&lang);
    } else {
        all.insert(lang, words);
    }
    all
}

/// Beside each translation, under its key and this, the words it translated: when those change, the
/// translation is out of date.
const FROM: &str = "@from";

/// A translation of `key` in `words` that still translates `text` (one saved before `FROM` was kept
/// counts as current).
pub fn current<'a>(
    words: &'a BTreeMap<String, String>,
    key: &str,
    text: &str,
) -> Option<&'a String> {
    let from = words.get(&format!("{key}{FROM}"));
    words.get(key).filter(|_| from.is_none_or(|f| f == text))
}

/// Whether `key` has a translation in `words` whose words changed since: staff are told.
pub fn changed(words: &BTreeMap<String, String>, key: &str, text: &str) -> bool {
    words.contains_key(key) && current(words, key, text).is_none()
}

/// Of `parts` written in `own`, those with no current translation into `lang` (none, or made for words
/// that have changed since).
pub fn missing(own: Lang, parts: Vec<Part>, translations: &Translations, lang: Lang) -> Vec<Part> {
    if lang == own {
        return Vec::new();
    }
    let done = translations.get(&lang);
    parts
        .into_iter()
        .filter(|p| done.is_none_or(|t| current(t, &p.key, &p.text).is_none()))
        .collect()
}

/// A part's words in `lang` where translated and still current; else `text` (the words in the
/// language it is written in) stays and the key goes in `untranslated`: a reader never meets an old
/// question in their language next to a new one in another.
pub(crate) fn pick(
    words: Option<&BTreeMap<String, String>>,
    untranslated: &mut BTreeSet<String>,
    key: String,
    text: &mut String,
) {
    match words.and_then(|t| current(t, &key, text)) {
        Some(t) => *text = t.clone(),
        None => {
            untranslated.insert(key);
        }
    }
}

fn promise<'a>(c: &'a Conversation, key: &str) -> &'a str {
    let p = &c.promises;
    match key {
        "why" => &p.why,
        "how_used" => &p.how_used,
        "who_sees" => &p.who_sees,
        "what_next" => &p.what_next,
        "budget_timeline" => &p.budget_timeline,
        "support" => &p.support,
        _ => "",
    }
}

/// A translation from the editor's form (`key` → words). Blank fields are missing translations;
/// names that are not parts of the conversation are ignored; each part has its own limit.
pub fn parse_translation(
    c: &Conversation,
    fields: &[(String, String)],
) -> Result<BTreeMap<String, String>, EditProblem> {
    parse_parts(&c.parts(), fields).ok_or(EditProblem::Translation)
}

/// The translation of `parts` from a form's fields; `None` when one is longer than its part may be.
pub fn parse_parts(
    parts: &[Part],
    fields: &[(String, String)],
) -> Option<BTreeMap<String, String>> {
    let by_key: std::collections::HashMap<&str, &Part> =
        parts.iter().map(|p| (p.key.as_str(), p)).collect();
    let mut words = BTreeMap::new();
    for (key, value) in fields {
        let Some(part) = by_key.get(key.as_str()) else {
            continue;
        };
        let value = if part.long {
            value.trim().replace("\r\n", "\n")
        } else {
            value.split_whitespace().collect::<Vec<_>>().join(" ")
        };
        if value.chars().count() > part.max_chars {
            return None;
        }
        if !value.is_empty() {
            words.insert(key.clone(), value);
            words.insert(format!("{key}{FROM}"), part.text.clone());
        }
    }
    Some(words)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{parse_question, Promises};

    fn missing_in(c: &Conversation, lang: Lang) -> Vec<Part> {
        missing(c.lang, c.parts(), &c.translations, lang)
    }

    fn conversation() -> Conversation {
        Conversation {
            id: "c".into(),
            title: "Food".into(),
            open: true,
            promises: Promises {
                why: "We want to know.".into(),
                ..Default::default()
            },
            questions: vec![parse_question(
                "q1".into(),
                "How often?",
                "choice",
                "Often\nRarely",
                None,
            )
            .expect("valid")],
            lang: Lang::En,
            translations: Translations::new(),
            untranslated: BTreeSet::new(),
        }
    }

    #[test]
    fn parts_missing_and_a_reader_sees_the_default_where_a_translation_is_missing() {
        let mut c = conversation();
        let keys: Vec<String> = c.parts().into_iter().map(|p| p.key).collect();
        assert_eq!(keys, ["title", "why", "q.q1", "c.q1.c1", "c.q1.c2"]);
        assert_eq!(missing_in(&c, Lang::Pl).len(), 5);
        assert!(missing_in(&c, Lang::En).is_empty());
        let fields = [
            ("title".to_string(), "  Jedzenie ".to_string()),
            ("c.q1.c1".into(), "Często".into()),
            ("q.q9".into(), "ignored".into()),
            ("why".into(), "   ".into()),
        ];
        let polish = parse_translation(&c, &fields).expect("valid");
        assert_eq!(
            polish.len(),
            4,
            "two parts, each with the words it translates"
        );
        c.translations.insert(Lang::Pl, polish);
        let missing: Vec<String> = missing_in(&c, Lang::Pl)
            .into_iter()
            .map(|p| p.key)
            .collect();
        assert_eq!(missing, ["why", "q.q1", "c.q1.c2"]);

        let read = c.clone().in_language(Lang::Pl);
        assert_eq!(read.title, "Jedzenie");
        assert_eq!(read.mark("title"), None);
        assert_eq!(read.questions[0].choices[0].label, "Często");
        assert_eq!(read.questions[0].choices[0].id, "c1");
        assert_eq!(read.mark("c.q1.c2"), Some(Lang::En));
        assert_eq!(read.questions[0].prompt, "How often?");
        assert_eq!(read.mark("q.q1"), Some(Lang::En));
        assert!(read.translations.is_empty());
        // Polish words for a choice name the same choice as the English ones.
        assert_eq!(
            c.choice_id(&c.questions[0], "Często").as_deref(),
            Some("c1")
        );
        assert_eq!(c.choice_id(&c.questions[0], "Often").as_deref(), Some("c1"));
        assert_eq!(c.choice_id(&c.questions[0], "c2").as_deref(), Some("c2"));
        assert_eq!(c.choice_id(&c.questions[0], "Never"), None);
        assert!(c.clone().in_language(Lang::En).untranslated.is_empty());

        // The English title changes: its Polish is out of date, so Polish readers get the new
        // English (marked) and the editor counts it as missing again.
        c.title = "Food and drink".into();
        assert_eq!(c.clone().in_language(Lang::Pl).title, "Food and drink");
        assert_eq!(
            c.clone().in_language(Lang::Pl).mark("title"),
            Some(Lang::En)
        );
        assert!(missing_in(&c, Lang::Pl).iter().any(|p| p.key == "title"));
        assert!(changed(&c.translations[&Lang::Pl], "title", &c.title));
        assert!(!changed(&c.translations[&Lang::Pl], "c.q1.c1", "Often"));
    }

    #[test]
    fn each_part_keeps_its_own_limit() {
        let c = conversation();
        let long = |key: &str, n| [(key.to_string(), "x".repeat(n))];
        assert!(parse_translation(&c, &long("title", MAX_TITLE_CHARS)).is_ok());
        assert_eq!(
            parse_translation(&c, &long("title", MAX_TITLE_CHARS + 1)),
            Err(EditProblem::Translation)
        );
        assert!(parse_translation(&c, &long("why", MAX_PROMISE_CHARS)).is_ok());
        assert_eq!(
            parse_translation(&c, &long("c.q1.c1", MAX_CHOICE_CHARS + 1)),
            Err(EditProblem::Translation)
        );
    }
}
