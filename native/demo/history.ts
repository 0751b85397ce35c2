/**
 * The demo site's past: about three months of visits drawn once from a seeded model of a town-centre car park, so
 * that reports and the forecast have something real to show on first start. Times are site-local wall-clock
 * readings (local ms: local midnight of 2026-03-29 is Date.UTC(2026, 2, 29)); the core turns them into instants in
 * the site's zone, which is where DST is handled.
 *
 * The model: commuters arrive 7-9 on working days and stay a working day; shoppers come 9-18, more on Saturdays,
 * for one to three hours; a monthly evening event fills the upper deck; bank holidays run like Sundays. A car that
 * finds its zone full drives on. A few oddities are planted (a stay of days, a plate that reads badly on one lane
 * for a week, an attendant with cash-ups that do not match).
 */
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

/** Deterministic PRNG (mulberry32): the same seed draws the same history on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export interface HistoryZone {
  readonly id: string;
  readonly capacity: number;
  readonly entryLane: string;
  readonly exitLane: string | null;
}

export interface HistoryOptions {
  /** The local epoch day after the last day of history (normally today). */
  readonly untilDay: number;
  readonly days: number;
  readonly zones: readonly HistoryZone[];
  readonly random: () => number;
  /** Local epoch days run as Sundays (bank holidays). */
  readonly holidays?: ReadonlySet<number>;
  /** Scales every arrival rate (1 = the demo site's usual day). */
  readonly demand?: number;
}

export type PaymentMethod = 'card' | 'cash' | 'qr';

export interface PlannedVisit {
  readonly plate: string;
  readonly vehicleClass: 'car' | 'van' | 'motorcycle';
  readonly zoneId: string;
  readonly entryLane: string;
  readonly exitLane: string | null;
  readonly entryLocalMs: number;
  readonly exitLocalMs: number;
  /** The entry read's confidence; below 0.8 an attendant confirmed it. */
  readonly confidence: number;
  readonly permit: boolean;
  readonly method: PaymentMethod | null;
  /** Card attempts declined before the one that paid. */
  readonly declines: number;
}

/** Arrivals per hour of a normal weekday, weekend day and event evening, per 100 spaces, by local hour 0-23. */
const WEEKDAY = [0.3, 0.2, 0.1, 0.1, 0.2, 0.6, 2.5, 9, 11, 7, 6, 6.5, 7, 6.5, 5.5, 5, 4.5, 4, 3, 2, 1.5, 1, 0.7, 0.5];
const SATURDAY = [0.5, 0.3, 0.2, 0.1, 0.1, 0.2, 0.5, 1.5, 4, 8, 11, 12, 12, 11, 10, 9, 7, 5, 4, 3.5, 3, 2, 1.5, 1];
const SUNDAY = [0.4, 0.3, 0.2, 0.1, 0.1, 0.1, 0.3, 0.8, 2, 4.5, 7, 8, 8.5, 8, 7, 6, 4.5, 3, 2, 1.5, 1, 0.8, 0.6, 0.4];
const EVENT_EVENING = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 8, 35, 50, 20, 4, 0, 0, 0];

function poisson(random: () => number, mean: number): number {
  let k = 0;
  let p = Math.exp(-mean);
  let sum = p;
  const u = random();
  while (u > sum && k < 200) {
    k++;
    p *= mean / k;
    sum += p;
  }
  return k;
}

const weekdayOf = (epochDay: number): number => ((((epochDay + 3) % 7) + 7) % 7) + 1; // ISO: 1 Monday .. 7 Sunday

export function planHistory(options: HistoryOptions): PlannedVisit[] {
  const { random, zones } = options;
  const plates = new PlateBook(random);
  const visits: PlannedVisit[] = [];
  const inside = new Map(zones.map((zone) => [zone.id, [] as number[]]));
  const firstDay = options.untilDay - options.days;
  for (let day = firstDay; day < options.untilDay; day++) {
    const weekday = options.holidays?.has(day) ? 7 : weekdayOf(day);
    const event = weekday === 6 && Math.floor((day - firstDay) / 7) % 4 === 1;
    const profile = weekday === 6 ? SATURDAY : weekday === 7 ? SUNDAY : WEEKDAY;
    for (let hour = 0; hour < 24; hour++) {
      for (const zone of zones) {
        const rate = (profile[hour]! * zone.capacity) / 100 * (options.demand ?? 1);
        const eventRate = event && zone === zones.at(-1) ? (EVENT_EVENING[hour]! * zone.capacity) / 100 : 0;
        const arrivals = [...Array<number>(poisson(random, rate)).fill(0), ...Array<number>(poisson(random, eventRate)).fill(1)];
        for (const kind of arrivals) {
          const entryLocalMs = day * DAY_MS + hour * HOUR_MS + Math.floor(random() * HOUR_MS);
          const stay = kind === 1 ? eventStay(random) : stayFor(random, weekday, hour);
          const present = inside.get(zone.id)!.filter((exit) => exit > entryLocalMs);
          if (present.length >= zone.capacity) {
            inside.set(zone.id, present);
            continue; // full: the driver goes elsewhere
          }
          present.push(entryLocalMs + stay);
          inside.set(zone.id, present);
          visits.push(visit(random, plates, zone, entryLocalMs, entryLocalMs + stay, weekday < 6 && hour >= 6 && hour <= 9));
        }
      }
    }
  }
  return plantOddities(visits, random, firstDay);
}

function stayFor(random: () => number, weekday: number, hour: number): number {
  const commuter = weekday < 6 && hour >= 6 && hour <= 9 && random() < 0.6;
  if (commuter) return Math.round((7.5 + random() * 2.5) * HOUR_MS);
  // Shoppers: mostly 40 min to 3 h, a long tail of longer visits.
  const minutes = 20 + Math.round(-Math.log(1 - random()) * 90);
  return Math.min(minutes, 14 * 60) * MINUTE_MS;
}

const eventStay = (random: () => number): number => Math.round((2.5 + random() * 1.5) * HOUR_MS);

function visit(random: () => number, plates: PlateBook, zone: HistoryZone, entryLocalMs: number, exitLocalMs: number, commuterHour: boolean): PlannedVisit {
  const permit = commuterHour && random() < 0.35;
  const roll = random();
  return {
    plate: permit ? plates.regular(entryLocalMs, exitLocalMs) : plates.visitor(),
    vehicleClass: roll < 0.88 ? 'car' : roll < 0.96 ? 'van' : 'motorcycle',
    zoneId: zone.id,
    entryLane: zone.entryLane,
    exitLane: zone.exitLane,
    entryLocalMs,
    exitLocalMs,
    confidence: random() < 1 / 8 ? 0.55 + random() * 0.2 : 0.86 + random() * 0.13,
    permit,
    method: permit ? null : pickMethod(random),
    declines: random() < 0.04 ? 1 : 0,
  };
}

function pickMethod(random: () => number): PaymentMethod {
  const roll = random();
  return roll < 0.62 ? 'card' : roll < 0.88 ? 'cash' : 'qr';
}

/** Three stays of days near the end, and one week of bad reads on the first lane (a dirty camera). */
function plantOddities(visits: PlannedVisit[], random: () => number, firstDay: number): PlannedVisit[] {
  const dirtyFrom = (firstDay + 40) * DAY_MS;
  return visits.map((v, i) => {
    if (i % 9_973 === 17 && v.method !== null) return { ...v, exitLocalMs: v.entryLocalMs + Math.round((3 + random() * 3) * DAY_MS) };
    if (v.entryLane === visits[0]?.entryLane && v.entryLocalMs >= dirtyFrom && v.entryLocalMs < dirtyFrom + 7 * DAY_MS) return { ...v, confidence: 0.5 + random() * 0.25 };
    return v;
  });
}

/** Plates in the UK style (two letters, two digits, three letters); a pool of regulars that come back. */
class PlateBook {
  private readonly regulars: string[] = [];

  constructor(private readonly random: () => number) {
    for (let i = 0; i < 120; i++) this.regulars.push(this.visitor());
  }

  /** When each regular's current visit ends: a car is never inside twice (the anomaly detectors would say so). */
  private readonly busyUntil = new Map<string, number>();

  /** A regular drawn at random, or the next one along who is not inside at the time (a visitor when all are). */
  regular(entryLocalMs: number, exitLocalMs: number): string {
    const first = Math.floor(this.random() * this.regulars.length);
    for (let i = 0; i < this.regulars.length; i++) {
      const plate = this.regulars[(first + i) % this.regulars.length]!;
      if ((this.busyUntil.get(plate) ?? -Infinity) > entryLocalMs) continue;
      this.busyUntil.set(plate, exitLocalMs);
      return plate;
    }
    return this.visitor();
  }

  visitor(): string {
    const letters = 'ABCDEFGHJKLMNPRSTUVWXYZ';
    const letter = () => letters[Math.floor(this.random() * letters.length)]!;
    return `${letter()}${letter()}${10 + Math.floor(this.random() * 90)}${letter()}${letter()}${letter()}`;
  }
}
