-- Lotkeeper schema: anti-passback rows that the code before this migration left behind. A stay that ended by hand (a
-- manual open at an exit, a close at the booth) or was voided kept its plate 'inside', so the car was refused at the
-- entry next time until a supervisor reset it; and erasing a driver left their plates' rows here (every plate a lane
-- read in had one). From now on the sessions release the plate and erasure removes it (session-service.ts,
-- plate-erasure.ts); this clears what is already there. An 'inside' row with no stay of that plate inside goes, and
-- so does a row whose plate no stay holds at all (erased: the sessions say 'ERASED'). Rows are keyed by the folded
-- plate, as the sessions' plate_fold is.
-- Frozen once merged: change the schema with a new numbered file.

DELETE FROM anti_passback
WHERE plate_fold NOT IN (SELECT plate_fold FROM sessions)
   OR (state = 'inside' AND plate_fold NOT IN (SELECT plate_fold FROM sessions WHERE status IN ('open','paid')));
