/**
 * Quote speed for a busy rate table (free minutes, periods, calendar-day cap, night and evening bands, early bird):
 * stays of up to 6 hours (the everyday case) and up to 6 weeks, entering anywhere in 2025.
 */
import { parseRateTable, quoteStay } from '../electron/kiosk/domain/tariff';
import { DAY_MS, HOUR_MS } from '../electron/kiosk/domain/zoned-time';
import { machine, summarise, timeEach } from './lib/measure';
import { seededRandom } from './lib/plates';

const ALL_DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const table = parseRateTable({
  id: 'car', name: 'Car', vehicleClass: 'car', version: 1, effectiveFrom: 0, currency: 'GBP', lostTicketMinor: 3_000,
  freeMinutes: 15,
  firstPeriod: { minutes: 60, priceMinor: 300 },
  furtherPeriod: { minutes: 30, priceMinor: 150 },
  dailyMaxMinor: 2_000,
  dailyMaxMode: 'calendarDay',
  bands: [
    { name: 'Night', days: [...ALL_DAYS], from: '22:00', to: '06:00', charge: { kind: 'flat', priceMinor: 500 } },
    { name: 'Evening', days: ['fri', 'sat'], from: '18:00', to: '22:00', charge: { kind: 'perPeriod', periodMinutes: 60, priceMinor: 200 }, capMinor: 600 },
  ],
  earlyBirds: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], entryFrom: '06:00', entryTo: '09:00', flatUntil: '19:00', priceMinor: 800 }],
});
const YEAR_START = Date.UTC(2025, 0, 1);

function quotes(maxLength: number, count: number) {
  const random = seededRandom(12_345);
  return summarise(
    timeEach(count, () => {
      const entryAt = YEAR_START + Math.floor(random() * 364 * DAY_MS);
      quoteStay([table], { entryAt, exitAt: entryAt + Math.floor(random() * maxLength), vehicleClass: 'car', timeZone: 'Europe/London', taxRateBp: 2_000 });
    }, 2_000),
  );
}

const everyday = quotes(6 * HOUR_MS, 20_000);
const long = quotes(42 * DAY_MS, 1_000);
console.log(
  JSON.stringify({
    bench: 'tariff',
    stay_up_to_6h_median_ms: everyday.median_ms,
    stay_up_to_6h_p95_ms: everyday.p95_ms,
    stay_up_to_6_weeks_median_ms: long.median_ms,
    stay_up_to_6_weeks_p95_ms: long.p95_ms,
    machine: machine(),
  }),
);
