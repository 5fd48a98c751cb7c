//! Receipt codes from the outside: looking one up, taking answers back, and the limit on wrong codes.
//!
//! A receipt code is the only key to someone's answers, so guessing must not pay: each client (by
//! address) may get `MAX_MISSES` "no such code" answers in `WINDOW`; after that every receipt request
//! from it gets a kind "please wait" page (429) until the window has passed. People checking their own
//! code never meet the limit. With several servers each keeps its own count, so the limit is per server.

use super::limit::{client_key, please_wait, Failures};
use super::AppState;
use axum::extract::{ConnectInfo, Path, Query, Request, State};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

pub const MAX_MISSES: u32 = 10;
pub const WINDOW: Duration = Duration::from_secs(10 * 60);
/// At most this many clients are tracked; beyond it the oldest are forgotten (memory stays bounded).
const MAX_TRACKED: usize = 100_000;

/// Wrong receipt codes per client.
pub struct ReceiptLimiter(Failures);

impl Default for ReceiptLimiter {
    fn default() -> Self {
        ReceiptLimiter(Failures::new(MAX_MISSES, WINDOW, MAX_TRACKED))
    }
}

/// Requests that look up a receipt code: its page, its confirmation, taking it back, the server function.
fn is_receipt_request(method: &Method, path: &str) -> bool {
    (path.starts_with("/receipt/") && path != "/receipt/go")
        || (method == Method::POST && path == "/api/fn/receipt")
}

/// Middleware: counts each receipt request as a miss before it is answered (so a burst sent at once is
/// held to the limit too), gives the try back when the code was found, and refuses clients over the limit.
pub async fn limit(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if !is_receipt_request(req.method(), req.uri().path()) {
        return next.run(req).await;
    }
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0);
    let who = client_key(state.client_ip_header.as_ref(), req.headers(), peer);
    if let Err(wait) = state.receipts.0.take(&[who.as_str()], Instant::now()) {
        return please_wait(
            wait,
            "There were many tries with receipt codes that do not match.",
        );
    }
    let res = next.run(req).await;
    if res.status() != StatusCode::NOT_FOUND {
        state.receipts.0.refund(&[who.as_str()]);
    }
    res
}

#[derive(Deserialize)]
pub struct Lookup {
    #[serde(default)]
    code: String,
}

/// `GET /receipt/go?code=…`: from the lookup form to the code's page (any case, with or without the dash).
pub async fn go(Query(q): Query<Lookup>) -> Response {
    match app::domain::ReceiptCode::parse(&q.code) {
        Some(code) => Redirect::to(&format!("/receipt/{code}")).into_response(),
        None => Redirect::to("/receipt?error=code").into_response(),
    }
}

/// `POST /receipt/{code}/withdraw`: takes the answers back, then shows the receipt page (which says
/// they are deleted, or that there is no such code).
pub async fn withdraw(State(state): State<AppState>, Path(code): Path<String>) -> Response {
    let shown = app::domain::ReceiptCode::parse(&code)
        .map(|c| c.to_string())
        .unwrap_or(code);
    match app::share::withdraw(&state.ctx, &shown).await {
        Ok(()) => Redirect::to(&format!("/receipt/{shown}")).into_response(),
        Err(app::error::AppError::NotFound) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "withdrawal failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                "Please try again in a minute.",
            )
                .into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_receipt_requests_are_limited() {
        assert!(is_receipt_request(&Method::GET, "/receipt/ABCD-2345"));
        assert!(is_receipt_request(
            &Method::POST,
            "/receipt/ABCD-2345/withdraw"
        ));
        assert!(is_receipt_request(&Method::POST, "/api/fn/receipt"));
        assert!(!is_receipt_request(&Method::GET, "/receipt/go"));
        assert!(!is_receipt_request(&Method::GET, "/receipt"));
        assert!(!is_receipt_request(&Method::GET, "/inbox"));
    }
}
