//! The public "You said, we did" page: published actions grouped by status, each with what we heard, what
//! we are doing, money, time, who decided, its dated updates and a few quotes behind it. No sign-in, no
//! WebAssembly, readable on a phone and printable (the print stylesheet drops the site chrome).

use crate::domain::{ActionStatus, Lang, PublicAction};
use crate::error::AppError;
use crate::text::w;
use leptos::prelude::*;
use leptos_meta::Title;

/// How many quotes show under each action (chosen on the server).
#[cfg(feature = "ssr")]
pub const QUOTES_PER_ACTION: u32 = 5;

/// Every published action with its quotes. Public. Quotes are only ever text a coordinator published
/// (which needs the participant's quote consent) and that was not taken back, as redacted.
#[server(prefix = "/api/fn", endpoint = "you_said_we_did")]
pub async fn public_actions() -> Result<Vec<PublicAction>, AppError> {
    let lang = crate::text::lang();
    let ctx = crate::context::Ctx::get()?;
    let actions = ctx.store.actions(true).await?;
    let ids: Vec<i64> = actions.iter().map(|a| a.id).collect();
    let quotes = ctx.store.action_quotes(&ids, QUOTES_PER_ACTION).await?;
    Ok(actions
        .into_iter()
        .map(|action| {
            // In the reader's language where staff translated it.
            let mut action = action.in_language(lang);
            // Staff names stay on staff pages.
            for u in &mut action.updates {
                u.author = None;
            }
            let quotes = quotes
                .iter()
                .filter(|(id, _)| *id == action.id)
                .filter_map(|(_, answers)| crate::domain::quote_text(answers))
                .collect();
            PublicAction { action, quotes }
        })
        .collect())
}

#[component]
pub fn PublicPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| public_actions());
    view! {
        <Title text=w("said-did-title")/>
        <h1>{w("said-did-title")}</h1>
        <p class="lead">{w("said-did-intro")}</p>
        {crate::ui::show(data, |actions: Vec<PublicAction>| {
            if actions.is_empty() {
                return view! { <p>{w("said-did-none")}</p> }.into_any();
            }
            let groups = ActionStatus::ALL.into_iter().filter_map(|status| {
                let group: Vec<PublicAction> = actions
                    .iter()
                    .filter(|a| a.action.fields.status == status)
                    .cloned()
                    .collect();
                (!group.is_empty()).then(|| view! {
                    <section class="said-did-group" aria-labelledby=format!("group-{}", status.as_str())>
                        <h2 id=format!("group-{}", status.as_str())>{w(status.message_ids().1)}</h2>
                        {group.into_iter().map(|a| view! { <PublicActionView item=a/> }).collect_view()}
                    </section>
                })
            }).collect_view();
            view! { {groups} }.into_any()
        })}
        <p><a href=crate::text::href("/")>{w("back-home")}</a></p>
    }
}

/// A labelled part of an action, left out when empty; `mark`: the words' language, where they are
/// not translated into the page's.
fn part(heading: String, body: &str, mark: Option<Lang>) -> Option<impl IntoView> {
    (!body.trim().is_empty()).then(|| {
        view! {
            <h4 class="said-did-label">{heading}</h4>
            <p class="note-body" dir="auto" lang=mark.map(Lang::code)>{body.to_string()}</p>
        }
    })
}

#[component]
fn PublicActionView(item: PublicAction) -> impl IntoView {
    let a = item.action;
    let mark = |part: &str| a.mark(part);
    let marks = (
        mark("title"),
        mark("heard"),
        mark("doing"),
        mark("reason"),
        mark("budget"),
        mark("timeline"),
        mark("decided"),
    );
    let updates: Vec<_> = a
        .updates
        .iter()
        .map(|u| (u.at, u.body.clone(), a.mark(&format!("u.{}", u.id))))
        .collect();
    let f = a.fields;
    let themes: Vec<String> = a.themes.into_iter().map(|(_, name)| name).collect();
    view! {
        <article class="said-did" aria-label=f.title.clone()>
            <h3 dir="auto" lang=marks.0.map(Lang::code)>{f.title.clone()}</h3>
            <p class="tag tag-yes said-did-status">{w(f.status.message_ids().0)}</p>
            {part(w("said-did-heard"), &f.heard, marks.1)}
            {(!themes.is_empty()).then(|| view! {
                <p>{crate::text::w_with("said-did-about", &[("themes", themes.join(", "))])}</p>
            })}
            {(!item.quotes.is_empty()).then(|| view! {
                <h4 class="said-did-label">{w("said-did-quotes")}</h4>
                <ul class="quotes">
                    {item.quotes.into_iter().map(|q| view! { <li><blockquote dir="auto">{q}</blockquote></li> }).collect_view()}
                </ul>
            })}
            {part(w("said-did-doing"), &f.doing, marks.2)}
            {(f.status == ActionStatus::NotDoing).then(|| part(w("said-did-why-not"), &f.reason, marks.3))}
            {part(w("said-did-money"), &f.budget, marks.4)}
            {part(w("said-did-when"), &f.timeline, marks.5)}
            {part(w("said-did-who"), &f.decided, marks.6)}
            {(!updates.is_empty()).then(|| view! {
                <h4 class="said-did-label">{w("said-did-updates")}</h4>
                <ol class="updates">
                    {updates.into_iter().map(|(at, body, mark)| view! {
                        <li>
                            <p class="hint">{crate::text::day(at.date_naive())}</p>
                            <p class="note-body" dir="auto" lang=mark.map(Lang::code)>{body}</p>
                        </li>
                    }).collect_view()}
                </ol>
            })}
        </article>
    }
}
