//! Receipt codes from the outside: looking one up, taking answers back, and the limit on wrong codes.
//!
//! A code travels only in form posts: `POST /receipt` shows its page, `POST /receipt/withdraw` asks
//! "Take back your answers?", `POST /receipt/withdraw/confirm` takes them back. Each answers with the
//! page itself (`show`), rendered as if `/receipt/{code}` had been asked for, so the code is never in an
//! address the browser keeps in its history (the pages are `no-store`, too). The `GET` pages with the
//! code in the path still answer, for links written down before.
//!
//! A receipt code is the only key to someone's answers, so guessing must not pay: each client (by
//! address) may get `MAX_MISSES` "no such code" answers in `WINDOW`; after that every receipt request
//! from it gets a kind "please wait" page (429) until the window has passed. People checking their own
//! code never meet the limit. With several servers each keeps its own count, so the limit is per server.

use super::limit::{client_key, Failures};
use super::plain::please_wait;
use super::AppState;
use axum::body::Body;
use axum::extract::rejection::FormRejection;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::request::Parts;
use axum::http::{header, Method, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
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
    path.starts_with("/receipt/")
        || (method == Method::POST && (path == "/receipt" || path == "/api/fn/receipt"))
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
        let lang = super::language::lang_of(req.extensions());
        let leave = &state.ctx.settings.leave_url;
        return please_wait(lang, wait, "wait-receipts", Some(leave));
    }
    let res = next.run(req).await;
    if res.status() != StatusCode::NOT_FOUND {
        state.receipts.0.refund(&[who.as_str()]);
    }
    res
}

#[derive(Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
}

/// The code a form carried, as shown (any case, with or without the dash); `None` when it is not one.
fn code_of(form: Result<Form<CodeForm>, FormRejection>) -> Option<String> {
    let Form(f) = form.ok()?;
    app::domain::ReceiptCode::parse(&f.code).map(|c| c.to_string())
}

/// Answers a post with the participant page at `page` (a path that holds the code), rendered here as
/// a `GET` of that path would be: same headers, same nonce, same status (404 for no such code).
pub async fn show(state: &AppState, mut parts: Parts, page: &str) -> Response {
    parts.method = Method::GET;
    parts.uri = page
        .parse()
        .unwrap_or_else(|_| Uri::from_static("/receipt"));
    parts.headers.remove(header::CONTENT_TYPE);
    parts.headers.remove(header::CONTENT_LENGTH);
    let options = state.leptos.clone();
    let render = leptos_axum::render_app_async_with_context(
        super::page_context(state.ctx.clone()),
        move || app::shell(options.clone()),
    );
    render(Request::from_parts(parts, Body::empty())).await
}

/// The page at `/receipt/{code}{rest}` for the code a form carried, or back to the form when it is not a
/// code.
async fn show_code(
    state: &AppState,
    parts: Parts,
    form: Result<Form<CodeForm>, FormRejection>,
    rest: &str,
) -> Response {
    let back = super::language::lang_of(&parts.extensions).href("/receipt?error=code");
    match code_of(form) {
        Some(code) => show(state, parts, &format!("/receipt/{code}{rest}")).await,
        None => Redirect::to(&back).into_response(),
    }
}

/// `POST /receipt` (`code`): the code's page.
pub async fn lookup(
    State(state): State<AppState>,
    parts: Parts,
    form: Result<Form<CodeForm>, FormRejection>,
) -> Response {
    show_code(&state, parts, form, "").await
}

/// `POST /receipt/withdraw` (`code`): "Take back your answers?", with the code in its forms.
pub async fn confirm_withdraw(
    State(state): State<AppState>,
    parts: Parts,
    form: Result<Form<CodeForm>, FormRejection>,
) -> Response {
    show_code(&state, parts, form, "/withdraw").await
}

/// `POST /receipt/withdraw/confirm` (`code`): takes the answers back, then shows the receipt page (which
/// says they are deleted, or that there is no such code).
pub async fn withdraw(
    State(state): State<AppState>,
    parts: Parts,
    form: Result<Form<CodeForm>, FormRejection>,
) -> Response {
    let lang = super::language::lang_of(&parts.extensions);
    let Some(code) = code_of(form) else {
        return Redirect::to(&lang.href("/receipt?error=code")).into_response();
    };
    match app::share::withdraw(&state.ctx, &code).await {
        Ok(()) | Err(app::error::AppError::NotFound) => {
            show(&state, parts, &format!("/receipt/{code}")).await
        }
        Err(e) => {
            tracing::error!(error = %e, "withdrawal failed");
            super::plain::unavailable(lang, Some(&state.ctx.settings.leave_url))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_receipt_requests_are_limited() {
        assert!(is_receipt_request(&Method::GET, "/receipt/ABCD-2345"));
        assert!(is_receipt_request(&Method::POST, "/receipt"));
        assert!(is_receipt_request(&Method::POST, "/receipt/withdraw"));
        assert!(is_receipt_request(
            &Method::POST,
            "/receipt/withdraw/confirm"
        ));
        assert!(is_receipt_request(&Method::POST, "/api/fn/receipt"));
        assert!(!is_receipt_request(&Method::GET, "/receipt"));
        assert!(!is_receipt_request(&Method::GET, "/inbox"));
    }
}
