//! `make bench`: figures, not a test. Starts the release server binary (as a person would run it) on a
//! free port with a fresh SQLite file and prints:
//! - participant page weight on the wire (compressed HTML + CSS + JS + WASM), brotli and gzip;
//! - sync ingest, submissions per second in batches of 100 through the HTTP API, beside a raw sqlx
//!   batch insert of the same rows into a fresh database on the same machine;
//! - the server's resident memory idle and after the ingest run.

use serde_json::{json, Value};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const ROWS: usize = 20_000;
const BATCH: usize = 100;
const CLIENTS: usize = 4;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let port = free_port()?;
    let base = format!("http://127.0.0.1:{port}");
    let mut server = start_server(&dir, port)?;
    let client = reqwest::Client::builder().build()?;
    wait_healthy(&client, &base).await?;

    println!(
        "Cairn benchmark ({} cores)",
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    );
    println!();
    page_weight(&client, &base).await?;
    println!();
    let idle = rss_kib(server.id());
    let http_rate = http_ingest(&client, &base).await?;
    let after = rss_kib(server.id());
    let raw_rate = raw_insert(&dir).await?;
    println!("Sync ingest, {ROWS} submissions in batches of {BATCH}, {CLIENTS} clients, SQLite:");
    println!("  HTTP API (/api/v1/submissions)   {http_rate:>9.0} submissions/s");
    println!("  raw sqlx multi-row insert        {raw_rate:>9.0} rows/s   (same rows, {CLIENTS} writers)");
    println!(
        "  HTTP / raw                       {:>9.0} %   (floor: 50 %)",
        100.0 * http_rate / raw_rate
    );
    println!();
    println!("Server resident memory:");
    println!(
        "  idle                             {:>9.1} MiB",
        idle as f64 / 1024.0
    );
    println!(
        "  after ingest                     {:>9.1} MiB",
        after as f64 / 1024.0
    );
    let _ = server.kill();
    let _ = server.wait();
    Ok(())
}

fn free_port() -> std::io::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

fn start_server(dir: &tempfile::TempDir, port: u16) -> std::io::Result<Child> {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    Command::new(format!("{root}/target/release/cairn"))
        .arg("serve")
        .env("CAIRN_LISTEN", format!("127.0.0.1:{port}"))
        .env(
            "CAIRN_DATABASE_URL",
            format!("sqlite://{}/bench.db", dir.path().display()),
        )
        .env("CAIRN_SITE_ROOT", format!("{root}/target/site"))
        .env("CAIRN_LOG", "error")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
}

async fn wait_healthy(
    client: &reqwest::Client,
    base: &str,
) -> Result<(), Box<dyn std::error::Error>> {
    for _ in 0..100 {
        if let Ok(r) = client.get(format!("{base}/healthz")).send().await {
            if r.status().is_success() {
                return Ok(());
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err("the server did not become healthy (run `make build-release` first)".into())
}

/// Bytes of a response body as sent (reqwest here does not decompress).
async fn wire_bytes(
    client: &reqwest::Client,
    url: &str,
    encoding: &str,
) -> Result<usize, Box<dyn std::error::Error>> {
    let res = client
        .get(url)
        .header("accept-encoding", encoding)
        .header("accept", "text/html,*/*")
        .send()
        .await?;
    if !res.status().is_success() {
        return Err(format!("{url}: {}", res.status()).into());
    }
    Ok(res.bytes().await?.len())
}

fn asset(html: &str, suffix: &str) -> Option<String> {
    html.split('"')
        .find(|s| s.starts_with("/pkg/") && s.ends_with(suffix))
        .map(str::to_string)
}

async fn page_weight(
    client: &reqwest::Client,
    base: &str,
) -> Result<(), Box<dyn std::error::Error>> {
    let page = "/c/tell-us-anything/answer";
    let html = client
        .get(format!("{base}{page}"))
        .send()
        .await?
        .text()
        .await?;
    let parts = [
        ("HTML", page.to_string()),
        ("CSS", asset(&html, ".css").ok_or("no stylesheet link")?),
        ("JS", asset(&html, ".js").ok_or("no script link")?),
        ("WASM", asset(&html, ".wasm").ok_or("no wasm preload")?),
    ];
    println!("Participant page first load ({page}), bytes on the wire:");
    println!(
        "  {:<6} {:>10} {:>10} {:>10}",
        "", "brotli", "gzip", "identity"
    );
    let mut totals = [0usize; 3];
    for (name, path) in &parts {
        let url = format!("{base}{path}");
        let sizes = [
            wire_bytes(client, &url, "br").await?,
            wire_bytes(client, &url, "gzip").await?,
            wire_bytes(client, &url, "identity").await?,
        ];
        for (t, s) in totals.iter_mut().zip(sizes) {
            *t += s;
        }
        println!(
            "  {name:<6} {:>9.1}K {:>9.1}K {:>9.1}K",
            kib(sizes[0]),
            kib(sizes[1]),
            kib(sizes[2])
        );
    }
    println!(
        "  {:<6} {:>9.1}K {:>9.1}K {:>9.1}K   (budget: 200K compressed)",
        "total",
        kib(totals[0]),
        kib(totals[1]),
        kib(totals[2])
    );
    Ok(())
}

fn kib(n: usize) -> f64 {
    n as f64 / 1024.0
}

fn submission(i: usize) -> Value {
    json!({
        "id": uuid::Builder::from_random_bytes(rand::random()).into_uuid().to_string(),
        "conversation_id": "tell-us-anything",
        "created_at": "2026-11-27T09:30:00Z",
        "channel": "own_device",
        "answers": [
            { "question_id": "say", "text": format!("Benchmark answer number {i}. The drop-in would feel safer with more light by the door.") },
            { "question_id": "feeling", "scale": (i % 5 + 1) as i64 },
            { "question_id": "often", "choice": "Most weeks" }
        ],
        "consent": { "quote": i % 2 == 0, "board": true, "updates": i % 3 == 0 }
    })
}

async fn http_ingest(
    client: &reqwest::Client,
    base: &str,
) -> Result<f64, Box<dyn std::error::Error>> {
    let bodies: Vec<String> = (0..ROWS / BATCH)
        .map(|b| json!({ "submissions": (0..BATCH).map(|i| submission(b * BATCH + i)).collect::<Vec<_>>() }).to_string())
        .collect();
    let url = format!("{base}/api/v1/submissions");
    let per_client = bodies.len().div_ceil(CLIENTS);
    let start = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for chunk in bodies.chunks(per_client).map(<[String]>::to_vec) {
        let (client, url) = (client.clone(), url.clone());
        tasks.spawn(async move {
            let mut accepted = 0usize;
            for body in chunk {
                let res = client
                    .post(&url)
                    .header("content-type", "application/json")
                    .body(body)
                    .send()
                    .await?;
                let v: Value = res.json().await?;
                accepted += v["results"]
                    .as_array()
                    .map(|r| r.iter().filter(|x| x["status"] == "accepted").count())
                    .unwrap_or(0);
            }
            Ok::<usize, reqwest::Error>(accepted)
        });
    }
    let mut accepted = 0;
    while let Some(r) = tasks.join_next().await {
        accepted += r??;
    }
    let secs = start.elapsed().as_secs_f64();
    if accepted != ROWS {
        return Err(format!("only {accepted} of {ROWS} accepted").into());
    }
    Ok(ROWS as f64 / secs)
}

/// The same rows, inserted straight into a fresh database with sqlx, by as many concurrent writers as
/// the HTTP run has clients: the ceiling the API is measured against.
async fn raw_insert(dir: &tempfile::TempDir) -> Result<f64, Box<dyn std::error::Error>> {
    let url = format!("sqlite://{}/raw.db", dir.path().display());
    let store = server::storage::sqlite::SqliteStore::connect(&url).await?;
    let rows: Vec<Value> = (0..ROWS).map(submission).collect();
    let batches: Vec<(usize, Vec<Value>)> = rows
        .chunks(BATCH)
        .map(<[Value]>::to_vec)
        .enumerate()
        .collect();
    let per_writer = batches.len().div_ceil(CLIENTS);
    let start = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for share in batches
        .chunks(per_writer)
        .map(<[(usize, Vec<Value>)]>::to_vec)
    {
        let pool = store.pool().clone();
        tasks.spawn(async move {
            for (b, batch) in share {
                // One multi-row INSERT per batch, in its own transaction.
                let mut insert = sqlx::QueryBuilder::<sqlx::Sqlite>::new(
                    "INSERT INTO submissions (id, conversation_id, channel, created_at, received_at, consent_quote,
                         consent_board, consent_updates, answers, fingerprint, receipt, submitted_by) ",
                );
                insert.push_values(batch.iter().enumerate(), |mut row, (i, s)| {
                    row.push_bind(s["id"].as_str().unwrap_or_default().to_string())
                        .push_bind("tell-us-anything")
                        .push_bind("own_device")
                        .push_bind("2026-11-27T09:30:00.000000Z")
                        .push_bind("2026-11-27T09:30:01.000000Z")
                        .push_bind(s["consent"]["quote"].as_bool())
                        .push_bind(s["consent"]["board"].as_bool())
                        .push_bind(s["consent"]["updates"].as_bool())
                        .push_bind(s["answers"].to_string())
                        .push_bind(format!("{:064x}", b * BATCH + i))
                        .push_bind(format!("{:08}", b * BATCH + i))
                        .push_bind(None::<i64>);
                });
                let mut tx = pool.begin().await?;
                insert.build().execute(&mut *tx).await?;
                tx.commit().await?;
            }
            Ok::<(), sqlx::Error>(())
        });
    }
    while let Some(r) = tasks.join_next().await {
        r??;
    }
    Ok(ROWS as f64 / start.elapsed().as_secs_f64())
}

fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}
