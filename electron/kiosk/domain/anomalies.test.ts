import { describe, expect, it } from 'vitest';
import { detectAnomalies, detectGateCycle, withCooldown, type Facts, type Finding, type ReadHour, type StayFact } from './anomalies';
import { binomialTail, poissonThreshold } from './anomaly-rates';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 5, 1);
const none: Facts = { stays: [], manualOpens: [], reads: [], cards: [], cashUps: [] };
const month = { from: T0 + 14 * DAY, to: T0 + 44 * DAY };

const stay = (id: number, plateKey: string, entryAt: number, exitAt: number | null, entryRecorded = true): StayFact => ({ id, plateKey, entryAt, exitAt, entryRecorded, laneId: 'in1' });
/** Two hours of ordinary stays a day for the whole baseline and month, one plate each. */
const ordinaryStays = (): StayFact[] => Array.from({ length: 44 * 20 }, (_, i) => stay(1000 + i, `P${i}`, T0 + Math.floor(i / 20) * DAY + 8 * HOUR + (i % 20) * 600_000, T0 + Math.floor(i / 20) * DAY + 10 * HOUR + (i % 20) * 600_000));
const kinds = (findings: readonly Finding[]) => findings.map((f) => `${f.kind} ${f.subject}`);

describe('anomaly detectors', () => {
  it('finds nothing in an ordinary month', () => {
    expect(detectAnomalies({ ...none, stays: ordinaryStays() }, month)).toEqual([]);
  });

  it('raises an exit with no entry on record, and a plate that came in while already inside', () => {
    const stays = [...ordinaryStays(), stay(1, 'LOST1', month.from + DAY, month.from + DAY, false), stay(2, 'P900', T0 + 45 * DAY, null)];
    const inside = stays.find((s) => s.plateKey === 'P700')!;
    stays.push(stay(3, 'P700', inside.entryAt + HOUR, inside.entryAt + 90 * 60_000));
    const found = detectAnomalies({ ...none, stays }, month);
    expect(kinds(found)).toEqual(['exit_without_entry session:1', 'plate_inside_twice session:3']); // in time order
    expect(found.find((f) => f.kind === 'plate_inside_twice')).toMatchObject({ at: inside.entryAt + HOUR, detail: { insideSessionId: inside.id } });
  });

  it('raises a stay far beyond the usual once it passes the limit, open or closed', () => {
    const entered = month.from + 2 * DAY;
    const found = detectAnomalies({ ...none, stays: [...ordinaryStays(), stay(7, 'LONG', entered, null)] }, month);
    expect(kinds(found)).toEqual(['long_stay session:7']);
    expect(found[0]!.at).toBe(entered + 24 * HOUR); // the 24 h floor: ordinary stays are 2 h
    // Not yet past the limit when the window ends: nothing to say yet.
    expect(detectAnomalies({ ...none, stays: [...ordinaryStays(), stay(7, 'LONG', month.to - HOUR, null)] }, month)).toEqual([]);
  });

  it('raises a burst of manual opens by one attendant and on one lane against their own usual rate, once per burst', () => {
    const usual = Array.from({ length: 40 }, (_, i) => ({ at: T0 + i * DAY + 9 * HOUR, laneId: 'in1', actor: 'anna' }));
    const burst = Array.from({ length: 7 }, (_, i) => ({ at: month.from + 3 * DAY + i * 5 * 60_000, laneId: 'in2', actor: 'ben' }));
    const found = detectAnomalies({ ...none, manualOpens: [...usual, ...burst] }, month);
    expect(kinds(found).sort()).toEqual(['manual_opens lane:in2', 'manual_opens user:ben']);
    expect(found[0]!.at).toBe(burst[4]!.at); // the fifth open in the hour is the one that makes it a burst
  });

  it("raises a lane's reader dropping beyond what the other lanes lost at the same time", () => {
    const reads: ReadHour[] = [];
    for (let hour = Math.floor(T0 / HOUR); hour < month.to / HOUR; hour++) {
      const rainy = hour * HOUR >= month.from + 5 * DAY && hour * HOUR < month.from + 6 * DAY;
      const broken = hour * HOUR >= month.from + 10 * DAY && hour * HOUR < month.from + 11 * DAY;
      for (const laneId of ['in1', 'in2']) {
        const trusted = 9 - (rainy ? 4 : 0) - (broken && laneId === 'in2' ? 6 : 0);
        reads.push({ hour, laneId, reads: 10, trusted, confidenceSum: trusted * 0.95 + (10 - trusted) * 0.6 });
      }
    }
    const found = detectAnomalies({ ...none, reads }, month);
    expect(kinds(found)).toEqual(['reader_drop lane:in2']);
    expect(found[0]!.at).toBeGreaterThan(month.from + 10 * DAY);
    expect(found[0]!.at).toBeLessThan(month.from + 10 * DAY + 6 * HOUR);
  });

  it('raises card failures rising on one reader, not a reader that always declines a few', () => {
    const cards = [];
    for (let hour = Math.floor(T0 / HOUR); hour < month.to / HOUR; hour++) {
      const failing = hour * HOUR >= month.from + 4 * DAY && hour * HOUR < month.from + 4 * DAY + 8 * HOUR;
      cards.push({ hour, terminalId: 'booth', attempts: 4, failed: failing ? 2 : hour % 8 === 0 ? 1 : 0 });
      cards.push({ hour, terminalId: 'exit', attempts: 4, failed: hour % 3 === 0 ? 1 : 0 });
    }
    expect(kinds(detectAnomalies({ ...none, cards }, month))).toEqual(['card_failures terminal:booth']);
  });

  it("raises a cash-up far outside the site's usual variances, naming the attendant", () => {
    const cashUps = Array.from({ length: 60 }, (_, i) => ({ shiftId: i + 1, attendant: 'anna', closedAt: T0 + i * 12 * HOUR, varianceMinor: (i % 5) * 20 - 40 }));
    cashUps[40] = { ...cashUps[40]!, attendant: 'ben', varianceMinor: -4500 };
    const found = detectAnomalies({ ...none, cashUps }, month);
    expect(found).toEqual([expect.objectContaining({ kind: 'cash_variance', subject: 'shift:41', actor: 'ben' })]);
  });

  it('judges a gate cycle: no vehicle, two vehicles, or a held barrier letting a crowd through', () => {
    const cycle = { laneId: 'in1', openedAt: T0, closedAt: T0 + 9000, held: false };
    expect(detectGateCycle({ ...cycle, vehicles: 1 })).toBeNull();
    expect(detectGateCycle({ ...cycle, vehicles: 0 })).toMatchObject({ kind: 'gate_no_vehicle', subject: 'lane:in1', key: `gate:in1:${T0}` });
    expect(detectGateCycle({ ...cycle, vehicles: 2 })).toMatchObject({ kind: 'tailgating', detail: { vehicles: 2 } });
    expect(detectGateCycle({ ...cycle, vehicles: 40, held: true })).toBeNull();
  });

  it('keeps one finding per burst on a subject', () => {
    const finding = (at: number): Finding => ({ kind: 'reader_drop', key: `k${at}`, at, subject: 'lane:in1', laneId: 'in1', actor: null, text: '', detail: {} });
    expect(withCooldown([finding(T0 + HOUR), finding(T0), finding(T0 + 25 * HOUR)]).map((f) => f.at)).toEqual([T0, T0 + 25 * HOUR]);
  });

  it('computes its tails exactly', () => {
    expect(binomialTail(0, 10, 0.3)).toBe(1);
    expect(binomialTail(10, 10, 0.5)).toBeCloseTo(1 / 1024, 12);
    expect(binomialTail(2, 2, 0.1)).toBeCloseTo(0.01, 12);
    expect(poissonThreshold(0, 1e-4)).toBe(1);
    expect(poissonThreshold(1, 0.1)).toBe(3); // P(X >= 3 | 1) = 0.080
  });
});
