-- QR pay through Stripe Checkout: one row per Checkout Session shown as a QR code, written when Stripe has created
-- it and before the code is shown. Its payment's idempotency key is 'checkout-' || id, so whichever path learns of
-- the payment first (the poll while the code is shown, the later sweep) records it once.
--   open     : on screen, may be paid until expires_at (the kiosk's code expiry)
--   paid     : recorded as the stay's payment (payment_id)
--   void     : expired or replaced by a code for a new amount (void_reason); void_confirmed = 1 once Stripe said the
--              Checkout Session is expired, so nothing can be paid on it any more
--   refunded : paid at Stripe after it was void: the money went back (refund_id), the stay was not credited
CREATE TABLE qr_checkouts (
  id                TEXT PRIMARY KEY CHECK (id GLOB 'cs_*' AND length(id) BETWEEN 8 AND 255),
  session_id        INTEGER NOT NULL REFERENCES sessions(id),
  amount_minor      INTEGER NOT NULL CHECK (amount_minor > 0),
  currency          TEXT NOT NULL CHECK (currency GLOB '[A-Z][A-Z][A-Z]'),
  url               TEXT NOT NULL CHECK (url GLOB 'https://*'),
  expires_at        INTEGER NOT NULL,
  state             TEXT NOT NULL CHECK (state IN ('open', 'paid', 'void', 'refunded')),
  void_reason       TEXT CHECK (void_reason IN ('expired', 'superseded')),
  void_confirmed    INTEGER NOT NULL DEFAULT 0 CHECK (void_confirmed IN (0, 1)),
  payment_id        INTEGER UNIQUE REFERENCES payments(id),
  payment_intent_id TEXT,
  refund_id         TEXT,
  created_at        INTEGER NOT NULL,
  created_by        TEXT NOT NULL,
  updated_at        INTEGER NOT NULL,
  CHECK ((state = 'paid') = (payment_id IS NOT NULL)),
  CHECK ((state = 'void') = (void_reason IS NOT NULL) OR state = 'refunded'),
  CHECK ((state = 'refunded') = (refund_id IS NOT NULL))
) STRICT;
-- What still needs Stripe asked: codes on screen, and void codes Stripe has not yet confirmed expired.
CREATE INDEX qr_checkouts_unsettled ON qr_checkouts(session_id) WHERE state = 'open' OR (state = 'void' AND void_confirmed = 0);
