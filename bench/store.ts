/**
 * The store under a busy site's history: 1,000,000 closed sessions plus 2,000 cars inside.
 * Figures: durable entry and exit commits (synchronous=FULL), with and without the report rollups' triggers, and fsyncs per entry, fuzzy exit lookup, quote, occupancy,
 * a month's money report, and the file size.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, fdatasyncSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKiosk } from '../electron/kiosk/kiosk';
import { foldConfusable } from '../electron/kiosk/domain/plate';
import { quoteStay } from '../electron/kiosk/domain/tariff';
import { buildReport } from '../electron/kiosk/reports/report-service';
import { machine, summarise, timeEach } from './lib/measure';
import { randomPlate, seededRandom } from './lib/plates';

const CLOSED = Number(process.env['BENCH_CLOSED'] ?? 1_000_000);
const INSIDE = 2_000;
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 22, 12, 0);
const progress = (text: string) => process.stderr.write(`[bench store] ${text}\n`);

const dataDir = mkdtempSync(join(tmpdir(), 'lotkeeper-bench-'));
let clock = NOW;
const kioskOptions = { dataDir, logToFile: false, devices: 'none' as const, clock: () => clock };
const seeding = await createKiosk(kioskOptions);
const random = seededRandom(42);

function seed(): void {
  const insert = seeding.store.db.prepare(`INSERT INTO sessions (plate_raw, plate_key, plate_fold, plate_confidence, vehicle_class, zone_id,
    space_type, entry_lane, entry_at, exit_lane, exit_at, status, paid_minor, paid_at, opened_by, closed_by)
    VALUES (?, ?, ?, ?, 'car', 'ground', 'regular', 'in1', ?, ?, ?, ?, ?, ?, 'lane', ?)`);
  const twoYears = 730 * DAY;
  const started = Date.now();
  for (let done = 0; done < CLOSED + INSIDE; ) {
    seeding.store.db.transaction(() => {
      for (let i = 0; i < 50_000 && done < CLOSED + INSIDE; i++, done++) {
        const plate = randomPlate(random);
        const closed = done < CLOSED;
        const entryAt = closed ? NOW - twoYears + Math.floor(random() * (twoYears - DAY)) : NOW - Math.floor(random() * DAY);
        const exitAt = closed ? entryAt + 600_000 + Math.floor(random() * 10 * 3_600_000) : null;
        const paid = closed ? 100 * Math.floor(random() * 30) : 0;
        insert.run(plate, plate, foldConfusable(plate), 0.9, entryAt, closed ? 'out1' : null, exitAt, closed ? 'closed' : 'open', paid, exitAt, closed ? 'lane' : null);
      }
    })();
    if (done % 200_000 === 0) progress(`seeded ${done} sessions`);
  }
  seeding.store.db.pragma('wal_checkpoint(TRUNCATE)');
  seeding.store.db.exec('ANALYZE');
  // Seeding leaves ~170 MB of dirty pages; flushing them first keeps this disk's journal from charging that
  // backlog to the first entries' fsyncs, which a running site would never carry.
  execFileSync('sync');
  progress(`seeded ${CLOSED + INSIDE} sessions in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** A misread of a plate: one OCR confusion, as the exit camera would produce it. */
function misread(plate: string): string {
  const swaps: Record<string, string> = { '0': 'O', O: '0', '1': 'I', I: '1', '8': 'B', B: '8', '5': 'S', S: '5', '2': 'Z', Z: '2' };
  const at = [...plate].findIndex((ch) => ch in swaps);
  return at < 0 ? plate : plate.slice(0, at) + swaps[plate[at]!]! + plate.slice(at + 1);
}

/** Counts fsync/fdatasync calls per durable entry by running entries under strace, where strace exists. */
function fsyncsPerEntry(): number | null {
  if (spawnSync('strace', ['-V']).status !== 0) return null;
  const log = join(dataDir, 'strace.txt');
  const entries = 200;
  execFileSync('strace', ['-f', '-qq', '-e', 'trace=fsync,fdatasync', '-o', log, process.execPath, '--import', 'tsx', join(import.meta.dirname, 'lib', 'entries.ts'), join(dataDir, 'fsync'), String(entries)], { stdio: 'inherit' });
  const calls = readFileSync(log, 'utf8').split('\n').filter((line) => /f(data)?sync\(/.test(line)).length;
  // The child also opens and migrates its database; subtract a run with no entries.
  execFileSync('strace', ['-f', '-qq', '-e', 'trace=fsync,fdatasync', '-o', log, process.execPath, '--import', 'tsx', join(import.meta.dirname, 'lib', 'entries.ts'), join(dataDir, 'fsync0'), '0'], { stdio: 'inherit' });
  const baseline = readFileSync(log, 'utf8').split('\n').filter((line) => /f(data)?sync\(/.test(line)).length;
  return Math.round(((calls - baseline) / entries) * 100) / 100;
}

/**
 * This disk's own price for one durable write (4 KiB + fdatasync), measured in the same process right before the
 * entries: entry timings here swing with whatever else is writing to the shared disk, and the ratio says what the
 * kiosk adds on top of the fsync it cannot avoid.
 */
function fsyncBaseline(): ReturnType<typeof summarise> {
  const fd = openSync(join(dataDir, 'fsync-probe'), 'w');
  const page = Buffer.alloc(4096, 1);
  try {
    return summarise(timeEach(500, () => {
      writeSync(fd, page, 0, page.length, 0);
      fdatasyncSync(fd);
    }, 20));
  } finally {
    closeSync(fd);
  }
}

seed();
await seeding.close();
// Started again on the seeded file, as a site's kiosk starts: the cars inside (written by SQL, past the running
// kiosk's in-memory index of them) are read into that index, so the fuzzy lookup searches a million-session lot.
const kiosk = await createKiosk(kioskOptions);
const { store, services } = kiosk;
const insidePlates = store.sessions.inside().map((s) => s.plateKey);
const lookup = summarise(timeEach(2_000, (i) => void services.sessions.matchInside(misread(insidePlates[i % insidePlates.length]!))));
progress(`fuzzy lookup ${JSON.stringify(lookup)}`);
const sample = store.sessions.require(store.sessions.inside()[0]!.id);
const { site } = services.core.layout();
const tables = store.rateTables.all();
const quote = summarise(timeEach(10_000, (i) => void quoteStay(tables, { entryAt: sample.entryAt, exitAt: sample.entryAt + 60_000 * (30 + (i % 2_000)), vehicleClass: sample.vehicleClass, timeZone: site.timeZone, taxRateBp: site.taxRateBp, currency: site.currency })));
progress(`quote ${JSON.stringify(quote)}`);
const occupancy = summarise(timeEach(1_000, () => void store.sessions.occupancy()));
progress(`occupancy ${JSON.stringify(occupancy)}`);
const layout = kiosk.services.core.layout();
const monthRange = (i: number) => ({ from: `2026-${String(1 + (i % 10)).padStart(2, '0')}-01`, to: `2026-${String(1 + (i % 10)).padStart(2, '0')}-28` });
const month = summarise(timeEach(50, (i) => void buildReport(store.db, layout, 'money', monthRange(i)), 5));
progress(`month revenue ${JSON.stringify(month)}`);
const fsync = fsyncBaseline();
progress(`fsync baseline ${JSON.stringify(fsync)}`);
/** The cars this bench let in, oldest first: the exits take them out again, so the lot stays as full. */
const entered: number[] = [];
/** One durable entry through the real use-case, as a lane makes it. */
const enterOne = (): void => {
  clock += 1_000;
  const plate = randomPlate(random);
  entered.push(services.sessions.open({ plateRaw: plate, plateConfidence: 0.95, plateImage: null, laneId: 'in1', zoneId: 'ground', vehicleClass: 'car', spaceType: 'regular', manualReason: null }, null).id);
};
/** One durable exit through the real use-case: the stay priced and recorded, the session closed. */
const exitOne = (): void => {
  clock += 1_000;
  services.sessions.close(entered.shift()!, { laneId: 'out1', manualReason: null }, null);
};
/**
 * What the report rollups (migrations 0016, 0026) add to an entry, and apart to an exit (so the exits' rollup pages
 * and their checkpoint are not charged to the entries): blocks of 20 with the rollups' triggers and with them set
 * aside, alternated in ABBA order (each side first every other block), so both sides see the same disk, the same
 * load on this shared machine and its drift through the run. Besides the pooled medians, each block's pair gives a
 * ratio of medians taken a fraction of a second apart; their median is the estimate the load's swings (fsyncs of
 * 0.1 to 10 ms on a busy disk) move least.
 */
const rollupTriggers = store.db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'report\\_%' ESCAPE '\\'").all() as Array<{ name: string; sql: string }>;
let rollupsOn = true;
const switchRollups = store.db.transaction((on: boolean) => {
  for (const trigger of rollupTriggers) store.db.exec(on ? trigger.sql : `DROP TRIGGER ${trigger.name}`);
});
function setRollups(on: boolean): void {
  if (on !== rollupsOn) switchRollups(on);
  rollupsOn = on;
}
/** Unrounded, unlike summarise's: a block's medians differ by microseconds. */
const median = (samples: readonly number[]) => [...samples].sort((a, b) => a - b)[samples.length >> 1]!;
const pct = (ratio: number) => Math.round((ratio - 1) * 1000) / 10;
function alternate(blocks: number, work: () => void) {
  const timings = { with: [] as number[], without: [] as number[] };
  const ratios: number[] = [];
  for (let block = 0; block < blocks; block++) {
    const medians = { with: 0, without: 0 };
    for (const side of block % 2 === 0 ? (['with', 'without'] as const) : (['without', 'with'] as const)) {
      setRollups(side === 'with');
      // The first after a switch re-prepare the statements the schema change invalidated: untimed.
      const samples = timeEach(20, work, block === 0 ? 50 : 2);
      timings[side].push(...samples);
      medians[side] = median(samples);
    }
    ratios.push(medians.with / medians.without);
  }
  setRollups(true);
  return { with: summarise(timings.with), without: summarise(timings.without), pairedPct: pct(median(ratios)) };
}
/** Entries first (the cars they let in wait inside), then as many exits, each compared with and without the rollups. */
const compareRollups = () => ({ entry: alternate(100, enterOne), exit: alternate(100, exitOne) });
type Compared = ReturnType<typeof alternate>;
const overheadPct = (pair: Compared, key: 'median_ms' | 'p95_ms') => pct(pair.with[key] / pair.without[key]);
const durable = compareRollups();
const entry = durable.entry.with;
const entryWithoutRollups = durable.entry.without;
// The same without the fsync, whose swings on a shared disk drown a few microseconds: what the triggers cost the CPU.
store.db.pragma('synchronous = OFF');
const cpu = compareRollups();
store.db.pragma('synchronous = FULL');
progress(`without fsync ${JSON.stringify(cpu)}`);
progress(`durable ${JSON.stringify(durable)}`);
store.db.pragma('wal_checkpoint(TRUNCATE)');
const fileBytes = statSync(join(dataDir, 'lotkeeper.db')).size;
await kiosk.close();
const fsyncs = fsyncsPerEntry();
rmSync(dataDir, { recursive: true, force: true });

console.log(
  JSON.stringify({
    bench: 'store',
    closed_sessions: CLOSED,
    inside_sessions: INSIDE,
    entry_commit_median_ms: entry.median_ms,
    entry_commit_p95_ms: entry.p95_ms,
    fsyncs_per_entry: fsyncs,
    fsync_4k_median_ms: fsync.median_ms,
    fsync_4k_p95_ms: fsync.p95_ms,
    entry_commit_without_report_rollups_median_ms: entryWithoutRollups.median_ms,
    entry_commit_without_report_rollups_p95_ms: entryWithoutRollups.p95_ms,
    report_rollups_entry_overhead_median_pct: overheadPct(durable.entry, 'median_ms'),
    report_rollups_entry_overhead_p95_pct: overheadPct(durable.entry, 'p95_ms'),
    report_rollups_entry_overhead_paired_median_pct: durable.entry.pairedPct,
    entry_unsynced_median_ms: cpu.entry.with.median_ms,
    entry_unsynced_without_report_rollups_median_ms: cpu.entry.without.median_ms,
    report_rollups_unsynced_entry_overhead_median_pct: overheadPct(cpu.entry, 'median_ms'),
    report_rollups_unsynced_entry_overhead_paired_median_pct: cpu.entry.pairedPct,
    exit_commit_median_ms: durable.exit.with.median_ms,
    exit_commit_p95_ms: durable.exit.with.p95_ms,
    exit_commit_without_report_rollups_median_ms: durable.exit.without.median_ms,
    exit_commit_without_report_rollups_p95_ms: durable.exit.without.p95_ms,
    report_rollups_exit_overhead_median_pct: overheadPct(durable.exit, 'median_ms'),
    report_rollups_exit_overhead_paired_median_pct: durable.exit.pairedPct,
    report_rollups_unsynced_exit_overhead_median_pct: overheadPct(cpu.exit, 'median_ms'),
    report_rollups_unsynced_exit_overhead_paired_median_pct: cpu.exit.pairedPct,
    entry_over_fsync_median_ratio: Math.round((entry.median_ms / fsync.median_ms) * 100) / 100,
    fuzzy_exit_lookup_median_ms: lookup.median_ms,
    fuzzy_exit_lookup_p95_ms: lookup.p95_ms,
    quote_median_ms: quote.median_ms,
    quote_p95_ms: quote.p95_ms,
    occupancy_median_ms: occupancy.median_ms,
    occupancy_p95_ms: occupancy.p95_ms,
    month_revenue_median_ms: month.median_ms,
    month_revenue_p95_ms: month.p95_ms,
    file_mb: Math.round((fileBytes / 1_048_576) * 10) / 10,
    machine: machine(),
  }),
);
