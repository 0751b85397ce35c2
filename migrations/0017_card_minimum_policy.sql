-- What a stay owing less than Stripe's minimum card charge pays (issue 18): 'cash_or_wallet' sends the driver to
-- cash or the wallet (what every site did before this version), 'waive' lets the amount go, audited as a discount.
ALTER TABLE payment_settings ADD COLUMN below_card_minimum TEXT NOT NULL DEFAULT 'cash_or_wallet'
  CHECK (below_card_minimum IN ('cash_or_wallet', 'waive'));
