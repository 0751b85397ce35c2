/**
 * kill -9 at the steps of the operations where a crash can cost money or a car: a cash payment with change, cash
 * paid out of the drawer, a shift opened and closed, a lane's own entry and exit decision (before its barrier
 * pulse). A child process runs the operation on a real SQLite file and SIGKILLs itself just before its k-th SQL
 * statement (BEGIN and COMMIT included); then the file is checked (quick_check, the audit chain) and holds the state
 * before the operation or after it, never a mix; a kiosk restarted on it runs the operation again (the booth's retry)
 * and ends with it done exactly once: nothing lost, nothing doubled.
 *
 * Each child costs a second or more (the kiosk's start-up, from a bundle of its sources), so `npm test` kills once
 * for each state the file can be left in: just before each COMMIT and just after the last one;
 * OPERATIONS_CRASH_STEPS=all kills at every statement of every operation (about 140 kills; the command in the README).
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../electron/kiosk/domain/audit-chain';
import { databaseFile } from '../../electron/kiosk/data-dir';
import { runCrashChild } from '../support/crash-child';
import { startTestKiosk } from '../support/kiosk-harness';
import { useTempDirs } from '../support/temp-dir';
import { OPERATIONS, runOperation, T0, type Operation } from './operations-crash-ops';

const tempDir = useTempDirs();
const CHILD = join(import.meta.dirname, 'operations-crash-child.ts');
const EVERY_STEP = process.env['OPERATIONS_CRASH_STEPS'] === 'all';

/** The child's run; its last line lists the SQL statements the operation ran. */
async function child(args: string[]): Promise<{ signal: NodeJS.Signals | null; statements: string[]; stderr: string }> {
  const run = await runCrashChild(CHILD, args);
  if (run.signal === null && run.code !== 0) throw new Error(`child ${args.join(' ')} exited ${run.code}: ${run.stderr}`);
  return { signal: run.signal, stderr: run.stderr, statements: (run.last?.['statements'] as string[] | undefined) ?? [] };
}

function copySite(from: string): string {
  expect(existsSync(databaseFile(from)), 'the site to copy').toBe(true);
  const dir = tempDir();
  mkdirSync(dir, { recursive: true });
  for (const suffix of ['', '-wal']) if (existsSync(databaseFile(from) + suffix)) copyFileSync(databaseFile(from) + suffix, databaseFile(dir) + suffix);
  return dir;
}

type Counts = Record<string, number>;

/** Rows per table, sessions per status and open shifts: what an operation adds or changes, read after quick_check. */
function counts(db: BetterSqlite3.Database): Counts {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'schema_migrations'").pluck().all() as string[];
  const result: Counts = Object.fromEntries(tables.map((table) => [table, db.prepare(`SELECT count(*) FROM "${table}"`).pluck().get() as number]));
  for (const row of db.prepare('SELECT status, count(*) AS n FROM sessions GROUP BY status').all() as { status: string; n: number }[]) result[`sessions:${row.status}`] = row.n;
  result['shifts:open'] = db.prepare('SELECT count(*) FROM shifts WHERE closed_at IS NULL').pluck().get() as number;
  result['drawer:cash'] = db.prepare('SELECT coalesce(sum(amount_minor), 0) FROM cash_movements').pluck().get() as number;
  result['sessions:paid_minor'] = db.prepare('SELECT coalesce(sum(paid_minor), 0) FROM sessions').pluck().get() as number;
  return result;
}

function fileCounts(dir: string): Counts {
  const db = new BetterSqlite3(databaseFile(dir));
  try {
    expect(db.pragma('quick_check', { simple: true })).toBe('ok');
    return counts(db);
  } finally {
    db.close();
  }
}

const difference = (to: Counts, from: Counts): Counts => Object.fromEntries(Object.keys({ ...to, ...from }).map((key) => [key, (to[key] ?? 0) - (from[key] ?? 0)]).filter(([, n]) => n !== 0));

/**
 * Where to kill: every statement, or one kill for each state the file can be left in: just before each COMMIT (the
 * transaction's writes in the WAL uncommitted: the state after the transactions before it, the first one's being
 * "before the operation"); and, either way, the moment the operation returns (all done, the retry must find it so).
 * That last point was "before the statement after the last COMMIT": a read that is not always there (the sync
 * status read after a change, skipped when the change falls in the coalescing window of the one before), so the
 * kill found no such statement on some runs and the child ended on its own.
 */
function killPoints(statements: readonly string[]): (number | 'end')[] {
  if (EVERY_STEP) return [...statements.map((_, i) => i + 1), 'end'];
  const commits = statements.flatMap((sql, i) => (/^COMMIT/i.test(sql) ? [i + 1] : []));
  expect(commits.length, 'the operation commits').toBeGreaterThan(0);
  return [...commits, 'end'];
}

/** The site every operation starts from, set up once (the per-test temp folders go after each test). */
let site: string;
beforeAll(async () => {
  site = mkdtempSync(join(tmpdir(), 'lotkeeper-crash-site-'));
  await child(['setup', site]);
}, 120_000);
afterAll(() => rmSync(site, { recursive: true, force: true }));

describe('kill -9 at the steps of cash, drawer, shift and lane operations, then restart', () => {
  it.each(OPERATIONS)('%s: before or after, never a mix; the retry after the restart completes it exactly once', async (operation: Operation) => {
    const idle = copySite(site);
    await child(['idle', idle]);
    const before = fileCounts(idle);
    const done = copySite(site);
    const reference = await child([operation, done, 'none']);
    const change = difference(fileCounts(done), before);
    expect(Object.keys(change).length, `${operation} changes something`).toBeGreaterThan(0);

    for (const k of killPoints(reference.statements)) {
      const dir = copySite(site);
      const killed = await child([operation, dir, String(k)]);
      const where = k === 'end' ? `${operation} killed as it returned` : `${operation} killed before statement ${k} (${reference.statements[k - 1]?.slice(0, 60)})`;
      expect(killed.signal, `${where}: ${killed.stderr}`).toBe('SIGKILL');
      const left = difference(fileCounts(dir), before);
      expect([{}, change], where).toContainEqual(left);

      const kiosk = await startTestKiosk(dir, { clock: () => T0 + 1_000 });
      try {
        const restarted = counts(kiosk.store.db);
        runOperation(kiosk, operation);
        const retried = difference(counts(kiosk.store.db), restarted);
        expect(retried, `${where}: the retry`).toEqual(Object.keys(left).length === 0 ? change : {});
        expect(verifyAuditChain(kiosk.store.audit.iterate()), where).toMatchObject({ ok: true });
      } finally {
        await kiosk.close();
      }
    }
  }, 900_000);
});
