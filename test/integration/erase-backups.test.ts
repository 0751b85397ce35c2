/**
 * An erasure outlives the database it was made in: the data folder's backups/ (and any copy kept elsewhere) hold the
 * driver as they were, so restoring one brings them back, and the next start erases them again from the erasure
 * ledger (erasures.jsonl, outside the database, nothing personal in it) before the lanes run; audited, and the file
 * no longer holds their name or plate. A driver who got the same id after a restore to an earlier file is not theirs.
 */
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KioskConnection } from '../../electron/kiosk/connection';
import type { Kiosk } from '../../electron/kiosk/kiosk';
import { verifyAuditChain } from '../../electron/kiosk/domain/audit-chain';
import { ERASURE_LEDGER, REAPPLIED_REASON } from '../../electron/kiosk/drivers/erasure-ledger';
import { replaceDatabaseFile } from '../../electron/kiosk/store/replace-file';
import { DEMO, expectOk, loggedIn, manualClock, startTestKiosk } from '../support/kiosk-harness';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs();
const START = Date.UTC(2026, 10, 23, 10, 0);
const clock = manualClock(START);
const NAME = 'Erin Erasmus';
const PLATE = 'ER45ASE';
let dir: string;
let kiosk: Kiosk;
let sam: KioskConnection;

async function start(): Promise<void> {
  kiosk = await startTestKiosk(dir, { clock: clock.now });
  sam = await loggedIn(kiosk, ...DEMO.supervisor);
}
beforeEach(async () => {
  clock.set(START);
  dir = tempDir();
  await start();
});
afterEach(async () => kiosk.close());

const dbFile = () => join(dir, 'lotkeeper.db');
const bytesHold = (file: string, needle: string) => readFileSync(file).includes(Buffer.from(needle));
async function register(name: string, plate: string): Promise<number> {
  const { driver } = await expectOk(sam, 'drivers.create', { name, phone: '+447700900555', smsConsent: false, vehicles: [{ plate, vehicleClass: 'car' }], withWallet: false });
  return driver.id;
}
/** A consistent copy under backups/, as a migration or a restore leaves one. */
async function backup(name: string): Promise<string> {
  mkdirSync(join(dir, 'backups'), { recursive: true });
  const file = join(dir, 'backups', name);
  await kiosk.store.db.backup(file);
  return file;
}
/** Stops the kiosk, puts `file` in place of the database (as `db restore` does) and starts again. */
async function restore(file: string): Promise<void> {
  await kiosk.close();
  replaceDatabaseFile(file, dbFile());
  await start();
}

describe('erasure and the backups', () => {
  it('re-applies an erasure when a backup made before it is restored: audited, and the file no longer holds the driver', async () => {
    const id = await register(NAME, PLATE);
    const copy = await backup('lotkeeper.db.before-erase.bak');
    clock.advance(60_000);
    await expectOk(sam, 'drivers.erase', { id, reason: 'asked to be forgotten' });
    const ledger = readFileSync(join(dir, ERASURE_LEDGER), 'utf8');
    expect(ledger.trim().split('\n').map((l) => JSON.parse(l) as unknown)).toEqual([{ driverId: id, createdAt: START, erasedAt: START + 60_000 }]);
    expect(ledger).not.toMatch(/Erin|ER45/);

    clock.advance(60_000);
    await restore(copy);
    const driver = (await expectOk(sam, 'drivers.get', { id })).driver;
    expect(driver).toMatchObject({ name: null, erased: true });
    const rows = [...kiosk.store.audit.iterate()].filter((row) => row.action === 'driver.erased');
    expect(rows).toEqual([expect.objectContaining({ actor: 'system', detail: expect.objectContaining({ reason: REAPPLIED_REASON }) })]);
    expect(verifyAuditChain(kiosk.store.audit.iterate())).toMatchObject({ ok: true });
    for (const file of [dbFile(), `${dbFile()}-wal`].filter(existsSync)) {
      expect(bytesHold(file, NAME), file).toBe(false);
      expect(bytesHold(file, PLATE), file).toBe(false);
    }
    // The copy under backups/ stays as it was made (a restore point is restored as it was); its next restore is erased again.
    expect(bytesHold(copy, NAME)).toBe(true);
    // Once is enough: the next start finds nothing left to do.
    await kiosk.close();
    await start();
    expect([...kiosk.store.audit.iterate()].filter((row) => row.action === 'driver.erased')).toHaveLength(1);
  });

  it('leaves alone a new driver who got the erased one’s id after a restore to an earlier file', async () => {
    const empty = await backup('lotkeeper.db.empty.bak');
    const id = await register(NAME, PLATE);
    await expectOk(sam, 'drivers.erase', { id, reason: 'asked to be forgotten' });
    await restore(empty);
    clock.advance(3_600_000);
    const newcomer = await register('Nora Newcomer', 'NW11NEW');
    expect(newcomer).toBe(id);
    await kiosk.close();
    await start();
    expect((await expectOk(sam, 'drivers.get', { id })).driver).toMatchObject({ name: 'Nora Newcomer', erased: false });
  });

  it('adds an erasure the ledger missed (a crash after the commit) at the next start, from the database', async () => {
    const id = await register(NAME, PLATE);
    await expectOk(sam, 'drivers.erase', { id, reason: 'asked to be forgotten' });
    rmSync(join(dir, ERASURE_LEDGER));
    await kiosk.close();
    await start();
    expect(readFileSync(join(dir, ERASURE_LEDGER), 'utf8')).toContain(`"driverId":${id}`);
  });
});
