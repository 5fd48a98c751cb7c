//! The public "You said, we did" page: published actions grouped by status, each with what we heard, what
//! we are doing, money, time, who decided, its dated updates and a few quotes behind it. No sign-in, no
//! WebAssembly, readable on a phone and printable (the print stylesheet drops the site chrome).

use crate::domain::dates::day_of;
use crate::domain::{ActionStatus, PublicAction};
use crate::error::AppError;
use crate::text::t;
use leptos::prelude::*;
use leptos_meta::Title;

/// How many quotes show under each action (chosen on the server).
#[cfg(feature = "ssr")]
pub const QUOTES_PER_ACTION: u32 = 5;

/// Every published action with its quotes. Public. Quotes are only ever text a coordinator published
/// (which needs the participant's quote consent) and that was not taken back, as redacted.
#[server(prefix = "/api/fn", endpoint = "you_said_we_did")]
pub async fn public_actions() -> Result<Vec<PublicAction>, AppError> {
    let ctx = crate::context::Ctx::get()?;
    let actions = ctx.store.actions(true).await?;
    let ids: Vec<i64> = actions.iter().map(|a| a.id).collect();
    let quotes = ctx.store.action_quotes(&ids, QUOTES_PER_ACTION).await?;
    Ok(actions
        .into_iter()
        .map(|mut action| {
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
        <Title text=t::SAID_DID_TITLE/>
        <h1>{t::SAID_DID_TITLE}</h1>
        <p class="lead">{t::SAID_DID_INTRO}</p>
        {crate::ui::show(data, |actions: Vec<PublicAction>| {
            if actions.is_empty() {
                return view! { <p>{t::SAID_DID_NONE}</p> }.into_any();
            }
            let groups = ActionStatus::ALL.into_iter().filter_map(|status| {
                let group: Vec<PublicAction> = actions
                    .iter()
                    .filter(|a| a.action.fields.status == status)
                    .cloned()
                    .collect();
                (!group.is_empty()).then(|| view! {
                    <section class="said-did-group" aria-labelledby=format!("group-{}", status.as_str())>
                        <h2 id=format!("group-{}", status.as_str())>{status.heading()}</h2>
                        {group.into_iter().map(|a| view! { <PublicActionView item=a/> }).collect_view()}
                    </section>
                })
            }).collect_view();
            view! { {groups} }.into_any()
        })}
        <p><a href="/">{t::BACK_HOME}</a></p>
    }
}

/// A labelled part of an action, left out when empty.
fn part(heading: &'static str, body: &str) -> Option<impl IntoView> {
    (!body.trim().is_empty()).then(|| {
        view! {
            <h4 class="said-did-label">{heading}</h4>
            <p class="note-body">{body.to_string()}</p>
        }
    })
}

#[component]
fn PublicActionView(item: PublicAction) -> impl IntoView {
    let a = item.action;
    let f = a.fields;
    let themes: Vec<String> = a.themes.into_iter().map(|(_, name)| name).collect();
    view! {
        <article class="said-did" aria-label=f.title.clone()>
            <h3>{f.title.clone()}</h3>
            <p class="tag tag-yes said-did-status">{f.status.label()}</p>
            {part(t::SAID_DID_HEARD, &f.heard)}
            {(!themes.is_empty()).then(|| view! {
                <p>{format!("{} {}.", t::SAID_DID_ABOUT, themes.join(", "))}</p>
            })}
            {(!item.quotes.is_empty()).then(|| view! {
                <h4 class="said-did-label">{t::SAID_DID_QUOTES}</h4>
                <ul class="quotes">
                    {item.quotes.into_iter().map(|q| view! { <li><blockquote>{q}</blockquote></li> }).collect_view()}
                </ul>
            })}
            {part(t::SAID_DID_DOING, &f.doing)}
            {(f.status == ActionStatus::NotDoing).then(|| part(t::SAID_DID_WHY_NOT, &f.reason))}
            {part(t::SAID_DID_MONEY, &f.budget)}
            {part(t::SAID_DID_WHEN, &f.timeline)}
            {part(t::SAID_DID_WHO, &f.decided)}
            {(!a.updates.is_empty()).then(|| view! {
                <h4 class="said-did-label">{t::SAID_DID_UPDATES}</h4>
                <ol class="updates">
                    {a.updates.into_iter().map(|u| view! {
                        <li>
                            <p class="hint">{day_of(u.at)}</p>
                            <p class="note-body">{u.body}</p>
                        </li>
                    }).collect_view()}
                </ol>
            })}
        </article>
    }
}
