//! What every server function reaches through Leptos context: the store, the settings and the backup
//! news. Server only.

use crate::store::Store;
use std::sync::Arc;

/// Settings the app needs at run time (the server reads them from its configuration).
#[derive(Clone, Debug)]
pub struct Settings {
    pub secure_cookies: bool,
    /// How long a staff sign-in lasts.
    pub session_minutes: i64,
    /// Where "Leave this page" goes (`CAIRN_LEAVE_URL`).
    pub leave_url: String,
}

/// What server functions reach through context.
#[derive(Clone)]
pub struct Ctx {
    pub store: Arc<dyn Store>,
    pub settings: Arc<Settings>,
    /// The daily backup's latest news; holds `None` when backups are not set up here.
    pub backups: Arc<std::sync::RwLock<Option<crate::domain::BackupStatus>>>,
}

impl Ctx {
    /// The context provided by the server for every request.
    pub fn get() -> Result<Ctx, crate::error::AppError> {
        leptos::prelude::use_context::<Ctx>().ok_or_else(|| {
            tracing::error!("Ctx missing from context");
            crate::error::AppError::Internal
        })
    }
}
