//! "You said, we did". For coordinators: the list of actions and one action's editor (what we heard,
//! what we are doing, status, money, time, who decided, themes, dated updates, publish). Submissions are
//! linked from the inbox. For everyone: the public page (`public.rs`). All plain HTML and form posts to
//! `server/src/http/actions.rs`; no WebAssembly.

#[cfg(feature = "ssr")]
pub mod changes;
mod public;
mod translate;

pub use public::PublicPage;
pub use translate::TranslatePage;

use crate::auth::StaffBar;
use crate::domain::dates::day_of;
use crate::domain::{
    Action, ActionStatus, Theme, User, MAX_ACTION_TEXT_CHARS, MAX_ACTION_TITLE_CHARS,
};
use crate::error::AppError;
use crate::notice::Notices;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

/// The link form's problems, which the inbox and submission pages show too.
pub const PICK_ACTION: (&str, &str) = ("action", "Choose an action.");
pub const NONE_PICKED: (&str, &str) = ("none_picked", "Tick at least one submission first.");
pub const TOO_MANY: (&str, &str) = ("too_many", "Link up to 200 submissions at a time.");

pub const PROBLEMS: crate::notice::Words = &[
    (
        "action_title",
        "Give the action a title of up to 120 characters.",
    ),
    (
        "action_too_long",
        "Each part can be up to 2,000 characters.",
    ),
    ("action_status", "Choose a status."),
    (
        "action_reason",
        "Say why you are not doing it. People deserve to know.",
    ),
    ("update", "Write the update, in up to 2,000 characters."),
    PICK_ACTION,
    NONE_PICKED,
    TOO_MANY,
    ("gone", "That action or submission does not exist."),
    (
        "translation",
        "A translation can be as long as the words it translates may be: 120 characters for the title, 2,000 for the rest.",
    ),
    ("language", "Choose one of the languages listed."),
];

pub const DONE: crate::notice::Words = &[
    ("created", "Action created. It is a draft until you publish it."),
    ("saved", "Saved."),
    (
        "published",
        "Published. Anyone can see it on the You said, we did page, and people linked to it see it with their receipt.",
    ),
    ("unpublished", "Back to a draft. Only staff can see it now."),
    ("update_added", "Update added."),
    ("linked", "Linked."),
    ("unlinked", "Link removed."),
    ("language_saved", "Language saved."),
    ("translation_saved", "Translation saved."),
];

/// The most submissions one link form may carry.
pub const MAX_LINK: usize = 200;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActionsData {
    pub me: User,
    pub actions: Vec<Action>,
}

/// Every action, drafts too. Coordinators and admins only.
#[server(prefix = "/api/fn", endpoint = "actions")]
pub async fn actions_page() -> Result<ActionsData, AppError> {
    let me = crate::auth::require(crate::domain::Role::Coordinator).await?;
    let ctx = crate::context::Ctx::get()?;
    Ok(ActionsData {
        me,
        actions: ctx.store.actions(false).await?,
    })
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActionData {
    pub me: User,
    pub action: Action,
    pub themes: Vec<Theme>,
}

/// One action for its editor. Coordinators and admins only.
#[server(prefix = "/api/fn", endpoint = "action")]
pub async fn action_page(id: Option<String>) -> Result<ActionData, AppError> {
    let me = crate::auth::require(crate::domain::Role::Coordinator).await?;
    let ctx = crate::context::Ctx::get()?;
    let id = id
        .and_then(|i| i.parse::<i64>().ok())
        .ok_or(AppError::NotFound)?;
    let action = ctx.store.action(id).await?.ok_or(AppError::NotFound)?;
    Ok(ActionData {
        me,
        action,
        themes: ctx.store.themes().await?,
    })
}

/// (id, title) of every action, drafts too, for the link forms and the inbox filter.
#[cfg(feature = "ssr")]
pub async fn titles(ctx: &crate::context::Ctx) -> Result<Vec<(i64, String)>, AppError> {
    Ok(ctx.store.action_titles().await?)
}

fn linked_words(n: i64) -> String {
    match n {
        0 => "No submissions linked yet".into(),
        1 => "1 submission linked".into(),
        n => format!("{n} submissions linked"),
    }
}

#[component]
pub fn ActionsPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| actions_page());
    view! {
        <Title text="Actions"/>
        {crate::ui::show(data, |d: ActionsData| view! { <Actions data=d/> })}
    }
}

#[component]
fn Actions(data: ActionsData) -> impl IntoView {
    view! {
        <StaffBar user=data.me/>
        <h1>"Actions"</h1>
        <Notices done=DONE problems=PROBLEMS/>
        <p>
            "What you are doing about what people said. Published actions show on the public "
            <a href="/you-said-we-did">"You said, we did"</a>
            " page, and on the receipt page of everyone whose words are linked to them."
        </p>
        <p class="hint">"To link submissions, tick them in the inbox and choose the action."</p>
        {data.actions.is_empty().then(|| view! { <p>"No actions yet."</p> })}
        <ul class="people" aria-label="Actions, most recently changed first">
            {data.actions.into_iter().map(|a| view! {
                <li class="inbox-item">
                    <h2 class="inbox-title"><a href=format!("/actions/{}", a.id)>{a.fields.title.clone()}</a></h2>
                    <ul class="tags" aria-label="Status">
                        <li class="tag tag-yes">{a.fields.status.label()}</li>
                        <li class="tag">{if a.published { "Published" } else { "Draft" }}</li>
                    </ul>
                    <p>
                        <a href=format!("/inbox?action={}", a.id)>{linked_words(a.linked)}</a>
                        {format!(". Changed {}.", day_of(a.updated_at))}
                    </p>
                </li>
            }).collect_view()}
        </ul>
        <h2>"Create an action"</h2>
        <form method="post" action="/actions" class="inline-form">
            <label class="label" for="new-action">"Title"</label>
            <input class="input" id="new-action" name="title" maxlength=MAX_ACTION_TITLE_CHARS.to_string() required/>
            <button type="submit" class="button">"Create action"</button>
        </form>
    }
}

#[component]
pub fn ActionPage() -> impl IntoView {
    let id = use_params_map().with_untracked(|p| p.get("id"));
    let data = Resource::new(move || id.clone(), action_page);
    view! {
        <Title text="Edit an action"/>
        {crate::ui::show(data, |d: ActionData| view! { <Editor data=d/> })}
    }
}

#[component]
fn Editor(data: ActionData) -> impl IntoView {
    let a = data.action;
    let f = a.fields.clone();
    let base = format!("/actions/{}", a.id);
    let max = MAX_ACTION_TEXT_CHARS.to_string();
    let text = move |name: &'static str, label: &'static str, hint: &'static str, value: String| {
        let id = format!("a-{name}");
        let hint_id = format!("{id}-hint");
        view! {
            <div class="field">
                <label class="label" for=id.clone()>{label}</label>
                <p class="hint" id=hint_id.clone()>{hint}</p>
                <textarea class="input" id=id name=name rows="3" maxlength=max.clone() aria-describedby=hint_id>{value}</textarea>
            </div>
        }
    };
    let status_options = ActionStatus::ALL
        .into_iter()
        .map(|s| view! { <option value=s.as_str() selected={s == f.status}>{s.label()}</option> })
        .collect_view();
    let theme_boxes = data
        .themes
        .into_iter()
        .map(|t| {
            let id = format!("a-theme-{}", t.id);
            let checked = a.themes.iter().any(|(tid, _)| *tid == t.id);
            view! {
                <div class="option">
                    <input type="checkbox" id=id.clone() name="theme" value=t.id.to_string() checked=checked/>
                    <label for=id>{t.name}</label>
                </div>
            }
        })
        .collect_view();
    let updates = a.updates.clone();
    let (parts, translations) = (a.parts(), a.translations.clone());
    view! {
        <StaffBar user=data.me/>
        <p><a href="/actions">"All actions"</a></p>
        <h1>{f.title.clone()}</h1>
        <Notices done=DONE problems=PROBLEMS/>
        <div class="actions">
            {if a.published {
                view! {
                    <p>"Published: anyone can see it."</p>
                    <form method="post" action=format!("{base}/unpublish")>
                        <button type="submit" class="button button-secondary">"Back to draft"</button>
                    </form>
                }.into_any()
            } else {
                view! {
                    <p>"Draft: only staff can see it."</p>
                    <form method="post" action=format!("{base}/publish")>
                        <button type="submit" class="button">"Publish"</button>
                    </form>
                }.into_any()
            }}
        </div>
        <p>
            <a href=format!("/inbox?action={}", a.id)>{linked_words(a.linked)}</a>
            ". Link more from the inbox: tick submissions, then choose this action."
        </p>

        <section aria-labelledby="updates-title">
            <h2 id="updates-title">"Updates"</h2>
            <p class="hint">"Short, dated news in plain words. People linked to this action see the newest ones with their receipt."</p>
            <form method="post" action=format!("{base}/updates") class="narrow">
                <div class="field">
                    <label class="label" for="update">"New update"</label>
                    <textarea class="input" id="update" name="body" rows="3" maxlength=MAX_ACTION_TEXT_CHARS.to_string() required></textarea>
                </div>
                <button type="submit" class="button">"Add update"</button>
            </form>
            {updates.is_empty().then(|| view! { <p>"No updates yet."</p> })}
            <ol class="people" aria-label="Updates, newest first">
                {updates.into_iter().map(|u| view! {
                    <li class="inbox-item">
                        <p class="note-body" dir="auto">{u.body}</p>
                        <p class="hint">{format!("{}, {}", day_of(u.at), u.author.unwrap_or_else(|| "someone no longer here".into()))}</p>
                    </li>
                }).collect_view()}
            </ol>
        </section>

        <crate::languages::Languages base=base.clone() own=a.lang parts translations what="action"/>

        <section aria-labelledby="details-title">
            <h2 id="details-title">"What it says"</h2>
            <p class="hint">"The public reads this. Use short sentences and everyday words."</p>
            <form method="post" action=base.clone() class="narrow">
                <div class="field">
                    <label class="label" for="a-title">"Title"</label>
                    <input class="input" id="a-title" name="title" maxlength=MAX_ACTION_TITLE_CHARS.to_string() required value=f.title.clone()/>
                </div>
                {text("heard", "What we heard", "What people told you, in your words.", f.heard)}
                {text("doing", "What we are doing", "The change, as people will notice it.", f.doing)}
                <div class="field">
                    <label class="label" for="a-status">"Status"</label>
                    <select class="input" id="a-status" name="status">{status_options}</select>
                </div>
                {text("reason", "Why we are not doing it", "Needed when the status is Not doing.", f.reason)}
                {text("budget", "Money", "What it costs, in plain words.", f.budget)}
                {text("timeline", "When", "When people will see the change.", f.timeline)}
                {text("decided", "How it was decided, and by whom", "For example: the team and the members' group, in November.", f.decided)}
                <fieldset class="field">
                    <legend class="label">"Themes it answers"</legend>
                    <div class="options">{theme_boxes}</div>
                </fieldset>
                <button type="submit" class="button">"Save"</button>
            </form>
        </section>
    }
}
