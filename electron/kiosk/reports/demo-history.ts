/**
 * Writes a planned history (native/demo planHistory) into the site's database as the kiosk itself would have left
 * it: closed sessions with their lane decisions, the payments priced by the site's own rate tables with receipts,
 * card attempts (a few declined), cash in each day's shift drawer and each shift's cash-up. One transaction, one
 * audit row; the report rollups fill through their triggers like any other write. Only for a new demo site (first
 * start) and for benches: a real site's past is its own.
 */
import type { Core } from '../core';
import { audit } from '../core';
import { foldConfusable, normalisePlate } from '../domain/plate';
import { DAY_MS, HOUR_MS, instantOfLocalMs, localEpochDay, localMsOf } from '../domain/zoned-time';
import type { TariffService } from '../tariffs/tariff-service';
import { holidaysFor } from './holidays';
import { planHistory, type HistoryOptions, type PlannedVisit } from '../../../native/demo';

/** The attendant's shift each day, local hours: cash is taken at the booth only while someone is in it. */
const SHIFT = { from: 7, to: 19 };
const FLOAT_MINOR = 10_000;

export interface HistoryWritten {
  readonly sessions: number;
  readonly payments: number;
  readonly shifts: number;
}

export function generateDemoHistory(core: Core, tariffs: TariffService, options: Omit<HistoryOptions, 'zones' | 'untilDay'> & { untilDay?: number }): HistoryWritten {
  const layout = core.layout();
  const timeZone = layout.site.timeZone;
  const zones = layout.zones.map((zone) => {
    const entry = layout.lanes.find((lane) => lane.zoneId === zone.id && lane.direction === 'entry');
    const exit = layout.lanes.find((lane) => lane.zoneId === zone.id && lane.direction === 'exit') ?? layout.lanes.find((lane) => lane.direction === 'exit');
    return { id: zone.id, capacity: Object.values(zone.spaces).reduce((n, c) => n + (c ?? 0), 0), entryLane: entry?.id ?? '', exitLane: exit?.id ?? null };
  }).filter((zone) => zone.entryLane !== '');
  const untilDay = options.untilDay ?? localEpochDay(timeZone, core.now());
  const visits = planHistory({ holidays: holidaysFor(timeZone), ...options, zones, untilDay }).filter((v) => instantOfLocalMs(timeZone, v.exitLocalMs) < core.now());
  return core.store.change(() => {
    const writer = new HistoryWriter(core, tariffs, timeZone);
    const written = writer.write(visits, untilDay - options.days, untilDay);
    audit(core, { actor: 'site set-up', action: 'demo.history', subject: null, detail: { ...written, days: options.days } });
    return written;
  });
}

class HistoryWriter {
  private readonly db: Core['store']['db'];
  private receiptNo: number;
  private readonly attendantId: number;
  private readonly shiftByDay = new Map<number, { id: number; cashMinor: number }>();

  constructor(
    private readonly core: Core,
    private readonly tariffs: TariffService,
    private readonly timeZone: string,
  ) {
    this.db = core.store.db;
    this.receiptNo = this.db.prepare('SELECT coalesce(max(no), 0) FROM receipts').pluck().get() as number;
    const attendant = this.db.prepare("SELECT id FROM users WHERE role = 'attendant' AND active = 1 ORDER BY id LIMIT 1").pluck().get() as number | undefined;
    if (attendant === undefined) throw new Error('the demo history needs an attendant for its shifts');
    this.attendantId = attendant;
  }

  write(visits: PlannedVisit[], firstDay: number, untilDay: number): HistoryWritten {
    for (let day = firstDay; day < untilDay; day++) this.openShift(day);
    const insertSession = this.db.prepare(`INSERT INTO sessions (plate_raw, plate_key, plate_fold, plate_confidence, vehicle_class, zone_id, space_type,
        entry_lane, entry_at, entry_manual_reason, status, opened_by, entry_code)
      VALUES (@plate, @plate, @fold, @confidence, @vehicleClass, @zoneId, 'regular', @entryLane, @entryAt, @manualReason, 'open', @openedBy, @entryCode)`);
    // Closed as the lanes close a session, so the rollups count the exit and the stay through the same trigger.
    const closeSession = this.db.prepare(`UPDATE sessions SET exit_lane = @exitLane, exit_at = @exitAt, status = 'closed', paid_minor = @paid, paid_at = @paidAt,
        closed_by = 'lane', exit_code = @exitCode WHERE id = @id`);
    let payments = 0;
    for (const visit of visits) {
      const entryAt = instantOfLocalMs(this.timeZone, visit.entryLocalMs);
      const exitAt = instantOfLocalMs(this.timeZone, visit.exitLocalMs);
      const quote = visit.permit ? null : this.tariffs.quote({ entryAt, exitAt, vehicleClass: visit.vehicleClass, lostTicket: false });
      const paid = quote?.totalMinor ?? 0;
      const confirmed = visit.confidence < 0.8;
      const plate = normalisePlate(visit.plate);
      const { lastInsertRowid } = insertSession.run({
        plate,
        fold: foldConfusable(plate),
        confidence: Math.round(visit.confidence * 1000) / 1000,
        vehicleClass: visit.vehicleClass,
        zoneId: visit.zoneId,
        entryLane: visit.entryLane,
        entryAt,
        manualReason: confirmed ? 'read confirmed by the attendant' : null,
        openedBy: confirmed ? 'anna' : 'lane',
        entryCode: visit.permit ? 'open_permit' : 'open_transient',
      });
      const exitCode = visit.permit ? 'open_permit' : paid > 0 ? 'open_paid_within_grace' : 'open_free';
      closeSession.run({ id: lastInsertRowid, exitLane: visit.exitLane, exitAt, paid, paidAt: paid > 0 ? exitAt - 120_000 : null, exitCode });
      if (paid > 0 && quote) {
        this.pay(Number(lastInsertRowid), visit, paid, quote, exitAt - 120_000);
        payments++;
      }
    }
    for (const day of this.shiftByDay.keys()) this.closeShift(day);
    return { sessions: visits.length, payments, shifts: this.shiftByDay.size };
  }

  private pay(sessionId: number, visit: PlannedVisit, amount: number, quote: { taxMinor: number }, at: number): void {
    const local = localMsOf(this.timeZone, at);
    const day = Math.floor(local / DAY_MS);
    const localHour = Math.floor((local - day * DAY_MS) / HOUR_MS);
    const shift = localHour >= SHIFT.from && localHour < SHIFT.to ? this.shiftByDay.get(day) : undefined;
    // Cash needs the booth open; out of hours the same driver pays by card at the exit.
    const method = visit.method === 'cash' && !shift ? 'card' : visit.method!;
    const key = `history-${sessionId}`;
    let attemptId: number | null = null;
    if (method === 'card') {
      for (let i = 0; i < visit.declines; i++) this.attempt(`${key}-declined-${i}`, sessionId, amount, 'declined', at - 30_000);
      attemptId = this.attempt(key, sessionId, amount, 'succeeded', at);
    }
    const tendered = method === 'cash' ? Math.ceil(amount / 500) * 500 : null;
    const no = ++this.receiptNo;
    const { lastInsertRowid } = this.db
      .prepare(`INSERT INTO payments (idempotency_key, attempt_id, session_id, method, amount_minor, currency, tax_minor, tendered_minor, change_minor,
          shift_id, quote, receipt_no, taken_by, taken_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(key, attemptId, sessionId, method, amount, this.core.layout().site.currency, quote.taxMinor, tendered, tendered === null ? null : tendered - amount,
        method === 'cash' ? shift!.id : null, JSON.stringify(quote), no, method === 'cash' ? 'anna' : `lane:${visit.exitLane}`, at);
    const paymentId = Number(lastInsertRowid);
    this.db.prepare("INSERT INTO receipts (no, kind, payment_id, refund_id, issued_at, body) VALUES (?, 'receipt', ?, NULL, ?, ?)")
      .run(no, paymentId, at, JSON.stringify({ no, kind: 'receipt', history: true, amountMinor: amount, method }));
    if (method === 'cash') {
      this.db.prepare("INSERT INTO cash_movements (shift_id, kind, amount_minor, payment_id, at, by) VALUES (?, 'sale', ?, ?, ?, 'anna')").run(shift!.id, amount, paymentId, at);
      shift!.cashMinor += amount;
    }
  }

  /** Written as the card flow writes it: created first, then settled (the rollup counts the settling). */
  private attempt(key: string, sessionId: number, amount: number, state: 'declined' | 'succeeded', at: number): number {
    const { lastInsertRowid } = this.db
      .prepare(`INSERT INTO payment_attempts (idempotency_key, session_id, method, amount_minor, currency, state, terminal_id, created_by, created_at, updated_at)
        VALUES (?, ?, 'card', ?, ?, 'created', 'demo-reader', 'lane', ?, ?)`)
      .run(key, sessionId, amount, this.core.layout().site.currency, at - 5_000, at - 5_000);
    this.db.prepare('UPDATE payment_attempts SET state = ?, failure_code = ?, updated_at = ? WHERE id = ?').run(state, state === 'declined' ? 'card_declined' : null, at, lastInsertRowid);
    return Number(lastInsertRowid);
  }

  private openShift(day: number): void {
    const openedAt = instantOfLocalMs(this.timeZone, day * DAY_MS + SHIFT.from * HOUR_MS);
    const closedAt = instantOfLocalMs(this.timeZone, day * DAY_MS + SHIFT.to * HOUR_MS);
    // Written closed (one attendant has one open shift at a time); the cash-up is filled in once the day's cash is known.
    const { lastInsertRowid } = this.db.prepare('INSERT INTO shifts (user_id, opened_at, float_minor, closed_at) VALUES (?, ?, ?, ?)').run(this.attendantId, openedAt, FLOAT_MINOR, closedAt);
    this.shiftByDay.set(day, { id: Number(lastInsertRowid), cashMinor: 0 });
  }

  /** Most cash-ups match; about one in twelve is a little over or short, as real drawers are. */
  private closeShift(day: number): void {
    const shift = this.shiftByDay.get(day)!;
    const expected = FLOAT_MINOR + shift.cashMinor;
    const variance = day % 12 === 5 ? -500 : day % 12 === 9 ? 200 : 0;
    this.db.prepare('UPDATE shifts SET counted_minor = ?, counted_detail = ?, expected_minor = ? WHERE id = ?')
      .run(expected + variance, JSON.stringify({ history: true }), expected, shift.id);
  }
}
