//! The language of a request. Participant pages in Polish and Arabic live under `/pl/…` and `/ar/…`;
//! English has no prefix, so old addresses keep working. This runs before routing: it takes the prefix off
//! (the routes and pages know one set of paths) and puts the language in the request's extensions, where
//! pages (`text::provide_lang`) and form handlers (`lang_of`) read it.
//!
//! A person's choice is remembered on their device in a cookie, without an account: opening a page in a
//! language (the chooser's links) sets it. A participant page asked for without a prefix is sent to the
//! remembered language, or on a first visit to the browser's language (`Accept-Language`) when Cairn has
//! it. `/en/…` is English chosen on purpose: it is remembered and answered with the plain address.

use app::domain::Lang;
use axum::extract::Request;
use axum::http::{header, HeaderValue, Method, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

/// The cookie that remembers a person's language on their device.
pub const COOKIE: &str = app::keys::LANG_COOKIE;

/// A year: a language choice outlives a session.
const REMEMBER_SECONDS: u32 = 365 * 24 * 60 * 60;

pub async fn prefix(mut req: Request, next: Next) -> Response {
    let reading = matches!(*req.method(), Method::GET | Method::HEAD);
    let (named, rest) = Lang::split_path(req.uri().path());
    let Some(lang) = named else {
        // A plain address: English, unless it is a participant's page and this person's language is
        // another, which then moves to that language's address. Only those pages look at the headers:
        // the sync API and static files pass straight through.
        if reading && app::share::is_participant_page(&rest) {
            let wanted = remembered(&req).or_else(|| browser_language(&req));
            if let Some(other) = wanted.filter(|l| *l != Lang::En) {
                return moved(&other.href(&rest), req.uri(), None);
            }
        }
        req.extensions_mut().insert(Lang::En);
        return next.run(req).await;
    };
    let rest = rest.into_owned();
    let rest = rest.as_str();
    let remembered = remembered(&req);
    let remember = (remembered != Some(lang)).then_some(lang);
    if lang == Lang::En {
        return moved(rest, req.uri(), remember);
    }
    // Staff pages are in English only: their one address is the plain one.
    if app::share::is_staff_page(rest) && reading {
        return moved(rest, req.uri(), None);
    }
    let mut parts = req.uri().clone().into_parts();
    let rewritten = match req.uri().query() {
        Some(q) => format!("{rest}?{q}"),
        None => rest.to_string(),
    };
    parts.path_and_query = rewritten.parse().ok();
    if let Ok(uri) = Uri::from_parts(parts) {
        *req.uri_mut() = uri;
    }
    req.extensions_mut().insert(lang);
    let mut res = next.run(req).await;
    if let Some(lang) = remember.filter(|_| reading) {
        if let Ok(v) = HeaderValue::from_str(&cookie(lang)) {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    res
}

/// A 303 to `to` (with the request's query), remembering `lang` when given. Which language a plain
/// address leads to depends on these headers, so caches must keep them apart.
fn moved(to: &str, uri: &Uri, remember: Option<Lang>) -> Response {
    let to = match uri.query() {
        Some(q) => format!("{to}?{q}"),
        None => to.to_string(),
    };
    let mut res = Redirect::to(&to).into_response();
    let headers = res.headers_mut();
    headers.insert(
        header::VARY,
        HeaderValue::from_static("Accept-Language, Cookie"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Some(v) = remember.and_then(|l| HeaderValue::from_str(&cookie(l)).ok()) {
        headers.append(header::SET_COOKIE, v);
    }
    res
}

fn cookie(lang: Lang) -> String {
    format!(
        "{COOKIE}={}; Path=/; Max-Age={REMEMBER_SECONDS}; SameSite=Lax",
        lang.code()
    )
}

/// The language this device chose before, from its cookie.
fn remembered(req: &Request) -> Option<Lang> {
    req.headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|c| c.trim().strip_prefix(COOKIE)?.strip_prefix('='))
        .and_then(Lang::from_code)
}

/// The first language of the browser's that Cairn has.
fn browser_language(req: &Request) -> Option<Lang> {
    let header = req.headers().get(header::ACCEPT_LANGUAGE)?.to_str().ok()?;
    // Sorted by the weights the browser gave; "pl-PL" is Polish.
    accept_language::parse(header.get(..512).unwrap_or(header))
        .iter()
        .find_map(|tag| Lang::from_code(tag.split('-').next().unwrap_or_default()))
}

/// The language a request was made in (its address's prefix), for the page or redirect that answers
/// it: pass the request's extensions (`parts.extensions`, `req.extensions()`).
pub fn lang_of(extensions: &axum::http::Extensions) -> Lang {
    extensions.get::<Lang>().copied().unwrap_or_default()
}
