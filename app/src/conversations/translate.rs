//! `/conversations/:id/translate/:lang`: a conversation's translate page (see `crate::languages`).

use super::{conversation_page, ConversationItem, DONE, PROBLEMS};
use crate::domain::{Lang, User};
use crate::languages::{NothingToTranslate, TranslateForm};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn TranslatePage() -> impl IntoView {
    let (id, code) = use_params_map().with_untracked(|p| {
        (
            p.get("id").unwrap_or_default(),
            p.get("lang").unwrap_or_default(),
        )
    });
    let data = Resource::new(move || id.clone(), conversation_page);
    view! {
        <Title text="Translate a conversation"/>
        {crate::ui::show(data, move |(me, item): (User, ConversationItem)| {
            let c = item.conversation;
            let base = format!("/conversations/{}", c.id);
            match Lang::from_code(&code).filter(|l| *l != c.lang) {
                Some(lang) => view! {
                    <TranslateForm me base title=c.title.clone() own=c.lang lang parts=c.parts()
                        translations=c.translations done=DONE problems=PROBLEMS/>
                }
                .into_any(),
                None => view! { <NothingToTranslate me base title=c.title own=c.lang/> }.into_any(),
            }
        })}
    }
}
