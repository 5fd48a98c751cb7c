//! Cairn's server: start-up, configuration, storage backends and the HTTP surface. No UI lives here;
//! pages come from the `app` crate.
#![recursion_limit = "256"]

pub mod backup;
pub mod config;
pub mod http;
pub mod jobs;
pub mod listen;
pub mod seed;
pub mod storage;

use app::context::{Ctx, Settings};
use config::Config;
use leptos::prelude::LeptosOptions;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::net::TcpListener;

/// Connects to the database (running migrations) and prepares what every request needs. While there are
/// no accounts it also returns a one-time setup token (already printed in the log).
pub async fn prepare(config: &Config) -> Result<(http::AppState, Option<String>), String> {
    let store = storage::connect(&config.database_url, config.pool)
        .await
        .map_err(|e| format!("database: {e}"))?;
    let users = store
        .count_users()
        .await
        .map_err(|e| format!("database: {e}"))?;
    let setup_token = if users == 0 {
        let (token, hash) = app::auth::session::new_token();
        store
            .add_setup_token(&hash)
            .await
            .map_err(|e| format!("database: {e}"))?;
        tracing::warn!(
            "No accounts yet. Create the first admin account here (the link works once): {}/setup/{}",
            config.public_url.trim_end_matches('/'),
            token
        );
        Some(token)
    } else {
        None
    };
    let settings = Settings {
        secure_cookies: config.secure_cookies,
        session_minutes: config.session_minutes,
        leave_url: config.leave_url.clone(),
    };
    let state = http::AppState {
        ctx: Ctx {
            store,
            settings: Arc::new(settings),
            backups: Default::default(),
        },
        leptos: leptos_options(config),
        receipts: Default::default(),
        sign_ins: Arc::new(http::sign_in_limiter()),
        public_origin: http::guard::origin_of(&config.public_url),
        client_ip_header: config.client_ip_header.clone(),
        service_worker: Arc::new(http::offline::worker(&config.site_root, &config.leave_url)),
    };
    if let Some(dir) = &config.backup_dir {
        if backup::sqlite_file(&config.database_url).is_some() {
            backup::spawn_daily(
                config.database_url.clone(),
                dir.clone(),
                config.backup_keep,
                state.ctx.backups.clone(),
            );
        } else {
            tracing::warn!(
                "CAIRN_BACKUP_DIR is set, but the database is PostgreSQL: back it up with pg_dump \
                 (see \"Backups and restoring\" in the README); no backups are made here"
            );
        }
    }
    Ok((state, setup_token))
}

fn leptos_options(config: &Config) -> LeptosOptions {
    // cargo-leptos writes hash.txt beside the binary when it hashes asset names. Test binaries have none,
    // and Leptos would panic looking for it, so hashing is on exactly when the file is there.
    let hashed = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join("hash.txt").exists()))
        .unwrap_or(false);
    LeptosOptions::builder()
        .output_name("cairn")
        .site_root(config.site_root.as_str())
        .site_pkg_dir("pkg")
        .site_addr(config.listen)
        .hash_files(hashed)
        .build()
}

/// Serves on `listener` until ctrl-c or SIGTERM.
pub async fn serve(state: http::AppState, listener: TcpListener) -> std::io::Result<()> {
    jobs::spawn_daily(state.ctx.store.clone());
    let router = http::router(state);
    listen::run(listener, router, shutdown()).await
}

/// A server running in the background, as the HTTP tests and benchmarks use it.
pub struct Spawned {
    pub addr: SocketAddr,
    /// The first-admin setup token, while there are no accounts.
    pub setup_token: Option<String>,
}

/// Binds (port 0 picks a free port), serves in the background and says where.
pub async fn spawn(config: Config) -> Result<Spawned, String> {
    let (state, setup_token) = prepare(&config).await?;
    let listener = TcpListener::bind(config.listen)
        .await
        .map_err(|e| format!("bind {}: {e}", config.listen))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    tokio::spawn(async move {
        if let Err(e) = serve(state, listener).await {
            tracing::error!(error = %e, "server stopped");
        }
    });
    Ok(Spawned { addr, setup_token })
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
