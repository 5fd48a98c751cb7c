//! The storage backends: implementations of `app::store::Store`, chosen at run time from the database
//! URL's scheme. One binary serves both.
//!
//! What the two dialects share is written once: the SQL text (`sql`), the rows it reads (`FromRow`
//! structs below, generic where a column's type differs), the insert algorithm (`insert`) and the
//! code of every `Store` method (one file per area, joined by `store_impl`). Each backend keeps only
//! what truly differs: connecting, migrations, and the Rust types it binds (SQLite stores times as
//! RFC 3339 text and ids as text; PostgreSQL uses `timestamptz`, `uuid` and `jsonb`).

// The macros that write both backends' `Store` implementation, one per area and `impl_store!` over
// them all; declared first so the backends can use them.
#[macro_use]
mod actions;
#[macro_use]
mod conversations;
#[macro_use]
mod moderation;
#[macro_use]
mod people;
#[macro_use]
mod reports;
#[macro_use]
mod submissions;
#[macro_use]
mod store_impl;
pub mod in_use;
pub(crate) mod insert;
pub mod postgres;
pub mod sql;
pub mod sqlite;

use app::domain::InboxEntry;
use app::domain::{
    Account, Action, ActionFields, ActionStatus, ActionUpdate, Answer, Channel, Consent,
    Conversation, Email, Flag, FlagState, Lang, Note, Promises, Question, QuestionKind,
    ReceiptCode, Role, Status, Theme, User,
};
use app::store::{Store, StoreError};
use chrono::{DateTime, Utc};
use std::sync::Arc;
use std::time::Duration;
use uuid::Uuid;

/// How the server uses its database connections (`CAIRN_DATABASE_POOL`, `CAIRN_DATABASE_TIMEOUT`).
#[derive(Clone, Copy, Debug)]
pub struct PoolSettings {
    /// Connections this server keeps open at most.
    pub max_connections: u32,
    /// How long a request waits for a free connection (or a new one) before it gets a 503.
    pub acquire_timeout: Duration,
}

impl Default for PoolSettings {
    fn default() -> Self {
        PoolSettings {
            max_connections: 8,
            acquire_timeout: Duration::from_secs(5),
        }
    }
}

/// Opens the database named by `url`, creating it and running migrations as needed.
pub async fn connect(url: &str, pool: PoolSettings) -> Result<Arc<dyn Store>, StoreError> {
    if url.starts_with("sqlite:") {
        Ok(Arc::new(sqlite::SqliteStore::connect(url, pool).await?))
    } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
        Ok(Arc::new(postgres::PgStore::connect(url, pool).await?))
    } else {
        Err(StoreError::Backend(
            "the database URL must start with sqlite: or postgres:".into(),
        ))
    }
}

/// sqlx errors become storage errors here, once; the detail stays in the server's log.
pub(crate) fn db(e: sqlx::Error) -> StoreError {
    match e {
        sqlx::Error::RowNotFound => StoreError::NotFound,
        e if is_unique_violation(&e) => StoreError::Conflict,
        e => StoreError::Backend(e.to_string()),
    }
}

pub(crate) fn is_unique_violation(e: &sqlx::Error) -> bool {
    e.as_database_error()
        .is_some_and(|d| d.is_unique_violation())
}

fn bad(what: &str) -> StoreError {
    StoreError::Backend(format!("stored {what} is invalid"))
}

/// A `conversations` row.
#[derive(sqlx::FromRow)]
pub(crate) struct ConversationRow {
    id: String,
    title: String,
    open: bool,
    why: String,
    how_used: String,
    who_sees: String,
    what_next: String,
    budget_timeline: String,
    closes_on: Option<String>,
    support: String,
    lang: String,
    translations: String,
}

/// A `questions` row; `choices` is read as JSON text in both dialects.
#[derive(sqlx::FromRow)]
pub(crate) struct QuestionRow {
    conversation_id: String,
    id: String,
    kind: String,
    prompt: String,
    choices: String,
}

/// Conversations with their questions, in the order the rows came.
pub(crate) fn conversations(
    rows: Vec<ConversationRow>,
    questions: Vec<QuestionRow>,
) -> Result<Vec<Conversation>, StoreError> {
    rows.into_iter()
        .map(|r| {
            let questions = questions
                .iter()
                .filter(|q| q.conversation_id == r.id)
                .map(|q| {
                    Ok(Question {
                        id: q.id.clone(),
                        kind: QuestionKind::parse(&q.kind).ok_or_else(|| bad("question kind"))?,
                        prompt: q.prompt.clone(),
                        choices: serde_json::from_str(&q.choices)
                            .map_err(|_| bad("question choices"))?,
                    })
                })
                .collect::<Result<_, StoreError>>()?;
            Ok(Conversation {
                id: r.id,
                title: r.title,
                open: r.open,
                promises: Promises {
                    why: r.why,
                    how_used: r.how_used,
                    who_sees: r.who_sees,
                    what_next: r.what_next,
                    budget_timeline: r.budget_timeline,
                    closes_on: r.closes_on,
                    support: r.support,
                },
                questions,
                lang: Lang::from_code(&r.lang).unwrap_or_default(),
                translations: translations(&r.translations)?,
                untranslated: Default::default(),
            })
        })
        .collect()
}

/// Stored translations; a language this Cairn does not have (written by a newer one) is left out.
pub(crate) fn translations(json: &str) -> Result<app::domain::Translations, StoreError> {
    let all: std::collections::BTreeMap<String, std::collections::BTreeMap<String, String>> =
        serde_json::from_str(json).map_err(|_| bad("translations"))?;
    Ok(all
        .into_iter()
        .filter_map(|(code, words)| Some((Lang::from_code(&code)?, words)))
        .collect())
}

/// A `users` row, without the password hash.
#[derive(sqlx::FromRow)]
pub(crate) struct UserRow {
    id: i64,
    email: String,
    role: String,
}

impl UserRow {
    pub(crate) fn into_user(self) -> Result<User, StoreError> {
        Ok(User {
            id: self.id,
            email: Email::parse(&self.email).ok_or_else(|| bad("email"))?,
            role: Role::parse(&self.role).ok_or_else(|| bad("role"))?,
        })
    }
}

/// A `users` row for the people page.
#[derive(sqlx::FromRow)]
pub(crate) struct AccountRow {
    #[sqlx(flatten)]
    user: UserRow,
    disabled: bool,
    created_at: DateTime<Utc>,
}

impl AccountRow {
    pub(crate) fn into_account(self) -> Result<Account, StoreError> {
        Ok(Account {
            user: self.user.into_user()?,
            disabled: self.disabled,
            created_at: self.created_at,
        })
    }
}

/// An `audit_log` row with its actor's email.
#[derive(sqlx::FromRow)]
pub(crate) struct AuditRow {
    id: i64,
    at: DateTime<Utc>,
    actor: Option<String>,
    action: String,
    subject: String,
}

impl AuditRow {
    pub(crate) fn into_entry(self) -> app::domain::AuditEntry {
        app::domain::AuditEntry {
            id: self.id,
            at: self.at,
            actor: self.actor,
            action: self.action,
            subject: self.subject,
        }
    }
}

/// A user and their password hash, for signing in.
#[derive(sqlx::FromRow)]
pub(crate) struct CredentialsRow {
    #[sqlx(flatten)]
    user: UserRow,
    password_hash: String,
}

impl CredentialsRow {
    pub(crate) fn into_pair(self) -> Result<(User, String), StoreError> {
        Ok((self.user.into_user()?, self.password_hash))
    }
}

/// An inbox row. `Id` is how the dialect stores a UUID: text in SQLite, `uuid` in PostgreSQL.
#[derive(sqlx::FromRow)]
pub(crate) struct InboxRow<Id> {
    id: Id,
    conversation_id: String,
    title: String,
    channel: String,
    created_at: DateTime<Utc>,
    received_at: DateTime<Utc>,
    consent_quote: bool,
    consent_board: bool,
    consent_updates: bool,
    answers: String,
    status: String,
    public_answers: Option<String>,
    flag: Option<String>,
    late: bool,
    withdrawn: bool,
    read: bool,
    place: Option<String>,
    lang: Option<String>,
}

impl<Id: Into<Uuid>> InboxRow<Id> {
    pub(crate) fn into_entry(self) -> Result<InboxEntry, StoreError> {
        Ok(InboxEntry {
            id: self.id.into(),
            conversation_id: self.conversation_id,
            conversation_title: self.title,
            channel: Channel::parse(&self.channel).ok_or_else(|| bad("channel"))?,
            created_at: self.created_at,
            received_at: self.received_at,
            consent: Consent {
                quote: self.consent_quote,
                board: self.consent_board,
                updates: self.consent_updates,
            },
            answers: answers(&self.answers)?,
            status: Status::parse(&self.status).ok_or_else(|| bad("status"))?,
            public_answers: self.public_answers.as_deref().map(answers).transpose()?,
            flag: self
                .flag
                .as_deref()
                .map(|f| FlagState::parse(f).ok_or_else(|| bad("flag state")))
                .transpose()?,
            themes: Vec::new(),
            late: self.late,
            withdrawn: self.withdrawn,
            read: self.read,
            place: self.place,
            // A code this Cairn does not know (written by a newer one) reads as not recorded.
            lang: self.lang.as_deref().and_then(Lang::from_code),
        })
    }
}

pub(crate) fn answers(json: &str) -> Result<Vec<Answer>, StoreError> {
    serde_json::from_str(json).map_err(|_| bad("answers"))
}

/// A `LIKE` pattern that finds `words` anywhere, with `%`, `_` and `\` in them taken literally
/// (the queries say `ESCAPE '\'`).
pub(crate) fn like_pattern(words: &str) -> String {
    let mut p = String::with_capacity(words.len() + 2);
    p.push('%');
    for c in words.chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}

/// What a receipt shows its owner.
#[derive(sqlx::FromRow)]
pub(crate) struct ReceiptRow<Id> {
    id: Id,
    conversation_id: String,
    title: String,
    answers: String,
    withdrawn: bool,
    received_at: DateTime<Utc>,
    read: bool,
    consent_updates: bool,
    receipt_seen_at: Option<DateTime<Utc>>,
}

impl<Id: Into<Uuid>> ReceiptRow<Id> {
    pub(crate) fn into_receipt(self) -> Result<app::domain::ReceiptSubmission, StoreError> {
        Ok(app::domain::ReceiptSubmission {
            id: self.id.into(),
            conversation_id: self.conversation_id,
            title: self.title,
            answers: answers(&self.answers)?,
            withdrawn: self.withdrawn,
            received_at: self.received_at,
            read: self.read,
            wants_updates: self.consent_updates,
            last_seen: self.receipt_seen_at,
        })
    }
}

/// Which actions `load_actions` reads.
#[derive(Clone, Copy, Debug)]
pub(crate) enum ActionScope {
    All,
    Published,
    One(i64),
    /// The published actions a submission is linked to.
    PublishedFor(Uuid),
}

/// An `actions` row with its count of linked submissions.
#[derive(sqlx::FromRow)]
pub(crate) struct ActionRow {
    id: i64,
    title: String,
    heard: String,
    doing: String,
    status: String,
    reason: String,
    budget: String,
    timeline: String,
    decided: String,
    published: bool,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    lang: String,
    translations: String,
    linked: i64,
}

impl ActionRow {
    pub(crate) fn into_action(self) -> Result<Action, StoreError> {
        Ok(Action {
            id: self.id,
            fields: ActionFields {
                title: self.title,
                heard: self.heard,
                doing: self.doing,
                status: ActionStatus::parse(&self.status).ok_or_else(|| bad("action status"))?,
                reason: self.reason,
                budget: self.budget,
                timeline: self.timeline,
                decided: self.decided,
            },
            published: self.published,
            created_at: self.created_at,
            updated_at: self.updated_at,
            themes: Vec::new(),
            updates: Vec::new(),
            linked: self.linked,
            lang: Lang::from_code(&self.lang).unwrap_or_default(),
            translations: translations(&self.translations)?,
            untranslated: Default::default(),
        })
    }
}

/// An `action_updates` row with its author's email.
#[derive(sqlx::FromRow)]
pub(crate) struct UpdateRow {
    id: i64,
    pub(crate) action_id: i64,
    at: DateTime<Utc>,
    body: String,
    author: Option<String>,
}

impl UpdateRow {
    pub(crate) fn to_update(&self) -> ActionUpdate {
        ActionUpdate {
            id: self.id,
            at: self.at,
            body: self.body.clone(),
            author: self.author.clone(),
        }
    }
}

/// A theme with its count.
#[derive(sqlx::FromRow)]
pub(crate) struct ThemeRow {
    id: i64,
    name: String,
    count: i64,
}

impl ThemeRow {
    pub(crate) fn into_theme(self) -> Theme {
        Theme {
            id: self.id,
            name: self.name,
            count: self.count,
        }
    }
}

/// A `safeguarding` row with the email of whoever raised it.
#[derive(sqlx::FromRow)]
pub(crate) struct FlagRow {
    state: String,
    reason: String,
    close_note: String,
    raised_by: Option<String>,
    raised_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl FlagRow {
    pub(crate) fn into_flag(self) -> Result<Flag, StoreError> {
        Ok(Flag {
            state: FlagState::parse(&self.state).ok_or_else(|| bad("flag state"))?,
            reason: self.reason,
            close_note: self.close_note,
            raised_by: self.raised_by,
            raised_at: self.raised_at,
            updated_at: self.updated_at,
        })
    }
}

/// A flag in the list of open ones.
#[derive(sqlx::FromRow)]
pub(crate) struct OpenFlagRow<Id> {
    submission_id: Id,
    title: String,
    state: String,
    reason: String,
    raised_by: Option<String>,
    raised_at: DateTime<Utc>,
    withdrawn: bool,
}

impl<Id: Into<Uuid>> OpenFlagRow<Id> {
    pub(crate) fn into_entry(self) -> Result<app::domain::FlagEntry, StoreError> {
        Ok(app::domain::FlagEntry {
            submission_id: self.submission_id.into(),
            conversation_title: self.title,
            state: FlagState::parse(&self.state).ok_or_else(|| bad("flag state"))?,
            reason: self.reason,
            raised_by: self.raised_by,
            raised_at: self.raised_at,
            withdrawn: self.withdrawn,
        })
    }
}

/// A private note with its author's email.
#[derive(sqlx::FromRow)]
pub(crate) struct NoteRow {
    author: Option<String>,
    at: DateTime<Utc>,
    body: String,
}

impl NoteRow {
    pub(crate) fn into_note(self) -> Note {
        Note {
            author: self.author,
            at: self.at,
            body: self.body,
        }
    }
}

/// A receipt as stored (without its dash).
pub(crate) fn receipt(stored: &str) -> Result<ReceiptCode, StoreError> {
    ReceiptCode::parse(stored).ok_or_else(|| bad("receipt"))
}
