//! Conversations, for coordinators: the list, the editor (title, the promises shown before any
//! question, questions that can be reordered, open and close) and a preview of exactly what a
//! participant will see. Plain form posts to `server/src/http/conversations.rs`; no WebAssembly.

#[cfg(feature = "ssr")]
pub mod changes;
mod translate;

pub use translate::TranslatePage;

use crate::auth::StaffBar;
use crate::domain::{Conversation, Question, QuestionKind, User};
use crate::error::AppError;
use crate::languages::Languages;
use crate::notice::Notices;
use crate::share::{About, QuestionField};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

pub const PROBLEMS: crate::notice::Words = &[
    ("title", "Give the conversation a title of up to 120 characters."),
    ("promise", "Each promise can be up to 2,000 characters."),
    ("closes_on", "Give the closing date as a date, or leave it empty."),
    ("prompt", "Write the question, in up to 300 characters."),
    ("kind", "Choose free text, feeling scale or choice."),
    (
        "choices",
        "A choice question needs 2 to 10 different choices, one per line, each up to 100 characters.",
    ),
    ("too_many", "A conversation can have up to 30 questions."),
    (
        "answered",
        "People have already answered, so their questions cannot be removed, change type or lose choices. You can reword them, move them and add choices.",
    ),
    ("no_questions", "Add a question before opening the conversation."),
    ("busy", "Someone else just made a conversation with that title. Please try again."),
    ("gone", "That conversation or question does not exist."),
    (
        "translation",
        "A translation can be as long as the words it translates may be: 120 characters for the title, 300 for a question, 100 for a choice, 2,000 for a promise.",
    ),
    ("language", "Choose one of the languages listed."),
];

pub const DONE: crate::notice::Words = &[
    (
        "created",
        "Conversation created. It is closed until you open it.",
    ),
    ("saved", "Saved."),
    ("opened", "Open. Participants can answer now."),
    (
        "closed",
        "Closed. Answers still waiting on people's phones will arrive and be marked late.",
    ),
    ("question_added", "Question added."),
    ("question_saved", "Question saved."),
    ("question_moved", "Question moved."),
    ("question_removed", "Question removed."),
    ("language_saved", "Language saved."),
    ("translation_saved", "Translation saved."),
];

/// One conversation in the list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConversationItem {
    pub conversation: Conversation,
    pub submissions: i64,
    /// Open and not past its closing date.
    pub accepting: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConversationsData {
    pub me: User,
    pub items: Vec<ConversationItem>,
}

/// Every conversation with its count. Coordinators and admins only.
#[server(prefix = "/api/fn", endpoint = "conversations_admin")]
pub async fn conversations_page() -> Result<ConversationsData, AppError> {
    let me = crate::auth::require(crate::domain::Role::Coordinator).await?;
    let ctx = crate::context::Ctx::get()?;
    let counts = ctx.store.submission_counts().await?;
    let today = chrono::Utc::now().date_naive();
    let items = ctx
        .store
        .conversations()
        .await?
        .into_iter()
        .map(|c| ConversationItem {
            submissions: counts
                .iter()
                .find(|(id, _)| *id == c.id)
                .map_or(0, |(_, n)| *n),
            accepting: c.accepting(today),
            conversation: c,
        })
        .collect();
    Ok(ConversationsData { me, items })
}

/// One conversation for the editor or the preview. Coordinators and admins only.
#[server(prefix = "/api/fn", endpoint = "conversation_admin")]
pub async fn conversation_page(id: String) -> Result<(User, ConversationItem), AppError> {
    let data = conversations_page().await?;
    let item = data
        .items
        .into_iter()
        .find(|i| i.conversation.id == id)
        .ok_or(AppError::NotFound)?;
    Ok((data.me, item))
}

#[component]
pub fn ConversationsPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| conversations_page());
    view! {
        <Title text="Conversations"/>
        {crate::ui::show(data, |d: ConversationsData| view! { <Conversations data=d/> })}
    }
}

fn state_words(item: &ConversationItem) -> String {
    let c = &item.conversation;
    match (c.open, item.accepting, c.promises.closes_on.as_deref()) {
        (false, _, _) => "Closed".into(),
        (true, false, Some(day)) => format!("Closed on {day} (its closing date)"),
        (true, true, Some(day)) => format!("Open until {day}"),
        (true, _, _) => "Open".into(),
    }
}

#[component]
fn Conversations(data: ConversationsData) -> impl IntoView {
    view! {
        <StaffBar user=data.me/>
        <h1>"Conversations"</h1>
        <Notices done=DONE problems=PROBLEMS/>
        <ul class="people" aria-label="Conversations">
            {data.items.into_iter().map(|item| {
                let state = state_words(&item);
                let c = item.conversation;
                let answers = match item.submissions {
                    1 => "1 submission".to_string(),
                    n => format!("{n} submissions"),
                };
                view! {
                    <li class="inbox-item">
                        <h2 class="inbox-title"><a href=format!("/conversations/{}", c.id)>{c.title.clone()}</a></h2>
                        <ul class="tags">
                            <li class="tag tag-yes">{state}</li>
                            <li class="tag">{format!("{} questions", c.questions.len())}</li>
                            <li class="tag">{answers}</li>
                        </ul>
                        <p><a href=format!("/inbox?conversation={}", c.id)>{format!("Read the input to {}", c.title)}</a></p>
                    </li>
                }
            }).collect_view()}
        </ul>
        <h2>"Start a conversation"</h2>
        <form method="post" action="/conversations" class="inline-form">
            <label class="label" for="new-title">"Title"</label>
            <input class="input" id="new-title" name="title" maxlength="120" required/>
            <button type="submit" class="button">"Create"</button>
        </form>
    }
}

#[component]
pub fn ConversationEditPage() -> impl IntoView {
    let id = use_params_map().with_untracked(|p| p.get("id").unwrap_or_default());
    let data = Resource::new(move || id.clone(), conversation_page);
    view! {
        <Title text="Edit a conversation"/>
        {crate::ui::show(data, |(me, item): (User, ConversationItem)| view! { <Editor me item/> })}
    }
}

#[component]
fn Editor(me: User, item: ConversationItem) -> impl IntoView {
    let state = state_words(&item);
    let locked = item.submissions > 0;
    let c = item.conversation;
    let base = format!("/conversations/{}", c.id);
    let (parts, translations) = (c.parts(), c.translations.clone());
    let p = c.promises.clone();
    let count = c.questions.len();
    let promise = |name: &'static str, label: &'static str, hint: &'static str, value: String| {
        let id = format!("p-{name}");
        let hint_id = format!("{id}-hint");
        view! {
            <div class="field">
                <label class="label" for=id.clone()>{label}</label>
                <p class="hint" id=hint_id.clone()>{hint}</p>
                <textarea class="input" id=id name=name rows="3" maxlength="2000" aria-describedby=hint_id>{value}</textarea>
            </div>
        }
    };
    view! {
        <StaffBar user=me/>
        <p><a href="/conversations">"All conversations"</a></p>
        <h1>{c.title.clone()}</h1>
        <Notices done=DONE problems=PROBLEMS/>
        <p>{format!("{state}. Participants find it at /c/{}.", c.id)}</p>
        <div class="actions">
            <a class="button button-secondary" href=format!("{base}/preview")>"Preview what participants see"</a>
            <form method="post" action=format!("{base}/{}", if c.open { "close" } else { "open" })>
                <button type="submit" class="button">{if c.open { "Close the conversation" } else { "Open the conversation" }}</button>
            </form>
        </div>

        <section aria-labelledby="questions-title">
            <h2 id="questions-title">"Questions"</h2>
            {locked.then(|| view! {
                <p class="hint">"People have answered already. You can reword and move questions and add choices, but not remove questions or change their type."</p>
            })}
            {(count == 0).then(|| view! { <p>"No questions yet."</p> })}
            <ol class="people" aria-label="Questions, in order">
                {c.questions.into_iter().enumerate().map(|(i, q)| view! {
                    <QuestionEditor base=base.clone() question=q first={i == 0} last={i + 1 == count}/>
                }).collect_view()}
            </ol>
            <h3>"Add a question"</h3>
            <QuestionFields prefix="new".into() action=format!("{base}/questions") question=None/>
        </section>

        <Languages base=base.clone() own=c.lang parts translations what="conversation"/>

        <section aria-labelledby="promises-title">
            <h2 id="promises-title">"Title and promises"</h2>
            <p class="hint">"Participants read these before any question. Use short sentences and everyday words."</p>
            <form method="post" action=base.clone() class="narrow">
                <div class="field">
                    <label class="label" for="c-title">"Title"</label>
                    <input class="input" id="c-title" name="title" maxlength="120" required value=c.title.clone()/>
                </div>
                {promise("why", "Why we ask", "What you want to learn, and why it matters.", p.why)}
                {promise("how_used", "How answers are used", "Who reads them and what you do with them.", p.how_used)}
                {promise("who_sees", "Who sees the answers", "Staff only? Quotes without names? The board?", p.who_sees)}
                {promise("what_next", "What happens next", "When and where people will hear what you did.", p.what_next)}
                {promise("budget_timeline", "Money and time", "What you can spend and how long changes take, in plain words.", p.budget_timeline)}
                <div class="field">
                    <label class="label" for="p-closes_on">"Closing date (optional)"</label>
                    <p class="hint" id="p-closes_on-hint">"The last day people can answer. Anything still on their phones after that arrives marked late."</p>
                    <input class="input" id="p-closes_on" name="closes_on" type="date" aria-describedby="p-closes_on-hint" value=p.closes_on.unwrap_or_default()/>
                </div>
                {promise("support", "Support", "Where to get help if answering brings up something hard.", p.support)}
                <button type="submit" class="button">"Save title and promises"</button>
            </form>
        </section>
    }
}

/// The fields of one question: prompt, type, choices, posted to `action`. With `question` they edit it;
/// without, they add a new one.
#[component]
fn QuestionFields(prefix: String, action: String, question: Option<Question>) -> impl IntoView {
    let (prompt, kind, choices, button) = match &question {
        Some(q) => (
            q.prompt.clone(),
            q.kind,
            q.choices
                .iter()
                .map(|c| c.label.as_str())
                .collect::<Vec<_>>()
                .join("\n"),
            "Save question",
        ),
        None => (
            String::new(),
            QuestionKind::Text,
            String::new(),
            "Add question",
        ),
    };
    let prompt_id = format!("{prefix}-prompt");
    let kind_id = format!("{prefix}-kind");
    let choices_id = format!("{prefix}-choices");
    let choices_hint = format!("{prefix}-choices-hint");
    let kinds = [
        (QuestionKind::Text, "Free text"),
        (QuestionKind::Scale, "Feeling scale (1 to 5)"),
        (QuestionKind::Choice, "Choice"),
    ];
    let label = |what: &str| match &question {
        Some(q) => format!("{what} of question {}", q.prompt),
        None => format!("{what} of the new question"),
    };
    view! {
        <form method="post" action=action class="narrow">
            <div class="field">
                <label class="label" for=prompt_id.clone()>{label("Wording")}</label>
                <input class="input" id=prompt_id name="prompt" maxlength="300" required value=prompt/>
            </div>
            <div class="field">
                <label class="label" for=kind_id.clone()>{label("Type")}</label>
                <select class="input" id=kind_id name="kind">
                    {kinds.into_iter().map(|(k, name)| view! {
                        <option value=k.as_str() selected={k == kind}>{name}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label class="label" for=choices_id.clone()>{label("Choices")}</label>
                <p class="hint" id=choices_hint.clone()>"For a choice question: one choice per line, 2 to 10. To reword a choice, change it on its own line: answers already given count under the new words."</p>
                <textarea class="input" id=choices_id name="choices" rows="3" aria-describedby=choices_hint>{choices}</textarea>
            </div>
            <button type="submit" class="button button-secondary">{button}</button>
        </form>
    }
}

#[component]
fn QuestionEditor(base: String, question: Question, first: bool, last: bool) -> impl IntoView {
    let q = question.clone();
    let prefix = format!("q-{}", q.id);
    let mover = |direction: &'static str, label: &'static str| {
        let action = format!("{base}/questions/{}/move", q.id);
        let aria = format!("{label}: {}", q.prompt);
        view! {
            <form method="post" action=action>
                <input type="hidden" name="direction" value=direction/>
                <button type="submit" class="button button-secondary" aria-label=aria>{label}</button>
            </form>
        }
    };
    view! {
        <li class="inbox-item">
            <h3 class="inbox-title">{q.prompt.clone()}</h3>
            <div class="actions">
                {(!first).then(|| mover("up", "Move up"))}
                {(!last).then(|| mover("down", "Move down"))}
                <form method="post" action=format!("{base}/questions/{}/remove", q.id)>
                    <button type="submit" class="button button-secondary" aria-label=format!("Remove: {}", q.prompt)>"Remove"</button>
                </form>
            </div>
            <QuestionFields prefix action=format!("{base}/questions/{}", q.id) question=Some(question)/>
        </li>
    }
}

#[component]
pub fn ConversationPreviewPage() -> impl IntoView {
    let id = use_params_map().with_untracked(|p| p.get("id").unwrap_or_default());
    let data = Resource::new(move || id.clone(), conversation_page);
    view! {
        <Title text="Preview"/>
        {crate::ui::show(data, |(_, item): (User, ConversationItem)| {
            let c = item.conversation;
            let back = format!("/conversations/{}", c.id);
            let questions = c.questions.clone();
            view! {
                <div class="notice" role="note">
                    <p>"Preview: this is what participants see, first the promises, then the questions. Nothing here can be sent."</p>
                    <p><a href=back>"Back to editing"</a></p>
                </div>
                <About conversation=c.clone() preview=true/>
                <h2>"The questions"</h2>
                <fieldset disabled class="preview">
                    <legend class="label">"Questions as participants see them"</legend>
                    {questions.into_iter().map(|q| view! { <QuestionField question=q/> }).collect_view()}
                </fieldset>
            }
        })}
    }
}
