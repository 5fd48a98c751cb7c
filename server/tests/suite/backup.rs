//! `cairn backup` and `cairn restore` with real processes: a backup taken while phones keep sending
//! holds everything acknowledged before it started, once, with its receipt; restore refuses a damaged
//! file and a database a server is using (unless forced); the daily job inside `cairn serve` keeps the
//! newest backups and admins see how it went.

use crate::common::process::{client, run, start, start_with};
use crate::common::{new_id, session_cookie, submission, PASSWORD};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

fn sqlite_url(file: &Path) -> String {
    format!("sqlite://{}", file.display())
}

/// Sends `n` new submissions in batches of 50; their receipts by id.
async fn send_new(client: &reqwest::Client, base: &str, n: usize) -> HashMap<String, String> {
    let mut receipts = HashMap::new();
    for _ in 0..n.div_ceil(50) {
        let batch: Vec<Value> = (0..50)
            .map(|i| submission(&new_id(), &format!("Seeded words {i}")))
            .collect();
        let res = client
            .post(format!("{base}/api/v1/submissions"))
            .json(&json!({ "submissions": batch }))
            .send()
            .await
            .expect("send");
        assert_eq!(res.status(), 200);
        let body: Value = res.json().await.expect("json");
        for r in body["results"].as_array().expect("results") {
            assert_eq!(r["status"], "accepted", "{r}");
            receipts.insert(
                r["id"].as_str().expect("id").to_string(),
                r["receipt"].as_str().expect("receipt").replace('-', ""),
            );
        }
    }
    receipts
}

/// Every submission's id and stored receipt, read straight from a database file.
async fn stored(file: &Path) -> HashMap<String, String> {
    use sqlx::{ConnectOptions, Connection};
    let mut conn = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(file)
        .connect()
        .await
        .expect("open");
    let rows: Vec<(String, String)> = sqlx::query_as("SELECT client_id, receipt FROM submissions")
        .fetch_all(&mut conn)
        .await
        .expect("read");
    let _ = conn.close().await;
    rows.into_iter().collect()
}

fn backups_in(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| {
                    p.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.starts_with("cairn-") && n.ends_with(".db"))
                })
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

/// `cairn ARGS…` on this database, off the async runtime.
async fn cairn(args: &[&str], url: &str) -> (bool, String, String) {
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    let url = url.to_string();
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        run(&args, &[("CAIRN_DATABASE_URL", &url)])
    })
    .await
    .expect("cairn ran")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_while_phones_send_restores_every_earlier_submission_once_with_its_receipt()
{
    let tmp = tempfile::tempdir().expect("tmp");
    let live = tmp.path().join("live/cairn.db");
    let server = start(&sqlite_url(&live));
    let client = client();
    let before = send_new(&client, &server.base, 500).await;

    // Phones keep sending while the backup runs.
    let stop = Arc::new(AtomicBool::new(false));
    let during = Arc::new(AtomicUsize::new(0));
    let load = {
        let (client, base, stop, during) = (
            client.clone(),
            server.base.clone(),
            stop.clone(),
            during.clone(),
        );
        tokio::spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                let n = send_new(&client, &base, 50).await.len();
                during.fetch_add(n, Ordering::Relaxed);
            }
        })
    };
    tokio::time::sleep(Duration::from_millis(200)).await;
    let dir = tmp.path().join("backups");
    let started = Instant::now();
    let (ok, out, err) = cairn(
        &["backup", dir.to_str().expect("utf-8")],
        &sqlite_url(&live),
    )
    .await;
    let took = started.elapsed();
    stop.store(true, Ordering::Relaxed);
    load.await.expect("load");
    assert!(ok, "backup failed: {out}{err}");
    assert!(out.contains("Backed up"), "{out}");
    let made = backups_in(&dir);
    assert_eq!(made.len(), 1, "{made:?}");
    eprintln!(
        "backup of {} submissions took {:.2} s while {} more were accepted",
        before.len(),
        took.as_secs_f64(),
        during.load(Ordering::Relaxed)
    );

    // Into a fresh place, as on a new machine.
    let fresh = tmp.path().join("restored/cairn.db");
    let (ok, out, err) = cairn(
        &["restore", made[0].to_str().expect("utf-8")],
        &sqlite_url(&fresh),
    )
    .await;
    assert!(ok, "restore failed: {out}{err}");
    let restored = stored(&fresh).await;
    for (id, receipt) in &before {
        assert_eq!(restored.get(id), Some(receipt), "{id} with its receipt");
    }

    // A server on the restored copy answers an old outbox's resend as a duplicate, same receipt.
    let again = start(&sqlite_url(&fresh));
    let sample: Vec<Value> = before
        .keys()
        .take(100)
        .map(|id| submission(id, "x"))
        .collect();
    let ids: Vec<String> = before.keys().take(100).cloned().collect();
    let res = client
        .post(format!("{}/api/v1/submissions", again.base))
        .json(&json!({ "submissions": sample }))
        .send()
        .await
        .expect("resend");
    let body: Value = res.json().await.expect("json");
    for (r, id) in body["results"]
        .as_array()
        .expect("results")
        .iter()
        .zip(&ids)
    {
        // Different words under a known id: refused as a conflict, never stored a second time.
        assert_ne!(
            r["status"], "accepted",
            "{id} was missing from the restored copy"
        );
    }
    assert_eq!(stored(&fresh).await.len(), restored.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restore_refuses_a_damaged_file_and_a_database_in_use_unless_forced() {
    let tmp = tempfile::tempdir().expect("tmp");
    let live = tmp.path().join("live/cairn.db");
    let url = sqlite_url(&live);
    let mut server = start(&url);
    let client = client();
    let before = send_new(&client, &server.base, 100).await;
    let dir = tmp.path().join("backups");
    let (ok, out, err) = cairn(&["backup", dir.to_str().expect("utf-8")], &url).await;
    assert!(ok, "{out}{err}");
    let good = backups_in(&dir).pop().expect("a backup");

    // Damaged in the middle, and not a database at all.
    let damaged = tmp.path().join("damaged.db");
    let mut bytes = std::fs::read(&good).expect("read");
    assert!(bytes.len() > 40_000, "backup big enough to damage");
    for b in &mut bytes[20_000..36_000] {
        *b = 0x5a;
    }
    std::fs::write(&damaged, bytes).expect("write");
    let garbage = tmp.path().join("garbage.db");
    std::fs::write(&garbage, vec![7u8; 50_000]).expect("write");
    let target = tmp.path().join("elsewhere/cairn.db");
    for bad in [&damaged, &garbage] {
        let (ok, _, err) = cairn(
            &["restore", bad.to_str().expect("utf-8")],
            &sqlite_url(&target),
        )
        .await;
        assert!(!ok, "restored {bad:?}");
        assert!(
            err.contains("damaged") || err.contains("not a whole"),
            "{err}"
        );
        assert!(!target.exists(), "nothing put in place");
    }

    // The server is running on `live`: refused, and the server keeps working on its database.
    let extra = send_new(&client, &server.base, 50).await;
    let (ok, _, err) = cairn(&["restore", good.to_str().expect("utf-8")], &url).await;
    assert!(!ok, "restored under a running server");
    assert!(err.contains("stop it first"), "{err}");
    assert_eq!(stored(&live).await.len(), before.len() + extra.len());

    // Forced: the backup goes in place and the old database is kept aside, whole.
    let (ok, out, err) = cairn(&["restore", good.to_str().expect("utf-8"), "--force"], &url).await;
    assert!(ok, "{out}{err}");
    assert!(out.contains("Restart Cairn now"), "{out}");
    server.kill();
    let aside: Vec<PathBuf> = std::fs::read_dir(live.parent().expect("dir"))
        .expect("list")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            let n = p.to_string_lossy();
            n.contains(".before-restore-") && !n.ends_with("-wal") && !n.ends_with("-shm")
        })
        .collect();
    assert_eq!(aside.len(), 1, "{aside:?}");
    assert_eq!(stored(&live).await.len(), before.len());
    assert_eq!(stored(&aside[0]).await.len(), before.len() + extra.len());

    let (ok, _, err) = cairn(&["backup"], "postgres://cairn@127.0.0.1/cairn").await;
    assert!(!ok);
    assert!(err.contains("pg_dump"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_daily_backup_keeps_the_newest_and_admins_see_it_or_its_failure() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("backups");
    std::fs::create_dir_all(&dir).expect("dir");
    for old in [
        "cairn-20200101T000000Z.db",
        "cairn-20200102T000000Z.db",
        "cairn-20200103T000000Z.db",
    ] {
        std::fs::write(dir.join(old), b"an old backup").expect("write");
    }
    let url = sqlite_url(&tmp.path().join("live/cairn.db"));
    let dir_text = dir.to_str().expect("utf-8");
    let server = start_with(
        &url,
        &[("CAIRN_BACKUP_DIR", dir_text), ("CAIRN_BACKUP_KEEP", "2")],
    );
    let deadline = Instant::now() + Duration::from_secs(20);
    let made = loop {
        let found = backups_in(&dir);
        if found.iter().any(|p| !p.to_string_lossy().contains("2020")) && found.len() == 2 {
            break found;
        }
        assert!(
            Instant::now() < deadline,
            "no daily backup: {found:?}\n{}",
            server.log()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(made[0].ends_with("cairn-20200103T000000Z.db"), "{made:?}");
    assert!(server.log().contains("daily backup made"));

    let page = retention_page(&server.base, server.setup_token.as_deref()).await;
    assert!(page.contains("Newest backup:"), "{page}");
    assert!(
        !page.contains("role=\"alert\""),
        "no warning after a good backup"
    );

    // A backup folder that cannot be made (a file is in the way): the page warns.
    let blocked = tmp.path().join("not-a-folder");
    std::fs::write(&blocked, b"x").expect("write");
    let url = sqlite_url(&tmp.path().join("second/cairn.db"));
    let failing = start_with(
        &url,
        &[("CAIRN_BACKUP_DIR", blocked.to_str().expect("utf-8"))],
    );
    let deadline = Instant::now() + Duration::from_secs(20);
    while !failing.log().contains("daily backup failed") {
        assert!(Instant::now() < deadline, "{}", failing.log());
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let page = retention_page(&failing.base, failing.setup_token.as_deref()).await;
    assert!(page.contains("The last backup failed"), "{page}");
}

/// The retention page as a new first admin sees it.
async fn retention_page(base: &str, setup_token: Option<&str>) -> String {
    let client = client();
    let token = setup_token.expect("a fresh install prints a setup link");
    let res = client
        .post(format!("{base}/setup/{token}"))
        .form(&[("email", "admin@example.org"), ("password", PASSWORD)])
        .send()
        .await
        .expect("setup");
    let cookie = session_cookie(res.headers()).expect("signed in");
    let res = client
        .get(format!("{base}/retention"))
        .header("accept", "text/html")
        .header("cookie", cookie)
        .send()
        .await
        .expect("page");
    assert_eq!(res.status(), 200);
    res.text().await.expect("html")
}
