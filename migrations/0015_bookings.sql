-- Lotkeeper schema: drivers, their vehicles, individual spaces, and bookings that hold capacity.
-- Frozen once merged: change the schema with a new numbered file.

-- Drivers are customers, not users: they never log in. Personal fields are nullable so that an erased driver keeps
-- its row (bookings and payments still point at it) with every personal field gone; audit rows name drivers by id
-- only, so erasing one never touches the hash chain.
CREATE TABLE drivers (
  id              INTEGER PRIMARY KEY,
  name            TEXT COLLATE NOCASE CHECK (name IS NULL OR length(name) BETWEEN 1 AND 120),
  phone           TEXT CHECK (phone IS NULL OR phone GLOB '+[0-9]*'),       -- E.164
  email           TEXT COLLATE NOCASE CHECK (email IS NULL OR email LIKE '%_@_%'),
  sms_consent     INTEGER NOT NULL DEFAULT 0 CHECK (sms_consent IN (0,1)),
  notes           TEXT NOT NULL DEFAULT '',
  wallet_id       INTEGER REFERENCES wallets(id),
  origin          TEXT NOT NULL CHECK (origin IN ('booth','headoffice')),
  headoffice_ref  TEXT UNIQUE,
  version         INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
  erased_at       INTEGER,
  merged_into     INTEGER REFERENCES drivers(id),
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  CHECK (erased_at IS NULL OR (name IS NULL AND phone IS NULL AND email IS NULL AND notes = '' AND sms_consent = 0))
) STRICT;
CREATE INDEX drivers_name ON drivers(name) WHERE name IS NOT NULL;
CREATE INDEX drivers_phone ON drivers(phone) WHERE phone IS NOT NULL;
CREATE INDEX drivers_email ON drivers(email) WHERE email IS NOT NULL;

-- A driver's cars. plate_fold is the key with OCR-confusable characters folded (as sessions keep it).
CREATE TABLE driver_vehicles (
  id             INTEGER PRIMARY KEY,
  driver_id      INTEGER NOT NULL REFERENCES drivers(id),
  plate_raw      TEXT NOT NULL,
  plate_key      TEXT NOT NULL CHECK (length(plate_key) BETWEEN 2 AND 10 OR plate_key GLOB 'ERASED*'),
  plate_fold     TEXT NOT NULL,
  vehicle_class  TEXT NOT NULL REFERENCES vehicle_classes(id),
  make           TEXT NOT NULL DEFAULT '' CHECK (length(make) <= 60),
  colour         TEXT NOT NULL DEFAULT '' CHECK (length(colour) <= 40),
  removed_at     INTEGER
) STRICT;
CREATE INDEX driver_vehicles_driver ON driver_vehicles(driver_id);
CREATE INDEX driver_vehicles_plate ON driver_vehicles(plate_fold) WHERE removed_at IS NULL;

-- Floors and the individual spaces on them. A zone/type with spaces has exactly as much capacity as it has
-- spaces in service (zone_spaces.capacity is rewritten from them in the same transaction); one without spaces
-- keeps counting by zone, as before.
CREATE TABLE floors (
  id     TEXT PRIMARY KEY CHECK (id GLOB '[a-z0-9]*'),
  name   TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
  sort   INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE TABLE spaces (
  id              INTEGER PRIMARY KEY,
  zone_id         TEXT NOT NULL REFERENCES zones(id),
  floor_id        TEXT REFERENCES floors(id),
  label           TEXT NOT NULL CHECK (length(label) BETWEEN 1 AND 20),
  space_type      TEXT NOT NULL CHECK (space_type IN ('regular','accessible','ev','motorcycle','vip','reserved')),
  classes         TEXT NOT NULL CHECK (json_valid(classes) AND json_type(classes) = 'array'),   -- vehicle classes allowed
  in_service      INTEGER NOT NULL DEFAULT 1 CHECK (in_service IN (0,1)),
  out_reason      TEXT,
  distance        INTEGER NOT NULL DEFAULT 0 CHECK (distance >= 0),   -- walking order from the entrance: nearest first
  CHECK ((in_service = 0) = (out_reason IS NOT NULL)),
  UNIQUE (zone_id, label)
) STRICT;
CREATE INDEX spaces_zone_type ON spaces(zone_id, space_type, in_service);

-- The booking policy: one row, edited by a supervisor. Head office sells only from its allotment (a share of every
-- zone/type's capacity in every slot); the site sells only the rest, so the two never sell the same space while
-- they cannot talk (sync/PROTOCOL.md).
CREATE TABLE booking_policy (
  id                       INTEGER PRIMARY KEY CHECK (id = 1),
  pay_on_arrival           INTEGER NOT NULL DEFAULT 1 CHECK (pay_on_arrival IN (0,1)),
  free_cancel_hours        INTEGER NOT NULL DEFAULT 24 CHECK (free_cancel_hours >= 0),
  cancel_fee_minor         INTEGER NOT NULL DEFAULT 500 CHECK (cancel_fee_minor >= 0),
  no_show_grace_minutes    INTEGER NOT NULL DEFAULT 60 CHECK (no_show_grace_minutes >= 0),
  no_show_fee_minor        INTEGER NOT NULL DEFAULT 1000 CHECK (no_show_fee_minor >= 0),
  arrive_early_minutes     INTEGER NOT NULL DEFAULT 30 CHECK (arrive_early_minutes >= 0),
  headoffice_allotment_bp  INTEGER NOT NULL DEFAULT 2000 CHECK (headoffice_allotment_bp BETWEEN 0 AND 10000),
  updated_at               INTEGER NOT NULL
) STRICT;
INSERT INTO booking_policy (id, updated_at) VALUES (1, 0);

-- A booking holds one place of a zone and space type (or one named space) for [starts_at, ends_at).
-- Live while 'booked' (not arrived yet) or 'arrived' (the car is inside on it); 'completed', 'cancelled' and
-- 'no_show' hold nothing.
CREATE TABLE bookings (
  id              INTEGER PRIMARY KEY,
  ref             TEXT NOT NULL UNIQUE CHECK (length(ref) BETWEEN 4 AND 64),
  origin          TEXT NOT NULL CHECK (origin IN ('booth','headoffice')),
  driver_id       INTEGER NOT NULL REFERENCES drivers(id),
  plate_raw       TEXT NOT NULL,
  plate_key       TEXT NOT NULL,
  plate_fold      TEXT NOT NULL,
  vehicle_class   TEXT NOT NULL REFERENCES vehicle_classes(id),
  zone_id         TEXT NOT NULL REFERENCES zones(id),
  space_type      TEXT NOT NULL CHECK (space_type IN ('regular','accessible','ev','motorcycle','vip','reserved')),
  space_id        INTEGER REFERENCES spaces(id),
  starts_at       INTEGER NOT NULL,
  ends_at         INTEGER NOT NULL,
  status          TEXT NOT NULL CHECK (status IN ('booked','arrived','completed','cancelled','no_show')),
  pay_mode        TEXT NOT NULL CHECK (pay_mode IN ('prepaid','on_arrival')),
  price_minor     INTEGER NOT NULL CHECK (price_minor >= 0),
  paid_minor      INTEGER NOT NULL DEFAULT 0 CHECK (paid_minor >= 0),
  currency        TEXT NOT NULL CHECK (currency GLOB '[A-Z][A-Z][A-Z]'),
  session_id      INTEGER REFERENCES sessions(id),
  version         INTEGER NOT NULL DEFAULT 1,
  created_by      TEXT NOT NULL,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  CHECK (ends_at > starts_at)
) STRICT;
-- Arrival: the entry lane looks for a live booking of the plate around now.
CREATE INDEX bookings_arrival ON bookings(plate_fold, starts_at) WHERE status = 'booked';
CREATE INDEX bookings_driver ON bookings(driver_id, starts_at);
-- No-show sweep and the day view read live bookings by start.
CREATE INDEX bookings_live_start ON bookings(starts_at) WHERE status IN ('booked','arrived');
CREATE INDEX bookings_space ON bookings(space_id, starts_at) WHERE space_id IS NOT NULL AND status IN ('booked','arrived');
CREATE INDEX bookings_session ON bookings(session_id) WHERE session_id IS NOT NULL;

-- What live bookings hold, per zone, space type and hour slot (UTC hours since 1970), split by who sold it:
-- written in the same transaction as the booking change, so it never disagrees with the bookings. The
-- availability search reads a window's slots through the primary key.
CREATE TABLE booking_holds (
  zone_id     TEXT NOT NULL,
  space_type  TEXT NOT NULL,
  slot        INTEGER NOT NULL,
  site_held   INTEGER NOT NULL DEFAULT 0 CHECK (site_held >= 0),
  ho_held     INTEGER NOT NULL DEFAULT 0 CHECK (ho_held >= 0),
  PRIMARY KEY (zone_id, space_type, slot)
) STRICT, WITHOUT ROWID;

-- Money on a booking: charges at booking or modification, fees (late cancel, no-show) and refunds. One row per
-- movement with its idempotency key, so a retried request never charges twice.
CREATE TABLE booking_payments (
  id               INTEGER PRIMARY KEY,
  booking_id       INTEGER NOT NULL REFERENCES bookings(id),
  idempotency_key  TEXT NOT NULL UNIQUE CHECK (length(idempotency_key) BETWEEN 8 AND 100),
  kind             TEXT NOT NULL CHECK (kind IN ('charge','refund','fee')),
  method           TEXT NOT NULL CHECK (method IN ('wallet','cash','card','owed')),
  amount_minor     INTEGER NOT NULL CHECK (amount_minor > 0),
  wallet_id        INTEGER REFERENCES wallets(id),
  shift_id         INTEGER REFERENCES shifts(id),
  at               INTEGER NOT NULL,
  by               TEXT NOT NULL,
  CHECK (method <> 'wallet' OR wallet_id IS NOT NULL),
  CHECK (method <> 'cash' OR shift_id IS NOT NULL)
) STRICT;
CREATE INDEX booking_payments_booking ON booking_payments(booking_id);

-- A session that arrived on a booking points to it.
ALTER TABLE sessions ADD COLUMN booking_id INTEGER REFERENCES bookings(id);
