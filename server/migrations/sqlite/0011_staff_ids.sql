-- Staff ids (issue 16): the id a device sends with its answers is that device's secret (with it and the
-- words, anyone could ask for the receipt code again). Staff pages, exports and the audit log use an id
-- Cairn draws instead. `id` becomes that staff id; the device's id moves to `client_id`, kept only to
-- answer a resend with the first receipt. Rows that point at a submission follow it; the audit log's
-- subjects are rewritten once, here, to the staff ids.
PRAGMA defer_foreign_keys = ON;

ALTER TABLE submissions ADD COLUMN client_id TEXT;
UPDATE submissions SET client_id = id;
UPDATE submissions SET id = lower(
    hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-'
    || substr('89AB', 1 + abs(random()) % 4, 1) || substr(hex(randomblob(2)), 2) || '-'
    || hex(randomblob(6)));
CREATE UNIQUE INDEX submissions_client_id ON submissions (client_id);

UPDATE submission_themes SET submission_id =
    (SELECT s.id FROM submissions s WHERE s.client_id = submission_themes.submission_id);
UPDATE safeguarding SET submission_id =
    (SELECT s.id FROM submissions s WHERE s.client_id = safeguarding.submission_id);
UPDATE notes SET submission_id =
    (SELECT s.id FROM submissions s WHERE s.client_id = notes.submission_id);
UPDATE action_submissions SET submission_id =
    (SELECT s.id FROM submissions s WHERE s.client_id = action_submissions.submission_id);

-- Each word of a subject that names a submission ("submission X", "submissions X, Y"), matched to it.
CREATE TEMP TABLE audit_ids AS
WITH RECURSIVE words (audit_id, word, rest) AS (
    SELECT id, '', subject || ' ' FROM audit_log WHERE subject LIKE '%submission%'
    UNION ALL
    SELECT audit_id, substr(rest, 1, instr(rest, ' ') - 1), substr(rest, instr(rest, ' ') + 1)
    FROM words WHERE rest <> ''
)
SELECT w.audit_id, s.client_id, s.id AS staff_id,
       row_number() OVER (PARTITION BY w.audit_id ORDER BY s.client_id) AS k
FROM words w JOIN submissions s ON s.client_id = rtrim(w.word, ',:;.')
GROUP BY w.audit_id, s.client_id;

CREATE TEMP TABLE audit_rewritten AS
WITH RECURSIVE applied (audit_id, subject, k) AS (
    SELECT a.id, a.subject, 0 FROM audit_log a WHERE a.id IN (SELECT audit_id FROM audit_ids)
    UNION ALL
    SELECT p.audit_id, replace(p.subject, i.client_id, i.staff_id), p.k + 1
    FROM applied p JOIN audit_ids i ON i.audit_id = p.audit_id AND i.k = p.k + 1
)
SELECT audit_id, subject FROM applied p
WHERE k = (SELECT max(k) FROM audit_ids i WHERE i.audit_id = p.audit_id);

DROP TRIGGER audit_log_no_update;
UPDATE audit_log SET subject = (SELECT r.subject FROM audit_rewritten r WHERE r.audit_id = audit_log.id)
WHERE id IN (SELECT audit_id FROM audit_rewritten);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log cannot be changed'); END;
DROP TABLE audit_ids;
DROP TABLE audit_rewritten;
