/**
 * Sync figures. (1) Catching up: 100,000 queued changes (audit-sized payloads) pushed by the real sync worker and
 * HTTP client to the loopback head office, which runs in its own process: changes per second from start to the
 * last acknowledgement (kiosk start-up included), and the kiosk process's peak RSS while it catches up (with the
 * RSS before the kiosk starts, for scale). Head office's per-day counts and
 * checksums are then compared with the site's (every change exactly once). (2) What the outbox adds to a durable
 * entry commit: the outbox append timed inside the entry's transaction, against the whole commit; entries with and
 * without the outbox row, alternated, compared by their medians and pair by pair (this disk's fsync swings by more
 * than the row costs, so both are noise-bound); and the WAL pages each entry writes, the figure noise does not move.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createKiosk } from '../electron/kiosk/kiosk';
import { dayChecksum } from '../native/headoffice/checksum';
import { HttpHeadOffice } from '../native/headoffice/http-head-office';
import { lastLocalDays } from '../electron/kiosk/sync/days';
import { machine, summarise } from './lib/measure';
import { randomPlate, seededRandom } from './lib/plates';

const QUEUED = Number(process.env['BENCH_QUEUED'] ?? 100_000);
const ENTRIES = Number(process.env['BENCH_ENTRIES'] ?? 4_000);
const NOW = Date.UTC(2026, 10, 22, 12);
const progress = (text: string) => process.stderr.write(`[bench sync] ${text}\n`);
const random = seededRandom(7);

async function startHeadOffice(): Promise<{ url: string; token: string; stop(): void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/head-office-server/run.ts'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
  const { url, token } = JSON.parse(line) as { url: string; token: string };
  return { url, token, stop: () => child.stdin!.end() };
}

/** Audit-like payloads over the last 30 days, committed 5,000 to a transaction (the queue a week offline leaves). */
function seedOutbox(dataDirSeed: Awaited<ReturnType<typeof createKiosk>>): void {
  const { store } = dataDirSeed;
  for (let done = 0; done < QUEUED; ) {
    store.change(() => {
      for (let i = 0; i < 5_000 && done < QUEUED; i++, done++) {
        const at = NOW - 30 * 86_400_000 + Math.floor((done / QUEUED) * 30 * 86_400_000);
        const payload = { seq: done + 1, at, actor: 'lane', action: 'session.open', subject: `session:${done + 1}`, detail: { plate: randomPlate(random), laneId: 'in1', zoneId: 'ground', confidence: 0.93 }, prevHash: 'f'.repeat(64), hash: 'e'.repeat(64) };
        store.outbox.append('audit', `bench:${done + 1}`, payload, at);
      }
    });
  }
}

async function catchUp(): Promise<{ seconds: number; peakRssMb: number; baselineRssMb: number; exactlyOnce: boolean; rows: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'lotkeeper-bench-sync-'));
  const seeder = await createKiosk({ dataDir, logToFile: false, devices: 'none', clock: () => NOW });
  seedOutbox(seeder);
  const rows = seeder.store.outbox.lastSeq();
  await seeder.close();
  progress(`${rows} changes queued`);
  const headOffice = await startHeadOffice();
  global.gc?.();
  const baselineRss = process.memoryUsage().rss;
  let peakRss = baselineRss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
  const started = performance.now();
  const kiosk = await createKiosk({ dataDir, logToFile: false, devices: 'none', clock: () => NOW, headOffice: { url: headOffice.url, token: headOffice.token, batchSize: 1_000 }, sync: { idleMs: 2 } });
  while (kiosk.services.sync.status().ackedSeq < rows) await new Promise((resolve) => setTimeout(resolve, 2));
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const exactlyOnce = await sameAsHeadOffice(kiosk, headOffice);
  await kiosk.close();
  headOffice.stop();
  rmSync(dataDir, { recursive: true, force: true });
  return { seconds, peakRssMb: peakRss / 1_048_576, baselineRssMb: baselineRss / 1_048_576, exactlyOnce, rows };
}

/** Head office's own per-day counts and checksums, asked over the protocol, against the site's outbox. */
async function sameAsHeadOffice(kiosk: Awaited<ReturnType<typeof createKiosk>>, headOffice: { url: string; token: string }): Promise<boolean> {
  const days = lastLocalDays('Europe/London', NOW, 32);
  const client = new HttpHeadOffice({ url: headOffice.url, token: headOffice.token });
  const theirs = await client.dayTotals(days.map((d) => d.day));
  client.close();
  return days.every((d, i) => {
    const keys = kiosk.store.outbox.keysCreatedBetween(d.from, d.to, Number.MAX_SAFE_INTEGER);
    return theirs[i]!.count === keys.length && theirs[i]!.checksum === dayChecksum(keys);
  });
}

async function outboxCost(): Promise<{ withMs: number; withoutMs: number; pairedPct: number; appendUs: number; walPagesWith: number; walPagesWithout: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'lotkeeper-bench-sync-'));
  let clock = NOW;
  const kiosk = await createKiosk({ dataDir, logToFile: false, devices: 'none', clock: () => clock });
  const { store, services } = kiosk;
  const outbox = store.outbox as { append: typeof store.outbox.append };
  const realAppend = outbox.append.bind(store.outbox);
  const appendTimes: number[] = [];
  const timedAppend: typeof realAppend = (...args) => {
    const start = process.hrtime.bigint();
    realAppend(...args);
    appendTimes.push(Number(process.hrtime.bigint() - start) / 1e6);
  };
  const withOutbox: number[] = [];
  const withoutOutbox: number[] = [];
  for (let i = 0; i < ENTRIES; i++) {
    const skip = i % 2 === 1; // alternate entry by entry: the disk's moods hit both halves alike
    outbox.append = skip ? () => {} : timedAppend;
    clock += 1_000;
    const plate = randomPlate(random);
    const start = process.hrtime.bigint();
    services.sessions.open({ plateRaw: plate, plateConfidence: 0.95, plateImage: null, laneId: 'in1', zoneId: 'ground', vehicleClass: 'car', spaceType: 'regular', manualReason: null }, null);
    (skip ? withoutOutbox : withOutbox).push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  // What the commit writes, which the timings on this fast-acknowledging disk hide: WAL pages per entry.
  const walPages = (append: typeof realAppend): number => {
    outbox.append = append;
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    const open = () => {
      clock += 1_000;
      services.sessions.open({ plateRaw: randomPlate(random), plateConfidence: 0.95, plateImage: null, laneId: 'in1', zoneId: 'ground', vehicleClass: 'car', spaceType: 'regular', manualReason: null }, null);
    };
    for (let i = 0; i < 200; i++) open();
    return statSync(join(dataDir, 'lotkeeper.db-wal')).size / 200 / (4096 + 24);
  };
  const walPagesWith = walPages(realAppend);
  const walPagesWithout = walPages(() => {});
  outbox.append = realAppend;
  await kiosk.close();
  rmSync(dataDir, { recursive: true, force: true });
  // Each entry against its neighbour without the row: the disk's slower spells fall on both of a pair.
  const pairedPct = summarise(withoutOutbox.map((without, k) => ((withOutbox[k]! - without) / without) * 100)).median_ms;
  return { withMs: summarise(withOutbox).median_ms, withoutMs: summarise(withoutOutbox).median_ms, pairedPct, appendUs: summarise(appendTimes).median_ms * 1000, walPagesWith, walPagesWithout };
}

const caught = await catchUp();
progress(`caught up ${caught.rows} in ${caught.seconds.toFixed(1)} s, peak RSS ${caught.peakRssMb.toFixed(0)} MB, exactly once: ${caught.exactlyOnce}`);
const cost = await outboxCost();
progress(`entry commit ${cost.withMs} ms with the outbox row, ${cost.withoutMs} ms without (pairs: +${cost.pairedPct.toFixed(1)}%); append ${cost.appendUs.toFixed(1)} us`);

console.log(
  JSON.stringify({
    bench: 'sync',
    queued_changes: caught.rows,
    catch_up_s: Math.round(caught.seconds * 100) / 100,
    catch_up_changes_per_s: Math.round(caught.rows / caught.seconds),
    catch_up_peak_rss_mb: Math.round(caught.peakRssMb),
    rss_before_catch_up_mb: Math.round(caught.baselineRssMb),
    head_office_matches_site: caught.exactlyOnce,
    entry_commit_with_outbox_median_ms: cost.withMs,
    entry_commit_without_outbox_median_ms: cost.withoutMs,
    outbox_append_median_us: Math.round(cost.appendUs * 10) / 10,
    outbox_share_of_entry_commit_pct: Math.round(((cost.appendUs / 1000) / cost.withMs) * 1000) / 10,
    outbox_entry_overhead_pct: Math.round(((cost.withMs - cost.withoutMs) / cost.withoutMs) * 1000) / 10,
    outbox_entry_overhead_paired_median_pct: Math.round(cost.pairedPct * 10) / 10,
    wal_pages_per_entry_with_outbox: Math.round(cost.walPagesWith * 100) / 100,
    wal_pages_per_entry_without_outbox: Math.round(cost.walPagesWithout * 100) / 100,
    machine: machine(),
  }),
);
