-- A paid-in, paid-out or drop carries the key the console made for it, so the booth's retry of a movement it never
-- heard the answer to (a kiosk killed after the commit, a dropped connection) is recorded once. Sales and refunds
-- stay keyed by their payment and refund rows.
ALTER TABLE cash_movements ADD COLUMN idempotency_key TEXT CHECK (idempotency_key IS NULL OR length(idempotency_key) BETWEEN 8 AND 64);
CREATE UNIQUE INDEX cash_movements_key ON cash_movements(idempotency_key) WHERE idempotency_key IS NOT NULL;
