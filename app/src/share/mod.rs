//! Participant pages: the list of open conversations, the promises shown before any question, the
//! questions themselves, and the receipt. Everything here works as plain HTML; the one island
//! (`form::ShareForm`) adds drafts that survive a closed tab and an outbox that survives no signal.

#[cfg(feature = "ssr")]
mod changes;
mod form;
mod leave;
mod outbox_ui;
mod shared_device;

#[cfg(feature = "ssr")]
pub use changes::withdraw;
pub use form::{QuestionField, ShareForm};
pub use leave::{is_participant_page, LeaveButton, DEFAULT_LEAVE_URL};
pub use outbox_ui::{FieldSyncPanel, OutboxIsland};
pub use shared_device::{SharedDevice, SharedSwitch};

use crate::domain::{Conversation, ReceiptCode};
use crate::error::AppError;
use crate::text::t;
use crate::ui::{param, show, ErrorPage};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Conversations as participants see them now: `open` means open and not past its closing date.
#[cfg(feature = "ssr")]
async fn for_participants() -> Result<Vec<Conversation>, AppError> {
    let ctx = crate::context::Ctx::get()?;
    let today = chrono::Utc::now().date_naive();
    let mut all = ctx.store.conversations().await?;
    for c in &mut all {
        c.open = c.accepting(today);
    }
    Ok(all)
}

/// The open conversations, for the start page. Public.
#[server(prefix = "/api/fn", endpoint = "conversations")]
pub async fn list_conversations() -> Result<Vec<Conversation>, AppError> {
    Ok(for_participants()
        .await?
        .into_iter()
        .filter(|c| c.open)
        .collect())
}

/// One conversation with its promises and questions. Public; closed ones too, so that a late link
/// explains that it has closed.
#[server(prefix = "/api/fn", endpoint = "conversation")]
pub async fn get_conversation(id: String) -> Result<Conversation, AppError> {
    for_participants()
        .await?
        .into_iter()
        .find(|c| c.id == id)
        .ok_or(AppError::NotFound)
}

/// A conversation and the reach questions, for the answer form. Public.
#[server(prefix = "/api/fn", endpoint = "answer")]
pub async fn answer_data(
    id: String,
) -> Result<(Conversation, Vec<crate::domain::ReachQuestion>), AppError> {
    let conversation = get_conversation(id).await?;
    let ctx = crate::context::Ctx::get()?;
    Ok((conversation, ctx.store.reach_questions().await?))
}

/// What a receipt page shows: the conversation and the answers as moderated.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ReceiptView {
    pub title: String,
    /// (question, answer), with personal details a coordinator removed shown as removed.
    pub answers: Vec<(String, String)>,
    /// The participant took them back: the words are gone.
    pub withdrawn: bool,
    /// A coordinator has read them.
    pub read: bool,
    /// The published actions they are linked to.
    pub actions: Vec<ReceiptAction>,
}

/// An action as a participant sees it with their receipt.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ReceiptAction {
    pub title: String,
    pub status: crate::domain::ActionStatus,
    pub doing: String,
    /// The newest few updates: (date, words, new since their last visit).
    pub updates: Vec<(String, String, bool)>,
}

/// How many updates of each action a receipt shows.
pub const RECEIPT_UPDATES: usize = 3;

/// A receipt's conversation and answers, whether they were read, and the published actions they are
/// linked to. Public: the code itself is the secret. Never the original of redacted text: only
/// coordinators see that. For people who asked to hear what happens next, updates since their last
/// look are marked new, and this look is remembered unless `glance` (the "take back?" page, which shows
/// no updates, must not use up their "new").
#[server(prefix = "/api/fn", endpoint = "receipt")]
pub async fn receipt_data(code: String, glance: Option<bool>) -> Result<ReceiptView, AppError> {
    let code = ReceiptCode::parse(&code).ok_or(AppError::NotFound)?;
    let ctx = crate::context::Ctx::get()?;
    let found = ctx.store.receipt(&code).await?.ok_or(AppError::NotFound)?;
    let conversations = ctx.store.conversations().await?;
    let conversation = conversations.iter().find(|c| c.id == found.conversation_id);
    let actions = if found.withdrawn {
        Vec::new()
    } else {
        ctx.store.actions_for(found.id).await?
    };
    // Before any visit, "new" means since they sent their answers.
    let since = found.last_seen.unwrap_or(found.received_at);
    let actions = actions
        .into_iter()
        .map(|a| ReceiptAction {
            title: a.fields.title,
            status: a.fields.status,
            doing: a.fields.doing,
            updates: a
                .updates
                .into_iter()
                .take(RECEIPT_UPDATES)
                .map(|u| {
                    let new = found.wants_updates && u.at > since;
                    (crate::domain::dates::day_of(u.at), u.body, new)
                })
                .collect(),
        })
        .collect();
    if found.wants_updates && !found.withdrawn && glance != Some(true) {
        ctx.store.note_receipt_visit(&code).await?;
    }
    Ok(ReceiptView {
        title: found.title,
        answers: crate::domain::shown_answers(conversation, &found.answers),
        withdrawn: found.withdrawn,
        read: found.read,
        actions,
    })
}

#[component]
pub fn HomePage() -> impl IntoView {
    let conversations = Resource::new(|| (), |_| list_conversations());
    view! {
        <Title text=t::HOME_TITLE/>
        <h1>{t::HOME_TITLE}</h1>
        <p class="lead">{t::HOME_INTRO}</p>
        <OutboxIsland/>
        {show(conversations, |list: Vec<Conversation>| {
            if list.is_empty() {
                return view! { <p>{t::HOME_NONE}</p> }.into_any();
            }
            view! {
                <h2>{t::HOME_PICK}</h2>
                <ul class="card-list">
                    {list
                        .into_iter()
                        .map(|c| {
                            let n = c.questions.len();
                            view! {
                                <li class="card">
                                    <a class="card-link" href=format!("/c/{}", c.id)>{c.title}</a>
                                    <p class="hint">{format!("{n} {}", t::QUESTIONS_COUNT)}</p>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            }
            .into_any()
        })}
        <p><a href="/receipt">{t::LOOKUP_LINK}</a></p>
        <p><a href="/you-said-we-did">{t::SAID_DID_LINK}</a></p>
    }
}

/// The promises, before any question (PRODUCT.md, principle 2).
#[component]
pub fn AboutPage() -> impl IntoView {
    let id = param("id");
    let conversation = Resource::new(move || id.clone(), get_conversation);
    view! {
        {show(conversation, |c: Conversation| view! {
            <Title text=c.title.clone()/>
            <About conversation=c preview=false/>
        })}
    }
}

/// A conversation's title and promises, and the way in. In a preview the way in is shown but leads
/// nowhere, so coordinators see the page exactly as participants will.
#[component]
pub fn About(conversation: Conversation, preview: bool) -> impl IntoView {
    let c = conversation;
    let p = c.promises.clone();
    // "31 December 2026" reads more easily than 2026-12-31.
    let closes = p
        .closing_date()
        .map(crate::domain::dates::day)
        .or(p.closes_on.clone())
        .unwrap_or_default();
    let section = |heading: &'static str, body: String| {
        (!body.trim().is_empty())
            .then(|| view! { <section class="promise"><h2>{heading}</h2><p>{body}</p></section> })
    };
    view! {
        <h1>{c.title.clone()}</h1>
        {section(t::ABOUT_WHY, p.why)}
        {section(t::ABOUT_HOW_USED, p.how_used)}
        {section(t::ABOUT_WHO_SEES, p.who_sees)}
        {section(t::ABOUT_WHAT_NEXT, p.what_next)}
        {section(t::ABOUT_BUDGET, p.budget_timeline)}
        {section(t::ABOUT_CLOSES, closes)}
        {section(t::ABOUT_SUPPORT, p.support)}
        <p>{t::ABOUT_NO_NAME}</p>
        {if preview {
            view! { <p><span class="button">{t::ABOUT_START}</span></p> }.into_any()
        } else if c.open {
            view! { <a class="button" href=format!("/c/{}/answer", c.id)>{t::ABOUT_START}</a> }.into_any()
        } else {
            view! { <p class="notice">{t::CLOSED}</p> }.into_any()
        }}
    }
}

#[component]
pub fn AnswerPage() -> impl IntoView {
    let id = param("id");
    let error = use_query_map().with_untracked(|q| q.get("error"));
    let data = Resource::new(move || id.clone(), answer_data);
    view! {
        {show(data, move |(c, reach): (Conversation, Vec<crate::domain::ReachQuestion>)| {
            if !c.open {
                return view! { <h1>{c.title}</h1><p class="notice">{t::CLOSED}</p> }.into_any();
            }
            view! {
                <Title text=c.title.clone()/>
                <h1>{c.title.clone()}</h1>
                <ShareForm conversation=c fallback_id=new_submission_id() error=error.clone() field=false reach/>
            }
            .into_any()
        })}
    }
}

/// The receipt in the URL, rendered by `ok` with its code as shown (`ABCD-2345`). A code that matches
/// nothing gets a kind message with a 404, which the server's receipt limiter counts.
/// `glance`: this page shows no updates, so opening it is not a visit (see `receipt_data`).
fn with_receipt<V: IntoView + 'static>(
    glance: bool,
    ok: impl Fn(ReceiptView, String) -> V + Send + Sync + Clone + 'static,
) -> impl IntoView {
    let code = param("code");
    let data = Resource::new(move || code.clone(), move |c| receipt_data(c, Some(glance)));
    let shown = ReceiptCode::parse(&param("code"))
        .map(|c| c.to_string())
        .unwrap_or_default();
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let (shown, ok) = (shown.clone(), ok.clone());
                Suspend::new(async move {
                    match data.await {
                        Ok(d) => ok(d, shown).into_any(),
                        Err(AppError::NotFound) => view! { <ReceiptNotFound/> }.into_any(),
                        Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// A receipt's page: what was said (as moderated), and a way to take it back.
#[component]
pub fn ReceiptPage() -> impl IntoView {
    view! {
        <Title text=t::RECEIPT_PAGE_TITLE/>
        {with_receipt(false, |data, code| view! { <Receipt data code/> })}
    }
}

#[component]
fn Receipt(data: ReceiptView, code: String) -> impl IntoView {
    if data.withdrawn {
        return view! {
            <div class="panel panel-success">
                <h1>{t::WITHDRAWN_TITLE}</h1>
                <p>{t::WITHDRAWN}</p>
            </div>
            <p><a href="/">{t::BACK_HOME}</a></p>
        }
        .into_any();
    }
    let removed = data
        .answers
        .iter()
        .any(|(_, a)| a.contains(crate::domain::REMOVED));
    let new_count = Some(
        data.actions
            .iter()
            .flat_map(|a| &a.updates)
            .filter(|(_, _, new)| *new)
            .count(),
    )
    .filter(|n| *n > 0);
    view! {
        <div class="panel panel-success">
            <h1>{t::RECEIPT_PAGE_TITLE}</h1>
            <p>{data.title}</p>
            <p>{t::RECEIPT_IS}</p>
            <p class="receipt-code">{code.clone()}</p>
        </div>
        <p>{t::RECEIPT_KEEP}</p>
        <h2>{t::RECEIPT_WHAT_YOU_SAID}</h2>
        {removed.then(|| view! { <p class="hint">{t::RECEIPT_REMOVED}</p> })}
        <dl class="answers">
            {data.answers.into_iter().map(|(q, a)| view! { <dt>{q}</dt><dd>{a}</dd> }).collect_view()}
        </dl>
        <p>{if data.read { t::RECEIPT_READ } else { t::RECEIPT_NOT_READ }}</p>
        <h2>{t::RECEIPT_ACTIONS}</h2>
        {new_count.map(|n| {
            let words = if n == 1 { t::RECEIPT_NEW_ONE.to_string() } else { format!("{n} {}", t::RECEIPT_NEW_MANY) };
            view! { <p class="notice" role="status">{words}</p> }
        })}
        {data.actions.is_empty().then(|| view! { <p>{t::RECEIPT_NO_ACTIONS}</p> })}
        {data.actions.into_iter().map(|a| view! {
            <article class="said-did" aria-label=a.title.clone()>
                <h3>{a.title.clone()}</h3>
                <p class="tag tag-yes said-did-status">{a.status.label()}</p>
                {(!a.doing.is_empty()).then(|| view! { <p class="note-body">{a.doing}</p> })}
                <ol class="updates">
                    {a.updates.into_iter().map(|(day, body, new)| view! {
                        <li>
                            <p class="hint">
                                {new.then(|| view! { <strong class="tag tag-flag new">{t::RECEIPT_NEW}</strong> " " })}
                                {day}
                            </p>
                            <p class="note-body">{body}</p>
                        </li>
                    }).collect_view()}
                </ol>
            </article>
        }).collect_view()}
        <p><a href="/you-said-we-did">{t::SAID_DID_LINK}</a></p>
        <form method="post" action="/receipt/withdraw">
            <input type="hidden" name="code" value=code.clone()/>
            <button type="submit" class="button button-secondary">{t::WITHDRAW_LINK}</button>
        </form>
        <p><a href="/">{t::BACK_HOME}</a></p>
    }
    .into_any()
}

#[component]
fn ReceiptNotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    view! {
        <h1>{t::RECEIPT_NOT_FOUND_TITLE}</h1>
        <p>{t::RECEIPT_NOT_FOUND}</p>
        <p><a href="/receipt">{t::TRY_AGAIN}</a></p>
    }
}

/// "Take back your answers?": a confirmation, as a plain form.
#[component]
pub fn WithdrawPage() -> impl IntoView {
    view! {
        <Title text=t::WITHDRAW_TITLE/>
        {with_receipt(true, |data, code| {
            if data.withdrawn {
                return view! { <Receipt data code/> }.into_any();
            }
            view! {
                <h1>{t::WITHDRAW_TITLE}</h1>
                <p>{t::WITHDRAW_EXPLAIN}</p>
                <form method="post" action="/receipt/withdraw/confirm">
                    <input type="hidden" name="code" value=code.clone()/>
                    <button type="submit" class="button">{t::WITHDRAW_YES}</button>
                </form>
                <form method="post" action="/receipt">
                    <input type="hidden" name="code" value=code/>
                    <button type="submit" class="button button-secondary">{t::WITHDRAW_NO}</button>
                </form>
            }
            .into_any()
        })}
    }
}

/// Where a participant types their receipt code. The form posts it (`POST /receipt`), and the server
/// answers with the code's page, or sends them back here when it is not a code: the code is never in an
/// address, so neither the history nor the address bar keeps it.
#[component]
pub fn LookupPage() -> impl IntoView {
    let bad = use_query_map().with_untracked(|q| q.get("error").is_some());
    view! {
        <Title text=t::LOOKUP_TITLE/>
        <h1>{t::LOOKUP_TITLE}</h1>
        <p>{t::LOOKUP_INTRO}</p>
        {bad.then(|| view! {
            <div class="error-summary" role="alert">
                <h2 class="panel-title">{t::ERROR_SUMMARY_TITLE}</h2>
                <p><a href="#code">{t::LOOKUP_BAD}</a></p>
            </div>
        })}
        <form method="post" action="/receipt" class="narrow">
            <div class="field">
                <label class="label" for="code">{t::LOOKUP_LABEL}</label>
                <input class="input receipt-input" id="code" name="code" autocomplete="off" autocapitalize="characters" spellcheck="false" maxlength="20" required/>
            </div>
            <button type="submit" class="button">{t::LOOKUP_BUTTON}</button>
        </form>
    }
}

/// The id a plain HTML form post carries, so that pressing Send twice stores one submission.
fn new_submission_id() -> String {
    #[cfg(feature = "ssr")]
    {
        use rand::RngCore;
        let mut bytes = [0u8; 16];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        uuid::Builder::from_random_bytes(bytes)
            .into_uuid()
            .to_string()
    }
    #[cfg(not(feature = "ssr"))]
    {
        String::new()
    }
}
