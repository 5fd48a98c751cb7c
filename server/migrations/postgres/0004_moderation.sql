-- Moderation: a status per submission, a redacted copy for everyone but coordinators, text to search,
-- themes, safeguarding flags and private notes. The same shape as SQLite's 0004.

ALTER TABLE submissions ADD COLUMN status TEXT NOT NULL DEFAULT 'new'
    CHECK (status IN ('new', 'published', 'hidden'));
ALTER TABLE submissions ADD COLUMN public_answers JSONB;
ALTER TABLE submissions ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
ALTER TABLE submissions ADD COLUMN late BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE submissions SET search_text = lower(coalesce((
    SELECT string_agg(coalesce(e -> 'value' ->> 'text', e -> 'value' ->> 'choice'), E'\n')
    FROM jsonb_array_elements(submissions.answers) e), ''));
CREATE INDEX submissions_status ON submissions (status, received_at DESC, id DESC);
CREATE INDEX submissions_conversation ON submissions (conversation_id, received_at DESC, id DESC);

CREATE TABLE themes (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE submission_themes (
    submission_id UUID NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    theme_id      BIGINT NOT NULL REFERENCES themes (id) ON DELETE CASCADE,
    PRIMARY KEY (submission_id, theme_id)
);
CREATE INDEX submission_themes_theme ON submission_themes (theme_id, submission_id);

CREATE TABLE safeguarding (
    submission_id UUID PRIMARY KEY REFERENCES submissions (id) ON DELETE CASCADE,
    state         TEXT NOT NULL CHECK (state IN ('open', 'in_progress', 'closed')),
    reason        TEXT NOT NULL DEFAULT '',
    close_note    TEXT NOT NULL DEFAULT '',
    raised_by     BIGINT REFERENCES users (id),
    raised_at     TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX safeguarding_state ON safeguarding (state, raised_at);

CREATE TABLE notes (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    submission_id UUID NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    author_id     BIGINT REFERENCES users (id),
    body          TEXT NOT NULL,
    at            TIMESTAMPTZ NOT NULL
);
CREATE INDEX notes_submission ON notes (submission_id, id);
