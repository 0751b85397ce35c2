-- Lotkeeper schema, version 3: paying to leave. Payment attempts (card on a reader, cash, wallet, QR link), the
-- payments they commit, gapless receipt numbers, wallets, validation codes and session adjustments, the cash
-- drawer's movements per shift, refunds, "unable to collect" debts and the site's payment settings.
-- Frozen once merged: change the schema with a new numbered file.

-- One row per try at taking money, written and committed with its idempotency key BEFORE any call to the card
-- network, so a crash at any later point can be reconciled with Stripe (which keeps the same key) instead of
-- charging twice. State machine: created -> sent_to_reader -> succeeded | declined | cancelled | failed.
CREATE TABLE payment_attempts (
  id                INTEGER PRIMARY KEY,
  idempotency_key   TEXT NOT NULL UNIQUE CHECK (length(idempotency_key) BETWEEN 8 AND 100),
  session_id        INTEGER REFERENCES sessions(id),
  debt_id           INTEGER REFERENCES debts(id),
  method            TEXT NOT NULL CHECK (method IN ('card','cash','wallet','qr')),
  amount_minor      INTEGER NOT NULL CHECK (amount_minor > 0),
  currency          TEXT NOT NULL CHECK (currency GLOB '[A-Z][A-Z][A-Z]'),
  state             TEXT NOT NULL CHECK (state IN ('created','sent_to_reader','succeeded','declined','cancelled','failed')),
  terminal_id       TEXT,
  stripe_payment_intent TEXT UNIQUE,
  stripe_charge     TEXT,
  card_brand        TEXT,
  card_last4        TEXT CHECK (card_last4 IS NULL OR card_last4 GLOB '[0-9][0-9][0-9][0-9]'),
  failure_code      TEXT,
  failure_message   TEXT,
  shift_id          INTEGER REFERENCES shifts(id),
  created_by        TEXT NOT NULL,
  created_at        INTEGER NOT NULL,
  updated_at        INTEGER NOT NULL,
  CHECK (method <> 'card' OR terminal_id IS NOT NULL),
  CHECK (session_id IS NOT NULL OR debt_id IS NOT NULL)
) STRICT;
-- Start-up reconciliation and "a shift cannot close with a payment in flight" read only the unfinished ones.
CREATE INDEX payment_attempts_unfinished ON payment_attempts(state, shift_id) WHERE state IN ('created','sent_to_reader');
CREATE INDEX payment_attempts_session ON payment_attempts(session_id);

-- Money taken, committed in the same transaction as the session update, the receipt, the audit and outbox rows.
CREATE TABLE payments (
  id                INTEGER PRIMARY KEY,
  idempotency_key   TEXT NOT NULL UNIQUE,
  attempt_id        INTEGER UNIQUE REFERENCES payment_attempts(id),
  session_id        INTEGER REFERENCES sessions(id),
  debt_id           INTEGER REFERENCES debts(id),
  method            TEXT NOT NULL CHECK (method IN ('card','cash','wallet','qr')),
  amount_minor      INTEGER NOT NULL CHECK (amount_minor > 0),
  currency          TEXT NOT NULL CHECK (currency GLOB '[A-Z][A-Z][A-Z]'),
  tax_minor         INTEGER NOT NULL CHECK (tax_minor >= 0 AND tax_minor <= amount_minor),
  tendered_minor    INTEGER,
  change_minor      INTEGER,
  wallet_id         INTEGER REFERENCES wallets(id),
  shift_id          INTEGER REFERENCES shifts(id),
  stripe_payment_intent TEXT UNIQUE,
  card_brand        TEXT,
  card_last4        TEXT CHECK (card_last4 IS NULL OR card_last4 GLOB '[0-9][0-9][0-9][0-9]'),
  quote             TEXT NOT NULL CHECK (json_valid(quote)),         -- the priced lines the driver paid for
  refunded_minor    INTEGER NOT NULL DEFAULT 0 CHECK (refunded_minor >= 0 AND refunded_minor <= amount_minor),
  voided            INTEGER NOT NULL DEFAULT 0 CHECK (voided IN (0,1)),
  receipt_no        INTEGER NOT NULL UNIQUE,
  taken_by          TEXT NOT NULL,
  taken_at          INTEGER NOT NULL,
  CHECK (session_id IS NOT NULL OR debt_id IS NOT NULL),
  CHECK (method <> 'cash' OR (shift_id IS NOT NULL AND tendered_minor >= amount_minor AND change_minor = tendered_minor - amount_minor)),
  CHECK (method = 'cash' OR (tendered_minor IS NULL AND change_minor IS NULL)),
  CHECK (method <> 'wallet' OR wallet_id IS NOT NULL)
) STRICT;
CREATE INDEX payments_session ON payments(session_id);
CREATE INDEX payments_taken_at ON payments(taken_at);
CREATE INDEX payments_shift ON payments(shift_id) WHERE shift_id IS NOT NULL;

-- Receipts and credit notes share one gapless sequence: the next number is always max + 1, taken inside the
-- payment's transaction (a rolled-back payment takes its number with it). Issued receipts never change; the body
-- is the frozen text of what was printed, so a reprint is identical.
CREATE TABLE receipts (
  no          INTEGER PRIMARY KEY CHECK (no >= 1),
  kind        TEXT NOT NULL CHECK (kind IN ('receipt','credit_note')),
  payment_id  INTEGER REFERENCES payments(id),
  refund_id   INTEGER REFERENCES refunds(id),
  issued_at   INTEGER NOT NULL,
  body        TEXT NOT NULL CHECK (json_valid(body)),
  CHECK ((kind = 'receipt') = (refund_id IS NULL))
) STRICT;
CREATE TRIGGER receipts_gapless BEFORE INSERT ON receipts
WHEN NEW.no <> (SELECT coalesce(max(no), 0) + 1 FROM receipts)
BEGIN SELECT RAISE(ABORT, 'receipt numbers are gapless: the next number is max + 1'); END;
CREATE TRIGGER receipts_no_update BEFORE UPDATE ON receipts
BEGIN SELECT RAISE(ABORT, 'receipts are immutable'); END;
CREATE TRIGGER receipts_no_delete BEFORE DELETE ON receipts
BEGIN SELECT RAISE(ABORT, 'receipts are immutable'); END;

-- Prepaid wallets of registered drivers or accounts. The balance never goes below zero: debits are guarded
-- UPDATEs and the CHECK is the last line.
CREATE TABLE wallets (
  id             INTEGER PRIMARY KEY,
  holder         TEXT NOT NULL CHECK (length(holder) BETWEEN 1 AND 120),
  currency       TEXT NOT NULL CHECK (currency GLOB '[A-Z][A-Z][A-Z]'),
  balance_minor  INTEGER NOT NULL DEFAULT 0 CHECK (balance_minor >= 0),
  active         INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL
) STRICT;
-- The plates a wallet pays for (folded, so the exit finds it whatever the OCR confused).
CREATE TABLE wallet_plates (
  plate_fold  TEXT NOT NULL,
  wallet_id   INTEGER NOT NULL REFERENCES wallets(id) ON DELETE CASCADE,
  PRIMARY KEY (plate_fold, wallet_id)
) STRICT, WITHOUT ROWID;
CREATE TABLE wallet_movements (
  id                   INTEGER PRIMARY KEY,
  wallet_id            INTEGER NOT NULL REFERENCES wallets(id),
  kind                 TEXT NOT NULL CHECK (kind IN ('topup','debit','refund','adjustment')),
  amount_minor         INTEGER NOT NULL CHECK (amount_minor <> 0),  -- signed: + into the wallet, - out of it
  balance_after_minor  INTEGER NOT NULL CHECK (balance_after_minor >= 0),
  payment_id           INTEGER REFERENCES payments(id),
  refund_id            INTEGER REFERENCES refunds(id),
  at                   INTEGER NOT NULL,
  by                   TEXT NOT NULL,
  CHECK ((kind = 'debit') = (amount_minor < 0) OR kind = 'adjustment')
) STRICT;
CREATE INDEX wallet_movements_wallet ON wallet_movements(wallet_id, id);

-- Merchant validation codes: time off or value off a stay, with a use limit and a validity window.
CREATE TABLE validation_codes (
  code             TEXT PRIMARY KEY CHECK (code GLOB '[A-Z0-9-]*' AND length(code) BETWEEN 4 AND 32),
  merchant         TEXT NOT NULL CHECK (length(merchant) BETWEEN 1 AND 120),
  kind             TEXT NOT NULL CHECK (kind IN ('time','value')),
  minutes_off      INTEGER CHECK (minutes_off BETWEEN 1 AND 44640),
  value_off_minor  INTEGER CHECK (value_off_minor > 0),
  max_uses         INTEGER NOT NULL CHECK (max_uses >= 1),
  uses             INTEGER NOT NULL DEFAULT 0 CHECK (uses >= 0 AND uses <= max_uses),
  valid_from       INTEGER NOT NULL,
  valid_to         INTEGER NOT NULL,
  created_at       INTEGER NOT NULL,
  created_by       TEXT NOT NULL,
  revoked_at       INTEGER,
  CHECK (valid_to > valid_from),
  CHECK ((kind = 'time') = (minutes_off IS NOT NULL AND value_off_minor IS NULL)
     AND (kind = 'value') = (value_off_minor IS NOT NULL AND minutes_off IS NULL))
) STRICT;

-- What changes a session's price besides the tariff: a validation code, a supervisor's discount or extra free
-- time (with a reason code), a lost ticket. The quote applies the live rows; a supervisor can revoke one.
CREATE TABLE session_adjustments (
  id               INTEGER PRIMARY KEY,
  session_id       INTEGER NOT NULL REFERENCES sessions(id),
  kind             TEXT NOT NULL CHECK (kind IN ('validation','discount','free_time','lost_ticket')),
  code             TEXT REFERENCES validation_codes(code),
  minutes_off      INTEGER CHECK (minutes_off BETWEEN 1 AND 44640),
  value_off_minor  INTEGER CHECK (value_off_minor > 0),
  reason_code      TEXT,
  reason           TEXT,
  by               TEXT NOT NULL,
  at               INTEGER NOT NULL,
  revoked_at       INTEGER,
  CHECK ((kind = 'validation') = (code IS NOT NULL)),
  CHECK (kind NOT IN ('discount','free_time') OR (reason_code IS NOT NULL AND length(reason) >= 3))
) STRICT;
CREATE INDEX session_adjustments_session ON session_adjustments(session_id) WHERE revoked_at IS NULL;
-- One use of a code per session.
CREATE UNIQUE INDEX session_adjustments_one_code ON session_adjustments(session_id, code) WHERE code IS NOT NULL AND revoked_at IS NULL;

-- Cash in and out of a shift's drawer beyond its float. Expected cash = float + sum(amount_minor).
CREATE TABLE cash_movements (
  id            INTEGER PRIMARY KEY,
  shift_id      INTEGER NOT NULL REFERENCES shifts(id),
  kind          TEXT NOT NULL CHECK (kind IN ('sale','refund','paid_in','paid_out','drop')),
  amount_minor  INTEGER NOT NULL CHECK (amount_minor <> 0),        -- signed: + into the drawer
  payment_id    INTEGER REFERENCES payments(id),
  refund_id     INTEGER REFERENCES refunds(id),
  reason        TEXT,
  at            INTEGER NOT NULL,
  by            TEXT NOT NULL,
  CHECK ((kind IN ('sale','paid_in')) = (amount_minor > 0)),
  CHECK (kind <> 'sale' OR payment_id IS NOT NULL),
  CHECK (kind <> 'refund' OR refund_id IS NOT NULL)
) STRICT;
CREATE INDEX cash_movements_shift ON cash_movements(shift_id);

-- Refunds and voids (a void is a full refund of a payment on the day, by a supervisor). A card refund is written
-- as 'created' with its key before the call to Stripe, like an attempt.
CREATE TABLE refunds (
  id               INTEGER PRIMARY KEY,
  idempotency_key  TEXT NOT NULL UNIQUE CHECK (length(idempotency_key) BETWEEN 8 AND 100),
  payment_id       INTEGER NOT NULL REFERENCES payments(id),
  kind             TEXT NOT NULL CHECK (kind IN ('refund','void')),
  amount_minor     INTEGER NOT NULL CHECK (amount_minor > 0),
  currency         TEXT NOT NULL CHECK (currency GLOB '[A-Z][A-Z][A-Z]'),
  state            TEXT NOT NULL CHECK (state IN ('created','succeeded','failed')),
  stripe_refund    TEXT UNIQUE,
  shift_id         INTEGER REFERENCES shifts(id),
  reason           TEXT NOT NULL CHECK (length(reason) >= 3),
  failure_message  TEXT,
  receipt_no       INTEGER UNIQUE,
  by               TEXT NOT NULL,
  at               INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL
) STRICT;
CREATE INDEX refunds_payment ON refunds(payment_id);

-- "Unable to collect": a driver let out without paying, owed on the plate until paid or waived.
CREATE TABLE debts (
  id                  INTEGER PRIMARY KEY,
  plate_key           TEXT NOT NULL CHECK (length(plate_key) BETWEEN 2 AND 10),
  plate_fold          TEXT NOT NULL,
  session_id          INTEGER REFERENCES sessions(id),
  amount_minor        INTEGER NOT NULL CHECK (amount_minor > 0),
  currency            TEXT NOT NULL CHECK (currency GLOB '[A-Z][A-Z][A-Z]'),
  reason              TEXT NOT NULL,
  status              TEXT NOT NULL CHECK (status IN ('open','paid','waived')),
  created_at          INTEGER NOT NULL,
  created_by          TEXT NOT NULL,
  settled_at          INTEGER,
  settled_by          TEXT,
  CHECK ((status = 'open') = (settled_at IS NULL))
) STRICT;
CREATE INDEX debts_open_plate ON debts(plate_fold) WHERE status = 'open';
CREATE UNIQUE INDEX debts_one_per_session ON debts(session_id) WHERE session_id IS NOT NULL;

-- Signed pay-on-your-phone links handed to head office's pay page. Paid only when head office confirms (sync).
CREATE TABLE qr_links (
  nonce          TEXT PRIMARY KEY CHECK (length(nonce) BETWEEN 16 AND 64),
  session_id     INTEGER NOT NULL REFERENCES sessions(id),
  amount_minor   INTEGER NOT NULL CHECK (amount_minor > 0),
  currency       TEXT NOT NULL CHECK (currency GLOB '[A-Z][A-Z][A-Z]'),
  expires_at     INTEGER NOT NULL,
  state          TEXT NOT NULL CHECK (state IN ('issued','paid','cancelled')),
  headoffice_ref TEXT UNIQUE,
  payment_id     INTEGER REFERENCES payments(id),
  created_at     INTEGER NOT NULL,
  created_by     TEXT NOT NULL,
  CHECK ((state = 'paid') = (payment_id IS NOT NULL))
) STRICT;
CREATE INDEX qr_links_session ON qr_links(session_id);

-- The site's payment policy, one row (the grace period to leave after paying is the tariff's). offline_policy:
-- what an exit does with a driver who cannot pay now, so that a lane never jams.
CREATE TABLE payment_settings (
  id               INTEGER PRIMARY KEY CHECK (id = 1),
  offline_policy   TEXT NOT NULL CHECK (offline_policy IN ('let-out-record-debt','hold')),
  qr_link_ttl_s    INTEGER NOT NULL CHECK (qr_link_ttl_s BETWEEN 60 AND 86400),
  updated_at       INTEGER NOT NULL,
  updated_by       TEXT NOT NULL
) STRICT;
INSERT INTO payment_settings VALUES (1, 'hold', 900, 0, 'migration');
