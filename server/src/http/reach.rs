//! `POST /reach…`: reach questions as plain form posts (coordinators), and `GET /export/reach.csv`.

use super::form::{Pairs, StaffForm};
use super::staff::{allowed, change_by_id, change_then_back};
use super::AppState;
use app::domain::{ReportQuery, Role};
use app::reports::reach::{changes, reach_csv, reach_report, PROBLEMS};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

pub async fn add(
    State(state): State<AppState>,
    headers: HeaderMap,
    StaffForm(fields): StaffForm<Pairs>,
) -> Response {
    change_then_back(
        state,
        &headers,
        Role::Coordinator,
        "/reach",
        "added",
        PROBLEMS,
        |s, u| async move { changes::add(&s.ctx, &u, &fields).await },
    )
    .await
}

pub async fn remove(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    change_by_id(
        state,
        &headers,
        "/reach",
        "removed",
        PROBLEMS,
        &id,
        |raw| raw.parse::<i64>().ok(),
        |s, u, id| async move { changes::remove(&s.ctx, &u, id).await },
    )
    .await
}

pub async fn population(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    StaffForm(fields): StaffForm<Pairs>,
) -> Response {
    change_by_id(
        state,
        &headers,
        "/reach",
        "population",
        PROBLEMS,
        &id,
        |raw| raw.parse::<i64>().ok(),
        |s, u, id| async move { changes::population(&s.ctx, &u, id, &fields).await },
    )
    .await
}

/// `POST /reach/{id}/language`: the language the question is written in.
pub async fn set_language(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    StaffForm(fields): StaffForm<Pairs>,
) -> Response {
    let lang = super::form::one(&fields, "lang");
    change_by_id(
        state,
        &headers,
        "/reach",
        "language_saved",
        PROBLEMS,
        &id,
        |raw| raw.parse::<i64>().ok(),
        |s, u, id| async move { changes::set_language(&s.ctx, &u, id, &lang).await },
    )
    .await
}

/// `POST /reach/{id}/translate/{lang}`: the question's translation into `lang`, then back to its
/// translate page.
pub async fn translate(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((id, lang)): Path<(String, String)>,
    StaffForm(fields): StaffForm<Pairs>,
) -> Response {
    let page = format!("/reach/{id}/translate/{lang}");
    change_by_id(
        state,
        &headers,
        &page,
        "translation_saved",
        PROBLEMS,
        &id,
        |raw| raw.parse::<i64>().ok(),
        |s, u, id| async move { changes::translate(&s.ctx, &u, id, &lang, &fields).await },
    )
    .await
}

/// The reach figures for a period as CSV, counts under 5 hidden exactly as on the page. Audited.
pub async fn export(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<ReportQuery>, QueryRejection>,
) -> Response {
    let user = match allowed(&state, &headers, Role::Coordinator, "/reports").await {
        Ok(u) => u,
        Err(res) => return res,
    };
    let query = query.map(|Query(q)| q).unwrap_or_default();
    let Ok(filter) = query.filter(chrono::Utc::now().date_naive()) else {
        return (StatusCode::BAD_REQUEST, "Those dates do not make a period.").into_response();
    };
    let body = match reach_report(&state.ctx, &filter).await {
        Ok(r) => reach_csv(&r),
        Err(e) => {
            tracing::error!(error = %e, "reach export failed");
            return (
                StatusCode::SERVICE_UNAVAILABLE,
                "Please try again in a minute.",
            )
                .into_response();
        }
    };
    let subject = format!("reach figures, {}", filter.query());
    if let Err(e) = state
        .ctx
        .store
        .audit(Some(user.id), "export.reach", &subject)
        .await
    {
        tracing::error!(error = %e, "export audit failed");
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            "Please try again in a minute.",
        )
            .into_response();
    }
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"cairn-reach.csv\"",
            ),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}
