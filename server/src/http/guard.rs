//! The edge every request passes: cross-site posts refused, forms with too many fields refused, staff
//! pages closed to anyone not signed in, a time limit, and the headers a careful site sends (a
//! Content-Security-Policy with a fresh nonce per page, no caching of private pages, HSTS, a
//! Permissions-Policy).

use super::AppState;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};
use std::time::Duration;

/// A form may carry at most this many fields; more is refused before any other work.
pub const MAX_FORM_FIELDS: usize = 500;
/// Every request must be answered within this, or it gets a 503 (and a line in the log).
pub const REQUEST_TIME_LIMIT: Duration = Duration::from_secs(30);
/// The exports read every submission, so they get longer.
pub const EXPORT_TIME_LIMIT: Duration = Duration::from_secs(300);

/// The nonce of this request's page, for its own inline scripts (`leptos::nonce`).
#[derive(Clone)]
pub struct CspNonce(pub String);

/// A small plain page with a status, for refusals that happen before the app is reached.
fn plain(status: StatusCode, title: &str, body: &str) -> Response {
    let page = format!(
        r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{title}</title></head><body><main><h1>{title}</h1><p>{body}</p><p><a href="/">Back to the start</a></p></main></body></html>"#
    );
    (status, Html(page)).into_response()
}

/// The origin a request is meant for: `scheme://host[:port]`, lower case.
pub fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let host = rest.split(['/', '?', '#']).next()?;
    (!host.is_empty()).then(|| format!("{}://{}", scheme, host).to_ascii_lowercase())
}

/// Whether a state-changing request comes from another site. Browsers say where a request comes from
/// in `Origin` (or, older ones, only in `Sec-Fetch-Site`); clients that say neither (curl, outboxes on
/// old browsers, the tests) are not browsers acting for someone else, so they pass.
pub fn is_cross_site(headers: &HeaderMap, public_origin: Option<&str>) -> bool {
    let text = |name: HeaderName| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(origin) = headers.get(header::ORIGIN) {
        let Some(origin) = origin.to_str().ok().and_then(origin_of) else {
            return true; // "null" (sandboxed frames, some redirects) or unreadable
        };
        if public_origin.is_some_and(|p| p == origin) {
            return false;
        }
        let authority = origin.split_once("://").map(|(_, a)| a);
        let host = text(header::HOST).map(str::to_ascii_lowercase);
        return authority.is_none() || authority != host.as_deref();
    }
    matches!(
        text(HeaderName::from_static("sec-fetch-site")),
        Some("cross-site") | Some("same-site")
    )
}

/// Middleware: refuses cross-site posts (forms, server functions, the API) with a plain 403.
pub async fn same_origin(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if !safe && is_cross_site(req.headers(), state.public_origin.as_deref()) {
        tracing::warn!(path = %req.uri().path(), "cross-site request refused");
        return plain(
            StatusCode::FORBIDDEN,
            "This request came from another website",
            "For your safety, Cairn only accepts forms sent from its own pages. Please open Cairn and try again.",
        );
    }
    next.run(req).await
}

/// Middleware: a form post with more than `MAX_FORM_FIELDS` fields is refused (413) before any handler
/// parses it. This covers every form route and server function at once.
pub async fn form_fields(req: Request, next: Next) -> Response {
    let is_form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, app::sync::wire::MAX_BODY_BYTES).await else {
        return plain(
            StatusCode::PAYLOAD_TOO_LARGE,
            "This form is too big",
            "Please send a shorter answer.",
        );
    };
    let fields = bytes
        .split(|b| *b == b'&')
        .filter(|f| !f.is_empty())
        .count();
    if fields > MAX_FORM_FIELDS {
        return plain(
            StatusCode::PAYLOAD_TOO_LARGE,
            "This form is too big",
            "This form has more parts than Cairn accepts.",
        );
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

/// Middleware: a staff page opened by someone not signed in goes straight to sign-in (303), and back
/// here after. The page itself still checks the role (`auth::require`).
pub async fn staff_pages(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let page = matches!(*req.method(), Method::GET | Method::HEAD)
        && app::auth::is_staff_page(req.uri().path())
        && !req.uri().path().starts_with("/api/");
    if page {
        if let Ok(None) = app::auth::session::user_from(&state.ctx, req.headers()).await {
            let here = req
                .uri()
                .path_and_query()
                .map(|p| p.as_str())
                .unwrap_or("/inbox");
            return Redirect::to(&super::staff::sign_in_then(here)).into_response();
        }
    }
    next.run(req).await
}

/// Middleware: answers 503 when a request takes longer than its limit, and logs it.
pub async fn time_limit(req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    let limit = if path.starts_with("/export/") {
        EXPORT_TIME_LIMIT
    } else {
        REQUEST_TIME_LIMIT
    };
    match tokio::time::timeout(limit, next.run(req)).await {
        Ok(res) => res,
        Err(_) => {
            tracing::error!(%path, seconds = limit.as_secs(), "request took too long and was stopped");
            let mut res = plain(
                StatusCode::SERVICE_UNAVAILABLE,
                "This is taking too long",
                "Please try again in a minute.",
            );
            res.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("60"));
            res
        }
    }
}

/// Pages and answers that may hold someone's words or a session: never kept by browsers or proxies.
fn is_private(path: &str) -> bool {
    app::auth::is_staff_page(path)
        || [
            "/receipt", "/send", "/api/", "/export/", "/signin", "/setup", "/signout",
        ]
        .iter()
        .any(|p| path.starts_with(p))
}

/// The Content-Security-Policy of a page whose inline scripts carry `nonce`.
pub fn csp(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self'; connect-src 'self'; object-src 'none'; \
         base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    )
}

/// Middleware: a fresh nonce for the page (the app's scripts read it from the request), and the
/// security headers on the way out.
pub async fn headers(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let nonce: String = rand::random::<[u8; 16]>()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    req.extensions_mut().insert(CspNonce(nonce.clone()));
    let private = is_private(req.uri().path());
    let mut res = next.run(req).await;
    protect(
        res.headers_mut(),
        &nonce,
        private,
        state.ctx.settings.secure_cookies,
    );
    res
}

/// The security headers for one response: the policy on HTML, `no-store` on private answers, the
/// Permissions-Policy on all, and HSTS when Cairn is served over HTTPS (`CAIRN_SECURE_COOKIES`).
fn protect(h: &mut HeaderMap, nonce: &str, private: bool, https: bool) {
    let html = h
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html"));
    if html {
        if let Ok(v) = HeaderValue::from_str(&csp(nonce)) {
            h.insert(header::CONTENT_SECURITY_POLICY, v);
        }
    }
    if private {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    h.insert(
        HeaderName::from_static("permissions-policy"),
        HeaderValue::from_static(
            "camera=(), microphone=(), geolocation=(), payment=(), usb=(), display-capture=()",
        ),
    );
    if https {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
    }
}

/// Gives this request's nonce to the page being rendered (called where Leptos provides context).
pub fn provide_nonce() {
    use leptos::prelude::{provide_context, use_context};
    let nonce = use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<CspNonce>().cloned());
    if let Some(CspNonce(n)) = nonce {
        provide_context(leptos::nonce::Nonce::from_value(n));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(HeaderName::from_static(k), HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn posts_from_other_sites_are_told_apart_from_our_own() {
        let own = headers(&[
            ("host", "cairn.example.org"),
            ("origin", "https://cairn.example.org"),
        ]);
        assert!(!is_cross_site(&own, None));
        let evil = headers(&[
            ("host", "cairn.example.org"),
            ("origin", "https://evil.example"),
        ]);
        assert!(is_cross_site(&evil, None));
        let null = headers(&[("host", "cairn.example.org"), ("origin", "null")]);
        assert!(is_cross_site(&null, None));
        // Behind a proxy that changes Host, the public address says who we are.
        let proxied = headers(&[
            ("host", "127.0.0.1:3000"),
            ("origin", "https://cairn.example.org"),
        ]);
        assert!(!is_cross_site(&proxied, Some("https://cairn.example.org")));
        assert!(is_cross_site(&proxied, None));
        let older = headers(&[
            ("host", "cairn.example.org"),
            ("sec-fetch-site", "cross-site"),
        ]);
        assert!(is_cross_site(&older, None));
        let sibling = headers(&[
            ("host", "cairn.example.org"),
            ("sec-fetch-site", "same-site"),
        ]);
        assert!(is_cross_site(&sibling, None));
        let same = headers(&[
            ("host", "cairn.example.org"),
            ("sec-fetch-site", "same-origin"),
        ]);
        assert!(!is_cross_site(&same, None));
        assert!(
            !is_cross_site(&headers(&[("host", "x")]), None),
            "curl and tests"
        );
    }

    #[test]
    fn hsts_is_sent_only_over_https_and_the_policy_only_on_pages() {
        let mut page = headers(&[("content-type", "text/html; charset=utf-8")]);
        protect(&mut page, "n", false, true);
        assert_eq!(page["strict-transport-security"], "max-age=31536000");
        assert!(page.contains_key("content-security-policy"));
        assert!(!page.contains_key("cache-control"));
        let mut data = headers(&[("content-type", "application/json")]);
        protect(&mut data, "n", true, false);
        assert!(!data.contains_key("strict-transport-security"));
        assert!(!data.contains_key("content-security-policy"));
        assert_eq!(data["cache-control"], "no-store");
        assert!(data["permissions-policy"]
            .to_str()
            .is_ok_and(|p| p.contains("camera=()")));
    }

    #[test]
    fn the_policy_allows_no_inline_script_without_the_nonce() {
        let p = csp("abc");
        assert!(p.contains("script-src 'self' 'nonce-abc' 'wasm-unsafe-eval';"));
        assert!(!p.contains("unsafe-inline"));
        for part in [
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
            "form-action 'self'",
        ] {
            assert!(p.contains(part), "{part}");
        }
    }
}
