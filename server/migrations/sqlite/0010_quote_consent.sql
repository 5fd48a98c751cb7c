-- Only words a participant agreed to have quoted may be published: the database itself refuses anything
-- else, whatever the code above it does. SQLite cannot add a CHECK to an existing table, so two triggers
-- guard inserts and updates. No published row without consent can exist (the code never wrote one); the
-- UPDATE makes sure before the guard goes on.
UPDATE submissions SET status = 'new' WHERE status = 'published' AND consent_quote = 0;

CREATE TRIGGER submissions_publish_needs_quote_consent_insert
BEFORE INSERT ON submissions
WHEN NEW.status = 'published' AND NEW.consent_quote = 0
BEGIN
    SELECT RAISE(ABORT, 'published submissions need quote consent');
END;

CREATE TRIGGER submissions_publish_needs_quote_consent_update
BEFORE UPDATE OF status, consent_quote ON submissions
WHEN NEW.status = 'published' AND NEW.consent_quote = 0
BEGIN
    SELECT RAISE(ABORT, 'published submissions need quote consent');
END;
