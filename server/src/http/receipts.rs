//! Receipt codes from the outside: looking one up, taking answers back, and the limit on wrong codes.
//!
//! A receipt code is the only key to someone's answers, so guessing must not pay: each client (by
//! address) may get `MAX_MISSES` "no such code" answers in `WINDOW`; after that every receipt request
//! from it gets a kind "please wait" page (429) until the window has passed. People checking their own
//! code never meet the limit. With several servers each keeps its own count, so the limit is per server.

use super::AppState;
use axum::extract::{ConnectInfo, Path, Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub const MAX_MISSES: u32 = 10;
pub const WINDOW: Duration = Duration::from_secs(10 * 60);
/// Beyond this many clients tracked, expired ones are dropped (memory stays bounded).
const MAX_TRACKED: usize = 10_000;

/// Wrong receipt codes per client.
#[derive(Default)]
pub struct ReceiptLimiter {
    misses: Mutex<HashMap<String, (Instant, u32)>>,
}

impl ReceiptLimiter {
    fn blocked(&self, client: &str, now: Instant) -> bool {
        let misses = self.misses.lock().unwrap_or_else(|e| e.into_inner());
        misses
            .get(client)
            .is_some_and(|(since, n)| now.duration_since(*since) < WINDOW && *n >= MAX_MISSES)
    }

    fn miss(&self, client: &str, now: Instant) {
        let mut misses = self.misses.lock().unwrap_or_else(|e| e.into_inner());
        if misses.len() >= MAX_TRACKED {
            misses.retain(|_, (since, _)| now.duration_since(*since) < WINDOW);
        }
        let entry = misses.entry(client.to_string()).or_insert((now, 0));
        if now.duration_since(entry.0) >= WINDOW {
            *entry = (now, 0);
        }
        entry.1 += 1;
    }
}

/// Requests that look up a receipt code: its page, its confirmation, taking it back, the server function.
fn is_receipt_request(method: &Method, path: &str) -> bool {
    (path.starts_with("/receipt/") && path != "/receipt/go")
        || (method == Method::POST && path == "/api/fn/receipt")
}

/// Who is asking: the address the connection came from, or, behind a proxy that says so
/// (`CAIRN_CLIENT_IP_HEADER`), the last address that proxy put in that header.
fn client(state: &AppState, headers: &HeaderMap, peer: Option<SocketAddr>) -> String {
    if let Some(name) = &state.client_ip_header {
        if let Some(last) = headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .map(str::trim)
            .filter(|v| !v.is_empty())
        {
            return last.to_string();
        }
    }
    peer.map(|p| p.ip().to_string()).unwrap_or_default()
}

/// Middleware: refuses receipt requests from a client over the limit, and counts its misses.
pub async fn limit(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if !is_receipt_request(req.method(), req.uri().path()) {
        return next.run(req).await;
    }
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0);
    let who = client(&state, req.headers(), peer);
    let now = Instant::now();
    if state.receipts.blocked(&who, now) {
        return too_many();
    }
    let res = next.run(req).await;
    if res.status() == StatusCode::NOT_FOUND {
        state.receipts.miss(&who, now);
    }
    res
}

fn too_many() -> Response {
    let page = format!(
        r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Please wait a few minutes</title></head><body><main><h1>Please wait a few minutes</h1><p>There were many tries with receipt codes that do not match.</p><p>Please wait {} minutes, then try again. If you lost your code, a member of staff can help.</p><p><a href="/">Back to the start</a></p></main></body></html>"#,
        WINDOW.as_secs() / 60
    );
    let mut res = (StatusCode::TOO_MANY_REQUESTS, Html(page)).into_response();
    res.headers_mut().insert(
        header::RETRY_AFTER,
        HeaderValue::from_str(&WINDOW.as_secs().to_string())
            .unwrap_or(HeaderValue::from_static("600")),
    );
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
    fn misses_block_only_that_client_and_only_for_the_window() {
        let limiter = ReceiptLimiter::default();
        let start = Instant::now();
        for _ in 0..MAX_MISSES {
            assert!(!limiter.blocked("a", start));
            limiter.miss("a", start);
        }
        assert!(limiter.blocked("a", start));
        assert!(!limiter.blocked("b", start));
        assert!(!limiter.blocked("a", start + WINDOW));
        limiter.miss("a", start + WINDOW);
        assert!(
            !limiter.blocked("a", start + WINDOW),
            "a new window starts from one miss"
        );
    }

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
