//! "Collect in the field": outreach staff sign in while online, open a conversation here, and write down
//! what people tell them, one person after another, for hours without signal. The form, drafts and outbox
//! are the participant's (`share::ShareForm` with `field`), kept in a separate staff outbox; the service
//! worker keeps these pages for offline reloads. Staff see only the sync state of what they captured.
//!
//! The page also holds the switch for shared device mode (`share::SharedSwitch`).

use crate::auth::StaffBar;
use crate::domain::{Conversation, ReachQuestion, User};
use crate::error::AppError;
use crate::share::{ShareForm, SharedSwitch};
use crate::text::w;
use crate::ui::show;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// What the field pages show: the signed-in member of staff, the conversations open now, and the
/// reach questions. Every staff role.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FieldData {
    pub me: User,
    pub conversations: Vec<Conversation>,
    pub reach: Vec<ReachQuestion>,
}

#[server(prefix = "/api/fn", endpoint = "field")]
pub async fn field_conversations() -> Result<FieldData, AppError> {
    let me = crate::auth::require(crate::domain::Role::Staff).await?;
    let ctx = crate::context::Ctx::get()?;
    Ok(FieldData {
        me,
        conversations: crate::share::list_conversations().await?,
        reach: ctx.store.reach_questions().await?,
    })
}

#[component]
pub fn CollectPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| field_conversations());
    view! {
        <Title text=w("field-title")/>
        {show(data, |FieldData { me, conversations: list, .. }: FieldData| view! {
            <StaffBar user=me/>
            <h1>{w("field-title")}</h1>
            <p class="lead">{w("field-intro")}</p>
            <h2>{w("field-pick")}</h2>
            {if list.is_empty() {
                view! { <p>{w("field-none")}</p> }.into_any()
            } else {
                view! {
                    <ul class="card-list">
                        {list.into_iter().map(|c| view! {
                            <li class="card"><a class="card-link" href=format!("/collect/{}", c.id)>{c.title}</a></li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <SharedSwitch/>
        })}
    }
}

/// One conversation's field form.
#[component]
pub fn FieldPage() -> impl IntoView {
    let id = use_params_map().with_untracked(|p| p.get("id").unwrap_or_default());
    let data = Resource::new(|| (), |_| field_conversations());
    view! {
        <Title text=w("field-title")/>
        {show(data, move |FieldData { me, conversations, reach }: FieldData| {
            let Some(c) = conversations.into_iter().find(|c| c.id == id) else {
                return view! { <crate::ui::ErrorPage error=AppError::NotFound/> }.into_any();
            };
            view! {
                <StaffBar user=me/>
                <p><a href="/collect">{w("field-pick")}</a></p>
                <h1>{c.title.clone()}</h1>
                <p class="hint">{w("field-title")}</p>
                <noscript><p class="notice">{w("field-no-js")}</p></noscript>
                <ShareForm conversation=c fallback_id=String::new() error=None field=true reach words=crate::share::form_words(true)/>
            }
            .into_any()
        })}
    }
}
