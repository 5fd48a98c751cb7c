//! `/reach/:id/translate/:lang`: a reach question's translate page (see `crate::languages`).

use super::reach::{reach_page_data, DONE, PROBLEMS};
use crate::auth::StaffBar;
use crate::domain::{Lang, ReachQuestion, User};
use crate::languages::{NothingToTranslate, TranslateForm};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn TranslatePage() -> impl IntoView {
    let (id, code) = use_params_map().with_untracked(|p| {
        (
            p.get("id").and_then(|id| id.parse::<i64>().ok()),
            p.get("lang").unwrap_or_default(),
        )
    });
    let data = Resource::new(|| (), |_| reach_page_data());
    view! {
        <Title text="Translate a reach question"/>
        {crate::ui::show(data, move |(me, questions): (User, Vec<ReachQuestion>)| {
            let Some(q) = questions.into_iter().find(|q| Some(q.id) == id) else {
                return view! {
                    <StaffBar user=me/>
                    <h1>"Translate a reach question"</h1>
                    <p>"That reach question does not exist. It may have been removed."</p>
                    <p><a href="/reach">"Back to reach questions"</a></p>
                }
                .into_any();
            };
            let base = format!("/reach/{}", q.id);
            match Lang::from_code(&code).filter(|l| *l != q.lang) {
                Some(lang) => view! {
                    <TranslateForm me base title=q.prompt.clone() own=q.lang lang parts=q.parts()
                        translations=q.translations done=DONE problems=PROBLEMS/>
                }
                .into_any(),
                None => view! { <NothingToTranslate me base title=q.prompt own=q.lang/> }.into_any(),
            }
        })}
    }
}
