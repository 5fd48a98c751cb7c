//! Plain pages the server answers with when it cannot draw the app's own (too many tries, busy, down):
//! readable with no JavaScript or CSS, in the language of the address, and, for participants, with the
//! same ways out as every participant page: "Leave this page" first, and back to the start.

use app::domain::Lang;
use app::text::{tr, tr_n};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use std::time::Duration;

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A page with a heading and paragraphs; `leave` is the everyday site participants leave to.
fn page(
    lang: Lang,
    status: StatusCode,
    title: &str,
    paragraphs: &[String],
    leave: Option<&str>,
) -> Response {
    page_with(lang, status, title, paragraphs, "", leave)
}

fn page_with(
    lang: Lang,
    status: StatusCode,
    title: &str,
    paragraphs: &[String],
    extra: &str,
    leave: Option<&str>,
) -> Response {
    let leave = leave
        .map(|url| {
            format!(
                r#"<p><a href="{}" rel="noreferrer">{}</a></p>"#,
                escape(url),
                escape(&tr(lang, "leave"))
            )
        })
        .unwrap_or_default();
    let body: String = paragraphs
        .iter()
        .map(|p| format!("<p>{}</p>", escape(p)))
        .collect();
    let html = format!(
        r#"<!DOCTYPE html><html lang="{code}" dir="{dir}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{title}</title></head><body><header>{leave}</header><main><h1>{title}</h1>{body}{extra}<p><a href="{home}">{back}</a></p></main></body></html>"#,
        code = lang.code(),
        dir = lang.dir(),
        title = escape(title),
        home = lang.href("/"),
        back = escape(&tr(lang, "back-home")),
    );
    (status, Html(html)).into_response()
}

fn retry_after(mut res: Response, seconds: u64) -> Response {
    if let Ok(v) = HeaderValue::from_str(&seconds.max(1).to_string()) {
        res.headers_mut().insert(header::RETRY_AFTER, v);
    }
    res
}

/// "Please wait a few minutes" (429) with `Retry-After`: `why` is the id of the words that say why.
pub fn please_wait(lang: Lang, wait: Duration, why: &str, leave: Option<&str>) -> Response {
    let minutes = wait.as_secs().div_ceil(60).max(1) as usize;
    let res = page(
        lang,
        StatusCode::TOO_MANY_REQUESTS,
        &tr(lang, "wait-title"),
        &[
            tr(lang, why),
            tr_n(lang, "wait-minutes", minutes),
            tr(lang, "wait-help"),
        ],
        leave,
    );
    retry_after(res, wait.as_secs())
}

/// "Cairn is very busy" (503) with `Retry-After`, when no core is free for a password check.
pub fn busy() -> Response {
    let lang = Lang::En;
    let res = page(
        lang,
        StatusCode::SERVICE_UNAVAILABLE,
        &tr(lang, "busy-title"),
        &[tr(lang, "problem-busy")],
        None,
    );
    retry_after(res, 5)
}

/// "Something went wrong on our side" (503) with `Retry-After`, for a participant whose change could not
/// be made now (the database is away).
pub fn unavailable(lang: Lang, leave: Option<&str>) -> Response {
    let res = page(
        lang,
        StatusCode::SERVICE_UNAVAILABLE,
        &tr(lang, "error-summary-title"),
        &[tr(lang, "problem-internal")],
        leave,
    );
    retry_after(res, 30)
}

/// A participant's words given back when the no-JavaScript form could not be stored (the database is
/// away: 503) or its conversation is gone (404): nothing they wrote is lost without them seeing it.
pub fn words_back(
    lang: Lang,
    stored_later: bool,
    words: &[String],
    leave: Option<&str>,
) -> Response {
    let (status, why) = if stored_later {
        (StatusCode::SERVICE_UNAVAILABLE, "error-not-sent")
    } else {
        (StatusCode::NOT_FOUND, "reject-unknown-conversation")
    };
    let quotes: String = words
        .iter()
        .map(|w| format!(r#"<blockquote dir="auto">{}</blockquote>"#, escape(w)))
        .collect();
    let mut res = page_with(
        lang,
        status,
        &tr(lang, "error-summary-title"),
        &[tr(lang, why), tr(lang, "rejected-copy")],
        &quotes,
        leave,
    );
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if stored_later {
        res = retry_after(res, 30);
    }
    res
}
