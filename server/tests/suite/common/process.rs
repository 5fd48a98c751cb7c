//! The real `cairn serve` binary in a process of its own, as production runs it. Every HTTP test talks to
//! one of these: Leptos keeps process-wide state (its executor, its reactive graph's arenas), and servers
//! sharing one test process hung now and then (issue 14; see the README's Tests section).

use std::collections::VecDeque;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{mpsc, Arc, Mutex};
use std::time::Duration;

/// How many of the newest log lines a server keeps for a failing test to print.
const LOG_LINES: usize = 200;

/// A running `cairn serve`; killed when dropped.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT`
    pub base: String,
    /// The first-admin setup token, while there are no accounts.
    pub setup_token: Option<String>,
    log: Arc<Mutex<VecDeque<String>>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// Starts `cairn serve` on a free port with exactly these settings (nothing else from the test's
    /// environment leaks in) and waits until its log says where it listens.
    pub fn start(database_url: &str, settings: &[(&str, &str)]) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_cairn"));
        command
            .arg("serve")
            .env_clear()
            .env("CAIRN_LISTEN", "127.0.0.1:0")
            .env("CAIRN_DATABASE_URL", database_url)
            .env("CAIRN_LOG", "info")
            .env("NO_COLOR", "1")
            .env("RUST_BACKTRACE", "1");
        for (key, value) in settings {
            command.env(key, value);
        }
        let mut child = command
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("cairn starts");
        let stderr = child.stderr.take().expect("stderr");
        let log = Arc::new(Mutex::new(VecDeque::with_capacity(LOG_LINES)));
        let (tx, rx) = mpsc::channel();
        let kept = log.clone();
        std::thread::spawn(move || {
            // Read to the end, whoever still listens: a server whose log pipe fills up stops answering.
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = tx.send(line.clone());
                let mut kept = kept.lock().unwrap_or_else(|p| p.into_inner());
                if kept.len() == LOG_LINES {
                    kept.pop_front();
                }
                kept.push_back(line);
            }
        });
        let mut setup_token = None;
        loop {
            let Ok(line) = rx.recv_timeout(Duration::from_secs(60)) else {
                let status = child.try_wait();
                panic!("cairn did not start ({status:?}); its log:\n{}", tail(&log));
            };
            if let Some(token) = after(&line, "/setup/") {
                setup_token = Some(token);
            }
            if let Some(addr) = after(&line, "listening on ") {
                return Server {
                    child,
                    base: format!("http://{addr}"),
                    setup_token,
                    log,
                };
            }
        }
    }

    /// The newest lines of the server's log, for a failing test's message.
    pub fn log(&self) -> String {
        tail(&self.log)
    }

    /// The process id, to stop or kill it from a test.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Kills the server at once (SIGKILL), as a crash or a power cut would.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn tail(log: &Mutex<VecDeque<String>>) -> String {
    let lines = log.lock().unwrap_or_else(|p| p.into_inner());
    lines.iter().cloned().collect::<Vec<_>>().join("\n")
}

/// The word after `marker` in a log line (up to a space, bracket or the end).
fn after(line: &str, marker: &str) -> Option<String> {
    let rest = &line[line.find(marker)? + marker.len()..];
    let word: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | ':' | '-' | '_'))
        .collect();
    (!word.is_empty()).then_some(word)
}

/// Starts `cairn serve` on this database with nothing else set.
pub fn start(database_url: &str) -> Server {
    Server::start(database_url, &[])
}

/// `start` with more settings, e.g. `CAIRN_BACKUP_DIR`.
pub fn start_with(database_url: &str, settings: &[(&str, &str)]) -> Server {
    Server::start(database_url, settings)
}

/// Runs `cairn ARGS…` to the end with exactly these settings: (success, stdout, stderr).
pub fn run(args: &[&str], settings: &[(&str, &str)]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_cairn"))
        .args(args)
        .env_clear()
        .env("CAIRN_LOG", "warn")
        .env("NO_COLOR", "1")
        .envs(settings.iter().copied())
        .stdin(Stdio::null())
        .output()
        .expect("cairn runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A client that does not follow redirects and gives up after 60 s.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(60))
        .build()
        .expect("client")
}
