//! The `cairn` command: `cairn` or `cairn serve` runs the server; `cairn user add` adds a staff account
//! from a script, reading the password from standard input (never from an argument, which other users
//! of the machine could see in the process list).

use app::domain::{Email, NewPassword, Role};
use server::config::Config;
use std::io::BufRead;
use std::process::ExitCode;
use tracing_subscriber::EnvFilter;

const USAGE: &str = "usage:
  cairn [serve]                                   run the server
  cairn user add --email EMAIL --role ROLE        add an account; the password is read from standard input
                                                  (ROLE: staff, coordinator or admin)
  cairn seed [--count N]                          add N realistic submissions (default 50000) with
                                                  themes, moderation and flags, for trying Cairn out
                                                  and for benchmarks; never on a live service
  cairn purge                                     delete the words of submissions older than the
                                                  retention rules now (the server also does this
                                                  daily); for cron";

#[tokio::main]
async fn main() -> ExitCode {
    let config = match Config::from_env() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("cairn: configuration: {e}");
            return ExitCode::from(2);
        }
    };
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_new(&config.log).unwrap_or_else(|_| EnvFilter::new("info")))
        .with_writer(std::io::stderr)
        .init();

    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        [] | ["serve"] => serve(config).await,
        ["user", "add", rest @ ..] => user_add(config, rest).await,
        ["seed"] => seed(config, 50_000).await,
        ["seed", "--count", n] => match n.parse::<usize>() {
            Ok(n) if (1..=1_000_000).contains(&n) => seed(config, n).await,
            _ => Err(format!("--count needs a number from 1 to 1000000\n{USAGE}")),
        },
        ["purge"] => purge(config).await,
        ["help"] | ["--help"] | ["-h"] => {
            println!("{USAGE}");
            Ok(())
        }
        _ => Err(format!("unknown command\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("cairn: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(config: Config) -> Result<(), String> {
    tracing::info!(?config, "starting");
    let (state, _) = server::prepare(&config).await?;
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", config.listen))?;
    let bound = listener.local_addr().map_err(|e| e.to_string())?;
    tracing::info!(
        "Cairn is ready at {} (listening on {bound})",
        config.public_url
    );
    server::serve(state, listener)
        .await
        .map_err(|e| e.to_string())
}

async fn user_add(config: Config, args: &[&str]) -> Result<(), String> {
    let mut email = None;
    let mut role = None;
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        match *flag {
            "--email" => email = it.next().copied(),
            "--role" => role = it.next().copied(),
            other => return Err(format!("unknown option {other}\n{USAGE}")),
        }
    }
    let email = email
        .and_then(Email::parse)
        .ok_or(format!("--email needs an email address\n{USAGE}"))?;
    let role = role.and_then(Role::parse).ok_or(format!(
        "--role must be staff, coordinator or admin\n{USAGE}"
    ))?;
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| format!("reading the password: {e}"))?;
    let password =
        NewPassword::parse(line.trim_end_matches(['\r', '\n'])).map_err(str::to_string)?;

    let store = server::storage::connect(&config.database_url, config.pool)
        .await
        .map_err(|e| format!("database: {e}"))?;
    let hash = app::auth::session::hash_password(&password)
        .await
        .map_err(|e| e.to_string())?;
    let user = store
        .create_user(&email, &hash, role)
        .await
        .map_err(|e| match e {
            app::store::StoreError::Conflict => {
                format!("an account for {} already exists", email.as_str())
            }
            other => format!("database: {other}"),
        })?;
    store
        .audit(
            None,
            "user.created",
            &format!("{} as {} (command line)", email.as_str(), role.as_str()),
        )
        .await
        .map_err(|e| format!("database: {e}"))?;
    println!("Added {} as {}.", user.email.as_str(), user.role.as_str());
    Ok(())
}

async fn purge(config: Config) -> Result<(), String> {
    let store = server::storage::connect(&config.database_url, config.pool)
        .await
        .map_err(|e| format!("database: {e}"))?;
    let n = server::http::retention::purge(store.as_ref())
        .await
        .map_err(|e| format!("database: {e}"))?;
    println!(
        "Deleted the words of {n} submissions under the retention rules; their counts are kept."
    );
    Ok(())
}

async fn seed(config: Config, count: usize) -> Result<(), String> {
    let store = server::storage::connect(&config.database_url, config.pool)
        .await
        .map_err(|e| format!("database: {e}"))?;
    let seed = rand::random::<u64>();
    let r = server::seed::seed(store.as_ref(), count, seed)
        .await
        .map_err(|e| format!("database: {e}"))?;
    println!(
        "Added {} submissions in {:.1} s: {} tagged with {} themes, {} published, {} hidden, {} flagged; \
         {} new actions, {} links to actions.",
        r.submissions, r.seconds, r.tagged, r.themes, r.published, r.hidden, r.flagged, r.actions,
        r.linked
    );
    Ok(())
}
