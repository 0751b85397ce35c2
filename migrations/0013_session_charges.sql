-- What each stay was charged, recorded with its lines at the moment money is taken, the price is adjusted or the
-- car leaves: the exit screen, the session view, the lane's exit decision, the receipt and head office all read
-- these rows instead of pricing the stay again each in its own way. Append-only: the latest row of a session is
-- its charge; earlier rows are its history.
-- Frozen once merged: change the schema with a new numbered file.
CREATE TABLE session_charges (
  id            INTEGER PRIMARY KEY,
  session_id    INTEGER NOT NULL REFERENCES sessions(id),
  event         TEXT NOT NULL CHECK (event IN ('payment','adjustment','exit','overpayment_kept')),
  lines         TEXT NOT NULL CHECK (json_valid(lines) AND json_type(lines) = 'array'),
  total_minor   INTEGER NOT NULL CHECK (total_minor >= 0),
  paid_minor    INTEGER NOT NULL CHECK (paid_minor >= 0),   -- net of refunds, when the row was written
  currency      TEXT NOT NULL CHECK (currency GLOB '[A-Z][A-Z][A-Z]'),
  priced_at     INTEGER NOT NULL,                           -- the end of the stay the lines price
  grace_until   INTEGER,                                    -- after a payment: the charge holds until then
  recorded_at   INTEGER NOT NULL,
  recorded_by   TEXT NOT NULL
) STRICT;
CREATE INDEX session_charges_session ON session_charges(session_id, id);
CREATE TRIGGER session_charges_no_update BEFORE UPDATE ON session_charges
BEGIN SELECT RAISE(ABORT, 'session charges are append-only'); END;
CREATE TRIGGER session_charges_no_delete BEFORE DELETE ON session_charges
BEGIN SELECT RAISE(ABORT, 'session charges are append-only'); END;

-- An overpayment the driver chose to leave with the site (a tip, a round figure): it becomes a line of the charge,
-- so the stay's charge equals what it paid. One a driver wants back is refunded through the refunds instead.
CREATE TABLE overpayments_kept (
  id            INTEGER PRIMARY KEY,
  session_id    INTEGER NOT NULL REFERENCES sessions(id),
  amount_minor  INTEGER NOT NULL CHECK (amount_minor > 0),
  reason        TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  by            TEXT NOT NULL,
  at            INTEGER NOT NULL
) STRICT;
CREATE INDEX overpayments_kept_session ON overpayments_kept(session_id);
