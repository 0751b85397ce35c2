-- Lotkeeper schema: a stay closed by a decision that never happened can be reopened. An exit lane's rules close the
-- stay they let out before the barrier opens; when the barrier then fails and the attendant finds the plate was
-- misread, that car never left (session-service.ts `reopen`). The reopened session is inside again as it was, so the
-- rollups take back exactly what its close added: its exit and its stay (migration 0016's exit trigger) and its entry
-- (0026's trigger at leave), keyed by the values the close wrote. Its next close adds them again. A key left at zero
-- goes, as 0026 removes one.
-- Frozen once merged: change the schema with a new numbered file.

CREATE TRIGGER report_session_reopened AFTER UPDATE OF status ON sessions
WHEN OLD.status = 'closed' AND NEW.status IN ('open','paid')
BEGIN
  UPDATE report_traffic SET vehicles = vehicles - 1, reads = reads - (SELECT reads FROM session_entry_traffic WHERE id = NEW.id),
      trusted = trusted - (SELECT trusted FROM session_entry_traffic WHERE id = NEW.id),
      confidence_sum = CASE WHEN reads = (SELECT reads FROM session_entry_traffic WHERE id = NEW.id) THEN 0
        ELSE confidence_sum - (SELECT confidence_sum FROM session_entry_traffic WHERE id = NEW.id) END
    WHERE direction = 'entry' AND (hour, zone_id, space_type, lane_id, how, reason, actor) =
      (SELECT hour, zone_id, space_type, lane_id, how, reason, actor FROM session_entry_traffic WHERE id = NEW.id);
  UPDATE report_traffic SET vehicles = vehicles - 1
    WHERE direction = 'exit' AND hour = OLD.exit_at / 3600000 AND zone_id = OLD.zone_id AND space_type = OLD.space_type
      AND lane_id = coalesce(OLD.exit_lane, '') AND how = CASE WHEN OLD.exit_manual_reason IS NOT NULL THEN 'manual' ELSE coalesce(OLD.exit_code, 'lane') END
      AND reason = coalesce(OLD.exit_manual_reason, '') AND actor = coalesce(OLD.closed_by, '');
  DELETE FROM report_traffic WHERE vehicles = 0 AND reads = 0 AND (
      (direction = 'exit' AND hour = OLD.exit_at / 3600000 AND zone_id = OLD.zone_id AND space_type = OLD.space_type
        AND lane_id = coalesce(OLD.exit_lane, '') AND reason = coalesce(OLD.exit_manual_reason, '') AND actor = coalesce(OLD.closed_by, ''))
      OR (direction = 'entry' AND (hour, zone_id, space_type, lane_id, how, reason, actor) =
        (SELECT hour, zone_id, space_type, lane_id, how, reason, actor FROM session_entry_traffic WHERE id = NEW.id)));
  UPDATE report_stays SET stays = stays - 1
    WHERE hour = OLD.exit_at / 3600000 AND zone_id = OLD.zone_id AND minutes_bin = CASE WHEN (OLD.exit_at - OLD.entry_at) / 60000 < 15 THEN 0 WHEN (OLD.exit_at - OLD.entry_at) / 60000 < 30 THEN 15 WHEN (OLD.exit_at - OLD.entry_at) / 60000 < 60 THEN 30 WHEN (OLD.exit_at - OLD.entry_at) / 60000 < 120 THEN 60 WHEN (OLD.exit_at - OLD.entry_at) / 60000 < 180 THEN 120 WHEN (OLD.exit_at - OLD.entry_at) / 60000 < 240 THEN 180 WHEN (OLD.exit_at - OLD.entry_at) / 60000 < 360 THEN 240 WHEN (OLD.exit_at - OLD.entry_at) / 60000 < 480 THEN 360 WHEN (OLD.exit_at - OLD.entry_at) / 60000 < 720 THEN 480 WHEN (OLD.exit_at - OLD.entry_at) / 60000 < 1440 THEN 720 WHEN (OLD.exit_at - OLD.entry_at) / 60000 < 2880 THEN 1440 WHEN (OLD.exit_at - OLD.entry_at) / 60000 < 10080 THEN 2880 ELSE 10080 END;
  DELETE FROM report_stays WHERE stays = 0 AND hour = OLD.exit_at / 3600000 AND zone_id = OLD.zone_id;
  UPDATE report_stays_days SET stays = stays - 1
    WHERE day = OLD.exit_at / 86400000 AND zone_id = OLD.zone_id AND minutes_bin = CASE WHEN (OLD.exit_at - OLD.entry_at) / 60000 < 15 THEN 0 WHEN (OLD.exit_at - OLD.entry_at) / 60000 < 30 THEN 15 WHEN (OLD.exit_at - OLD.entry_at) / 60000 < 60 THEN 30 WHEN (OLD.exit_at - OLD.entry_at) / 60000 < 120 THEN 60 WHEN (OLD.exit_at - OLD.entry_at) / 60000 < 180 THEN 120 WHEN (OLD.exit_at - OLD.entry_at) / 60000 < 240 THEN 180 WHEN (OLD.exit_at - OLD.entry_at) / 60000 < 360 THEN 240 WHEN (OLD.exit_at - OLD.entry_at) / 60000 < 480 THEN 360 WHEN (OLD.exit_at - OLD.entry_at) / 60000 < 720 THEN 480 WHEN (OLD.exit_at - OLD.entry_at) / 60000 < 1440 THEN 720 WHEN (OLD.exit_at - OLD.entry_at) / 60000 < 2880 THEN 1440 WHEN (OLD.exit_at - OLD.entry_at) / 60000 < 10080 THEN 2880 ELSE 10080 END;
  DELETE FROM report_stays_days WHERE stays = 0 AND day = OLD.exit_at / 86400000 AND zone_id = OLD.zone_id;
END;
