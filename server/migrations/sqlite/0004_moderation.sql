-- Moderation: a status per submission, a redacted copy for everyone but coordinators, text to search,
-- themes, safeguarding flags and private notes.

-- 'new' until a coordinator publishes (only with quote consent) or hides it.
ALTER TABLE submissions ADD COLUMN status TEXT NOT NULL DEFAULT 'new'
    CHECK (status IN ('new', 'published', 'hidden'));
-- The answers as the public and the participant's receipt see them; NULL until something is redacted.
ALTER TABLE submissions ADD COLUMN public_answers TEXT;
-- The text and choice answers, lower-cased, for the inbox search (filled by the server on insert).
ALTER TABLE submissions ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
-- Sent after its conversation closed (from an outbox written while it was open): kept, and marked.
ALTER TABLE submissions ADD COLUMN late INTEGER NOT NULL DEFAULT 0;
UPDATE submissions SET search_text = lower(coalesce((
    SELECT group_concat(coalesce(json_extract(e.value, '$.value.text'), json_extract(e.value, '$.value.choice')), char(10))
    FROM json_each(submissions.answers) e), ''));
CREATE INDEX submissions_status ON submissions (status, received_at DESC, id DESC);
CREATE INDEX submissions_conversation ON submissions (conversation_id, received_at DESC, id DESC);

CREATE TABLE themes (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);

CREATE TABLE submission_themes (
    submission_id TEXT NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    theme_id      INTEGER NOT NULL REFERENCES themes (id) ON DELETE CASCADE,
    PRIMARY KEY (submission_id, theme_id)
);
CREATE INDEX submission_themes_theme ON submission_themes (theme_id, submission_id);

-- One flag per submission; its state moves open -> in progress -> closed (with a note).
CREATE TABLE safeguarding (
    submission_id TEXT PRIMARY KEY REFERENCES submissions (id) ON DELETE CASCADE,
    state         TEXT NOT NULL CHECK (state IN ('open', 'in_progress', 'closed')),
    reason        TEXT NOT NULL DEFAULT '',
    close_note    TEXT NOT NULL DEFAULT '',
    raised_by     INTEGER REFERENCES users (id),
    raised_at     TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX safeguarding_state ON safeguarding (state, raised_at);

-- Private notes between coordinators; never shown to participants or the public.
CREATE TABLE notes (
    id            INTEGER PRIMARY KEY,
    submission_id TEXT NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    author_id     INTEGER REFERENCES users (id),
    body          TEXT NOT NULL,
    at            TEXT NOT NULL
);
CREATE INDEX notes_submission ON notes (submission_id, id);
