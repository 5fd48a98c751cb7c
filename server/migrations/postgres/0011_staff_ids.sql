-- Staff ids (issue 16): the id a device sends with its answers is that device's secret (with it and the
-- words, anyone could ask for the receipt code again). Staff pages, exports and the audit log use an id
-- Cairn draws instead. `id` becomes that staff id; the device's id moves to `client_id`, kept only to
-- answer a resend with the first receipt. Rows that point at a submission follow it (the foreign keys
-- now cascade updates); the audit log's subjects are rewritten once, here, to the staff ids.
ALTER TABLE submissions ADD COLUMN client_id UUID;
UPDATE submissions SET client_id = id;
ALTER TABLE submissions ALTER COLUMN client_id SET NOT NULL;
CREATE UNIQUE INDEX submissions_client_id ON submissions (client_id);

ALTER TABLE submission_themes DROP CONSTRAINT submission_themes_submission_id_fkey,
    ADD CONSTRAINT submission_themes_submission_id_fkey FOREIGN KEY (submission_id)
        REFERENCES submissions (id) ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE safeguarding DROP CONSTRAINT safeguarding_submission_id_fkey,
    ADD CONSTRAINT safeguarding_submission_id_fkey FOREIGN KEY (submission_id)
        REFERENCES submissions (id) ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE notes DROP CONSTRAINT notes_submission_id_fkey,
    ADD CONSTRAINT notes_submission_id_fkey FOREIGN KEY (submission_id)
        REFERENCES submissions (id) ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE action_submissions DROP CONSTRAINT action_submissions_submission_id_fkey,
    ADD CONSTRAINT action_submissions_submission_id_fkey FOREIGN KEY (submission_id)
        REFERENCES submissions (id) ON DELETE CASCADE ON UPDATE CASCADE;

UPDATE submissions SET id = gen_random_uuid();

ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change;
DO $$
DECLARE r record;
BEGIN
    FOR r IN
        SELECT DISTINCT a.id AS audit_id, s.client_id::text AS client_id, s.id::text AS staff_id
        FROM audit_log a
        CROSS JOIN LATERAL regexp_matches(a.subject,
            '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}', 'g') AS m (found)
        JOIN submissions s ON s.client_id = m.found[1]::uuid
        WHERE a.subject LIKE '%submission%'
    LOOP
        UPDATE audit_log SET subject = replace(subject, r.client_id, r.staff_id) WHERE id = r.audit_id;
    END LOOP;
END $$;
ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_change;
