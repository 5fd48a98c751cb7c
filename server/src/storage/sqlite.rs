//! SQLite: the embedded default. One file, WAL mode, created on first run.

use super::{db, is_unique_violation, stamp};
use app::domain::{
    Answer, Channel, Consent, Conversation, Email, Promises, Question, QuestionKind, ReceiptCode,
    Role, User,
};
use app::store::{InboxCursor, InboxEntry, InsertOutcome, Store, StoreError, SubmissionRecord};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteRow, SqliteSynchronous,
};
use sqlx::{QueryBuilder, Row, Sqlite, SqlitePool};
use std::collections::{HashMap, HashSet};
use std::str::FromStr;
use std::time::Duration;

/// Rows per multi-row INSERT: 12 parameters each stays far below SQLite's 32,766-parameter limit.
const ROWS_PER_INSERT: usize = 500;

pub struct SqliteStore {
    pool: SqlitePool,
}

impl SqliteStore {
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        let options = SqliteConnectOptions::from_str(url)
            .map_err(db)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // WAL with NORMAL is durable across application crashes; only an OS crash can lose the
            // last transactions, which the clients' outboxes then resend.
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(Duration::from_secs(10))
            .foreign_keys(true);
        if let Some(dir) = options.get_filename().parent() {
            if !dir.as_os_str().is_empty() {
                std::fs::create_dir_all(dir)
                    .map_err(|e| StoreError::Backend(format!("creating {dir:?}: {e}")))?;
            }
        }
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await
            .map_err(db)?;
        sqlx::migrate!("./migrations/sqlite")
            .run(&pool)
            .await
            .map_err(|e| StoreError::Backend(format!("migrations: {e}")))?;
        Ok(SqliteStore { pool })
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }
}

fn user_from(row: &SqliteRow) -> Result<User, StoreError> {
    let email: String = row.try_get("email").map_err(db)?;
    let role: String = row.try_get("role").map_err(db)?;
    Ok(User {
        id: row.try_get("id").map_err(db)?,
        email: Email::parse(&email)
            .ok_or_else(|| StoreError::Backend("stored email is invalid".into()))?,
        role: Role::parse(&role)
            .ok_or_else(|| StoreError::Backend("stored role is invalid".into()))?,
    })
}

/// The `receipt` column of a row, as stored (without its dash).
fn stored_receipt(row: &SqliteRow) -> Result<ReceiptCode, StoreError> {
    let receipt: String = row.try_get("receipt").map_err(db)?;
    ReceiptCode::parse(&receipt)
        .ok_or_else(|| StoreError::Backend("stored receipt is invalid".into()))
}

fn new_receipt() -> ReceiptCode {
    ReceiptCode::generate(rand::random::<u32>)
}

#[async_trait]
impl Store for SqliteStore {
    async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1")
            .execute(&self.pool)
            .await
            .map_err(db)?;
        Ok(())
    }

    async fn conversations(&self) -> Result<Vec<Conversation>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, title, open, why, how_used, who_sees, what_next, budget_timeline, closes_on, support
             FROM conversations ORDER BY position, created_at",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        let questions = sqlx::query(
            "SELECT conversation_id, id, kind, prompt, choices FROM questions ORDER BY conversation_id, position",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let id: String = r.try_get("id").map_err(db)?;
            let mut qs = Vec::new();
            for q in questions
                .iter()
                .filter(|q| q.try_get::<String, _>("conversation_id").ok().as_deref() == Some(&id))
            {
                let kind: String = q.try_get("kind").map_err(db)?;
                let choices: String = q.try_get("choices").map_err(db)?;
                qs.push(Question {
                    id: q.try_get("id").map_err(db)?,
                    kind: QuestionKind::parse(&kind)
                        .ok_or_else(|| StoreError::Backend("bad question kind".into()))?,
                    prompt: q.try_get("prompt").map_err(db)?,
                    choices: serde_json::from_str(&choices)
                        .map_err(|e| StoreError::Backend(e.to_string()))?,
                });
            }
            out.push(Conversation {
                title: r.try_get("title").map_err(db)?,
                open: r.try_get("open").map_err(db)?,
                promises: Promises {
                    why: r.try_get("why").map_err(db)?,
                    how_used: r.try_get("how_used").map_err(db)?,
                    who_sees: r.try_get("who_sees").map_err(db)?,
                    what_next: r.try_get("what_next").map_err(db)?,
                    budget_timeline: r.try_get("budget_timeline").map_err(db)?,
                    closes_on: r.try_get("closes_on").map_err(db)?,
                    support: r.try_get("support").map_err(db)?,
                },
                questions: qs,
                id,
            });
        }
        Ok(out)
    }

    async fn insert_submissions(
        &self,
        records: &[SubmissionRecord],
        received_at: DateTime<Utc>,
    ) -> Result<Vec<InsertOutcome>, StoreError> {
        let received_at = stamp(received_at);
        // The first statement of the transaction writes, so SQLite takes the write lock at once and
        // concurrent batches queue on the busy timeout instead of failing on a stale read snapshot.
        let mut tx = self.pool.begin().await.map_err(db)?;
        let mut inserted: HashMap<String, ReceiptCode> = HashMap::new();
        for chunk in records.chunks(ROWS_PER_INSERT) {
            let rows: Vec<(String, String)> = chunk
                .iter()
                .map(|r| {
                    let answers = serde_json::to_string(&r.submission.answers)
                        .map_err(|e| StoreError::Backend(e.to_string()))?;
                    Ok((r.submission.id.to_string(), answers))
                })
                .collect::<Result<_, StoreError>>()?;
            let mut attempts = 0;
            let returned = loop {
                attempts += 1;
                let receipts: Vec<ReceiptCode> = chunk.iter().map(|_| new_receipt()).collect();
                let mut insert = QueryBuilder::<Sqlite>::new(
                    "INSERT INTO submissions (id, conversation_id, channel, created_at, received_at, consent_quote,
                         consent_board, consent_updates, answers, fingerprint, receipt, submitted_by) ",
                );
                insert.push_values(
                    chunk.iter().zip(&rows).zip(&receipts),
                    |mut row, ((r, (id, answers)), receipt)| {
                        let s = &r.submission;
                        row.push_bind(id.as_str())
                            .push_bind(s.conversation_id.as_str())
                            .push_bind(s.channel.as_str())
                            .push_bind(stamp(s.created_at))
                            .push_bind(received_at.as_str())
                            .push_bind(s.consent.quote)
                            .push_bind(s.consent.board)
                            .push_bind(s.consent.updates)
                            .push_bind(answers.as_str())
                            .push_bind(r.fingerprint.as_str())
                            .push_bind(receipt.as_compact().to_string())
                            .push_bind(r.submitted_by);
                    },
                );
                // Ids already stored are skipped, not errors: that is the idempotency.
                insert.push(" ON CONFLICT (id) DO NOTHING RETURNING id, receipt");
                match insert.build().fetch_all(&mut *tx).await {
                    Ok(rows) => break rows,
                    // Two submissions drew the same receipt (about one in 10^12): the statement changed
                    // nothing, so draw again.
                    Err(e) if is_unique_violation(&e) && attempts < 5 => continue,
                    Err(e) => return Err(db(e)),
                }
            };
            for row in returned {
                let id: String = row.try_get("id").map_err(db)?;
                inserted.insert(id, stored_receipt(&row)?);
            }
        }

        // The first record with an inserted id is the new one; every other record was stored before (or
        // earlier in this same batch) and is looked up.
        let mut claimed = HashSet::new();
        let ids: Vec<String> = records
            .iter()
            .map(|r| r.submission.id.to_string())
            .collect();
        let is_new: Vec<bool> = ids
            .iter()
            .map(|id| inserted.contains_key(id) && claimed.insert(id.as_str()))
            .collect();
        let missing: Vec<&String> = ids
            .iter()
            .zip(&is_new)
            .filter(|(_, new)| !**new)
            .map(|(id, _)| id)
            .collect();
        let mut existing: HashMap<String, (ReceiptCode, String)> = HashMap::new();
        for chunk in missing.chunks(ROWS_PER_INSERT) {
            let mut select = QueryBuilder::<Sqlite>::new(
                "SELECT id, receipt, fingerprint FROM submissions WHERE id IN (",
            );
            let mut ids = select.separated(", ");
            for id in chunk {
                ids.push_bind(id.as_str());
            }
            select.push(")");
            for row in select.build().fetch_all(&mut *tx).await.map_err(db)? {
                existing.insert(
                    row.try_get("id").map_err(db)?,
                    (
                        stored_receipt(&row)?,
                        row.try_get("fingerprint").map_err(db)?,
                    ),
                );
            }
        }
        tx.commit().await.map_err(db)?;

        ids.iter()
            .zip(is_new)
            .map(
                |(id, new)| match (new, inserted.get(id), existing.get(id)) {
                    (true, Some(receipt), _) => Ok(InsertOutcome::Inserted {
                        receipt: receipt.clone(),
                    }),
                    (_, _, Some((receipt, fingerprint))) => Ok(InsertOutcome::Existing {
                        receipt: receipt.clone(),
                        fingerprint: fingerprint.clone(),
                    }),
                    _ => Err(StoreError::Backend(format!(
                        "submission {id} neither inserted nor found"
                    ))),
                },
            )
            .collect()
    }

    async fn receipt_conversation(
        &self,
        receipt: &ReceiptCode,
    ) -> Result<Option<String>, StoreError> {
        sqlx::query_scalar(
            "SELECT c.title FROM submissions s JOIN conversations c ON c.id = s.conversation_id WHERE s.receipt = $1",
        )
        .bind(receipt.as_compact())
        .fetch_optional(&self.pool)
        .await
        .map_err(db)
    }

    async fn inbox(
        &self,
        before: Option<&InboxCursor>,
        limit: u32,
    ) -> Result<Vec<InboxEntry>, StoreError> {
        const COLUMNS: &str =
            "SELECT s.id, s.receipt, s.conversation_id, c.title, s.channel, s.created_at,
                s.received_at, s.consent_quote, s.consent_board, s.consent_updates, s.answers
             FROM submissions s JOIN conversations c ON c.id = s.conversation_id";
        let rows = match before {
            Some(cursor) => sqlx::query(&format!(
                "{COLUMNS} WHERE (s.received_at, s.id) < ($1, $2) ORDER BY s.received_at DESC, s.id DESC LIMIT $3"
            ))
            .bind(&cursor.received_at)
            .bind(&cursor.id)
            .bind(limit)
            .fetch_all(&self.pool)
            .await
            .map_err(db)?,
            None => sqlx::query(&format!("{COLUMNS} ORDER BY s.received_at DESC, s.id DESC LIMIT $1"))
                .bind(limit)
                .fetch_all(&self.pool)
                .await
                .map_err(db)?,
        };
        rows.iter()
            .map(|r| {
                let channel: String = r.try_get("channel").map_err(db)?;
                let receipt: String = r.try_get("receipt").map_err(db)?;
                let answers: String = r.try_get("answers").map_err(db)?;
                Ok(InboxEntry {
                    id: r.try_get("id").map_err(db)?,
                    receipt: ReceiptCode::parse(&receipt)
                        .map(|c| c.to_string())
                        .unwrap_or(receipt),
                    conversation_id: r.try_get("conversation_id").map_err(db)?,
                    conversation_title: r.try_get("title").map_err(db)?,
                    channel: Channel::parse(&channel)
                        .ok_or_else(|| StoreError::Backend("bad channel".into()))?,
                    created_at: r.try_get("created_at").map_err(db)?,
                    received_at: r.try_get("received_at").map_err(db)?,
                    consent: Consent {
                        quote: r.try_get("consent_quote").map_err(db)?,
                        board: r.try_get("consent_board").map_err(db)?,
                        updates: r.try_get("consent_updates").map_err(db)?,
                    },
                    answers: serde_json::from_str::<Vec<Answer>>(&answers)
                        .map_err(|e| StoreError::Backend(e.to_string()))?,
                })
            })
            .collect()
    }

    async fn count_users(&self) -> Result<i64, StoreError> {
        sqlx::query_scalar("SELECT COUNT(*) FROM users")
            .fetch_one(&self.pool)
            .await
            .map_err(db)
    }

    async fn create_user(
        &self,
        email: &Email,
        password_hash: &str,
        role: Role,
    ) -> Result<User, StoreError> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO users (email, password_hash, role, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(email.as_str())
        .bind(password_hash)
        .bind(role.as_str())
        .bind(stamp(Utc::now()))
        .fetch_one(&self.pool)
        .await
        .map_err(db)?;
        Ok(User {
            id,
            email: email.clone(),
            role,
        })
    }

    async fn create_first_user(
        &self,
        email: &Email,
        password_hash: &str,
        role: Role,
    ) -> Result<Option<User>, StoreError> {
        let id: Option<i64> = sqlx::query_scalar(
            "INSERT INTO users (email, password_hash, role, created_at)
             SELECT $1, $2, $3, $4 WHERE NOT EXISTS (SELECT 1 FROM users) RETURNING id",
        )
        .bind(email.as_str())
        .bind(password_hash)
        .bind(role.as_str())
        .bind(stamp(Utc::now()))
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?;
        Ok(id.map(|id| User {
            id,
            email: email.clone(),
            role,
        }))
    }

    async fn credentials(&self, email: &Email) -> Result<Option<(User, String)>, StoreError> {
        let row = sqlx::query(
            "SELECT id, email, role, password_hash FROM users WHERE email = $1 AND disabled = 0",
        )
        .bind(email.as_str())
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?;
        match row {
            Some(r) => Ok(Some((
                user_from(&r)?,
                r.try_get("password_hash").map_err(db)?,
            ))),
            None => Ok(None),
        }
    }

    async fn create_session(
        &self,
        token_hash: &str,
        user_id: i64,
        expires_at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
            .bind(token_hash)
            .bind(user_id)
            .bind(stamp(Utc::now()))
            .bind(stamp(expires_at))
            .execute(&self.pool)
            .await
            .map_err(db)?;
        Ok(())
    }

    async fn session_user(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<User>, StoreError> {
        let row = sqlx::query(
            "SELECT u.id, u.email, u.role FROM sessions s JOIN users u ON u.id = s.user_id
             WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.disabled = 0",
        )
        .bind(token_hash)
        .bind(stamp(now))
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?;
        row.as_ref().map(user_from).transpose()
    }

    async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&self.pool)
            .await
            .map_err(db)?;
        Ok(())
    }

    async fn audit(
        &self,
        actor: Option<i64>,
        action: &str,
        subject: &str,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO audit_log (at, actor_id, action, subject) VALUES ($1, $2, $3, $4)",
        )
        .bind(stamp(Utc::now()))
        .bind(actor)
        .bind(action)
        .bind(subject)
        .execute(&self.pool)
        .await
        .map_err(db)?;
        Ok(())
    }
}
