-- A plate fixed on a session after the car went through (the lane read it wrong with confidence, and nobody saw it
-- until the exit or the session list) is a misread too: both kinds of correction measure the reader, per lane.
ALTER TABLE plate_corrections ADD COLUMN stage TEXT NOT NULL DEFAULT 'lane' CHECK (stage IN ('lane','session'));
ALTER TABLE plate_corrections ADD COLUMN session_id INTEGER REFERENCES sessions(id);
CREATE INDEX plate_corrections_lane_at ON plate_corrections(lane_id, at);
