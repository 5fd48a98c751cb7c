//! The words each island carries (`text::Words`): only the messages it shows, in its page's language
//! only, made once per language. Pages drawn on the server ask the catalogue directly; an island must
//! take its words to the browser, so its lists live here, in one place, and a test checks each exists.

use crate::text::Words;

/// The words the form shows, besides the outbox's (`OUTBOX_WORDS`).
pub const FORM_WORDS: [&str; 24] = [
    "answer-hint-optional",
    "consent-board",
    "consent-hint",
    "consent-legend",
    "consent-quote",
    "consent-updates",
    "draft-saved",
    "storage-off",
    "send",
    "reach-hint",
    "reach-legend",
    "reach-skip",
    "scale-1",
    "scale-2",
    "scale-3",
    "scale-4",
    "scale-5",
    "error-summary-title",
    "error-empty",
    "error-too-long",
    "error-not-sent",
    "listen-question",
    "field-problem-empty",
    "field-problem-too-long",
];

/// What the field form shows besides (staff words, English for now).
pub const FIELD_FORM_WORDS: [&str; 7] = [
    "field-consent-hint",
    "field-consent-legend",
    "field-explained",
    "field-place-hint",
    "field-place-label",
    "field-save",
    "field-saved",
];

/// The form's and its outbox's words in the page's language, for the island; `field` adds the staff
/// field form's.
pub fn form_words(field: bool) -> Words {
    #[cfg(feature = "ssr")]
    {
        // Made once per language and kind of form, not on every page.
        static MADE: std::sync::LazyLock<Vec<(crate::domain::Lang, bool, Words)>> =
            std::sync::LazyLock::new(|| {
                crate::domain::Lang::ALL
                    .into_iter()
                    .flat_map(|lang| [false, true].map(|field| (lang, field, make(lang, field))))
                    .collect()
            });
        let lang = crate::text::lang();
        MADE.iter()
            .find(|(l, f, _)| *l == lang && *f == field)
            .map(|(_, _, words)| words.clone())
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = (field, FORM_WORDS, FIELD_FORM_WORDS);
        Words::default()
    }
}

/// The words of one kind of form in one language.
#[cfg(feature = "ssr")]
fn make(lang: crate::domain::Lang, field: bool) -> Words {
    // Staff in the field see their own outbox, never the participant's words about it.
    let (outbox, counted): (Vec<&str>, &[&str]) = if field {
        (
            FIELD_FORM_WORDS
                .iter()
                .chain(&FIELD_OUTBOX_WORDS)
                .copied()
                .collect(),
            &FIELD_OUTBOX_COUNTED,
        )
    } else {
        (OUTBOX_WORDS.to_vec(), &OUTBOX_COUNTED)
    };
    let ids: Vec<&str> = FORM_WORDS
        .iter()
        .chain(&REFUSED_WORDS)
        .copied()
        .chain(outbox)
        .collect();
    Words::new(lang, &ids, counted)
}

/// The words the participant's outbox shows (`Words::new`), and those that change with a number.
pub const OUTBOX_WORDS: [&str; 10] = [
    "sending",
    "saved-offline",
    "waiting-kept",
    "sent-title",
    "receipt-is",
    "receipt-keep",
    "done",
    "rejected-title",
    "rejected-copy",
    "rejected-said",
];

/// What both outboxes show of refused answers.
pub const REFUSED_WORDS: [&str; 12] = [
    "dismiss",
    "dismiss-confirm",
    "dismiss-yes",
    "dismiss-no",
    "reject-invalid",
    "reject-unknown-conversation",
    "reject-unknown-question",
    "reject-invalid-answer",
    "reject-too-long",
    "reject-empty",
    "reject-forbidden",
    "reject-conflict",
];
pub const OUTBOX_COUNTED: [&str; 1] = ["waiting-count"];

/// What the staff field outbox shows besides (English only, like every staff page for now).
pub const FIELD_OUTBOX_WORDS: [&str; 10] = [
    "field-all-sent",
    "field-last-sent",
    "field-never-sent",
    "field-sign-in",
    "field-sign-in-link",
    "field-rejected",
    "field-rejected-copy",
    "field-error-explained",
    "field-error-storage",
    "sending",
];
pub const FIELD_OUTBOX_COUNTED: [&str; 1] = ["field-count"];

/// The outbox's words in the page's language, for an island.
pub fn outbox_words() -> Words {
    #[cfg(feature = "ssr")]
    {
        // Made once per language, not on every page.
        static MADE: std::sync::LazyLock<Vec<Words>> = std::sync::LazyLock::new(|| {
            let ids: Vec<&str> = OUTBOX_WORDS.iter().chain(&REFUSED_WORDS).copied().collect();
            crate::domain::Lang::ALL
                .into_iter()
                .map(|lang| Words::new(lang, &ids, &OUTBOX_COUNTED))
                .collect()
        });
        let lang = crate::text::lang();
        MADE.iter()
            .find(|w| w.lang == lang)
            .cloned()
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        Words::default()
    }
}

/// Every message id the islands carry (for the catalogue's tests).
pub fn all() -> Vec<&'static str> {
    FORM_WORDS
        .iter()
        .chain(&FIELD_FORM_WORDS)
        .chain(&OUTBOX_WORDS)
        .chain(&REFUSED_WORDS)
        .chain(&OUTBOX_COUNTED)
        .chain(&FIELD_OUTBOX_WORDS)
        .chain(&FIELD_OUTBOX_COUNTED)
        .copied()
        .collect()
}
