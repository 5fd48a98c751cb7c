//! Plain HTML form posts, so that the participant form, sign-in and setup work with no JavaScript or
//! WebAssembly at all. Each answers with a 303 redirect to a page (post/redirect/get), so a refresh never
//! posts twice.

use super::limit::{client_key, Failures};
use super::plain::{busy, please_wait};
use super::AppState;
use app::auth::{safe_next, session};
use app::domain::{Channel, Sender};
use app::error::AppError;
use app::sync::draft::{Draft, FIELD_ID};
use app::sync::ingest::ingest_for;
use app::sync::wire::ItemStatus;
use axum::extract::rejection::FormRejection;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use serde::Deserialize;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

/// Failed sign-ins allowed per client address, and per account, in `SIGN_IN_WINDOW`.
pub const SIGN_IN_TRIES: u32 = 10;
pub const SIGN_IN_WINDOW: Duration = Duration::from_secs(15 * 60);

/// The sign-in limiter: addresses and accounts share one bounded map (keys say which is which).
pub fn sign_in_limiter() -> Failures {
    Failures::new(SIGN_IN_TRIES, SIGN_IN_WINDOW, 100_000)
}

fn with_cookie(mut res: Response, cookie: String) -> Response {
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    res
}

fn query(key: &str, value: &str) -> String {
    serde_urlencoded::to_string([(key, value)]).unwrap_or_default()
}

/// `POST /send`: the participant form without JavaScript. Same parse and storage path as the sync API;
/// the answer is the receipt page itself, so its code is never in an address.
pub async fn send(
    State(state): State<AppState>,
    parts: axum::http::request::Parts,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Response {
    let lang = super::language::lang_of(&parts.extensions);
    let start = || Redirect::to(&lang.href("/")).into_response();
    let Ok(Form(fields)) = form else {
        return start();
    };
    let field = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    let conversation_id = field("conversation_id").unwrap_or_default();
    // What they wrote, given back (only) when it cannot be kept now.
    let leave = Some(state.ctx.settings.leave_url.as_str());
    let words_back = |stored_later: bool| {
        let words: Vec<String> = fields
            .iter()
            .filter(|(k, v)| k.starts_with("a.") && !v.trim().is_empty())
            .map(|(_, v)| v.clone())
            .collect();
        super::plain::words_back(lang, stored_later, &words, leave)
    };
    let conversations = match state.ctx.store.conversations().await {
        Ok(c) => c,
        Err(e) => {
            tracing::error!(error = %e, "form send: storage unavailable");
            return words_back(true);
        }
    };
    let Some(conversation) = conversations.iter().find(|c| c.id == conversation_id) else {
        return words_back(false);
    };
    let back = |code: &str| {
        Redirect::to(&lang.href(&format!(
            "/c/{}/answer?{}",
            conversation.id,
            query("error", code)
        )))
        .into_response()
    };
    // The id was put in the form when it was shown, so a second press of Send is the same submission.
    let id = field(FIELD_ID)
        .filter(|id| uuid::Uuid::parse_str(id).is_ok())
        .unwrap_or_else(|| {
            uuid::Builder::from_random_bytes(rand::random())
                .into_uuid()
                .to_string()
        });
    let mut wire = Draft::from_form(&fields).to_wire(
        conversation,
        id,
        chrono::Utc::now().to_rfc3339(),
        Channel::OwnDevice,
    );
    wire.lang = Some(lang.code().to_string());
    let store = state.ctx.store.as_ref();
    match ingest_for(store, &conversations, &[wire], Sender::Anonymous, None).await {
        Ok(results) => match results.into_iter().next() {
            Some(r) if r.status != ItemStatus::Rejected => {
                // The receipt page is the answer to this post: its code is never in an address.
                let code = r.receipt.unwrap_or_default();
                super::receipts::show(&state, parts, &format!("/receipt/{code}")).await
            }
            Some(r) => {
                let code = r.error.and_then(|e| serde_json::to_value(e.code).ok());
                back(code.as_ref().and_then(|c| c.as_str()).unwrap_or("not_sent"))
            }
            None => back("not_sent"),
        },
        Err(e) => {
            tracing::error!(error = %e, "form send: storage failed");
            words_back(true)
        }
    }
}

#[derive(Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: Option<String>,
}

/// `POST /signin`. Each try counts against the client's address and the account typed (known or not,
/// the same) before the password is checked, and is given back when it works; past the limit the answer
/// is a plain "please wait" page.
pub async fn sign_in(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    form: Result<Form<SignInForm>, FormRejection>,
) -> Response {
    let Ok(Form(form)) = form else {
        return Redirect::to("/signin?error=wrong").into_response();
    };
    let address = format!(
        "address {}",
        client_key(state.client_ip_header.as_ref(), &headers, Some(peer))
    );
    let account: String = form.email.trim().to_lowercase().chars().take(254).collect();
    let account = format!("account {account}");
    let keys = [address.as_str(), account.as_str()];
    if let Err(wait) = state.sign_ins.take(&keys, Instant::now()) {
        return please_wait(app::domain::Lang::En, wait, "wait-sign-in", None);
    }
    let result = session::sign_in(&state.ctx, &form.email, &form.password).await;
    if !matches!(result, Err(AppError::Refused(_))) {
        state.sign_ins.refund(&keys);
    }
    match result {
        Ok((user, token)) => {
            // Without a page to go back to: coordinators start at the inbox, other staff in the field.
            let to = match form.next.as_deref() {
                None | Some("") if !user.role.allows(app::domain::Role::Coordinator) => {
                    "/collect".to_string()
                }
                next => safe_next(next),
            };
            with_cookie(
                Redirect::to(&to).into_response(),
                session::session_cookie(&token, &state.ctx),
            )
        }
        Err(AppError::Busy) => busy(),
        Err(e) => {
            let code = match e {
                AppError::Refused(_) => "wrong",
                _ => "unavailable",
            };
            // A mistyped password must not lose the page they were going back to.
            let mut to = format!("/signin?{}", query("error", code));
            if let Some(next) = form.next.as_deref().filter(|n| !n.is_empty()) {
                to.push_str(&format!("&{}", query("next", &safe_next(Some(next)))));
            }
            Redirect::to(&to).into_response()
        }
    }
}

/// `POST /signout`: ends the session in the database, not just in this browser.
#[derive(Deserialize)]
pub struct SignOutForm {
    /// `shared` when shared device mode was just switched on (the sign-in page then says so).
    #[serde(default)]
    then: String,
}

/// `POST /signout`: ends this device's staff session, if any. Also posted by a shared device's wipes,
/// and by switching shared device mode on.
pub async fn sign_out(
    State(state): State<AppState>,
    headers: HeaderMap,
    form: Result<Form<SignOutForm>, FormRejection>,
) -> Response {
    if let Err(e) = session::sign_out(&state.ctx, &headers).await {
        tracing::error!(error = %e, "sign-out failed");
    }
    let to = match form {
        Ok(Form(f)) if f.then == "shared" => "/signin?signed_out=shared",
        _ => "/signin?signed_out=1",
    };
    with_cookie(
        Redirect::to(to).into_response(),
        session::clear_cookie(&state.ctx),
    )
}

#[derive(Deserialize)]
pub struct SetupForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
}

/// `POST /setup/{token}`: the first admin account, then straight into the inbox.
pub async fn setup(
    State(state): State<AppState>,
    Path(token): Path<String>,
    form: Result<Form<SetupForm>, FormRejection>,
) -> Response {
    let Ok(Form(form)) = form else {
        return Redirect::to("/signin").into_response();
    };
    match session::create_first_admin(&state.ctx, &token, &form.email, &form.password).await {
        Ok(_) => match session::sign_in(&state.ctx, &form.email, &form.password).await {
            Ok((_, t)) => with_cookie(
                Redirect::to("/inbox").into_response(),
                session::session_cookie(&t, &state.ctx),
            ),
            Err(_) => Redirect::to("/signin").into_response(),
        },
        Err(AppError::Busy) => busy(),
        Err(AppError::Refused(code)) => Redirect::to(&format!(
            "/setup/{}?{}",
            query_safe(&token),
            query("error", &code)
        ))
        .into_response(),
        Err(_) => Redirect::to("/signin").into_response(),
    }
}

/// Only URL-safe characters of a token go back into a Location header.
fn query_safe(token: &str) -> String {
    token
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}
