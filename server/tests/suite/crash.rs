//! A crash loses nothing that was acknowledged. Eight simulated outboxes send batches to a real
//! `cairn serve` process, retrying as the real outbox does, while the server is killed with SIGKILL at
//! random moments and started again on the same database. At the end every submission the server
//! acknowledged (`accepted` or `duplicate`) is stored exactly once with the receipt it was given, every
//! submission an outbox still held has arrived after its retries, and nothing is stored twice.

use crate::common::*;
use rand::Rng;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

on_both_backends!(acknowledged_answers_survive_the_server_being_killed_again_and_again);

const OUTBOXES: usize = 8;
const PER_OUTBOX: usize = 40;
const KILLS: usize = 12;

/// What the server said it keeps: submission id → receipt.
type Acknowledged = Arc<Mutex<HashMap<String, String>>>;

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// One phone's outbox: sends what it holds in batches of up to five, drops what the server
/// acknowledged, keeps the rest and tries again after a short wait, as `sync::outbox` does.
async fn outbox(base: String, n: usize, acknowledged: Acknowledged, deadline: Instant) -> usize {
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(3))
        .build()
        .expect("client");
    let mut held: Vec<Value> = (0..PER_OUTBOX)
        .map(|i| submission(&new_id(), &format!("Outbox {n}, answer {i}")))
        .collect();
    let mut wait = Duration::from_millis(20);
    while !held.is_empty() {
        assert!(
            Instant::now() < deadline,
            "outbox {n} still holds {}",
            held.len()
        );
        let batch: Vec<Value> = held.iter().take(5).cloned().collect();
        let answer = client
            .post(format!("{base}/api/v1/submissions"))
            .json(&json!({ "submissions": batch }))
            .send()
            .await;
        let results = match answer {
            Ok(res) if res.status() == 200 => res.json::<Value>().await.ok(),
            Ok(res) => {
                // Only "come back later" is an acceptable failure: never a 500.
                assert!(
                    res.status() == 503 || res.status() == 502,
                    "outbox {n}: {}",
                    res.status()
                );
                None
            }
            Err(_) => None, // killed mid-request, or not listening yet
        };
        let Some(results) = results else {
            tokio::time::sleep(wait).await;
            wait = (wait * 2).min(Duration::from_millis(400));
            continue;
        };
        wait = Duration::from_millis(20);
        for r in results["results"].as_array().expect("results") {
            let id = r["id"].as_str().expect("id").to_string();
            match r["status"].as_str() {
                Some("accepted") | Some("duplicate") => {
                    let receipt = r["receipt"].as_str().expect("receipt").to_string();
                    let mut acks = acknowledged.lock().expect("lock");
                    if let Some(first) = acks.get(&id) {
                        assert_eq!(first, &receipt, "a resend got another receipt");
                    }
                    acks.insert(id.clone(), receipt);
                    held.retain(|s| s["id"] != id.as_str());
                }
                other => panic!("outbox {n}: {id} was {other:?}: {r}"),
            }
        }
    }
    PER_OUTBOX
}

async fn acknowledged_answers_survive_the_server_being_killed_again_and_again(backend: Backend) {
    let db = Arc::new(TestDb::new(backend).await);
    let port = free_port().to_string();
    let listen = format!("127.0.0.1:{port}");
    let base = format!("http://{listen}");
    let url = db.url.clone();
    let start = {
        let (url, listen) = (url.clone(), listen.clone());
        move || process::Server::start(&url, &[("CAIRN_LISTEN", listen.as_str())])
    };
    let server = Arc::new(Mutex::new(Some(start())));

    let acknowledged: Acknowledged = Arc::default();
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut outboxes = tokio::task::JoinSet::new();
    for n in 0..OUTBOXES {
        outboxes.spawn(outbox(base.clone(), n, acknowledged.clone(), deadline));
    }

    // The killer: at random moments, SIGKILL and start again on the same database and port.
    let killer = {
        let server = server.clone();
        tokio::task::spawn_blocking(move || {
            let mut rng = rand::thread_rng();
            for _ in 0..KILLS {
                std::thread::sleep(Duration::from_millis(rng.gen_range(50..400)));
                if let Some(mut s) = server.lock().expect("lock").take() {
                    s.kill();
                }
                std::thread::sleep(Duration::from_millis(rng.gen_range(0..100)));
                *server.lock().expect("lock") = Some(start());
            }
        })
    };
    killer.await.expect("killer");
    let mut sent = 0;
    while let Some(n) = outboxes.join_next().await {
        sent += n.expect("an outbox");
    }

    // Every acknowledged submission is stored exactly once, with the receipt the phone was given.
    let acks = acknowledged.lock().expect("lock").clone();
    assert_eq!(acks.len(), OUTBOXES * PER_OUTBOX);
    assert_eq!(sent, OUTBOXES * PER_OUTBOX);
    drop(server.lock().expect("lock").take());
    assert_eq!(
        db.number("SELECT COUNT(*) FROM submissions", &[]).await,
        acks.len() as i64
    );
    for (id, receipt) in &acks {
        let stored = db
            .text(
                "SELECT receipt FROM submissions WHERE CAST(client_id AS TEXT) = $1",
                &[id],
            )
            .await;
        // Stored without the dash people read it with.
        assert_eq!(stored, receipt.replace('-', ""), "{id}");
    }
}
