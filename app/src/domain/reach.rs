//! Reach: who a service is hearing from, and who it is not. Coordinators set a few optional, anonymous
//! questions (age band, first language, how people use the service…), each with its choices and, if
//! they have them, the service's own population figures. Participants may answer them with their
//! submission; the answers are only ever counted, apart from the words (per question, choice,
//! conversation and day), so they cannot be traced back to a person. Reports show counts under 5 as
//! "fewer than 5", in pages and exports alike.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReachQuestion {
    pub id: i64,
    pub prompt: String,
    pub choices: Vec<String>,
    /// The share of the service's own population for each choice, in percent, where known.
    pub population: Vec<Option<f64>>,
    /// The language it is written in; translations are optional (as for conversations).
    #[serde(default)]
    pub lang: super::Lang,
    #[serde(default, skip_serializing_if = "super::Translations::is_empty")]
    pub translations: super::Translations,
    /// In a copy for one reader (`in_language`): the parts still in `lang`.
    #[serde(default, skip_serializing_if = "std::collections::BTreeSet::is_empty")]
    pub untranslated: std::collections::BTreeSet<String>,
    /// In a copy for one reader: each choice's words in their language. The value sent (and
    /// counted) is still the choice's words in the question's own language (`choices`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<String>,
}

impl ReachQuestion {
    /// The language of a part shown untranslated (see `Conversation::mark`).
    pub fn mark(&self, part: &str) -> Option<super::Lang> {
        self.untranslated.contains(part).then_some(self.lang)
    }

    /// The question (`prompt`) and each choice (`c.<n>`, from 1).
    pub fn parts(&self) -> Vec<super::Part> {
        let mut parts = vec![super::Part {
            key: "prompt".into(),
            name: "Question".into(),
            text: self.prompt.clone(),
            max_chars: MAX_REACH_PROMPT,
            long: false,
        }];
        for (n, c) in (1..).zip(&self.choices) {
            parts.push(super::Part {
                key: format!("c.{n}"),
                name: format!("Choice “{c}”"),
                text: c.clone(),
                max_chars: MAX_REACH_CHOICE,
                long: false,
            });
        }
        parts
    }

    /// A copy for a reader of `lang`: the prompt and `labels` in `lang` where translated.
    pub fn in_language(mut self, lang: super::Lang) -> ReachQuestion {
        let translations = std::mem::take(&mut self.translations);
        let mut copy = ReachQuestion {
            labels: self.choices.clone(),
            ..self
        };
        if lang == copy.lang {
            return copy;
        }
        let words = translations.get(&lang);
        let mut untranslated = std::collections::BTreeSet::new();
        super::translation::pick(words, &mut untranslated, "prompt".into(), &mut copy.prompt);
        for (n, label) in (1..).zip(copy.labels.iter_mut()) {
            super::translation::pick(words, &mut untranslated, format!("c.{n}"), label);
        }
        copy.untranslated = untranslated;
        copy
    }

    pub fn population_for(&self, choice: usize) -> Option<f64> {
        self.population.get(choice).copied().flatten()
    }
}

pub const MAX_REACH_QUESTIONS: usize = 10;
pub const MAX_REACH_CHOICES: usize = 12;
pub const MAX_REACH_PROMPT: usize = 200;
pub const MAX_REACH_CHOICE: usize = 80;

/// A new reach question as typed: the prompt, one choice per line, and optionally one population
/// percentage per line in the same order.
#[derive(Clone, Debug, PartialEq)]
pub struct ReachForm {
    pub prompt: String,
    pub choices: Vec<String>,
    pub population: Vec<Option<f64>>,
}

/// Why a reach form was refused: a code for `?error=`.
pub fn parse_population(text: &str, choices: usize) -> Result<Vec<Option<f64>>, &'static str> {
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    if lines.iter().all(|l| l.is_empty()) {
        return Ok(vec![None; choices]);
    }
    if lines.len() != choices {
        return Err("population_count");
    }
    let values: Vec<Option<f64>> = lines
        .iter()
        .map(|l| {
            let l = l.trim_end_matches('%').trim();
            if l.is_empty() {
                Ok(None)
            } else {
                l.parse::<f64>()
                    .ok()
                    .filter(|p| p.is_finite() && (0.0..=100.0).contains(p))
                    .map(Some)
                    .ok_or("population_number")
            }
        })
        .collect::<Result<_, _>>()?;
    if values.iter().flatten().sum::<f64>() > 100.5 {
        return Err("population_total");
    }
    Ok(values)
}

impl ReachForm {
    pub fn parse(prompt: &str, choices: &str, population: &str) -> Result<ReachForm, &'static str> {
        let prompt = prompt.trim();
        if prompt.is_empty() || prompt.chars().count() > MAX_REACH_PROMPT {
            return Err("prompt");
        }
        let mut list: Vec<String> = Vec::new();
        for c in choices.lines().map(str::trim).filter(|c| !c.is_empty()) {
            if c.chars().count() > MAX_REACH_CHOICE || list.iter().any(|x| x == c) {
                return Err("choices");
            }
            list.push(c.to_string());
        }
        if !(2..=MAX_REACH_CHOICES).contains(&list.len()) {
            return Err("choices");
        }
        let population = parse_population(population, list.len())?;
        Ok(ReachForm {
            prompt: prompt.to_string(),
            choices: list,
            population,
        })
    }
}

/// The longest question id a reach answer may name (ids are numbers).
pub const MAX_REACH_ID: usize = 20;

/// Reach answers are small: a few questions, each a short id and one short choice. Checked before the
/// answers are looked up.
pub fn reach_fits(answers: &BTreeMap<String, String>) -> bool {
    answers.len() <= MAX_REACH_QUESTIONS
        && answers
            .iter()
            .all(|(q, c)| q.len() <= MAX_REACH_ID && c.chars().count() <= MAX_REACH_CHOICE)
}

/// Reach answers as a submission carries them: question id → chosen choice. Checked against the
/// questions when they arrive; answers to questions that no longer exist are dropped (a phone may have
/// been offline while a coordinator changed them), never the submission.
pub fn known_reach(
    answers: &BTreeMap<String, String>,
    questions: &[ReachQuestion],
) -> Vec<(i64, String)> {
    answers
        .iter()
        .filter_map(|(q, choice)| {
            let id: i64 = q.parse().ok()?;
            let question = questions.iter().find(|x| x.id == id)?;
            question
                .choices
                .iter()
                .any(|c| c == choice)
                .then(|| (id, choice.clone()))
        })
        .collect()
}

/// One question's counts for a period, as a report shows them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReachRow {
    pub choice: String,
    pub count: i64,
    pub population: Option<f64>,
}

/// The share of `count` in `total`, as a whole percentage, only when the count may be shown.
pub fn reach_share(count: i64, total: i64) -> Option<i64> {
    (count >= super::SMALLEST_SHOWN && total > 0).then(|| (count * 100 + total / 2) / total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn question() -> ReachQuestion {
        ReachQuestion {
            id: 7,
            prompt: "How old are you?".into(),
            choices: vec!["Under 25".into(), "25 to 64".into(), "65 or over".into()],
            population: vec![Some(20.0), Some(60.0), None],
            lang: crate::domain::Lang::En,
            translations: Default::default(),
            untranslated: Default::default(),
            labels: Vec::new(),
        }
    }

    #[test]
    fn a_reader_sees_translated_words_but_sends_the_words_that_are_counted() {
        let mut q = question();
        let polish = [("c.1".to_string(), "Poniżej 25".to_string())];
        q.translations.insert(
            crate::domain::Lang::Pl,
            crate::domain::parse_parts(&q.parts(), &polish).expect("valid"),
        );
        let read = q.clone().in_language(crate::domain::Lang::Pl);
        assert_eq!(read.labels, ["Poniżej 25", "25 to 64", "65 or over"]);
        assert_eq!(read.choices, q.choices, "the values sent stay the same");
        assert_eq!(read.mark("c.1"), None);
        assert_eq!(read.mark("prompt"), Some(crate::domain::Lang::En));
        assert_eq!(read.mark("c.2"), Some(crate::domain::Lang::En));
    }

    #[test]
    fn a_reach_question_needs_a_prompt_and_two_to_twelve_different_choices() {
        let ok = ReachForm::parse(" Age? ", "Under 25\n\n25 to 64\n", "").expect("valid");
        assert_eq!(ok.choices, ["Under 25", "25 to 64"]);
        assert_eq!(ok.population, [None, None]);
        assert_eq!(ReachForm::parse("", "a\nb", ""), Err("prompt"));
        assert_eq!(ReachForm::parse("Q", "only one", ""), Err("choices"));
        assert_eq!(ReachForm::parse("Q", "same\nsame", ""), Err("choices"));
        let many = (0..13)
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join("\n");
        assert_eq!(ReachForm::parse("Q", &many, ""), Err("choices"));
    }

    #[test]
    fn population_figures_line_up_with_the_choices() {
        assert_eq!(
            parse_population("20%\n\n 80 ", 3),
            Ok(vec![Some(20.0), None, Some(80.0)])
        );
        assert_eq!(parse_population("50\n50", 3), Err("population_count"));
        assert_eq!(parse_population("lots\n5", 2), Err("population_number"));
        assert_eq!(parse_population("-1\n5", 2), Err("population_number"));
        assert_eq!(parse_population("70\n70", 2), Err("population_total"));
    }

    #[test]
    fn answers_to_unknown_questions_or_choices_are_dropped() {
        let mut answers = BTreeMap::new();
        answers.insert("7".to_string(), "25 to 64".to_string());
        answers.insert("8".to_string(), "Anything".to_string());
        answers.insert("x".to_string(), "Under 25".to_string());
        assert_eq!(
            known_reach(&answers, &[question()]),
            vec![(7, "25 to 64".to_string())]
        );
        answers.insert("7".to_string(), "Made up".to_string());
        assert!(known_reach(&answers, &[question()]).is_empty());
    }

    #[test]
    fn shares_are_only_given_for_counts_that_may_be_shown() {
        assert_eq!(reach_share(4, 10), None);
        assert_eq!(reach_share(5, 20), Some(25));
        assert_eq!(reach_share(5, 0), None);
    }
}
