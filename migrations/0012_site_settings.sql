-- What an admin changes after set-up on the Site settings screen (receipt header and footer, evidence retention,
-- idle logout times): one row holding the whole settings object as JSON, which the core validates
-- (electron/kiosk/contract/settings.ts) on every read and write, so a new setting needs no new migration.
CREATE TABLE site_settings (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  definition  TEXT NOT NULL CHECK (json_valid(definition) AND json_type(definition) = 'object'),
  updated_at  INTEGER NOT NULL,
  updated_by  TEXT NOT NULL
) STRICT;
