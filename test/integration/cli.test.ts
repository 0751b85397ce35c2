import { spawnSync } from 'node:child_process';
import { existsSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { appPath } from '../../electron/kiosk/app-paths';
import { useTempDirs } from '../support/temp-dir';
import { startTestKiosk } from '../support/kiosk-harness';

/** The CLI as an operator runs it: the built bin (`npx lotkeeper`), in a child process. */
const BIN = appPath('dist', 'cli', 'lotkeeper.mjs');
const tempDir = useTempDirs();

function lotkeeper(...args: string[]) {
  return lotkeeperWithInput('', ...args);
}

function lotkeeperWithInput(input: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], { input, encoding: 'utf8', env: { ...process.env, LOTKEEPER_DATA_DIR: '' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

async function siteDataDir(): Promise<string> {
  const dir = tempDir();
  await (await startTestKiosk(dir)).close();
  return dir;
}

beforeAll(() => {
  if (!existsSync(BIN)) throw new Error('build the CLI first: npm run build');
});

describe('lotkeeper', () => {
  // Seven process starts of the whole CLI (1.4 s each on a quiet 2-core machine; 4-5 s each at load 20).
  it('lists its commands and gives each one --help', { timeout: 60_000 }, () => {
    const overview = lotkeeper('--help');
    expect(overview.code).toBe(0);
    for (const name of ['serve', 'db', 'tariff', 'audit', 'users', 'alpr']) {
      expect(overview.stdout).toContain(name);
      const help = lotkeeper(name, '--help');
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`lotkeeper ${name}`);
    }
  });

  it("runs through npm's bin link (a symlink named lotkeeper, no extension), as npx does", () => {
    const link = join(tempDir(), 'lotkeeper');
    symlinkSync(BIN, link);
    const run = (...args: string[]) => spawnSync(process.execPath, [link, ...args], { encoding: 'utf8' });
    expect(run('--help')).toMatchObject({ status: 0, stdout: expect.stringContaining('lotkeeper') });
    expect(run('frobnicate')).toMatchObject({ status: 2, stderr: expect.stringContaining('unknown command') });
  });

  it('exits 2 with one line on misuse', () => {
    for (const args of [['frobnicate'], ['db'], ['db', 'explode'], ['db', 'check', '--colour'], ['db', 'check', 'extra'], ['serve', '--port', 'abc']]) {
      const run = lotkeeper(...args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('checks, backs up and restores the database', async () => {
    const dataDir = await siteDataDir();
    const check = lotkeeper('db', 'check', '--data-dir', dataDir, '--json');
    expect(check.code).toBe(0);
    expect(JSON.parse(check.stdout)).toMatchObject({ ok: true, integrity: ['ok'], foreignKeyViolations: 0 });
    const backup = join(tempDir(), 'copy.db');
    expect(lotkeeper('db', 'backup', backup, '--data-dir', dataDir).code).toBe(0);
    expect(lotkeeper('db', 'backup', backup, '--data-dir', dataDir)).toMatchObject({ code: 1 });
    const restore = lotkeeper('db', 'restore', backup, '--data-dir', dataDir, '--json');
    expect(restore.code).toBe(0);
    expect(JSON.parse(restore.stdout).previous).toMatch(/before-restore/);
  });

  it('finds an outbox key used twice (head office would keep only the first change under it)', async () => {
    const dataDir = await siteDataDir();
    const db = new BetterSqlite3(join(dataDir, 'lotkeeper.db'));
    db.exec(`INSERT INTO outbox (key, kind, payload, created_at) SELECT key, kind, payload, created_at FROM outbox WHERE seq = 1`);
    db.close();
    const check = lotkeeper('db', 'check', '--data-dir', dataDir);
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/PROBLEMS: .*duplicate outbox keys: 1/);
  });

  it('refuses to restore a file that is not a Lotkeeper database', () => {
    const foreign = join(tempDir(), 'foreign.db');
    new BetterSqlite3(foreign).exec('CREATE TABLE t (x)');
    const run = lotkeeper('db', 'restore', foreign, '--data-dir', tempDir());
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/not a Lotkeeper database/);
    const noise = join(tempDir(), 'noise.db');
    writeFileSync(noise, Buffer.alloc(8192, 0x5a));
    expect(lotkeeper('db', 'restore', noise, '--data-dir', tempDir()).stderr).toMatch(/noise\.db is not a readable SQLite database, not restoring it/);
    expect(lotkeeper('db', 'restore', join(tempDir(), 'missing.db'), '--data-dir', tempDir())).toMatchObject({ code: 1, stderr: expect.stringMatching(/no backup file at/) });
  });

  it('reports a current schema on migrate', async () => {
    const dataDir = await siteDataDir();
    expect(lotkeeper('db', 'migrate', '--data-dir', dataDir).stdout).toMatch(/schema is current/);
  });

  it('verifies the audit chain and finds a tampered row', async () => {
    const dataDir = await siteDataDir();
    expect(lotkeeper('audit', 'verify', '--data-dir', dataDir)).toMatchObject({ code: 0 });
    const db = new BetterSqlite3(join(dataDir, 'lotkeeper.db'));
    db.exec('DROP TRIGGER audit_log_no_update');
    db.exec("UPDATE audit_log SET actor = 'mallory' WHERE seq = 2");
    db.close();
    const tampered = lotkeeper('audit', 'verify', '--data-dir', dataDir, '--json');
    expect(tampered.code).toBe(1);
    expect(JSON.parse(tampered.stdout)).toMatchObject({ ok: false, firstBadSeq: 2 });
  });

  it('finds the newest audit rows cut off the tail of the log (the outbox still carries them)', async () => {
    const dataDir = await siteDataDir();
    const db = new BetterSqlite3(join(dataDir, 'lotkeeper.db'));
    const last = db.prepare('SELECT max(seq) FROM audit_log').pluck().get() as number;
    db.exec('DROP TRIGGER audit_log_no_delete');
    db.prepare('DELETE FROM audit_log WHERE seq = ?').run(last);
    db.close();
    const cut = lotkeeper('audit', 'verify', '--data-dir', dataDir, '--json');
    expect(cut.code).toBe(1);
    expect(JSON.parse(cut.stdout)).toMatchObject({ ok: false, count: last - 1, firstBadSeq: last, reason: 'anchor_mismatch' });
  });

  it('quotes a stay with the site tariff, as text and as JSON', async () => {
    const dataDir = await siteDataDir();
    const text = lotkeeper('tariff', 'quote', '--entry', '2026-11-23T08:00', '--exit', '2026-11-23T10:30', '--data-dir', dataDir);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/Total/);
    const json = JSON.parse(lotkeeper('tariff', 'quote', '--entry', '2026-11-23T08:00Z', '--exit', '2026-11-23T10:30Z', '--class', 'car', '--data-dir', dataDir, '--json').stdout);
    expect(json.totalMinor).toBeGreaterThan(0);
    expect(lotkeeper('tariff', 'quote', '--entry', 'yesterday', '--exit', '2026-11-23T10:30', '--data-dir', dataDir).code).toBe(2);
    expect(lotkeeper('tariff', 'quote', '--entry', '2026-11-23T10:30', '--exit', '2026-11-23T08:00', '--data-dir', dataDir)).toMatchObject({
      code: 1,
      stderr: 'lotkeeper tariff: --exit 2026-11-23T08:00 is before --entry 2026-11-23T10:30 (site time, Europe/London)\n',
    });
  });

  it('quotes a lost ticket as the higher of its charge and the stay from --entry', async () => {
    const dataDir = await siteDataDir();
    const price = (...args: string[]) => JSON.parse(lotkeeper('tariff', 'quote', ...args, '--data-dir', dataDir, '--json').stdout).totalMinor as number;
    const lostOnly = price('--lost-ticket', '--exit', '2026-11-23T10:30');
    const longStay = price('--entry', '2026-11-20T08:00', '--exit', '2026-11-23T10:30');
    expect(longStay).toBeGreaterThan(lostOnly);
    expect(price('--lost-ticket', '--entry', '2026-11-20T08:00', '--exit', '2026-11-23T10:30')).toBe(longStay);
    expect(price('--lost-ticket', '--entry', '2026-11-23T10:00', '--exit', '2026-11-23T10:30')).toBe(lostOnly);
  }, 120_000); // four CLI processes

  it('quotes and checks a tariff file that is not installed, listing every problem by path', () => {
    const dir = tempDir();
    const file = join(dir, 'tariff.json');
    const table = {
      id: 'car', name: 'Car', vehicleClass: 'car', version: 1, effectiveFrom: 0, currency: 'USD', lostTicketMinor: 5000,
      firstPeriod: { minutes: 60, priceMinor: 300 }, furtherPeriod: { minutes: 60, priceMinor: 200 }, dailyMaxMinor: 2000, cycleMinutes: 1440,
    };
    writeFileSync(file, JSON.stringify(table));
    const quoted = lotkeeper('tariff', 'quote', '--table', file, '--time-zone', 'America/New_York', '--entry', '2026-11-23T08:00', '--exit', '2026-11-24T09:00', '--data-dir', dir, '--json');
    expect(JSON.parse(quoted.stdout)).toMatchObject({ totalMinor: 2300, currency: 'USD' });
    expect(lotkeeper('tariff', 'quote', '--table', file, '--entry', '2026-11-23T08:00', '--exit', '2026-11-24T09:00', '--data-dir', dir)).toMatchObject({ code: 2, stderr: expect.stringContaining('--time-zone') });
    expect(lotkeeper('tariff', 'check', file, '--data-dir', dir)).toMatchObject({ code: 0, stdout: expect.stringContaining('no problems: car v1 (car)') });

    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({
      ...table, colour: 'red', cycleMinutes: 0, firstPeriod: null, furtherPeriod: null,
      tiers: [{ fromMinutes: 0, toMinutes: 120, periodMinutes: 60, priceMinor: 1 }, { fromMinutes: 60, toMinutes: null, periodMinutes: 60, priceMinor: 1 }],
      earlyBirds: [{ days: ['mon'], entryFrom: '25:00', entryTo: '09:00', flatUntil: '18:00', priceMinor: 800 }],
    }));
    const checked = lotkeeper('tariff', 'check', bad, '--currency', 'GBP', '--data-dir', dir);
    expect(checked.code).toBe(1);
    expect(checked.stdout.trim().split('\n').sort()).toEqual([
      'colour: is not a rate table field',
      'currency: is USD, but the site charges in GBP',
      'cycleMinutes: must be at least 1 minute',
      'earlyBirds[0].entryFrom: must be a local time "HH:MM" from 00:00 to 23:59',
      expect.stringMatching(/^tiers\[1\]\.fromMinutes: starts at 1 h, inside tiers\[0\]/),
    ]);
    writeFileSync(bad, '{"id": "car",');
    expect(lotkeeper('tariff', 'check', bad, '--data-dir', dir)).toMatchObject({ code: 1, stdout: expect.stringMatching(/^\(file\): is not JSON/) });
    writeFileSync(bad, JSON.stringify({ ...table, currency: 'EUR' }));
    expect(lotkeeper('tariff', 'check', bad, '--currency', 'USD', '--data-dir', dir)).toMatchObject({ code: 1, stdout: 'currency: is EUR, but the site charges in USD\n' });
  }, 120_000); // seven CLI processes

  it('adds a user whose PIN comes from standard input, and refuses a bad one', async () => {
    const dataDir = await siteDataDir();
    const added = lotkeeperWithInput('4321\n', 'users', 'add', '--username', 'olga', '--role', 'supervisor', '--data-dir', dataDir, '--json');
    expect(added.code).toBe(0);
    expect(JSON.parse(added.stdout)).toMatchObject({ username: 'olga', role: 'supervisor', secretKind: 'pin' });
    const badPin = lotkeeperWithInput('12\n', 'users', 'add', '--username', 'pete', '--role', 'attendant', '--data-dir', dataDir);
    expect(badPin.code).toBe(1);
    expect(badPin.stderr).toMatch(/PIN must be 4 to 8 digits/);
    expect(lotkeeperWithInput('4321\n', 'users', 'add', '--username', 'olga', '--role', 'admin', '--data-dir', dataDir).stderr).toMatch(/taken/);
  });
});
