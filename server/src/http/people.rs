//! `POST /people…` and `POST /account/password`: account changes as plain form posts (post/redirect/get),
//! each checking its role first. Refusals say nothing about the accounts.

use super::form::StaffForm;
use super::staff::change_then_back;
use super::AppState;
use app::auth::session;
use app::domain::{Role, User};
use app::error::AppError;
use app::people::changes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Deserialize;

/// Runs an account change as the signed-in user (if `role` allows) and redirects back to `page`.
async fn change<F, Fut>(
    state: AppState,
    headers: &HeaderMap,
    role: Role,
    page: &str,
    done: &str,
    change: F,
) -> Response
where
    F: FnOnce(AppState, User) -> Fut,
    Fut: std::future::Future<Output = Result<(), AppError>>,
{
    change_then_back(
        state,
        headers,
        role,
        page,
        done,
        app::people::PROBLEMS,
        change,
    )
    .await
}

#[derive(Deserialize, Default)]
pub struct NewAccount {
    #[serde(default)]
    email: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    password: String,
}

/// `POST /people`: an admin adds an account.
pub async fn add(
    State(state): State<AppState>,
    headers: HeaderMap,
    StaffForm(f): StaffForm<NewAccount>,
) -> Response {
    change(
        state,
        &headers,
        Role::Admin,
        "/people",
        "added",
        |s, admin| async move {
            changes::add_account(&s.ctx, &admin, &f.email, &f.role, &f.password)
                .await
                .map(|_| ())
        },
    )
    .await
}

/// `POST /people/{id}/disable`.
pub async fn disable(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Response {
    set_disabled(state, headers, id, true).await
}

/// `POST /people/{id}/enable`.
pub async fn enable(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Response {
    set_disabled(state, headers, id, false).await
}

async fn set_disabled(state: AppState, headers: HeaderMap, id: i64, disabled: bool) -> Response {
    let done = if disabled { "disabled" } else { "enabled" };
    change(
        state,
        &headers,
        Role::Admin,
        "/people",
        done,
        |s, admin| async move { changes::set_disabled(&s.ctx, &admin, id, disabled).await },
    )
    .await
}

#[derive(Deserialize, Default)]
pub struct NewPasswordForm {
    #[serde(default)]
    password: String,
    #[serde(default)]
    current: String,
}

/// `POST /people/{id}/password`: an admin resets someone's password.
pub async fn reset(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    StaffForm(NewPasswordForm { password, .. }): StaffForm<NewPasswordForm>,
) -> Response {
    change(
        state,
        &headers,
        Role::Admin,
        "/people",
        "reset",
        |s, admin| async move { changes::reset_password(&s.ctx, &admin, id, &password).await },
    )
    .await
}

/// `POST /account/password`: anyone signed in changes their own password.
pub async fn change_own(
    State(state): State<AppState>,
    headers: HeaderMap,
    StaffForm(NewPasswordForm {
        current,
        password: new,
    }): StaffForm<NewPasswordForm>,
) -> Response {
    let token = session::token_from(&headers).unwrap_or_default();
    change(
        state,
        &headers,
        Role::Staff,
        "/account",
        "changed",
        |s, user| async move {
            changes::change_own_password(&s.ctx, &user, &token, &current, &new).await
        },
    )
    .await
}
