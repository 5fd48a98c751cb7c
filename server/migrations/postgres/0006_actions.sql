-- "You said, we did": actions with dated updates, linked to the submissions and themes behind them;
-- whether a coordinator has read a submission, and when its owner last looked at their receipt.
-- The same shape as SQLite's 0006.

ALTER TABLE submissions ADD COLUMN read_at TIMESTAMPTZ;
ALTER TABLE submissions ADD COLUMN receipt_seen_at TIMESTAMPTZ;
UPDATE submissions SET read_at = received_at WHERE status <> 'new';

CREATE TABLE actions (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    title      TEXT NOT NULL,
    heard      TEXT NOT NULL DEFAULT '',
    doing      TEXT NOT NULL DEFAULT '',
    status     TEXT NOT NULL DEFAULT 'considering'
        CHECK (status IN ('considering', 'planned', 'in_progress', 'done', 'not_doing')),
    reason     TEXT NOT NULL DEFAULT '',
    budget     TEXT NOT NULL DEFAULT '',
    timeline   TEXT NOT NULL DEFAULT '',
    decided    TEXT NOT NULL DEFAULT '',
    published  BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE action_updates (
    id        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    action_id BIGINT NOT NULL REFERENCES actions (id) ON DELETE CASCADE,
    body      TEXT NOT NULL,
    author_id BIGINT REFERENCES users (id),
    at        TIMESTAMPTZ NOT NULL
);
CREATE INDEX action_updates_action ON action_updates (action_id, at);

CREATE TABLE action_submissions (
    action_id     BIGINT NOT NULL REFERENCES actions (id) ON DELETE CASCADE,
    submission_id UUID NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    linked_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (action_id, submission_id)
);
CREATE INDEX action_submissions_submission ON action_submissions (submission_id, action_id);

CREATE TABLE action_themes (
    action_id BIGINT NOT NULL REFERENCES actions (id) ON DELETE CASCADE,
    theme_id  BIGINT NOT NULL REFERENCES themes (id) ON DELETE CASCADE,
    PRIMARY KEY (action_id, theme_id)
);
