-- Lotkeeper schema, version 1. Frozen once merged: change the schema with a new numbered file.
-- Instants are UTC epoch milliseconds (INTEGER); money is integer minor units.

CREATE TABLE site (
  id            INTEGER PRIMARY KEY CHECK (id = 1),          -- one site per database
  name          TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  time_zone     TEXT NOT NULL,
  currency      TEXT NOT NULL CHECK (currency GLOB '[A-Z][A-Z][A-Z]'),
  tax_rate_bp   INTEGER NOT NULL CHECK (tax_rate_bp BETWEEN 0 AND 10000),
  locale        TEXT NOT NULL,
  updated_at    INTEGER NOT NULL
) STRICT;

CREATE TABLE vehicle_classes (
  id    TEXT PRIMARY KEY CHECK (id GLOB '[a-z]*'),
  name  TEXT NOT NULL
) STRICT;

CREATE TABLE zones (
  id     TEXT PRIMARY KEY CHECK (id GLOB '[a-z0-9]*'),
  name   TEXT NOT NULL,
  level  TEXT
) STRICT;

CREATE TABLE zone_spaces (
  zone_id     TEXT NOT NULL REFERENCES zones(id) ON DELETE CASCADE,
  space_type  TEXT NOT NULL CHECK (space_type IN ('regular','accessible','ev','motorcycle','vip','reserved')),
  capacity    INTEGER NOT NULL CHECK (capacity >= 0),
  PRIMARY KEY (zone_id, space_type)
) STRICT;

CREATE TABLE lanes (
  id             TEXT PRIMARY KEY CHECK (id GLOB '[a-z0-9]*'),
  name           TEXT NOT NULL,
  direction      TEXT NOT NULL CHECK (direction IN ('entry','exit')),
  zone_id        TEXT NOT NULL REFERENCES zones(id),
  camera         TEXT,
  relay_channel  INTEGER CHECK (relay_channel >= 0)
) STRICT;

CREATE TABLE users (
  id               INTEGER PRIMARY KEY,
  username         TEXT NOT NULL UNIQUE COLLATE NOCASE,
  display_name     TEXT NOT NULL,
  role             TEXT NOT NULL CHECK (role IN ('attendant','supervisor','admin')),
  secret_kind      TEXT NOT NULL CHECK (secret_kind IN ('pin','password')),
  secret_hash      TEXT NOT NULL,
  failed_attempts  INTEGER NOT NULL DEFAULT 0,
  locked_until     INTEGER,
  active           INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
  created_at       INTEGER NOT NULL
) STRICT;

CREATE TABLE shifts (
  id                INTEGER PRIMARY KEY,
  user_id           INTEGER NOT NULL REFERENCES users(id),
  opened_at         INTEGER NOT NULL,
  float_minor       INTEGER NOT NULL CHECK (float_minor >= 0),
  closed_at         INTEGER,
  counted_minor     INTEGER CHECK (counted_minor >= 0),
  counted_detail    TEXT,                                       -- JSON: denomination -> count
  expected_minor    INTEGER,
  CHECK (closed_at IS NULL OR closed_at >= opened_at)
) STRICT;
-- At most one open shift per attendant.
CREATE UNIQUE INDEX shifts_one_open_per_user ON shifts(user_id) WHERE closed_at IS NULL;

CREATE TABLE rate_tables (
  id              TEXT NOT NULL,
  version         INTEGER NOT NULL CHECK (version >= 1),
  vehicle_class   TEXT NOT NULL REFERENCES vehicle_classes(id),
  effective_from  INTEGER NOT NULL,
  effective_to    INTEGER,
  definition      TEXT NOT NULL,                                -- JSON, validated by the tariff schema
  created_at      INTEGER NOT NULL,
  created_by      TEXT NOT NULL,
  PRIMARY KEY (id, version)
) STRICT;

CREATE TABLE sessions (
  id                 INTEGER PRIMARY KEY,
  plate_raw          TEXT NOT NULL,
  plate_key          TEXT NOT NULL CHECK (length(plate_key) BETWEEN 2 AND 10),
  plate_fold         TEXT NOT NULL,                          -- plate_key with OCR-confusable characters folded
  plate_confidence   REAL CHECK (plate_confidence BETWEEN 0 AND 1),
  plate_image        TEXT,
  vehicle_class      TEXT NOT NULL REFERENCES vehicle_classes(id),
  zone_id            TEXT NOT NULL REFERENCES zones(id),
  space_type         TEXT NOT NULL,
  entry_lane         TEXT REFERENCES lanes(id),
  entry_at           INTEGER NOT NULL,
  entry_manual_reason TEXT,
  exit_lane          TEXT REFERENCES lanes(id),
  exit_at            INTEGER,
  exit_manual_reason TEXT,
  status             TEXT NOT NULL CHECK (status IN ('open','paid','closed','voided')),
  paid_minor         INTEGER NOT NULL DEFAULT 0 CHECK (paid_minor >= 0),
  paid_at            INTEGER,
  opened_by          TEXT NOT NULL,
  closed_by          TEXT,
  CHECK (exit_at IS NULL OR exit_at >= entry_at),
  CHECK ((status IN ('open','paid')) = (exit_at IS NULL) OR status = 'voided')
) STRICT;
-- The cars inside the lot: small, hot, and the only rows the exit lookup and occupancy read.
CREATE INDEX sessions_inside ON sessions(plate_key) WHERE status IN ('open','paid');
CREATE INDEX sessions_inside_zone ON sessions(zone_id, vehicle_class, space_type) WHERE status IN ('open','paid');
CREATE INDEX sessions_entry_at ON sessions(entry_at);
-- Covers the revenue summaries: a month is a range scan that never touches the table.
CREATE INDEX sessions_exit_at ON sessions(exit_at, paid_minor) WHERE exit_at IS NOT NULL;
CREATE INDEX sessions_plate_fold ON sessions(plate_fold, entry_at);

-- Append-only, hash-chained (see electron/kiosk/domain/audit-chain.ts). Triggers refuse edits and deletes
-- through SQL; the hash chain catches edits made by other means.
CREATE TABLE audit_log (
  seq        INTEGER PRIMARY KEY,
  at         INTEGER NOT NULL,
  actor      TEXT NOT NULL,
  action     TEXT NOT NULL,
  subject    TEXT,
  detail     TEXT NOT NULL,                                    -- canonical JSON
  prev_hash  TEXT NOT NULL,
  hash       TEXT NOT NULL UNIQUE
) STRICT;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

-- Every committed domain change appends here in the same transaction; the sync worker drains it.
CREATE TABLE outbox (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  key         TEXT NOT NULL UNIQUE,                            -- idempotency key for head office
  kind        TEXT NOT NULL,
  payload     TEXT NOT NULL,                                   -- JSON
  created_at  INTEGER NOT NULL
) STRICT;
