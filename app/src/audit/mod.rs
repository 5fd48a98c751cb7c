//! The audit log page: every account, moderation, theme, safeguarding and conversation change, newest
//! first, for admins. Nobody can edit the log: the app only appends, and the database refuses changes.

use crate::auth::StaffBar;
pub use crate::domain::AuditEntry;
use crate::domain::User;
use crate::error::AppError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

/// Entries per page.
pub const PAGE_SIZE: u32 = 100;

/// The kinds of entry the filter offers: action prefix and its name.
pub const KINDS: &[(&str, &str)] = &[
    ("user.", "Accounts"),
    ("submission.", "Moderation"),
    ("theme.", "Themes"),
    ("safeguarding.", "Safeguarding"),
    ("conversation.", "Conversations"),
    ("action.", "You said, we did"),
    ("export.", "Exports"),
    ("retention.", "Keeping data"),
    ("reach.", "Reach questions"),
];

/// One row ready to show.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRow {
    pub when: String,
    pub who: String,
    pub what: String,
    pub detail: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditData {
    pub me: User,
    pub rows: Vec<AuditRow>,
    /// The query string for the next (older) page, if there is one.
    pub older: Option<String>,
}

/// Plain words for an action code.
pub fn describe(action: &str) -> &str {
    match action {
        "user.created" => "Account added",
        "user.disabled" => "Account disabled",
        "user.enabled" => "Account enabled",
        "user.password_reset" => "Password reset by an admin",
        "user.password_changed" => "Password changed by its owner",
        "submission.published" => "Published as a quote",
        "submission.hidden" => "Hidden",
        "submission.unpublished" => "Moved back to new",
        "submission.redacted" => "Personal details removed",
        "submission.unredacted" => "Removals undone",
        "submission.withdrawn" => "Taken back by the participant (words deleted)",
        "submission.tagged" => "Theme added to a submission",
        "submission.untagged" => "Theme removed from a submission",
        "theme.created" => "Theme created",
        "theme.renamed" => "Theme renamed",
        "theme.merged" => "Themes merged",
        "safeguarding.raised" => "Safeguarding flag raised",
        "safeguarding.in_progress" => "Safeguarding flag in progress",
        "safeguarding.closed" => "Safeguarding flag closed",
        "conversation.created" => "Conversation created",
        "conversation.updated" => "Conversation title or promises changed",
        "conversation.opened" => "Conversation opened",
        "conversation.closed" => "Conversation closed",
        "conversation.questions_changed" => "Conversation questions changed",
        other => other,
    }
}

/// A page of the audit log, newest first. Admins only. `kind` is one of `KINDS` or empty for all;
/// `before` an entry id from the previous page.
#[server(prefix = "/api/fn", endpoint = "audit")]
pub async fn audit_page(kind: Option<String>, before: Option<i64>) -> Result<AuditData, AppError> {
    let me = crate::auth::require(crate::domain::Role::Admin).await?;
    let ctx = crate::context::Ctx::get()?;
    let kind = kind.filter(|k| KINDS.iter().any(|(prefix, _)| prefix == k));
    let mut entries = ctx
        .store
        .audit_entries(kind.as_deref(), before, PAGE_SIZE + 1)
        .await?;
    let older = (entries.len() > PAGE_SIZE as usize).then(|| {
        entries.truncate(PAGE_SIZE as usize);
        let last = entries.last().map(|e| e.id).unwrap_or_default();
        match &kind {
            // Kinds are fixed prefixes like `user.`: nothing to escape.
            Some(k) => format!("kind={k}&before={last}"),
            None => format!("before={last}"),
        }
    });
    let rows = entries
        .into_iter()
        .map(|e| AuditRow {
            when: crate::domain::dates::moment_seconds(e.at),
            who: e.actor.unwrap_or_else(|| "Cairn".into()),
            what: describe(&e.action).to_string(),
            detail: e.subject,
        })
        .collect();
    Ok(AuditData { me, rows, older })
}

#[component]
pub fn AuditPage() -> impl IntoView {
    let (kind, before) = use_query_map().with_untracked(|q| {
        (
            q.get("kind").filter(|k| !k.is_empty()),
            q.get("before").and_then(|b| b.parse::<i64>().ok()),
        )
    });
    let selected = kind.clone().unwrap_or_default();
    let data = Resource::new(move || (kind.clone(), before), |(k, b)| audit_page(k, b));
    view! {
        <Title text="Audit log"/>
        {crate::ui::show(data, move |d: AuditData| {
            let selected = selected.clone();
            view! { <Audit data=d selected/> }
        })}
    }
}

#[component]
fn Audit(data: AuditData, selected: String) -> impl IntoView {
    let empty = data.rows.is_empty();
    view! {
        <StaffBar user=data.me/>
        <h1>"Audit log"</h1>
        <p>"Who changed what, and when. Newest first. Nobody can change or delete these entries."</p>
        <form method="get" action="/audit" class="inline-form">
            <label class="label" for="kind">"Show"</label>
            <select class="input" id="kind" name="kind">
                <option value="" selected=selected.is_empty()>"Everything"</option>
                {KINDS
                    .iter()
                    .map(|(prefix, name)| view! { <option value=*prefix selected=selected == *prefix>{*name}</option> })
                    .collect_view()}
            </select>
            <button type="submit" class="button button-secondary">"Filter"</button>
        </form>
        {empty.then(|| view! { <p>"No entries."</p> })}
        <ol class="people" aria-label="Entries, newest first">
            {data.rows.into_iter().map(|r| view! {
                <li class="inbox-item">
                    <h2 class="inbox-title">{r.what}</h2>
                    <p>{r.detail}</p>
                    <dl class="meta">
                        <div><dt>"When"</dt><dd>{r.when}</dd></div>
                        <div><dt>"Who"</dt><dd>{r.who}</dd></div>
                    </dl>
                </li>
            }).collect_view()}
        </ol>
        {data.older.map(|q| view! { <p><a href=format!("/audit?{q}")>"Older entries"</a></p> })}
    }
}
