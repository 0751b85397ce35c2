/**
 * Reports over five years of a busy site: about 3,000,000 sessions and 2,400,000 payments. Seeded as a site that
 * upgrades to migration 0016 with that history: the rows are written with the rollup triggers set aside, then
 * rolled up by the migration's own backfill statements and the triggers put back (writing 3,000,000 sessions
 * through the triggers one by one takes hours on this machine; the rollups come out the same, which the 0016
 * migration test checks). Figures: each report over the whole five years, one year and one month, median and p95,
 * asked as a console asks: through the kiosk's report worker (reports/report-runner.ts), so the times include the
 * hand-over to the worker thread and the result's way back.
 * Seeding 3,000,000 sessions takes minutes, so the seeded data folder is kept outside the repository
 * (BENCH_DATA_DIR, default <tmp>/lotkeeper-bench/reports-<sessions>) and later runs start from it; delete it to seed
 * again. The load average is read while measuring: this machine is shared.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { appPath } from '../electron/kiosk/app-paths';
import { createKiosk, type Kiosk } from '../electron/kiosk/kiosk';
import { foldConfusable } from '../electron/kiosk/domain/plate';
import { REPORT_NAMES } from '../electron/kiosk/contract/reports';
import { machine, summarise, timeEachAsync } from './lib/measure';
import { randomPlate, seededRandom } from './lib/plates';

const SESSIONS = Number(process.env['BENCH_SESSIONS'] ?? 3_000_000);
const YEARS = 5;
const DAY = 86_400_000;
const START = Date.UTC(2021, 10, 1);
const END = START + YEARS * 365 * DAY;
const progress = (text: string) => process.stderr.write(`[bench reports] ${text}\n`);

const dataDir = process.env['BENCH_DATA_DIR'] ?? join(tmpdir(), 'lotkeeper-bench', `reports-${SESSIONS}`);
const random = seededRandom(7);

/** Arrivals follow the day: most between 7 and 19 local-ish hours, so the heat map has a shape to draw. */
function arrival(): number {
  const day = Math.floor(random() * (YEARS * 365 - 2));
  const hour = Math.min(23, Math.max(0, Math.round(7 + random() * 12 + (random() - 0.5) * 4)));
  return START + day * DAY + hour * 3_600_000 + Math.floor(random() * 3_600_000);
}

function seed(store: Kiosk['store']): void {
  const session = store.db.prepare(`INSERT INTO sessions (plate_raw, plate_key, plate_fold, plate_confidence, vehicle_class, zone_id,
    space_type, entry_lane, entry_at, exit_lane, exit_at, status, paid_minor, paid_at, opened_by, closed_by, entry_code, exit_code)
    VALUES (?, ?, ?, ?, 'car', ?, 'regular', ?, ?, 'out1', ?, 'closed', ?, ?, 'lane', 'lane', 'open_transient', 'open_paid_within_grace')`);
  const payment = store.db.prepare(`INSERT INTO payments (idempotency_key, session_id, method, amount_minor, currency, tax_minor, tendered_minor,
    change_minor, shift_id, quote, receipt_no, taken_by, taken_at) VALUES (?, ?, ?, ?, 'GBP', ?, ?, ?, ?, '{"tableId":"standard"}', ?, 'anna', ?)`);
  const shiftId = Number(store.db.prepare("INSERT INTO shifts (user_id, opened_at, float_minor) VALUES ((SELECT id FROM users WHERE username = 'anna'), ?, 0)").run(START).lastInsertRowid);
  const started = Date.now();
  const triggers = store.db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'report\\_%' ESCAPE '\\'").all() as Array<{ name: string; sql: string }>;
  for (const trigger of triggers) store.db.exec(`DROP TRIGGER ${trigger.name}`);
  let receipt = 0;
  for (let done = 0; done < SESSIONS; ) {
    store.db.transaction(() => {
      for (let i = 0; i < 50_000 && done < SESSIONS; i++, done++) {
        const plate = randomPlate(random);
        const entryAt = arrival();
        const exitAt = entryAt + 600_000 + Math.floor(random() * random() * 10 * 3_600_000);
        const paid = random() < 0.8 ? 100 * (1 + Math.floor(random() * 20)) : 0;
        const zone = random() < 0.45 ? 'upper' : 'ground';
        const id = Number(session.run(plate, plate, foldConfusable(plate), 0.6 + random() * 0.4, zone, zone === 'upper' ? 'in2' : 'in1', entryAt, exitAt, paid, paid ? exitAt : null).lastInsertRowid);
        if (!paid) continue;
        const cash = random() < 0.3;
        payment.run(`bench-${id}`, id, cash ? 'cash' : random() < 0.9 ? 'card' : 'qr', paid, Math.round(paid / 6), cash ? paid : null, cash ? 0 : null, cash ? shiftId : null, ++receipt, exitAt - 60_000);
      }
    })();
    // The kiosk's own checkpointer only runs after the store's changes, not these: without this the WAL held all
    // 3,000,000 sessions (7.7 GB) and every read and the final checkpoint walked it.
    store.db.pragma('wal_checkpoint(RESTART)');
    if (done % 500_000 === 0) progress(`seeded ${done} sessions`);
  }
  const migration = readFileSync(appPath('migrations', '0016_report_rollups.sql'), 'utf8');
  const backfill = migration.slice(migration.indexOf('-- What the site already recorded'), migration.indexOf('-- A session is written open'));
  store.db.exec(`DELETE FROM report_traffic; DELETE FROM report_stays; DELETE FROM report_stays_days; DELETE FROM report_money; DELETE FROM report_card; ${backfill}`);
  for (const trigger of triggers) store.db.exec(trigger.sql);
  store.db.pragma('wal_checkpoint(TRUNCATE)');
  store.db.exec('ANALYZE');
  progress(`seeded ${SESSIONS} sessions and ${receipt} payments in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** A data folder seeded once: written beside its final name and renamed when complete, so a killed seed is not reused. */
async function seededDataDir(): Promise<void> {
  if (existsSync(dataDir)) {
    progress(`reusing ${dataDir} (delete it to seed again)`);
    return;
  }
  const partial = `${dataDir}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  const seeding = await createKiosk({ dataDir: partial, logToFile: false, devices: 'none', clock: () => END });
  seed(seeding.store);
  await seeding.close();
  renameSync(partial, dataDir);
}

await seededDataDir();
const kiosk = await createKiosk({ dataDir, logToFile: false, devices: 'none', clock: () => END });
const { store } = kiosk;
const layout = kiosk.services.core.layout();
const loads: number[] = [];
const report = (name: (typeof REPORT_NAMES)[number], range: { from: string; to: string }) => kiosk.services.reports.run({ kind: 'report', name, range }, layout, { owner: null });
const whole = { from: '2021-11-01', to: '2026-10-30' };
const figures: Record<string, number> = {};
for (const name of REPORT_NAMES) {
  loads.push(loadavg()[0]!);
  const five = summarise(await timeEachAsync(20, () => report(name, whole), 2));
  const year = summarise(await timeEachAsync(20, (i) => report(name, { from: `${2022 + (i % 4)}-01-01`, to: `${2022 + (i % 4)}-12-31` }), 2));
  const month = summarise(await timeEachAsync(50, (i) => report(name, { from: `2025-${String(1 + (i % 12)).padStart(2, '0')}-01`, to: `2025-${String(1 + (i % 12)).padStart(2, '0')}-28` }), 5));
  progress(`${name}: five years ${JSON.stringify(five)}, a year ${JSON.stringify(year)}, a month ${JSON.stringify(month)}`);
  Object.assign(figures, {
    [`${name}_5y_median_ms`]: five.median_ms,
    [`${name}_5y_p95_ms`]: five.p95_ms,
    [`${name}_1y_p95_ms`]: year.p95_ms,
    [`${name}_month_p95_ms`]: month.p95_ms,
  });
}
const rollupRows = store.db.prepare('SELECT (SELECT count(*) FROM report_traffic) + (SELECT count(*) FROM report_stays) + (SELECT count(*) FROM report_money) AS n').pluck().get() as number;
loads.push(loadavg()[0]!);
await kiosk.close();
const load = { loadavg_1m_min: Math.min(...loads), loadavg_1m_max: Math.max(...loads) };
console.log(JSON.stringify({ bench: 'reports', sessions: SESSIONS, ...load, years: YEARS, rollup_rows: rollupRows, ...figures, worst_5y_p95_ms: Math.max(...REPORT_NAMES.map((n) => figures[`${n}_5y_p95_ms`]!)), machine: machine() }));
