-- Reach: optional, anonymous questions about who is answering. Answers are only counted, apart from
-- the words: per question, choice, conversation and day, never per submission.
CREATE TABLE reach_questions (
    id          BIGSERIAL PRIMARY KEY,
    prompt      TEXT NOT NULL,
    choices     TEXT NOT NULL,
    population  TEXT NOT NULL DEFAULT '[]',
    position    BIGINT NOT NULL
);
CREATE TABLE reach_counts (
    question_id      BIGINT NOT NULL REFERENCES reach_questions (id) ON DELETE CASCADE,
    choice           TEXT NOT NULL,
    conversation_id  TEXT NOT NULL,
    day              TEXT NOT NULL,
    n                BIGINT NOT NULL,
    PRIMARY KEY (question_id, choice, conversation_id, day)
);
