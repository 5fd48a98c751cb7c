//! Cairn: a co-production platform. This crate is compiled twice: with `ssr` into the server, and with
//! `hydrate` into the small WebAssembly module that wakes up the page's islands.
//!
//! This file holds the HTML shell and the routes; everything else lives in its feature's folder.
#![recursion_limit = "256"]

pub mod actions;
pub mod audit;
pub mod auth;
pub mod collect;
#[cfg(feature = "ssr")]
pub mod context;
pub mod conversations;
pub mod domain;
pub mod error;
#[cfg(feature = "ssr")]
pub mod export;
pub mod inbox;
pub mod keys;
pub mod languages;
pub mod notice;
pub mod people;
pub mod reports;
pub mod share;
pub mod sync;
pub mod text;
pub mod ui;

#[cfg(feature = "hydrate")]
pub mod browser;
#[cfg(feature = "ssr")]
pub mod store;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};
use text::w;

pub fn shell(options: LeptosOptions) -> impl IntoView {
    let lang = text::lang();
    view! {
        <!DOCTYPE html>
        <html lang=lang.code() dir=lang.dir()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <link rel="manifest" href="/manifest.webmanifest"/>
                <link rel="apple-touch-icon" href="/icon-192.png"/>
                <meta name="theme-color" content="#1d4f46"/>
                <HashedStylesheet options=options.clone() id="leptos"/>
                <HydrationScripts options islands=true/>
                <MetaTags/>
            </head>
            <body>
                <App/>
                // The service worker keeps participant pages and the field form working offline.
                <script nonce=leptos::nonce::use_nonce() inner_html=REGISTER_WORKER></script>
            </body>
        </html>
    }
}

const REGISTER_WORKER: &str = r#"if ("serviceWorker" in navigator) addEventListener("load", function () { navigator.serviceWorker.register("/sw.js").catch(function () {}); });"#;

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // On staff pages the skip link jumps past the staff bar too, to the `#content` mark after it.
    #[cfg(feature = "ssr")]
    let path = use_context::<axum::http::request::Parts>()
        .map(|p| p.uri.path().to_string())
        .unwrap_or_default();
    #[cfg(not(feature = "ssr"))]
    let path = String::new();
    let skip = if share::has_staff_bar(&path) {
        "#content"
    } else {
        "#main"
    };
    view! {
        <a class="skip-link" href=skip>{w("skip-to-content")}</a>
        <Router>
            <SiteHeader/>
            <main id="main" class="page" tabindex="-1">
                <Routes fallback=|| view! { <ui::ErrorPage error=error::AppError::NotFound/> }>
                    <Route path=path!("/") view=share::HomePage ssr=SsrMode::Async/>
                    <Route path=path!("/c/:id") view=share::AboutPage ssr=SsrMode::Async/>
                    <Route path=path!("/c/:id/answer") view=share::AnswerPage ssr=SsrMode::Async/>
                    <Route path=path!("/receipt") view=share::LookupPage ssr=SsrMode::Async/>
                    <Route path=path!("/receipt/:code") view=share::ReceiptPage ssr=SsrMode::Async/>
                    <Route path=path!("/receipt/:code/withdraw") view=share::WithdrawPage ssr=SsrMode::Async/>
                    <Route path=path!("/you-said-we-did") view=actions::PublicPage ssr=SsrMode::Async/>
                    <Route path=path!("/collect") view=collect::CollectPage ssr=SsrMode::Async/>
                    <Route path=path!("/collect/:id") view=collect::FieldPage ssr=SsrMode::Async/>
                    <Route path=path!("/signin") view=auth::SignInPage ssr=SsrMode::Async/>
                    <Route path=path!("/setup/:token") view=auth::SetupPage ssr=SsrMode::Async/>
                    <Route path=path!("/inbox") view=inbox::InboxPage ssr=SsrMode::Async/>
                    <Route path=path!("/inbox/:id") view=inbox::SubmissionPage ssr=SsrMode::Async/>
                    <Route path=path!("/themes") view=inbox::ThemesPage ssr=SsrMode::Async/>
                    <Route path=path!("/actions") view=actions::ActionsPage ssr=SsrMode::Async/>
                    <Route path=path!("/actions/:id") view=actions::ActionPage ssr=SsrMode::Async/>
                    <Route path=path!("/actions/:id/translate/:lang") view=actions::TranslatePage ssr=SsrMode::Async/>
                    <Route path=path!("/conversations") view=conversations::ConversationsPage ssr=SsrMode::Async/>
                    <Route path=path!("/conversations/:id") view=conversations::ConversationEditPage ssr=SsrMode::Async/>
                    <Route path=path!("/conversations/:id/preview") view=conversations::ConversationPreviewPage ssr=SsrMode::Async/>
                    <Route path=path!("/conversations/:id/translate/:lang") view=conversations::TranslatePage ssr=SsrMode::Async/>
                    <Route path=path!("/safeguarding") view=inbox::SafeguardingPage ssr=SsrMode::Async/>
                    <Route path=path!("/people") view=people::PeoplePage ssr=SsrMode::Async/>
                    <Route path=path!("/account") view=people::AccountPage ssr=SsrMode::Async/>
                    <Route path=path!("/audit") view=audit::AuditPage ssr=SsrMode::Async/>
                    <Route path=path!("/reports") view=reports::ReportsPage ssr=SsrMode::Async/>
                    <Route path=path!("/reports/board") view=reports::BoardPackPage ssr=SsrMode::Async/>
                    <Route path=path!("/retention") view=reports::retention::RetentionPage ssr=SsrMode::Async/>
                    <Route path=path!("/reach") view=reports::reach::ReachPage ssr=SsrMode::Async/>
                    <Route path=path!("/reach/:id/translate/:lang") view=reports::reach_translate::TranslatePage ssr=SsrMode::Async/>
                </Routes>
            </main>
        </Router>
    }
}

/// The site's name, and on participant pages the way to leave quickly.
#[component]
fn SiteHeader() -> impl IntoView {
    let path = leptos_router::hooks::use_location()
        .pathname
        .get_untracked();
    let participant = !share::is_staff_page(&path);
    view! {
        <header class="site-header" class:site-header-leave=participant>
            <a class="site-name" href=text::href("/")>{w("site-name")}</a>
            {participant.then(|| view! { <share::SharedDevice/><share::LeaveButton/> })}
        </header>
        {participant.then(|| view! { <Languages path/> })}
    }
}

/// The language chooser on participant pages: this page in each language, each named in itself. English
/// goes through `/en/…`, which the server remembers and answers with the page's plain address.
#[component]
fn Languages(path: String) -> impl IntoView {
    let current = text::lang();
    view! {
        <nav class="languages" aria-label=w("language")>
            <ul>
                {domain::Lang::ALL.into_iter().map(|l| {
                    let href = match l {
                        domain::Lang::En => format!("/en{path}"),
                        _ => l.href(&path),
                    };
                    view! {
                        <li>
                            <a href=href lang=l.code() hreflang=l.code()
                                aria-current=(l == current).then_some("page")>{l.own_name()}</a>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </nav>
    }
}

/// The browser's entry point: wakes up the islands on the page, and nothing else.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    leptos::mount::hydrate_islands();
}
