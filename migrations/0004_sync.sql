-- Lotkeeper schema, version 4: sync to head office and the SMS outbox.
-- Frozen once merged: change the schema with a new numbered file.

-- Where the push stands: head office holds every outbox row up to acked_seq (its acknowledgement, never a guess),
-- so a restarted kiosk resumes right after it. One row.
CREATE TABLE sync_state (
  id               INTEGER PRIMARY KEY CHECK (id = 1),
  acked_seq        INTEGER NOT NULL DEFAULT 0 CHECK (acked_seq >= 0),
  config_version   INTEGER NOT NULL DEFAULT 0 CHECK (config_version >= 0),
  last_success_at  INTEGER,
  last_error_at    INTEGER,
  last_error       TEXT
) STRICT;
INSERT INTO sync_state (id) VALUES (1);

-- Each config pull that changed something: the version it brought, what it applied, and the head-office records
-- it did NOT apply because the site had changed them while offline (the conflict rule, sync/pull.ts).
CREATE TABLE sync_pulls (
  version     INTEGER PRIMARY KEY CHECK (version >= 1),
  applied_at  INTEGER NOT NULL,
  applied     INTEGER NOT NULL CHECK (applied >= 0),
  conflicts   TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(conflicts))
) STRICT;

-- Nightly reconciliations: per-day counts and checksums compared with head office, and what was re-sent.
CREATE TABLE sync_reconciliations (
  id              INTEGER PRIMARY KEY,
  started_at      INTEGER NOT NULL,
  finished_at     INTEGER,
  first_day       TEXT NOT NULL,
  last_day        TEXT NOT NULL,
  days_checked    INTEGER NOT NULL DEFAULT 0,
  days_mismatched INTEGER NOT NULL DEFAULT 0,
  changes_resent  INTEGER NOT NULL DEFAULT 0,
  outcome         TEXT NOT NULL CHECK (outcome IN ('running','matched','repaired','failed')),
  detail          TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(detail)),
  error           TEXT
) STRICT;
-- Reconciliation reads the outbox by day: created_at is the day's only handle.
CREATE INDEX outbox_created ON outbox(created_at);

-- SMS, one row per event: event_key is the event's identity (e.g. 'reminder:session:42:1'), so an event can never
-- queue a second message. `state`: queued -> sending (committed BEFORE Twilio is called) -> sent -> delivered, or
-- failed / suppressed (opted out) / expired (quiet hours outlasted its use).
CREATE TABLE sms_outbox (
  id               INTEGER PRIMARY KEY,
  event_key        TEXT NOT NULL UNIQUE CHECK (length(event_key) BETWEEN 1 AND 200),
  to_number        TEXT NOT NULL CHECK (to_number GLOB '+[1-9]*' AND length(to_number) BETWEEN 8 AND 16),
  template         TEXT NOT NULL,
  language         TEXT NOT NULL,
  body             TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 1600),
  state            TEXT NOT NULL CHECK (state IN ('queued','sending','sent','delivered','failed','suppressed','expired')),
  attempts         INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at  INTEGER NOT NULL,
  expires_at       INTEGER,
  sending_since    INTEGER,
  twilio_sid       TEXT UNIQUE,
  delivery_status  TEXT,
  error_code       INTEGER,
  last_error       TEXT,
  created_at       INTEGER NOT NULL,
  sent_at          INTEGER,
  finished_at      INTEGER,
  reported_at      INTEGER
) STRICT;
CREATE INDEX sms_outbox_due ON sms_outbox(next_attempt_at) WHERE state IN ('queued','sending','sent');
CREATE INDEX sms_outbox_number ON sms_outbox(to_number, sent_at);

-- Numbers that answered STOP (Twilio 21610) or asked at the booth: never messaged until they opt in again.
CREATE TABLE sms_opt_outs (
  number      TEXT PRIMARY KEY CHECK (number GLOB '+[1-9]*'),
  at          INTEGER NOT NULL,
  source      TEXT NOT NULL CHECK (source IN ('carrier','booth'))
) STRICT, WITHOUT ROWID;
