//! The load run of `make bench` (also `cargo run --release --example bench -- load` alone): wrk against
//! the server on loopback, per backend.

use super::{cairn_bin, rss_kib, start_server, Database};
use std::process::{Command, Stdio};
use std::time::Duration;

/// Every request wrk sends in the load run: participant pages, and sends of one submission each (what an
/// outbox sends) with a fresh UUID. `done` prints one machine-readable line for `load_run` to read.
const LOAD_LUA: &str = r#"
local pages = { "/", "/c/tell-us-anything", "/c/tell-us-anything/answer" }
local share = tonumber(os.getenv("CAIRN_LOAD_SENDS") or "1")
local threads = {}
local n = 0
sends = 0

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() * 1000 + id)
end

local function uuid()
  return (string.gsub("xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx", "[xy]", function (c)
    local v = (c == "x") and math.random(0, 15) or math.random(8, 11)
    return string.format("%x", v)
  end))
end

function request()
  n = n + 1
  if share >= 10 or (share > 0 and n % 10 < share) then
    sends = sends + 1
    local body = '{"submissions":[{"id":"' .. uuid() .. '","conversation_id":"tell-us-anything",'
      .. '"created_at":"2026-11-27T09:30:00Z","channel":"own_device","answers":['
      .. '{"question_id":"say","text":"The drop-in would feel safer with more light by the door."},'
      .. '{"question_id":"feeling","scale":4},{"question_id":"often","choice":"Most weeks"}],'
      .. '"consent":{"quote":false,"board":true,"updates":false}}]}'
    return wrk.format("POST", "/api/v1/submissions", { ["Content-Type"] = "application/json" }, body)
  end
  if share == 0 then return wrk.format("GET", "/") end
  return wrk.format("GET", pages[(n % #pages) + 1])
end

function done(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do total = total + t:get("sends") end
  local e = summary.errors
  io.write(string.format("LOAD requests=%d micros=%d p50=%d p99=%d errors=%d status=%d sends=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.timeout, e.status, total))
end
"#;

/// What one wrk run measured.
struct LoadFigures {
    per_sec: f64,
    p50_ms: f64,
    p99_ms: f64,
    errors: u64,
    sends: u64,
    peak_rss_kib: u64,
}

/// Runs wrk against `base` for `secs` with `sends_in_ten` sends in every ten requests (0: pages only,
/// 10: sends only), sampling the server's resident memory while it runs.
async fn load_run(
    script: &std::path::Path,
    base: &str,
    pid: u32,
    secs: u64,
    sends_in_ten: u32,
) -> Result<LoadFigures, Box<dyn std::error::Error>> {
    let mut wrk = Command::new("wrk")
        .args([
            "-t2",
            "-c32",
            &format!("-d{secs}s"),
            "--timeout",
            "5s",
            "-s",
        ])
        .arg(script)
        .arg(base)
        .env("CAIRN_LOAD_SENDS", sends_in_ten.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("wrk: {e} (run `.ci/tools load`)"))?;
    let mut peak = 0;
    while wrk.try_wait()?.is_none() {
        peak = peak.max(rss_kib(pid));
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    let out = wrk.wait_with_output()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text
        .lines()
        .find(|l| l.starts_with("LOAD "))
        .ok_or_else(|| format!("wrk printed no figures:\n{text}"))?;
    let field = |name: &str| -> u64 {
        line.split_whitespace()
            .find_map(|kv| kv.strip_prefix(&format!("{name}=")))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    let micros = field("micros").max(1);
    Ok(LoadFigures {
        per_sec: field("requests") as f64 * 1e6 / micros as f64,
        p50_ms: field("p50") as f64 / 1000.0,
        p99_ms: field("p99") as f64 / 1000.0,
        errors: field("errors") + field("status"),
        sends: field("sends"),
        peak_rss_kib: peak,
    })
}

/// The load figures on SQLite, and on PostgreSQL when `CAIRN_TEST_POSTGRES_URL` names a server.
pub async fn load(
    client: &reqwest::Client,
    dir: &std::path::Path,
) -> Result<(), Box<dyn std::error::Error>> {
    let script = dir.join("load.lua");
    std::fs::write(&script, LOAD_LUA)?;
    let secs: u64 = std::env::var("CAIRN_LOAD_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    println!(
        "Load held ({}; wrk -t2 -c32 on the same {} cores; goals: 0 errors, RSS < 100 MiB):",
        cairn_bin(),
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    );
    println!(
        "  {:<40} {:>9} {:>8} {:>8} {:>7} {:>9}",
        "", "req/s", "p50 ms", "p99 ms", "errors", "peak RSS"
    );
    let row = |label: String, f: &LoadFigures| {
        println!(
            "  {label:<40} {:>9.0} {:>8.1} {:>8.1} {:>7} {:>5.1} MiB",
            f.per_sec,
            f.p50_ms,
            f.p99_ms,
            f.errors,
            f.peak_rss_kib as f64 / 1024.0
        );
    };
    let mut backends = vec![(
        "SQLite".to_string(),
        format!("sqlite://{}/load.db", dir.display()),
        None,
    )];
    if let Some(pg) = std::env::var("CAIRN_TEST_POSTGRES_URL")
        .ok()
        .filter(|u| !u.is_empty())
    {
        let db = Database::create(&pg)?;
        backends.push(("PostgreSQL".to_string(), db.url.clone(), Some((db, pg))));
    }
    for (name, url, db) in backends {
        let server = start_server(client, &url).await?;
        let pid = server.child.id();
        let mixed = load_run(&script, &server.base, pid, secs, 1).await?;
        row(format!("{name}: pages and sends 9:1, {secs} s"), &mixed);
        let pages = load_run(&script, &server.base, pid, 20, 0).await?;
        row(format!("{name}: start page alone, 20 s"), &pages);
        let sends = load_run(&script, &server.base, pid, 20, 10).await?;
        row(format!("{name}: sends alone, 20 s"), &sends);
        drop(server);
        // wrk counts the sends it started; the last few of each run may be cut off in flight.
        let stored = stored_submissions(&url).await?;
        println!(
            "  {name}: {stored} of {} sends stored; sends alone {:.0} submissions/s (goal on SQLite: 2,000)",
            mixed.sends + sends.sends,
            sends.per_sec
        );
        if let Some((db, pg)) = db {
            db.drop_it(&pg).await?;
        }
    }
    println!("  (start page goal: 10,000 req/s, p99 under 10 ms, on a release build)");
    Ok(())
}

async fn stored_submissions(url: &str) -> Result<i64, Box<dyn std::error::Error>> {
    const COUNT: &str = "SELECT COUNT(*) FROM submissions";
    Ok(if url.starts_with("sqlite:") {
        let pool = sqlx::SqlitePool::connect(url).await?;
        sqlx::query_scalar(COUNT).fetch_one(&pool).await?
    } else {
        let pool = sqlx::PgPool::connect(url).await?;
        let n = sqlx::query_scalar(COUNT).fetch_one(&pool).await?;
        pool.close().await;
        n
    })
}
