import { closeSync, copyFileSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { databaseFile } from '../../electron/kiosk/data-dir';
import { DatabaseDamagedError } from '../../electron/kiosk/store/database';
import { replaceDatabaseFile } from '../../electron/kiosk/store/replace-file';
import { DEMO, expectOk, loggedIn, startTestKiosk } from '../support/kiosk-harness';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs();

/** A site that has run: the demo set-up plus a few manual entries, closed cleanly, with a backup beside it. */
async function siteWithBackup(): Promise<{ dataDir: string; backup: string }> {
  const dataDir = tempDir();
  const kiosk = await startTestKiosk(dataDir);
  const attendant = await loggedIn(kiosk, ...DEMO.attendant);
  for (const plate of ['AB12CDE', 'CD34EFG', 'EF56GHJ']) {
    await expectOk(attendant, 'sessions.manualEntry', { plate, laneId: null, zoneId: 'ground', vehicleClass: 'car', reason: 'test entry' });
  }
  await kiosk.close();
  const backup = join(dataDir, 'backups', 'lotkeeper.db.nightly.bak');
  mkdirSync(join(dataDir, 'backups'));
  copyFileSync(databaseFile(dataDir), backup);
  return { dataDir, backup };
}

/** Garbage over one b-tree page of the sessions table (not page 1: that would not even open as SQLite). */
function corruptASessionsPage(file: string): number {
  const db = new BetterSqlite3(file, { readonly: true });
  const { pageno, pageSize } = db
    .prepare("SELECT pageno, (SELECT page_size FROM pragma_page_size) AS pageSize FROM dbstat WHERE name = 'sessions' ORDER BY pageno DESC LIMIT 1")
    .get() as { pageno: number; pageSize: number };
  db.close();
  const fd = openSync(file, 'r+');
  writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (pageno - 1) * pageSize);
  closeSync(fd);
  return pageno;
}

describe('start-up integrity', () => {
  it('refuses to run the lanes on a file with a damaged page, naming the restore command, and starts again once restored', async () => {
    const { dataDir, backup } = await siteWithBackup();
    const page = corruptASessionsPage(databaseFile(dataDir));
    expect(page).toBeGreaterThan(1);

    const refused = await startTestKiosk(dataDir).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(DatabaseDamagedError);
    expect((refused as Error).message).toMatch(/lotkeeper\.db is damaged \(quick_check: .+\): the lanes will not run on it/);
    expect((refused as Error).message).toContain(`lotkeeper db restore ${backup} --data-dir ${dataDir}`);

    replaceDatabaseFile(backup, databaseFile(dataDir));
    // The refused start released the data folder's lock: the restored site starts with its sessions.
    const kiosk = await startTestKiosk(dataDir);
    const attendant = await loggedIn(kiosk, ...DEMO.attendant);
    expect((await expectOk(attendant, 'dashboard.get', null)).inside).toBe(3);
    await kiosk.close();
  });
});
