-- A wallet's plates as the supervisor typed them (normalised), beside the folded form the exit matches on: the
-- console shows AB12CDE, not the A812CDE it matches as. Wallets made before this keep the folded form to show.
ALTER TABLE wallet_plates ADD COLUMN plate_key TEXT CHECK (plate_key IS NULL OR length(plate_key) BETWEEN 2 AND 10);
UPDATE wallet_plates SET plate_key = plate_fold;
