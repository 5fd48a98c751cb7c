-- Keeping data only as long as needed: a general rule (settings) and each conversation's own, and
-- when a submission's words were deleted under them (its counts stay).
CREATE TABLE settings (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
ALTER TABLE conversations ADD COLUMN keep_text_days INTEGER;
ALTER TABLE submissions ADD COLUMN text_deleted_at TIMESTAMPTZ;
