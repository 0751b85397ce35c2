-- Lotkeeper schema: a booking change whose difference is paid by card at the booth reader.
-- Frozen once merged: change the schema with a new numbered file.

-- The change a card attempt pays for (window, plate, place, new price, and the booking version it was made from),
-- as JSON. The booking row stays as it was until Stripe says the card was taken; meanwhile the new place is held
-- beside the old one, and a named space in it counts as taken (bookings-repo spaceTaken). A card not taken only
-- releases that extra hold. NULL for an attempt that pays a new booking's price.
ALTER TABLE booking_card_attempts ADD COLUMN pending_change TEXT CHECK (pending_change IS NULL OR json_valid(pending_change));
