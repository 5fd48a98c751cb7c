//! The safeguarding list: flags that still need someone (open or in progress), oldest first, so nothing
//! waits longest by accident.

use crate::auth::StaffBar;
use crate::domain::{FlagState, User};
use crate::error::AppError;
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FlagItem {
    pub submission_id: String,
    pub conversation_title: String,
    pub state: FlagState,
    pub reason: String,
    pub raised: String,
    pub waiting_days: i64,
    /// The participant took it back: the words are gone, the flag stays for whoever follows it up.
    pub withdrawn: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FlagsData {
    pub me: User,
    pub flags: Vec<FlagItem>,
}

/// Open flags, oldest first. Coordinators and admins only.
#[server(prefix = "/api/fn", endpoint = "safeguarding")]
pub async fn flags_page() -> Result<FlagsData, AppError> {
    let me = crate::auth::require(crate::domain::Role::Coordinator).await?;
    let ctx = crate::context::Ctx::get()?;
    let now = chrono::Utc::now();
    let flags = ctx
        .store
        .open_flags()
        .await?
        .into_iter()
        .map(|f| FlagItem {
            submission_id: f.submission_id.to_string(),
            conversation_title: f.conversation_title,
            state: f.state,
            reason: f.reason,
            raised: format!(
                "{} by {}",
                crate::domain::dates::moment(f.raised_at),
                f.raised_by
                    .unwrap_or_else(|| "someone no longer here".into())
            ),
            waiting_days: (now - f.raised_at).num_days(),
            withdrawn: f.withdrawn,
        })
        .collect();
    Ok(FlagsData { me, flags })
}

#[component]
pub fn SafeguardingPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| flags_page());
    view! {
        <Title text="Safeguarding"/>
        {crate::ui::show(data, |d: FlagsData| view! { <Flags data=d/> })}
    }
}

#[component]
fn Flags(data: FlagsData) -> impl IntoView {
    view! {
        <StaffBar user=data.me/>
        <h1>"Safeguarding"</h1>
        <p>"Flags that are open or in progress, oldest first. Closed flags stay on their submission."</p>
        {data.flags.is_empty().then(|| view! { <p>"No open flags."</p> })}
        <ol class="people" aria-label="Open flags, oldest first">
            {data.flags.into_iter().map(|f| {
                let waiting = match f.waiting_days {
                    0 => "Raised today".to_string(),
                    1 => "Waiting 1 day".to_string(),
                    n => format!("Waiting {n} days"),
                };
                view! {
                    <li class="inbox-item">
                        <h2 class="inbox-title">
                            <a href=format!("/inbox/{}", f.submission_id)>{f.conversation_title}</a>
                        </h2>
                        {f.withdrawn.then(|| view! { <p>"The participant took this back, so its words are deleted. Follow up with what you already know."</p> })}
                        <ul class="tags">
                            <li class="tag tag-flag">{f.state.label()}</li>
                            <li class="tag">{waiting}</li>
                        </ul>
                        {(!f.reason.is_empty()).then(|| view! { <p>{format!("Why: {}", f.reason)}</p> })}
                        <p class="hint">{format!("Raised {}", f.raised)}</p>
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}
