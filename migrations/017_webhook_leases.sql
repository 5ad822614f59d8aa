-- Issue 21: deliveries run concurrently under a per-organisation cap (services/webhook_delivery.ts).
-- A claimed delivery is leased until leased_until (longer than its longest attempt); the leases
-- in force count against its organisation's cap across every instance, and a lease left by an
-- instance that died expires so that another sends the delivery.
ALTER TABLE webhook_deliveries ADD COLUMN leased_until timestamptz;
CREATE INDEX webhook_deliveries_leased ON webhook_deliveries (org_id, leased_until)
  WHERE status = 'pending' AND leased_until IS NOT NULL;
