-- Lotkeeper schema: hourly rollups for the reports. Each is kept by triggers in the same transaction as the rows it
-- counts, so a report over years reads a few hundred thousand small rows instead of millions of sessions and
-- payments, and never disagrees with them. `hour` is the UTC epoch hour (epoch ms / 3,600,000); reports turn it
-- into the site's local hour, so a day of 23 or 25 hours across DST counts the hours it really had.
-- Frozen once merged: change the schema with a new numbered file.

-- Cars in and out per lane and hour, by how the gate opened (the decision code, or 'manual' with the reason) and
-- by whom; what the lane's reader read at entry (reads with a confidence, reads the lane acted on alone).
-- A voided session counts -1 at its entry hour: it never was a stay.
CREATE TABLE report_traffic (
  hour            INTEGER NOT NULL,
  zone_id         TEXT NOT NULL,
  space_type      TEXT NOT NULL,
  lane_id         TEXT NOT NULL,                 -- '' for an attendant's entry or exit with no lane
  direction       TEXT NOT NULL CHECK (direction IN ('entry','exit')),
  how             TEXT NOT NULL,                 -- entry/exit decision code, 'manual' or 'voided'
  reason          TEXT NOT NULL,                 -- the manual reason, '' otherwise
  actor           TEXT NOT NULL,
  vehicles        INTEGER NOT NULL,
  reads           INTEGER NOT NULL,
  trusted         INTEGER NOT NULL,
  confidence_sum  REAL NOT NULL,
  PRIMARY KEY (hour, zone_id, space_type, lane_id, direction, how, reason, actor)
) STRICT, WITHOUT ROWID;

-- Stays by the hour they ended, in duration bins (the bin's lower bound in minutes).
CREATE TABLE report_stays (
  hour         INTEGER NOT NULL,
  zone_id      TEXT NOT NULL,
  minutes_bin  INTEGER NOT NULL,
  stays        INTEGER NOT NULL,
  PRIMARY KEY (hour, zone_id, minutes_bin)
) STRICT, WITHOUT ROWID;

-- The same by UTC day: a range of years reads whole days here and only its first and last hours above.
CREATE TABLE report_stays_days (
  day          INTEGER NOT NULL,                 -- UTC epoch day (epoch ms / 86,400,000)
  zone_id      TEXT NOT NULL,
  minutes_bin  INTEGER NOT NULL,
  stays        INTEGER NOT NULL,
  PRIMARY KEY (day, zone_id, minutes_bin)
) STRICT, WITHOUT ROWID;

-- Money taken and refunded per hour, method, vehicle class and rate table (refunds at the hour they succeeded).
CREATE TABLE report_money (
  hour            INTEGER NOT NULL,
  method          TEXT NOT NULL,
  vehicle_class   TEXT NOT NULL,                 -- '' for a debt paid with no session
  tariff          TEXT NOT NULL,
  payments        INTEGER NOT NULL,
  amount_minor    INTEGER NOT NULL,
  tax_minor       INTEGER NOT NULL,
  refunds         INTEGER NOT NULL,
  refunded_minor  INTEGER NOT NULL,
  PRIMARY KEY (hour, method, vehicle_class, tariff)
) STRICT, WITHOUT ROWID;

-- Card authorisations per reader and hour by how they ended.
CREATE TABLE report_card (
  hour         INTEGER NOT NULL,
  terminal_id  TEXT NOT NULL,
  state        TEXT NOT NULL,
  attempts     INTEGER NOT NULL,
  PRIMARY KEY (hour, terminal_id, state)
) STRICT, WITHOUT ROWID;

-- What the site already recorded, rolled up once; the triggers below keep it from here on.
INSERT INTO report_traffic
  SELECT entry_at / 3600000, zone_id, space_type, coalesce(entry_lane, ''), 'entry',
      CASE WHEN entry_manual_reason IS NOT NULL THEN 'manual' ELSE coalesce(entry_code, 'lane') END, coalesce(entry_manual_reason, ''), opened_by,
      sum(status <> 'voided' OR exit_at IS NOT NULL), sum(plate_confidence IS NOT NULL), sum(plate_confidence IS NOT NULL AND entry_manual_reason IS NULL),
      coalesce(sum(plate_confidence), 0)
  FROM sessions GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
INSERT INTO report_traffic
  SELECT exit_at / 3600000, zone_id, space_type, coalesce(exit_lane, ''), 'exit',
      CASE WHEN exit_manual_reason IS NOT NULL THEN 'manual' ELSE coalesce(exit_code, 'lane') END, coalesce(exit_manual_reason, ''), coalesce(closed_by, ''),
      count(*), 0, 0, 0
  FROM sessions WHERE exit_at IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
INSERT INTO report_stays
  SELECT exit_at / 3600000, zone_id, CASE WHEN (exit_at - entry_at) / 60000 < 15 THEN 0 WHEN (exit_at - entry_at) / 60000 < 30 THEN 15 WHEN (exit_at - entry_at) / 60000 < 60 THEN 30 WHEN (exit_at - entry_at) / 60000 < 120 THEN 60 WHEN (exit_at - entry_at) / 60000 < 180 THEN 120 WHEN (exit_at - entry_at) / 60000 < 240 THEN 180 WHEN (exit_at - entry_at) / 60000 < 360 THEN 240 WHEN (exit_at - entry_at) / 60000 < 480 THEN 360 WHEN (exit_at - entry_at) / 60000 < 720 THEN 480 WHEN (exit_at - entry_at) / 60000 < 1440 THEN 720 WHEN (exit_at - entry_at) / 60000 < 2880 THEN 1440 WHEN (exit_at - entry_at) / 60000 < 10080 THEN 2880 ELSE 10080 END, count(*)
  FROM sessions WHERE exit_at IS NOT NULL GROUP BY 1, 2, 3;
INSERT INTO report_stays_days SELECT hour / 24, zone_id, minutes_bin, sum(stays) FROM report_stays GROUP BY 1, 2, 3;
INSERT INTO report_money
  SELECT hour, method, vehicle_class, tariff, sum(payments), sum(amount_minor), sum(tax_minor), sum(refunds), sum(refunded_minor) FROM (
    SELECT p.taken_at / 3600000 AS hour, p.method, coalesce(s.vehicle_class, '') AS vehicle_class, coalesce(json_extract(p.quote, '$.tableId'), '') AS tariff,
        1 AS payments, p.amount_minor, p.tax_minor, 0 AS refunds, 0 AS refunded_minor
      FROM payments p LEFT JOIN sessions s ON s.id = p.session_id
    UNION ALL
    SELECT r.updated_at / 3600000, p.method, coalesce(s.vehicle_class, ''), coalesce(json_extract(p.quote, '$.tableId'), ''), 0, 0, 0, 1, r.amount_minor
      FROM refunds r JOIN payments p ON p.id = r.payment_id LEFT JOIN sessions s ON s.id = p.session_id WHERE r.state = 'succeeded')
  GROUP BY 1, 2, 3, 4;
INSERT INTO report_card
  SELECT updated_at / 3600000, terminal_id, state, count(*) FROM payment_attempts
  WHERE method = 'card' AND state NOT IN ('created','sent_to_reader') GROUP BY 1, 2, 3;

-- A session is written open and closed later, as the lanes do: the entry counts at insert, the exit and the stay at close.
CREATE TRIGGER report_session_entry AFTER INSERT ON sessions
BEGIN
  INSERT INTO report_traffic VALUES (NEW.entry_at / 3600000, NEW.zone_id, NEW.space_type, coalesce(NEW.entry_lane, ''), 'entry',
      CASE WHEN NEW.entry_manual_reason IS NOT NULL THEN 'manual' ELSE coalesce(NEW.entry_code, 'lane') END,
      coalesce(NEW.entry_manual_reason, ''), NEW.opened_by, 1,
      NEW.plate_confidence IS NOT NULL, NEW.plate_confidence IS NOT NULL AND NEW.entry_manual_reason IS NULL, coalesce(NEW.plate_confidence, 0))
  ON CONFLICT DO UPDATE SET vehicles = vehicles + 1, reads = reads + excluded.reads, trusted = trusted + excluded.trusted,
      confidence_sum = confidence_sum + excluded.confidence_sum;
END;

CREATE TRIGGER report_session_exit AFTER UPDATE OF exit_at ON sessions WHEN OLD.exit_at IS NULL AND NEW.exit_at IS NOT NULL
BEGIN
  INSERT INTO report_traffic VALUES (NEW.exit_at / 3600000, NEW.zone_id, NEW.space_type, coalesce(NEW.exit_lane, ''), 'exit',
      CASE WHEN NEW.exit_manual_reason IS NOT NULL THEN 'manual' ELSE coalesce(NEW.exit_code, 'lane') END,
      coalesce(NEW.exit_manual_reason, ''), coalesce(NEW.closed_by, ''), 1, 0, 0, 0)
  ON CONFLICT DO UPDATE SET vehicles = vehicles + 1;
  INSERT INTO report_stays VALUES (NEW.exit_at / 3600000, NEW.zone_id, CASE WHEN (NEW.exit_at - NEW.entry_at) / 60000 < 15 THEN 0 WHEN (NEW.exit_at - NEW.entry_at) / 60000 < 30 THEN 15 WHEN (NEW.exit_at - NEW.entry_at) / 60000 < 60 THEN 30 WHEN (NEW.exit_at - NEW.entry_at) / 60000 < 120 THEN 60 WHEN (NEW.exit_at - NEW.entry_at) / 60000 < 180 THEN 120 WHEN (NEW.exit_at - NEW.entry_at) / 60000 < 240 THEN 180 WHEN (NEW.exit_at - NEW.entry_at) / 60000 < 360 THEN 240 WHEN (NEW.exit_at - NEW.entry_at) / 60000 < 480 THEN 360 WHEN (NEW.exit_at - NEW.entry_at) / 60000 < 720 THEN 480 WHEN (NEW.exit_at - NEW.entry_at) / 60000 < 1440 THEN 720 WHEN (NEW.exit_at - NEW.entry_at) / 60000 < 2880 THEN 1440 WHEN (NEW.exit_at - NEW.entry_at) / 60000 < 10080 THEN 2880 ELSE 10080 END, 1)
  ON CONFLICT DO UPDATE SET stays = stays + 1;
  INSERT INTO report_stays_days VALUES (NEW.exit_at / 86400000, NEW.zone_id, CASE WHEN (NEW.exit_at - NEW.entry_at) / 60000 < 15 THEN 0 WHEN (NEW.exit_at - NEW.entry_at) / 60000 < 30 THEN 15 WHEN (NEW.exit_at - NEW.entry_at) / 60000 < 60 THEN 30 WHEN (NEW.exit_at - NEW.entry_at) / 60000 < 120 THEN 60 WHEN (NEW.exit_at - NEW.entry_at) / 60000 < 180 THEN 120 WHEN (NEW.exit_at - NEW.entry_at) / 60000 < 240 THEN 180 WHEN (NEW.exit_at - NEW.entry_at) / 60000 < 360 THEN 240 WHEN (NEW.exit_at - NEW.entry_at) / 60000 < 480 THEN 360 WHEN (NEW.exit_at - NEW.entry_at) / 60000 < 720 THEN 480 WHEN (NEW.exit_at - NEW.entry_at) / 60000 < 1440 THEN 720 WHEN (NEW.exit_at - NEW.entry_at) / 60000 < 2880 THEN 1440 WHEN (NEW.exit_at - NEW.entry_at) / 60000 < 10080 THEN 2880 ELSE 10080 END, 1)
  ON CONFLICT DO UPDATE SET stays = stays + 1;
END;

CREATE TRIGGER report_session_voided AFTER UPDATE OF status ON sessions WHEN NEW.status = 'voided' AND OLD.status <> 'voided' AND OLD.exit_at IS NULL
BEGIN
  INSERT INTO report_traffic VALUES (NEW.entry_at / 3600000, NEW.zone_id, NEW.space_type, coalesce(NEW.entry_lane, ''), 'entry', 'voided',
      '', coalesce(NEW.closed_by, ''), -1, 0, 0, 0)
  ON CONFLICT DO UPDATE SET vehicles = vehicles - 1;
END;

CREATE TRIGGER report_payment AFTER INSERT ON payments
BEGIN
  INSERT INTO report_money VALUES (NEW.taken_at / 3600000, NEW.method,
      coalesce((SELECT vehicle_class FROM sessions WHERE id = NEW.session_id), ''), coalesce(json_extract(NEW.quote, '$.tableId'), ''),
      1, NEW.amount_minor, NEW.tax_minor, 0, 0)
  ON CONFLICT DO UPDATE SET payments = payments + 1, amount_minor = amount_minor + excluded.amount_minor, tax_minor = tax_minor + excluded.tax_minor;
END;

CREATE TRIGGER report_refund AFTER UPDATE OF state ON refunds WHEN NEW.state = 'succeeded' AND OLD.state <> 'succeeded'
BEGIN
  INSERT INTO report_money SELECT NEW.updated_at / 3600000, p.method, coalesce(s.vehicle_class, ''), coalesce(json_extract(p.quote, '$.tableId'), ''),
      0, 0, 0, 1, NEW.amount_minor
    FROM payments p LEFT JOIN sessions s ON s.id = p.session_id WHERE p.id = NEW.payment_id
  ON CONFLICT DO UPDATE SET refunds = refunds + 1, refunded_minor = refunded_minor + excluded.refunded_minor;
END;

CREATE TRIGGER report_card_attempt AFTER UPDATE OF state ON payment_attempts
WHEN NEW.method = 'card' AND OLD.state IN ('created','sent_to_reader') AND NEW.state NOT IN ('created','sent_to_reader')
BEGIN
  INSERT INTO report_card VALUES (NEW.updated_at / 3600000, NEW.terminal_id, NEW.state, 1)
  ON CONFLICT DO UPDATE SET attempts = attempts + 1;
END;

-- Discounts and validations given in a range, and the shifts' cash-ups, without a scan of their tables.
CREATE INDEX session_adjustments_at ON session_adjustments(at);
CREATE INDEX shifts_opened_at ON shifts(opened_at);

-- Spells a device (camera, relay board, card reader, printer, head office link) reported itself unhealthy, for the
-- traffic report's faults and their duration; to_at is NULL while the fault lasts.
CREATE TABLE device_faults (
  id         INTEGER PRIMARY KEY,
  device_id  TEXT NOT NULL,
  kind       TEXT NOT NULL,
  lane_id    TEXT,
  detail     TEXT NOT NULL,
  from_at    INTEGER NOT NULL,
  to_at      INTEGER,
  CHECK (to_at IS NULL OR to_at >= from_at)
) STRICT;
CREATE INDEX device_faults_from ON device_faults(from_at);
CREATE UNIQUE INDEX device_faults_one_open ON device_faults(device_id) WHERE to_at IS NULL;
