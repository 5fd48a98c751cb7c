//! `POST /retention`: an admin sets how long words are kept (post/redirect/get).

use super::form::{Pairs, StaffForm};
use super::staff::change_then_back;
use super::AppState;
use app::domain::Role;
use app::reports::retention::{save, DONE, PROBLEMS};
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;

pub async fn set(
    State(state): State<AppState>,
    headers: HeaderMap,
    StaffForm(fields): StaffForm<Pairs>,
) -> Response {
    change_then_back(
        state,
        &headers,
        Role::Admin,
        "/retention",
        DONE[0].0,
        PROBLEMS,
        |s, u| async move { save(&s.ctx, &u, &fields).await },
    )
    .await
}
