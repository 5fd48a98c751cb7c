//! The storage port (server only). Server functions and the HTTP layer call this trait; the SQLite and
//! PostgreSQL implementations live in the `server` crate, so nothing in `app` knows which database it is.

use crate::domain::{
    Account, Action, ActionFields, Answer, Conversation, Email, Flag, FlagState, InboxFilter,
    NewSubmission, Note, Promises, Question, ReceiptCode, Role, Status, Theme, User,
};
pub use crate::inbox::{InboxCursor, InboxEntry};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use std::sync::Arc;
use uuid::Uuid;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    #[error("already exists")]
    Conflict,
    #[error("database: {0}")]
    Backend(String),
}

/// A checked submission on its way into storage.
#[derive(Clone, Debug)]
pub struct SubmissionRecord {
    pub submission: NewSubmission,
    /// The id staff pages, exports and the audit log use, drawn by Cairn (`staff_id`). The device's own
    /// id (`submission.id`) is its secret: storage matches it to answer a resend and never shows it.
    pub staff_id: Uuid,
    /// A digest of the content, to tell a true retry from a different submission reusing an id.
    pub fingerprint: String,
    /// The member of staff who captured it, if any.
    pub submitted_by: Option<i64>,
    /// Its conversation had closed when it arrived.
    pub late: bool,
    /// Its reach answers (question id, choice), checked against the questions. Only ever counted.
    pub reach: Vec<(i64, String)>,
}

/// A fresh, random staff id for a submission.
pub fn staff_id() -> Uuid {
    use rand::RngCore;
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    uuid::Builder::from_random_bytes(bytes).into_uuid()
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InsertOutcome {
    Inserted {
        receipt: ReceiptCode,
    },
    /// A submission with this id was already stored; nothing was written.
    Existing {
        receipt: ReceiptCode,
        fingerprint: String,
    },
}

/// The audit entry a change writes in the same transaction, so a change is never without its record.
#[derive(Clone, Debug)]
pub struct AuditRecord {
    pub actor: Option<i64>,
    pub action: &'static str,
    pub subject: String,
}

impl AuditRecord {
    /// An entry for a change `user` made.
    pub fn by(user: &User, action: &'static str, subject: String) -> Self {
        AuditRecord {
            actor: Some(user.id),
            action,
            subject,
        }
    }
}

/// One submission with everything a coordinator sees about it.
#[derive(Clone, Debug, PartialEq)]
pub struct SubmissionDetail {
    pub entry: InboxEntry,
    pub flag: Option<Flag>,
    /// Oldest first.
    pub notes: Vec<Note>,
    /// The actions it is linked to: (id, title), by title.
    pub actions: Vec<(i64, String)>,
}

/// A safeguarding flag in the list of flags that still need someone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FlagEntry {
    pub submission_id: Uuid,
    pub conversation_title: String,
    pub state: FlagState,
    pub reason: String,
    pub raised_by: Option<String>,
    pub raised_at: DateTime<Utc>,
    /// The participant took the submission back; its words are gone.
    pub withdrawn: bool,
}

/// What a receipt code shows its owner: the conversation and their answers as moderated.
#[derive(Clone, Debug, PartialEq)]
pub struct ReceiptSubmission {
    pub id: Uuid,
    pub conversation_id: String,
    pub title: String,
    /// Redacted where a coordinator removed personal details; empty once withdrawn.
    pub answers: Vec<Answer>,
    pub withdrawn: bool,
    pub received_at: DateTime<Utc>,
    /// A coordinator has opened it (or linked it to an action).
    pub read: bool,
    /// The participant asked to hear what happens next.
    pub wants_updates: bool,
    /// When its owner last opened this receipt, if ever.
    pub last_seen: Option<DateTime<Utc>>,
}

#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// Succeeds when the database answers.
    async fn ping(&self) -> Result<(), StoreError>;

    /// Every conversation, open or closed, with its questions in order.
    async fn conversations(&self) -> Result<Vec<Conversation>, StoreError>;

    /// Adds a conversation, closed and without questions. `Conflict` when the id is taken.
    async fn create_conversation(
        &self,
        id: &str,
        title: &str,
        audit: &AuditRecord,
    ) -> Result<(), StoreError>;

    /// Saves a conversation's title and promises. `NotFound` when there is none.
    async fn update_conversation(
        &self,
        id: &str,
        title: &str,
        promises: &Promises,
        audit: &AuditRecord,
    ) -> Result<(), StoreError>;

    /// Opens or closes a conversation. `NotFound` when there is none.
    async fn set_open(&self, id: &str, open: bool, audit: &AuditRecord) -> Result<(), StoreError>;

    /// Replaces a conversation's questions with `questions`, in that order. `NotFound` when none.
    async fn set_questions(
        &self,
        id: &str,
        questions: &[Question],
        audit: &AuditRecord,
    ) -> Result<(), StoreError>;

    /// How many submissions each conversation has: (conversation id, count), only those with any.
    async fn submission_counts(&self) -> Result<Vec<(String, i64)>, StoreError>;

    /// Stores each record at most once per id, all in one transaction, and says per record what happened.
    async fn insert_submissions(
        &self,
        records: &[SubmissionRecord],
        received_at: DateTime<Utc>,
    ) -> Result<Vec<InsertOutcome>, StoreError>;

    /// The submission a receipt belongs to, as its owner may see it.
    async fn receipt(&self, receipt: &ReceiptCode)
        -> Result<Option<ReceiptSubmission>, StoreError>;

    /// Submissions matching `filter`, newest first, older than `before` when given.
    async fn inbox(
        &self,
        filter: &InboxFilter,
        before: Option<&InboxCursor>,
        limit: u32,
    ) -> Result<Vec<InboxEntry>, StoreError>;

    /// Deletes the words of the submission with this receipt (and coordinators' notes and theme links on
    /// it) and records that it was withdrawn, with `audit` naming it. `false` when there is no such
    /// receipt or it was already withdrawn. Its id stays known, so an old outbox resending it is told
    /// "duplicate" and nothing comes back.
    async fn withdraw(
        &self,
        receipt: &ReceiptCode,
        audit: &(dyn Fn(Uuid) -> AuditRecord + Sync),
    ) -> Result<bool, StoreError>;

    /// Records that the receipt's owner looked at it now.
    async fn note_receipt_visit(&self, receipt: &ReceiptCode) -> Result<(), StoreError>;

    /// Marks a submission read by a coordinator (the first time only).
    async fn mark_read(&self, id: Uuid) -> Result<(), StoreError>;

    /// Every action, or only the published ones, most recently changed first, with themes, updates and
    /// the count of linked submissions.
    async fn actions(&self, published_only: bool) -> Result<Vec<Action>, StoreError>;

    /// (id, title) of every action, drafts too, most recently changed first: for forms and filters,
    /// without loading what hangs on each action.
    async fn action_titles(&self) -> Result<Vec<(i64, String)>, StoreError>;

    /// One action, published or not.
    async fn action(&self, id: i64) -> Result<Option<Action>, StoreError>;

    /// The published actions a submission is linked to.
    async fn actions_for(&self, submission: Uuid) -> Result<Vec<Action>, StoreError>;

    /// Up to `per_action` of the newest submissions behind each action that may be quoted in public:
    /// published (so with quote consent), not withdrawn, as redacted. (action id, answers).
    async fn action_quotes(
        &self,
        actions: &[i64],
        per_action: u32,
    ) -> Result<Vec<(i64, Vec<Answer>)>, StoreError>;

    /// A new draft action, "considering". Returns its id.
    async fn create_action(&self, title: &str, audit: &AuditRecord) -> Result<i64, StoreError>;

    /// Saves what an action says and which themes it answers (unknown theme ids are left out).
    /// `NotFound` when there is no such action.
    async fn save_action(
        &self,
        id: i64,
        fields: &ActionFields,
        themes: &[i64],
        audit: &AuditRecord,
    ) -> Result<(), StoreError>;

    /// Publishes an action or takes it back to a draft. `NotFound` when none.
    async fn set_action_published(
        &self,
        id: i64,
        published: bool,
        audit: &AuditRecord,
    ) -> Result<(), StoreError>;

    /// Adds a dated update (`author` `None`: written by Cairn itself, as seed data is). `NotFound` when
    /// no action.
    async fn add_action_update(
        &self,
        id: i64,
        author: Option<i64>,
        body: &str,
        audit: &AuditRecord,
    ) -> Result<(), StoreError>;

    /// Links submissions to an action and marks them read; withdrawn or unknown ids and links that
    /// exist already are skipped. Returns how many links are new; the audit entry is written only
    /// when there are some. `NotFound` when no action.
    async fn link_submissions(
        &self,
        action: i64,
        submissions: &[Uuid],
        audit: &AuditRecord,
    ) -> Result<u64, StoreError>;

    /// `NotFound` when they were not linked.
    async fn unlink_submission(
        &self,
        action: i64,
        submission: Uuid,
        audit: &AuditRecord,
    ) -> Result<(), StoreError>;

    /// One submission with its flag and notes (not a withdrawn one).
    async fn submission(&self, id: Uuid) -> Result<Option<SubmissionDetail>, StoreError>;

    /// Publishes, hides or returns a submission to new. Publishing a submission without quote consent
    /// changes nothing and is `NotFound`, whatever the caller checked. `NotFound` when no submission.
    async fn set_status(
        &self,
        id: Uuid,
        status: Status,
        audit: &AuditRecord,
    ) -> Result<(), StoreError>;

    /// Sets the answers everyone but coordinators see (`None`: the original again).
    async fn set_public_answers(
        &self,
        id: Uuid,
        answers: Option<&[Answer]>,
        audit: &AuditRecord,
    ) -> Result<(), StoreError>;

    /// Every theme with its count, by name.
    async fn themes(&self) -> Result<Vec<Theme>, StoreError>;

    /// `Conflict` when the name is taken.
    async fn create_theme(&self, name: &str, audit: &AuditRecord) -> Result<Theme, StoreError>;

    /// `NotFound`, or `Conflict` when another theme has the name.
    async fn rename_theme(
        &self,
        id: i64,
        name: &str,
        audit: &AuditRecord,
    ) -> Result<(), StoreError>;

    /// Moves every submission of theme `from` to `into` and deletes `from`. `NotFound` unless both exist.
    async fn merge_themes(
        &self,
        from: i64,
        into: i64,
        audit: &AuditRecord,
    ) -> Result<(), StoreError>;

    /// Tags or untags a submission. `NotFound` when either is missing.
    async fn set_tagged(
        &self,
        submission: Uuid,
        theme: i64,
        tagged: bool,
        audit: &AuditRecord,
    ) -> Result<(), StoreError>;

    /// Opens a safeguarding flag (or opens it again). `NotFound` when no submission.
    async fn raise_flag(
        &self,
        submission: Uuid,
        reason: &str,
        audit: &AuditRecord,
    ) -> Result<(), StoreError>;

    /// Moves a flag on; `close_note` is kept when closing. `NotFound` when not flagged.
    async fn update_flag(
        &self,
        submission: Uuid,
        state: FlagState,
        close_note: &str,
        audit: &AuditRecord,
    ) -> Result<(), StoreError>;

    /// Flags open or in progress, oldest first.
    async fn open_flags(&self) -> Result<Vec<FlagEntry>, StoreError>;

    /// Adds a private note. `NotFound` when no submission.
    async fn add_note(&self, submission: Uuid, author: i64, body: &str) -> Result<(), StoreError>;

    async fn count_users(&self) -> Result<i64, StoreError>;

    /// `Conflict` when the email is taken.
    async fn create_user(
        &self,
        email: &Email,
        password_hash: &str,
        role: Role,
    ) -> Result<User, StoreError>;

    /// Records a first-admin setup token (its hash), valid until the first account exists. Every server
    /// that starts on an empty database adds one, so any of them can print a working link.
    async fn add_setup_token(&self, token_hash: &str) -> Result<(), StoreError>;

    /// Whether `token_hash` is a setup token issued after `issued_after` (links expire).
    async fn setup_token_live(
        &self,
        token_hash: &str,
        issued_after: chrono::DateTime<chrono::Utc>,
    ) -> Result<bool, StoreError>;

    /// Creates the first admin when `setup_token_hash` is a live setup token and there are no users yet,
    /// using up every setup token in the same transaction; `None` otherwise. Two servers racing with two
    /// different links still make one admin.
    async fn create_first_user(
        &self,
        setup_token_hash: &str,
        email: &Email,
        password_hash: &str,
        role: Role,
    ) -> Result<Option<User>, StoreError>;

    /// Every account, oldest first.
    async fn accounts(&self) -> Result<Vec<Account>, StoreError>;

    /// Disables or enables an account. Disabling ends all its sessions in the same transaction, so a
    /// disabled person is signed out everywhere at once. `NotFound` when there is no such account.
    async fn set_disabled(&self, user_id: i64, disabled: bool) -> Result<(), StoreError>;

    /// Replaces an account's password hash and ends its sessions, all but `keep` (the hash of the
    /// session making the change, when people change their own password). `NotFound` when no account.
    async fn set_password(
        &self,
        user_id: i64,
        password_hash: &str,
        keep: Option<&str>,
    ) -> Result<(), StoreError>;

    /// An enabled user and their password hash.
    async fn credentials(&self, email: &Email) -> Result<Option<(User, String)>, StoreError>;

    async fn create_session(
        &self,
        token_hash: &str,
        user_id: i64,
        expires_at: DateTime<Utc>,
    ) -> Result<(), StoreError>;

    /// The user of a live session on an enabled account.
    async fn session_user(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<User>, StoreError>;

    async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError>;

    /// Audit entries newest first: those whose action starts with `kind` (all when `None`), older than
    /// entry `before` when given.
    async fn audit_entries(
        &self,
        kind: Option<&str>,
        before: Option<i64>,
        limit: u32,
    ) -> Result<Vec<crate::audit::AuditEntry>, StoreError>;

    /// Appends to the audit log, which nobody can edit.
    async fn audit(
        &self,
        actor: Option<i64>,
        action: &str,
        subject: &str,
    ) -> Result<(), StoreError>;

    /// A report's figures, counted in the database: the period's submissions (withdrawn ones left
    /// out) per day, by channel, theme and feeling, and the actions linked to them.
    async fn report(
        &self,
        filter: &crate::domain::ReportFilter,
    ) -> Result<crate::domain::ReportFigures, StoreError>;

    /// Up to `limit` of the period's newest submissions that may be quoted: published (so with quote
    /// consent), as redacted. (conversation id, answers).
    async fn report_quotes(
        &self,
        filter: &crate::domain::ReportFilter,
        limit: u32,
    ) -> Result<Vec<(String, Vec<Answer>)>, StoreError>;

    /// How long words are kept, in general and per conversation.
    async fn retention(&self) -> Result<crate::domain::Retention, StoreError>;

    /// Sets the general rule and each listed conversation's own rule (unknown ids are skipped).
    async fn set_retention(
        &self,
        days: Option<u32>,
        conversations: &[(String, Option<u32>)],
        audit: &AuditRecord,
    ) -> Result<(), StoreError>;

    /// The reach questions, in order.
    async fn reach_questions(&self) -> Result<Vec<crate::domain::ReachQuestion>, StoreError>;

    /// Adds a reach question at the end. Returns its id.
    async fn add_reach_question(
        &self,
        form: &crate::domain::ReachForm,
        audit: &AuditRecord,
    ) -> Result<i64, StoreError>;

    /// Removes a reach question and its counts. `NotFound` when none.
    async fn remove_reach_question(&self, id: i64, audit: &AuditRecord) -> Result<(), StoreError>;

    /// Sets a reach question's population figures. `NotFound` when none.
    async fn set_reach_population(
        &self,
        id: i64,
        population: &[Option<f64>],
        audit: &AuditRecord,
    ) -> Result<(), StoreError>;

    /// Reach answers counted over a period: (question id, choice, count).
    async fn reach_counts(
        &self,
        filter: &crate::domain::ReportFilter,
    ) -> Result<Vec<(i64, String, i64)>, StoreError>;

    /// Deletes the text answers of submissions older than their conversation's rule, keeping the
    /// rest of each row, a batch at a time; each conversation's purge is in the audit log.
    async fn purge_expired_text(
        &self,
        now: DateTime<Utc>,
    ) -> Result<Vec<crate::domain::Purged>, StoreError>;

    /// Deletes the sessions that expired before `now`; how many.
    async fn delete_expired_sessions(&self, now: DateTime<Utc>) -> Result<u64, StoreError>;

    /// Deletes the setup links that can never work again: all of them once an account exists, and
    /// those made before `made_before`; how many.
    async fn delete_spent_setup_links(&self, made_before: DateTime<Utc>)
        -> Result<u64, StoreError>;
}

/// Settings the app needs at run time (the server reads them from its configuration).
#[derive(Clone, Debug)]
pub struct Settings {
    pub secure_cookies: bool,
    /// How long a staff sign-in lasts.
    pub session_minutes: i64,
    /// Where "Leave this page" goes (`CAIRN_LEAVE_URL`).
    pub leave_url: String,
}

/// What server functions reach through context.
#[derive(Clone)]
pub struct Ctx {
    pub store: Arc<dyn Store>,
    pub settings: Arc<Settings>,
    /// The daily backup's latest news; holds `None` when backups are not set up here.
    pub backups: Arc<std::sync::RwLock<Option<crate::domain::BackupStatus>>>,
}

impl Ctx {
    /// The context provided by the server for every request.
    pub fn get() -> Result<Ctx, crate::error::AppError> {
        leptos::prelude::use_context::<Ctx>().ok_or_else(|| {
            tracing::error!("Ctx missing from context");
            crate::error::AppError::Internal
        })
    }
}
