-- Cairn's schema for SQLite. Times are RFC 3339 text in UTC with microseconds, so they sort as text.

CREATE TABLE conversations (
    id              TEXT PRIMARY KEY,
    title           TEXT NOT NULL,
    open            INTEGER NOT NULL DEFAULT 1,
    why             TEXT NOT NULL DEFAULT '',
    how_used        TEXT NOT NULL DEFAULT '',
    who_sees        TEXT NOT NULL DEFAULT '',
    what_next       TEXT NOT NULL DEFAULT '',
    budget_timeline TEXT NOT NULL DEFAULT '',
    closes_on       TEXT,
    support         TEXT NOT NULL DEFAULT '',
    position        INTEGER NOT NULL DEFAULT 0,
    created_at      TEXT NOT NULL
);

CREATE TABLE questions (
    conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    id              TEXT NOT NULL,
    position        INTEGER NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('text', 'scale', 'choice')),
    prompt          TEXT NOT NULL,
    choices         TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (conversation_id, id)
);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('staff', 'coordinator', 'admin')),
    disabled      INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE submissions (
    id              TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL REFERENCES conversations (id),
    channel         TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    received_at     TEXT NOT NULL,
    consent_quote   INTEGER NOT NULL,
    consent_board   INTEGER NOT NULL,
    consent_updates INTEGER NOT NULL,
    answers         TEXT NOT NULL,
    fingerprint     TEXT NOT NULL,
    receipt         TEXT NOT NULL UNIQUE,
    submitted_by    INTEGER REFERENCES users (id)
);
CREATE INDEX submissions_newest ON submissions (received_at DESC, id DESC);

-- Append-only: the app never updates or deletes rows here, and the triggers refuse it.
CREATE TABLE audit_log (
    id       INTEGER PRIMARY KEY,
    at       TEXT NOT NULL,
    actor_id INTEGER REFERENCES users (id),
    action   TEXT NOT NULL,
    subject  TEXT NOT NULL
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log cannot be changed'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log cannot be changed'); END;
