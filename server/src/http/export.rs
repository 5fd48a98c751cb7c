//! `GET /export/submissions.csv` and `.json`: the inbox, as filtered (a date range from the reports
//! page, or any inbox filter), for coordinators and admins. Consent is applied by `app::export` row by
//! row; withdrawn submissions are never in an inbox query. Each export is in the audit log: who took a
//! copy, and of what.

use super::staff::allowed;
use super::AppState;
use app::domain::{Conversation, InboxQuery, Role};
use app::domain::{InboxCursor, InboxEntry};
use app::export::{csv_line, json_row, CSV_HEADER};
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
    export(state, headers, query, Format::Csv).await
}

pub async fn submissions_json(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<InboxQuery>, QueryRejection>,
) -> Response {
    export(state, headers, query, Format::Json).await
}

#[derive(Clone, Copy)]
enum Format {
    Csv,
    Json,
}

async fn export(
    state: AppState,
    headers: HeaderMap,
    query: Result<Query<InboxQuery>, QueryRejection>,
    format: Format,
) -> Response {
    let user = match allowed(&state, &headers, Role::Coordinator, "/inbox").await {
        Ok(u) => u,
        Err(res) => return res,
    };
    let query = query.map(|Query(q)| q).unwrap_or_default();
    let (action, content_type, file) = match format {
        Format::Csv => (
            "export.csv",
            "text/csv; charset=utf-8",
            "cairn-submissions.csv",
        ),
        Format::Json => ("export.json", "application/json", "cairn-submissions.json"),
    };
    let body = match format {
        Format::Csv => {
            let mut body = String::from(CSV_HEADER);
            each(&state, &query, |e, c| body.push_str(&csv_line(e, c)))
                .await
                .map(|()| body)
        }
        Format::Json => {
            let mut rows = Vec::new();
            each(&state, &query, |e, c| rows.push(json_row(e, c)))
                .await
                .map(|()| {
                    serde_json::json!({
                        "exported_at": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                        "count": rows.len(),
                        "submissions": rows,
                    })
                    .to_string()
                })
        }
    };
    match body {
        Ok(body) => {
            let subject = match query.encode() {
                q if q.is_empty() => "all submissions".to_string(),
                q => format!("submissions matching {q}"),
            };
            if let Err(e) = state.ctx.store.audit(Some(user.id), action, &subject).await {
                tracing::error!(error = %e, "export audit failed");
                return unavailable();
            }
            (
                [
                    (header::CONTENT_TYPE, content_type.to_string()),
                    (
                        header::CONTENT_DISPOSITION,
                        format!("attachment; filename=\"{file}\""),
                    ),
                    (header::CACHE_CONTROL, "no-store".to_string()),
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
async fn each(
    state: &AppState,
    query: &InboxQuery,
    mut row: impl FnMut(&InboxEntry, Option<&Conversation>),
) -> Result<(), app::store::StoreError> {
    let (filter, _) = query.filter();
    let conversations = state.ctx.store.conversations().await?;
    let mut cursor: Option<InboxCursor> = None;
    loop {
        let page = state
            .ctx
            .store
            .inbox(&filter, cursor.as_ref(), BATCH)
            .await?;
        for e in &page {
            row(e, conversations.iter().find(|c| c.id == e.conversation_id));
        }
        match page.last() {
            Some(last) if page.len() == BATCH as usize => {
                cursor = Some(InboxCursor {
                    received_at: last.received_at,
                    id: last.id,
                })
            }
            _ => return Ok(()),
        }
    }
}
