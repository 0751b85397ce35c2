import type { Database, Statement } from 'better-sqlite3';
import type { SpaceType } from '../contract';
import { slotsOf, type BookingPolicy, type BookingWindow } from '../domain/booking';

export const LIVE_BOOKING_STATUSES = ['booked', 'arrived'] as const;
export type BookingStatus = 'booked' | 'arrived' | 'completed' | 'cancelled' | 'no_show';
export type BookingOrigin = 'booth' | 'headoffice';

export interface Booking {
  id: number;
  ref: string;
  origin: BookingOrigin;
  driverId: number;
  plateRaw: string;
  plateKey: string;
  vehicleClass: string;
  zoneId: string;
  spaceType: SpaceType;
  spaceId: number | null;
  startsAt: number;
  endsAt: number;
  status: BookingStatus;
  payMode: 'prepaid' | 'on_arrival';
  priceMinor: number;
  paidMinor: number;
  currency: string;
  sessionId: number | null;
  version: number;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
}

export type NewBooking = Omit<Booking, 'id' | 'status' | 'paidMinor' | 'sessionId' | 'version' | 'updatedAt'> & { plateFold: string };

export interface BookingMoney {
  bookingId: number;
  idempotencyKey: string;
  kind: 'charge' | 'refund' | 'fee';
  method: 'wallet' | 'cash' | 'card' | 'owed';
  amountMinor: number;
  walletId: number | null;
  shiftId: number | null;
  at: number;
  by: string;
}

/** A zone/type's capacity and the most its live bookings hold in any slot of a window, per seller. */
export interface HeldInWindow {
  zoneId: string;
  spaceType: SpaceType;
  capacity: number;
  siteHeld: number;
  headofficeHeld: number;
}

const COLUMNS = `id, ref, origin, driver_id AS driverId, plate_raw AS plateRaw, plate_key AS plateKey, vehicle_class AS vehicleClass,
  zone_id AS zoneId, space_type AS spaceType, space_id AS spaceId, starts_at AS startsAt, ends_at AS endsAt, status, pay_mode AS payMode,
  price_minor AS priceMinor, paid_minor AS paidMinor, currency, session_id AS sessionId, version, created_by AS createdBy,
  created_at AS createdAt, updated_at AS updatedAt`;

/**
 * Bookings and the capacity they hold. `booking_holds` keeps, per zone, type and hour slot, how many live bookings
 * the site and head office sold; every status or window change moves it in the same transaction (`hold`), so the
 * availability search reads a window's few dozen slots through the primary key instead of scanning bookings.
 */
export class BookingsRepo {
  private readonly getStmt: Statement;
  private readonly holdStmt: Statement;
  private readonly heldStmt: Statement;
  private readonly capacityStmt: Statement;

  constructor(private readonly db: Database) {
    this.getStmt = db.prepare(`SELECT ${COLUMNS} FROM bookings WHERE id = ?`);
    // A release (-1) always finds its rows: the booking's own +1 wrote them. 'WHERE true' lets the upsert parse after a SELECT.
    this.holdStmt = db.prepare(`WITH RECURSIVE slots(slot) AS (SELECT @first UNION ALL SELECT slot + 1 FROM slots WHERE slot + 1 < @last)
      INSERT INTO booking_holds (zone_id, space_type, slot, site_held, ho_held)
      SELECT @zone, @type, slot, max(@site, 0), max(@ho, 0) FROM slots WHERE true
      ON CONFLICT (zone_id, space_type, slot) DO UPDATE SET site_held = site_held + @site, ho_held = ho_held + @ho`);
    this.heldStmt = db.prepare('SELECT coalesce(max(site_held), 0) AS site, coalesce(max(ho_held), 0) AS ho FROM booking_holds WHERE zone_id = ? AND space_type = ? AND slot >= ? AND slot < ?');
    this.capacityStmt = db.prepare('SELECT zone_id AS zoneId, space_type AS spaceType, capacity FROM zone_spaces ORDER BY zone_id, space_type');
  }

  insert(booking: NewBooking): Booking {
    const { lastInsertRowid } = this.db
      .prepare(`INSERT INTO bookings (ref, origin, driver_id, plate_raw, plate_key, plate_fold, vehicle_class, zone_id, space_type, space_id, starts_at, ends_at,
          status, pay_mode, price_minor, currency, created_by, created_at, updated_at)
        VALUES (@ref, @origin, @driverId, @plateRaw, @plateKey, @plateFold, @vehicleClass, @zoneId, @spaceType, @spaceId, @startsAt, @endsAt,
          'booked', @payMode, @priceMinor, @currency, @createdBy, @createdAt, @createdAt)`)
      .run(booking);
    return this.get(Number(lastInsertRowid))!;
  }

  get(id: number): Booking | undefined {
    return this.getStmt.get(id) as Booking | undefined;
  }

  byRef(ref: string): Booking | undefined {
    return this.db.prepare(`SELECT ${COLUMNS} FROM bookings WHERE ref = ?`).get(ref) as Booking | undefined;
  }

  /** Changes what may change after booking (window, plate, zone/type/space, price); bumps the version. */
  update(id: number, change: Pick<Booking, 'startsAt' | 'endsAt' | 'plateRaw' | 'plateKey' | 'zoneId' | 'spaceType' | 'spaceId' | 'priceMinor'> & { plateFold: string }, at: number): void {
    this.db
      .prepare(`UPDATE bookings SET starts_at = @startsAt, ends_at = @endsAt, plate_raw = @plateRaw, plate_key = @plateKey, plate_fold = @plateFold,
        zone_id = @zoneId, space_type = @spaceType, space_id = @spaceId, price_minor = @priceMinor, version = version + 1, updated_at = @at WHERE id = @id`)
      .run({ ...change, id, at });
  }

  setStatus(id: number, status: BookingStatus, at: number, sessionId?: number): void {
    this.db.prepare('UPDATE bookings SET status = ?, session_id = coalesce(?, session_id), version = version + 1, updated_at = ? WHERE id = ?').run(status, sessionId ?? null, at, id);
  }

  /** An arrival undone: the booking waits for its car again, tied to no session. False when it had not arrived. */
  unarrive(id: number, at: number): boolean {
    return this.db.prepare("UPDATE bookings SET status = 'booked', session_id = NULL, version = version + 1, updated_at = ? WHERE id = ? AND status = 'arrived'").run(at, id).changes === 1;
  }

  addPaid(id: number, deltaMinor: number): void {
    this.db.prepare('UPDATE bookings SET paid_minor = paid_minor + ? WHERE id = ?').run(deltaMinor, id);
  }

  /** +1 / -1 on every slot the window holds for its seller. Inside the booking change's transaction. */
  hold(target: { zoneId: string; spaceType: string; origin: BookingOrigin } & BookingWindow, delta: 1 | -1): void {
    const { first, last } = slotsOf(target);
    const site = target.origin === 'booth' ? delta : 0;
    this.holdStmt.run({ zone: target.zoneId, type: target.spaceType, first, last, site, ho: delta - site });
  }

  capacities(): { zoneId: string; spaceType: SpaceType; capacity: number }[] {
    return this.capacityStmt.all() as { zoneId: string; spaceType: SpaceType; capacity: number }[];
  }

  /** The most held in any slot of the window, per seller. */
  heldIn(zoneId: string, spaceType: string, window: BookingWindow): { site: number; ho: number } {
    const { first, last } = slotsOf(window);
    return this.heldStmt.get(zoneId, spaceType, first, last) as { site: number; ho: number };
  }

  /**
   * Whether a live booking other than `exceptId`, or a change to one still waiting for its card, holds the named
   * space in an overlapping window.
   */
  spaceTaken(spaceId: number, window: BookingWindow, exceptId: number | null): boolean {
    const args = { space: spaceId, endsAt: window.endsAt, startsAt: window.startsAt, except: exceptId };
    return (
      this.db.prepare("SELECT 1 FROM bookings WHERE space_id = @space AND status IN ('booked','arrived') AND starts_at < @endsAt AND ends_at > @startsAt AND id IS NOT @except LIMIT 1").get(args) !== undefined ||
      this.db
        .prepare(`SELECT 1 FROM booking_card_attempts WHERE state IN ('created','sent_to_reader') AND pending_change IS NOT NULL AND booking_id IS NOT @except
            AND pending_change ->> '$.spaceId' = @space AND pending_change ->> '$.startsAt' < @endsAt AND pending_change ->> '$.endsAt' > @startsAt LIMIT 1`)
        .get(args) !== undefined
    );
  }

  /** Bookings not arrived yet that start between `from` and `to` (the entry lane ranks their plates). */
  awaitingArrival(from: number, to: number): Booking[] {
    return this.db.prepare(`SELECT ${COLUMNS} FROM bookings WHERE status = 'booked' AND starts_at BETWEEN ? AND ? ORDER BY starts_at`).all(from, to) as Booking[];
  }

  bySession(sessionId: number): Booking | undefined {
    return this.db.prepare(`SELECT ${COLUMNS} FROM bookings WHERE session_id = ?`).get(sessionId) as Booking | undefined;
  }

  forDriver(driverId: number, limit: number): Booking[] {
    return this.db.prepare(`SELECT ${COLUMNS} FROM bookings WHERE driver_id = ? ORDER BY starts_at DESC LIMIT ?`).all(driverId, limit) as Booking[];
  }

  /** Live bookings overlapping [from, to), by start: the day/week view. */
  /** Every booking arriving in [from, to), whatever became of it: the booth's day list. */
  arriving(from: number, to: number, limit: number): Booking[] {
    return this.db.prepare(`SELECT ${COLUMNS} FROM bookings WHERE starts_at >= ? AND starts_at < ? ORDER BY starts_at, id LIMIT ?`).all(from, to, limit) as Booking[];
  }

  liveBetween(from: number, to: number, limit: number): Booking[] {
    return this.db
      .prepare(`SELECT ${COLUMNS} FROM bookings WHERE status IN ('booked','arrived') AND starts_at < ? AND ends_at > ? ORDER BY starts_at LIMIT ?`)
      .all(to, from, limit) as Booking[];
  }

  /** Bookings not arrived whose no-show time has passed (they start before `startedBefore`). */
  overdue(startedBefore: number, limit: number): Booking[] {
    return this.db.prepare(`SELECT ${COLUMNS} FROM bookings WHERE status = 'booked' AND starts_at < ? ORDER BY starts_at LIMIT ?`).all(startedBefore, limit) as Booking[];
  }

  openForDriver(driverId: number): number {
    return this.db.prepare("SELECT count(*) FROM bookings WHERE driver_id = ? AND status IN ('booked','arrived')").pluck().get(driverId) as number;
  }

  insertMoney(money: BookingMoney): number {
    return Number(
      this.db
        .prepare(`INSERT INTO booking_payments (booking_id, idempotency_key, kind, method, amount_minor, wallet_id, shift_id, at, by)
          VALUES (@bookingId, @idempotencyKey, @kind, @method, @amountMinor, @walletId, @shiftId, @at, @by)`)
        .run(money).lastInsertRowid,
    );
  }

  moneyByKey(key: string): BookingMoney | undefined {
    return this.db
      .prepare('SELECT booking_id AS bookingId, idempotency_key AS idempotencyKey, kind, method, amount_minor AS amountMinor, wallet_id AS walletId, shift_id AS shiftId, at, by FROM booking_payments WHERE idempotency_key = ?')
      .get(key) as BookingMoney | undefined;
  }

  money(bookingId: number): BookingMoney[] {
    return this.db
      .prepare('SELECT booking_id AS bookingId, idempotency_key AS idempotencyKey, kind, method, amount_minor AS amountMinor, wallet_id AS walletId, shift_id AS shiftId, at, by FROM booking_payments WHERE booking_id = ? ORDER BY id')
      .all(bookingId) as BookingMoney[];
  }

  policy(): BookingPolicy {
    const row = this.db.prepare('SELECT * FROM booking_policy WHERE id = 1').get() as Record<string, number>;
    return {
      payOnArrival: row['pay_on_arrival'] === 1,
      freeCancelHours: row['free_cancel_hours']!,
      cancelFeeMinor: row['cancel_fee_minor']!,
      noShowGraceMinutes: row['no_show_grace_minutes']!,
      noShowFeeMinor: row['no_show_fee_minor']!,
      arriveEarlyMinutes: row['arrive_early_minutes']!,
      headofficeAllotmentBp: row['headoffice_allotment_bp']!,
    };
  }

  savePolicy(policy: BookingPolicy, at: number): void {
    this.db
      .prepare(`UPDATE booking_policy SET pay_on_arrival = @payOnArrival, free_cancel_hours = @freeCancelHours, cancel_fee_minor = @cancelFeeMinor,
        no_show_grace_minutes = @noShowGraceMinutes, no_show_fee_minor = @noShowFeeMinor, arrive_early_minutes = @arriveEarlyMinutes,
        headoffice_allotment_bp = @headofficeAllotmentBp, updated_at = @at WHERE id = 1`)
      .run({ ...policy, payOnArrival: policy.payOnArrival ? 1 : 0, at });
  }
}
