-- Issue 18: live ED status on the hourly observations (NEDOCS inputs, diversion), the inpatient
-- bed count NEDOCS divides boarders by, a message format per webhook, and the organisation's
-- revocable calendar-feed token.

-- Each optional: a hospital reports what its systems know. Hours and counts are bounded by the
-- API schema (lib/schemas/observations.ts); the checks here only keep nonsense out of the table.
ALTER TABLE observations
  ADD COLUMN boarders int CHECK (boarders >= 0),
  ADD COLUMN waiting_room int CHECK (waiting_room >= 0),
  ADD COLUMN ventilated int CHECK (ventilated >= 0),
  ADD COLUMN longest_boarding_hours real CHECK (longest_boarding_hours >= 0),
  ADD COLUMN last_bed_wait_hours real CHECK (last_bed_wait_hours >= 0),
  ADD COLUMN diversion boolean,
  ADD COLUMN diversion_reason text;

ALTER TABLE ingest_observations_stage
  ADD COLUMN boarders int,
  ADD COLUMN waiting_room int,
  ADD COLUMN ventilated int,
  ADD COLUMN longest_boarding_hours real,
  ADD COLUMN last_bed_wait_hours real,
  ADD COLUMN diversion boolean,
  ADD COLUMN diversion_reason text;

-- Staffed inpatient beds (NEDOCS's "hospital beds"); NULL until the hospital states it.
ALTER TABLE hospitals ADD COLUMN inpatient_beds int CHECK (inpatient_beds > 0);

-- How deliveries to a webhook are written: FestSafe's signed JSON, CAP 1.2 XML, or a Slack or
-- Microsoft Teams incoming-webhook message. Deliveries keep the format they were queued with.
ALTER TABLE webhooks ADD COLUMN format text NOT NULL DEFAULT 'festsafe'
  CHECK (format IN ('festsafe', 'cap', 'slack', 'teams'));
ALTER TABLE webhook_deliveries ADD COLUMN format text NOT NULL DEFAULT 'festsafe';

-- One calendar-feed token per organisation (GET /api/events.ics?token=): only its SHA-256 is
-- kept; revoking deletes the row, and a new one replaces it.
CREATE TABLE calendar_feed_tokens (
  org_id uuid PRIMARY KEY REFERENCES orgs(id) ON DELETE CASCADE,
  token_hash text NOT NULL UNIQUE,
  token_hint text NOT NULL,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now()
);
