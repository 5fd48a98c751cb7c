//! The `cairn` command: `cairn` or `cairn serve` runs the server; `cairn user add` adds a staff account
//! from a script, reading the password from standard input (never from an argument, which other users
//! of the machine could see in the process list); `cairn backup` and `cairn restore` copy the SQLite
//! database out and back (`server::backup`).

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
                                                  daily); for cron
  cairn backup [DIR]                              copy the SQLite database, while Cairn serves, to
                                                  DIR/cairn-YYYYMMDDTHHMMSSZ.db (DIR: CAIRN_BACKUP_DIR,
                                                  else backups); PostgreSQL: use pg_dump
  cairn restore FILE [--force]                    check the backup FILE and put it in place of the
                                                  SQLite database (the old one is kept beside it,
                                                  renamed); refuses while Cairn runs on it unless
                                                  --force (then restart Cairn at once)";

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
        ["backup"] => backup(config, None).await,
        ["backup", dir] if !dir.starts_with('-') => backup(config, Some(dir)).await,
        ["restore", file] if !file.starts_with('-') => restore(config, file, false).await,
        ["restore", file, "--force"] | ["restore", "--force", file] => {
            restore(config, file, true).await
        }
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
    let (sessions, links) = server::http::retention::housekeeping(store.as_ref())
        .await
        .map_err(|e| format!("database: {e}"))?;
    println!("Deleted {sessions} expired sign-ins and {links} spent setup links.");
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

async fn backup(config: Config, dir: Option<&str>) -> Result<(), String> {
    let dir = dir
        .map(std::path::PathBuf::from)
        .or(config.backup_dir.clone())
        .unwrap_or_else(|| "backups".into());
    let made = server::backup::backup(&config.database_url, &dir).await?;
    println!(
        "Backed up the database to {} ({}).",
        made.path.display(),
        app::domain::size_words(made.bytes)
    );
    Ok(())
}

async fn restore(config: Config, file: &str, force: bool) -> Result<(), String> {
    let done =
        server::backup::restore(&config.database_url, std::path::Path::new(file), force).await?;
    if let Some(aside) = &done.kept_aside {
        println!(
            "The database that was there is kept as {}.",
            aside.display()
        );
    }
    let behind = match done.behind {
        0 => String::new(),
        n => format!(" Cairn will bring it up to date ({n} migrations) when it starts."),
    };
    println!("Restored {file} as {}.{behind}", done.database.display());
    if force {
        println!("Restart Cairn now: a server that was running still has the old file open.");
    }
    Ok(())
}
