-- Cairn's schema for PostgreSQL: the same tables as SQLite's, with native types (timestamptz, uuid,
-- boolean, jsonb). The queries in src/storage/sql.rs run unchanged on both.

CREATE TABLE conversations (
    id              TEXT PRIMARY KEY,
    title           TEXT NOT NULL,
    open            BOOLEAN NOT NULL DEFAULT TRUE,
    why             TEXT NOT NULL DEFAULT '',
    how_used        TEXT NOT NULL DEFAULT '',
    who_sees        TEXT NOT NULL DEFAULT '',
    what_next       TEXT NOT NULL DEFAULT '',
    budget_timeline TEXT NOT NULL DEFAULT '',
    closes_on       TEXT,
    support         TEXT NOT NULL DEFAULT '',
    position        INTEGER NOT NULL DEFAULT 0,
    created_at      TIMESTAMPTZ NOT NULL
);

CREATE TABLE questions (
    conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    id              TEXT NOT NULL,
    position        INTEGER NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('text', 'scale', 'choice')),
    prompt          TEXT NOT NULL,
    choices         JSONB NOT NULL DEFAULT '[]',
    PRIMARY KEY (conversation_id, id)
);

CREATE TABLE users (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('staff', 'coordinator', 'admin')),
    disabled      BOOLEAN NOT NULL DEFAULT FALSE,
    created_at    TIMESTAMPTZ NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE submissions (
    id              UUID PRIMARY KEY,
    conversation_id TEXT NOT NULL REFERENCES conversations (id),
    channel         TEXT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    received_at     TIMESTAMPTZ NOT NULL,
    consent_quote   BOOLEAN NOT NULL,
    consent_board   BOOLEAN NOT NULL,
    consent_updates BOOLEAN NOT NULL,
    answers         JSONB NOT NULL,
    fingerprint     TEXT NOT NULL,
    receipt         TEXT NOT NULL UNIQUE,
    submitted_by    BIGINT REFERENCES users (id)
);
CREATE INDEX submissions_newest ON submissions (received_at DESC, id DESC);

-- Append-only: the app never updates or deletes rows here, and the trigger refuses it.
CREATE TABLE audit_log (
    id       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at       TIMESTAMPTZ NOT NULL,
    actor_id BIGINT REFERENCES users (id),
    action   TEXT NOT NULL,
    subject  TEXT NOT NULL
);
CREATE FUNCTION audit_log_unchangeable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log cannot be changed';
END;
$$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_unchangeable();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_unchangeable();
