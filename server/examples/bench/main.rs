//! `make bench`: figures, not a test. Starts the release server binary (as a person would run it) on a
//! free port and prints:
//! - participant page weight on the wire (compressed HTML + CSS + JS + WASM), brotli and gzip;
//! - sync ingest, submissions per second in batches of 100 through the HTTP API, beside a raw sqlx
//!   multi-row insert of the same rows: on SQLite, on PostgreSQL, and with two servers sharing one
//!   PostgreSQL database (PostgreSQL runs when `CAIRN_TEST_POSTGRES_URL` names a server);
//! - the server's resident memory idle and after the ingest run;
//! - the coordinator's inbox with 100,000 seeded submissions (`cairn seed`, a year of them): first page,
//!   a deep page, a filtered search, a search that finds nothing, the submissions linked to one action,
//!   the public "You said, we did" page (the seed's actions), and the reports page (90 days, a whole
//!   year, the board pack), on SQLite and PostgreSQL;
//! - a sign-in flood (issue 16): 200 sign-in posts at once, the server's peak resident memory and what
//!   each post got (`flood.rs`);
//! - load held (`wrk` with Lua scripts, `.ci/tools load` installs it): participant pages and sends mixed
//!   9 to 1 for 60 s, the start page alone and sends alone, each with requests/s, p50/p99, errors and the
//!   server's peak resident memory, on SQLite and on PostgreSQL.
//!
//! `cargo run --release --example bench -p server -- load` runs only the load part, `-- flood` only the
//! sign-in flood. `CAIRN_BIN` names another server binary (default: the release build);
//! `CAIRN_LOAD_SECS` shortens the mixed run.

mod flood;
mod load;

use load::load;
use serde_json::{json, Value};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const ROWS: usize = 20_000;
const BATCH: usize = 100;
const CLIENTS: usize = 4;

/// A `cairn serve` process, stopped when dropped.
struct Server {
    child: Child,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The server binary the figures are for: `CAIRN_BIN`, else the release build.
fn cairn_bin() -> String {
    std::env::var("CAIRN_BIN").unwrap_or_else(|_| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/../target/release/cairn").to_string()
    })
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let client = reqwest::Client::builder().build()?;
    match std::env::args().nth(1).as_deref() {
        Some("load") => return load(&client, dir.path()).await,
        Some("flood") => return flood::sign_in_flood(&client, dir.path()).await,
        _ => {}
    }
    let sqlite_url = format!("sqlite://{}/bench.db", dir.path().display());
    let server = start_server(&client, &sqlite_url).await?;

    println!(
        "Cairn benchmark ({} cores)",
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    );
    println!();
    page_weight(&client, &server.base).await?;
    println!();
    let idle = rss_kib(server.child.id());
    let sqlite_http = http_ingest(&client, &[&server.base]).await?;
    let after = rss_kib(server.child.id());
    drop(server);
    let sqlite_raw = raw_sqlite(&format!("sqlite://{}/raw.db", dir.path().display())).await?;

    println!("Sync ingest, {ROWS} submissions in batches of {BATCH}, {CLIENTS} clients:");
    println!(
        "  {:<34} {:>13} {:>13} {:>8}",
        "", "HTTP API /s", "raw sqlx /s", "HTTP/raw"
    );
    let row = |name: &str, http: f64, raw: Option<f64>| {
        let raw_text = raw.map_or("-".to_string(), |r| format!("{r:.0}"));
        let share = raw.map_or("-".to_string(), |r| format!("{:.0} %", 100.0 * http / r));
        println!("  {name:<34} {http:>13.0} {raw_text:>13} {share:>8}");
    };
    row("SQLite, one server", sqlite_http, Some(sqlite_raw));
    match std::env::var("CAIRN_TEST_POSTGRES_URL")
        .ok()
        .filter(|u| !u.is_empty())
    {
        None => println!(
            "  PostgreSQL: skipped (set CAIRN_TEST_POSTGRES_URL=postgres://user@host:5432/postgres)"
        ),
        Some(pg) => {
            let one = Database::create(&pg)?;
            let server = start_server(&client, &one.url).await?;
            let pg_http = http_ingest(&client, &[&server.base]).await?;
            drop(server);
            let raw = Database::create(&pg)?;
            let pg_raw = raw_postgres(&raw.url).await?;
            row("PostgreSQL, one server", pg_http, Some(pg_raw));

            let shared = Database::create(&pg)?;
            let a = start_server(&client, &shared.url).await?;
            let b = start_server(&client, &shared.url).await?;
            let two_http = http_ingest(&client, &[&a.base, &b.base]).await?;
            drop((a, b));
            row("PostgreSQL, two servers, one db", two_http, Some(pg_raw));
            for db in [one, raw, shared] {
                db.drop_it(&pg).await?;
            }
        }
    }
    println!("  (raw: the same rows straight into a fresh database by {CLIENTS} writers; floor for HTTP/raw: 50 %)");
    println!();
    println!("Coordinator inbox with {SEEDED} seeded submissions, full page response time (median of {TIMED}):");
    inbox_figures(
        &client,
        &format!("sqlite://{}/seeded.db", dir.path().display()),
        "SQLite",
    )
    .await?;
    if let Some(pg) = std::env::var("CAIRN_TEST_POSTGRES_URL")
        .ok()
        .filter(|u| !u.is_empty())
    {
        let seeded = Database::create(&pg)?;
        inbox_figures(&client, &seeded.url, "PostgreSQL").await?;
        seeded.drop_it(&pg).await?;
    }
    println!();
    println!("Server resident memory (SQLite):");
    println!(
        "  idle                             {:>9.1} MiB",
        idle as f64 / 1024.0
    );
    println!(
        "  after ingest                     {:>9.1} MiB",
        after as f64 / 1024.0
    );
    println!();
    flood::sign_in_flood(&client, dir.path()).await?;
    println!();
    load(&client, dir.path()).await
}

const SEEDED: usize = 100_000;
const TIMED: usize = 21;

/// Runs the release binary's `cairn` command with `args` against `database_url`.
fn cairn(
    database_url: &str,
    args: &[&str],
    stdin: &str,
) -> Result<String, Box<dyn std::error::Error>> {
    use std::io::Write;
    let mut child = Command::new(cairn_bin())
        .args(args)
        .env("CAIRN_DATABASE_URL", database_url)
        .env("CAIRN_LOG", "error")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()?;
    child
        .stdin
        .take()
        .ok_or("stdin")?
        .write_all(stdin.as_bytes())?;
    let out = child.wait_with_output()?;
    if !out.status.success() {
        return Err(format!("cairn {args:?} failed").into());
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// Seeds a fresh database, signs a coordinator in, and times inbox pages as a coordinator loads them.
async fn inbox_figures(
    client: &reqwest::Client,
    url: &str,
    name: &str,
) -> Result<(), Box<dyn std::error::Error>> {
    let started = Instant::now();
    let seeded = cairn(url, &["seed", "--count", &SEEDED.to_string()], "")?;
    let seed_secs = started.elapsed().as_secs_f64();
    let password = "bench coordinator password";
    cairn(
        url,
        &[
            "user",
            "add",
            "--email",
            "bench@example.org",
            "--role",
            "coordinator",
        ],
        &format!("{password}\n"),
    )?;
    let server = start_server(client, url).await?;
    // The session cookie comes with the redirect, so this one request must not follow it.
    let no_redirect = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let signed_in = no_redirect
        .post(format!("{}/signin", server.base))
        .form(&[
            ("email", "bench@example.org"),
            ("password", password),
            ("next", "/inbox"),
        ])
        .send()
        .await?;
    let cookie = signed_in
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("cairn_session="))
        .and_then(|v| v.split(';').next())
        .ok_or("sign-in failed")?
        .to_string();
    let middle = (chrono::Utc::now() - chrono::Duration::days(182))
        .to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    println!("  {name}: {seeded} ({seed_secs:.0} s with the command)");
    // Each page with what it must show, so an error page or an empty one is never timed as a result:
    // (label, path, fewest rows, most rows, a mark the page must carry).
    let pages: [(String, String, usize, usize, &str); 10] = [
        ("first page".into(), "/inbox".into(), 50, 50, "inbox-item"),
        (
            "page half a year deep".into(),
            format!("/inbox?before={middle}~ffffffff-ffff-ffff-ffff-ffffffffffff"),
            50,
            50,
            "inbox-item",
        ),
        (
            "filter: hidden, own device".into(),
            "/inbox?status=hidden&channel=own_device".into(),
            1,
            50,
            "inbox-item",
        ),
        (
            "search \"ramp\" + new + theme".into(),
            "/inbox?q=ramp&status=new&theme=3".into(),
            1,
            50,
            "inbox-item",
        ),
        (
            "search finding nothing".into(),
            "/inbox?q=helicopter".into(),
            0,
            0,
            "Inbox",
        ),
        (
            "linked to an action".into(),
            "/inbox?action=1".into(),
            1,
            50,
            "inbox-item",
        ),
        // Public: the seed's six actions, each linked to thousands of submissions.
        (
            "public You said, we did".into(),
            "/you-said-we-did".into(),
            1,
            usize::MAX,
            "said-did",
        ),
        (
            "reports, last 90 days".into(),
            "/reports".into(),
            0,
            usize::MAX,
            "report-figure",
        ),
        (
            "reports, the whole year".into(),
            format!(
                "/reports?from={}",
                (chrono::Utc::now() - chrono::Duration::days(365)).date_naive()
            ),
            0,
            usize::MAX,
            "report-figure",
        ),
        (
            "board pack, last 90 days".into(),
            "/reports/board".into(),
            0,
            usize::MAX,
            "report-figure",
        ),
    ];
    for (label, path, fewest, most, mark) in pages {
        let mut times = Vec::with_capacity(TIMED);
        let mut rows = 0;
        for _ in 0..TIMED {
            let t = Instant::now();
            let res = client
                .get(format!("{}{path}", server.base))
                .header("cookie", &cookie)
                .header("accept", "text/html")
                .send()
                .await?;
            if !res.status().is_success() {
                return Err(format!("{path}: {}", res.status()).into());
            }
            let body = res.text().await?;
            times.push(t.elapsed().as_secs_f64() * 1000.0);
            rows = body.matches("class=\"inbox-item\"").count()
                + body.matches("class=\"said-did\"").count();
            if !(fewest..=most).contains(&rows) || !body.contains(mark) {
                return Err(format!(
                    "{path}: {rows} rows (expected {fewest} to {most}) or no {mark:?}: not what it should show"
                )
                .into());
            }
        }
        times.sort_by(|a, b| a.total_cmp(b));
        println!(
            "    {label:<34} {:>7.1} ms median {:>7.1} ms worst   ({rows} rows)",
            times[TIMED / 2],
            times[TIMED - 1]
        );
    }
    Ok(())
}

/// A fresh PostgreSQL database for one measurement; Cairn creates it on first connect.
struct Database {
    name: String,
    url: String,
}

impl Database {
    fn create(server: &str) -> Result<Database, Box<dyn std::error::Error>> {
        let name = format!("cairn_bench_{:016x}", rand::random::<u64>());
        let (base, _) = server
            .rsplit_once('/')
            .ok_or("CAIRN_TEST_POSTGRES_URL needs a database")?;
        Ok(Database {
            url: format!("{base}/{name}"),
            name,
        })
    }

    async fn drop_it(self, server: &str) -> Result<(), Box<dyn std::error::Error>> {
        let pool = sqlx::PgPool::connect(server).await?;
        sqlx::query(&format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            self.name
        ))
        .execute(&pool)
        .await?;
        Ok(())
    }
}

fn free_port() -> std::io::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

/// Starts the release binary on a free port against `database_url` and waits until it is healthy.
async fn start_server(
    client: &reqwest::Client,
    database_url: &str,
) -> Result<Server, Box<dyn std::error::Error>> {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let port = free_port()?;
    let child = Command::new(cairn_bin())
        .arg("serve")
        .env("CAIRN_LISTEN", format!("127.0.0.1:{port}"))
        .env("CAIRN_DATABASE_URL", database_url)
        .env("CAIRN_SITE_ROOT", format!("{root}/target/site"))
        .env("CAIRN_LOG", "error")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    let server = Server {
        child,
        base: format!("http://127.0.0.1:{port}"),
    };
    for _ in 0..300 {
        if let Ok(r) = client.get(format!("{}/healthz", server.base)).send().await {
            if r.status().is_success() {
                return Ok(server);
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

/// The participant answer page's first load in each language (the same CSS, JS and WebAssembly; each
/// page carries only its own language's words).
async fn page_weight(
    client: &reqwest::Client,
    base: &str,
) -> Result<(), Box<dyn std::error::Error>> {
    for page in [
        "/c/tell-us-anything/answer",
        "/pl/c/tell-us-anything/answer",
        "/ar/c/tell-us-anything/answer",
    ] {
        page_weight_of(client, base, page).await?;
    }
    Ok(())
}

async fn page_weight_of(
    client: &reqwest::Client,
    base: &str,
    page: &str,
) -> Result<(), Box<dyn std::error::Error>> {
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

/// Submissions per second through the API, the clients spread evenly over `bases` (the servers).
async fn http_ingest(
    client: &reqwest::Client,
    bases: &[&str],
) -> Result<f64, Box<dyn std::error::Error>> {
    let bodies: Vec<String> = (0..ROWS / BATCH)
        .map(|b| json!({ "submissions": (0..BATCH).map(|i| submission(b * BATCH + i)).collect::<Vec<_>>() }).to_string())
        .collect();
    let per_client = bodies.len().div_ceil(CLIENTS);
    let start = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for (n, chunk) in bodies
        .chunks(per_client)
        .map(<[String]>::to_vec)
        .enumerate()
    {
        let client = client.clone();
        let url = format!("{}/api/v1/submissions", bases[n % bases.len()]);
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
/// the HTTP run has clients, one multi-row INSERT per batch in its own transaction: the ceiling the API
/// is measured against. `insert(first_row_number, batch)` writes one batch.
async fn raw_insert<F, Fut>(insert: F) -> Result<f64, Box<dyn std::error::Error>>
where
    F: Fn(usize, Vec<Value>) -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = Result<(), sqlx::Error>> + Send,
{
    let rows: Vec<Value> = (0..ROWS).map(submission).collect();
    let batches: Vec<(usize, Vec<Value>)> = rows
        .chunks(BATCH)
        .map(<[Value]>::to_vec)
        .enumerate()
        .map(|(b, batch)| (b * BATCH, batch))
        .collect();
    let per_writer = batches.len().div_ceil(CLIENTS);
    let start = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for share in batches
        .chunks(per_writer)
        .map(<[(usize, Vec<Value>)]>::to_vec)
    {
        let insert = insert.clone();
        tasks.spawn(async move {
            for (first, batch) in share {
                insert(first, batch).await?;
            }
            Ok::<(), sqlx::Error>(())
        });
    }
    while let Some(r) = tasks.join_next().await {
        r??;
    }
    Ok(ROWS as f64 / start.elapsed().as_secs_f64())
}

async fn raw_sqlite(url: &str) -> Result<f64, Box<dyn std::error::Error>> {
    let store = server::storage::sqlite::SqliteStore::connect(url, Default::default()).await?;
    let pool = store.pool().clone();
    raw_insert(move |first, batch| {
        let pool = pool.clone();
        async move {
            let mut insert =
                sqlx::QueryBuilder::<sqlx::Sqlite>::new(server::storage::sql::INSERT_SUBMISSIONS);
            insert.push_values(batch.iter().enumerate(), |mut row, (i, s)| {
                // The staff id Cairn draws, then the device's id.
                row.push_bind(app::store::staff_id().hyphenated().to_string())
                    .push_bind(s["id"].as_str().unwrap_or_default().to_string())
                    .push_bind("tell-us-anything")
                    .push_bind("own_device")
                    .push_bind("2026-11-27T09:30:00.000000Z")
                    .push_bind("2026-11-27T09:30:01.000000Z")
                    .push_bind(s["consent"]["quote"].as_bool())
                    .push_bind(s["consent"]["board"].as_bool())
                    .push_bind(s["consent"]["updates"].as_bool())
                    .push_bind(s["answers"].to_string())
                    .push_bind(format!("{:064x}", first + i))
                    .push_bind(format!("{:08}", first + i))
                    .push_bind(None::<i64>)
                    .push_bind(
                        s["answers"][0]["text"]
                            .as_str()
                            .unwrap_or_default()
                            .to_lowercase(),
                    )
                    .push_bind(false)
                    .push_bind(None::<String>);
            });
            let mut tx = pool.begin().await?;
            insert.build().execute(&mut *tx).await?;
            tx.commit().await
        }
    })
    .await
}

async fn raw_postgres(url: &str) -> Result<f64, Box<dyn std::error::Error>> {
    let store = server::storage::postgres::PgStore::connect(url, Default::default()).await?;
    let pool = store.pool().clone();
    let time = chrono::DateTime::parse_from_rfc3339("2026-11-27T09:30:00Z")?.to_utc();
    raw_insert(move |first, batch| {
        let pool = pool.clone();
        async move {
            let mut insert =
                sqlx::QueryBuilder::<sqlx::Postgres>::new(server::storage::sql::INSERT_SUBMISSIONS);
            insert.push_values(batch.iter().enumerate(), |mut row, (i, s)| {
                let id = s["id"].as_str().unwrap_or_default();
                row.push_bind(app::store::staff_id())
                    .push_bind(uuid::Uuid::parse_str(id).unwrap_or_default())
                    .push_bind("tell-us-anything")
                    .push_bind("own_device")
                    .push_bind(time)
                    .push_bind(time)
                    .push_bind(s["consent"]["quote"].as_bool())
                    .push_bind(s["consent"]["board"].as_bool())
                    .push_bind(s["consent"]["updates"].as_bool())
                    .push_bind(sqlx::types::Json(s["answers"].clone()))
                    .push_bind(format!("{:064x}", first + i))
                    .push_bind(format!("{:08}", first + i))
                    .push_bind(None::<i64>)
                    .push_bind(
                        s["answers"][0]["text"]
                            .as_str()
                            .unwrap_or_default()
                            .to_lowercase(),
                    )
                    .push_bind(false)
                    .push_bind(None::<String>);
            });
            let mut tx = pool.begin().await?;
            insert.build().execute(&mut *tx).await?;
            tx.commit().await
        }
    })
    .await
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
