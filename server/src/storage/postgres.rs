//! PostgreSQL: for organisations on a managed database or running several Cairn servers. Native types
//! (`timestamptz`, `uuid`, `jsonb`); the SQL is shared with SQLite (`sql`), and so is the insert
//! algorithm (`submissions`).
//!
//! Several servers may share one database: sessions and setup tokens live in it, `INSERT … ON CONFLICT
//! DO NOTHING` makes a submission sent to two servers at once land once (the second insert waits for the
//! first to commit, then skips), and sqlx's migrator holds an advisory lock so servers starting together
//! run each migration once.

use super::insert::{self, NewRow, Writer};
use super::sql;
use super::{
    db, receipt, ConversationRow, CredentialsRow, InboxRow, PoolSettings, QuestionRow, UserRow,
};
use app::domain::{Conversation, Email, ReceiptCode, Role, User};
use app::domain::{InboxCursor, InboxEntry};
use app::store::{InsertOutcome, StoreError, SubmissionRecord};
use chrono::{DateTime, Utc};
use sqlx::migrate::MigrateDatabase;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{PgConnection, PgPool, Postgres, QueryBuilder};
use std::str::FromStr;
use uuid::Uuid;

/// No statement may hold a connection longer than this; a stuck one fails and the client retries.
const STATEMENT_TIMEOUT: &str = "30s";

pub struct PgStore {
    pool: PgPool,
}

impl PgStore {
    pub async fn connect(url: &str, settings: PoolSettings) -> Result<Self, StoreError> {
        create_database_if_missing(url).await?;
        let options = PgConnectOptions::from_str(url)
            .map_err(db)?
            .application_name("cairn")
            .options([("statement_timeout", STATEMENT_TIMEOUT)]);
        let pool = PgPoolOptions::new()
            .max_connections(settings.max_connections)
            .acquire_timeout(settings.acquire_timeout)
            .connect_with(options)
            .await
            .map_err(db)?;
        sqlx::migrate!("./migrations/postgres")
            .run(&pool)
            .await
            .map_err(|e| StoreError::Backend(format!("migrations: {e}")))?;
        Ok(PgStore { pool })
    }

    pub fn pool(&self) -> &PgPool {
        &self.pool
    }
}

/// Like SQLite's file, the database is created on first run when the account may create databases.
/// Servers starting together may race to create it; losing that race is fine.
async fn create_database_if_missing(url: &str) -> Result<(), StoreError> {
    if Postgres::database_exists(url).await.unwrap_or(true) {
        // Unknown (no rights to look): let the real connection report any problem.
        return Ok(());
    }
    match Postgres::create_database(url).await {
        Ok(()) => Ok(()),
        Err(e) => {
            // 42P04 duplicate_database; 23505 when two CREATE DATABASEs collide in the catalogue.
            let raced = e
                .as_database_error()
                .and_then(|d| d.code())
                .is_some_and(|c| c == "42P04" || c == "23505");
            if raced {
                Ok(())
            } else {
                Err(db(e))
            }
        }
    }
}

/// PostgreSQL binds ids and times as they are.
fn same<T>(value: T) -> T {
    value
}

/// The few SQL expressions where SQLite and PostgreSQL differ (reports).
mod dialect {
    /// A submission's UTC day, `YYYY-MM-DD`.
    pub const DAY: &str = "to_char(s.received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')";
    /// Every 1–5 scale answer, counted by value; `report_scope` and `SCALES_TAIL` follow.
    pub const SCALES: &str = "SELECT CAST(j.value -> 'value' ->> 'scale' AS BIGINT) AS n, COUNT(*)
         FROM submissions s CROSS JOIN LATERAL jsonb_array_elements(s.answers) AS j(value)";
    pub const SCALES_TAIL: &str = " AND j.value -> 'value' ->> 'scale' IS NOT NULL GROUP BY n";
    /// Days from a submission arriving to its first link, grouped by submission.
    pub const DAYS_TO_ACTION: &str =
        "CAST(EXTRACT(EPOCH FROM (MIN(l.linked_at) - s.received_at)) / 86400.0 AS DOUBLE PRECISION)";
}

impl_store!(
    PgStore,
    PgWriter,
    Postgres,
    PgConnection,
    id: same,
    stored_id: Uuid,
    time: same,
    dialect: dialect,
);
