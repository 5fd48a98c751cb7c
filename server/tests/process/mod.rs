//! Real `cairn` processes for the tests that need one: several servers on one database, a server
//! killed and started again, a server on a disk that fills up. Each process is killed when dropped.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A running `cairn serve` process; killed when dropped.
pub struct Process {
    child: Child,
    pub base: String,
    pub setup_token: Option<String>,
    /// Everything it has logged so far (drained by a thread, so the server never blocks on its pipe).
    log: Arc<Mutex<String>>,
}

impl Drop for Process {
    fn drop(&mut self) {
        self.kill();
    }
}

impl Process {
    /// Ends the process at once (SIGKILL), as a crash or a power cut would: nothing gets to flush.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// The process's log up to now.
    pub fn log(&self) -> String {
        self.log.lock().map(|l| l.clone()).unwrap_or_default()
    }
}

/// Starts `cairn serve` on a free port and waits until its log says where it listens.
pub fn start(database_url: &str) -> Process {
    start_with(database_url, &[])
}

/// `start` with more environment variables, e.g. `CAIRN_BACKUP_DIR`.
pub fn start_with(database_url: &str, env: &[(&str, &str)]) -> Process {
    let mut command = Command::new(env!("CARGO_BIN_EXE_cairn"));
    command
        .arg("serve")
        .env("CAIRN_LISTEN", "127.0.0.1:0")
        .env("CAIRN_DATABASE_URL", database_url)
        .env("CAIRN_LOG", "info")
        .env("NO_COLOR", "1")
        .envs(env.iter().copied())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let mut child = command.spawn().expect("cairn starts");
    let stderr = child.stderr.take().expect("stderr");
    let (tx, rx) = mpsc::channel();
    let log = Arc::new(Mutex::new(String::new()));
    let kept = log.clone();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if let Ok(mut l) = kept.lock() {
                l.push_str(&line);
                l.push('\n');
            }
            // Once started, nobody listens any more; keep draining so the server never blocks.
            let _ = tx.send(line);
        }
    });
    let mut setup_token = None;
    loop {
        let line = rx
            .recv_timeout(Duration::from_secs(60))
            .unwrap_or_else(|_| {
                let log = log.lock().map(|l| l.clone()).unwrap_or_default();
                panic!("cairn did not start; its log:\n{log}")
            });
        if let Some(token) = after(&line, "/setup/") {
            setup_token = Some(token);
        }
        if let Some(addr) = after(&line, "listening on ") {
            return Process {
                child,
                base: format!("http://{addr}"),
                setup_token,
                log,
            };
        }
    }
}

/// Runs `cairn ARGS…` to the end with these environment variables: (success, stdout, stderr).
pub fn run(args: &[&str], env: &[(&str, &str)]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_cairn"))
        .args(args)
        .env("CAIRN_LOG", "warn")
        .env("NO_COLOR", "1")
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .output()
        .expect("cairn runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The word after `marker` in a log line (up to a space, bracket or the end).
pub fn after(line: &str, marker: &str) -> Option<String> {
    let rest = &line[line.find(marker)? + marker.len()..];
    let word: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | ':' | '-' | '_'))
        .collect();
    (!word.is_empty()).then_some(word)
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(60))
        .build()
        .expect("client")
}
