-- Conversations in several languages (issue 18): the language staff wrote a conversation in, and their
-- translations of its parts as JSON ({"pl": {"title": "…", "q.q1": "…", "c.q1.c2": "…"}}). Each
-- submission records the language it was written in; older ones did not say (NULL).
ALTER TABLE conversations ADD COLUMN lang TEXT NOT NULL DEFAULT 'en';
ALTER TABLE conversations ADD COLUMN translations TEXT NOT NULL DEFAULT '{}';
ALTER TABLE submissions ADD COLUMN lang TEXT;
-- Published actions likewise: the language they are written in, and translations of their title, texts
-- and updates ("u.<update id>").
ALTER TABLE actions ADD COLUMN lang TEXT NOT NULL DEFAULT 'en';
ALTER TABLE actions ADD COLUMN translations TEXT NOT NULL DEFAULT '{}';
-- Reach questions likewise ("prompt", "c.<n>" for the n-th choice: choices never change once made).
-- Answers still count by the choice's words in the question's own language, whatever was shown.
ALTER TABLE reach_questions ADD COLUMN lang TEXT NOT NULL DEFAULT 'en';
ALTER TABLE reach_questions ADD COLUMN translations TEXT NOT NULL DEFAULT '{}';
