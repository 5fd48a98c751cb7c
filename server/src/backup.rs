//! Backups of the SQLite database, and putting one back.
//!
//! A backup is `VACUUM INTO` a hidden temporary name in the backup folder, synced, then renamed to
//! `cairn-YYYYMMDDTHHMMSSZ.db` (UTC): a consistent snapshot taken through an ordinary read transaction,
//! so the server keeps taking submissions meanwhile, and a half-written file never carries a backup's
//! name. `cairn serve` runs one a day when `CAIRN_BACKUP_DIR` is set and keeps the newest
//! `CAIRN_BACKUP_KEEP`.
//!
//! Every process that opens a SQLite database holds a shared lock on `<database>.lock`
//! (`storage::in_use`); `restore` needs it exclusively, so it cannot swap the file under a running server
//! (whose open connections would go on writing to the old file) unless told to with `--force`.
//!
//! PostgreSQL has its own tools (`pg_dump`, `pg_restore`), which do this better than Cairn could.

use app::domain::BackupStatus;
use chrono::{DateTime, Utc};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection, SqliteConnection};
use std::fs::File;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::{Arc, RwLock};
use std::time::Duration;

/// Backups kept when `CAIRN_BACKUP_KEEP` is unset.
pub const DEFAULT_KEEP: usize = 14;

/// What `cairn backup` says for PostgreSQL, where the database's own tools are the way.
pub const POSTGRES: &str = "this database is PostgreSQL: back it up with pg_dump and restore it \
     with pg_restore, for example\n  pg_dump --format=custom --file=cairn.dump \"$CAIRN_DATABASE_URL\"\n  \
     pg_restore --clean --if-exists --dbname=\"$CAIRN_DATABASE_URL\" cairn.dump\n\
     (see \"Backups and restoring\" in the README)";

/// The time format in backup names.
const STAMP: &str = "%Y%m%dT%H%M%SZ";

/// A backup on disk.
#[derive(Clone, Debug)]
pub struct Backup {
    pub path: PathBuf,
    pub at: DateTime<Utc>,
    pub bytes: u64,
}

/// The database file a `sqlite:` URL names, or `None` for any other database.
pub fn sqlite_file(database_url: &str) -> Option<PathBuf> {
    if !database_url.starts_with("sqlite:") {
        return None;
    }
    SqliteConnectOptions::from_str(database_url)
        .ok()
        .map(|o| o.get_filename().to_path_buf())
}

/// Opens an existing database file on one connection (never creating one).
async fn open(file: &Path, read_only: bool) -> Result<SqliteConnection, String> {
    if !file.is_file() {
        return Err(format!("there is no database at {}", file.display()));
    }
    SqliteConnectOptions::new()
        .filename(file)
        .read_only(read_only)
        .busy_timeout(Duration::from_secs(30))
        .connect()
        .await
        .map_err(|e| format!("opening {}: {e}", file.display()))
}

/// Takes a backup of the database at `database_url` into `dir` (created if missing) and syncs it.
pub async fn backup(database_url: &str, dir: &Path) -> Result<Backup, String> {
    let database = sqlite_file(database_url).ok_or(POSTGRES)?;
    std::fs::create_dir_all(dir).map_err(|e| format!("creating {}: {e}", dir.display()))?;
    let at = Utc::now();
    let name = format!("cairn-{}.db", at.format(STAMP));
    let mut path = dir.join(&name);
    // Two backups in one second (a manual one beside the daily one) must not collide.
    let mut n = 1;
    while path.exists() {
        n += 1;
        path = dir.join(format!("cairn-{}-{n}.db", at.format(STAMP)));
    }
    let partial = dir.join(format!(".{name}.{:08x}.partial", rand::random::<u32>()));
    let made = async {
        let mut conn = open(&database, false).await?;
        let target = partial
            .to_str()
            .ok_or("the backup folder's name is not valid UTF-8")?;
        sqlx::query("VACUUM INTO $1")
            .bind(target)
            .execute(&mut conn)
            .await
            .map_err(|e| format!("copying the database: {e}"))?;
        let _ = conn.close().await;
        sync_file(&partial)?;
        std::fs::rename(&partial, &path).map_err(|e| format!("naming the backup: {e}"))?;
        sync_dir(dir)?;
        Ok::<_, String>(())
    }
    .await;
    if let Err(e) = made {
        let _ = std::fs::remove_file(&partial);
        return Err(e);
    }
    let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    Ok(Backup { path, at, bytes })
}

fn sync_file(path: &Path) -> Result<(), String> {
    File::open(path)
        .and_then(|f| f.sync_all())
        .map_err(|e| format!("writing {} to disk: {e}", path.display()))
}

/// Makes a rename in `dir` survive a power cut.
fn sync_dir(dir: &Path) -> Result<(), String> {
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| format!("writing {} to disk: {e}", dir.display()))
}

/// The backups in `dir`, oldest first (their names sort by time).
pub fn list(dir: &Path) -> Vec<Backup> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<(String, Backup)> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            let at = backup_time(&name)?;
            let bytes = e.metadata().ok()?.len();
            Some((
                name,
                Backup {
                    path: e.path(),
                    at,
                    bytes,
                },
            ))
        })
        .collect();
    found.sort_by(|a, b| a.0.cmp(&b.0));
    found.into_iter().map(|(_, b)| b).collect()
}

/// The time in a backup's name: `cairn-20261202T104500Z.db` or `cairn-20261202T104500Z-2.db`.
fn backup_time(name: &str) -> Option<DateTime<Utc>> {
    let stem = name.strip_prefix("cairn-")?.strip_suffix(".db")?;
    let stamp = stem.get(..16)?;
    let rest = &stem[16..];
    if !(rest.is_empty() || rest.strip_prefix('-')?.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    chrono::NaiveDateTime::parse_from_str(stamp, STAMP)
        .ok()
        .map(|t| t.and_utc())
}

/// Deletes all but the newest `keep` backups in `dir`; how many went.
pub fn prune(dir: &Path, keep: usize) -> usize {
    let all = list(dir);
    let surplus = all.len().saturating_sub(keep.max(1));
    all.iter()
        .take(surplus)
        .filter(|b| match std::fs::remove_file(&b.path) {
            Ok(()) => true,
            Err(e) => {
                tracing::warn!(error = %e, file = %b.path.display(), "could not delete an old backup");
                false
            }
        })
        .count()
}

/// What the admin page shows, shared between the daily job and the pages. I keep it in memory and in
/// the backup folder rather than in the database: a backup fails most often when the disk is full or
/// the database is in trouble, which is exactly when writing the failure to the database would fail
/// too. The folder's newest file is the truth about the last good backup, across restarts.
pub type Watch = Arc<RwLock<Option<BackupStatus>>>;

fn report(watch: &Watch, change: impl FnOnce(&mut BackupStatus)) {
    if let Ok(mut w) = watch.write() {
        if let Some(status) = w.as_mut() {
            change(status);
        }
    }
}

fn status_from(dir: &Path) -> BackupStatus {
    let newest = list(dir).pop();
    BackupStatus {
        dir: dir.display().to_string(),
        last_at: newest.as_ref().map(|b| b.at),
        last_bytes: newest.map(|b| b.bytes),
        failed_at: None,
        failure: None,
    }
}

/// Once a day while the server runs: a backup, then the oldest beyond `keep` are deleted. The first one
/// is made at start, unless the folder already has one from the last day (so restarts do not pile up
/// backups); then it comes when that one is a day old.
pub fn spawn_daily(database_url: String, dir: PathBuf, keep: usize, watch: Watch) {
    if let Ok(mut w) = watch.write() {
        *w = Some(status_from(&dir));
    }
    tokio::spawn(async move {
        let day = chrono::Duration::days(1);
        let mut wait = match list(&dir).pop() {
            Some(b) if Utc::now() - b.at < day => {
                (b.at + day - Utc::now()).to_std().unwrap_or_default()
            }
            _ => Duration::ZERO,
        };
        loop {
            tokio::time::sleep(wait).await;
            wait = Duration::from_secs(24 * 60 * 60);
            match backup(&database_url, &dir).await {
                Ok(b) => {
                    let pruned = prune(&dir, keep);
                    tracing::info!(file = %b.path.display(), bytes = b.bytes, pruned, "daily backup made");
                    report(&watch, |s| {
                        *s = status_from(&dir);
                    });
                }
                Err(e) => {
                    tracing::error!(error = %e, dir = %dir.display(), "daily backup failed; trying again in an hour");
                    report(&watch, |s| {
                        s.failed_at = Some(Utc::now());
                        s.failure = Some(e);
                    });
                    wait = Duration::from_secs(60 * 60);
                }
            }
        }
    });
}

/// How a restore went.
#[derive(Debug)]
pub struct Restored {
    pub database: PathBuf,
    /// Where the database that was there went, if there was one.
    pub kept_aside: Option<PathBuf>,
    /// Migrations the next start will apply to the restored copy.
    pub behind: usize,
}

/// Checks `file` and puts it in place as the database at `database_url`. The database that was there
/// is renamed (with its write-ahead log) to `<name>.before-restore-<time>`, never deleted.
pub async fn restore(database_url: &str, file: &Path, force: bool) -> Result<Restored, String> {
    let database = sqlite_file(database_url).ok_or(POSTGRES)?;
    let behind = check(file).await?;

    let dir = match database.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir).map_err(|e| format!("creating {}: {e}", dir.display()))?;
    let lock = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(crate::storage::in_use::lock_path(&database))
        .map_err(|e| format!("opening the lock file: {e}"))?;
    match lock.try_lock() {
        Ok(()) => {}
        Err(_) if force => {
            tracing::warn!("a running Cairn uses this database; restoring anyway (--force): restart it now")
        }
        Err(std::fs::TryLockError::WouldBlock) => {
            return Err(format!(
                "a running Cairn (or another cairn command) is using {}; stop it first, or add --force \
                 and restart it at once afterwards",
                database.display()
            ))
        }
        Err(std::fs::TryLockError::Error(e)) => {
            return Err(format!("cannot tell whether a server uses the database ({e}); stop it and add --force"))
        }
    }

    // Copy first, beside the database: if the disk is too small, nothing has changed yet.
    let incoming = dir.join(format!(
        ".cairn-restore-{:08x}.partial",
        rand::random::<u32>()
    ));
    std::fs::copy(file, &incoming).map_err(|e| {
        let _ = std::fs::remove_file(&incoming);
        format!("copying {}: {e}", file.display())
    })?;
    sync_file(&incoming)?;

    let kept_aside = if database.exists() {
        let aside = with_suffix(
            &database,
            &format!(".before-restore-{}", Utc::now().format(STAMP)),
        );
        for suffix in ["-wal", "-shm", ""] {
            let from = with_suffix(&database, suffix);
            if from.exists() {
                std::fs::rename(&from, with_suffix(&aside, suffix))
                    .map_err(|e| format!("moving {} aside: {e}", from.display()))?;
            }
        }
        Some(aside)
    } else {
        None
    };
    std::fs::rename(&incoming, &database)
        .map_err(|e| format!("putting the backup in place: {e}"))?;
    sync_dir(&dir)?;
    drop(lock);
    Ok(Restored {
        database,
        kept_aside,
        behind,
    })
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// A backup is whole (`PRAGMA integrity_check`) and made by this Cairn or an older one: its applied
/// migrations are all known to this binary, with the same checksums. Returns how many migrations the
/// next start will add.
pub async fn check(file: &Path) -> Result<usize, String> {
    let mut conn = open(file, true).await?;
    let checked: Result<Vec<String>, _> = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_all(&mut conn)
        .await;
    match checked {
        Ok(lines) if lines == ["ok"] => {}
        Ok(lines) => {
            return Err(format!(
                "{} is damaged: {}",
                file.display(),
                lines.into_iter().take(3).collect::<Vec<_>>().join("; ")
            ))
        }
        Err(e) => {
            return Err(format!(
                "{} is not a whole Cairn database: {e}",
                file.display()
            ))
        }
    }
    let applied: Vec<(i64, Vec<u8>)> = sqlx::query_as(
        "SELECT version, checksum FROM _sqlx_migrations WHERE success ORDER BY version",
    )
    .fetch_all(&mut conn)
    .await
    .map_err(|e| format!("{} is not a Cairn database: {e}", file.display()))?;
    let _ = conn.close().await;
    let known = &crate::storage::sqlite::MIGRATOR.migrations;
    for (version, checksum) in &applied {
        match known.iter().find(|m| m.version == *version) {
            Some(m) if m.checksum.as_ref() == checksum.as_slice() => {}
            Some(_) => {
                return Err(format!(
                    "{}: migration {version} differs from this Cairn's; it was made by another build",
                    file.display()
                ))
            }
            None => {
                return Err(format!(
                    "{}: it was made by a newer Cairn (migration {version} is unknown here); restore it \
                     with that version",
                    file.display()
                ))
            }
        }
    }
    if applied.is_empty() {
        return Err(format!("{} has no Cairn tables", file.display()));
    }
    Ok(known
        .iter()
        .filter(|m| !applied.iter().any(|(v, _)| *v == m.version))
        .count())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backup_names_carry_their_time_and_nothing_else_counts() {
        let t = backup_time("cairn-20261202T104500Z.db").expect("a backup");
        assert_eq!(t.to_rfc3339(), "2026-12-02T10:45:00+00:00");
        assert!(backup_time("cairn-20261202T104500Z-2.db").is_some());
        for other in [
            "cairn.db",
            "cairn-20261202T104500Z.db-wal",
            ".cairn-20261202T104500Z.db.1234abcd.partial",
            "cairn-20261202T104500Z-x.db",
            "cairn-2026120.db",
        ] {
            assert!(backup_time(other).is_none(), "{other}");
        }
    }

    #[test]
    fn prune_keeps_the_newest_and_leaves_other_files_alone() {
        let dir = tempfile::tempdir().expect("dir");
        for name in [
            "cairn-20260101T000000Z.db",
            "cairn-20260102T000000Z.db",
            "cairn-20260103T000000Z.db",
            "notes.txt",
        ] {
            std::fs::write(dir.path().join(name), b"x").expect("write");
        }
        assert_eq!(prune(dir.path(), 2), 1);
        let left: Vec<String> = list(dir.path())
            .iter()
            .map(|b| {
                b.path
                    .file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        assert_eq!(
            left,
            ["cairn-20260102T000000Z.db", "cairn-20260103T000000Z.db"]
        );
        assert!(dir.path().join("notes.txt").exists());
    }
}
