//! `POST /conversations…`: the conversation editor's forms (post/redirect/get), for coordinators and
//! admins. Each checks the role first; bad input is a message on the page, never a 500.

use super::form::{Pairs, StaffForm};
use super::staff::{allowed, back, change_then_back};
use super::AppState;
use app::conversations::{changes, PROBLEMS};
use app::domain::{PromisesForm, Role, User};
use app::error::AppError;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

/// Every field any editor form sends.
#[derive(Deserialize, Default)]
pub struct EditorForm {
    #[serde(default)]
    title: String,
    #[serde(flatten)]
    promises: PromisesForm,
    #[serde(default)]
    prompt: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    choices: String,
    #[serde(default)]
    direction: String,
    #[serde(default)]
    lang: String,
}

/// Runs `change` for an editor form and redirects back to that conversation's editor.
async fn on_editor<F, Fut>(
    state: AppState,
    headers: HeaderMap,
    id: &str,
    done: &str,
    change: F,
) -> Response
where
    F: FnOnce(AppState, User) -> Fut,
    Fut: std::future::Future<Output = Result<(), AppError>>,
{
    let page = format!("/conversations/{id}");
    change_then_back(
        state,
        &headers,
        Role::Coordinator,
        &page,
        done,
        PROBLEMS,
        change,
    )
    .await
}

/// `POST /conversations`: a new conversation, then its editor.
pub async fn create(
    State(state): State<AppState>,
    headers: HeaderMap,
    StaffForm(form): StaffForm<EditorForm>,
) -> Response {
    let user = match allowed(&state, &headers, Role::Coordinator, "/conversations").await {
        Ok(u) => u,
        Err(res) => return res,
    };
    match changes::create(&state.ctx, &user, &form.title).await {
        Ok(id) => Redirect::to(&format!("/conversations/{id}?done=created")).into_response(),
        Err(e) => back("/conversations", Err(e), "", PROBLEMS),
    }
}

/// `POST /conversations/{id}`: title and promises.
pub async fn save(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    StaffForm(f): StaffForm<EditorForm>,
) -> Response {
    on_editor(state, headers, &id.clone(), "saved", |s, u| async move {
        changes::save(&s.ctx, &u, &id, &f.title, &f.promises).await
    })
    .await
}

/// `POST /conversations/{id}/language`: the language it is written in.
pub async fn set_language(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    StaffForm(f): StaffForm<EditorForm>,
) -> Response {
    on_editor(
        state,
        headers,
        &id.clone(),
        "language_saved",
        |s, u| async move { changes::set_language(&s.ctx, &u, &id, &f.lang).await },
    )
    .await
}

/// `POST /conversations/{id}/translate/{lang}`: every part's translation into `lang`; back to the
/// translate page, which says what was saved or what to fix.
pub async fn translate(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((id, lang)): Path<(String, String)>,
    StaffForm(fields): StaffForm<Pairs>,
) -> Response {
    let page = format!("/conversations/{id}/translate/{lang}");
    change_then_back(
        state,
        &headers,
        Role::Coordinator,
        &page,
        "translation_saved",
        PROBLEMS,
        |s, u| async move { changes::translate(&s.ctx, &u, &id, &lang, &fields).await },
    )
    .await
}

/// `POST /conversations/{id}/open` and `/close`.
pub async fn open(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    on_editor(state, headers, &id.clone(), "opened", |s, u| async move {
        changes::set_open(&s.ctx, &u, &id, true).await
    })
    .await
}

pub async fn close(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    on_editor(state, headers, &id.clone(), "closed", |s, u| async move {
        changes::set_open(&s.ctx, &u, &id, false).await
    })
    .await
}

/// `POST /conversations/{id}/questions`: add one at the end.
pub async fn add_question(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    StaffForm(f): StaffForm<EditorForm>,
) -> Response {
    on_editor(
        state,
        headers,
        &id.clone(),
        "question_added",
        |s, u| async move {
            changes::add_question(&s.ctx, &u, &id, &f.prompt, &f.kind, &f.choices).await
        },
    )
    .await
}

/// `POST /conversations/{id}/questions/{question}`: reword, retype, new choices.
pub async fn edit_question(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((id, question)): Path<(String, String)>,
    StaffForm(f): StaffForm<EditorForm>,
) -> Response {
    on_editor(
        state,
        headers,
        &id.clone(),
        "question_saved",
        |s, u| async move {
            changes::edit_question(&s.ctx, &u, &id, &question, &f.prompt, &f.kind, &f.choices).await
        },
    )
    .await
}

/// `POST /conversations/{id}/questions/{question}/move` with `direction` up or down.
pub async fn move_question(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((id, question)): Path<(String, String)>,
    StaffForm(form): StaffForm<EditorForm>,
) -> Response {
    let up = form.direction == "up";
    on_editor(
        state,
        headers,
        &id.clone(),
        "question_moved",
        |s, u| async move { changes::move_question(&s.ctx, &u, &id, &question, up).await },
    )
    .await
}

/// `POST /conversations/{id}/questions/{question}/remove`.
pub async fn remove_question(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((id, question)): Path<(String, String)>,
) -> Response {
    on_editor(
        state,
        headers,
        &id.clone(),
        "question_removed",
        |s, u| async move { changes::remove_question(&s.ctx, &u, &id, &question).await },
    )
    .await
}
