//! The SQL both dialects run, written once. It keeps to what SQLite and PostgreSQL both accept:
//! `$n` parameters, `RETURNING`, `ON CONFLICT … DO NOTHING`, row-value comparison, `NOT` on a flag
//! column, and `CAST(… AS TEXT)` where PostgreSQL stores JSON as `jsonb` and SQLite as text.

pub const CONVERSATIONS: &str = "SELECT id, title, open, why, how_used, who_sees, what_next, budget_timeline, closes_on, support
     FROM conversations ORDER BY position, created_at";

pub const QUESTIONS: &str =
    "SELECT conversation_id, id, kind, prompt, CAST(choices AS TEXT) AS choices
     FROM questions ORDER BY conversation_id, position";

/// Followed by a multi-row `VALUES` list in this column order, then `INSERT_SUBMISSIONS_TAIL`.
pub const INSERT_SUBMISSIONS: &str =
    "INSERT INTO submissions (id, conversation_id, channel, created_at, received_at, consent_quote,
         consent_board, consent_updates, answers, fingerprint, receipt, submitted_by) ";

/// A row whose id (or, about once in 10^12, receipt) is taken is skipped, not an error: skipping a
/// taken id is the idempotency, and `submissions::insert` draws a new receipt for the rest.
pub const INSERT_SUBMISSIONS_TAIL: &str = " ON CONFLICT DO NOTHING RETURNING id, receipt";

/// Followed by a parenthesised list of ids.
pub const EXISTING_SUBMISSIONS: &str =
    "SELECT id, receipt, fingerprint FROM submissions WHERE id IN ";

pub const RECEIPT_CONVERSATION: &str = "SELECT c.title FROM submissions s JOIN conversations c ON c.id = s.conversation_id WHERE s.receipt = $1";

macro_rules! inbox_columns {
    () => {
        "SELECT s.id, s.receipt, s.conversation_id, c.title, s.channel, s.created_at, s.received_at,
        s.consent_quote, s.consent_board, s.consent_updates, CAST(s.answers AS TEXT) AS answers
     FROM submissions s JOIN conversations c ON c.id = s.conversation_id"
    };
}

/// `$1` is the page size.
pub const INBOX_FIRST: &str = concat!(
    inbox_columns!(),
    " ORDER BY s.received_at DESC, s.id DESC LIMIT $1"
);

/// `$1, $2` are the cursor's time and id, `$3` the page size.
pub const INBOX_AFTER: &str = concat!(
    inbox_columns!(),
    " WHERE (s.received_at, s.id) < ($1, $2) ORDER BY s.received_at DESC, s.id DESC LIMIT $3"
);

pub const COUNT_USERS: &str = "SELECT COUNT(*) FROM users";

pub const CREATE_USER: &str =
    "INSERT INTO users (email, password_hash, role, created_at) VALUES ($1, $2, $3, $4) RETURNING id";

pub const ADD_SETUP_TOKEN: &str =
    "INSERT INTO setup_tokens (token_hash, created_at) VALUES ($1, $2)";

/// Uses up every setup token at once. Two transactions doing this at the same moment queue on the rows,
/// and the second finds none left, so two setup links can never make two first admins.
pub const TAKE_SETUP_TOKENS: &str = "DELETE FROM setup_tokens RETURNING token_hash";

pub const CREATE_FIRST_USER: &str = "INSERT INTO users (email, password_hash, role, created_at)
     SELECT $1, $2, $3, $4 WHERE NOT EXISTS (SELECT 1 FROM users) RETURNING id";

pub const ACCOUNTS: &str =
    "SELECT id, email, role, disabled, created_at FROM users ORDER BY created_at, id";

pub const SET_DISABLED: &str = "UPDATE users SET disabled = $1 WHERE id = $2";

pub const SET_PASSWORD: &str = "UPDATE users SET password_hash = $1 WHERE id = $2";

/// `$2` is the session to keep, or '' to end them all.
pub const END_SESSIONS: &str = "DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2";

pub const CREDENTIALS: &str =
    "SELECT id, email, role, password_hash FROM users WHERE email = $1 AND NOT disabled";

pub const CREATE_SESSION: &str =
    "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)";

pub const SESSION_USER: &str =
    "SELECT u.id, u.email, u.role FROM sessions s JOIN users u ON u.id = s.user_id
     WHERE s.token_hash = $1 AND s.expires_at > $2 AND NOT u.disabled";

pub const DELETE_SESSION: &str = "DELETE FROM sessions WHERE token_hash = $1";

/// `$1` an action prefix ('' for all), `$2` an entry id to page below (0 for the newest), `$3` the limit.
pub const AUDIT_ENTRIES: &str = "SELECT a.id, a.at, u.email AS actor, a.action, a.subject
     FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
     WHERE ($1 = '' OR a.action LIKE $1 || '%') AND ($2 = 0 OR a.id < $2)
     ORDER BY a.id DESC LIMIT $3";

pub const AUDIT: &str =
    "INSERT INTO audit_log (at, actor_id, action, subject) VALUES ($1, $2, $3, $4)";
