-- Only words a participant agreed to have quoted may be published: the database itself refuses anything
-- else, whatever the code above it does. No published row without consent can exist (the code never
-- wrote one); the UPDATE makes sure before the constraint goes on.
UPDATE submissions SET status = 'new' WHERE status = 'published' AND NOT consent_quote;

ALTER TABLE submissions
    ADD CONSTRAINT submissions_publish_needs_quote_consent
    CHECK (status <> 'published' OR consent_quote);
