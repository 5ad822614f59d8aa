-- Issue 10. Events last at most 31 days (lib/limits.ts MAX_EVENT_DAYS): forecast features walk
-- an event hour by hour, and one event ending in 2999 stalled its organisation's forecasts.
-- Longer events already stored are cut to 31 days, then the database keeps the rule too.
UPDATE events SET ends_at = starts_at + interval '31 days'
  WHERE ends_at - starts_at > interval '31 days';
ALTER TABLE events ADD CONSTRAINT events_at_most_31_days
  CHECK (ends_at - starts_at <= interval '31 days');

-- Keyed audit chain (services/audit_chain.ts). Rows written so far keep their plain SHA-256
-- (hash_version 1) and still verify; audit_legacy records the last of them, so that a version 1
-- row after it (a downgraded rewrite) fails. New rows are HMAC-SHA256 under AUDIT_KEY, and each
-- chain head carries a signature.
ALTER TABLE audit_log ADD COLUMN hash_version smallint NOT NULL DEFAULT 1;
ALTER TABLE audit_log ALTER COLUMN hash_version SET DEFAULT 2;
ALTER TABLE audit_heads ADD COLUMN signature text;
CREATE TABLE audit_legacy (max_id bigint NOT NULL);
INSERT INTO audit_legacy SELECT coalesce(max(id), 0) FROM audit_log;
-- Signed checkpoints of chain heads: written every 100 entries and by each verify (and to the
-- log), so that deleting the newest rows and rewinding a head is found later.
CREATE TABLE audit_checkpoints (
  id bigserial PRIMARY KEY,
  chain text NOT NULL,
  last_id bigint NOT NULL,
  last_hash text NOT NULL,
  entries bigint NOT NULL,
  at text NOT NULL,
  key_id text NOT NULL,
  signature text NOT NULL
);
CREATE INDEX audit_checkpoints_chain ON audit_checkpoints (chain, last_id);

-- E-mails are unique within an organisation, no longer across all of them: refusing an e-mail
-- because another organisation uses it told that organisation's neighbours it exists. Sign-in
-- checks the password against each account of an e-mail (lib/auth/login.ts).
DROP INDEX users_email_key;
CREATE UNIQUE INDEX users_org_email_key ON users (org_id, lower(email));
CREATE INDEX users_email ON users (lower(email));
