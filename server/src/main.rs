//! The `cairn` command (parsed by `clap`; `cairn --help` lists it): `cairn` or `cairn serve` runs the
//! server; `cairn user add` adds a staff account from a script, reading the password from standard
//! input (never from an argument, which other users of the machine could see in the process list);
//! `cairn seed`, `cairn purge`; `cairn backup` and `cairn restore` copy the SQLite database out and back
//! (`server::backup`).

use app::domain::{Email, NewPassword, Role};
use clap::{Parser, Subcommand};
use server::config::Config;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use tracing_subscriber::EnvFilter;

/// Cairn: hear the people who use a service, act on what they say, and show them you did. Settings
/// come from the environment (CAIRN_DATABASE_URL, CAIRN_LISTEN, ...; see the README).
#[derive(Parser)]
#[command(name = "cairn", version)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the server (what `cairn` alone does).
    Serve,
    /// Staff accounts, from a script.
    #[command(subcommand)]
    User(UserCommand),
    /// Add realistic submissions, with themes, moderation and flags, for trying Cairn out and for
    /// benchmarks. Never on a live service.
    Seed {
        /// How many submissions to add.
        #[arg(long, default_value_t = 50_000, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
        count: u32,
    },
    /// Delete the words of submissions older than the retention rules now, with expired sign-ins and
    /// spent setup links. The server also does this daily; this is for cron.
    Purge,
    /// Copy the SQLite database, while Cairn serves, to DIR/cairn-YYYYMMDDTHHMMSSZ.db. For
    /// PostgreSQL, use pg_dump.
    Backup {
        /// Where to put the copy (default: CAIRN_BACKUP_DIR, else ./backups).
        dir: Option<PathBuf>,
    },
    /// Check a backup and put it in place of the SQLite database. The old one is kept beside it,
    /// renamed.
    Restore {
        /// The backup file to restore.
        file: PathBuf,
        /// Restore even while Cairn runs on the database (then restart Cairn at once).
        #[arg(long)]
        force: bool,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Add a staff account. The password is read from standard input, never from an argument
    /// (other users of the machine could see that in the process list).
    Add {
        /// The account's email address.
        #[arg(long, value_parser = parse_email)]
        email: Email,
        /// What the account may do: staff, coordinator or admin.
        #[arg(long, value_parser = parse_role)]
        role: Role,
    },
}

fn parse_email(s: &str) -> Result<Email, String> {
    Email::parse(s).ok_or_else(|| format!("{s:?} is not an email address"))
}

fn parse_role(s: &str) -> Result<Role, String> {
    Role::parse(s).ok_or_else(|| format!("{s:?} is not a role: use staff, coordinator or admin"))
}

#[tokio::main]
async fn main() -> ExitCode {
    // Arguments first, so `--help` and `--version` work without any configuration.
    let cli = Cli::parse();
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

    let result = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(config).await,
        Command::User(UserCommand::Add { email, role }) => user_add(config, email, role).await,
        Command::Seed { count } => seed(config, count as usize).await,
        Command::Purge => purge(config).await,
        Command::Backup { dir } => backup(config, dir).await,
        Command::Restore { file, force } => restore(config, &file, force).await,
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

async fn user_add(config: Config, email: Email, role: Role) -> Result<(), String> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| format!("reading the password: {e}"))?;
    let password = NewPassword::parse(line.trim_end_matches(['\r', '\n'])).map_err(|problem| {
        let words = app::notice::words(app::auth::SETUP_PROBLEMS, Some(problem.code().into()));
        words.unwrap_or("That password cannot be used.").to_string()
    })?;

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
    let n = server::jobs::purge(store.as_ref())
        .await
        .map_err(|e| format!("database: {e}"))?;
    println!(
        "Deleted the words of {n} submissions under the retention rules; their counts are kept."
    );
    let (sessions, links) = server::jobs::housekeeping(store.as_ref())
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

async fn backup(config: Config, dir: Option<PathBuf>) -> Result<(), String> {
    let dir = dir
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

async fn restore(config: Config, file: &Path, force: bool) -> Result<(), String> {
    let done = server::backup::restore(&config.database_url, file, force).await?;
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
    println!(
        "Restored {} as {}.{behind}",
        file.display(),
        done.database.display()
    );
    if force {
        println!("Restart Cairn now: a server that was running still has the old file open.");
    }
    Ok(())
}
