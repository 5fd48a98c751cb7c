//! SQLite: the embedded default. One file, WAL mode, created on first run. Times are stored as RFC 3339
//! text in UTC with microseconds, so text order is time order; ids as hyphenated text.

use super::sql;
use super::submissions::{self, NewRow, Writer};
use super::{
    db, receipt, ConversationRow, CredentialsRow, InboxRow, PoolSettings, QuestionRow, UserRow,
};
use app::domain::{Conversation, Email, ReceiptCode, Role, User};
use app::store::{InboxCursor, InboxEntry, InsertOutcome, StoreError, SubmissionRecord};
use chrono::{DateTime, Utc};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{QueryBuilder, Sqlite, SqliteConnection, SqlitePool};
use std::str::FromStr;
use std::time::Duration;
use uuid::fmt::Hyphenated;
use uuid::Uuid;

pub struct SqliteStore {
    pool: SqlitePool,
}

impl SqliteStore {
    pub async fn connect(url: &str, settings: PoolSettings) -> Result<Self, StoreError> {
        let options = SqliteConnectOptions::from_str(url)
            .map_err(db)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // WAL with NORMAL is durable across application crashes; only an OS crash can lose the
            // last transactions, which the clients' outboxes then resend.
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(Duration::from_secs(10))
            .foreign_keys(true)
            // Deleted words are overwritten in the file, not just unlinked (withdrawal, retention).
            .pragma("secure_delete", "ON");
        if let Some(dir) = options.get_filename().parent() {
            if !dir.as_os_str().is_empty() {
                std::fs::create_dir_all(dir)
                    .map_err(|e| StoreError::Backend(format!("creating {dir:?}: {e}")))?;
            }
        }
        let pool = SqlitePoolOptions::new()
            .max_connections(settings.max_connections)
            .acquire_timeout(settings.acquire_timeout)
            .connect_with(options)
            .await
            .map_err(db)?;
        sqlx::migrate!("./migrations/sqlite")
            .run(&pool)
            .await
            .map_err(|e| StoreError::Backend(format!("migrations: {e}")))?;
        Ok(SqliteStore { pool })
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }
}

/// Times as SQLite stores them.
pub(crate) fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

/// Ids as SQLite stores them: hyphenated text, so text order is UUID order.
fn id_text(id: Uuid) -> String {
    id.hyphenated().to_string()
}

/// The few SQL expressions where SQLite and PostgreSQL differ (reports).
mod dialect {
    /// A submission's UTC day, `YYYY-MM-DD` (times are RFC 3339 text in UTC).
    pub const DAY: &str = "substr(s.received_at, 1, 10)";
    /// Every 1–5 scale answer, counted by value; `report_scope` and `SCALES_TAIL` follow.
    pub const SCALES: &str =
        "SELECT CAST(json_extract(j.value, '$.value.scale') AS INTEGER) AS n, COUNT(*)
         FROM submissions s, json_each(s.answers) j";
    pub const SCALES_TAIL: &str =
        " AND json_extract(j.value, '$.value.scale') IS NOT NULL GROUP BY n";
    /// Days from a submission arriving to its first link, grouped by submission.
    pub const DAYS_TO_ACTION: &str = "julianday(MIN(l.linked_at)) - julianday(s.received_at)";
}

impl_store!(
    SqliteStore,
    SqliteWriter,
    Sqlite,
    SqliteConnection,
    id: id_text,
    stored_id: Hyphenated,
    time: stamp,
    dialect: dialect,
);
