-- How long a login lasts at the booth (a site setting, one row): a console nobody has touched for its role's idle
-- time is logged out, and no login outlives max_age_s however busy it is. Admins time out sooner: their console can
-- change users, devices and prices.
CREATE TABLE login_policy (
  id                 INTEGER PRIMARY KEY CHECK (id = 1),
  idle_attendant_s   INTEGER NOT NULL CHECK (idle_attendant_s BETWEEN 60 AND 86400),
  idle_supervisor_s  INTEGER NOT NULL CHECK (idle_supervisor_s BETWEEN 60 AND 86400),
  idle_admin_s       INTEGER NOT NULL CHECK (idle_admin_s BETWEEN 60 AND 86400),
  max_age_s          INTEGER NOT NULL CHECK (max_age_s BETWEEN 300 AND 604800),
  updated_at         INTEGER NOT NULL,
  updated_by         TEXT NOT NULL
) STRICT;
INSERT INTO login_policy VALUES (1, 900, 900, 300, 43200, 0, 'migration');

-- A card reader's secret is read from an allowed environment variable when the reader starts, never kept here:
-- an inline key saved before this version is dropped (the reader then says which variable to set).
UPDATE devices SET config = json_remove(config, '$.secretKey') WHERE kind = 'terminal' AND json_extract(config, '$.secretKey') IS NOT NULL;
