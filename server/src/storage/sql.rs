//! The SQL both dialects run, written once. It keeps to what SQLite and PostgreSQL both accept:
//! `$n` parameters, `RETURNING`, `ON CONFLICT … DO NOTHING`, row-value comparison, `NOT` on a flag
//! column, and `CAST(… AS TEXT)` where PostgreSQL stores JSON as `jsonb` and SQLite as text.

pub const CONVERSATIONS: &str = "SELECT id, title, open, why, how_used, who_sees, what_next, budget_timeline, closes_on, support,
        lang, CAST(translations AS TEXT) AS translations
     FROM conversations ORDER BY position, created_at";

pub const QUESTIONS: &str =
    "SELECT conversation_id, id, kind, prompt, CAST(choices AS TEXT) AS choices
     FROM questions ORDER BY conversation_id, position";

pub const CREATE_CONVERSATION: &str =
    "INSERT INTO conversations (id, title, open, created_at) VALUES ($1, $2, $3, $4)";

pub const UPDATE_CONVERSATION: &str =
    "UPDATE conversations SET title = $1, why = $2, how_used = $3,
        who_sees = $4, what_next = $5, budget_timeline = $6, closes_on = $7, support = $8
     WHERE id = $9";

pub const SET_LANGUAGE: &str = "UPDATE conversations SET lang = $1 WHERE id = $2";

/// `$1` the translations of every language, as JSON.
pub const SET_TRANSLATIONS: &str = "UPDATE conversations SET translations = $1 WHERE id = $2";

pub const SET_OPEN: &str = "UPDATE conversations SET open = $1 WHERE id = $2";

pub const CONVERSATION_EXISTS: &str = "SELECT COUNT(*) FROM conversations WHERE id = $1";

pub const DELETE_QUESTIONS: &str = "DELETE FROM questions WHERE conversation_id = $1";

pub const INSERT_QUESTION: &str =
    "INSERT INTO questions (conversation_id, id, position, kind, prompt, choices)
     VALUES ($1, $2, $3, $4, $5, $6)";

pub const SUBMISSION_COUNTS: &str =
    "SELECT conversation_id, COUNT(*) FROM submissions GROUP BY conversation_id";

/// Followed by a multi-row `VALUES` list in this column order, then `INSERT_SUBMISSIONS_TAIL`. `id` is
/// the staff id Cairn draws (pages, exports, audit); `client_id` is the sending device's own id, a
/// secret that is only ever matched, never shown.
pub const INSERT_SUBMISSIONS: &str =
    "INSERT INTO submissions (id, client_id, conversation_id, channel, created_at, received_at, consent_quote,
         consent_board, consent_updates, answers, fingerprint, receipt, submitted_by, search_text, late,
         place, lang) ";

/// A row whose client id (or, about once in 10^12, receipt or staff id) is taken is skipped, not an
/// error: skipping a taken client id is the idempotency, and `insert::insert` draws a new receipt
/// for the rest.
pub const INSERT_SUBMISSIONS_TAIL: &str = " ON CONFLICT DO NOTHING RETURNING client_id, receipt";

/// Followed by a parenthesised list of client ids.
pub const EXISTING_SUBMISSIONS: &str =
    "SELECT client_id, receipt, fingerprint FROM submissions WHERE client_id IN ";

pub const RECEIPT: &str = "SELECT s.id, s.conversation_id, c.title,
        CAST(COALESCE(s.public_answers, s.answers) AS TEXT) AS answers,
        s.withdrawn_at IS NOT NULL AS withdrawn, s.received_at, s.read_at IS NOT NULL AS read,
        s.consent_updates, s.receipt_seen_at
     FROM submissions s JOIN conversations c ON c.id = s.conversation_id WHERE s.receipt = $1";

/// The inbox's columns and joins; `inbox` in `moderation.rs` adds the filter, then `INBOX_ORDER`.
pub const INBOX_SELECT: &str =
    "SELECT s.id, s.conversation_id, c.title, s.channel, s.created_at, s.received_at,
        s.consent_quote, s.consent_board, s.consent_updates, CAST(s.answers AS TEXT) AS answers,
        s.status, CAST(s.public_answers AS TEXT) AS public_answers, g.state AS flag, s.late,
        s.withdrawn_at IS NOT NULL AS withdrawn, s.read_at IS NOT NULL AS read, s.place, s.lang
     FROM submissions s JOIN conversations c ON c.id = s.conversation_id
     LEFT JOIN safeguarding g ON g.submission_id = s.id
     WHERE TRUE";

/// Followed by the page size.
pub const INBOX_ORDER: &str = " ORDER BY s.received_at DESC, s.id DESC LIMIT ";

/// Followed by a parenthesised list of submission ids.
pub const THEMES_OF: &str = "SELECT st.submission_id, t.id, t.name
     FROM submission_themes st JOIN themes t ON t.id = st.theme_id WHERE st.submission_id IN ";

/// Publishing needs quote consent, checked here too so no caller can skip it.
/// Deletes the words of a submission, keeping the row (id, receipt, fingerprint, consent, times) as a
/// tombstone; only once. `$1` the receipt, `$2` the time.
pub const WITHDRAW: &str = "UPDATE submissions
     SET answers = '[]', public_answers = NULL, search_text = '', withdrawn_at = $2
     WHERE receipt = $1 AND withdrawn_at IS NULL RETURNING id";

/// Coordinators' notes and theme links may quote the participant: they go with the words.
pub const DELETE_NOTES: &str = "DELETE FROM notes WHERE submission_id = $1";
pub const DELETE_TAGS: &str = "DELETE FROM submission_themes WHERE submission_id = $1";
pub const DELETE_LINKS: &str = "DELETE FROM action_submissions WHERE submission_id = $1";
/// A safeguarding flag stays (that there was a concern), but its reason and close note may quote the
/// participant, so they go with the words.
pub const CLEAR_FLAG_WORDS: &str =
    "UPDATE safeguarding SET reason = '', close_note = '' WHERE submission_id = $1";

pub const NOTE_RECEIPT_VISIT: &str =
    "UPDATE submissions SET receipt_seen_at = $2 WHERE receipt = $1";

pub const MARK_READ: &str = "UPDATE submissions SET read_at = $2 WHERE id = $1 AND read_at IS NULL";

/// Followed by a condition (`ACTION_PUBLISHED`, `ACTION_ONE`, `ACTION_FOR`), then `ACTIONS_ORDER`.
pub const ACTIONS: &str = "SELECT a.id, a.title, a.heard, a.doing, a.status, a.reason, a.budget,
        a.timeline, a.decided, a.published, a.created_at, a.updated_at, a.lang,
        CAST(a.translations AS TEXT) AS translations,
        (SELECT COUNT(*) FROM action_submissions l WHERE l.action_id = a.id) AS linked
     FROM actions a WHERE TRUE";
pub const ACTION_PUBLISHED: &str = " AND a.published";
/// Followed by the id.
pub const ACTION_ONE: &str = " AND a.id = ";
/// Followed by the submission id and `)`.
pub const ACTION_FOR: &str = " AND a.published
     AND a.id IN (SELECT action_id FROM action_submissions WHERE submission_id = ";
pub const ACTIONS_ORDER: &str = " ORDER BY a.updated_at DESC, a.id DESC";

pub const ACTION_TITLES: &str = "SELECT id, title FROM actions ORDER BY updated_at DESC, id DESC";

/// Followed by a parenthesised list of action ids.
pub const ACTION_THEMES_OF: &str = "SELECT x.action_id, t.id, t.name
     FROM action_themes x JOIN themes t ON t.id = x.theme_id WHERE x.action_id IN ";

/// Followed by a parenthesised list of action ids, then `UPDATES_ORDER`.
pub const ACTION_UPDATES_OF: &str = "SELECT u.id, u.action_id, u.at, u.body, w.email AS author
     FROM action_updates u LEFT JOIN users w ON w.id = u.author_id WHERE u.action_id IN ";
pub const UPDATES_ORDER: &str = " ORDER BY u.at DESC, u.id DESC";

/// Only what may be quoted: published (which needs quote consent, checked again here), not withdrawn,
/// as redacted. Followed by a parenthesised list of action ids, then `QUOTES_TAIL` and the limit.
pub const ACTION_QUOTES: &str = "SELECT action_id, answers FROM (
        SELECT l.action_id, CAST(COALESCE(s.public_answers, s.answers) AS TEXT) AS answers,
            ROW_NUMBER() OVER (PARTITION BY l.action_id ORDER BY s.received_at DESC, s.id DESC) AS n
        FROM action_submissions l JOIN submissions s ON s.id = l.submission_id
        WHERE s.status = 'published' AND s.consent_quote AND s.withdrawn_at IS NULL
            AND l.action_id IN ";
pub const QUOTES_TAIL: &str = ") q WHERE n <= ";

pub const CREATE_ACTION: &str =
    "INSERT INTO actions (title, created_at, updated_at) VALUES ($1, $2, $2) RETURNING id";

pub const SAVE_ACTION: &str = "UPDATE actions SET title = $1, heard = $2, doing = $3, status = $4,
        reason = $5, budget = $6, timeline = $7, decided = $8, updated_at = $9
     WHERE id = $10";

pub const DELETE_ACTION_THEMES: &str = "DELETE FROM action_themes WHERE action_id = $1";

/// Only a theme that exists: a stale form naming a deleted theme adds nothing.
pub const ADD_ACTION_THEME: &str = "INSERT INTO action_themes (action_id, theme_id)
     SELECT $1, id FROM themes WHERE id = $2 ON CONFLICT DO NOTHING";

pub const SET_ACTION_PUBLISHED: &str =
    "UPDATE actions SET published = $1, updated_at = $2 WHERE id = $3";

/// `$1` the language, `$2` every translation as JSON.
pub const SET_ACTION_LANGUAGES: &str =
    "UPDATE actions SET lang = $1, translations = $2 WHERE id = $3";

pub const ACTION_EXISTS: &str = "SELECT COUNT(*) FROM actions WHERE id = $1";

pub const TOUCH_ACTION: &str = "UPDATE actions SET updated_at = $2 WHERE id = $1";

pub const ADD_ACTION_UPDATE: &str =
    "INSERT INTO action_updates (action_id, body, author_id, at) VALUES ($1, $2, $3, $4)";

/// Built with bound values in order: the action id, `LINK_FROM`, the time, `LINK_WHERE`, a parenthesised
/// list of submission ids, `LINK_TAIL`. Withdrawn submissions are never linked.
pub const LINK_SUBMISSIONS: &str =
    "INSERT INTO action_submissions (action_id, submission_id, linked_at) SELECT ";
pub const LINK_FROM: &str = ", id, ";
pub const LINK_WHERE: &str = " FROM submissions WHERE withdrawn_at IS NULL AND id IN ";
pub const LINK_TAIL: &str = " ON CONFLICT DO NOTHING";

/// Followed by the time, `MARK_READ_WHERE` and a parenthesised list of submission ids.
pub const MARK_READ_MANY: &str = "UPDATE submissions SET read_at = ";
pub const MARK_READ_WHERE: &str = " WHERE read_at IS NULL AND id IN ";

pub const UNLINK_SUBMISSION: &str =
    "DELETE FROM action_submissions WHERE action_id = $1 AND submission_id = $2";

pub const ACTIONS_OF: &str = "SELECT a.id, a.title FROM action_submissions l
     JOIN actions a ON a.id = l.action_id WHERE l.submission_id = $1 ORDER BY a.title";

pub const SET_STATUS: &str = "UPDATE submissions SET status = $1
     WHERE id = $2 AND ($1 <> 'published' OR consent_quote)";

pub const SET_PUBLIC_ANSWERS: &str = "UPDATE submissions SET public_answers = $1 WHERE id = $2";

pub const THEMES: &str = "SELECT t.id, t.name, COUNT(st.submission_id) AS count
     FROM themes t LEFT JOIN submission_themes st ON st.theme_id = t.id
     GROUP BY t.id, t.name ORDER BY t.name";

pub const CREATE_THEME: &str = "INSERT INTO themes (name, created_at) VALUES ($1, $2) RETURNING id";

pub const RENAME_THEME: &str = "UPDATE themes SET name = $1 WHERE id = $2";

pub const COUNT_THEMES: &str = "SELECT COUNT(*) FROM themes WHERE id IN ($1, $2)";

pub const MOVE_THEME: &str = "INSERT INTO submission_themes (submission_id, theme_id)
     SELECT submission_id, $2 FROM submission_themes WHERE theme_id = $1 ON CONFLICT DO NOTHING";

/// Actions answering the merged theme answer the one it merged into.
pub const MOVE_ACTION_THEME: &str = "INSERT INTO action_themes (action_id, theme_id)
     SELECT action_id, $2 FROM action_themes WHERE theme_id = $1 ON CONFLICT DO NOTHING";

/// Its links go with it (`ON DELETE CASCADE`).
pub const DELETE_THEME: &str = "DELETE FROM themes WHERE id = $1";

pub const TAG: &str = "INSERT INTO submission_themes (submission_id, theme_id) VALUES ($1, $2)
     ON CONFLICT DO NOTHING";

pub const UNTAG: &str = "DELETE FROM submission_themes WHERE submission_id = $1 AND theme_id = $2";

pub const SUBMISSION_EXISTS: &str = "SELECT COUNT(*) FROM submissions WHERE id = $1";

pub const THEME_EXISTS: &str = "SELECT COUNT(*) FROM themes WHERE id = $1";

/// Raising a flag again opens it afresh with the new reason.
pub const RAISE_FLAG: &str =
    "INSERT INTO safeguarding (submission_id, state, reason, close_note, raised_by, raised_at, updated_at)
     VALUES ($1, 'open', $2, '', $3, $4, $4)
     ON CONFLICT (submission_id) DO UPDATE SET state = 'open', reason = excluded.reason,
         close_note = '', raised_by = excluded.raised_by, raised_at = excluded.raised_at,
         updated_at = excluded.updated_at";

pub const UPDATE_FLAG: &str = "UPDATE safeguarding SET state = $1, close_note = $2, updated_at = $3
     WHERE submission_id = $4";

pub const FLAG: &str = "SELECT g.state, g.reason, g.close_note, u.email AS raised_by, g.raised_at,
        g.updated_at
     FROM safeguarding g LEFT JOIN users u ON u.id = g.raised_by WHERE g.submission_id = $1";

pub const OPEN_FLAGS: &str = "SELECT g.submission_id, c.title, g.state, g.reason,
        u.email AS raised_by, g.raised_at, s.withdrawn_at IS NOT NULL AS withdrawn
     FROM safeguarding g JOIN submissions s ON s.id = g.submission_id
     JOIN conversations c ON c.id = s.conversation_id
     LEFT JOIN users u ON u.id = g.raised_by
     WHERE g.state IN ('open', 'in_progress') ORDER BY g.raised_at, g.submission_id";

pub const ADD_NOTE: &str =
    "INSERT INTO notes (submission_id, author_id, body, at) VALUES ($1, $2, $3, $4)";

pub const NOTES: &str = "SELECT u.email AS author, n.at, n.body
     FROM notes n LEFT JOIN users u ON u.id = n.author_id WHERE n.submission_id = $1 ORDER BY n.id";

pub const COUNT_USERS: &str = "SELECT COUNT(*) FROM users";

pub const CREATE_USER: &str =
    "INSERT INTO users (email, password_hash, role, created_at) VALUES ($1, $2, $3, $4) RETURNING id";

pub const ADD_SETUP_TOKEN: &str =
    "INSERT INTO setup_tokens (token_hash, created_at) VALUES ($1, $2)";

pub const SETUP_TOKEN_LIVE: &str =
    "SELECT COUNT(*) FROM setup_tokens WHERE token_hash = $1 AND created_at > $2";

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

pub const DELETE_EXPIRED_SESSIONS: &str = "DELETE FROM sessions WHERE expires_at <= $1";

/// A setup link works only while there is no account, so once one exists every link is spent.
pub const DELETE_SPENT_SETUP_TOKENS: &str =
    "DELETE FROM setup_tokens WHERE created_at < $1 OR EXISTS (SELECT 1 FROM users)";

/// `$1` an action prefix ('' for all), `$2` an entry id to page below (0 for the newest), `$3` the limit.
pub const AUDIT_ENTRIES: &str = "SELECT a.id, a.at, u.email AS actor, a.action, a.subject
     FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
     WHERE ($1 = '' OR a.action LIKE $1 || '%') AND ($2 = 0 OR a.id < $2)
     ORDER BY a.id DESC LIMIT $3";

pub const AUDIT: &str =
    "INSERT INTO audit_log (at, actor_id, action, subject) VALUES ($1, $2, $3, $4)";

// Reports. Each is followed by `report_scope` in `store_impl` (the period, not withdrawn, one
// conversation if asked), then its tail.
pub const REPORT_TOTALS: &str = "SELECT COUNT(*), COUNT(s.text_deleted_at) FROM submissions s";
pub const REPORT_CHANNELS: &str = "SELECT s.channel, COUNT(*) FROM submissions s";
pub const REPORT_CHANNELS_TAIL: &str = " GROUP BY s.channel";
pub const REPORT_LANGUAGES: &str = "SELECT s.lang, COUNT(*) FROM submissions s";
pub const REPORT_LANGUAGES_TAIL: &str = " GROUP BY s.lang";
pub const REPORT_THEMES: &str = "SELECT t.name, COUNT(*) FROM submissions s
     JOIN submission_themes st ON st.submission_id = s.id JOIN themes t ON t.id = st.theme_id";
pub const REPORT_THEMES_TAIL: &str = " GROUP BY t.name ORDER BY COUNT(*) DESC, t.name";
pub const REPORT_LINKED: &str = "SELECT COUNT(DISTINCT s.id) FROM submissions s
     JOIN action_submissions l ON l.submission_id = s.id";
pub const REPORT_ACTIONS: &str = "SELECT a.status, COUNT(DISTINCT a.id) FROM actions a
     JOIN action_submissions l ON l.action_id = a.id JOIN submissions s ON s.id = l.submission_id";
pub const REPORT_ACTIONS_TAIL: &str = " GROUP BY a.status";
pub const REPORT_QUOTES: &str = "SELECT s.conversation_id,
        CAST(COALESCE(s.public_answers, s.answers) AS TEXT) FROM submissions s";
pub const REPORT_QUOTES_TAIL: &str =
    " AND s.status = 'published' AND s.consent_quote ORDER BY s.received_at DESC, s.id DESC LIMIT ";

// Retention.
pub const KEEP_DAYS: &str = "SELECT value FROM settings WHERE name = 'keep_text_days'";
pub const SET_KEEP_DAYS: &str = "INSERT INTO settings (name, value) VALUES ('keep_text_days', $1)
     ON CONFLICT (name) DO UPDATE SET value = excluded.value";
pub const CLEAR_KEEP_DAYS: &str = "DELETE FROM settings WHERE name = 'keep_text_days'";
pub const CONVERSATION_KEEP_DAYS: &str =
    "SELECT id, title, CAST(keep_text_days AS BIGINT) FROM conversations ORDER BY title, id";
pub const SET_CONVERSATION_KEEP_DAYS: &str =
    "UPDATE conversations SET keep_text_days = $1 WHERE id = $2";
/// `$1` conversation, `$2` the cut-off time, then the batch size.
pub const EXPIRED_TEXT: &str = "SELECT s.id, CAST(s.answers AS TEXT) FROM submissions s
     WHERE s.conversation_id = $1 AND s.received_at < $2 AND s.text_deleted_at IS NULL
       AND s.withdrawn_at IS NULL
     ORDER BY s.received_at LIMIT ";
/// `$1` answers without text, `$2` search text, `$3` now, `$4` id.
pub const DELETE_TEXT: &str = "UPDATE submissions
     SET answers = $1, public_answers = NULL, search_text = $2, text_deleted_at = $3 WHERE id = $4";

// Reach.
pub const REACH_QUESTIONS: &str =
    "SELECT id, prompt, choices, population, lang, CAST(translations AS TEXT) AS translations
     FROM reach_questions ORDER BY position, id";
/// `$1` the language, `$2` every translation as JSON.
pub const SET_REACH_LANGUAGES: &str =
    "UPDATE reach_questions SET lang = $1, translations = $2 WHERE id = $3";
pub const ADD_REACH_QUESTION: &str =
    "INSERT INTO reach_questions (prompt, choices, population, position)
     VALUES ($1, $2, $3, (SELECT COALESCE(MAX(position), 0) + 1 FROM reach_questions)) RETURNING id";
pub const REMOVE_REACH_QUESTION: &str = "DELETE FROM reach_questions WHERE id = $1";
pub const SET_REACH_POPULATION: &str = "UPDATE reach_questions SET population = $1 WHERE id = $2";
/// Followed by `VALUES …` and `ADD_REACH_TAIL`: one row per (question, choice, conversation, day).
pub const ADD_REACH: &str =
    "INSERT INTO reach_counts (question_id, choice, conversation_id, day, n) ";
pub const ADD_REACH_TAIL: &str = " ON CONFLICT (question_id, choice, conversation_id, day)
     DO UPDATE SET n = reach_counts.n + excluded.n";
/// Followed by the first day, `AND day <=` the last (`YYYY-MM-DD`), a conversation filter and
/// `REACH_COUNTS_TAIL`.
pub const REACH_COUNTS: &str =
    "SELECT question_id, choice, CAST(SUM(n) AS BIGINT) FROM reach_counts WHERE day >= ";
pub const REACH_COUNTS_TAIL: &str = " GROUP BY question_id, choice";
