-- Organisations whose forecasts and plans must be rebuilt because an input changed (an upload,
-- an event, settings). Written in the same transaction as the change; the refresh job claims
-- rows once they have been quiet for the debounce interval.
CREATE TABLE refresh_requests (
  org_id uuid PRIMARY KEY REFERENCES orgs(id) ON DELETE CASCADE,
  first_requested_at timestamptz NOT NULL DEFAULT now(),
  requested_at timestamptz NOT NULL DEFAULT now(),
  reasons text[] NOT NULL DEFAULT '{}'
);
