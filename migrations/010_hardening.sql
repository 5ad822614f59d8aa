-- Issue 10. Events last at most 31 days (lib/limits.ts MAX_EVENT_DAYS): forecast features walk
-- an event hour by hour, and one event ending in 2999 stalled its organisation's forecasts.
-- Longer events already stored are cut to 31 days, then the database keeps the rule too.
UPDATE events SET ends_at = starts_at + interval '31 days'
  WHERE ends_at - starts_at > interval '31 days';
ALTER TABLE events ADD CONSTRAINT events_at_most_31_days
  CHECK (ends_at - starts_at <= interval '31 days');
