//! Participant pages: the list of open conversations, the promises shown before any question, the
//! questions themselves, and the receipt. Everything here works as plain HTML; the one island
//! (`form::ShareForm`) adds drafts that survive a closed tab and an outbox that survives no signal.

#[cfg(feature = "ssr")]
mod changes;
mod form;
mod leave;
mod listen;
mod outbox_ui;
mod shared_device;
pub mod words;

#[cfg(feature = "ssr")]
pub use changes::withdraw;
pub use form::{QuestionField, ShareForm};
pub use leave::{
    has_staff_bar, is_participant_page, is_staff_page, LeaveButton, DEFAULT_LEAVE_URL,
};
use listen::ListenScript;
pub use outbox_ui::{FieldSyncPanel, OutboxIsland};
pub use shared_device::{SharedDevice, SharedSwitch};
pub use words::form_words;

use crate::domain::{Conversation, Lang, ReceiptCode};
use crate::error::AppError;
use crate::text::{href, w, w_n};
use crate::ui::{param, show, ErrorPage};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The `lang` of a part of `c` shown in the conversation's own language, for want of a translation
/// into the page's (`None` when it is in the page's language).
pub(crate) fn code(c: &Conversation, part: &str) -> Option<&'static str> {
    c.mark(part).map(Lang::code)
}

/// The `dir` to go with `code`, so English words on an Arabic page run left to right.
pub(crate) fn dir(c: &Conversation, part: &str) -> Option<&'static str> {
    c.mark(part).map(Lang::dir)
}

/// Conversations as participants see them now: `open` means open and not past its closing date; each
/// in the page's language where staff translated it (`Conversation::in_language`).
#[cfg(feature = "ssr")]
async fn for_participants() -> Result<Vec<Conversation>, AppError> {
    let lang = crate::text::lang();
    let ctx = crate::context::Ctx::get()?;
    let today = chrono::Utc::now().date_naive();
    let all = ctx.store.conversations().await?;
    Ok(all
        .into_iter()
        .map(|c| {
            let mut c = c.in_language(lang);
            c.open = c.accepting(today);
            c
        })
        .collect())
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
    let lang = crate::text::lang();
    let conversation = get_conversation(id).await?;
    let ctx = crate::context::Ctx::get()?;
    let reach = ctx.store.reach_questions().await?;
    Ok((
        conversation,
        reach.into_iter().map(|q| q.in_language(lang)).collect(),
    ))
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
    /// The newest few updates: (date, words, new since their last visit, the words' language where
    /// they are not translated into the page's).
    pub updates: Vec<(String, String, bool, Option<Lang>)>,
    /// The language of the title and of what we are doing, where not translated.
    pub title_lang: Option<Lang>,
    pub doing_lang: Option<Lang>,
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
    let lang = crate::text::lang();
    let ctx = crate::context::Ctx::get()?;
    let found = ctx.store.receipt(&code).await?.ok_or(AppError::NotFound)?;
    let conversation = ctx
        .store
        .conversations()
        .await?
        .into_iter()
        .find(|c| c.id == found.conversation_id)
        .map(|c| c.in_language(lang));
    let conversation = conversation.as_ref();
    let actions = if found.withdrawn {
        Vec::new()
    } else {
        ctx.store.actions_for(found.id).await?
    };
    // Before any visit, "new" means since they sent their answers.
    let since = found.last_seen.unwrap_or(found.received_at);
    let actions = actions
        .into_iter()
        .map(|a| a.in_language(lang))
        .map(|a| ReceiptAction {
            title_lang: a.mark("title"),
            doing_lang: a.mark("doing"),
            updates: a
                .updates
                .iter()
                .take(RECEIPT_UPDATES)
                .map(|u| {
                    let new = found.wants_updates && u.at > since;
                    let mark = a.mark(&format!("u.{}", u.id));
                    (
                        crate::text::day(u.at.date_naive()),
                        u.body.clone(),
                        new,
                        mark,
                    )
                })
                .collect(),
            title: a.fields.title,
            status: a.fields.status,
            doing: a.fields.doing,
        })
        .collect();
    if found.wants_updates && !found.withdrawn && glance != Some(true) {
        ctx.store.note_receipt_visit(&code).await?;
    }
    Ok(ReceiptView {
        title: conversation.map_or(found.title, |c| c.title.clone()),
        answers: crate::domain::shown_answers(
            conversation,
            &found.answers,
            crate::text::scale_answer,
        ),
        withdrawn: found.withdrawn,
        read: found.read,
        actions,
    })
}

#[component]
pub fn HomePage() -> impl IntoView {
    let conversations = Resource::new(|| (), |_| list_conversations());
    view! {
        <Title text=w("home-title")/>
        <h1>{w("home-title")}</h1>
        <p class="lead">{w("home-intro")}</p>
        <OutboxIsland words=words::outbox_words()/>
        {show(conversations, |list: Vec<Conversation>| {
            if list.is_empty() {
                return view! { <p>{w("home-none")}</p> }.into_any();
            }
            view! {
                <h2>{w("home-pick")}</h2>
                <ul class="card-list">
                    {list
                        .into_iter()
                        .map(|c| {
                            let n = c.questions.len();
                            view! {
                                <li class="card">
                                    <a class="card-link" href=href(&format!("/c/{}", c.id)) lang=code(&c, "title") dir=dir(&c, "title")>{c.title.clone()}</a>
                                    <p class="hint">{w_n("questions-count", n)}</p>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            }
            .into_any()
        })}
        <p><a href=href("/receipt")>{w("lookup-link")}</a></p>
        <p><a href=href("/you-said-we-did")>{w("said-did-link")}</a></p>
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
        .map(crate::text::day)
        .or(p.closes_on.clone())
        .unwrap_or_default();
    // Staff's words; one not translated into the page's language says which language it is in.
    let section = |heading: String, body: String, part: &str| {
        let (lang, dir) = (code(&c, part), dir(&c, part));
        (!body.trim().is_empty()).then(|| {
            view! { <section class="promise"><h2>{heading}</h2><p lang=lang dir=dir>{body}</p></section> }
        })
    };
    view! {
        <h1 lang=code(&c, "title") dir=dir(&c, "title")>{c.title.clone()}</h1>
        {section(w("about-why"), p.why, "why")}
        {section(w("about-how-used"), p.how_used, "how_used")}
        {section(w("about-who-sees"), p.who_sees, "who_sees")}
        {section(w("about-what-next"), p.what_next, "what_next")}
        {section(w("about-budget"), p.budget_timeline, "budget_timeline")}
        {section(w("about-closes"), closes, "closes_on")}
        {section(w("about-support"), p.support, "support")}
        <p>{w("about-no-name")}</p>
        {if preview {
            view! { <p><span class="button">{w("about-start")}</span></p> }.into_any()
        } else if c.open {
            view! { <a class="button" href=href(&format!("/c/{}/answer", c.id))>{w("about-start")}</a> }.into_any()
        } else {
            view! { <p class="notice">{w("closed")}</p> }.into_any()
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
                return view! {
                    <Title text=c.title.clone()/>
                    <h1 lang=code(&c, "title") dir=dir(&c, "title")>{c.title.clone()}</h1>
                    <p class="notice">{w("closed")}</p>
                }
                .into_any();
            }
            // A form sent back with a problem says so first, in the tab's title too.
            // Not the same title as the promises page before it; and a problem is said first.
            let title = crate::text::w_with("answer-title", &[("title", c.title.clone())]);
            let title = match &error {
                Some(_) => crate::text::w_with("error-title", &[("title", title)]),
                None => title,
            };
            view! {
                <Title text=title/>
                <h1 lang=code(&c, "title") dir=dir(&c, "title")>{c.title.clone()}</h1>
                <ShareForm conversation=c fallback_id=new_submission_id() error=error.clone() field=false reach words=words::form_words(false)/>
                <ListenScript/>
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
        <Title text=w("receipt-page-title")/>
        {with_receipt(false, |data, code| view! { <Receipt data code/> })}
    }
}

#[component]
fn Receipt(data: ReceiptView, code: String) -> impl IntoView {
    if data.withdrawn {
        return view! {
            <Title text=w("withdrawn-title")/>
            <div class="panel panel-success">
                <h1>{w("withdrawn-title")}</h1>
                <p>{w("withdrawn")}</p>
            </div>
            <p><a href=href("/")>{w("back-home")}</a></p>
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
            .filter(|(_, _, new, _)| *new)
            .count(),
    )
    .filter(|n| *n > 0);
    view! {
        <div class="panel panel-success">
            <h1 data-say="">{w("receipt-page-title")}</h1>
            <p data-say="">{data.title}</p>
            <p data-say="">{w("receipt-is")}</p>
            <p class="receipt-code" data-say="">{code.clone()}</p>
        </div>
        {listen::listen_to_page()}
        <p data-say="">{w("receipt-keep")}</p>
        <h2 data-say="">{w("receipt-what-you-said")}</h2>
        {removed.then(|| view! { <p class="hint" data-say="">{w("receipt-removed")}</p> })}
        <dl class="answers">
            {data.answers.into_iter().map(|(q, a)| view! { <dt dir="auto" data-say="">{q}</dt><dd dir="auto" data-say="">{a}</dd> }).collect_view()}
        </dl>
        <p data-say="">{if data.read { w("receipt-read") } else { w("receipt-not-read") }}</p>
        <h2 data-say="">{w("receipt-actions")}</h2>
        {new_count.map(|n| {
            let words = w_n("receipt-new-count", n);
            view! { <p class="notice" role="status">{words}</p> }
        })}
        {data.actions.is_empty().then(|| view! { <p data-say="">{w("receipt-no-actions")}</p> })}
        {data.actions.into_iter().map(|a| view! {
            <article class="said-did" aria-label=a.title.clone()>
                <h3 dir="auto" lang=a.title_lang.map(Lang::code)>{a.title.clone()}</h3>
                <p class="tag tag-yes said-did-status">{w(a.status.message_ids().0)}</p>
                {(!a.doing.is_empty()).then(|| view! { <p class="note-body" dir="auto" lang=a.doing_lang.map(Lang::code)>{a.doing}</p> })}
                <ol class="updates">
                    {a.updates.into_iter().map(|(day, body, new, mark)| view! {
                        <li>
                            <p class="hint">
                                {new.then(|| view! { <strong class="tag tag-flag new">{w("receipt-new")}</strong> " " })}
                                {day}
                            </p>
                            <p class="note-body" dir="auto" lang=mark.map(Lang::code)>{body}</p>
                        </li>
                    }).collect_view()}
                </ol>
            </article>
        }).collect_view()}
        <p><a href=href("/you-said-we-did")>{w("said-did-link")}</a></p>
        <form method="post" action=href("/receipt/withdraw")>
            <input type="hidden" name="code" value=code.clone()/>
            <button type="submit" class="button button-secondary">{w("withdraw-link")}</button>
        </form>
        <p><a href=href("/")>{w("back-home")}</a></p>
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
        <Title text=w("receipt-not-found-title")/>
        <h1>{w("receipt-not-found-title")}</h1>
        <p>{w("receipt-not-found")}</p>
        <p><a href=href("/receipt")>{w("try-again")}</a></p>
    }
}

/// "Take back your answers?": a confirmation, as a plain form.
#[component]
pub fn WithdrawPage() -> impl IntoView {
    view! {
        <Title text=w("withdraw-title")/>
        {with_receipt(true, |data, code| {
            if data.withdrawn {
                return view! { <Receipt data code/> }.into_any();
            }
            view! {
                <h1>{w("withdraw-title")}</h1>
                <p>{w("withdraw-explain")}</p>
                <div class="choices">
                    <form method="post" action=href("/receipt/withdraw/confirm")>
                        <input type="hidden" name="code" value=code.clone()/>
                        <button type="submit" class="button">{w("withdraw-yes")}</button>
                    </form>
                    <form method="post" action=href("/receipt")>
                        <input type="hidden" name="code" value=code/>
                        <button type="submit" class="button button-secondary">{w("withdraw-no")}</button>
                    </form>
                </div>
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
    let title = if bad {
        crate::text::w_with("error-title", &[("title", w("lookup-title"))])
    } else {
        w("lookup-title")
    };
    view! {
        <Title text=title/>
        <h1>{w("lookup-title")}</h1>
        <p>{w("lookup-intro")}</p>
        {bad.then(|| view! {
            <div class="error-summary" role="alert" tabindex="-1" autofocus>
                <h2 class="panel-title">{w("error-summary-title")}</h2>
                <p><a href="#code">{w("lookup-bad")}</a></p>
            </div>
        })}
        <form method="post" action=href("/receipt") class="narrow">
            <div class="field">
                <label class="label" for="code">{w("lookup-label")}</label>
                {bad.then(|| view! { <p class="error-message" id="code-error">{w("lookup-bad-field")}</p> })}
                <input class="input receipt-input" id="code" name="code" autocomplete="off" autocapitalize="characters" spellcheck="false" maxlength="20" required
                    aria-invalid=bad.then_some("true") aria-describedby=bad.then_some("code-error")/>
            </div>
            <button type="submit" class="button">{w("lookup-button")}</button>
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
