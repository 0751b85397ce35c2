import { describe, expect, it } from 'vitest';
import { dayRange, defaultWindow, filterBookings, NO_FILTER, siteDay, type BookingView } from './window';

const TZ = 'Europe/London';
const booking = (id: number, startsAt: number, extra: Partial<BookingView> = {}): BookingView => ({
  id, ref: `con-${id}abcdef`, origin: 'booth', driverId: 3, plateRaw: 'AB12 CDE', plateKey: 'AB12CDE', vehicleClass: 'car', zoneId: 'ground', spaceType: 'regular', spaceId: null,
  startsAt, endsAt: startsAt + 3_600_000, status: 'booked', payMode: 'prepaid', priceMinor: 1000, paidMinor: 1000, currency: 'GBP', sessionId: null, version: 1, createdBy: 'anna', createdAt: 0, updatedAt: 0, ...extra,
});

describe('booking days and windows in the site zone', () => {
  it('gives a day midnight to midnight in the site zone, 23 hours on the spring DST day', () => {
    expect(dayRange('2026-12-07', TZ)).toEqual({ from: Date.UTC(2026, 11, 7), to: Date.UTC(2026, 11, 8) });
    const spring = dayRange('2026-03-29', TZ)!;
    expect(spring.to - spring.from).toBe(23 * 3_600_000);
    expect(dayRange('nonsense', TZ)).toBeNull();
  });

  it('reads today and a first window from the next whole hour in the site zone', () => {
    const now = Date.UTC(2026, 6, 1, 22, 30); // 23:30 in London (summer time)
    expect(siteDay(now, TZ)).toBe('2026-07-01');
    expect(defaultWindow(now, TZ)).toEqual({ startsAt: '2026-07-02T00:00', endsAt: '2026-07-02T04:00' });
  });

  it('filters by arrival window, status and plate, reference or driver, in arrival order', () => {
    const nine = Date.UTC(2026, 11, 7, 9);
    const list = [booking(2, nine + 3 * 3_600_000, { plateKey: 'XY99ZZZ', status: 'cancelled' }), booking(1, nine)];
    expect(filterBookings(list, '2026-12-07', NO_FILTER, TZ).map((b) => b.id)).toEqual([1, 2]);
    expect(filterBookings(list, '2026-12-07', { ...NO_FILTER, arrivalFrom: '10:00', arrivalTo: '12:00' }, TZ).map((b) => b.id)).toEqual([2]);
    expect(filterBookings(list, '2026-12-07', { ...NO_FILTER, status: 'booked' }, TZ).map((b) => b.id)).toEqual([1]);
    expect(filterBookings(list, '2026-12-07', { ...NO_FILTER, text: 'xy 99' }, TZ).map((b) => b.id)).toEqual([2]);
    expect(filterBookings(list, '2026-12-07', { ...NO_FILTER, text: '3' }, TZ).map((b) => b.id)).toEqual([1, 2]);
  });
});
