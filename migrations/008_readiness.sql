-- Readiness on an organisation's own data (issue 8): settings, alerts that follow a condition,
-- webhooks with a persisted delivery queue.

-- Only the fields an organisation changed; the code's documented defaults fill the rest.
CREATE TABLE org_settings (
  org_id uuid PRIMARY KEY REFERENCES orgs(id) ON DELETE CASCADE,
  settings jsonb NOT NULL DEFAULT '{}',
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid
);

-- An alert follows one condition of one subject (alert_key, e.g. capacity:<hospital uuid>):
-- raised once, updated while it holds, resolved when it clears.
ALTER TABLE alerts ADD COLUMN alert_key text;
ALTER TABLE alerts ADD COLUMN hospital_id uuid REFERENCES hospitals(id) ON DELETE CASCADE;
ALTER TABLE alerts ADD COLUMN event_id uuid REFERENCES events(id) ON DELETE SET NULL;
ALTER TABLE alerts ADD COLUMN starts_at timestamptz;
ALTER TABLE alerts ADD COLUMN ends_at timestamptz;
ALTER TABLE alerts ADD COLUMN evidence jsonb NOT NULL DEFAULT '{}';
ALTER TABLE alerts ADD COLUMN updated_at timestamptz;
CREATE UNIQUE INDEX alerts_one_open_per_key ON alerts (org_id, alert_key)
  WHERE resolved_at IS NULL AND alert_key IS NOT NULL;
CREATE INDEX alerts_org_time ON alerts (org_id, created_at DESC);

-- Webhooks: the secret is kept encrypted (AES-GCM, key derived from PII_SECRET) because it must
-- be used to sign each delivery; the API shows only its last characters.
CREATE TABLE webhooks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
  url text NOT NULL,
  secret_enc text NOT NULL,
  secret_hint text NOT NULL,
  events text[] NOT NULL DEFAULT '{}',
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz
);
CREATE INDEX webhooks_org ON webhooks (org_id) WHERE deleted_at IS NULL;

-- One delivery per webhook and alert change; the queue is this table (status pending with a
-- next_attempt_at), so a restart loses nothing.
CREATE TABLE webhook_deliveries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  webhook_id uuid NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
  org_id uuid NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
  alert_id uuid,
  change text NOT NULL CHECK (change IN ('raised', 'updated', 'resolved', 'test')),
  idempotency_key uuid NOT NULL,
  body text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts int NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_status int,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  delivered_at timestamptz,
  UNIQUE (webhook_id, idempotency_key)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_hook ON webhook_deliveries (webhook_id, created_at DESC);

CREATE TABLE webhook_attempts (
  id bigserial PRIMARY KEY,
  delivery_id uuid NOT NULL REFERENCES webhook_deliveries(id) ON DELETE CASCADE,
  attempt int NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  status_code int,
  error text,
  duration_ms int
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, attempt);
