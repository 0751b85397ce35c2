/**
 * Money over a range: taken and refunded by local day, method, vehicle class and rate table (money rollup), the
 * discounts and validations given, debts, card authorisations and each shift's cash-up.
 */
import type { Database } from 'better-sqlite3';
import type { SiteLayout } from '../contract';
import type { MoneyReport } from '../contract/reports';
import { isoDate, localHour, publicRange, type ReportRange } from './range';

interface MoneyRow {
  hour: number;
  method: string;
  vehicle_class: string;
  tariff: string;
  payments: number;
  amount_minor: number;
  tax_minor: number;
  refunded_minor: number;
}

export function moneyReport(db: Database, layout: SiteLayout, range: ReportRange): MoneyReport {
  const rows = db.prepare('SELECT * FROM report_money WHERE hour >= ? AND hour < ?').all(range.fromHour, range.toHour) as MoneyRow[];
  const byDay = new Map(range.days.map((day) => [day, { date: isoDate(day), takenMinor: 0, refundedMinor: 0, payments: 0 }]));
  const byMethod = new Map<string, { method: string; takenMinor: number; refundedMinor: number; payments: number }>();
  const byClass = new Map<string, { vehicleClass: string; takenMinor: number; payments: number }>();
  const byTariff = new Map<string, { tariff: string; takenMinor: number; payments: number }>();
  let taken = 0;
  let refunded = 0;
  let tax = 0;
  let payments = 0;
  for (const row of rows) {
    taken += row.amount_minor;
    refunded += row.refunded_minor;
    tax += row.tax_minor;
    payments += row.payments;
    const day = byDay.get(localHour(range.timeZone, row.hour).day);
    if (day) [day.takenMinor, day.refundedMinor, day.payments] = [day.takenMinor + row.amount_minor, day.refundedMinor + row.refunded_minor, day.payments + row.payments];
    const method = getOr(byMethod, row.method, () => ({ method: row.method, takenMinor: 0, refundedMinor: 0, payments: 0 }));
    [method.takenMinor, method.refundedMinor, method.payments] = [method.takenMinor + row.amount_minor, method.refundedMinor + row.refunded_minor, method.payments + row.payments];
    const vehicleClass = getOr(byClass, row.vehicle_class, () => ({ vehicleClass: row.vehicle_class, takenMinor: 0, payments: 0 }));
    [vehicleClass.takenMinor, vehicleClass.payments] = [vehicleClass.takenMinor + row.amount_minor, vehicleClass.payments + row.payments];
    const tariff = getOr(byTariff, row.tariff, () => ({ tariff: row.tariff, takenMinor: 0, payments: 0 }));
    [tariff.takenMinor, tariff.payments] = [tariff.takenMinor + row.amount_minor, tariff.payments + row.payments];
  }
  return {
    range: publicRange(range),
    currency: layout.site.currency,
    takenMinor: taken,
    refundedMinor: refunded,
    netMinor: taken - refunded,
    taxMinor: tax,
    payments,
    byDay: [...byDay.values()],
    byMethod: [...byMethod.values()].sort((a, b) => b.takenMinor - a.takenMinor),
    byVehicleClass: [...byClass.values()].sort((a, b) => b.takenMinor - a.takenMinor),
    byTariff: [...byTariff.values()].sort((a, b) => b.takenMinor - a.takenMinor),
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

function getOr<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) map.set(key, (value = create()));
  return value;
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
