-- Issue 21: a database superuser could raise the unsigned legacy cut-off (audit_legacy.max_id),
-- downgrade rows to unkeyed hashes and unsign the head, and verify still passed. The cut-off is
-- now signed with the audit key: the first start after this migration signs the value it finds
-- (services/audit_seal.ts), and verify refuses a cut-off whose signature does not match.
ALTER TABLE audit_legacy ADD COLUMN signature text;
-- Checkpoints name the cut-off they were signed under, so that a cut-off raised and re-signed
-- later (by a restart after its signature was removed) is found against an exported checkpoint.
ALTER TABLE audit_checkpoints ADD COLUMN legacy_max_id bigint;
