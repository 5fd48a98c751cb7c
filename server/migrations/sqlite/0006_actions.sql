-- "You said, we did": actions with dated updates, linked to the submissions and themes behind them;
-- whether a coordinator has read a submission, and when its owner last looked at their receipt.

-- Set when a coordinator first opens or links a submission; its receipt then says "read".
ALTER TABLE submissions ADD COLUMN read_at TEXT;
-- Set when the receipt page is opened, so updates since the last visit can be marked new.
ALTER TABLE submissions ADD COLUMN receipt_seen_at TEXT;
-- Anything already moderated has been read.
UPDATE submissions SET read_at = received_at WHERE status <> 'new';

CREATE TABLE actions (
    id         INTEGER PRIMARY KEY,
    title      TEXT NOT NULL,
    heard      TEXT NOT NULL DEFAULT '',
    doing      TEXT NOT NULL DEFAULT '',
    status     TEXT NOT NULL DEFAULT 'considering'
        CHECK (status IN ('considering', 'planned', 'in_progress', 'done', 'not_doing')),
    reason     TEXT NOT NULL DEFAULT '',
    budget     TEXT NOT NULL DEFAULT '',
    timeline   TEXT NOT NULL DEFAULT '',
    decided    TEXT NOT NULL DEFAULT '',
    -- Drafts stay off the public page and receipts until a coordinator publishes them.
    published  INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE action_updates (
    id        INTEGER PRIMARY KEY,
    action_id INTEGER NOT NULL REFERENCES actions (id) ON DELETE CASCADE,
    body      TEXT NOT NULL,
    author_id INTEGER REFERENCES users (id),
    at        TEXT NOT NULL
);
CREATE INDEX action_updates_action ON action_updates (action_id, at);

CREATE TABLE action_submissions (
    action_id     INTEGER NOT NULL REFERENCES actions (id) ON DELETE CASCADE,
    submission_id TEXT NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    -- For the board report's "time from input to first action".
    linked_at     TEXT NOT NULL,
    PRIMARY KEY (action_id, submission_id)
);
CREATE INDEX action_submissions_submission ON action_submissions (submission_id, action_id);

CREATE TABLE action_themes (
    action_id INTEGER NOT NULL REFERENCES actions (id) ON DELETE CASCADE,
    theme_id  INTEGER NOT NULL REFERENCES themes (id) ON DELETE CASCADE,
    PRIMARY KEY (action_id, theme_id)
);
