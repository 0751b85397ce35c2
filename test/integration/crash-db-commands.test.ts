/**
 * kill -9 of `lotkeeper db restore`, `db backup` and `db migrate` at random moments (the CLI from its sources in
 * its own process): whatever the moment, the site's database opens afterwards, passes quick_check and holds either
 * what it held before or what the command was making of it, never a mix; and the command run again completes.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { appPath } from '../../electron/kiosk/app-paths';
import { databaseFile } from '../../electron/kiosk/data-dir';
import { openDatabase } from '../../electron/kiosk/store/database';
import { seededRandom } from '../../bench/lib/plates';
import { DEMO, expectOk, loggedIn, startTestKiosk } from '../support/kiosk-harness';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs();
const CLI = appPath('electron', 'cli', 'lotkeeper.ts');
const random = seededRandom(2026);
const KILLS = 6;

/** The CLI in its own process; with `killAfterMs`, SIGKILLed then (a moment inside its work, or before, or after). */
function lotkeeper(args: string[], killAfterMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: appPath(), stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, LOTKEEPER_DATA_DIR: '' } });
    const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stderr });
    });
  });
}

/** Sessions the database holds, after a quick_check that must pass. */
function sessionsIn(file: string): number {
  const db = new BetterSqlite3(file);
  try {
    expect(db.pragma('quick_check', { simple: true })).toBe('ok');
    return Number(db.prepare('SELECT count(*) FROM sessions').pluck().get());
  } finally {
    db.close();
  }
}

async function siteWithSessions(count: number): Promise<string> {
  const dataDir = tempDir();
  const kiosk = await startTestKiosk(dataDir);
  const attendant = await loggedIn(kiosk, ...DEMO.attendant);
  for (let i = 0; i < count; i++) await expectOk(attendant, 'sessions.manualEntry', { plate: `KR${String(i).padStart(4, '0')}A`, laneId: null, zoneId: 'ground', vehicleClass: 'car', reason: 'crash test' });
  await kiosk.close();
  return dataDir;
}

/** A kill somewhere in the first few seconds: tsx's start-up is about one of them on this machine. */
const someMoment = () => 600 + Math.floor(random() * 2_400);

describe('kill -9 of the database commands', () => {
  it('db restore: the live database is the old one or the backup, whole, whenever the restore is killed', async () => {
    const dataDir = await siteWithSessions(2);
    const backupSite = await siteWithSessions(5);
    const backup = join(tempDir(), 'five.db');
    copyFileSync(databaseFile(backupSite), backup);
    for (let kill = 0; kill < KILLS; kill++) {
      const run = await lotkeeper(['db', 'restore', backup, '--data-dir', dataDir], someMoment());
      expect([2, 5]).toContain(sessionsIn(databaseFile(dataDir)));
      if (run.signal !== 'SIGKILL') expect(run.code, run.stderr).toBe(0);
    }
    expect((await lotkeeper(['db', 'restore', backup, '--data-dir', dataDir])).code).toBe(0);
    expect(sessionsIn(databaseFile(dataDir))).toBe(5);
  }, 120_000);

  it('db backup: the live database is untouched and a finished backup is whole, whenever the backup is killed', async () => {
    const dataDir = await siteWithSessions(3);
    const target = join(tempDir(), 'backups');
    mkdirSync(target);
    for (let kill = 0; kill < KILLS; kill++) {
      const run = await lotkeeper(['db', 'backup', join(target, `b${kill}.db`), '--data-dir', dataDir], someMoment());
      expect(sessionsIn(databaseFile(dataDir))).toBe(3);
      if (run.signal !== 'SIGKILL') expect(run.code, run.stderr).toBe(0);
    }
    const finished = join(target, 'last.db');
    expect((await lotkeeper(['db', 'backup', finished, '--data-dir', dataDir])).code).toBe(0);
    expect(sessionsIn(finished)).toBe(3);
    expect(readdirSync(target).length).toBeGreaterThan(0);
  }, 120_000);

  it('db migrate: the file is at the old or the new version, never between, and the next run finishes it', async () => {
    const dataDir = tempDir();
    const older = join(tempDir(), 'migrations');
    mkdirSync(older);
    const all = readdirSync(appPath('migrations')).filter((name) => name.endsWith('.sql')).sort();
    for (const name of all.slice(0, -2)) copyFileSync(appPath('migrations', name), join(older, name));
    openDatabase(databaseFile(dataDir), { now: Date.now(), migrationsDir: older }).db.close();
    const versionOf = () => {
      const db = new BetterSqlite3(databaseFile(dataDir));
      try {
        expect(db.pragma('quick_check', { simple: true })).toBe('ok');
        return Number(db.pragma('user_version', { simple: true }));
      } finally {
        db.close();
      }
    };
    const before = versionOf();
    for (let kill = 0; kill < KILLS; kill++) {
      await lotkeeper(['db', 'migrate', '--data-dir', dataDir], someMoment());
      expect([before, before + 1, before + 2]).toContain(versionOf());
    }
    expect((await lotkeeper(['db', 'migrate', '--data-dir', dataDir])).code).toBe(0);
    expect(versionOf()).toBe(before + 2);
    expect(existsSync(join(dataDir, 'backups'))).toBe(true);
  }, 120_000);
});
