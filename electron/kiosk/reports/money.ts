/**
 * Money over a range: taken and refunded by local day, method, vehicle class and rate table (money rollup), the
 * discounts and validations given, debts, card authorisations and each shift's cash-up.
 */
import type { Database } from 'better-sqlite3';
import type { SiteLayout } from '../contract';
import type { MoneyReport } from '../contract/reports';
import { isoDate, localHour, publicRange, type ReportRange } from './range';

type Totals = { takenMinor: number; refundedMinor: number; payments: number; taxMinor: number };
const TOTALS = 'sum(amount_minor) AS takenMinor, sum(refunded_minor) AS refundedMinor, sum(payments) AS payments, sum(tax_minor) AS taxMinor';

/** Money per local day from the hourly rows, and per method, class and rate table grouped by SQLite itself. */
export function moneyReport(db: Database, layout: SiteLayout, range: ReportRange): MoneyReport {
  const within = 'FROM report_money WHERE hour >= ? AND hour < ?';
  const grouped = <K extends string>(column: string, as: K) =>
    db.prepare(`SELECT ${column} AS ${as}, ${TOTALS} ${within} GROUP BY ${column} ORDER BY takenMinor DESC`).all(range.fromHour, range.toHour) as Array<Totals & Record<K, string>>;
  const byDay = new Map(range.days.map((day) => [day, { date: isoDate(day), takenMinor: 0, refundedMinor: 0, payments: 0 }]));
  for (const row of db.prepare(`SELECT hour, ${TOTALS} ${within} GROUP BY hour`).all(range.fromHour, range.toHour) as Array<Totals & { hour: number }>) {
    const day = byDay.get(localHour(range.timeZone, row.hour).day);
    if (day) [day.takenMinor, day.refundedMinor, day.payments] = [day.takenMinor + row.takenMinor, day.refundedMinor + row.refundedMinor, day.payments + row.payments];
  }
  const byMethod = grouped('method', 'method');
  const total = byMethod.reduce((sum, m) => ({ takenMinor: sum.takenMinor + m.takenMinor, refundedMinor: sum.refundedMinor + m.refundedMinor, payments: sum.payments + m.payments, taxMinor: sum.taxMinor + m.taxMinor }), { takenMinor: 0, refundedMinor: 0, payments: 0, taxMinor: 0 });
  return {
    range: publicRange(range),
    currency: layout.site.currency,
    takenMinor: total.takenMinor,
    refundedMinor: total.refundedMinor,
    netMinor: total.takenMinor - total.refundedMinor,
    taxMinor: total.taxMinor,
    payments: total.payments,
    byDay: [...byDay.values()],
    byMethod: byMethod.map(({ method, takenMinor, refundedMinor, payments }) => ({ method, takenMinor, refundedMinor, payments })),
    byVehicleClass: grouped('vehicle_class', 'vehicleClass').map(({ vehicleClass, takenMinor, payments }) => ({ vehicleClass, takenMinor, payments })),
    byTariff: grouped('tariff', 'tariff').map(({ tariff, takenMinor, payments }) => ({ tariff, takenMinor, payments })),
    adjustments: db
      .prepare(`SELECT kind, count(*) AS given, coalesce(sum(minutes_off), 0) AS minutesOff, coalesce(sum(value_off_minor), 0) AS valueOffMinor
        FROM session_adjustments WHERE at >= ? AND at < ? AND revoked_at IS NULL GROUP BY kind ORDER BY kind`)
      .all(range.fromAt, range.toAt) as MoneyReport['adjustments'],
    debts: db
      .prepare(`SELECT coalesce(sum(status = 'open'), 0) AS openCount, coalesce(sum(CASE WHEN status = 'open' THEN amount_minor END), 0) AS openMinor,
          coalesce(sum(created_at >= @from AND created_at < @to), 0) AS createdInRange,
          coalesce(sum(CASE WHEN created_at >= @from AND created_at < @to THEN amount_minor END), 0) AS createdInRangeMinor FROM debts`)
      .get({ from: range.fromAt, to: range.toAt }) as MoneyReport['debts'],
    card: cardFigures(db, range),
    shifts: shifts(db, range),
  };
}

function cardFigures(db: Database, range: ReportRange): MoneyReport['card'] {
  const rows = db.prepare('SELECT state, sum(attempts) AS n FROM report_card WHERE hour >= ? AND hour < ? GROUP BY state').all(range.fromHour, range.toHour) as Array<{ state: string; n: number }>;
  const of = (state: string) => rows.find((row) => row.state === state)?.n ?? 0;
  const attempts = rows.reduce((n, row) => n + row.n, 0);
  const decided = of('succeeded') + of('declined') + of('failed');
  return { attempts, succeeded: of('succeeded'), declined: of('declined'), failed: of('failed'), cancelled: of('cancelled'), successRate: decided === 0 ? null : Math.round((of('succeeded') / decided) * 10_000) / 10_000 };
}

/** Shifts opened in the range with their cash sales (net of cash refunds) and the cash-up the attendant counted. */
function shifts(db: Database, range: ReportRange): MoneyReport['shifts'] {
  return (
    db
      .prepare(`SELECT s.id AS shiftId, u.display_name AS attendant, s.opened_at AS openedAt, s.closed_at AS closedAt,
          (SELECT coalesce(sum(amount_minor), 0) FROM cash_movements c WHERE c.shift_id = s.id AND c.kind IN ('sale','refund')) AS cashSalesMinor,
          s.expected_minor AS expectedMinor, s.counted_minor AS countedMinor
        FROM shifts s JOIN users u ON u.id = s.user_id WHERE s.opened_at >= ? AND s.opened_at < ? ORDER BY s.opened_at`)
      .all(range.fromAt, range.toAt) as Array<Omit<MoneyReport['shifts'][number], 'varianceMinor'>>
  ).map((shift) => ({ ...shift, varianceMinor: shift.countedMinor === null || shift.expectedMinor === null ? null : shift.countedMinor - shift.expectedMinor }));
}
