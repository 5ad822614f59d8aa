-- Right numbers for every hospital (issue 16): alerts that do not flap, the capability of a
-- hospital to receive event transfers, and whether an event's attendance is per day or total.

-- An open alert whose condition went below its clearing level at this time; it is resolved only
-- once it has stayed there settings.alertClearHours (hysteresis). NULL while the condition holds.
ALTER TABLE alerts ADD COLUMN clear_since timestamptz;

-- Trauma level 1 (highest) to 4, or unknown: chooses receiving hospitals for event transfers.
ALTER TABLE hospitals ADD COLUMN trauma_level smallint
  CHECK (trauma_level IS NULL OR trauma_level BETWEEN 1 AND 4);

-- expectedAttendance is the crowd of each day (perDay) or the whole event's total over its days
-- (total: attendee-days, which is how the load model always read it, so existing events keep
-- their figures).
ALTER TABLE events ADD COLUMN attendance_basis text NOT NULL DEFAULT 'total'
  CHECK (attendance_basis IN ('perDay', 'total'));
