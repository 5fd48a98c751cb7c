//! `/actions/:id/translate/:lang`: an action's translate page (see `crate::languages`).

use super::{action_page, ActionData, DONE, PROBLEMS};
use crate::domain::Lang;
use crate::languages::{NothingToTranslate, TranslateForm};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn TranslatePage() -> impl IntoView {
    let (id, code) =
        use_params_map().with_untracked(|p| (p.get("id"), p.get("lang").unwrap_or_default()));
    let data = Resource::new(move || id.clone(), action_page);
    view! {
        <Title text="Translate an action"/>
        {crate::ui::show(data, move |d: ActionData| {
            let (me, a) = (d.me, d.action);
            let base = format!("/actions/{}", a.id);
            match Lang::from_code(&code).filter(|l| *l != a.lang) {
                Some(lang) => view! {
                    <TranslateForm me base title=a.fields.title.clone() own=a.lang lang parts=a.parts()
                        translations=a.translations done=DONE problems=PROBLEMS/>
                }
                .into_any(),
                None => view! { <NothingToTranslate me base title=a.fields.title own=a.lang/> }.into_any(),
            }
        })}
    }
}
