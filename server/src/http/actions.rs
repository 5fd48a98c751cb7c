//! `POST /actions…`: "You said, we did" actions as plain form posts (post/redirect/get), for
//! coordinators and admins, and linking submissions to them from the inbox. Each checks the role first;
//! a malformed id or form is a message, never a 500. Forms here may repeat a field (ticked themes,
//! ticked submissions), so they are read as a list of pairs.

use super::form::{all, one, Pairs, StaffForm};
use super::staff::{allowed, back, change_by_id, change_then_back};
use super::AppState;
use app::actions::{changes, PROBLEMS};
use app::domain::{ActionForm, Role, User};
use app::error::AppError;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use uuid::Uuid;

/// Runs `change` for a form on an action's page and redirects back to it.
async fn on_action<F, Fut>(
    state: AppState,
    headers: HeaderMap,
    id: String,
    done: &str,
    change: F,
) -> Response
where
    F: FnOnce(AppState, User, i64) -> Fut,
    Fut: std::future::Future<Output = Result<(), AppError>>,
{
    let page = format!("/actions/{id}");
    let parse = |raw: &str| raw.parse::<i64>().ok();
    change_by_id(state, &headers, &page, done, PROBLEMS, &id, parse, change).await
}

/// `POST /actions`: a new draft action, then its page.
pub async fn create(
    State(state): State<AppState>,
    headers: HeaderMap,
    StaffForm(form): StaffForm<Pairs>,
) -> Response {
    let user = match allowed(&state, &headers, Role::Coordinator, "/actions").await {
        Ok(u) => u,
        Err(res) => return res,
    };
    match changes::create(&state.ctx, &user, &one(&form, "title")).await {
        Ok(id) => Redirect::to(&format!("/actions/{id}?done=created")).into_response(),
        Err(e) => back("/actions", Err(e), "", PROBLEMS),
    }
}

/// `POST /actions/{id}`: what it says, its status and its themes.
pub async fn save(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    StaffForm(p): StaffForm<Pairs>,
) -> Response {
    let fields = ActionForm {
        title: one(&p, "title"),
        heard: one(&p, "heard"),
        doing: one(&p, "doing"),
        status: one(&p, "status"),
        reason: one(&p, "reason"),
        budget: one(&p, "budget"),
        timeline: one(&p, "timeline"),
        decided: one(&p, "decided"),
    };
    let themes = all(&p, "theme");
    on_action(state, headers, id, "saved", |s, u, id| async move {
        changes::save(&s.ctx, &u, id, &fields, &themes).await
    })
    .await
}

/// `POST /actions/{id}/language`: the language it is written in.
pub async fn set_language(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    StaffForm(p): StaffForm<Pairs>,
) -> Response {
    let lang = one(&p, "lang");
    on_action(
        state,
        headers,
        id,
        "language_saved",
        |s, u, id| async move { changes::set_language(&s.ctx, &u, id, &lang).await },
    )
    .await
}

/// `POST /actions/{id}/translate/{lang}`: every part's translation into `lang`, then back to the
/// translate page.
pub async fn translate(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((id, lang)): Path<(String, String)>,
    StaffForm(fields): StaffForm<Pairs>,
) -> Response {
    let page = format!("/actions/{id}/translate/{lang}");
    let parse = |raw: &str| raw.parse::<i64>().ok();
    change_by_id(
        state,
        &headers,
        &page,
        "translation_saved",
        PROBLEMS,
        &id,
        parse,
        |s, u, id| async move { changes::translate(&s.ctx, &u, id, &lang, &fields).await },
    )
    .await
}

/// `POST /actions/{id}/publish`.
pub async fn publish(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    on_action(state, headers, id, "published", |s, u, id| async move {
        changes::set_published(&s.ctx, &u, id, true).await
    })
    .await
}

/// `POST /actions/{id}/unpublish`: back to a draft.
pub async fn unpublish(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    on_action(state, headers, id, "unpublished", |s, u, id| async move {
        changes::set_published(&s.ctx, &u, id, false).await
    })
    .await
}

/// `POST /actions/{id}/updates`: a dated update.
pub async fn add_update(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    StaffForm(form): StaffForm<Pairs>,
) -> Response {
    let body = one(&form, "body");
    on_action(state, headers, id, "update_added", |s, u, id| async move {
        changes::add_update(&s.ctx, &u, id, &body).await
    })
    .await
}

/// Where a link form may send people back to: the inbox (with its filters) or one submission. Anything
/// else goes to the inbox, so the form cannot be used to redirect elsewhere.
fn inbox_page(back: &str) -> String {
    let safe = back.starts_with("/inbox")
        && app::auth::is_local_path(back)
        && back.chars().all(|c| c.is_ascii_graphic());
    if safe {
        back.to_string()
    } else {
        "/inbox".into()
    }
}

/// `POST /actions/link`: the ticked submissions (`submission`, repeated) to the chosen `action`; back to
/// the page the form was on (`back`).
pub async fn link(
    State(state): State<AppState>,
    headers: HeaderMap,
    StaffForm(p): StaffForm<Pairs>,
) -> Response {
    let page = inbox_page(&one(&p, "back"));
    let user = match allowed(&state, &headers, Role::Coordinator, &page).await {
        Ok(u) => u,
        Err(res) => return res,
    };
    let result = changes::link(
        &state.ctx,
        &user,
        &one(&p, "action"),
        &all(&p, "submission"),
    )
    .await;
    let done = match result {
        Ok(0) => "already_linked",
        _ => "linked",
    };
    back(&page, result.map(|_| ()), done, app::inbox::PROBLEMS)
}

/// `POST /actions/{id}/submissions/{submission}/remove`: from the submission's page.
pub async fn unlink(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((id, submission)): Path<(String, String)>,
) -> Response {
    let page = match Uuid::parse_str(&submission) {
        Ok(s) => format!("/inbox/{s}"),
        Err(_) => "/inbox".into(),
    };
    change_then_back(
        state,
        &headers,
        Role::Coordinator,
        &page,
        "unlinked",
        app::inbox::PROBLEMS,
        |s, u| async move {
            let (Ok(id), Ok(submission)) = (id.parse::<i64>(), Uuid::parse_str(&submission)) else {
                return Err(AppError::NotFound);
            };
            changes::unlink(&s.ctx, &u, id, submission).await
        },
    )
    .await
}
