//! Every word Cairn shows, one catalogue per language (`app/locales/{en,pl,ar}/*.ftl`, Project Fluent
//! syntax, read by `fluent-bundle` with CLDR plural rules). Participant text in every language is written
//! for a reading age of about 9: short sentences, everyday words, one idea at a time. Staff pages are in
//! English for now; their words are in `staff.ftl`, and any message a language lacks falls back to English.
//!
//! Pages ask for words by message id with `w` (`w_n` for words that change with a number, `w_with` for
//! other values). On the server the page's language comes from its address (`Lang` in the context). An
//! island cannot carry the catalogue to the browser, so the server gives it the few messages it shows, in
//! its page's language only (`Words`), and `w` reads those inside it.

#[cfg(feature = "ssr")]
mod catalogue;
#[cfg(feature = "ssr")]
pub use catalogue::{message_ids, tr, tr_args, tr_n};

use crate::domain::Lang;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The words an island shows, in one language. Messages that change with a number are kept once per
/// CLDR plural category (`id[one]`, `id[few]`, …) with `{n}` where the number goes; the browser picks
/// the category with its own `Intl.PluralRules`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Words {
    pub lang: Lang,
    pub text: BTreeMap<String, String>,
}

impl Words {
    /// The messages `ids` (and `counted`, by plural category) in `lang`.
    #[cfg(feature = "ssr")]
    pub fn new(lang: Lang, ids: &[&str], counted: &[&str]) -> Words {
        let mut text = BTreeMap::new();
        for id in ids {
            // A time the browser fills in ("Last sent at {time}") stays a placeholder.
            text.insert(
                id.to_string(),
                tr_args(lang, id, &[("time", "{time}".into())]),
            );
        }
        for id in counted {
            for (category, template) in plural_templates(lang, id) {
                text.insert(format!("{id}[{category}]"), template);
            }
        }
        Words { lang, text }
    }

    fn get(&self, id: &str) -> String {
        self.text.get(id).cloned().unwrap_or_else(|| id.to_string())
    }

    fn get_n(&self, id: &str, n: usize) -> String {
        let category = plural_category(self.lang, n);
        self.text
            .get(&format!("{id}[{category}]"))
            .or_else(|| self.text.get(&format!("{id}[other]")))
            .map(|t| t.replace("{n}", &self.lang.digits(&n.to_string())))
            .unwrap_or_else(|| id.to_string())
    }
}

/// The forms of message `id` by plural category, as JSON (`{"one": "… {n} …", …}`), for a page script
/// that counts in the browser.
pub fn plural_forms(id: &str) -> String {
    #[cfg(feature = "ssr")]
    {
        let forms: BTreeMap<&str, String> = plural_templates(lang(), id).collect();
        serde_json::to_string(&forms).unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = id;
        String::new()
    }
}

/// Message `id` once per CLDR plural category `lang` uses, with `{n}` where the number goes: each is
/// formatted with a number of that category, and the number is then taken back out.
#[cfg(feature = "ssr")]
fn plural_templates(lang: Lang, id: &str) -> impl Iterator<Item = (&'static str, String)> + '_ {
    catalogue::plural_samples(lang)
        .into_iter()
        .map(move |(category, sample)| {
            let shown = tr_n(lang, id, sample);
            (
                category,
                shown.replacen(&lang.digits(&sample.to_string()), "{n}", 1),
            )
        })
}

/// The CLDR plural category of `n` in `lang` ("one", "few", …).
fn plural_category(lang: Lang, n: usize) -> String {
    #[cfg(feature = "ssr")]
    {
        catalogue::category(lang, n).to_string()
    }
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    {
        crate::browser::plural_category(lang.code(), n)
    }
    #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
    {
        let _ = (lang, n);
        "other".to_string()
    }
}

/// Makes the language the server read from the address (`Lang` in the request's extensions) the
/// language of the page being drawn.
#[cfg(feature = "ssr")]
pub fn provide_lang() {
    let lang = use_context::<axum::http::request::Parts>()
        .and_then(|p| p.extensions.get::<Lang>().copied())
        .unwrap_or_default();
    provide_context(lang);
}

/// The language of the page being drawn: from an island's words, else from its address.
pub fn lang() -> Lang {
    use_context::<Words>()
        .map(|w| w.lang)
        .or_else(use_context::<Lang>)
        .unwrap_or_default()
}

/// `path` on this site, in the page's language (`/pl/c/1` on a Polish page).
pub fn href(path: &str) -> String {
    lang().href(path)
}

/// The message `id` in the page's language.
pub fn w(id: &str) -> String {
    if let Some(words) = use_context::<Words>() {
        return words.get(id);
    }
    #[cfg(feature = "ssr")]
    {
        tr(lang(), id)
    }
    #[cfg(not(feature = "ssr"))]
    {
        id.to_string()
    }
}

/// The message `id` for the number `n`, in the form the language uses for it.
pub fn w_n(id: &str, n: usize) -> String {
    if let Some(words) = use_context::<Words>() {
        return words.get_n(id, n);
    }
    #[cfg(feature = "ssr")]
    {
        tr_n(lang(), id, n)
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = n;
        id.to_string()
    }
}

/// The message `id` with named values filled in (on the server: islands get whole sentences).
pub fn w_with(id: &str, args: &[(&str, String)]) -> String {
    #[cfg(feature = "ssr")]
    {
        tr_args(lang(), id, args)
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = args;
        id.to_string()
    }
}

/// A point of the 5-point scale as the reader says it: "4 of 5: Happy".
pub fn scale_answer(n: u8) -> String {
    w_with(
        "scale-shown",
        &[
            ("n", lang().digits(&n.to_string())),
            ("word", w(&format!("scale-{n}"))),
        ],
    )
}

/// "5 December 2026" in the page's language.
pub fn day(d: chrono::NaiveDate) -> String {
    #[cfg(feature = "ssr")]
    {
        catalogue::date(lang(), d)
    }
    #[cfg(not(feature = "ssr"))]
    {
        d.to_string()
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests;
