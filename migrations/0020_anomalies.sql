-- Lotkeeper schema: anomalies the detectors raised (electron/kiosk/domain/anomalies.ts), kept until a supervisor
-- acknowledges them with a note. `key` names the one thing found, so a scan that finds it again adds nothing.
-- Frozen once merged: change the schema with a new numbered file.
CREATE TABLE anomalies (
  id               INTEGER PRIMARY KEY,
  key              TEXT NOT NULL UNIQUE,
  kind             TEXT NOT NULL,
  at               INTEGER NOT NULL,                -- when it happened (a stay's entry, the end of a bad hour)
  subject          TEXT NOT NULL,                   -- session:ID, lane:ID, user:NAME, terminal:ID or shift:ID
  lane_id          TEXT,
  actor            TEXT,
  text             TEXT NOT NULL,
  detail           TEXT NOT NULL,                   -- JSON
  raised_at        INTEGER NOT NULL,
  acknowledged_at  INTEGER,
  acknowledged_by  TEXT,
  note             TEXT,
  CHECK ((acknowledged_at IS NULL) = (acknowledged_by IS NULL) AND (acknowledged_at IS NULL) = (note IS NULL))
) STRICT;
-- The console's list of what waits for acknowledgement, and the cooldown check (the same kind on the same subject).
CREATE INDEX anomalies_open ON anomalies(at) WHERE acknowledged_at IS NULL;
CREATE INDEX anomalies_subject ON anomalies(kind, subject, at);
-- What the detectors read that had no index for it: barriers opened by hand (a few rows among all the audit log's)
-- and cash-ups by when they closed.
CREATE INDEX audit_log_manual_opens ON audit_log(at) WHERE action IN ('lane.manual_open','lane.manual_hold_open');
CREATE INDEX shifts_closed_at ON shifts(closed_at) WHERE closed_at IS NOT NULL;
