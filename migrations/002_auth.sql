-- Accounts, audit and ingestion support (issue #3).

-- The audit log is append-only: updates, deletes and truncation are refused. Someone with the
-- rights to disable this trigger can still edit rows; the hash chain (lib/audit.ts) and the
-- per-chain head below make GET /api/audit/verify report such edits and deletions.
CREATE OR REPLACE FUNCTION fs_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END $$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION fs_audit_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION fs_audit_append_only();

-- One hash chain per organisation (chain '' for platform-level entries). The head records the
-- last row and the count, so deleting the newest rows is detected too.
ALTER TABLE audit_log ADD COLUMN chain text NOT NULL DEFAULT '';
CREATE INDEX audit_log_chain ON audit_log (chain, id);
CREATE TABLE audit_heads (
  chain text PRIMARY KEY,
  last_id bigint NOT NULL,
  last_hash text NOT NULL,
  entries bigint NOT NULL
);

-- Staging for bulk observation uploads: COPY lands here per batch, then one transaction
-- validates ownership and upserts into observations. UNLOGGED: it only ever holds rows in flight.
CREATE UNLOGGED TABLE ingest_observations_stage (
  batch_id uuid NOT NULL,
  row_no int NOT NULL,
  org_id uuid NOT NULL,
  hospital_id uuid NOT NULL,
  ts timestamptz NOT NULL,
  ed_arrivals int NOT NULL,
  ambulance_arrivals int,
  ed_occupancy int,
  beds_available int
);
CREATE INDEX ingest_observations_stage_batch ON ingest_observations_stage (batch_id);

CREATE INDEX users_org ON users (org_id);
CREATE INDEX api_keys_org ON api_keys (org_id);
CREATE INDEX sessions_user ON sessions (user_id);
