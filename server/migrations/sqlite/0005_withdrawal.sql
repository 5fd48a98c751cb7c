-- A participant can take back what they said: the text is deleted (answers emptied), the row stays as a
-- tombstone so the same submission resent from an old outbox is recognised and never stored again.
ALTER TABLE submissions ADD COLUMN withdrawn_at TEXT;
