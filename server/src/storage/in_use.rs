//! The lock file beside a SQLite database: a running server holds it shared (`lock_in_use`), and
//! `cairn restore` (`backup.rs`) needs it exclusively, so it never swaps the file under a server.

use std::fs::File;
use std::path::{Path, PathBuf};

/// The lock file beside a database.
pub fn lock_path(database: &Path) -> PathBuf {
    let mut name = database.as_os_str().to_owned();
    name.push(".lock");
    PathBuf::from(name)
}

/// Marks the database as in use for as long as the returned file stays open. `None` (with a warning)
/// where the file system cannot lock: Cairn still runs, only `restore` loses its guard.
pub fn lock_in_use(database: &Path) -> Option<File> {
    let file = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(lock_path(database))
        .and_then(|f| f.lock_shared().map(|()| f));
    match file {
        Ok(f) => Some(f),
        Err(e) => {
            tracing::warn!(error = %e, "cannot lock {:?}; `cairn restore` will not see this process", lock_path(database));
            None
        }
    }
}
