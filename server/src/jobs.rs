//! The daily jobs: deleting words past their retention rule, expired sign-ins and spent setup links.
//! `cairn serve` runs them once a day (`spawn_daily`); `cairn purge` runs them once, for cron.

use app::store::{Store, StoreError};

/// Deletes expired words now; the daily job and `cairn purge` call this.
pub async fn purge(store: &dyn Store) -> Result<u64, StoreError> {
    let purged = store.purge_expired_text(chrono::Utc::now()).await?;
    for p in &purged {
        tracing::info!(
            conversation = %p.conversation,
            days = p.days,
            submissions = p.submissions,
            "deleted expired words"
        );
    }
    Ok(purged.iter().map(|p| p.submissions).sum())
}

/// How long a first-admin setup link printed in the log keeps working (until the daily job after
/// that); restarting a Cairn with no accounts prints a new one.
pub const SETUP_LINK_DAYS: i64 = 7;

/// Deletes expired sessions and spent setup links: they would never work again, and a database holding
/// fewer live secrets is a smaller prize. The daily job and `cairn purge` call this.
pub async fn housekeeping(store: &dyn Store) -> Result<(u64, u64), StoreError> {
    let now = chrono::Utc::now();
    let sessions = store.delete_expired_sessions(now).await?;
    let links = store
        .delete_spent_setup_links(now - chrono::Duration::days(SETUP_LINK_DAYS))
        .await?;
    tracing::info!(
        sessions,
        setup_links = links,
        "deleted expired sessions and spent setup links"
    );
    Ok((sessions, links))
}

/// Purges once a day while the server runs (first a minute after start). Several servers may each
/// run it: a purge only ever finds what is left, so running twice deletes nothing twice.
pub fn spawn_daily(store: std::sync::Arc<dyn Store>) {
    tokio::spawn(async move {
        tokio::time::sleep(std::time::Duration::from_secs(60)).await;
        loop {
            if let Err(e) = purge(store.as_ref()).await {
                tracing::error!(error = %e, "daily purge of expired words failed; trying again tomorrow");
            }
            if let Err(e) = housekeeping(store.as_ref()).await {
                tracing::error!(error = %e, "daily clean-up of sessions and setup links failed; trying again tomorrow");
            }
            tokio::time::sleep(std::time::Duration::from_secs(24 * 60 * 60)).await;
        }
    });
}
