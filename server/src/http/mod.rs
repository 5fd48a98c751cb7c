//! The HTTP surface: the v1 sync API, plain-HTML form handlers, the Leptos pages and server functions,
//! static files, compression, body limits and security headers.

mod actions;
mod api;
mod conversations;
mod export;
mod form;
mod forms;
pub mod guard;
pub mod language;
pub mod limit;
pub use forms::sign_in_limiter;
mod moderation;
pub mod offline;
mod people;
pub mod plain;
mod reach;
pub mod receipts;
pub mod retention;
mod staff;

use app::context::Ctx;
use axum::extract::{DefaultBodyLimit, FromRef};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::Router;
use leptos::prelude::LeptosOptions;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub ctx: Ctx,
    pub leptos: LeptosOptions,
    /// Wrong receipt codes per client (`receipts::limit`).
    pub receipts: std::sync::Arc<receipts::ReceiptLimiter>,
    /// Failed sign-ins per client address and per account (`forms::sign_in`).
    pub sign_ins: std::sync::Arc<limit::Failures>,
    /// `scheme://host[:port]` of `CAIRN_PUBLIC_URL`: requests from there are not cross-site.
    pub public_origin: Option<String>,
    /// The header a trusted proxy puts the client's address in (`CAIRN_CLIENT_IP_HEADER`).
    pub client_ip_header: Option<axum::http::HeaderName>,
    /// The service worker's source, made once at start-up (`offline::worker`).
    pub service_worker: std::sync::Arc<String>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(s: &AppState) -> Self {
        s.leptos.clone()
    }
}

/// Every route, behind the language prefix (`language::prefix`), which must run before routing.
pub fn router(state: AppState) -> Router {
    use tower::Layer;
    let routes = routes(state);
    Router::new().fallback_service(axum::middleware::from_fn(language::prefix).layer(routes))
}

/// What every page drawn by Leptos reaches through its context: the store and settings, the request's
/// nonce and its language. One list, for the routes, the not-found page and the pages answering posts.
pub fn page_context(ctx: Ctx) -> impl Fn() + Clone + Send + Sync + 'static {
    move || {
        leptos::prelude::provide_context(ctx.clone());
        guard::provide_nonce();
        app::text::provide_lang();
    }
}

fn routes(state: AppState) -> Router {
    let routes = generate_route_list(app::App);
    let provide = page_context(state.ctx.clone());
    let options = state.leptos.clone();
    let pkg_dir = format!("{}/{}", options.site_root, options.site_pkg_dir);

    // Hashed file names change with their content, so browsers may keep them for a year.
    let pkg = Router::new()
        .fallback_service(
            ServeDir::new(pkg_dir)
                .precompressed_br()
                .precompressed_gzip(),
        )
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=31536000, immutable"),
        ));

    Router::new()
        .route("/healthz", get(health))
        .route("/sw.js", get(offline::serve))
        .route("/api/v1/conversations", get(api::conversations))
        .route("/api/v1/submissions", post(api::submissions))
        .route("/api/v1/openapi.json", get(api::openapi))
        .route("/send", post(forms::send))
        .route("/receipt", post(receipts::lookup))
        .route("/receipt/withdraw", post(receipts::confirm_withdraw))
        .route("/receipt/withdraw/confirm", post(receipts::withdraw))
        .route("/signin", post(forms::sign_in))
        .route("/signout", post(forms::sign_out))
        .route("/setup/{token}", post(forms::setup))
        .route("/people", post(people::add))
        .route("/people/{id}/disable", post(people::disable))
        .route("/people/{id}/enable", post(people::enable))
        .route("/people/{id}/password", post(people::reset))
        .route("/account/password", post(people::change_own))
        .route("/inbox/{id}/status", post(moderation::status))
        .route("/inbox/{id}/redact", post(moderation::redact))
        .route("/inbox/{id}/unredact", post(moderation::unredact))
        .route("/inbox/{id}/themes", post(moderation::tag))
        .route("/inbox/{id}/themes/{theme}/remove", post(moderation::untag))
        .route("/inbox/{id}/safeguarding", post(moderation::flag))
        .route("/inbox/{id}/notes", post(moderation::note))
        .route("/conversations", post(conversations::create))
        .route("/conversations/{id}", post(conversations::save))
        .route("/conversations/{id}/open", post(conversations::open))
        .route(
            "/conversations/{id}/language",
            post(conversations::set_language),
        )
        .route(
            "/conversations/{id}/translate/{lang}",
            post(conversations::translate),
        )
        .route("/conversations/{id}/close", post(conversations::close))
        .route(
            "/conversations/{id}/questions",
            post(conversations::add_question),
        )
        .route(
            "/conversations/{id}/questions/{question}",
            post(conversations::edit_question),
        )
        .route(
            "/conversations/{id}/questions/{question}/move",
            post(conversations::move_question),
        )
        .route(
            "/conversations/{id}/questions/{question}/remove",
            post(conversations::remove_question),
        )
        .route("/export/submissions.csv", get(export::submissions_csv))
        .route("/export/submissions.json", get(export::submissions_json))
        .route("/retention", post(retention::set))
        .route("/export/reach.csv", get(reach::export))
        .route("/reach", post(reach::add))
        .route("/reach/{id}/remove", post(reach::remove))
        .route("/reach/{id}/population", post(reach::population))
        .route("/reach/{id}/language", post(reach::set_language))
        .route("/reach/{id}/translate/{lang}", post(reach::translate))
        .route("/actions", post(actions::create))
        .route("/actions/link", post(actions::link))
        .route("/actions/{id}", post(actions::save))
        .route("/actions/{id}/publish", post(actions::publish))
        .route("/actions/{id}/language", post(actions::set_language))
        .route("/actions/{id}/translate/{lang}", post(actions::translate))
        .route("/actions/{id}/unpublish", post(actions::unpublish))
        .route("/actions/{id}/updates", post(actions::add_update))
        .route(
            "/actions/{id}/submissions/{submission}/remove",
            post(actions::unlink),
        )
        .route("/themes", post(moderation::create_theme))
        .route("/themes/{id}/rename", post(moderation::rename_theme))
        .route("/themes/{id}/merge", post(moderation::merge_themes))
        .leptos_routes_with_context(&state, routes, provide.clone(), move || {
            app::shell(options.clone())
        })
        .nest("/pkg", pkg)
        // Public files (favicon, robots.txt), else the app's own "page not found" with a 404.
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(provide, app::shell))
        .layer(axum::middleware::from_fn(server_fn_status))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            receipts::limit,
        ))
        .layer(axum::middleware::from_fn(guard::time_limit))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            guard::staff_pages,
        ))
        .layer(axum::middleware::from_fn(guard::form_fields))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            guard::same_origin,
        ))
        .layer(DefaultBodyLimit::max(app::sync::wire::MAX_BODY_BYTES))
        .layer(CompressionLayer::new().br(true).gzip(true))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            guard::headers,
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        // Receipt codes travel in forms, not URLs; and no address of ours is told to another site.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .with_state(state)
}

/// 200 when the database answers, 503 with `Retry-After` when it does not (a load balancer or a monitor
/// then knows when to look again).
#[utoipa::path(
    get,
    path = "/healthz",
    operation_id = "health",
    tag = "sync",
    responses(
        (status = 200, description = "The database answers.", body = String, content_type = "text/plain",
            example = "ok"),
        (status = 503, description = "The database does not answer.", body = String, content_type = "text/plain",
            headers(("Retry-After" = u32, description = "Seconds to wait before looking again"))),
    )
)]
async fn health(axum::extract::State(state): axum::extract::State<AppState>) -> impl IntoResponse {
    match state.ctx.store.ping().await {
        Ok(()) => (StatusCode::OK, "ok").into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                [(header::RETRY_AFTER, "5")],
                "database unavailable",
            )
                .into_response()
        }
    }
}

/// Leptos answers every server-function error with a 500. A client's mistake is not a server fault, so
/// here, in one place, the status follows the error: 400 for bad input, 401, 403, 404 as they say.
async fn server_fn_status(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let is_server_fn = req.uri().path().starts_with("/api/fn/");
    let res = next.run(req).await;
    if !is_server_fn || res.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "error").into_response();
    };
    if let Ok(error) = serde_json::from_slice::<app::error::AppError>(&bytes) {
        parts.status =
            StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    }
    axum::response::Response::from_parts(parts, axum::body::Body::from(bytes))
}
