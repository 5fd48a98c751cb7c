-- First-admin setup tokens (SHA-256 of the link's token) live in the database, so a link printed by any
-- server works on every server, and using one ends them all.
CREATE TABLE setup_tokens (
    token_hash TEXT PRIMARY KEY,
    created_at TIMESTAMPTZ NOT NULL
);
