//! `POST /inbox/{id}/…` and `POST /themes…`: moderation as plain form posts (post/redirect/get), for
//! coordinators and admins. Each checks the role first; a malformed id or form is a message, never a 500.

use super::form::StaffForm;
use super::staff::{change_by_id, change_then_back};
use super::AppState;
use app::domain::{Role, User};
use app::error::AppError;
use app::inbox::{changes, PROBLEMS};
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Deserialize;
use uuid::Uuid;

/// Every field any moderation form sends; each handler reads the ones it needs.
#[derive(Deserialize, Default)]
pub struct ModerationForm {
    #[serde(default)]
    status: String,
    #[serde(default)]
    question: String,
    #[serde(default)]
    words: String,
    #[serde(default)]
    theme: Option<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    state: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    into: String,
}

/// Runs `change` for a submission-page form and redirects back to that page.
async fn on_submission<F, Fut>(
    state: AppState,
    headers: HeaderMap,
    id: String,
    done: &str,
    change: F,
) -> Response
where
    F: FnOnce(AppState, User, Uuid) -> Fut,
    Fut: std::future::Future<Output = Result<(), AppError>>,
{
    let page = format!("/inbox/{id}");
    let parse = |raw: &str| Uuid::parse_str(raw).ok();
    change_by_id(state, &headers, &page, done, PROBLEMS, &id, parse, change).await
}

/// Runs `change` for a themes-page form and redirects back to the themes page.
async fn on_themes<F, Fut>(state: AppState, headers: HeaderMap, done: &str, change: F) -> Response
where
    F: FnOnce(AppState, User) -> Fut,
    Fut: std::future::Future<Output = Result<(), AppError>>,
{
    change_then_back(
        state,
        &headers,
        Role::Coordinator,
        "/themes",
        done,
        PROBLEMS,
        change,
    )
    .await
}

/// `POST /inbox/{id}/status`: publish, hide, or back to new.
pub async fn status(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    StaffForm(f): StaffForm<ModerationForm>,
) -> Response {
    let done = match f.status.as_str() {
        "published" => "published",
        "hidden" => "hidden",
        _ => "new",
    };
    on_submission(state, headers, id, done, |s, u, id| async move {
        changes::set_status(&s.ctx, &u, id, &f.status).await
    })
    .await
}

/// `POST /inbox/{id}/redact`.
pub async fn redact(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    StaffForm(f): StaffForm<ModerationForm>,
) -> Response {
    on_submission(state, headers, id, "redacted", |s, u, id| async move {
        changes::redact(&s.ctx, &u, id, &f.question, &f.words).await
    })
    .await
}

/// `POST /inbox/{id}/unredact`.
pub async fn unredact(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    on_submission(state, headers, id, "unredacted", |s, u, id| async move {
        changes::unredact(&s.ctx, &u, id).await
    })
    .await
}

/// `POST /inbox/{id}/themes`: add an existing theme (`theme`) or a new one (`name`).
pub async fn tag(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    StaffForm(f): StaffForm<ModerationForm>,
) -> Response {
    on_submission(state, headers, id, "tagged", |s, u, id| async move {
        changes::tag(&s.ctx, &u, id, f.theme.as_deref(), f.name.as_deref()).await
    })
    .await
}

/// `POST /inbox/{id}/themes/{theme}/remove`.
pub async fn untag(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((id, theme)): Path<(String, String)>,
) -> Response {
    on_submission(state, headers, id, "untagged", |s, u, id| async move {
        let theme = theme.parse::<i64>().map_err(|_| AppError::NotFound)?;
        changes::untag(&s.ctx, &u, id, theme).await
    })
    .await
}

/// `POST /inbox/{id}/safeguarding`: raise, move on, or close a flag.
pub async fn flag(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    StaffForm(f): StaffForm<ModerationForm>,
) -> Response {
    let done = match f.state.as_str() {
        "in_progress" => "in_progress",
        "closed" => "closed",
        _ => "flagged",
    };
    on_submission(state, headers, id, done, |s, u, id| async move {
        changes::flag(&s.ctx, &u, id, &f.state, &f.note).await
    })
    .await
}

/// `POST /inbox/{id}/notes`.
pub async fn note(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    StaffForm(f): StaffForm<ModerationForm>,
) -> Response {
    on_submission(state, headers, id, "noted", |s, u, id| async move {
        changes::add_note(&s.ctx, &u, id, &f.note).await
    })
    .await
}

/// `POST /themes`: create a theme.
pub async fn create_theme(
    State(state): State<AppState>,
    headers: HeaderMap,
    StaffForm(form): StaffForm<ModerationForm>,
) -> Response {
    let name = form.name.unwrap_or_default();
    on_themes(state, headers, "theme_created", |s, u| async move {
        changes::create_theme(&s.ctx, &u, &name).await.map(|_| ())
    })
    .await
}

/// `POST /themes/{id}/rename`.
pub async fn rename_theme(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    StaffForm(form): StaffForm<ModerationForm>,
) -> Response {
    let name = form.name.unwrap_or_default();
    on_themes(state, headers, "theme_renamed", |s, u| async move {
        let id = id.parse::<i64>().map_err(|_| AppError::NotFound)?;
        changes::rename_theme(&s.ctx, &u, id, &name).await
    })
    .await
}

/// `POST /themes/{id}/merge`: every submission of this theme moves to `into`; this theme goes.
pub async fn merge_themes(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    StaffForm(form): StaffForm<ModerationForm>,
) -> Response {
    let into = form.into;
    on_themes(state, headers, "theme_merged", |s, u| async move {
        let id = id.parse::<i64>().map_err(|_| AppError::NotFound)?;
        changes::merge_themes(&s.ctx, &u, id, &into).await
    })
    .await
}
