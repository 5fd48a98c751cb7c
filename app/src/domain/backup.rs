//! What admins see about backups: when the last good one was made, how big it is, and a warning when
//! the last try failed or the newest backup is too old to rely on.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A backup older than this gets a warning on the admin page.
pub const BACKUP_STALE_HOURS: i64 = 48;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupStatus {
    /// The folder backups go to (`CAIRN_BACKUP_DIR`).
    pub dir: String,
    /// The newest backup in the folder.
    pub last_at: Option<DateTime<Utc>>,
    pub last_bytes: Option<u64>,
    /// The last try, when it failed (cleared by the next good one), and why.
    pub failed_at: Option<DateTime<Utc>>,
    pub failure: Option<String>,
}

impl BackupStatus {
    /// The warning to show now, if any, in plain words.
    pub fn warning(&self, now: DateTime<Utc>) -> Option<String> {
        if let Some(at) = self.failed_at {
            return Some(format!(
                "The last backup failed ({}). Check the server's log and the space on the disk.",
                super::dates::moment(at)
            ));
        }
        match self.last_at {
            None => Some("There is no backup yet.".into()),
            Some(at) if now - at > chrono::Duration::hours(BACKUP_STALE_HOURS) => Some(format!(
                "The newest backup is more than two days old ({}).",
                super::dates::day_of(at)
            )),
            Some(_) => None,
        }
    }
}

/// Bytes in words people read: "812 KB", "3.4 MB".
pub fn size_words(bytes: u64) -> String {
    const MB: f64 = 1_000_000.0;
    if bytes < 1_000_000 {
        format!("{} KB", bytes.div_ceil(1000))
    } else {
        format!("{:.1} MB", bytes as f64 / MB)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(last: Option<i64>, failed: bool) -> BackupStatus {
        let now = Utc::now();
        BackupStatus {
            dir: "/backups".into(),
            last_at: last.map(|h| now - chrono::Duration::hours(h)),
            last_bytes: last.map(|_| 1234),
            failed_at: failed.then_some(now),
            failure: failed.then(|| "disk full".into()),
        }
    }

    #[test]
    fn warns_when_the_last_backup_failed_is_missing_or_older_than_two_days() {
        let now = Utc::now();
        assert_eq!(status(Some(3), false).warning(now), None);
        assert_eq!(status(Some(47), false).warning(now), None);
        assert!(status(Some(49), false).warning(now).is_some());
        assert!(status(None, false).warning(now).is_some());
        assert!(status(Some(1), true)
            .warning(now)
            .is_some_and(|w| w.contains("failed")));
    }

    #[test]
    fn sizes_read_plainly() {
        assert_eq!(size_words(1), "1 KB");
        assert_eq!(size_words(812_000), "812 KB");
        assert_eq!(size_words(3_400_000), "3.4 MB");
    }
}
