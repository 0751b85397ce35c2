-- The lockout of login names that are no account, kept across restarts as an account's is on its users row: a
-- restart must neither hand a guesser a fresh set of tries nor let real names be told from invented ones by their
-- lock. The name is kept lower-cased; users/user-service.ts keeps at most 10,000 rows (the oldest go first).
CREATE TABLE login_name_lockouts (
  name_key        TEXT PRIMARY KEY CHECK (length(name_key) BETWEEN 1 AND 200),
  failed_attempts INTEGER NOT NULL CHECK (failed_attempts >= 0),
  locked_until    INTEGER,
  updated_at      INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE INDEX login_name_lockouts_by_age ON login_name_lockouts (updated_at);
