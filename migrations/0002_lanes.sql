-- Lotkeeper schema, version 2: lanes at work. Devices and lane settings, access records (permits, allow/deny
-- lists, reservations), anti-passback, the decision behind each session, evidence images and plate corrections.
-- Frozen once merged: change the schema with a new numbered file.

-- The devices wired to this site (relay boards, cameras, card readers). `config` is JSON validated by the
-- device's own schema in native/ before it is stored; a simulator is a device too (demo site, tests).
CREATE TABLE devices (
  id          TEXT PRIMARY KEY CHECK (id GLOB '[a-z0-9]*' AND length(id) BETWEEN 1 AND 40),
  kind        TEXT NOT NULL CHECK (kind IN ('relay','camera','terminal')),
  config      TEXT NOT NULL CHECK (json_valid(config)),
  updated_at  INTEGER NOT NULL,
  updated_by  TEXT NOT NULL
) STRICT;

-- How each lane runs: its mode, the read confidence it acts on alone, and the devices it uses.
CREATE TABLE lane_settings (
  lane_id         TEXT PRIMARY KEY REFERENCES lanes(id) ON DELETE CASCADE,
  mode            TEXT NOT NULL CHECK (mode IN ('normal','attendant-confirms-every-car','closed','free-flow')),
  min_confidence  REAL NOT NULL CHECK (min_confidence BETWEEN 0 AND 1),
  relay_board     TEXT REFERENCES devices(id),
  pulse_ms        INTEGER NOT NULL DEFAULT 500 CHECK (pulse_ms BETWEEN 50 AND 10000),
  -- The board's digital inputs wired to this lane (0-based), when it has them: presence loop, barrier-open sensor.
  loop_input      INTEGER CHECK (loop_input >= 0),
  barrier_input   INTEGER CHECK (barrier_input >= 0),
  camera          TEXT REFERENCES devices(id),
  terminal        TEXT REFERENCES devices(id),
  updated_at      INTEGER NOT NULL,
  updated_by      TEXT NOT NULL
) STRICT;

-- Permits, allow/deny list entries and reservations, each stored as the JSON its schema validated
-- (domain/lanes/access-rules.ts). `origin` says who owns the record: head office's copies are replaced by sync,
-- a site's own edits are kept (the conflict rule lives in the sync code). Deleting keeps the row, for the audit.
CREATE TABLE access_records (
  kind        TEXT NOT NULL CHECK (kind IN ('permit','allow','deny','reservation')),
  id          TEXT NOT NULL,
  definition  TEXT NOT NULL CHECK (json_valid(definition)),
  origin      TEXT NOT NULL CHECK (origin IN ('site','headoffice')),
  version     INTEGER NOT NULL CHECK (version >= 1),
  updated_at  INTEGER NOT NULL,
  updated_by  TEXT NOT NULL,
  deleted_at  INTEGER,
  PRIMARY KEY (kind, id)
) STRICT;
-- The folded plate keys (domain/plate.ts foldConfusable) each live record admits or refuses: a lane looks a read
-- up here in one index probe, whatever the OCR confused.
CREATE TABLE access_plates (
  plate_fold  TEXT NOT NULL,
  kind        TEXT NOT NULL,
  id          TEXT NOT NULL,
  PRIMARY KEY (plate_fold, kind, id),
  FOREIGN KEY (kind, id) REFERENCES access_records(kind, id) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

-- In/out state per credential (the folded plate), for anti-passback. A supervisor's reset sets 'unknown'.
CREATE TABLE anti_passback (
  plate_fold  TEXT PRIMARY KEY,
  state       TEXT NOT NULL CHECK (state IN ('inside','outside','unknown')),
  lane_id     TEXT,
  at          INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- Why the lane let the car in or out: the decision code and the permit, reservation or list entry behind it.
ALTER TABLE sessions ADD COLUMN entry_code TEXT;
ALTER TABLE sessions ADD COLUMN entry_ref TEXT;
ALTER TABLE sessions ADD COLUMN exit_code TEXT;

-- The frame and plate crop behind a decision, as files beside the database (<data>/evidence). Purging removes the
-- files and sets purged_at; the row stays so the session still says that evidence existed.
CREATE TABLE evidence (
  id          INTEGER PRIMARY KEY,
  session_id  INTEGER REFERENCES sessions(id),
  lane_id     TEXT NOT NULL,
  stage       TEXT NOT NULL CHECK (stage IN ('entry','exit')),
  captured_at INTEGER NOT NULL,
  frame_file  TEXT NOT NULL,
  crop_file   TEXT,
  purged_at   INTEGER
) STRICT;
CREATE INDEX evidence_session ON evidence(session_id);
CREATE INDEX evidence_unpurged ON evidence(captured_at) WHERE purged_at IS NULL;

-- What the reader said and what the attendant said it was: kept to measure the reader.
CREATE TABLE plate_corrections (
  id               INTEGER PRIMARY KEY,
  at               INTEGER NOT NULL,
  lane_id          TEXT NOT NULL,
  read_key         TEXT,
  read_confidence  REAL CHECK (read_confidence BETWEEN 0 AND 1),
  corrected_key    TEXT NOT NULL CHECK (length(corrected_key) BETWEEN 2 AND 10),
  evidence_id      INTEGER REFERENCES evidence(id),
  by               TEXT NOT NULL,
  reason           TEXT NOT NULL
) STRICT;
