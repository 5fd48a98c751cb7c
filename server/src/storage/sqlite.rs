//! SQLite: the embedded default. One file, WAL mode, created on first run. Times are stored as RFC 3339
//! text in UTC with microseconds, so text order is time order; ids as hyphenated text.

use super::insert::{self, NewRow, Writer};
use super::sql;
use super::{
    db, receipt, ConversationRow, CredentialsRow, InboxRow, PoolSettings, QuestionRow, UserRow,
};
use app::domain::{Conversation, Email, ReceiptCode, Role, User};
use app::domain::{InboxCursor, InboxEntry};
use app::store::{InsertOutcome, StoreError, SubmissionRecord};
use chrono::{DateTime, Utc};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{QueryBuilder, Sqlite, SqliteConnection, SqlitePool};
use std::str::FromStr;
use std::time::Duration;
use uuid::fmt::Hyphenated;
use uuid::Uuid;

pub struct SqliteStore {
    pool: SqlitePool,
    /// Held while the store lives, so `cairn restore` can tell the database is in use.
    _in_use: Option<std::fs::File>,
}

/// This binary's SQLite migrations; `cairn restore` compares a backup's with them.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

/// Whether a connection coming back to the pool may be lent again: only when it is outside any
/// transaction, as sqlx and SQLite both see it. Otherwise it is closed, which rolls back whatever is
/// open on it.
///
/// Why: on a full disk, `COMMIT` fails with SQLITE_FULL and SQLite rolls the transaction back by
/// itself. sqlx still counts the transaction as open (its depth only drops when COMMIT or ROLLBACK
/// succeeds), and the ROLLBACK it sends when the `Transaction` is dropped then fails ("no transaction
/// is active"), so the count stays at 1 and the connection went back to the pool. The next `begin()`
/// on it issued `SAVEPOINT` instead of `BEGIN`, and the next commit `RELEASE SAVEPOINT`. Once one
/// statement failed inside such a savepoint, its `ROLLBACK TO` left a real transaction open under
/// sqlx's count, and from then on every "commit" on that connection released a savepoint inside a
/// transaction that never committed: the API answered `accepted` for rows that lived only in that
/// open transaction (lost when the process stopped), and its write lock made every other
/// connection fail with "database is locked", long after the disk had space again.
fn still_clean(
    conn: &mut SqliteConnection,
) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<bool, sqlx::Error>> + Send + '_>> {
    Box::pin(still_clean_now(conn))
}

async fn still_clean_now(conn: &mut SqliteConnection) -> Result<bool, sqlx::Error> {
    use sqlx::{Connection, Executor};
    // A round trip first: a dropped transaction's ROLLBACK is queued on the connection's worker, and
    // the depth is only right once it has run.
    conn.ping().await?;
    if conn.is_in_transaction() {
        tracing::warn!("closing a database connection left inside a transaction");
        return Ok(false);
    }
    // SQLite's own view: BEGIN fails inside a transaction. A deferred BEGIN + COMMIT with nothing in
    // between takes no lock and touches no file.
    if let Err(e) = conn.execute("BEGIN; COMMIT").await {
        tracing::warn!(error = %e, "closing a database connection SQLite still holds a transaction on");
        return Ok(false);
    }
    Ok(true)
}

impl SqliteStore {
    pub async fn connect(url: &str, settings: PoolSettings) -> Result<Self, StoreError> {
        let options = SqliteConnectOptions::from_str(url)
            .map_err(db)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // FULL: each commit reaches the disk before the server answers. NORMAL would skip that
            // sync, and a power cut or an OS crash could then lose transactions already acknowledged,
            // which phones have deleted from their outboxes: nobody would ever resend them. It would
            // also let a write error that the file system reports only at sync time pass unseen.
            .synchronous(SqliteSynchronous::Full)
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
        let in_use = super::in_use::lock_in_use(options.get_filename());
        let pool = SqlitePoolOptions::new()
            .max_connections(settings.max_connections)
            .acquire_timeout(settings.acquire_timeout)
            .after_release(|conn, _| still_clean(conn))
            .connect_with(options)
            .await
            .map_err(db)?;
        MIGRATOR
            .run(&pool)
            .await
            .map_err(|e| StoreError::Backend(format!("migrations: {e}")))?;
        Ok(SqliteStore {
            pool,
            _in_use: in_use,
        })
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
