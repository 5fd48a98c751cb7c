//! The v1 sync API: a small, versioned JSON contract that old app versions cached on phones keep using
//! after upgrades. Every client mistake gets a 4xx with a JSON body; a database outage gets a 503 the
//! outbox will retry; nothing a client sends produces a 500.

use super::AppState;
use app::auth::session;
use app::domain::Sender;
use app::sync::ingest::ingest;
use app::sync::wire::{
    ApiError, ApiErrorBody, BatchResult, ConversationList, SubmissionBatch, MAX_BATCH,
};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;

pub fn error(status: StatusCode, code: &str, message: impl Into<String>) -> Response {
    let body = ApiError {
        error: ApiErrorBody {
            code: code.into(),
            message: message.into(),
        },
    };
    (status, Json(body)).into_response()
}

fn unavailable(e: impl std::fmt::Display) -> Response {
    tracing::error!(error = %e, "sync API could not reach storage");
    let mut res = error(
        StatusCode::SERVICE_UNAVAILABLE,
        "unavailable",
        "The server cannot store this right now. Try again later.",
    );
    res.headers_mut().insert(
        axum::http::header::RETRY_AFTER,
        axum::http::HeaderValue::from_static("30"),
    );
    res
}

/// The open conversations and their questions.
#[utoipa::path(
    get,
    path = "/api/v1/conversations",
    operation_id = "conversations",
    tag = "sync",
    responses(
        (status = 200, description = "The conversations open today.", body = ConversationList),
        (status = 503, description = "The database cannot be reached; try again after `Retry-After` seconds.",
            body = ApiError, headers(("Retry-After" = u32, description = "Seconds to wait before trying again"))),
    )
)]
pub async fn conversations(State(state): State<AppState>) -> Response {
    match state.ctx.store.conversations().await {
        Ok(list) => Json(ConversationList {
            conversations: {
                let today = chrono::Utc::now().date_naive();
                list.iter()
                    .filter(|c| c.accepting(today))
                    .map(Into::into)
                    .collect()
            },
        })
        .into_response(),
        Err(e) => unavailable(e),
    }
}

/// Stores each submission once per id and answers per item, in order. Any content type is read as JSON.
/// Staff signed in (session cookie) may send the staff channels.
#[utoipa::path(
    post,
    path = "/api/v1/submissions",
    operation_id = "submissions",
    tag = "sync",
    request_body = SubmissionBatch,
    responses(
        (status = 200, description = "One result per submission, in order: `accepted`, `duplicate` or `rejected` with a code.",
            body = BatchResult),
        (status = 400, description = "The body is not a submission batch (malformed JSON or wrong types).", body = ApiError),
        (status = 413, description = "More than 100 submissions, or a body over 1 MiB.", body = ApiError),
        (status = 503, description = "The database cannot be reached; the outbox tries again after `Retry-After` seconds.",
            body = ApiError, headers(("Retry-After" = u32, description = "Seconds to wait before trying again"))),
    )
)]
pub async fn submissions(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let body = match body {
        Ok(b) => b,
        Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return error(
                StatusCode::PAYLOAD_TOO_LARGE,
                "too_large",
                "The request body is larger than 1 MiB.",
            )
        }
        Err(rejection) => return error(StatusCode::BAD_REQUEST, "bad_body", rejection.body_text()),
    };
    let batch: SubmissionBatch = match serde_json::from_slice(&body) {
        Ok(b) => b,
        Err(e) => {
            return error(
                StatusCode::BAD_REQUEST,
                "malformed",
                format!("The body is not a submission batch: {e}"),
            )
        }
    };
    if batch.submissions.len() > MAX_BATCH {
        return error(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_many",
            format!("Send at most {MAX_BATCH} submissions in one request."),
        );
    }
    let user = match session::user_from(&state.ctx, &headers).await {
        Ok(u) => u,
        Err(e) => return unavailable(e),
    };
    let (sender, submitted_by) = match user {
        Some(u) => (Sender::Staff, Some(u.id)),
        None => (Sender::Anonymous, None),
    };
    match ingest(
        state.ctx.store.as_ref(),
        &batch.submissions,
        sender,
        submitted_by,
    )
    .await
    {
        Ok(results) => Json(BatchResult { results }).into_response(),
        Err(e) => unavailable(e),
    }
}

/// The v1 sync API as OpenAPI 3.1, derived from the wire types and the handlers above, so it cannot
/// drift from what the server does.
#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "Cairn sync API",
        version = "1",
        description = "Version 1 of the sync API. It only ever grows by optional fields."
    ),
    paths(conversations, submissions, super::health),
    tags((name = "sync", description = "What the offline outbox speaks")),
)]
pub struct ApiDoc;

/// `GET /api/v1/openapi.json`. Made once: the document never changes while the server runs.
pub async fn openapi() -> Response {
    static DOC: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let doc = DOC.get_or_init(|| {
        <ApiDoc as utoipa::OpenApi>::openapi()
            .to_json()
            .unwrap_or_default()
    });
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        doc.as_str(),
    )
        .into_response()
}
