//! The themes page: every theme with how many submissions carry it; create, rename, merge.

use super::{DONE, PROBLEMS};
use crate::auth::StaffBar;
use crate::domain::{Theme, User};
use crate::error::AppError;
use crate::notice::Notices;
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ThemesData {
    pub me: User,
    pub themes: Vec<Theme>,
}

/// Every theme. Coordinators and admins only.
#[server(prefix = "/api/fn", endpoint = "themes")]
pub async fn themes_page() -> Result<ThemesData, AppError> {
    let me = crate::auth::require(crate::domain::Role::Coordinator).await?;
    let ctx = crate::context::Ctx::get()?;
    Ok(ThemesData {
        me,
        themes: ctx.store.themes().await?,
    })
}

#[component]
pub fn ThemesPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| themes_page());
    view! {
        <Title text="Themes"/>
        {crate::ui::show(data, |d: ThemesData| view! { <Themes data=d/> })}
    }
}

#[component]
fn Themes(data: ThemesData) -> impl IntoView {
    let all = data.themes.clone();
    view! {
        <StaffBar user=data.me/>
        <h1>"Themes"</h1>
        <Notices done=DONE problems=PROBLEMS/>
        <p>"Themes group what people say. Add them to submissions from the inbox."</p>
        {data.themes.is_empty().then(|| view! { <p>"No themes yet."</p> })}
        <ul class="people" aria-label="Themes">
            {data.themes.into_iter().map(|t| {
                let others: Vec<Theme> = all.iter().filter(|o| o.id != t.id).cloned().collect();
                view! { <ThemeItem theme=t others/> }
            }).collect_view()}
        </ul>
        <h2>"Create a theme"</h2>
        <form method="post" action="/themes" class="inline-form">
            <label class="label" for="theme-name">"Name"</label>
            <input class="input" id="theme-name" name="name" maxlength="60" required/>
            <button type="submit" class="button">"Create theme"</button>
        </form>
    }
}

#[component]
fn ThemeItem(theme: Theme, others: Vec<Theme>) -> impl IntoView {
    let rename_id = format!("rename-{}", theme.id);
    let merge_id = format!("merge-{}", theme.id);
    let count = match theme.count {
        1 => "1 submission".to_string(),
        n => format!("{n} submissions"),
    };
    view! {
        <li class="inbox-item">
            <h2 class="inbox-title">
                <a href=format!("/inbox?theme={}", theme.id)>{theme.name.clone()}</a>
            </h2>
            <p>{count}</p>
            <form method="post" action=format!("/themes/{}/rename", theme.id) class="inline-form">
                <label class="label" for=rename_id.clone()>{format!("New name for {}", theme.name)}</label>
                <input class="input" id=rename_id name="name" maxlength="60" required value=theme.name.clone()/>
                <button type="submit" class="button button-secondary">"Rename"</button>
            </form>
            {(!others.is_empty()).then(|| view! {
                <form method="post" action=format!("/themes/{}/merge", theme.id) class="inline-form">
                    <label class="label" for=merge_id.clone()>{format!("Merge {} into", theme.name)}</label>
                    <select class="input" id=merge_id name="into">
                        {others.into_iter().map(|o| view! { <option value=o.id.to_string()>{o.name}</option> }).collect_view()}
                    </select>
                    <button type="submit" class="button button-secondary">"Merge"</button>
                </form>
            })}
        </li>
    }
}
