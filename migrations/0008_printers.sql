-- Receipt printers: the booth's (lane_id NULL) or an exit lane's pay station. A table of their own rather than a
-- kind of device: devices' CHECK on kind cannot take 'printer' without a rebuild that fights the foreign keys
-- from lane_settings. The config is the driver's (native/printer: tcp or serial, or the demo's simulated one).
CREATE TABLE printers (
  id          TEXT PRIMARY KEY CHECK (id GLOB '[a-z0-9]*' AND length(id) BETWEEN 1 AND 40),
  lane_id     TEXT REFERENCES lanes(id),
  config      TEXT NOT NULL CHECK (json_valid(config)),
  updated_at  INTEGER NOT NULL,
  updated_by  TEXT NOT NULL
) STRICT;

-- Printers and devices share the devices panel and its health registry, keyed by id: an id is used once across both.
CREATE TRIGGER printers_id_unused_by_devices BEFORE INSERT ON printers
WHEN EXISTS (SELECT 1 FROM devices WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'a printer cannot take the id of a device'); END;
CREATE TRIGGER devices_id_unused_by_printers BEFORE INSERT ON devices
WHEN EXISTS (SELECT 1 FROM printers WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'a device cannot take the id of a printer'); END;

-- A receipt's first print and its reprints are told apart by its audit rows: read by subject, not by a full scan.
CREATE INDEX audit_log_subject ON audit_log(subject);
