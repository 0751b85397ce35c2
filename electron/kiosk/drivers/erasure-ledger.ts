/**
 * Erasures outlive the database they were made in. The backups under the data folder's backups/ (taken before a
 * migration or a restore) and any copy an operator keeps elsewhere were made before some erasures; rewriting them
 * would spoil what they are for (a migration's backup is the old schema, restored as it was), so they are left as they
 * are and an erasure is re-applied whenever one of them comes back: each erasure is appended, after its commit, to
 * erasures.jsonl in the data folder (outside the database, so a restore does not replace it), holding only the
 * driver's id, when the driver was created (ids are reused after a restore to an earlier file, the pair is not) and
 * when they were erased: nothing personal. At every start, before the lanes run, the kiosk adds to the file what the
 * database erased but the file lacks (a crash or a full disk between the commit and the append), then re-applies
 * every erasure the database does not hold, audited 'driver.erased' by 'system' and sent to head office like any.
 * One that cannot be re-applied (a car of theirs inside, a booking still open in the restored file) raises an alarm
 * naming the driver and is tried again at every start.
 */
import { appendFileSync, closeSync, existsSync, fsyncSync, openSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Core } from '../core';
import type { Driver } from '../store/drivers-repo';
import type { DriverService } from './driver-service';

const entrySchema = z.strictObject({ driverId: z.int().min(1), createdAt: z.int(), erasedAt: z.int() });
export type ErasureEntry = z.infer<typeof entrySchema>;

/** The ledger's file name in the data folder. */
export const ERASURE_LEDGER = 'erasures.jsonl';

export const REAPPLIED_REASON = 'erasure re-applied at start: the database was restored from a copy made before it';

export class ErasureLedger {
  constructor(private readonly file: string) {}

  /** Appends the erasure and syncs it to disk. */
  record(driver: Pick<Driver, 'id' | 'createdAt' | 'erasedAt'>): void {
    const line = `${JSON.stringify({ driverId: driver.id, createdAt: driver.createdAt, erasedAt: driver.erasedAt ?? 0 })}\n`;
    appendFileSync(this.file, line, { mode: 0o600 });
    const fd = openSync(this.file, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  /** The erasures on file; a line that does not parse (a torn last write) is skipped. */
  entries(): ErasureEntry[] {
    if (!existsSync(this.file)) return [];
    return readFileSync(this.file, 'utf8')
      .split('\n')
      .flatMap((line) => {
        try {
          const parsed = entrySchema.safeParse(JSON.parse(line));
          return parsed.success ? [parsed.data] : [];
        } catch {
          return [];
        }
      });
  }
}

/**
 * Brings the ledger and the database into agreement (see the file's comment). Returns the drivers erased again and
 * the stays whose plate photos the caller deletes.
 */
export function reapplyErasures(core: Core, drivers: DriverService): { reapplied: number[]; sessionIds: number[]; refused: number } {
  const result = { reapplied: [] as number[], sessionIds: [] as number[], refused: 0 };
  const ledger = drivers.erasures;
  if (!ledger) return result;
  const onFile = ledger.entries();
  const known = new Set(onFile.map((e) => `${e.driverId}:${e.createdAt}`));
  for (const driver of drivers.repo.erased()) if (!known.has(`${driver.id}:${driver.createdAt}`)) ledger.record(driver);
  for (const entry of onFile) {
    const driver = drivers.repo.get(entry.driverId);
    if (!driver || driver.createdAt !== entry.createdAt || driver.erasedAt !== null) continue;
    try {
      const { sessionIds } = drivers.erase(driver.id, REAPPLIED_REASON, { id: 0, username: 'system', role: 'admin' }, { recorded: false });
      result.reapplied.push(driver.id);
      result.sessionIds.push(...sessionIds);
    } catch (error) {
      result.refused += 1;
      const why = error instanceof Error ? error.message : String(error);
      core.log.error({ driverId: driver.id, err: error }, 'an erasure could not be re-applied after a restore');
      core.bus.log({ at: core.now(), kind: 'alarm', text: `Erasure of driver ${driver.id} (erased before this database was restored) is not re-applied yet: ${why}. It is tried again at the next start.`, sessionId: null });
    }
  }
  return result;
}
