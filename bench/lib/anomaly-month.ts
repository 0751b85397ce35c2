/**
 * A simulated month of a town-centre car park as the anomaly detectors see it (stays, manual opens, hourly reader
 * and card rollups, cash-ups, gate cycles), after two weeks of baseline, with anomalies of every kind injected at
 * random times. Ordinary life is noisy on purpose: busy and quiet days, rainy days when every reader trusts less,
 * attendants who open by hand now and then, cash-ups a few coins out, a card reader that declines a few cards.
 */
import type { AnomalyKind, CardHour, CashUpFact, Facts, GateCycle, ManualOpenFact, ReadHour, StayFact } from '../../electron/kiosk/domain/anomalies';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
export const BASELINE_DAYS = 14;
export const MONTH_DAYS = 30;

const ENTRY_LANES = ['in1', 'in2'];
const EXIT_LANES = ['out1', 'out2'];
const TERMINALS = ['booth', 'out1-reader'];
const ATTENDANTS = ['anna', 'ben', 'chloe', 'dev'];

/** What was injected: any finding of this kind on one of these subjects inside [from, to] is a true alarm. */
export interface Injected {
  readonly kind: AnomalyKind;
  readonly subjects: readonly string[];
  readonly from: number;
  readonly to: number;
}

export interface SimulatedMonth {
  readonly facts: Facts;
  readonly cycles: readonly GateCycle[];
  readonly injected: readonly Injected[];
  readonly from: number;
  readonly to: number;
}

export function simulateMonth(random: () => number, start = Date.UTC(2026, 5, 1)): SimulatedMonth {
  const from = start + BASELINE_DAYS * DAY;
  const to = from + MONTH_DAYS * DAY;
  const rand = {
    between: (a: number, b: number) => a + random() * (b - a),
    pick: <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!,
    normal: () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random()),
    poisson: (mean: number) => {
      const u = random();
      let k = 0;
      let term = Math.exp(-mean);
      let below = term;
      while (u > below && term > 0) {
        k++;
        term *= mean / k;
        below += term;
      }
      return k;
    },
  };
  const stays: StayFact[] = [];
  const manualOpens: ManualOpenFact[] = [];
  const reads = new Map<string, { hour: number; laneId: string; reads: number; trusted: number; confidenceSum: number }>();
  const cards = new Map<string, { hour: number; terminalId: string; attempts: number; failed: number }>();
  const cashUps: CashUpFact[] = [];
  const cycles: GateCycle[] = [];
  const injected: Injected[] = [];
  const insideUntil = new Map<string, number>();
  let nextId = 1;
  const plates = Array.from({ length: 4000 }, (_, i) => `PL${String(i).padStart(4, '0')}`);

  const read = (at: number, laneId: string, confidence: number, trustAbove: number) => {
    const hour = Math.floor(at / HOUR);
    const key = `${laneId} ${hour}`;
    const row = reads.get(key) ?? { hour, laneId, reads: 0, trusted: 0, confidenceSum: 0 };
    row.reads++;
    row.trusted += confidence >= trustAbove ? 1 : 0;
    row.confidenceSum += confidence;
    reads.set(key, row);
  };
  const card = (at: number, terminalId: string, failed: boolean) => {
    const hour = Math.floor(at / HOUR);
    const key = `${terminalId} ${hour}`;
    const row = cards.get(key) ?? { hour, terminalId, attempts: 0, failed: 0 };
    row.attempts++;
    row.failed += failed ? 1 : 0;
    cards.set(key, row);
  };

  // Injected reader and card trouble: lane/terminal and the hours it lasts, decided first so ordinary days honour them.
  const trouble = (kind: 'reader_drop' | 'card_failures', subjects: readonly string[], count: number, hours: [number, number]) =>
    Array.from({ length: count }, () => {
      const subject = rand.pick(subjects);
      const begin = from + Math.floor(rand.between(1, MONTH_DAYS - 2)) * DAY + Math.floor(rand.between(7, 12)) * HOUR;
      const end = begin + Math.round(rand.between(...hours)) * HOUR;
      injected.push({ kind, subjects: [`${kind === 'reader_drop' ? 'lane' : 'terminal'}:${subject}`], from: begin, to: end + 6 * HOUR });
      return { subject, begin, end };
    });
  const readerTrouble = trouble('reader_drop', ENTRY_LANES, 5, [10, 24]);
  const cardTrouble = trouble('card_failures', TERMINALS, 5, [8, 16]);
  const during = (list: readonly { subject: string; begin: number; end: number }[], subject: string, at: number) => list.some((t) => t.subject === subject && at >= t.begin && at < t.end);

  for (let day = 0; day < BASELINE_DAYS + MONTH_DAYS; day++) {
    const midnight = start + day * DAY;
    const weekday = new Date(midnight).getUTCDay();
    const demand = (weekday === 0 ? 0.5 : weekday === 6 ? 1.2 : 1) * rand.between(0.8, 1.2);
    const rain = random() < 0.2 ? rand.between(0.02, 0.08) : 0;
    const declineRate = rand.between(0.03, 0.07);
    for (let hour = 6; hour < 22; hour++) {
      const arrivals = rand.poisson(demand * (hour >= 8 && hour < 18 ? 40 : 15));
      for (let i = 0; i < arrivals; i++) {
        const entryAt = midnight + hour * HOUR + Math.floor(random() * HOUR);
        const commuter = hour < 9 && random() < 0.5;
        const minutes = commuter ? rand.between(480, 600) : Math.min(720, Math.exp(Math.log(90) + 0.7 * rand.normal()));
        const exitAt = entryAt + Math.round(minutes * 60_000);
        let plate = rand.pick(plates);
        if ((insideUntil.get(plate) ?? 0) > entryAt) plate = `NEW${nextId}`;
        insideUntil.set(plate, exitAt);
        const entryLane = rand.pick(ENTRY_LANES);
        const exitLane = rand.pick(EXIT_LANES);
        stays.push({ id: nextId++, plateKey: plate, entryAt, exitAt, entryRecorded: true, laneId: entryLane });
        const bad = during(readerTrouble, entryLane, entryAt) ? 0.2 : 0;
        read(entryAt, entryLane, Math.max(0, Math.min(1, 0.92 - rain - bad + 0.08 * rand.normal())), 0.8);
        cycles.push({ laneId: entryLane, openedAt: entryAt, closedAt: entryAt + 8000, vehicles: 1, held: false });
        cycles.push({ laneId: exitLane, openedAt: exitAt, closedAt: exitAt + 8000, vehicles: 1, held: false });
        if (random() < 0.02) manualOpens.push({ at: entryAt, laneId: entryLane, actor: rand.pick(ATTENDANTS) });
        if (random() < 0.5) {
          const terminal = rand.pick(TERMINALS);
          const failing = during(cardTrouble, terminal, exitAt) ? 0.45 : declineRate;
          card(exitAt, terminal, random() < failing);
        }
      }
    }
    for (const [shift, attendant] of [rand.pick(ATTENDANTS), rand.pick(ATTENDANTS)].entries()) {
      const closedAt = midnight + (shift === 0 ? 14 : 22) * HOUR;
      const slip = random() < 0.1 ? rand.pick([-500, -200, 200, 500]) : Math.round(rand.normal() * 60);
      cashUps.push({ shiftId: day * 2 + shift + 1, attendant, closedAt, varianceMinor: slip });
    }
  }

  const monthInstant = () => from + Math.floor(random() * (MONTH_DAYS - 1) * DAY) + 7 * HOUR;
  const ordinaryStay = () => {
    const inMonth = stays.filter((s) => s.entryAt >= from && s.exitAt! < to - DAY);
    return rand.pick(inMonth);
  };
  for (let i = 0; i < 10; i++) {
    const at = monthInstant();
    const id = nextId++;
    stays.push({ id, plateKey: `LOST${i}`, entryAt: at, exitAt: at, entryRecorded: false, laneId: rand.pick(EXIT_LANES) });
    injected.push({ kind: 'exit_without_entry', subjects: [`session:${id}`], from: at, to: at });
  }
  for (let i = 0; i < 10; i++) {
    const inside = ordinaryStay();
    const id = nextId++;
    const entryAt = inside.entryAt + Math.floor(random() * (inside.exitAt! - inside.entryAt));
    stays.push({ id, plateKey: inside.plateKey, entryAt, exitAt: entryAt + 30 * 60_000, entryRecorded: true, laneId: rand.pick(ENTRY_LANES) });
    injected.push({ kind: 'plate_inside_twice', subjects: [`session:${id}`], from: entryAt, to: entryAt });
  }
  for (let i = 0; i < 10; i++) {
    const entryAt = from - 2 * DAY + Math.floor(random() * (MONTH_DAYS - 6) * DAY);
    const id = nextId++;
    const exitAt = entryAt + Math.round(rand.between(3, 6) * DAY);
    stays.push({ id, plateKey: `LONG${i}`, entryAt, exitAt, entryRecorded: true, laneId: rand.pick(ENTRY_LANES) });
    injected.push({ kind: 'long_stay', subjects: [`session:${id}`], from: entryAt, to: exitAt });
  }
  for (let i = 0; i < 8; i++) {
    const at = monthInstant() + Math.floor(random() * 10 * HOUR);
    const actor = rand.pick(ATTENDANTS);
    const laneId = rand.pick(ENTRY_LANES);
    const count = Math.round(rand.between(6, 10));
    for (let k = 0; k < count; k++) manualOpens.push({ at: at + Math.floor((k / count) * 40 * 60_000), actor, laneId });
    injected.push({ kind: 'manual_opens', subjects: [`user:${actor}`, `lane:${laneId}`], from: at, to: at + 40 * 60_000 });
  }
  for (const [kind, vehicles] of [['gate_no_vehicle', 0], ['tailgating', 2]] as const) {
    for (let i = 0; i < 10; i++) {
      const laneId = rand.pick([...ENTRY_LANES, ...EXIT_LANES]);
      const openedAt = monthInstant() + Math.floor(random() * 12 * HOUR);
      cycles.push({ laneId, openedAt, closedAt: openedAt + 30_000, vehicles, held: false });
      injected.push({ kind, subjects: [`lane:${laneId}`], from: openedAt, to: openedAt + 30_000 });
    }
  }
  // An event night: the barrier held open lets a crowd through, which is no anomaly.
  cycles.push({ laneId: 'in1', openedAt: from + 10 * DAY + 19 * HOUR, closedAt: from + 10 * DAY + 20 * HOUR, vehicles: 120, held: true });
  for (let i = 0; i < 8; i++) {
    const shift = rand.pick(cashUps.filter((c) => c.closedAt >= from));
    const index = cashUps.indexOf(shift);
    cashUps[index] = { ...shift, varianceMinor: Math.round(rand.between(2000, 6000)) * (random() < 0.7 ? -1 : 1) };
    injected.push({ kind: 'cash_variance', subjects: [`shift:${shift.shiftId}`], from: shift.closedAt, to: shift.closedAt });
  }

  const facts: Facts = { stays, manualOpens, reads: [...reads.values()] as ReadHour[], cards: [...cards.values()] as CardHour[], cashUps };
  return { facts, cycles, injected, from, to };
}
