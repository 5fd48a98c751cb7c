//! The storage backends: implementations of `app::store::Store`, chosen at run time from the database
//! URL's scheme.

pub mod sqlite;

use app::store::{Store, StoreError};
use std::sync::Arc;

/// Opens the database named by `url`, creating it and running migrations as needed.
pub async fn connect(url: &str) -> Result<Arc<dyn Store>, StoreError> {
    if url.starts_with("sqlite:") {
        Ok(Arc::new(sqlite::SqliteStore::connect(url).await?))
    } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
        Err(StoreError::Backend(
            "PostgreSQL is not supported by this version of Cairn yet".into(),
        ))
    } else {
        Err(StoreError::Backend(
            "the database URL must start with sqlite: or postgres:".into(),
        ))
    }
}

/// sqlx errors become storage errors here, once; the detail stays in the server's log.
pub(crate) fn db(e: sqlx::Error) -> StoreError {
    match e {
        sqlx::Error::RowNotFound => StoreError::NotFound,
        e if is_unique_violation(&e) => StoreError::Conflict,
        e => StoreError::Backend(e.to_string()),
    }
}

pub(crate) fn is_unique_violation(e: &sqlx::Error) -> bool {
    e.as_database_error()
        .is_some_and(|d| d.is_unique_violation())
}

/// Times as stored: RFC 3339 in UTC with microseconds, so text order is time order.
pub(crate) fn stamp(t: chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}
