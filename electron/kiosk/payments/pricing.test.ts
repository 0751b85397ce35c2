import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseRateTable, type RateTable } from '../domain/tariff';
import { changeDue, countDrawer, priceExit, type PricingAdjustment, type PricingSession } from './pricing';

const table: RateTable = parseRateTable({
  id: 'car', name: 'Car', vehicleClass: 'car', version: 1, effectiveFrom: 0, effectiveTo: null, currency: 'GBP', freeMinutes: 15,
  firstPeriod: { minutes: 60, priceMinor: 350 }, furtherPeriod: { minutes: 30, priceMinor: 150 }, dailyMaxMinor: 2400, dailyMaxMode: 'rolling24h',
  bands: [], earlyBirds: [], events: [], lostTicketMinor: 3000, graceMinutes: 15,
});
const site = { timeZone: 'Europe/London', taxRateBp: 2000, currency: 'GBP' };
const ENTRY = Date.UTC(2026, 10, 23, 10, 0);
const MIN = 60_000;
const open: PricingSession = { entryAt: ENTRY, vehicleClass: 'car', status: 'open', paidMinor: 0, paidAt: null };
const adj = (a: Partial<PricingAdjustment>): PricingAdjustment => ({ kind: 'discount', code: null, minutesOff: null, valueOffMinor: null, ...a });

describe('priceExit', () => {
  it('charges the tariff with lines that sum to the total, tax included', () => {
    const q = priceExit([table], site, open, [], [], ENTRY + 120 * MIN);
    expect(q).toMatchObject({ totalMinor: 650, dueMinor: 650, taxMinor: 108, currency: 'GBP', graceUntil: null });
    expect(q.lines.reduce((s, l) => s + l.amountMinor, 0)).toBe(650);
  });

  it('takes time off as a shorter stay shown on its own line, and value off never below zero', () => {
    const timeOff = priceExit([table], site, open, [adj({ kind: 'validation', code: 'CAFE', minutesOff: 60 })], [], ENTRY + 120 * MIN);
    expect(timeOff.dueMinor).toBe(350);
    expect(timeOff.lines.at(-1)).toMatchObject({ code: 'time_off', amountMinor: -300 });
    const tooMuch = priceExit([table], site, open, [adj({ valueOffMinor: 5000 })], [], ENTRY + 120 * MIN);
    expect(tooMuch).toMatchObject({ dueMinor: 0, totalMinor: 0 });
  });

  it('prices a lost ticket at the flat charge when that is more than the stay', () => {
    expect(priceExit([table], site, open, [adj({ kind: 'lost_ticket' })], [], ENTRY + 120 * MIN).dueMinor).toBe(3000);
  });

  it('owes nothing within the grace period after paying, and the difference after it', () => {
    const paid: PricingSession = { ...open, status: 'paid', paidMinor: 650, paidAt: ENTRY + 120 * MIN };
    expect(priceExit([table], site, paid, [], [], ENTRY + 135 * MIN)).toMatchObject({ dueMinor: 0, graceUntil: ENTRY + 135 * MIN });
    expect(priceExit([table], site, paid, [], [], ENTRY + 136 * MIN)).toMatchObject({ dueMinor: 150, totalMinor: 800 });
  });

  it('prices a paid stay inside the grace as it ended when paid, so a refund since is owed again, not waived', () => {
    const refunded: PricingSession = { ...open, status: 'paid', paidMinor: 400, paidAt: ENTRY + 120 * MIN };
    expect(priceExit([table], site, refunded, [], [], ENTRY + 130 * MIN)).toMatchObject({ totalMinor: 650, dueMinor: 250, overpaidMinor: 0, pricedAt: ENTRY + 120 * MIN });
  });

  it('says money paid beyond the charge as an overpayment, never a negative amount due; kept, it is a line of the charge', () => {
    const paid: PricingSession = { ...open, status: 'paid', paidMinor: 650, paidAt: ENTRY + 120 * MIN };
    const discounted = priceExit([table], site, paid, [adj({ valueOffMinor: 200 })], [], ENTRY + 125 * MIN);
    expect(discounted).toMatchObject({ totalMinor: 450, paidMinor: 650, dueMinor: 0, overpaidMinor: 200, taxMinor: 0 });
    const kept = priceExit([table], site, paid, [adj({ valueOffMinor: 200 })], [], ENTRY + 125 * MIN, [{ amountMinor: 200 }]);
    expect(kept).toMatchObject({ totalMinor: 650, dueMinor: 0, overpaidMinor: 0 });
    expect(kept.lines.at(-1)).toEqual({ code: 'overpayment_kept', label: 'Overpayment kept', quantity: 1, amountMinor: 200 });
  });

  it('adds debts left on the plate and names them for settling', () => {
    const q = priceExit([table], site, open, [], [{ id: 7, amountMinor: 400, createdAt: 0 }], ENTRY + 120 * MIN);
    expect(q).toMatchObject({ dueMinor: 1050, debtIds: [7] });
  });

  it('never owes a negative amount and its lines always add up (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3 * 1440 }), fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: 600 }), (minutes, valueOff, minutesOff) => {
        const adjustments = [valueOff > 0 ? adj({ valueOffMinor: valueOff }) : null, minutesOff > 0 ? adj({ kind: 'free_time', minutesOff }) : null].filter((a): a is PricingAdjustment => a !== null);
        const q = priceExit([table], site, open, adjustments, [], ENTRY + minutes * MIN);
        expect(q.dueMinor).toBeGreaterThanOrEqual(0);
        expect(q.lines.reduce((s, l) => s + l.amountMinor, 0)).toBe(q.totalMinor);
        expect(q.totalMinor - q.paidMinor).toBe(q.dueMinor - q.overpaidMinor);
      }),
    );
  });
});

describe('cash', () => {
  it('gives change and refuses underpayment', () => {
    expect(changeDue(650, 1000)).toBe(350);
    expect(() => changeDue(650, 600)).toThrow(/less than/);
    expect(() => changeDue(650, 650.5)).toThrow(/whole/);
  });

  it('counts a drawer by denomination against what was expected', () => {
    expect(countDrawer({ '2000': 2, '500': 1, '1': 3 }, 4500)).toEqual({ countedMinor: 4503, varianceMinor: 3 });
    expect(() => countDrawer({ '2000': -1 }, 0)).toThrow(/bad count/);
  });
});
