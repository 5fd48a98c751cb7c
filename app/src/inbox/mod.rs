//! The coordinator's inbox: every submission, newest first, with its conversation, channel, times,
//! consent choices and answers. (Moderation, themes and safeguarding come later.)

use crate::domain::{Answer, Channel, Consent};
use crate::error::AppError;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// How many submissions one inbox page shows.
pub const PAGE_SIZE: u32 = 50;

/// One stored submission, as storage returns it for the inbox.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InboxEntry {
    pub id: Uuid,
    pub receipt: String,
    pub conversation_id: String,
    pub conversation_title: String,
    pub channel: Channel,
    pub created_at: DateTime<Utc>,
    pub received_at: DateTime<Utc>,
    pub consent: Consent,
    pub answers: Vec<Answer>,
}

/// Keyset paging: the inbox stays fast at any depth.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxCursor {
    pub received_at: DateTime<Utc>,
    pub id: Uuid,
}

impl InboxCursor {
    pub fn encode(&self) -> String {
        format!(
            "{}~{}",
            self.received_at
                .to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
            self.id
        )
    }

    /// `None` for anything that is not a cursor this server made.
    pub fn decode(s: &str) -> Option<Self> {
        let (received_at, id) = s.split_once('~')?;
        Some(InboxCursor {
            received_at: DateTime::parse_from_rfc3339(received_at)
                .ok()?
                .with_timezone(&Utc),
            id: Uuid::parse_str(id).ok()?,
        })
    }
}

/// An inbox row ready to show.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InboxRow {
    pub receipt: String,
    pub conversation_title: String,
    pub channel: String,
    pub received: String,
    pub created: String,
    pub consent: Consent,
    /// (question, answer) in the conversation's order.
    pub answers: Vec<(String, String)>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InboxData {
    pub rows: Vec<InboxRow>,
    pub next: Option<String>,
    pub me: crate::domain::User,
}

/// A page of the inbox. Coordinators and admins only.
#[server(prefix = "/api/fn", endpoint = "inbox")]
pub async fn inbox_page(before: Option<String>) -> Result<InboxData, AppError> {
    use crate::domain::{AnswerValue, Role};
    use crate::text::t;
    let user = crate::auth::require(Role::Coordinator).await?;
    let ctx = crate::store::Ctx::get()?;
    let cursor = before.as_deref().and_then(InboxCursor::decode);
    let mut entries = ctx.store.inbox(cursor.as_ref(), PAGE_SIZE + 1).await?;
    let next = (entries.len() > PAGE_SIZE as usize).then(|| {
        entries.truncate(PAGE_SIZE as usize);
        entries.last().map(|e| {
            InboxCursor {
                received_at: e.received_at,
                id: e.id,
            }
            .encode()
        })
    });
    let conversations = ctx.store.conversations().await?;
    let rows = entries
        .into_iter()
        .map(|e| {
            let conversation = conversations.iter().find(|c| c.id == e.conversation_id);
            let answers = e
                .answers
                .iter()
                .map(|a| {
                    let prompt = conversation
                        .and_then(|c| c.question(&a.question_id))
                        .map(|q| q.prompt.clone())
                        .unwrap_or_else(|| a.question_id.clone());
                    let shown = match &a.value {
                        AnswerValue::Text(s) | AnswerValue::Choice(s) => s.clone(),
                        AnswerValue::Scale(n) => {
                            let word = t::SCALE_WORDS
                                .get(usize::from(*n).saturating_sub(1))
                                .unwrap_or(&"");
                            format!("{n} of 5 – {word}")
                        }
                    };
                    (prompt, shown)
                })
                .collect();
            InboxRow {
                receipt: e.receipt,
                conversation_title: e.conversation_title,
                channel: e.channel.label().to_string(),
                received: human_time(e.received_at),
                created: human_time(e.created_at),
                consent: e.consent,
                answers,
            }
        })
        .collect();
    Ok(InboxData {
        rows,
        next: next.flatten(),
        me: user,
    })
}

#[cfg(feature = "ssr")]
fn human_time(t: DateTime<Utc>) -> String {
    t.format("%-d %b %Y, %H:%M UTC").to_string()
}

#[component]
pub fn InboxPage() -> impl IntoView {
    let before = use_query_map().with_untracked(|q| q.get("before"));
    let data = Resource::new(move || before.clone(), inbox_page);
    view! {
        <Title text="Inbox"/>
        {crate::share::show(data, |d: InboxData| view! { <Inbox data=d/> })}
    }
}

#[component]
fn Inbox(data: InboxData) -> impl IntoView {
    let empty = data.rows.is_empty();
    view! {
        <crate::auth::StaffBar user=data.me/>
        <h1>"Inbox"</h1>
        {empty.then(|| view! { <p>"Nothing has arrived yet. New input shows here, newest first."</p> })}
        <ol class="inbox" aria-label="Submissions, newest first">
            {data.rows.into_iter().map(|row| view! { <InboxItem row/> }).collect_view()}
        </ol>
        {data.next.map(|n| view! { <p><a href=format!("/inbox?before={n}")>"Older submissions"</a></p> })}
    }
}

#[component]
fn InboxItem(row: InboxRow) -> impl IntoView {
    let c = row.consent;
    let consent = [
        (c.quote, "May quote without name", "No quotes"),
        (c.board, "May share with board", "Not for the board"),
        (c.updates, "Wants updates", "No updates"),
    ];
    view! {
        <li class="inbox-item">
            <article aria-label=format!("Submission {}", row.receipt)>
                <h2 class="inbox-title">{row.conversation_title}</h2>
                <dl class="meta">
                    <div><dt>"Received"</dt><dd>{row.received}</dd></div>
                    <div><dt>"Written"</dt><dd>{row.created}</dd></div>
                    <div><dt>"Channel"</dt><dd>{row.channel}</dd></div>
                    <div><dt>"Receipt"</dt><dd>{row.receipt.clone()}</dd></div>
                </dl>
                <ul class="tags" aria-label="Consent">
                    {consent
                        .into_iter()
                        .map(|(yes, on, off)| view! { <li class:tag-yes=yes class="tag">{if yes { on } else { off }}</li> })
                        .collect_view()}
                </ul>
                <dl class="answers">
                    {row
                        .answers
                        .into_iter()
                        .map(|(q, a)| view! { <dt>{q}</dt><dd>{a}</dd> })
                        .collect_view()}
                </dl>
            </article>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
