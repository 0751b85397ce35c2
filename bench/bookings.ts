/**
 * Bookings on a real kiosk and a real SQLite file (WAL, synchronous=FULL), with 1,000 spaces and about five years of
 * bookings (2,000,000 by default, BENCH_BOOKINGS to change):
 * - availability search for a one-day window in the coming month with floor / zone / type / price filters, through
 *   the service the console's call runs (aim: p95 under 20 ms);
 * - a booking committed durably (booking + wallet payment + hold + audit + outbox, one transaction; aim p95 < 5 ms);
 * - 8 processes (each its own SQLite connection, the real BookingService) booking the last 100 EV places of a slot
 *   at random: exactly 100 bookings, `overbooked` 0, `double_charged` 0, the wallet reconciled to the cent.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { SpaceType } from '../electron/kiosk/contract';
import { createKiosk } from '../electron/kiosk/kiosk';
import { openStore } from '../electron/kiosk/store/store';
import { machine, summarise, timeEach } from './lib/measure';
import { seededRandom } from './lib/plates';

const BOOKINGS = Number(process.env['BENCH_BOOKINGS'] ?? 2_000_000);
const SEARCHES = 300;
const COMMITS = 500;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const progress = (text: string) => process.stderr.write(`[bench bookings] ${text}\n`);
const actor = { id: 1, username: 'bench', role: 'attendant' as const };
/** 1,000 spaces: zone, type, count, floor. */
const LAYOUT: [string, SpaceType, number, string][] = [
  ['ground', 'regular', 400, 'g'],
  ['ground', 'ev', 125, 'g'],
  ['ground', 'accessible', 25, 'g'],
  ['ground', 'motorcycle', 50, 'g'],
  ['upper', 'regular', 350, 'u'],
  ['upper', 'vip', 30, 'u'],
  ['upper', 'reserved', 20, 'u'],
];

const dataDir = mkdtempSync(join(tmpdir(), 'lotkeeper-bench-bookings-'));
try {
  const kiosk = await createKiosk({ dataDir, logToFile: false, devices: 'none' });
  const { store } = kiosk;
  const { bookings, drivers, spaces } = kiosk.services;
  const now = Date.now();

  progress('1,000 spaces');
  store.change(() => {
    for (const [id, name] of [['g', 'Ground'], ['u', 'Upper']] as const) spaces.repo.saveFloor({ id, name, sort: 0 });
    for (const [zoneId, spaceType, count, floorId] of LAYOUT) {
      for (let i = 0; i < count; i++) spaces.repo.save({ id: null, zoneId, floorId, label: `${spaceType}-${i + 1}`, spaceType, classes: ['car', 'van', 'motorcycle'], inService: true, outReason: null, distance: i });
      spaces.repo.recount(zoneId, spaceType);
    }
  });
  const fleet = drivers.create({ name: 'Bench Fleet', phone: null, email: null, smsConsent: false, notes: '', vehicles: [{ plate: 'BN12CHX', vehicleClass: 'car', make: '', colour: '' }], withWallet: true }, actor);
  store.change(() => kiosk.services.payments.wallets.move(fleet.walletId!, 1_000_000_000, { kind: 'topup', at: now, by: 'bench' }));

  progress(`${BOOKINGS.toLocaleString()} bookings over five years (the last month's live, with their holds)`);
  const seedStart = Date.now();
  seedBookings(store.db, fleet.id, now);
  progress(`seeded in ${((Date.now() - seedStart) / 1000).toFixed(1)} s`);

  const random = seededRandom(15);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const dayStart = (offsetDays: number) => Math.ceil(now / DAY) * DAY + offsetDays * DAY;
  const search = summarise(
    timeEach(SEARCHES, () => {
      const startsAt = dayStart(1 + Math.floor(random() * 28)) + 8 * HOUR;
      const [zoneId, spaceType, , floorId] = pick(LAYOUT);
      const filter = pick(['none', 'zone', 'type', 'floor', 'price'] as const);
      bookings.search({ startsAt, endsAt: startsAt + 9 * HOUR, vehicleClass: 'car', ...(filter === 'zone' ? { zoneId } : filter === 'type' ? { spaceType } : filter === 'floor' ? { floorId } : filter === 'price' ? { maxPriceMinor: 5_000 } : {}) });
    }, 20),
  );
  progress(`search ${JSON.stringify(search)}`);

  const commit = summarise(
    timeEach(COMMITS, () => {
      const startsAt = dayStart(30 + Math.floor(random() * 300)) + Math.floor(random() * 12) * HOUR;
      const [zoneId, spaceType] = pick(LAYOUT.filter(([, type]) => type !== 'ev'));
      bookings.create({ driverId: fleet.id, plate: 'BN12CHX', vehicleClass: 'car', zoneId, spaceType, spaceId: null, startsAt, endsAt: startsAt + 4 * HOUR, payment: { method: 'wallet' }, idempotencyKey: `b-${randomUUID()}` }, actor);
    }, 20),
  );
  progress(`commit ${JSON.stringify(commit)}`);
  // The same disk's reference in the same minutes: a car's entry (one session row + outbox), as bench/store measures it.
  const entry = summarise(
    timeEach(200, (i) => {
      kiosk.services.sessions.open({ plateRaw: `EN${i}X`, plateConfidence: null, plateImage: null, laneId: null, zoneId: 'ground', vehicleClass: 'car', spaceType: 'regular', manualReason: null }, null);
    }, 0),
  );
  progress(`entry reference ${JSON.stringify(entry)}`);
  await kiosk.close();

  progress('8 processes booking the last 100 EV places of a slot');
  const slot = dayStart(400) + 9 * HOUR;
  const race = await raceForLastPlaces(join(dataDir, 'lotkeeper.db'), fleet.id, fleet.walletId!, slot);
  progress(JSON.stringify(race));

  console.log(
    JSON.stringify({
      bench: 'bookings',
      bookings: BOOKINGS,
      spaces: LAYOUT.reduce((n, [, , count]) => n + count, 0),
      search_median_ms: search.median_ms,
      search_p95_ms: search.p95_ms,
      commit_median_ms: commit.median_ms,
      commit_p95_ms: commit.p95_ms,
      entry_commit_median_ms: entry.median_ms,
      entry_commit_p95_ms: entry.p95_ms,
      race_booked: race.booked,
      overbooked: race.overbooked,
      double_charged: race.doubleCharged,
      wallet_reconciled: race.walletReconciled,
      machine: { ...machine(), load_avg: (await import('node:os')).loadavg().map((l) => Math.round(l * 100) / 100) },
    }),
  );
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}

/** Past bookings (completed, cancelled, no-show) in one fast bulk insert; the coming month's as live, with holds. */
function seedBookings(db: import('better-sqlite3').Database, driverId: number, now: number): void {
  const random = seededRandom(2026);
  const insert = db.prepare(`INSERT INTO bookings (ref, origin, driver_id, plate_raw, plate_key, plate_fold, vehicle_class, zone_id, space_type, starts_at, ends_at, status, pay_mode, price_minor, paid_minor, currency, created_by, created_at, updated_at)
    VALUES (?, 'booth', ?, 'BN12CHX', 'BN12CHX', 'BN12CHX', 'car', ?, ?, ?, ?, ?, 'prepaid', 1200, 1200, 'GBP', 'seed', ?, ?)`);
  const hold = db.prepare(`WITH RECURSIVE slots(slot) AS (SELECT ? UNION ALL SELECT slot + 1 FROM slots WHERE slot + 1 < ?)
    INSERT INTO booking_holds (zone_id, space_type, slot, site_held) SELECT ?, ?, slot, 1 FROM slots WHERE true
    ON CONFLICT (zone_id, space_type, slot) DO UPDATE SET site_held = site_held + 1`);
  const first = Math.floor((now - 5 * 365 * DAY) / HOUR) * HOUR;
  const liveFrom = now + DAY;
  const span = liveFrom + 30 * DAY - first;
  const weights = LAYOUT.flatMap(([zone, type, count]) => Array<[string, string]>(Math.ceil(count / 25)).fill([zone, type]));
  const BATCH = 50_000;
  for (let done = 0; done < BOOKINGS; done += BATCH) {
    db.transaction(() => {
      for (let i = done; i < Math.min(BOOKINGS, done + BATCH); i++) {
        const startsAt = first + Math.floor((random() * span) / HOUR) * HOUR;
        const endsAt = startsAt + (1 + Math.floor(random() * 10)) * HOUR;
        const [zone, type] = weights[Math.floor(random() * weights.length)]!;
        const live = startsAt >= liveFrom;
        const status = live ? 'booked' : random() < 0.9 ? 'completed' : random() < 0.7 ? 'cancelled' : 'no_show';
        insert.run(`seed-${i}`, driverId, zone, type, startsAt, endsAt, status, startsAt - 3 * DAY, startsAt - 3 * DAY);
        if (live) hold.run(Math.floor(startsAt / HOUR), Math.ceil(endsAt / HOUR), zone, type);
      }
    })();
    if ((done / BATCH) % 8 === 0) progress(`  ${(done + BATCH).toLocaleString()}`);
  }
  db.pragma('analysis_limit = 1000');
  db.exec('ANALYZE');
}

async function raceForLastPlaces(file: string, driverId: number, walletId: number, startsAt: number) {
  const run = promisify(execFile);
  const worker = join(import.meta.dirname, '../test/integration/bookings-worker.ts');
  const tsx = join(import.meta.dirname, '../node_modules/.bin/tsx');
  const balanceBefore = readOnly(file, (db) => db.prepare('SELECT balance_minor FROM wallets WHERE id = ?').pluck().get(walletId) as number);
  const args = [worker, file, String(driverId), '25', 'ground', 'ev', String(startsAt), String(startsAt + 3 * HOUR)];
  await Promise.all(Array.from({ length: 8 }, () => run(tsx, args)));
  return readOnly(file, (db) => {
    const race = "zone_id = 'ground' AND space_type = 'ev' AND starts_at = ? AND status = 'booked'";
    const booked = db.prepare(`SELECT count(*) FROM bookings WHERE ${race}`).pluck().get(startsAt) as number;
    const siteShare = 100;
    const overbooked = Math.max(0, booked - siteShare);
    const doubleCharged = db.prepare(`SELECT count(*) FROM bookings b WHERE ${race} AND ((SELECT count(*) FROM booking_payments p WHERE p.booking_id = b.id AND p.kind = 'charge') <> 1 OR paid_minor <> price_minor)`).pluck().get(startsAt) as number;
    const charged = db.prepare(`SELECT coalesce(sum(price_minor), 0) FROM bookings WHERE ${race}`).pluck().get(startsAt) as number;
    const balance = db.prepare('SELECT balance_minor FROM wallets WHERE id = ?').pluck().get(walletId) as number;
    return { booked, overbooked, doubleCharged, walletReconciled: balanceBefore - balance === charged };
  });
}

function readOnly<T>(file: string, read: (db: import('better-sqlite3').Database) => T): T {
  const store = openStore(file, { now: Date.now(), readonly: true });
  try {
    return read(store.db);
  } finally {
    void store.close();
  }
}
