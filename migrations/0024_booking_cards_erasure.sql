-- Lotkeeper schema: a booking paid by card at the booth reader, refunds to that card, and erasure reaching stored text.
-- Frozen once merged: change the schema with a new numbered file.

-- A booking's card attempts, in the order payment_attempts keeps for stays: the row (its key, amount, reader) is
-- committed with the booking and its hold BEFORE Stripe is called, every Stripe call derives its key from it, and
-- the charge is recorded only for a PaymentIntent Stripe reports succeeded. payment_attempts cannot hold them: its
-- CHECK wants a session or a debt, and SQLite relaxes a CHECK only by rebuilding the table, which payments points at.
CREATE TABLE booking_card_attempts (
  id                    INTEGER PRIMARY KEY,
  idempotency_key       TEXT NOT NULL UNIQUE CHECK (length(idempotency_key) BETWEEN 8 AND 100),
  booking_id            INTEGER NOT NULL REFERENCES bookings(id),
  amount_minor          INTEGER NOT NULL CHECK (amount_minor > 0),
  currency              TEXT NOT NULL CHECK (currency GLOB '[A-Z][A-Z][A-Z]'),
  state                 TEXT NOT NULL CHECK (state IN ('created','sent_to_reader','succeeded','declined','cancelled','failed')),
  terminal_id           TEXT NOT NULL,
  stripe_payment_intent TEXT UNIQUE,
  card_brand            TEXT,
  card_last4            TEXT CHECK (card_last4 IS NULL OR card_last4 GLOB '[0-9][0-9][0-9][0-9]'),
  failure_code          TEXT,
  failure_message       TEXT,
  shift_id              INTEGER REFERENCES shifts(id),
  created_by            TEXT NOT NULL,
  created_at            INTEGER NOT NULL,
  updated_at            INTEGER NOT NULL
) STRICT;
-- Reconciliation reads only the unfinished ones.
CREATE INDEX booking_card_attempts_unfinished ON booking_card_attempts(state) WHERE state IN ('created','sent_to_reader');
CREATE INDEX booking_card_attempts_booking ON booking_card_attempts(booking_id);

-- The reader report counts a booking's finished card attempts with the stays'.
CREATE TRIGGER report_booking_card_attempt AFTER UPDATE OF state ON booking_card_attempts
WHEN OLD.state IN ('created','sent_to_reader') AND NEW.state NOT IN ('created','sent_to_reader')
BEGIN
  INSERT INTO report_card VALUES (NEW.updated_at / 3600000, NEW.terminal_id, NEW.state, 1)
  ON CONFLICT DO UPDATE SET attempts = attempts + 1;
END;

-- A card charge names its PaymentIntent and reader, so a cancellation or a cheaper change refunds that card. A card
-- refund's row is committed (stripe_refund NULL) before Stripe is asked, under its own key; until Stripe names the
-- refund, reconciliation asks again with the same key, so a crash never refunds twice or forgets one.
ALTER TABLE booking_payments ADD COLUMN stripe_payment_intent TEXT;
ALTER TABLE booking_payments ADD COLUMN terminal_id TEXT;
ALTER TABLE booking_payments ADD COLUMN stripe_refund TEXT;
CREATE INDEX booking_payments_card_refunds_due ON booking_payments(id) WHERE kind = 'refund' AND method = 'card' AND stripe_refund IS NULL;

-- Erasing a driver pseudonymises their plates where stored text quotes them (drivers/plate-erasure.ts): a receipt or
-- invoice body or an outbox payload may be rewritten only to a text that says ERASED; every other column of them
-- stays immutable.
DROP TRIGGER receipts_no_update;
CREATE TRIGGER receipts_no_update BEFORE UPDATE OF no, kind, payment_id, refund_id, issued_at ON receipts
BEGIN SELECT RAISE(ABORT, 'receipts are immutable'); END;
CREATE TRIGGER receipts_body_erasure_only BEFORE UPDATE OF body ON receipts WHEN instr(NEW.body, 'ERASED') = 0
BEGIN SELECT RAISE(ABORT, 'receipts are immutable'); END;
DROP TRIGGER invoices_no_update;
CREATE TRIGGER invoices_no_update BEFORE UPDATE OF no, receipt_no, buyer_name, buyer_address, buyer_tax_no, issued_at, issued_by ON invoices
BEGIN SELECT RAISE(ABORT, 'invoices are immutable'); END;
CREATE TRIGGER invoices_body_erasure_only BEFORE UPDATE OF body ON invoices WHEN instr(NEW.body, 'ERASED') = 0
BEGIN SELECT RAISE(ABORT, 'invoices are immutable'); END;
DROP TRIGGER outbox_no_update;
CREATE TRIGGER outbox_no_update BEFORE UPDATE OF seq, key, kind, created_at ON outbox
BEGIN SELECT RAISE(ABORT, 'outbox rows are immutable: head office may hold them already'); END;
CREATE TRIGGER outbox_payload_erasure_only BEFORE UPDATE OF payload ON outbox WHEN instr(NEW.payload, 'ERASED') = 0
BEGIN SELECT RAISE(ABORT, 'outbox rows are immutable: head office may hold them already'); END;
