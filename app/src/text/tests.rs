//! The catalogues are complete, every word the code asks for exists, plurals follow CLDR, and English
//! stays at a reading age of about 9.

use super::*;
use crate::domain::Lang;

/// Each message of `lang`'s participant catalogue as a reader sees it, numbers and names filled in.
fn shown(lang: Lang) -> Vec<(String, String)> {
    message_ids(lang)
        .into_iter()
        .map(|id| {
            let text = tr_args(
                lang,
                &id,
                &[("themes", "food".into()), ("title", "Page".into())],
            );
            let text = if text.contains("{ $n }") || id.ends_with("-count") || id == "idle-text" {
                tr_n(lang, &id, 3)
            } else {
                text
            };
            (id, text)
        })
        .collect()
}

#[test]
fn polish_and_arabic_say_everything_english_says() {
    let english = message_ids(Lang::En);
    for lang in [Lang::Pl, Lang::Ar] {
        let ids = message_ids(lang);
        let missing: Vec<&String> = english.iter().filter(|id| !ids.contains(id)).collect();
        let extra: Vec<&String> = ids.iter().filter(|id| !english.contains(id)).collect();
        assert!(missing.is_empty(), "{} lacks {missing:?}", lang.code());
        assert!(extra.is_empty(), "{} has unknown {extra:?}", lang.code());
    }
}

#[test]
fn every_word_the_code_asks_for_is_in_english() {
    fn scan(dir: &std::path::Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                scan(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(std::fs::read_to_string(&path).unwrap());
            }
        }
    }
    let mut sources = Vec::new();
    scan(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut sources,
    );
    let mut asked = Vec::new();
    for source in &sources {
        for call in ["w(\"", "w_n(\"", "w_with(\"", "plural_forms(\""] {
            for (at, _) in source.match_indices(call) {
                // `w(` itself, not the end of another name (`new(`).
                let before = source[..at].chars().next_back().unwrap_or(' ');
                if before.is_alphanumeric() || before == '_' {
                    continue;
                }
                let rest = &source[at + call.len()..];
                if let Some(end) = rest.find('"') {
                    asked.push(rest[..end].to_string());
                }
            }
        }
    }
    // The lists islands carry, and ids made from codes.
    asked.extend(crate::share::words::all().into_iter().map(String::from));
    for code in [
        crate::domain::RejectCode::Invalid,
        crate::domain::RejectCode::UnknownConversation,
        crate::domain::RejectCode::UnknownQuestion,
        crate::domain::RejectCode::InvalidAnswer,
        crate::domain::RejectCode::TooLong,
        crate::domain::RejectCode::Empty,
        crate::domain::RejectCode::Forbidden,
        crate::domain::RejectCode::Conflict,
    ] {
        asked.push(code.message_id().to_string());
    }
    for s in crate::domain::ActionStatus::ALL {
        asked.push(s.message_ids().0.into());
        asked.push(s.message_ids().1.into());
    }
    assert!(asked.len() > 100, "found only {} uses", asked.len());
    for id in asked {
        // A made-up id in a comment or test ("id[one]" templates) is not a message.
        if id.contains(['{', '[']) || id.is_empty() {
            continue;
        }
        assert_ne!(tr(Lang::En, &id), id, "no English words for {id:?}");
    }
}

#[test]
fn plurals_follow_each_language() {
    assert_eq!(tr_n(Lang::En, "questions-count", 1), "1 question");
    assert_eq!(tr_n(Lang::En, "questions-count", 4), "4 questions");
    assert_eq!(tr_n(Lang::Pl, "questions-count", 1), "1 pytanie");
    assert_eq!(tr_n(Lang::Pl, "questions-count", 3), "3 pytania");
    assert_eq!(tr_n(Lang::Pl, "questions-count", 5), "5 pytań");
    assert_eq!(tr_n(Lang::Pl, "questions-count", 22), "22 pytania");
    assert_eq!(tr_n(Lang::Pl, "questions-count", 12), "12 pytań");
    assert_eq!(tr_n(Lang::Ar, "questions-count", 2), "سؤالان");
    assert_eq!(tr_n(Lang::Ar, "questions-count", 3), "٣ أسئلة");
    assert_eq!(tr_n(Lang::Ar, "questions-count", 11), "١١ سؤالًا");
    assert_eq!(tr_n(Lang::Ar, "questions-count", 100), "١٠٠ سؤال");
    // What an island carries: one form per category, with the number's place kept.
    let words = Words::new(Lang::Pl, &[], &["waiting-count"]);
    assert_eq!(
        words.get_n("waiting-count", 1),
        "1 odpowiedź czeka na wysłanie."
    );
    assert_eq!(
        words.get_n("waiting-count", 3),
        "3 odpowiedzi czekają na wysłanie."
    );
    assert_eq!(
        words.get_n("waiting-count", 25),
        "25 odpowiedzi czeka na wysłanie."
    );
    let words = Words::new(Lang::Ar, &[], &["waiting-count"]);
    assert_eq!(words.get_n("waiting-count", 2), "إجابتان تنتظران الإرسال.");
    assert_eq!(words.get_n("waiting-count", 7), "٧ إجابات تنتظر الإرسال.");
}

#[test]
fn dates_in_each_language() {
    let d = chrono::NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
    assert_eq!(catalogue::date(Lang::En, d), "5 December 2026");
    assert_eq!(catalogue::date(Lang::Pl, d), "5 grudnia 2026");
    // Arabic writes its numbers in Arabic-Indic digits.
    assert_eq!(catalogue::date(Lang::Ar, d), "٥ ديسمبر ٢٠٢٦");
}

/// Syllables in an English word, by vowel groups (a silent final "e" does not count).
fn syllables(word: &str) -> usize {
    let w: Vec<char> = word
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphabetic())
        .collect();
    if w.is_empty() {
        return 0;
    }
    let vowel = |c: char| "aeiouy".contains(c);
    let mut count = 0;
    let mut previous = false;
    for &c in &w {
        let v = vowel(c);
        if v && !previous {
            count += 1;
        }
        previous = v;
    }
    if w.len() > 2 && w[w.len() - 1] == 'e' && !vowel(w[w.len() - 2]) && w[w.len() - 2] != 'l' {
        count -= 1;
    }
    count.max(1)
}

#[test]
fn english_reads_at_about_age_nine() {
    let (mut sentences, mut words, mut syl) = (0usize, 0usize, 0usize);
    let mut long = Vec::new();
    for (id, text) in shown(Lang::En) {
        // Names, dates and codes are not prose.
        if matches!(id.as_str(), "site-name" | "date") {
            continue;
        }
        for sentence in text
            .split(['.', '?', '!', ':', '…'])
            .filter(|s| s.trim().len() > 1)
        {
            let ws: Vec<&str> = sentence
                .split_whitespace()
                .filter(|w| w.chars().any(char::is_alphabetic))
                .collect();
            if ws.is_empty() {
                continue;
            }
            if ws.len() > 15 {
                long.push(format!("{id}: {sentence}"));
            }
            sentences += 1;
            words += ws.len();
            syl += ws.iter().map(|w| syllables(w)).sum::<usize>();
        }
    }
    let ease =
        206.835 - 1.015 * (words as f64 / sentences as f64) - 84.6 * (syl as f64 / words as f64);
    println!("Flesch reading ease of English participant text: {ease:.1} ({sentences} sentences, {words} words)");
    assert!(long.is_empty(), "sentences over 15 words: {long:#?}");
    assert!(ease >= 70.0, "Flesch reading ease {ease:.1} is below 70");
}

#[test]
fn syllables_are_counted_as_people_say_them() {
    assert_eq!(syllables("answer"), 2);
    assert_eq!(syllables("device"), 2);
    assert_eq!(syllables("conversation"), 4);
    assert_eq!(syllables("the"), 1);
    assert_eq!(syllables("people"), 2);
}
