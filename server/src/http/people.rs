//! `POST /people…` and `POST /account/password`: account changes as plain form posts (post/redirect/get),
//! each checking its role first. Refusals say nothing about the accounts.

use super::staff::allowed;
use super::AppState;
use app::auth::session;
use app::domain::Role;
use app::error::AppError;
use app::people::actions;
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::Form;
use serde::Deserialize;

fn back(page: &str, result: Result<(), AppError>, done: &str) -> Response {
    super::staff::back(page, result, done, app::people::PROBLEMS)
}

#[derive(Deserialize)]
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
    form: Result<Form<NewAccount>, FormRejection>,
) -> Response {
    let admin = match allowed(&state, &headers, Role::Admin, "/people").await {
        Ok(u) => u,
        Err(res) => return res,
    };
    let Ok(Form(f)) = form else {
        return back("/people", Err(app::people::problem("email")), "");
    };
    let result = actions::add_account(&state.ctx, &admin, &f.email, &f.role, &f.password)
        .await
        .map(|_| ());
    back("/people", result, "added")
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
    let admin = match allowed(&state, &headers, Role::Admin, "/people").await {
        Ok(u) => u,
        Err(res) => return res,
    };
    let result = actions::set_disabled(&state.ctx, &admin, id, disabled).await;
    back(
        "/people",
        result,
        if disabled { "disabled" } else { "enabled" },
    )
}

#[derive(Deserialize)]
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
    form: Result<Form<NewPasswordForm>, FormRejection>,
) -> Response {
    let admin = match allowed(&state, &headers, Role::Admin, "/people").await {
        Ok(u) => u,
        Err(res) => return res,
    };
    let password = form.map(|Form(f)| f.password).unwrap_or_default();
    let result = actions::reset_password(&state.ctx, &admin, id, &password).await;
    back("/people", result, "reset")
}

/// `POST /account/password`: anyone signed in changes their own password.
pub async fn change_own(
    State(state): State<AppState>,
    headers: HeaderMap,
    form: Result<Form<NewPasswordForm>, FormRejection>,
) -> Response {
    let user = match allowed(&state, &headers, Role::Staff, "/account").await {
        Ok(u) => u,
        Err(res) => return res,
    };
    let token = session::token_from(&headers).unwrap_or_default();
    let (current, new) = form
        .map(|Form(f)| (f.current, f.password))
        .unwrap_or_default();
    let result = actions::change_own_password(&state.ctx, &user, &token, &current, &new).await;
    back("/account", result, "changed")
}
