// Published tariffs, as operators print them, quoted by the engine: each stay's fee was worked out by hand from the
// published text (see README.md beside this file). A tariff the rate tables cannot say fails here by name.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseRateTable, quoteStay } from '../../electron/kiosk/domain/tariff';
import { instantOfLocal, isValidTimeZone } from '../../electron/kiosk/domain/zoned-time';

const CORPUS = join(import.meta.dirname, 'corpus');
const LOCAL_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

const corpusEntry = z.strictObject({
  kind: z.string().min(1),
  country: z.string().length(2),
  source: z.strictObject({ operator: z.string().min(1), url: z.url(), date: z.string().min(1), published: z.string().min(1) }),
  timeZone: z.string().refine(isValidTimeZone, 'must be an IANA time zone'),
  notes: z.string().min(1),
  table: z.unknown(),
  stays: z
    .array(z.strictObject({ entry: z.string().regex(LOCAL_TIME).nullable(), exit: z.string().regex(LOCAL_TIME), feeMinor: z.number().int().min(0), working: z.string().min(1) }))
    .min(8, 'needs at least 8 stays worked out by hand'),
});

/** "2025-01-15T10:00" (seconds optional) on the site's wall clock. */
function localInstant(text: string, timeZone: string): number {
  const [, year, month, day, hour, minute, second = '0'] = LOCAL_TIME.exec(text)!.map((part) => part ?? '0');
  return instantOfLocal(timeZone, { year: Number(year), month: Number(month), day: Number(day) }, Number(hour), Number(minute)) + Number(second) * 1000;
}

const files = readdirSync(CORPUS).filter((name) => name.endsWith('.json')).sort();

describe('published tariff corpus', () => {
  it('holds at least 20 tariffs from city garages, airports, hospitals, rail stations and shopping centres', () => {
    expect(files.length).toBeGreaterThanOrEqual(20);
    const entries = files.map((name) => corpusEntry.parse(JSON.parse(readFileSync(join(CORPUS, name), 'utf8'))));
    const kinds = new Set(entries.map((entry) => entry.kind));
    for (const kind of ['city garage', 'airport', 'hospital', 'rail station', 'shopping centre']) expect(kinds).toContain(kind);
    const countries = new Set(entries.map((entry) => entry.country));
    for (const country of ['US', 'GB', 'DE', 'NL']) expect(countries).toContain(country);
  });

  describe.each(files)('%s', (name) => {
    const entry = corpusEntry.parse(JSON.parse(readFileSync(join(CORPUS, name), 'utf8')));

    it('is expressible as a rate table', () => {
      expect(() => parseRateTable(entry.table)).not.toThrow();
    });

    it.each(entry.stays)('$entry -> $exit costs $feeMinor ($working)', (stay) => {
      const table = parseRateTable(entry.table);
      const quote = quoteStay([table], {
        entryAt: stay.entry === null ? null : localInstant(stay.entry, entry.timeZone),
        exitAt: localInstant(stay.exit, entry.timeZone),
        vehicleClass: table.vehicleClass,
        timeZone: entry.timeZone,
        taxRateBp: 0,
        currency: table.currency,
      });
      expect(quote.totalMinor).toBe(stay.feeMinor);
      expect(quote.lines.reduce((sum, line) => sum + line.amountMinor, 0)).toBe(quote.totalMinor);
    });
  });
});
