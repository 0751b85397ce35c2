import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addLocalDays,
  assertValidTimeZone,
  DAY_MS,
  HOUR_MS,
  instantOfLocal,
  instantOfLocalMs,
  isValidTimeZone,
  localDateTime,
  localEpochDay,
  localMsOf,
  startOfLocalDay,
  startOfNextLocalDay,
  zoneOffsetMs,
} from './zoned-time';

const utc = (iso: string) => Date.parse(iso);
const LONDON = 'Europe/London';
const NEW_YORK = 'America/New_York';
const SYDNEY = 'Australia/Sydney';

function wallClock(timeZone: string, instant: number): string {
  const p = localDateTime(timeZone, instant);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`;
}

describe('time zone names', () => {
  it('accepts IANA names and refuses anything else', () => {
    for (const zone of [LONDON, NEW_YORK, SYDNEY, 'UTC', 'Asia/Kathmandu']) expect(isValidTimeZone(zone)).toBe(true);
    for (const zone of ['Europe/Lndon', 'Mars/Olympus_Mons', '', '   ']) expect(isValidTimeZone(zone)).toBe(false);
  });

  it('names the bad zone in the error', () => {
    expect(() => assertValidTimeZone('Europe/Lndon')).toThrow(/unknown IANA time zone "Europe\/Lndon"/);
    expect(() => localDateTime('Europe/Lndon', 0)).toThrow(RangeError);
    expect(() => instantOfLocal('Nowhere/Special', { year: 2025, month: 1, day: 1 }, 0)).toThrow(/Nowhere\/Special/);
  });
});

describe('Europe/London', () => {
  it('reads wall-clock parts on both sides of spring forward (2025-03-30 01:00 GMT -> 02:00 BST)', () => {
    expect(wallClock(LONDON, utc('2025-03-30T00:59:59Z'))).toBe('2025-03-30 00:59:59');
    expect(wallClock(LONDON, utc('2025-03-30T01:00:00Z'))).toBe('2025-03-30 02:00:00');
    expect(localDateTime(LONDON, utc('2025-03-30T12:00:00Z')).weekday).toBe(7); // a Sunday
    expect(zoneOffsetMs(LONDON, utc('2025-03-30T01:00:00Z'))).toBe(HOUR_MS);
  });

  it('maps a time in the spring gap forward, and keeps the day 23 hours long', () => {
    const day = { year: 2025, month: 3, day: 30 };
    expect(instantOfLocal(LONDON, day, 1, 30)).toBe(utc('2025-03-30T01:30:00Z')); // = 02:30 BST
    expect(instantOfLocal(LONDON, day, 2, 0)).toBe(utc('2025-03-30T01:00:00Z'));
    expect(instantOfLocal(LONDON, day, 0, 59)).toBe(utc('2025-03-30T00:59:00Z'));
    const start = startOfLocalDay(LONDON, utc('2025-03-30T12:00:00Z'));
    expect(start).toBe(utc('2025-03-30T00:00:00Z'));
    expect(startOfNextLocalDay(LONDON, start) - start).toBe(23 * HOUR_MS);
  });

  it('maps a repeated time at fall back to its first occurrence, and the day is 25 hours long', () => {
    const day = { year: 2025, month: 10, day: 26 };
    expect(wallClock(LONDON, utc('2025-10-26T00:30:00Z'))).toBe('2025-10-26 01:30:00'); // BST
    expect(wallClock(LONDON, utc('2025-10-26T01:30:00Z'))).toBe('2025-10-26 01:30:00'); // GMT
    expect(instantOfLocal(LONDON, day, 1, 30)).toBe(utc('2025-10-26T00:30:00Z'));
    expect(instantOfLocal(LONDON, day, 2, 0)).toBe(utc('2025-10-26T02:00:00Z'));
    const start = startOfLocalDay(LONDON, utc('2025-10-26T12:00:00Z'));
    expect(startOfNextLocalDay(LONDON, start) - start).toBe(25 * HOUR_MS);
  });

  it('adds local days: same wall-clock time, 23 or 25 real hours across a change', () => {
    const saturdayNoonBst = utc('2025-10-25T11:00:00Z');
    expect(addLocalDays(LONDON, saturdayNoonBst, 1)).toBe(utc('2025-10-26T12:00:00Z'));
    expect(addLocalDays(LONDON, saturdayNoonBst, 1) - saturdayNoonBst).toBe(25 * HOUR_MS);
    const saturdayNoonGmt = utc('2025-03-29T12:00:00Z');
    expect(addLocalDays(LONDON, saturdayNoonGmt, 1) - saturdayNoonGmt).toBe(23 * HOUR_MS);
    expect(addLocalDays(LONDON, saturdayNoonGmt, -7)).toBe(utc('2025-03-22T12:00:00Z'));
  });
});

describe('America/New_York', () => {
  it('spring forward 2025-03-09 02:00 EST -> 03:00 EDT', () => {
    expect(wallClock(NEW_YORK, utc('2025-03-09T06:59:00Z'))).toBe('2025-03-09 01:59:00');
    expect(wallClock(NEW_YORK, utc('2025-03-09T07:00:00Z'))).toBe('2025-03-09 03:00:00');
    expect(instantOfLocal(NEW_YORK, { year: 2025, month: 3, day: 9 }, 2, 30)).toBe(utc('2025-03-09T07:30:00Z'));
  });

  it('fall back 2025-11-02 02:00 EDT -> 01:00 EST', () => {
    const day = { year: 2025, month: 11, day: 2 };
    expect(instantOfLocal(NEW_YORK, day, 1, 30)).toBe(utc('2025-11-02T05:30:00Z')); // 01:30 EDT, the first one
    expect(wallClock(NEW_YORK, utc('2025-11-02T06:30:00Z'))).toBe('2025-11-02 01:30:00'); // the second one, EST
    expect(startOfNextLocalDay(NEW_YORK, utc('2025-11-02T12:00:00Z'))).toBe(utc('2025-11-03T05:00:00Z'));
  });
});

describe('Australia/Sydney (southern hemisphere)', () => {
  it('DST ends 2025-04-06 03:00 AEDT -> 02:00 AEST: 02:30 means the first one', () => {
    const day = { year: 2025, month: 4, day: 6 };
    expect(instantOfLocal(SYDNEY, day, 2, 30)).toBe(utc('2025-04-05T15:30:00Z'));
    expect(wallClock(SYDNEY, utc('2025-04-05T16:30:00Z'))).toBe('2025-04-06 02:30:00');
    const start = startOfLocalDay(SYDNEY, utc('2025-04-06T02:00:00Z'));
    expect(start).toBe(utc('2025-04-05T13:00:00Z')); // midnight AEDT
    expect(startOfNextLocalDay(SYDNEY, start) - start).toBe(25 * HOUR_MS);
  });

  it('DST starts 2025-10-05 02:00 AEST -> 03:00 AEDT: 02:30 moves forward to 03:30', () => {
    const day = { year: 2025, month: 10, day: 5 };
    expect(instantOfLocal(SYDNEY, day, 2, 30)).toBe(utc('2025-10-04T16:30:00Z'));
    expect(wallClock(SYDNEY, utc('2025-10-04T16:30:00Z'))).toBe('2025-10-05 03:30:00');
    expect(localDateTime(SYDNEY, utc('2025-10-04T16:30:00Z')).weekday).toBe(7);
  });
});

describe('a zone whose midnight is skipped (America/Santiago, 2024-09-08 00:00 -> 01:00)', () => {
  it('starts that day at 01:00', () => {
    const start = startOfLocalDay('America/Santiago', utc('2024-09-08T15:00:00Z'));
    expect(wallClock('America/Santiago', start)).toBe('2024-09-08 01:00:00');
    expect(localEpochDay('America/Santiago', start - 1)).toBe(localEpochDay('America/Santiago', start) - 1);
  });
});

const zones = [LONDON, NEW_YORK, SYDNEY, 'America/Santiago', 'America/St_Johns', 'Australia/Lord_Howe', 'Asia/Tokyo'];
const instants = fc.integer({ min: utc('2000-01-01T00:00:00Z'), max: utc('2040-01-01T00:00:00Z') });

describe('properties', () => {
  it('the memoised offsets agree with Intl at any instant', () => {
    const formats = new Map(zones.map((zone) => [zone, new Intl.DateTimeFormat('en-GB', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit',
    })]));
    fc.assert(
      fc.property(fc.constantFrom(...zones), instants, (zone, instant) => {
        const parts = Object.fromEntries(formats.get(zone)!.formatToParts(instant).map((p) => [p.type, p.value]));
        const expected = `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
        expect(wallClock(zone, instant)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('a wall-clock reading maps back to the first instant that shows it', () => {
    fc.assert(
      fc.property(fc.constantFrom(...zones), instants, (zone, instant) => {
        const reading = localMsOf(zone, instant);
        const first = instantOfLocalMs(zone, reading);
        expect(localMsOf(zone, first)).toBe(reading);
        expect(first).toBeLessThanOrEqual(instant);
        expect(instant - first).toBeLessThanOrEqual(2 * HOUR_MS); // only a repeated hour differs
      }),
      { numRuns: 2000 },
    );
  });

  it('local days follow each other: each starts after the last and lasts 22 to 26 hours', () => {
    fc.assert(
      fc.property(fc.constantFrom(...zones), instants, (zone, instant) => {
        const start = startOfLocalDay(zone, instant);
        const next = startOfNextLocalDay(zone, instant);
        expect(start).toBeLessThanOrEqual(instant);
        expect(next).toBeGreaterThan(instant);
        expect(next - start).toBeGreaterThanOrEqual(22 * HOUR_MS);
        expect(next - start).toBeLessThanOrEqual(26 * HOUR_MS);
        expect(localEpochDay(zone, next)).toBe(localEpochDay(zone, instant) + 1);
        expect(Math.abs(addLocalDays(zone, instant, 1) - instant - DAY_MS)).toBeLessThanOrEqual(2 * HOUR_MS);
      }),
      { numRuns: 1000 },
    );
  });
});
