//! The catalogues themselves: each language's `.ftl` files, built into the server and parsed once.

use crate::domain::Lang;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use intl_pluralrules::{PluralCategory, PluralRuleType, PluralRules};
use std::sync::LazyLock;

/// Each language's files, participant words first. English has every message.
const SOURCES: [(Lang, &[&str]); 3] = [
    (
        Lang::En,
        &[
            include_str!("../../locales/en/participant.ftl"),
            include_str!("../../locales/en/staff.ftl"),
        ],
    ),
    (
        Lang::Pl,
        &[include_str!("../../locales/pl/participant.ftl")],
    ),
    (
        Lang::Ar,
        &[include_str!("../../locales/ar/participant.ftl")],
    ),
];

struct Catalogue {
    lang: Lang,
    bundle: FluentBundle<FluentResource>,
    plurals: PluralRules,
}

static CATALOGUES: LazyLock<Vec<Catalogue>> = LazyLock::new(|| {
    SOURCES
        .iter()
        .map(|(lang, files)| {
            let id: unic_langid::LanguageIdentifier = lang.code().parse().expect("a language code");
            let mut bundle = FluentBundle::new_concurrent(vec![id.clone()]);
            // The page sets each element's direction; invisible isolation marks would only get in the way
            // of copying a receipt code or searching the page.
            bundle.set_use_isolating(false);
            if *lang == Lang::Ar {
                bundle.set_formatter(Some(arabic_digits));
            }
            for source in *files {
                let resource = FluentResource::try_new(source.to_string())
                    .unwrap_or_else(|(_, e)| panic!("{} catalogue: {e:?}", lang.code()));
                bundle
                    .add_resource(resource)
                    .unwrap_or_else(|e| panic!("{} catalogue: {e:?}", lang.code()));
            }
            let plurals =
                PluralRules::create(id, PluralRuleType::CARDINAL).expect("CLDR has this language");
            Catalogue {
                lang: *lang,
                bundle,
                plurals,
            }
        })
        .collect()
});

/// Numbers in Arabic messages, in Arabic-Indic digits (see `Lang::digits`).
fn arabic_digits<M>(value: &FluentValue, _: &M) -> Option<String> {
    match value {
        FluentValue::Number(n) => Some(Lang::Ar.digits(&n.as_string())),
        _ => None,
    }
}

fn catalogue(lang: Lang) -> &'static Catalogue {
    CATALOGUES
        .iter()
        .find(|c| c.lang == lang)
        .unwrap_or(&CATALOGUES[0])
}

/// `id` formatted with `args` in `lang`, else in English, else the id itself (a test checks that every
/// id used exists in English).
fn format(lang: Lang, id: &str, args: Option<&FluentArgs>) -> String {
    for c in [catalogue(lang), catalogue(Lang::En)] {
        if let Some(pattern) = c.bundle.get_message(id).and_then(|m| m.value()) {
            let mut errors = Vec::new();
            return c
                .bundle
                .format_pattern(pattern, args, &mut errors)
                .into_owned();
        }
    }
    id.to_string()
}

/// The message `id` in `lang`.
pub fn tr(lang: Lang, id: &str) -> String {
    format(lang, id, None)
}

/// The message `id` with `$n` set to `n`.
pub fn tr_n(lang: Lang, id: &str, n: usize) -> String {
    let mut args = FluentArgs::new();
    args.set("n", FluentValue::from(n));
    format(lang, id, Some(&args))
}

/// The message `id` with named text values.
pub fn tr_args(lang: Lang, id: &str, values: &[(&str, String)]) -> String {
    let mut args = FluentArgs::new();
    for (name, value) in values {
        args.set(*name, FluentValue::from(value.clone()));
    }
    format(lang, id, Some(&args))
}

/// "5 December 2026", "5 grudnia 2026", "5 ديسمبر 2026".
pub fn date(lang: Lang, d: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    let mut args = FluentArgs::new();
    args.set("day", FluentValue::from(d.day()));
    args.set("month", FluentValue::from(d.month()));
    // The year as written, not as a number (which Fluent might group: 2,026).
    args.set(
        "year",
        FluentValue::from(lang.digits(&d.year().to_string())),
    );
    format(lang, "date", Some(&args))
}

/// The CLDR plural category of `n` in `lang`.
pub fn category(lang: Lang, n: usize) -> &'static str {
    name(
        catalogue(lang)
            .plurals
            .select(n)
            .unwrap_or(PluralCategory::OTHER),
    )
}

fn name(c: PluralCategory) -> &'static str {
    match c {
        PluralCategory::ZERO => "zero",
        PluralCategory::ONE => "one",
        PluralCategory::TWO => "two",
        PluralCategory::FEW => "few",
        PluralCategory::MANY => "many",
        PluralCategory::OTHER => "other",
    }
}

/// For each plural category `lang` uses for whole numbers, a whole number in it: the smallest from 2 up
/// where there is one, so that a message's own words for 0 or 1 ("No entries") never stand for a whole
/// category.
pub fn plural_samples(lang: Lang) -> Vec<(&'static str, usize)> {
    let mut found: Vec<(&'static str, usize)> = Vec::new();
    for n in (2..1000).chain(0..2) {
        let c = category(lang, n);
        if !found.iter().any(|(k, _)| *k == c) {
            found.push((c, n));
        }
    }
    found
}

/// Every message id of `lang`'s participant catalogue, in file order (for the tests).
pub fn message_ids(lang: Lang) -> Vec<String> {
    let source = SOURCES
        .iter()
        .find(|(l, _)| *l == lang)
        .map(|(_, files)| files[0])
        .unwrap_or_default();
    let resource = FluentResource::try_new(source.to_string()).unwrap_or_else(|(r, _)| r);
    resource
        .entries()
        .filter_map(|e| match e {
            fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
            _ => None,
        })
        .collect()
}
