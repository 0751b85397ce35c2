-- Invoices for business drivers, issued from a receipt: one per receipt, numbered in their own gapless series
-- (the number is max + 1, taken in the issuing transaction with its audit and outbox rows). The body is frozen:
-- the receipt's body plus the buyer, so a reprint is the same invoice.
CREATE TABLE invoices (
  no             INTEGER PRIMARY KEY CHECK (no >= 1),
  receipt_no     INTEGER NOT NULL UNIQUE REFERENCES receipts(no),
  buyer_name     TEXT NOT NULL CHECK (length(trim(buyer_name)) BETWEEN 1 AND 120),
  buyer_address  TEXT NOT NULL CHECK (length(trim(buyer_address)) BETWEEN 1 AND 300),
  buyer_tax_no   TEXT CHECK (buyer_tax_no IS NULL OR length(buyer_tax_no) BETWEEN 2 AND 32),
  issued_at      INTEGER NOT NULL,
  issued_by      TEXT NOT NULL,
  body           TEXT NOT NULL CHECK (json_valid(body))
) STRICT;
CREATE TRIGGER invoices_gapless BEFORE INSERT ON invoices
WHEN NEW.no <> (SELECT coalesce(max(no), 0) + 1 FROM invoices)
BEGIN SELECT RAISE(ABORT, 'invoice numbers are gapless: the next number is max + 1'); END;
-- A credit note is not invoiced: it refunds a receipt that may have its own invoice.
CREATE TRIGGER invoices_for_receipts_only BEFORE INSERT ON invoices
WHEN (SELECT kind FROM receipts WHERE no = NEW.receipt_no) = 'credit_note'
BEGIN SELECT RAISE(ABORT, 'an invoice is issued for a receipt, not a credit note'); END;
CREATE TRIGGER invoices_no_update BEFORE UPDATE ON invoices
BEGIN SELECT RAISE(ABORT, 'invoices are immutable'); END;
CREATE TRIGGER invoices_no_delete BEFORE DELETE ON invoices
BEGIN SELECT RAISE(ABORT, 'invoices are immutable'); END;
