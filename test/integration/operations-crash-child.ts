/**
 * A kiosk in its own process, for the per-step kill -9 tests (operations-crash.test.ts), which runs its esbuild
 * bundle (test/support/crash-child.ts); by hand, node --import tsx on this file:
 *   setup <dataDir>: the site every operation starts from (operations-crash-ops.ts setUp);
 *   <operation> <dataDir> <killAt|end|none>: runs one operation and, with killAt = k, SIGKILLs itself just before
 *     the k-th SQL statement the operation runs (BEGIN and COMMIT included), so every step of it is a place to die;
 *     with end, the moment the operation has returned (all of it committed, the kiosk not yet closed).
 *   idle <dataDir>: starts the kiosk and stops it (what start-up writes, the state before any operation).
 * The last stdout line is one JSON object: the statements the operation ran (their SQL), and its answer.
 */
import BetterSqlite3 from 'better-sqlite3';
import { createKiosk } from '../../electron/kiosk/kiosk';
import { runOperation, setUp, T0, type Operation } from './operations-crash-ops';

const [operation, dataDir, killText = 'none'] = process.argv.slice(2);
const killAt = killText === 'none' || killText === 'end' ? null : Number(killText);
const startedAt = Date.now();

// Every statement passes here, BEGIN and COMMIT too (better-sqlite3 runs them as prepared statements).
let armed = false;
let statements = 0;
const sources: string[] = [];
const probe = new BetterSqlite3(':memory:');
const statementProto = Object.getPrototypeOf(probe.prepare('SELECT 1')) as Record<'run' | 'get' | 'all' | 'iterate', (...args: unknown[]) => unknown>;
probe.close();
for (const method of ['run', 'get', 'all', 'iterate'] as const) {
  const original = statementProto[method];
  statementProto[method] = function (this: unknown, ...args: unknown[]) {
    if (armed && ++statements === killAt) process.kill(process.pid, 'SIGKILL');
    if (armed) sources.push((this as { source: string }).source);
    return original.apply(this, args);
  };
}

// The site is set up three hours before the operations run (the shift opened, the cars parked).
const setUpEarlierMs = operation === 'setup' ? 3 * 3_600_000 : 0;
const kiosk = await createKiosk({ dataDir: dataDir!, logToFile: false, devices: 'none', clock: () => T0 - setUpEarlierMs + (Date.now() - startedAt) });
let answer: unknown;
if (operation === 'setup') {
  setUp(kiosk);
} else if (operation !== 'idle') {
  armed = true;
  answer = runOperation(kiosk, operation as Operation);
  armed = false;
  if (killText === 'end') process.kill(process.pid, 'SIGKILL');
}
await kiosk.close();
console.log(JSON.stringify({ statements: sources, answer }));
