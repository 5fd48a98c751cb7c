//! The coordinator's workspace: the inbox (every submission, newest first, with filters and search), one
//! submission with its moderation (publish, hide, redact, themes, safeguarding, notes), the themes page
//! and the list of open safeguarding flags. Pages render on the server; every change is a plain form post
//! to `server/src/http/moderation.rs`, so all of it works with the keyboard and without WebAssembly.

#[cfg(feature = "ssr")]
pub mod changes;
mod detail;
mod redact;
mod safeguarding;
mod themes;

pub use detail::SubmissionPage;
pub use redact::{RedactForm, RedactScript};
pub use safeguarding::SafeguardingPage;
pub use themes::ThemesPage;

use crate::domain::{Channel, Consent, FlagFilter, FlagState, InboxQuery, Status, Theme, User};
pub use crate::domain::{InboxCursor, InboxEntry};
use crate::error::AppError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// How many submissions one inbox page shows.
pub const PAGE_SIZE: u32 = 50;

/// What can go wrong on the moderation pages, by the code in `?error=`.
pub const PROBLEMS: crate::notice::Words = &[
    (
        "no_consent",
        "This person did not agree to be quoted, so it cannot be published.",
    ),
    ("status", "Choose new, published or hidden."),
    (
        "words",
        "Type or select the words to remove. They must be in that answer, exactly as written.",
    ),
    (
        "theme_name",
        "Give the theme a name of up to 60 characters.",
    ),
    ("theme_taken", "There is already a theme with that name."),
    ("theme", "Choose a theme."),
    ("merge", "Choose a different theme to merge into."),
    ("note", "Write a note of up to 4,000 characters."),
    (
        "close_note",
        "Say what was done before closing the flag (up to 4,000 characters).",
    ),
    ("flag_state", "Choose open, in progress or closed."),
    (
        "not_flagged",
        "This submission has no safeguarding flag yet.",
    ),
    crate::actions::PICK_ACTION,
    crate::actions::NONE_PICKED,
    crate::actions::TOO_MANY,
    ("gone", "That submission, theme or action does not exist."),
];

/// What went right, by the code in `?done=`.
pub const DONE: crate::notice::Words = &[
    ("published", "Published. It can now be quoted without a name."),
    ("hidden", "Hidden. It stays here but is never shown or quoted."),
    ("new", "Moved back to new."),
    (
        "redacted",
        "Removed. The public and the participant now see [removed] there. You still see the original.",
    ),
    ("unredacted", "All removals are undone."),
    ("tagged", "Theme added."),
    ("untagged", "Theme removed."),
    ("theme_created", "Theme created."),
    ("theme_renamed", "Theme renamed."),
    ("theme_merged", "Themes merged."),
    ("flagged", "Flagged for safeguarding. It is on the safeguarding list."),
    ("in_progress", "Safeguarding flag marked in progress."),
    ("closed", "Safeguarding flag closed."),
    ("noted", "Note added."),
    ("linked", "Linked to the action."),
    ("already_linked", "They were already linked to that action."),
    ("unlinked", "No longer linked to that action."),
];

/// What staff call a submission: the first eight letters of its staff id. Receipt codes stay with the
/// people who sent the answers; coordinators never see them.
pub fn reference(id: Uuid) -> String {
    id.simple().to_string()[..8].to_uppercase()
}

/// An inbox row ready to show.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InboxRow {
    pub id: String,
    /// A short name for it that staff can say and search for ("Submission 3F9A1C2E").
    pub reference: String,
    pub conversation_title: String,
    pub channel: String,
    pub received: String,
    pub created: String,
    pub consent: Consent,
    pub status: Status,
    pub flag: Option<FlagState>,
    pub redacted: bool,
    pub late: bool,
    pub withdrawn: bool,
    pub read: bool,
    pub place: Option<String>,
    /// The language it was written in, as staff pages name it; `None` when not recorded.
    pub language: Option<String>,
    pub themes: Vec<String>,
    /// (question, answer) as written, in the conversation's order.
    pub answers: Vec<(String, String)>,
}

impl InboxRow {
    /// The row for a stored entry; `conversation` gives the questions' wording.
    #[cfg(feature = "ssr")]
    pub fn new(e: &InboxEntry, conversation: Option<&crate::domain::Conversation>) -> Self {
        InboxRow {
            id: e.id.to_string(),
            reference: reference(e.id),
            conversation_title: e.conversation_title.clone(),
            channel: e.channel.label().to_string(),
            received: crate::domain::dates::moment(e.received_at),
            created: crate::domain::dates::moment(e.created_at),
            consent: e.consent,
            status: e.status,
            flag: e.flag,
            redacted: e.public_answers.is_some(),
            late: e.late,
            withdrawn: e.withdrawn,
            read: e.read,
            place: e.place.clone(),
            language: e.lang.map(|l| crate::languages::staff_name(l).to_string()),
            themes: e.themes.iter().map(|(_, name)| name.clone()).collect(),
            answers: crate::domain::shown_answers(
                conversation,
                &e.answers,
                crate::text::scale_answer,
            ),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InboxData {
    pub rows: Vec<InboxRow>,
    /// The query string of the next (older) page.
    pub next: Option<String>,
    pub me: User,
    /// (id, title) of every conversation, for the filter.
    pub conversations: Vec<(String, String)>,
    pub themes: Vec<Theme>,
    /// (id, title) of every action, for linking and the filter.
    pub actions: Vec<(i64, String)>,
    /// Filter parts that were left out because they did not make sense.
    pub ignored: Vec<String>,
}

/// A page of the inbox, filtered. Coordinators and admins only.
#[server(prefix = "/api/fn", endpoint = "inbox")]
pub async fn inbox_page(
    query: Option<InboxQuery>,
    before: Option<String>,
) -> Result<InboxData, AppError> {
    use crate::domain::Role;
    let me = crate::auth::require(Role::Coordinator).await?;
    let query = query.unwrap_or_default();
    let ctx = crate::context::Ctx::get()?;
    let (filter, ignored) = query.filter();
    let cursor = before.as_deref().and_then(InboxCursor::decode);
    let mut entries = ctx
        .store
        .inbox(&filter, cursor.as_ref(), PAGE_SIZE + 1)
        .await?;
    let next = (entries.len() > PAGE_SIZE as usize).then(|| {
        entries.truncate(PAGE_SIZE as usize);
        entries.last().map(|e| {
            let cursor = InboxCursor {
                received_at: e.received_at,
                id: e.id,
            }
            .encode();
            let filter = query.encode();
            let sep = if filter.is_empty() { "" } else { "&" };
            format!("{filter}{sep}before={cursor}")
        })
    });
    let conversations = ctx.store.conversations().await?;
    let rows = entries
        .into_iter()
        .map(|e| {
            let conversation = conversations.iter().find(|c| c.id == e.conversation_id);
            InboxRow::new(&e, conversation)
        })
        .collect();
    Ok(InboxData {
        rows,
        next: next.flatten(),
        me,
        conversations: conversations.into_iter().map(|c| (c.id, c.title)).collect(),
        themes: ctx.store.themes().await?,
        actions: crate::actions::titles(&ctx).await?,
        ignored: ignored.into_iter().map(str::to_string).collect(),
    })
}

#[component]
pub fn InboxPage() -> impl IntoView {
    let (query, before) = use_query_map().with_untracked(|q| {
        let get = |k: &str| q.get(k).unwrap_or_default();
        (
            InboxQuery {
                conversation: get("conversation"),
                status: get("status"),
                channel: get("channel"),
                theme: get("theme"),
                flag: get("flag"),
                action: get("action"),
                from: get("from"),
                to: get("to"),
                q: get("q"),
                lang: get("lang"),
            },
            q.get("before"),
        )
    });
    let shown = query.clone();
    let data = Resource::new(
        move || (query.clone(), before.clone()),
        |(q, b)| inbox_page(Some(q), b),
    );
    view! {
        <Title text="Inbox"/>
        {crate::ui::show(data, move |d: InboxData| {
            let query = shown.clone();
            view! { <Inbox data=d query/> }
        })}
    }
}

#[component]
fn Inbox(data: InboxData, query: InboxQuery) -> impl IntoView {
    let empty = data.rows.is_empty();
    let filtered = !query.encode().is_empty();
    let ignored = (!data.ignored.is_empty()).then(|| {
        format!(
            "Some filters did not make sense and were left out: {}.",
            data.ignored.join(", ")
        )
    });
    let back = match query.encode() {
        q if q.is_empty() => "/inbox".to_string(),
        q => format!("/inbox?{q}"),
    };
    let can_link = !data.actions.is_empty() && !empty;
    let export = match query.encode() {
        q if q.is_empty() => "/export/submissions.csv".to_string(),
        q => format!("/export/submissions.csv?{q}"),
    };
    let link_actions = data.actions.clone();
    view! {
        <crate::auth::StaffBar user=data.me/>
        <h1>"Inbox"</h1>
        <crate::notice::Notices done=DONE problems=PROBLEMS/>
        <Filters query conversations=data.conversations themes=data.themes actions=data.actions/>
        {ignored.map(|m| view! { <p class="notice" role="status">{m}</p> })}
        {can_link.then(|| view! { <LinkForm actions=link_actions back/> })}
        {empty.then(|| if filtered {
            view! { <p>"Nothing matches these filters."</p> }.into_any()
        } else {
            view! { <p>"Nothing has arrived yet. New input shows here, newest first."</p> }.into_any()
        })}
        <ol class="inbox" aria-label="Submissions, newest first">
            {data.rows.into_iter().map(|row| view! { <InboxItem row pick=can_link/> }).collect_view()}
        </ol>
        {data.next.map(|n| view! { <p><a href=format!("/inbox?{n}")>"Older submissions"</a></p> })}
        <p><a href=export>"Download these as a spreadsheet (CSV)"</a></p>
        <p class="hint">"Words are included only where the person agreed to share them with the board."</p>
    }
}

/// The filter form: a plain GET form, so a filtered inbox is a link that can be bookmarked or shared.
#[component]
fn Filters(
    query: InboxQuery,
    conversations: Vec<(String, String)>,
    themes: Vec<Theme>,
    actions: Vec<(i64, String)>,
) -> impl IntoView {
    let option = |value: String, label: String, current: &str| {
        let selected = value == current;
        view! { <option value=value selected=selected>{label}</option> }
    };
    let conversation_options = conversations
        .into_iter()
        .map(|(id, title)| option(id, title, &query.conversation))
        .collect_view();
    let status_options = Status::ALL
        .into_iter()
        .map(|s| option(s.as_str().into(), s.label().into(), &query.status))
        .collect_view();
    let channel_options = Channel::ALL
        .into_iter()
        .map(|c| option(c.as_str().into(), c.label().into(), &query.channel))
        .collect_view();
    let lang_options = crate::domain::Lang::ALL
        .into_iter()
        .map(|l| {
            let name = crate::languages::staff_name(l);
            option(l.code().into(), name.into(), &query.lang)
        })
        .collect_view();
    let theme_options = themes
        .into_iter()
        .map(|t| option(t.id.to_string(), t.name, &query.theme))
        .collect_view();
    let action_options = actions
        .into_iter()
        .map(|(id, title)| option(id.to_string(), title, &query.action))
        .collect_view();
    let flag_options = FlagFilter::ALL
        .into_iter()
        .map(|f| option(f.as_str().into(), f.label().into(), &query.flag))
        .collect_view();
    // On a phone the filters would fill the first screen: they fold away until one is in use.
    let narrowed = {
        let q = InboxQuery {
            q: String::new(),
            ..query.clone()
        };
        !q.encode().is_empty()
    };
    view! {
        <form method="get" action="/inbox" class="filters" aria-label="Filter the inbox">
            <div class="filter filter-search">
                <label class="label" for="f-q">"Search the text"</label>
                <input class="input" id="f-q" name="q" type="search" maxlength="100" value=query.q.clone()/>
            </div>
            <details class="filter-more" open=narrowed>
                <summary>"More filters"</summary>
                <div class="filter-grid">
                    <div class="filter">
                        <label class="label" for="f-conversation">"Conversation"</label>
                        <select class="input" id="f-conversation" name="conversation">
                            <option value="">"All"</option>
                            {conversation_options}
                        </select>
                    </div>
                    <div class="filter">
                        <label class="label" for="f-status">"Status"</label>
                        <select class="input" id="f-status" name="status">
                            <option value="">"All"</option>
                            {status_options}
                        </select>
                    </div>
                    <div class="filter">
                        <label class="label" for="f-channel">"Channel"</label>
                        <select class="input" id="f-channel" name="channel">
                            <option value="">"All"</option>
                            {channel_options}
                        </select>
                    </div>
                    <div class="filter">
                        <label class="label" for="f-lang">"Written in"</label>
                        <select class="input" id="f-lang" name="lang">
                            <option value="">"All"</option>
                            {lang_options}
                        </select>
                    </div>
                    <div class="filter">
                        <label class="label" for="f-theme">"Theme"</label>
                        <select class="input" id="f-theme" name="theme">
                            <option value="">"All"</option>
                            {theme_options}
                        </select>
                    </div>
                    <div class="filter">
                        <label class="label" for="f-flag">"Safeguarding"</label>
                        <select class="input" id="f-flag" name="flag">
                            <option value="">"All"</option>
                            {flag_options}
                        </select>
                    </div>
                    <div class="filter">
                        <label class="label" for="f-action">"Linked to action"</label>
                        <select class="input" id="f-action" name="action">
                            <option value="">"All"</option>
                            {action_options}
                        </select>
                    </div>
                    <div class="filter">
                        <label class="label" for="f-from">"Received from"</label>
                        <input class="input" id="f-from" name="from" type="date" value=query.from.clone()/>
                    </div>
                    <div class="filter">
                        <label class="label" for="f-to">"Received until"</label>
                        <input class="input" id="f-to" name="to" type="date" value=query.to.clone()/>
                    </div>
                </div>
            </details>
            <div class="filter-actions">
                <button type="submit" class="button">"Show"</button>
                <a href="/inbox">"Clear filters"</a>
            </div>
        </form>
    }
}

/// The labels every inbox item and submission page shows: consent, status, flag, removals, themes.
#[component]
fn Labels(
    consent: Consent,
    status: Status,
    flag: Option<FlagState>,
    redacted: bool,
    late: bool,
    #[prop(optional)] withdrawn: bool,
    themes: Vec<String>,
) -> impl IntoView {
    let c = consent;
    let consent = [
        (c.quote, "May quote without name", "No quotes"),
        (c.board, "May share with board", "Not for the board"),
        (c.updates, "Wants updates", "No updates"),
    ];
    view! {
        <ul class="tags" aria-label="Status and consent">
            <li class="tag tag-yes">{status.label()}</li>
            {flag.map(|f| view! { <li class="tag tag-flag">{f.label()}</li> })}
            {redacted.then(|| view! { <li class="tag">"Personal details removed"</li> })}
            {late.then(|| view! { <li class="tag">"Arrived after closing"</li> })}
            {withdrawn.then(|| view! { <li class="tag tag-flag">"Taken back by the participant: words deleted"</li> })}
            {consent
                .into_iter()
                .map(|(yes, on, off)| view! { <li class:tag-yes=yes class="tag">{if yes { on } else { off }}</li> })
                .collect_view()}
        </ul>
        {(!themes.is_empty()).then(|| view! {
            <ul class="tags" aria-label="Themes">
                {themes.into_iter().map(|t| view! { <li class="tag tag-theme">{t}</li> }).collect_view()}
            </ul>
        })}
    }
}

/// "Link the ticked submissions to an action". The tick boxes sit in each item and belong to this form
/// through their `form` attribute, so the list needs no form around it.
#[component]
fn LinkForm(actions: Vec<(i64, String)>, back: String) -> impl IntoView {
    view! {
        <form id="link-form" method="post" action="/actions/link" class="inline-form link-form">
            <input type="hidden" name="back" value=back/>
            <label class="label" for="link-action">"Link the ticked submissions to"</label>
            <select class="input" id="link-action" name="action">
                {actions.into_iter().map(|(id, title)| view! { <option value=id.to_string()>{title}</option> }).collect_view()}
            </select>
            <button type="submit" class="button button-secondary">"Link"</button>
        </form>
    }
}

#[component]
fn InboxItem(row: InboxRow, pick: bool) -> impl IntoView {
    let pick_id = format!("pick-{}", row.id);
    view! {
        <li class="inbox-item">
            <article aria-label=format!("Submission {}", row.reference)>
                {pick.then(|| view! {
                    <div class="option pick">
                        <input type="checkbox" form="link-form" name="submission" id=pick_id.clone() value=row.id.clone()/>
                        <label for=pick_id>{format!("Tick to link submission {}", row.reference)}</label>
                    </div>
                })}
                {(!row.read).then(|| view! { <p class="tag tag-yes unread">"Not opened yet"</p> })}
                <h2 class="inbox-title">
                    <a href=format!("/inbox/{}", row.id)>{row.conversation_title}</a>
                </h2>
                <dl class="meta">
                    <div><dt>"Received"</dt><dd>{row.received}</dd></div>
                    <div><dt>"Written"</dt><dd>{row.created}</dd></div>
                    <div><dt>"Channel"</dt><dd>{row.channel}</dd></div>
                    {row.language.map(|l| view! { <div><dt>"Written in"</dt><dd>{l}</dd></div> })}
                    <div><dt>"Reference"</dt><dd>{row.reference.clone()}</dd></div>
                </dl>
                <Labels consent=row.consent status=row.status flag=row.flag redacted=row.redacted late=row.late themes=row.themes/>
                <dl class="answers">
                    {row
                        .answers
                        .into_iter()
                        .map(|(q, a)| view! { <dt>{q}</dt><dd dir="auto">{a}</dd> })
                        .collect_view()}
                </dl>
                <p>
                    <a href=format!("/inbox/{}", row.id) aria-label=format!("Moderate submission {}", row.reference)>
                        "Moderate"
                    </a>
                </p>
            </article>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, Utc};

    #[test]
    fn a_cursor_survives_the_round_trip_and_junk_is_no_cursor() {
        let cursor = InboxCursor {
            received_at: DateTime::parse_from_rfc3339("2026-11-27T09:30:00.123456Z")
                .expect("time")
                .with_timezone(&Utc),
            id: Uuid::parse_str("0b9f3c56-8f8e-4c4e-9d43-4f6a2b1c9e01").expect("uuid"),
        };
        assert_eq!(InboxCursor::decode(&cursor.encode()), Some(cursor));
        for junk in [
            "",
            "~",
            "yesterday~0b9f3c56-8f8e-4c4e-9d43-4f6a2b1c9e01",
            "2026-11-27T09:30:00Z~x",
        ] {
            assert_eq!(InboxCursor::decode(junk), None, "{junk}");
        }
    }
}
