//! `spawn_app`: the real server on a free port with a fresh database (SQLite file or PostgreSQL
//! database), and helpers to talk to it.
#![allow(dead_code)]

pub mod db;
pub mod process;

pub use db::{Backend, TestDb};
use reqwest::header::{HeaderMap, HeaderValue, COOKIE, LOCATION, SET_COOKIE};
use serde_json::{json, Value};
use std::sync::Arc;

pub const PASSWORD: &str = "a long test password";

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub db: Arc<TestDb>,
    pub setup_token: Option<String>,
    /// The `cairn serve` process; it stops when the test's app is dropped.
    pub server: process::Server,
}

/// The one runtime every test's clients run on (the servers are processes of their own).
pub fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: std::sync::OnceLock<tokio::runtime::Runtime> = std::sync::OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("test runtime")
    })
}

/// Runs each named `async fn name(backend: Backend)` as two tests, `sqlite::name` and `postgres::name`,
/// on the shared `runtime()`.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[test]
                fn $name() {
                    super::runtime().block_on(super::$name(super::Backend::Sqlite))
                }
            )*
        }
        mod postgres {
            $(
                #[test]
                #[ignore = "PostgreSQL: set CAIRN_TEST_POSTGRES_URL and pass --include-ignored (make test does)"]
                fn $name() {
                    super::Backend::Postgres.require();
                    super::runtime().block_on(super::$name(super::Backend::Postgres))
                }
            )*
        }
    };
}

/// Runs each named `async fn name()` as a test on the shared `runtime()`.
#[macro_export]
macro_rules! on_shared_runtime {
    ($($name:ident),* $(,)?) => {
        mod shared {
            $(
                #[test]
                fn $name() {
                    super::runtime().block_on(super::$name())
                }
            )*
        }
    };
}

pub async fn spawn_app() -> TestApp {
    spawn_on(Backend::Sqlite).await
}

/// The real server on a fresh database of this kind.
pub async fn spawn_on(backend: Backend) -> TestApp {
    spawn_with(Arc::new(TestDb::new(backend).await)).await
}

/// Another server process's view of the same database, as after a restart or behind a load balancer.
pub async fn spawn_again(app: &TestApp) -> TestApp {
    spawn_with(app.db.clone()).await
}

async fn spawn_with(db: Arc<TestDb>) -> TestApp {
    spawn_configured(db, &[]).await
}

/// The real server, with these `CAIRN_*` settings besides the database, on a fresh database of this kind.
pub async fn spawn_with_settings(backend: Backend, settings: &[(&str, &str)]) -> TestApp {
    spawn_configured(Arc::new(TestDb::new(backend).await), settings).await
}

/// The real server, with these `CAIRN_*` settings besides the database, on this database.
pub async fn spawn_configured_on(db: Arc<TestDb>, settings: &[(&str, &str)]) -> TestApp {
    spawn_configured(db, settings).await
}

async fn spawn_configured(db: Arc<TestDb>, settings: &[(&str, &str)]) -> TestApp {
    let url = db.url.clone();
    let settings: Vec<(String, String)> = settings
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    // Starting a process waits on its log: off the runtime's worker threads.
    let server = tokio::task::spawn_blocking(move || {
        let settings: Vec<(&str, &str)> = settings
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        process::Server::start(&url, &settings)
    })
    .await
    .expect("server starts");
    // A request that never answers fails the test with its name instead of hanging the whole run.
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(std::time::Duration::from_secs(60))
        .build()
        .expect("client");
    TestApp {
        base: server.base.clone(),
        client,
        db,
        setup_token: server.setup_token.clone(),
        server,
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn post_batch(&self, body: &Value) -> reqwest::Response {
        self.client
            .post(self.url("/api/v1/submissions"))
            .json(body)
            .send()
            .await
            .expect("request")
    }

    pub async fn post_batch_as(&self, body: &Value, cookie: &str) -> reqwest::Response {
        self.client
            .post(self.url("/api/v1/submissions"))
            .header(COOKIE, cookie)
            .json(body)
            .send()
            .await
            .expect("request")
    }

    /// Sends one batch and returns its per-item results.
    pub async fn send(&self, submissions: Vec<Value>) -> Vec<Value> {
        let res = self
            .post_batch(&json!({ "submissions": submissions }))
            .await;
        assert_eq!(res.status(), 200);
        let body: Value = res.json().await.expect("json");
        body["results"].as_array().expect("results").clone()
    }

    /// How many rows the database holds for this client (device) submission id.
    pub async fn stored(&self, id: &str) -> i64 {
        self.db
            .number(
                "SELECT COUNT(*) FROM submissions WHERE CAST(client_id AS TEXT) = $1",
                &[id],
            )
            .await
    }

    /// The staff id Cairn gave the submission a device sent with this id: what staff pages use.
    pub async fn staff_id(&self, client_id: &str) -> String {
        self.db
            .text(
                "SELECT CAST(id AS TEXT) FROM submissions WHERE CAST(client_id AS TEXT) = $1",
                &[client_id],
            )
            .await
    }

    pub async fn total_stored(&self) -> i64 {
        self.db
            .number("SELECT COUNT(*) FROM submissions", &[])
            .await
    }

    /// Creates the first admin through the setup link and returns the session cookie.
    pub async fn first_admin(&self) -> String {
        let token = self
            .setup_token
            .clone()
            .expect("a fresh install has a setup link");
        let res = self
            .client
            .post(self.url(&format!("/setup/{token}")))
            .form(&[("email", "admin@example.org"), ("password", PASSWORD)])
            .send()
            .await
            .expect("setup");
        assert_eq!(res.status(), 303);
        assert_eq!(location(res.headers()), "/inbox");
        session_cookie(res.headers()).expect("signed in after setup")
    }

    pub async fn sign_in(&self, email: &str, password: &str) -> reqwest::Response {
        self.client
            .post(self.url("/signin"))
            .form(&[("email", email), ("password", password), ("next", "/inbox")])
            .send()
            .await
            .expect("sign in")
    }

    pub async fn get_as(&self, path: &str, cookie: Option<&str>) -> reqwest::Response {
        let mut req = self
            .client
            .get(self.url(path))
            .header("accept", "text/html");
        if let Some(c) = cookie {
            req = req.header(COOKIE, HeaderValue::from_str(c).expect("cookie"));
        }
        req.send().await.expect("get")
    }
}

impl TestApp {
    pub async fn post_form(
        &self,
        path: &str,
        cookie: Option<&str>,
        form: &[(&str, &str)],
    ) -> reqwest::Response {
        let mut req = self.client.post(self.url(path)).form(form);
        if let Some(c) = cookie {
            req = req.header("cookie", c);
        }
        req.send().await.expect("post")
    }

    /// Adds an account as `admin` and signs it in; returns its session cookie.
    pub async fn account(&self, admin: &str, email: &str, role: &str) -> String {
        let res = self
            .post_form(
                "/people",
                Some(admin),
                &[("email", email), ("role", role), ("password", PASSWORD)],
            )
            .await;
        assert_eq!(location(res.headers()), "/people?done=added");
        self.cookie_for(email, PASSWORD)
            .await
            .expect("new account signs in")
    }

    pub async fn cookie_for(&self, email: &str, password: &str) -> Option<String> {
        session_cookie(self.sign_in(email, password).await.headers())
    }

    pub async fn id_of(&self, email: &str) -> String {
        self.db
            .number("SELECT id FROM users WHERE email = $1", &[email])
            .await
            .to_string()
    }
}

pub fn location(headers: &HeaderMap) -> String {
    headers
        .get(LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

/// `cairn_session=…` from a Set-Cookie header, ready for a Cookie header.
pub fn session_cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("cairn_session=") && !v.starts_with("cairn_session=;"))
        .and_then(|v| v.split(';').next())
        .map(str::to_string)
}

pub fn submission(id: &str, text: &str) -> Value {
    json!({
        "id": id,
        "conversation_id": "tell-us-anything",
        "created_at": "2026-11-27T09:30:00Z",
        "channel": "own_device",
        "answers": [
            { "question_id": "say", "text": text },
            { "question_id": "feeling", "scale": 4 },
            { "question_id": "often", "choice": "Most weeks" }
        ],
        "consent": { "quote": true, "board": false, "updates": true }
    })
}

pub fn new_id() -> String {
    uuid::Builder::from_random_bytes(rand::random())
        .into_uuid()
        .to_string()
}

/// `XXXX-XXXX` from the unambiguous alphabet.
pub fn is_receipt(s: &str) -> bool {
    let compact: String = s.chars().filter(|c| *c != '-').collect();
    s.len() == 9
        && &s[4..5] == "-"
        && compact.len() == 8
        && compact
            .bytes()
            .all(|b| app::domain::RECEIPT_ALPHABET.contains(&b))
}

/// A submission as storage receives it from a participant's own send: its fingerprint, no member of
/// staff, on time, no reach answers.
pub fn record_of(submission: app::domain::NewSubmission) -> app::store::SubmissionRecord {
    app::store::SubmissionRecord {
        staff_id: app::store::staff_id(),
        fingerprint: app::sync::ingest::fingerprint(&submission),
        submission,
        submitted_by: None,
        late: false,
        reach: Vec::new(),
    }
}
