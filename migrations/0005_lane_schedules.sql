-- Lotkeeper schema, version 5: lane modes on a schedule (a gate closed at night, free-flow after an event).
-- Frozen once merged: change the schema with a new numbered file.

-- A window in the site's local time on some weekdays during which a lane runs in `mode` instead of its own.
-- `definition` is the JSON validated by domain/lanes/lane-schedule.ts (days, from, to).
CREATE TABLE lane_schedules (
  id          INTEGER PRIMARY KEY,
  lane_id     TEXT NOT NULL REFERENCES lanes(id) ON DELETE CASCADE,
  mode        TEXT NOT NULL CHECK (mode IN ('closed','free-flow','attendant-confirms-every-car')),
  definition  TEXT NOT NULL CHECK (json_valid(definition)),
  note        TEXT NOT NULL DEFAULT '',
  updated_at  INTEGER NOT NULL,
  updated_by  TEXT NOT NULL
) STRICT;
CREATE INDEX lane_schedules_lane ON lane_schedules(lane_id);
