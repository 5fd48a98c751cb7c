//! A fresh database for one test: a SQLite file in a temporary folder, or a new PostgreSQL database on
//! the server named by `CAIRN_TEST_POSTGRES_URL`, dropped when the test ends (also when it fails).

use sqlx::{Decode, PgPool, Postgres, Sqlite, SqlitePool, Type};
use tempfile::TempDir;

/// Where the PostgreSQL tests make their databases, e.g. `postgres://postgres@127.0.0.1:5432/postgres`.
pub const POSTGRES_ENV: &str = "CAIRN_TEST_POSTGRES_URL";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// How many migrations this backend's folder holds: what a fresh database ends up with.
    pub fn migrations(self) -> i64 {
        let folder = match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        };
        let dir = format!("{}/migrations/{folder}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_dir(dir)
            .expect("migrations folder")
            .filter(|e| {
                e.as_ref()
                    .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "sql"))
            })
            .count() as i64
    }

    /// PostgreSQL tests are `#[ignore]`d, so a run without a server reports them as ignored, never as
    /// passed; asked to run them anyway (`--include-ignored`) without a server named, they fail.
    pub fn require(self) {
        if self == Backend::Postgres && postgres_server().is_none() {
            panic!("this PostgreSQL test needs {POSTGRES_ENV} (see the README's Tests section)");
        }
    }
}

pub fn postgres_server() -> Option<String> {
    std::env::var(POSTGRES_ENV)
        .ok()
        .filter(|v| !v.trim().is_empty())
}

pub struct TestDb {
    pub url: String,
    pub backend: Backend,
    /// PostgreSQL: the server URL and the database to drop.
    drop: Option<(String, String)>,
    _dir: Option<TempDir>,
}

impl TestDb {
    pub async fn new(backend: Backend) -> TestDb {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("temp dir");
                TestDb {
                    url: format!("sqlite://{}/cairn.db", dir.path().display()),
                    backend,
                    drop: None,
                    _dir: Some(dir),
                }
            }
            Backend::Postgres => {
                let name = format!("cairn_test_{:016x}", rand::random::<u64>());
                let db = TestDb::postgres_named(&name);
                let server = PgPool::connect(&db.drop.as_ref().expect("pg").0)
                    .await
                    .unwrap_or_else(|e| {
                        panic!("{POSTGRES_ENV} is set but PostgreSQL cannot be reached: {e}")
                    });
                sqlx::query(&format!("CREATE DATABASE {name}"))
                    .execute(&server)
                    .await
                    .expect("create the test database");
                server.close().await;
                db
            }
        }
    }

    /// A database name on the test PostgreSQL server that does not exist yet (Cairn will create it);
    /// dropped at the end like any other.
    pub fn postgres_named(name: &str) -> TestDb {
        let server = postgres_server().expect("CAIRN_TEST_POSTGRES_URL");
        TestDb {
            url: with_database(&server, name),
            backend: Backend::Postgres,
            drop: Some((server, name.to_string())),
            _dir: None,
        }
    }

    /// Brings this fresh database to its first `n` migrations only, as an older Cairn left it.
    #[allow(dead_code)]
    pub async fn migrate_first(&self, n: usize) {
        let folder = match self.backend {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        };
        let dir = format!("{}/migrations/{folder}", env!("CARGO_MANIFEST_DIR"));
        let mut migrator = sqlx::migrate::Migrator::new(std::path::Path::new(&dir))
            .await
            .expect("migrations");
        migrator.migrations = std::borrow::Cow::Owned(migrator.migrations[..n].to_vec());
        match self.backend {
            Backend::Sqlite => {
                let options = self
                    .url
                    .parse::<sqlx::sqlite::SqliteConnectOptions>()
                    .expect("url")
                    .create_if_missing(true);
                let pool = SqlitePool::connect_with(options).await.expect("open db");
                migrator.run(&pool).await.expect("older migrations");
                pool.close().await;
            }
            Backend::Postgres => {
                let pool = PgPool::connect(&self.url).await.expect("open db");
                migrator.run(&pool).await.expect("older migrations");
                pool.close().await;
            }
        }
    }

    /// One number from the database, e.g. a count. The SQL must run on both dialects.
    pub async fn number(&self, sql: &str, binds: &[&str]) -> i64 {
        self.scalar(sql, binds).await
    }

    /// One text value from the database.
    pub async fn text(&self, sql: &str, binds: &[&str]) -> String {
        self.scalar(sql, binds).await
    }

    async fn scalar<T>(&self, sql: &str, binds: &[&str]) -> T
    where
        T: for<'r> Decode<'r, Sqlite>
            + Type<Sqlite>
            + for<'r> Decode<'r, Postgres>
            + Type<Postgres>,
        T: Send + Unpin,
    {
        match self.backend {
            Backend::Sqlite => {
                let pool = SqlitePool::connect(&self.url).await.expect("open db");
                let mut q = sqlx::query_scalar(sql);
                for b in binds {
                    q = q.bind(*b);
                }
                let value = q.fetch_one(&pool).await.expect(sql);
                pool.close().await;
                value
            }
            Backend::Postgres => {
                let pool = PgPool::connect(&self.url).await.expect("open db");
                let mut q = sqlx::query_scalar(sql);
                for b in binds {
                    q = q.bind(*b);
                }
                let value = q.fetch_one(&pool).await.expect(sql);
                pool.close().await;
                value
            }
        }
    }

    /// Runs a statement as the database's owner would, outside Cairn; `Err` carries the database's words.
    pub async fn execute(&self, sql: &str) -> Result<u64, String> {
        let done = match self.backend {
            Backend::Sqlite => {
                let pool = SqlitePool::connect(&self.url).await.expect("open db");
                let r = sqlx::query(sql)
                    .execute(&pool)
                    .await
                    .map(|r| r.rows_affected());
                pool.close().await;
                r
            }
            Backend::Postgres => {
                let pool = PgPool::connect(&self.url).await.expect("open db");
                let r = sqlx::query(sql)
                    .execute(&pool)
                    .await
                    .map(|r| r.rows_affected());
                pool.close().await;
                r
            }
        };
        done.map_err(|e| e.to_string())
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let Some((server, name)) = self.drop.take() else {
            return;
        };
        // Drop runs inside the test's runtime, which cannot block on itself: use a thread of our own.
        let dropped = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            rt.block_on(async move {
                let pool = PgPool::connect(&server).await?;
                // FORCE ends the connections the test's servers still hold.
                sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .execute(&pool)
                    .await?;
                pool.close().await;
                Ok::<_, sqlx::Error>(())
            })
        })
        .join();
        if !matches!(dropped, Ok(Ok(()))) {
            eprintln!("could not drop a test database: {dropped:?}");
        }
    }
}

/// `postgres://u@h:5432/postgres?x=y` with its database replaced by `name`.
fn with_database(server: &str, name: &str) -> String {
    let (base, query) = match server.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (server, String::new()),
    };
    let after_scheme = base.find("://").map(|i| i + 3).unwrap_or(0);
    let host_end = base[after_scheme..]
        .find('/')
        .map(|i| after_scheme + i)
        .unwrap_or(base.len());
    format!("{}/{name}{query}", &base[..host_end])
}
