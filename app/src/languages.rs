//! Staff pages for anything written in several languages (conversations, published actions): the
//! editor's Languages section (the language it is written in, what is still to translate into each
//! other language) and the translate form. Plain form posts; each feature routes them.

use crate::auth::StaffBar;
use crate::domain::{changed, missing, Lang, Part, Translations, User};
use crate::notice::{Notices, Words};
use leptos::prelude::*;

/// What staff pages call each language.
pub fn staff_name(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "English",
        Lang::Pl => "Polish",
        Lang::Ar => "Arabic",
    }
}

/// The Languages section of an editor at `base`: the language select (posts `lang` to
/// `{base}/language`) and, per other language, what is missing and the way to `{base}/translate/…`.
#[component]
pub fn Languages(
    base: String,
    own: Lang,
    parts: Vec<Part>,
    translations: Translations,
    /// "conversation" or "action", for the hint.
    what: &'static str,
    /// When there are several on a page (reach questions): the name of this one, for headings,
    /// links and ids that say which it is about.
    #[prop(optional)]
    within: Option<(i64, String)>,
) -> impl IntoView {
    let total = parts.len();
    let suffix = within
        .as_ref()
        .map(|(n, _)| format!("-{n}"))
        .unwrap_or_default();
    let (select_id, title_id) = (
        format!("written-in{suffix}"),
        format!("languages-title{suffix}"),
    );
    let about = within.map(|(_, name)| name);
    let others = Lang::ALL.into_iter().filter(|l| *l != own).map(|l| {
        let missing = missing(own, parts.clone(), &translations, l);
        let state = if missing.is_empty() {
            "Everything is translated.".to_string()
        } else {
            let done = translations.get(&l);
            let names: Vec<String> = missing
                .into_iter()
                .map(
                    |p| match done.is_some_and(|t| changed(t, &p.key, &p.text)) {
                        true => format!("{} (changed since it was translated)", p.name),
                        false => p.name,
                    },
                )
                .collect();
            format!(
                "{} of {total} parts are not translated yet: {}.",
                names.len(),
                names.join(", ")
            )
        };
        let name = staff_name(l);
        let link = match &about {
            Some(about) => format!("Translate “{about}” into {name}"),
            None => format!("Translate into {name}"),
        };
        view! {
            <li class="inbox-item">
                <p><strong>{name}</strong>": "{state}</p>
                <p><a href=format!("{base}/translate/{}", l.code())>{link}</a></p>
            </li>
        }
    });
    let heading = match &about {
        Some(_) => view! { <h3 id=title_id.clone()>"Languages"</h3> }.into_any(),
        None => view! { <h2 id=title_id.clone()>"Languages"</h2> }.into_any(),
    };
    view! {
        <section aria-labelledby=title_id>
            {heading}
            <form method="post" action=format!("{base}/language") class="inline-form">
                <label class="label" for=select_id.clone()>"Written in"</label>
                <select class="input" id=select_id name="lang">
                    {Lang::ALL.into_iter().map(|l| view! {
                        <option value=l.code() selected={l == own}>{staff_name(l)}</option>
                    }).collect_view()}
                </select>
                <button type="submit" class="button button-secondary">"Use this language"</button>
            </form>
            <p class="hint">{format!("Participants read each part of this {what} in their own language where you have translated it, and in the language it is written in where you have not.")}</p>
            <ul class="people" aria-label="Translations">{others.collect_view()}</ul>
        </section>
    }
}

/// Every part, with its words in the language it is written in beside the box for the translation;
/// posts to `{base}/translate/{lang}`.
#[component]
pub fn TranslateForm(
    me: User,
    base: String,
    title: String,
    own: Lang,
    lang: Lang,
    parts: Vec<Part>,
    translations: Translations,
    done: Words,
    problems: Words,
) -> impl IntoView {
    let name = staff_name(lang);
    let written = translations.get(&lang).cloned().unwrap_or_default();
    let fields = parts
        .into_iter()
        .map(|part| {
            let id = format!("t-{}", part.key.replace('.', "-"));
            let hint = format!("{id}-hint");
            let value = written.get(&part.key).cloned().unwrap_or_default();
            // Out of date: readers get the new words, untranslated, until this is saved again.
            let stale = changed(&written, &part.key, &part.text).then(|| {
                view! { <strong>{format!("Changed since it was translated: check the {name}, then save. ")}</strong> }
            });
            let max = part.max_chars.to_string();
            let input = if part.long {
                view! {
                    <textarea class="input" id=id.clone() name=part.key rows="3" maxlength=max
                        lang=lang.code() dir=lang.dir() aria-describedby=hint.clone()>{value}</textarea>
                }
                .into_any()
            } else {
                view! {
                    <input class="input" id=id.clone() name=part.key maxlength=max value=value
                        lang=lang.code() dir=lang.dir() aria-describedby=hint.clone()/>
                }
                .into_any()
            };
            view! {
                <div class="field">
                    <label class="label" for=id>{format!("{} in {name}", part.name)}</label>
                    <p class="hint" id=hint>
                        {stale}
                        {format!("In {}: ", staff_name(own))}
                        <span lang=own.code() dir=own.dir()>{part.text}</span>
                    </p>
                    {input}
                </div>
            }
        })
        .collect_view();
    view! {
        <StaffBar user=me/>
        <p><a href=base.clone()>"Back to editing"</a></p>
        <h1>{format!("Translate into {name}")}</h1>
        <Notices done problems/>
        <p>{format!("“{title}”, written in {}. Leave a box empty and people reading {name} see that part in {}.", staff_name(own), staff_name(own))}</p>
        <form method="post" action=format!("{base}/translate/{}", lang.code()) class="narrow">
            {fields}
            <button type="submit" class="button">{format!("Save the {name} translation")}</button>
        </form>
    }
}

/// What a translate page says when its address names the language the thing is written in, or none.
#[component]
pub fn NothingToTranslate(me: User, base: String, title: String, own: Lang) -> impl IntoView {
    view! {
        <StaffBar user=me/>
        <h1>"Translate"</h1>
        <p>{format!("“{title}” is written in {}. Choose another language to translate it into.", staff_name(own))}</p>
        <p><a href=base>"Back to editing"</a></p>
    }
}
