//! A full disk loses nothing. The real `cairn` binary runs on a SQLite file on a 3 MB tmpfs; four
//! phones send batches until the disk is full and keep retrying what was refused, as outboxes do. Then
//! the disk grows, the server must recover by itself within seconds, and after a kill (SIGKILL, as a
//! crash) and a restart every submission the server ever acknowledged is in the database exactly once,
//! with the receipt it was given.
//!
//! Needs root (to mount a tmpfs); elsewhere it says `SKIPPED` and passes.

use crate::common::process::{client, start, Server as Process};
use crate::common::{new_id, submission};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// Submissions per request, and phones sending at once.
const BATCH: usize = 10;
const PHONES: usize = 4;

/// A tmpfs of a few megabytes, unmounted when dropped (also when the test fails).
struct SmallDisk {
    dir: PathBuf,
}

impl SmallDisk {
    /// `None` when this machine will not mount one (not root, no tmpfs): the test is skipped.
    fn mount(megabytes: u32) -> Option<SmallDisk> {
        let dir =
            std::env::temp_dir().join(format!("cairn-disk-full-{:08x}", rand::random::<u32>()));
        std::fs::create_dir_all(&dir).ok()?;
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={megabytes}M"), "tmpfs"])
            .arg(&dir)
            .output()
            .is_ok_and(|o| o.status.success());
        if !mounted {
            let _ = std::fs::remove_dir(&dir);
            return None;
        }
        Some(SmallDisk { dir })
    }

    fn grow(&self, megabytes: u32) {
        let ok = Command::new("mount")
            .args(["-o", &format!("remount,size={megabytes}M")])
            .arg(&self.dir)
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "remounting {:?} bigger", self.dir);
    }

    fn path(&self) -> &Path {
        &self.dir
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let unmounted = Command::new("umount")
            .arg(&self.dir)
            .status()
            .is_ok_and(|s| s.success());
        if !unmounted {
            // Still busy (a server that has not quite died): detach it now, it goes when released.
            let _ = Command::new("umount").arg("-l").arg(&self.dir).status();
        }
        let _ = std::fs::remove_dir(&self.dir);
    }
}

/// What the phones know: every id the server acknowledged, with its receipt, and what is still waiting.
#[derive(Default)]
struct Tally {
    acknowledged: HashMap<String, String>,
    unavailable: usize,
    /// Responses that are neither 200 nor 503 + Retry-After (a 500 would be one): must stay empty.
    wrong: Vec<String>,
}

/// One request from one phone's outbox: acknowledged items leave the outbox, the rest stay.
async fn send_from(
    client: &reqwest::Client,
    base: &str,
    outbox: &mut Vec<Value>,
    tally: &mut Tally,
) -> bool {
    let batch: Vec<Value> = outbox.iter().take(BATCH).cloned().collect();
    let res = client
        .post(format!("{base}/api/v1/submissions"))
        .json(&json!({ "submissions": batch }))
        .send()
        .await;
    let res = match res {
        Ok(r) => r,
        Err(e) => {
            tally.wrong.push(format!("no answer: {e}"));
            return false;
        }
    };
    let status = res.status().as_u16();
    if status == 503 {
        if res.headers().get("retry-after").is_none() {
            tally.wrong.push("503 without Retry-After".into());
        }
        tally.unavailable += 1;
        return false;
    }
    if status != 200 {
        let body = res.text().await.unwrap_or_default();
        tally.wrong.push(format!("{status}: {body}"));
        return false;
    }
    let body: Value = match res.json().await {
        Ok(b) => b,
        Err(e) => {
            tally.wrong.push(format!("200 without JSON: {e}"));
            return false;
        }
    };
    for r in body["results"].as_array().into_iter().flatten() {
        let (Some(id), Some(status)) = (r["id"].as_str(), r["status"].as_str()) else {
            tally.wrong.push(format!("odd result {r}"));
            continue;
        };
        if status == "accepted" || status == "duplicate" {
            let receipt = r["receipt"].as_str().unwrap_or_default().replace('-', "");
            if let Some(before) = tally.acknowledged.insert(id.to_string(), receipt.clone()) {
                if before != receipt {
                    tally
                        .wrong
                        .push(format!("{id}: receipt {before} then {receipt}"));
                }
            }
            outbox.retain(|s| s["id"] != id);
        } else {
            tally.wrong.push(format!("refused {r}"));
        }
    }
    true
}

/// A submission of about 2 KB of words, different each time.
fn words() -> Value {
    let id = new_id();
    let text: String = (0..200)
        .map(|i| format!("w{:x} ", rand::random::<u32>() ^ i))
        .collect();
    submission(&id, &text)
}

/// The four phones send in turn, each adding `fresh` new submissions to its outbox first.
async fn round(
    client: &reqwest::Client,
    base: &str,
    outboxes: &mut [Vec<Value>],
    tally: &mut Tally,
    fresh: usize,
) -> usize {
    let mut sent = 0;
    let mut tasks = tokio::task::JoinSet::new();
    for outbox in outboxes.iter_mut() {
        outbox.extend((0..fresh).map(|_| words()));
        let mut mine = std::mem::take(outbox);
        let (client, base) = (client.clone(), base.to_string());
        tasks.spawn(async move {
            let mut t = Tally::default();
            let ok = mine.is_empty() || send_from(&client, &base, &mut mine, &mut t).await;
            (mine, t, ok)
        });
    }
    let mut i = 0;
    while let Some(done) = tasks.join_next().await {
        let (mine, t, ok) = done.expect("phone task");
        // Order does not matter: an outbox is a set of submissions waiting.
        outboxes[i] = mine;
        i += 1;
        tally.acknowledged.extend(t.acknowledged);
        tally.unavailable += t.unavailable;
        tally.wrong.extend(t.wrong);
        sent += usize::from(ok);
    }
    sent
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_disk_refuses_sends_with_503_loses_nothing_acknowledged_and_recovers_by_itself() {
    let Some(disk) = SmallDisk::mount(3) else {
        eprintln!("disk_full: SKIPPED (mounting a tmpfs needs root)");
        return;
    };
    let file = disk.path().join("cairn.db");
    let url = format!("sqlite://{}", file.display());
    let mut server = start(&url);
    let client = client();
    let mut outboxes: Vec<Vec<Value>> = vec![Vec::new(); PHONES];
    let mut tally = Tally::default();

    // Fill the disk, then keep sending (new words and retries) through 40 refusals.
    let started = Instant::now();
    while tally.unavailable < 40 {
        round(&client, &server.base, &mut outboxes, &mut tally, BATCH / 2).await;
        assert!(
            tally.acknowledged.len() < 20_000,
            "a 3 MB disk never filled up"
        );
        assert!(tally.wrong.is_empty(), "wrong answers: {:?}", tally.wrong);
    }
    let before_grow = tally.acknowledged.len();
    let waiting: usize = outboxes.iter().map(Vec::len).sum();
    eprintln!(
        "disk full after {:.1} s: {before_grow} acknowledged, {waiting} waiting, {} refusals",
        started.elapsed().as_secs_f64(),
        tally.unavailable
    );

    // Space returns. The phones retry; the first success must come within seconds, and from then on
    // nothing is refused: no connection may be stuck holding the write lock.
    disk.grow(200);
    let grown = Instant::now();
    let refused_before = tally.unavailable;
    loop {
        let sent = round(&client, &server.base, &mut outboxes, &mut tally, 0).await;
        if sent == PHONES {
            break;
        }
        assert!(
            grown.elapsed() < Duration::from_secs(10),
            "still refusing 10 s after space returned; log:\n{}",
            tail(&server)
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let recovered = grown.elapsed();
    let refused_after_grow = tally.unavailable - refused_before;
    let refused_before_steady = tally.unavailable;
    // New words keep coming while the outboxes drain.
    for i in 0..200 {
        let fresh = if i < 20 { 2 } else { 0 };
        round(&client, &server.base, &mut outboxes, &mut tally, fresh).await;
        if i >= 20 && outboxes.iter().all(Vec::is_empty) {
            break;
        }
    }
    assert_eq!(
        tally.unavailable,
        refused_before_steady,
        "sends refused after recovery; log:\n{}",
        tail(&server)
    );
    assert!(tally.wrong.is_empty(), "wrong answers: {:?}", tally.wrong);
    assert!(
        outboxes.iter().all(Vec::is_empty),
        "outboxes still waiting after recovery"
    );
    let locked = server.log().matches("database is locked").count();
    eprintln!(
        "recovered {:.2} s after space returned ({refused_after_grow} refusals meanwhile); \
         {} acknowledged in all; \"database is locked\" logged {locked} times",
        recovered.as_secs_f64(),
        tally.acknowledged.len()
    );

    // A crash, then a restart: everything acknowledged is there, once, with its receipt.
    server.kill();
    let restarted = start(&url);
    let res = client
        .get(format!("{}/healthz", restarted.base))
        .send()
        .await
        .expect("healthz");
    assert_eq!(res.status(), 200);
    drop(restarted);
    let stored = stored_receipts(&file).await;
    let lost: Vec<&String> = tally
        .acknowledged
        .keys()
        .filter(|id| !stored.contains_key(*id))
        .collect();
    let other_receipt = tally
        .acknowledged
        .iter()
        .filter(|(id, r)| stored.get(*id).is_some_and(|s| s != *r))
        .count();
    assert!(
        lost.is_empty(),
        "{} of {} acknowledged submissions are not in the database (e.g. {:?})",
        lost.len(),
        tally.acknowledged.len(),
        lost.first()
    );
    assert_eq!(
        other_receipt, 0,
        "stored with another receipt than acknowledged"
    );
    assert_eq!(
        stored.len(),
        tally.acknowledged.len(),
        "rows in the database that no phone was told about"
    );
    drop(disk);
}

/// Every stored submission's id and receipt, read straight from the file (no server running).
async fn stored_receipts(file: &Path) -> HashMap<String, String> {
    use sqlx::sqlite::SqliteConnectOptions;
    use sqlx::{ConnectOptions, Connection};
    let mut conn = SqliteConnectOptions::new()
        .filename(file)
        .connect()
        .await
        .expect("open the database file");
    let rows: Vec<(String, String)> = sqlx::query_as("SELECT client_id, receipt FROM submissions")
        .fetch_all(&mut conn)
        .await
        .expect("read submissions");
    let _ = conn.close().await;
    let mut stored = HashMap::new();
    for (id, receipt) in rows {
        // The primary key already forbids two rows per id; this says so if it ever did not.
        assert!(stored.insert(id.clone(), receipt).is_none(), "{id} twice");
    }
    stored
}

/// The last lines of a server's log, for failure messages.
fn tail(server: &Process) -> String {
    let log = server.log();
    let lines: Vec<&str> = log.lines().collect();
    lines[lines.len().saturating_sub(30)..].join("\n")
}
