-- Lotkeeper schema, version 10: a leaner outbox.
-- Frozen once merged: change the schema with a new numbered file.

-- Every entry's commit appends one outbox row, and every B-tree that row touches is one more 4 KiB page written to
-- the WAL and synced: the outbox added 21% to an entry's commit (bench/sync: 10.2 WAL pages per entry against 5.4
-- without the row). The row now touches its own table only:
--  * seq is the rowid, without AUTOINCREMENT (no sqlite_sequence write). SQLite gives max(rowid) + 1 and the rows
--    are never deleted (the triggers below), so seq stays strictly increasing and is never reused.
--  * key is still head office's idempotency key, unique per site for ever, but without a UNIQUE index: each key
--    names the record and version it reports, or carries the row's own seq (OutboxRepo.appendEvent); `lotkeeper db
--    check` counts duplicates.
--  * created_at loses its index: the nightly reconciliation finds a day's rows through outbox_hours, which the sync
--    worker fills in as head office acknowledges rows, never inside an entry's transaction.
CREATE TABLE outbox_lean (
  seq         INTEGER PRIMARY KEY,
  key         TEXT NOT NULL,
  kind        TEXT NOT NULL,
  payload     TEXT NOT NULL,                                   -- JSON
  created_at  INTEGER NOT NULL CHECK (created_at >= 0)
) STRICT;
INSERT INTO outbox_lean (seq, key, kind, payload, created_at) SELECT seq, key, kind, payload, created_at FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_lean RENAME TO outbox;

CREATE TRIGGER outbox_no_update BEFORE UPDATE ON outbox
BEGIN SELECT RAISE(ABORT, 'outbox rows are immutable: head office may hold them already'); END;
CREATE TRIGGER outbox_no_delete BEFORE DELETE ON outbox
BEGIN SELECT RAISE(ABORT, 'outbox rows are never deleted: seq must never be reused'); END;

-- Where each hour's rows sit in seq order: hour = created_at / 3,600,000 (UTC hours since 1970: a site-local day of
-- any time zone lies in a run of whole hours, and created_at trims its edges). An hour's rows usually form one
-- run of seqs; after a clock jump they may not, and [first_seq, last_seq] still covers them all.
CREATE TABLE outbox_hours (
  hour       INTEGER PRIMARY KEY CHECK (hour >= 0),
  first_seq  INTEGER NOT NULL CHECK (first_seq >= 1),
  last_seq   INTEGER NOT NULL,
  CHECK (last_seq >= first_seq)
) STRICT;
-- How far the hours are filled in is max(last_seq): indexed, as the table grows by 24 rows a day for ever.
CREATE INDEX outbox_hours_last ON outbox_hours(last_seq);
INSERT INTO outbox_hours (hour, first_seq, last_seq)
SELECT created_at / 3600000, min(seq), max(seq) FROM outbox GROUP BY created_at / 3600000;
