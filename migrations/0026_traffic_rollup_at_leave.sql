-- Lotkeeper schema: a car's entry is rolled up into report_traffic when its session stops being inside (exit or
-- void), no longer at the entry itself: the lane's entry commit then writes no rollup at all (the trigger added a
-- tenth to it, issue 16 allows a twentieth). While the car is inside, its entry is read from the sessions table
-- through report_traffic_live, from the sessions' partial index on the cars inside (a few thousand rows), so the
-- reports still read every entry from the same ledger the lanes write, in the same transaction.
-- Frozen once merged: change the schema with a new numbered file.

-- How a session's entry is keyed and counted in report_traffic (migration 0016's entry trigger, which this replaces),
-- one row per session: the view of the cars inside and the trigger below both read it.
CREATE VIEW session_entry_traffic (id, status, hour, zone_id, space_type, lane_id, direction, how, reason, actor, vehicles, reads, trusted, confidence_sum) AS
  SELECT id, status, entry_at / 3600000, zone_id, space_type, coalesce(entry_lane, ''), 'entry',
      CASE WHEN entry_manual_reason IS NOT NULL THEN 'manual' ELSE coalesce(entry_code, 'lane') END, coalesce(entry_manual_reason, ''), opened_by,
      1, plate_confidence IS NOT NULL, plate_confidence IS NOT NULL AND entry_manual_reason IS NULL, coalesce(plate_confidence, 0)
  FROM sessions;

-- The entries of the cars inside. The WHERE is the sessions' partial indexes' own condition, so the planner reaches
-- them through one of those (a few thousand rows) and never scans the sessions (0026's test checks the plan).
CREATE VIEW report_traffic_inside (hour, zone_id, space_type, lane_id, direction, how, reason, actor, vehicles, reads, trusted, confidence_sum) AS
  SELECT hour, zone_id, space_type, lane_id, direction, how, reason, actor, vehicles, reads, trusted, confidence_sum FROM session_entry_traffic
  WHERE status IN ('open','paid');

-- What the reports read: the rollup (every exit, and the entries of sessions that ended) and the cars inside.
CREATE VIEW report_traffic_live (hour, zone_id, space_type, lane_id, direction, how, reason, actor, vehicles, reads, trusted, confidence_sum) AS
  SELECT hour, zone_id, space_type, lane_id, direction, how, reason, actor, vehicles, reads, trusted, confidence_sum FROM report_traffic
  UNION ALL
  SELECT hour, zone_id, space_type, lane_id, direction, how, reason, actor, vehicles, reads, trusted, confidence_sum FROM report_traffic_inside;

-- The cars inside now were counted at their entry: take them out of the rollup, where they come back when they
-- leave. A key that only they had goes; a confidence sum whose reads are all gone is 0, not a rounding remainder.
UPDATE report_traffic SET vehicles = report_traffic.vehicles - inside.vehicles, reads = report_traffic.reads - inside.reads,
    trusted = report_traffic.trusted - inside.trusted,
    confidence_sum = CASE WHEN report_traffic.reads = inside.reads THEN 0 ELSE report_traffic.confidence_sum - inside.confidence_sum END
  FROM (SELECT hour, zone_id, space_type, lane_id, how, reason, actor, sum(vehicles) AS vehicles, sum(reads) AS reads, sum(trusted) AS trusted,
      sum(confidence_sum) AS confidence_sum FROM report_traffic_inside GROUP BY 1, 2, 3, 4, 5, 6, 7) AS inside
  WHERE report_traffic.hour = inside.hour AND report_traffic.zone_id = inside.zone_id AND report_traffic.space_type = inside.space_type
    AND report_traffic.lane_id = inside.lane_id AND report_traffic.direction = 'entry' AND report_traffic.how = inside.how
    AND report_traffic.reason = inside.reason AND report_traffic.actor = inside.actor;
DELETE FROM report_traffic WHERE direction = 'entry' AND vehicles = 0 AND reads = 0
  AND (hour, zone_id, space_type, lane_id, how, reason, actor) IN (SELECT hour, zone_id, space_type, lane_id, how, reason, actor FROM report_traffic_inside);

DROP TRIGGER report_session_entry;

-- The session leaves the cars inside (closed at the exit, or voided) in the same UPDATE that takes it out of
-- report_traffic_inside: its entry counts here from that statement on, keyed by what the entry recorded (no
-- column of it changes after the insert). A void still adds its -1 'voided' row (migration 0016).
CREATE TRIGGER report_session_entry_left AFTER UPDATE OF status ON sessions
WHEN OLD.status IN ('open','paid') AND NEW.status NOT IN ('open','paid')
BEGIN
  INSERT INTO report_traffic SELECT hour, zone_id, space_type, lane_id, direction, how, reason, actor, vehicles, reads, trusted, confidence_sum
    FROM session_entry_traffic WHERE id = NEW.id
  ON CONFLICT DO UPDATE SET vehicles = vehicles + 1, reads = reads + excluded.reads, trusted = trusted + excluded.trusted,
      confidence_sum = confidence_sum + excluded.confidence_sum;
END;
