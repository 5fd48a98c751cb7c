//! A sign-in flood: 200 sign-in posts at once against a fresh server (half with the right password, half
//! with a wrong one), as someone trying to knock the server over would send them. Every post runs
//! argon2id (19 MiB) unless the limits turn it away first, so this is where memory would blow up. Prints
//! the server's peak resident memory and how many posts got each status. Goal: peak under 200 MiB, and
//! nothing but 303 (signed in, or back to the form), 429 (please wait) or 503 (busy, try again).

use super::{cairn, rss_kib, start_server};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

const POSTS: usize = 200;

pub async fn sign_in_flood(
    client: &reqwest::Client,
    dir: &std::path::Path,
) -> Result<(), Box<dyn std::error::Error>> {
    let url = format!("sqlite://{}/flood.db", dir.display());
    let server = start_server(client, &url).await?;
    let password = "the flood's right password";
    let add = [
        "user",
        "add",
        "--email",
        "flood@example.org",
        "--role",
        "coordinator",
    ];
    cairn(&url, &add, &format!("{password}\n"))?;
    let pid = server.child.id();
    let idle = rss_kib(pid);

    let peak = Arc::new(AtomicU64::new(idle));
    let done = Arc::new(AtomicBool::new(false));
    let sampler = {
        let (peak, done) = (peak.clone(), done.clone());
        tokio::spawn(async move {
            while !done.load(Ordering::Relaxed) {
                peak.fetch_max(rss_kib(pid), Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
        })
    };
    let no_redirect = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(60))
        .build()?;
    let started = Instant::now();
    let posts: Vec<_> = (0..POSTS)
        .map(|i| {
            let (client, base) = (no_redirect.clone(), server.base.clone());
            let typed = if i % 2 == 0 {
                password
            } else {
                "a wrong password"
            };
            tokio::spawn(async move {
                client
                    .post(format!("{base}/signin"))
                    .form(&[("email", "flood@example.org"), ("password", typed)])
                    .send()
                    .await
                    .map(|r| r.status().as_u16())
                    .unwrap_or(0)
            })
        })
        .collect();
    let mut statuses: BTreeMap<u16, usize> = BTreeMap::new();
    for post in posts {
        *statuses.entry(post.await?).or_default() += 1;
    }
    let secs = started.elapsed().as_secs_f64();
    done.store(true, Ordering::Relaxed);
    sampler.await?;
    drop(server);

    let peak_mib = peak.load(Ordering::Relaxed) as f64 / 1024.0;
    let others: usize = statuses
        .iter()
        .filter(|(s, _)| ![303, 429, 503].contains(*s))
        .map(|(_, n)| n)
        .sum();
    println!("Sign-in flood ({POSTS} posts at once, half with the right password; goals: peak RSS < 200 MiB, only 303/429/503):");
    println!(
        "  idle {:.1} MiB, peak {peak_mib:.1} MiB, all answered in {secs:.1} s",
        idle as f64 / 1024.0
    );
    let counts: Vec<String> = statuses.iter().map(|(s, n)| format!("{s}: {n}")).collect();
    println!(
        "  {} ({})",
        counts.join(", "),
        if others == 0 && peak_mib < 200.0 {
            "goals met"
        } else {
            "GOAL MISSED"
        }
    );
    Ok(())
}
