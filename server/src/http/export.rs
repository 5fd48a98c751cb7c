//! `GET /export/submissions.csv`: the inbox, as filtered, as CSV, for coordinators and admins. Consent
//! is applied by `app::export` row by row; withdrawn submissions are never in an inbox query. Each
//! export is in the audit log: who took a copy, and of what.

use super::staff::allowed;
use super::AppState;
use app::domain::{InboxQuery, Role};
use app::export::{csv_line, CSV_HEADER};
use app::store::InboxCursor;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

/// Rows read from storage at a time.
const BATCH: u32 = 500;

pub async fn submissions_csv(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<InboxQuery>, QueryRejection>,
) -> Response {
    let user = match allowed(&state, &headers, Role::Coordinator, "/inbox").await {
        Ok(u) => u,
        Err(res) => return res,
    };
    let query = query.map(|Query(q)| q).unwrap_or_default();
    match build(&state, &query).await {
        Ok(body) => {
            let subject = match query.encode() {
                q if q.is_empty() => "all submissions".to_string(),
                q => format!("submissions matching {q}"),
            };
            if let Err(e) = state
                .ctx
                .store
                .audit(Some(user.id), "export.csv", &subject)
                .await
            {
                tracing::error!(error = %e, "export audit failed");
                return unavailable();
            }
            (
                [
                    (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                    (
                        header::CONTENT_DISPOSITION,
                        "attachment; filename=\"cairn-submissions.csv\"",
                    ),
                    (header::CACHE_CONTROL, "no-store"),
                ],
                body,
            )
                .into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "export failed");
            unavailable()
        }
    }
}

fn unavailable() -> Response {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        "The export did not work. Please try again in a minute.",
    )
        .into_response()
}

/// Every matching submission, newest first, a batch at a time through the inbox's keyset paging.
async fn build(state: &AppState, query: &InboxQuery) -> Result<String, app::store::StoreError> {
    let (filter, _) = query.filter();
    let conversations = state.ctx.store.conversations().await?;
    let mut body = String::from(CSV_HEADER);
    let mut cursor: Option<InboxCursor> = None;
    loop {
        let page = state
            .ctx
            .store
            .inbox(&filter, cursor.as_ref(), BATCH)
            .await?;
        for e in &page {
            let conversation = conversations.iter().find(|c| c.id == e.conversation_id);
            body.push_str(&csv_line(e, conversation));
        }
        match page.last() {
            Some(last) if page.len() == BATCH as usize => {
                cursor = Some(InboxCursor {
                    received_at: last.received_at,
                    id: last.id,
                })
            }
            _ => return Ok(body),
        }
    }
}
