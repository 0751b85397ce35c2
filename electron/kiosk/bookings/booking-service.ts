/**
 * Bookings at the booth: find a place for a window, book it for a driver and a plate, take the money, modify,
 * cancel, and release no-shows. The booking, its money, the capacity it holds (booking_holds), the audit row and
 * the outbox row commit in ONE immediate transaction: the capacity check runs under SQLite's write lock, so
 * several consoles (or processes) booking the last place at once never oversell it, and the idempotency key is the
 * booking's reference, so a retried request never books or charges twice.
 */
import type { BookingView } from '../contract/bookings';
import type { AuditAction, SpaceType } from '../contract';
import { audit, type Actor, type Core } from '../core';
import { conflict, notFound } from '../errors';
import { cancellationFee, noShowAt, refundDue, splitCapacity, type BookingPolicy, type BookingWindow } from '../domain/booking';
import { quoteStay, type Quote } from '../domain/tariff';
import type { HeadOfficeBooking } from '../../../native/headoffice';
import type { DriverService } from '../drivers/driver-service';
import type { Driver } from '../store/drivers-repo';
import { BookingsRepo, type Booking, type BookingMoney } from '../store/bookings-repo';
import { SpacesRepo } from '../store/spaces-repo';
import { formatTime } from '../payments/receipt';
import type { TariffService } from '../tariffs/tariff-service';
import { BookingChecks, type Target } from './booking-checks';
import { BookingLedger, type BookingPayment } from './booking-ledger';
import { BookingMessages, type SmsQueue } from './messages';

export type { BookingPayment } from './booking-ledger';

export interface BookingRequest extends BookingWindow {
  driverId: number;
  plate: string;
  vehicleClass: string;
  zoneId: string;
  spaceType: SpaceType;
  spaceId: number | null;
  payment: BookingPayment;
  idempotencyKey: string;
}

export interface ChangePlan {
  before: Booking;
  driver: Driver;
  target: Target;
  priceMinor: number;
  owedMore: number;
}

export interface AvailabilityQuery extends BookingWindow {
  vehicleClass: string;
  zoneId?: string | undefined;
  floorId?: string | undefined;
  spaceType?: SpaceType | undefined;
  maxPriceMinor?: number | undefined;
}

export interface AvailabilityOption {
  zoneId: string;
  spaceType: SpaceType;
  capacity: number;
  free: number;
  nearestSpace: { id: number; label: string; floorId: string | null } | null;
}

/** Rate tables whose id starts with this price bookings for their class instead of the walk-in tables. */
export const BOOKING_TABLE_PREFIX = 'booking';

export class BookingService {
  readonly repo: BookingsRepo;
  readonly spaces: SpacesRepo;
  readonly ledger: BookingLedger;
  readonly checks: BookingChecks;
  private readonly messages: BookingMessages;
  private sweeper: NodeJS.Timeout | undefined;

  constructor(
    private readonly core: Core,
    private readonly tariffs: TariffService,
    private readonly drivers: DriverService,
    sms: SmsQueue | null,
  ) {
    const { db } = core.store;
    this.repo = new BookingsRepo(db);
    this.spaces = new SpacesRepo(db);
    this.ledger = new BookingLedger(core, this.repo);
    this.checks = new BookingChecks(core, this.repo, this.spaces);
    this.messages = new BookingMessages(core, sms);
  }

  policy(): BookingPolicy {
    return this.repo.policy();
  }

  savePolicy(policy: BookingPolicy, reason: string, actor: Actor): BookingPolicy {
    this.core.store.change(() => {
      const before = this.repo.policy();
      this.repo.savePolicy(policy, this.core.now());
      audit(this.core, { actor: actor.username, action: 'booking.policy_saved', subject: 'booking_policy', detail: { before, policy, reason } });
      this.core.store.outbox.appendEvent('booking_policy', 'booking_policy', policy, this.core.now());
    });
    return policy;
  }

  /** The window's price for the class: the booking rate tables when the site has some for it, else the walk-in ones. */
  quote(window: BookingWindow, vehicleClass: string): Quote {
    const all = this.tariffs.list();
    const booking = all.filter((t) => t.id.startsWith(BOOKING_TABLE_PREFIX) && t.vehicleClass === vehicleClass);
    const tables = booking.length > 0 ? booking : all.filter((t) => !t.id.startsWith(BOOKING_TABLE_PREFIX));
    const { site } = this.core.layout();
    return quoteStay(tables, { entryAt: window.startsAt, exitAt: window.endsAt, vehicleClass, timeZone: site.timeZone, taxRateBp: site.taxRateBp, currency: site.currency });
  }

  /** Places the site may still sell for the window, cheapest then nearest first (one price per class: the tariff's). */
  search(query: AvailabilityQuery): { priceMinor: number; currency: string; options: AvailabilityOption[] } {
    this.checks.checkWindow(query);
    this.checks.checkClass(query.vehicleClass);
    const price = this.quote(query, query.vehicleClass);
    if (query.maxPriceMinor !== undefined && price.totalMinor > query.maxPriceMinor) return { priceMinor: price.totalMinor, currency: price.currency, options: [] };
    const { headofficeAllotmentBp } = this.repo.policy();
    const options: (AvailabilityOption & { distance: number })[] = [];
    for (const { zoneId, spaceType, capacity } of this.repo.capacities()) {
      if ((query.zoneId && zoneId !== query.zoneId) || (query.spaceType && spaceType !== query.spaceType)) continue;
      const named = this.spaces.hasSpaces(zoneId, spaceType);
      const nearest = named ? this.spaces.nearestFree({ zoneId, spaceType, vehicleClass: query.vehicleClass, floorId: query.floorId ?? null, startsAt: query.startsAt, endsAt: query.endsAt }) : undefined;
      if ((named || query.floorId) && !nearest) continue;
      const free = splitCapacity(capacity, headofficeAllotmentBp).site - this.repo.heldIn(zoneId, spaceType, query).site;
      if (free > 0) options.push({ zoneId, spaceType, capacity, free, nearestSpace: nearest ?? null, distance: nearest ? this.spaces.get(nearest.id)!.distance : 0 });
    }
    options.sort((a, b) => a.distance - b.distance || b.free - a.free || a.zoneId.localeCompare(b.zoneId));
    return { priceMinor: price.totalMinor, currency: price.currency, options: options.map(({ distance: _distance, ...option }) => option) };
  }

  create(request: BookingRequest, actor: Actor): { booking: Booking; changeMinor: number } {
    const replay = this.repo.byRef(request.idempotencyKey);
    if (replay) return { booking: replay, changeMinor: 0 };
    const driver = this.drivers.requireLive(request.driverId);
    const target = this.checks.checkedTarget(request);
    const price = this.quote(request, request.vehicleClass).totalMinor;
    const policy = this.repo.policy();
    const money = this.ledger.moneyFor(request.payment, price, driver, policy, actor);
    const { store, now } = this.core;
    const booking = store.change(() => {
      const again = this.repo.byRef(request.idempotencyKey);
      if (again) return again;
      this.checks.claim({ ...target, origin: 'booth', exceptId: null });
      const created = this.repo.insert({
        ref: request.idempotencyKey,
        origin: 'booth',
        driverId: driver.id,
        ...target,
        payMode: request.payment.method === 'on_arrival' ? 'on_arrival' : 'prepaid',
        priceMinor: price,
        currency: this.core.layout().site.currency,
        createdBy: actor.username,
        createdAt: now(),
      });
      this.repo.hold(created, 1);
      if (money) this.ledger.collect(created, money, price, request.idempotencyKey, actor);
      this.recorded(created.id, 'booking.created', actor.username, { priceMinor: price, payment: request.payment.method });
      this.messages.confirmed(this.repo.get(created.id)!, driver);
      return this.repo.get(created.id)!;
    });
    this.core.bus.emit('lot.changed', { reason: 'booking', sessionId: null });
    return { booking, changeMinor: request.payment.method === 'cash' ? request.payment.tenderedMinor - price : 0 };
  }

  /**
   * A change checked before its transaction: the booking as it is, the new window/plate/place and its price, and
   * what more is owed. Refused while a card payment for the booking may still be taken (its outcome decides the
   * booking's money; a change now could not know it).
   */
  planChange(id: number, version: number, change: Omit<BookingRequest, 'driverId' | 'vehicleClass'>): ChangePlan {
    const before = this.requireBooked(id);
    if (before.version !== version) throw conflict(`booking ${before.ref} was changed meanwhile: reload it and try again`);
    if (this.ledger.cards.inFlight(id)) throw conflict(`a card payment for booking ${before.ref} has not ended yet: wait for it (or cancel it on the reader), then change the booking`);
    const driver = this.drivers.requireLive(before.driverId);
    const target = this.checks.checkedTarget({ ...change, vehicleClass: before.vehicleClass });
    const price = this.quote(change, before.vehicleClass).totalMinor;
    return { before, driver, target, priceMinor: price, owedMore: before.payMode === 'prepaid' ? price - before.paidMinor : 0 };
  }

  /** New window, plate or place; the difference to what was paid is charged or refunded in the same transaction. */
  modify(id: number, version: number, change: Omit<BookingRequest, 'driverId' | 'vehicleClass'>, actor: Actor): { booking: Booking; chargedMinor: number; refundedMinor: number } {
    const { before, driver, target, priceMinor: price, owedMore } = this.planChange(id, version, change);
    // A dearer change by card is staged until the reader took the difference: BookingCards.modify.
    if (owedMore > 0 && change.payment.method === 'card') throw conflict('the difference by card is taken on the booth reader');
    const money = owedMore > 0 ? this.ledger.moneyFor(change.payment, owedMore, driver, this.repo.policy(), actor) : null;
    const { store } = this.core;
    const result = store.change(() => {
      this.repo.hold(before, -1);
      this.checks.claim({ ...target, origin: before.origin, exceptId: before.id });
      this.repo.update(id, { ...target, priceMinor: price }, this.core.now());
      const after = this.repo.get(id)!;
      this.repo.hold(after, 1);
      if (money) this.ledger.collect(after, money, owedMore, change.idempotencyKey, actor);
      const refundedMinor = before.payMode === 'prepaid' ? this.ledger.refund(after, refundDue(before.paidMinor, price), change.idempotencyKey, actor) : 0;
      this.recorded(id, 'booking.modified', actor.username, { priceBefore: before.priceMinor, priceMinor: price, chargedMinor: Math.max(0, owedMore), refundedMinor });
      return { booking: this.repo.get(id)!, chargedMinor: Math.max(0, owedMore), refundedMinor };
    });
    this.core.bus.emit('lot.changed', { reason: 'booking', sessionId: null });
    return result;
  }

  /** Cancels under the policy: free until N hours before, then the fee; what was paid beyond the fee goes back. */
  cancel(id: number, reason: string, idempotencyKey: string, actor: Actor): { booking: Booking; feeMinor: number; refundedMinor: number } {
    const booking = this.requireBooked(id);
    const driver = this.drivers.require(booking.driverId);
    const feeMinor = cancellationFee(this.repo.policy(), booking, booking.priceMinor, this.core.now());
    const result = this.core.store.change(() => {
      const refundedMinor = this.ledger.release(booking, 'cancelled', feeMinor, idempotencyKey, actor);
      this.recorded(id, 'booking.cancelled', actor.username, { reason, feeMinor, refundedMinor });
      this.messages.cancelled(booking, driver);
      return { booking: this.repo.get(id)!, feeMinor, refundedMinor };
    });
    this.core.bus.emit('lot.changed', { reason: 'booking', sessionId: null });
    return result;
  }

  /** What cancelling now would cost and give back, for the attendant to read before confirming. */
  cancelPreview(id: number): { feeMinor: number; refundMinor: number; currency: string } {
    const booking = this.requireBooked(id);
    const feeMinor = cancellationFee(this.repo.policy(), booking, booking.priceMinor, this.core.now());
    return { feeMinor, refundMinor: refundDue(booking.paidMinor, feeMinor), currency: booking.currency };
  }

  /**
   * The attendant records a no-show once the grace is over, without waiting for the sweep: the hold goes and the
   * policy's no-show fee applies, as the sweep would do. Refused inside the grace.
   */
  markNoShow(id: number, reason: string, idempotencyKey: string, actor: Actor): { booking: Booking; feeMinor: number; refundedMinor: number } {
    const booking = this.requireBooked(id);
    const policy = this.repo.policy();
    const from = noShowAt(policy, booking);
    if (this.core.now() < from) throw conflict(`booking ${booking.ref} is still within its arrival grace: a no-show can be recorded from ${formatTime(from, this.core.layout().site)}`);
    const feeMinor = Math.min(policy.noShowFeeMinor, booking.priceMinor);
    const result = this.core.store.change(() => {
      const refundedMinor = this.ledger.release(booking, 'no_show', feeMinor, idempotencyKey, actor);
      this.recorded(id, 'booking.no_show', actor.username, { reason, feeMinor, refundedMinor });
      return { booking: this.repo.get(id)!, feeMinor, refundedMinor };
    });
    this.core.bus.emit('lot.changed', { reason: 'booking', sessionId: null });
    return result;
  }

  /** Releases no-shows every `everyMs` from now on (the kiosk's lifetime). */
  start(everyMs = 60_000): void {
    this.sweeper ??= setInterval(() => {
      try {
        this.releaseNoShows();
      } catch (error) {
        this.core.log.error({ err: error }, 'releasing no-show bookings failed');
      }
    }, everyMs);
  }

  stop(): void {
    clearInterval(this.sweeper);
    this.sweeper = undefined;
  }

  /**
   * A booking made online, from the config pull (inside its transaction). Head office sells only from its allotment,
   * so a booking it sends is checked against that share alone: one that does not fit (the allotment sold out in a
   * slot, a window over, an unknown zone) is a conflict the pull records; the site's own sales are never undone.
   * The driver comes with it: head office's record wins over the site's copy, audited.
   */
  applyHeadOffice(change: HeadOfficeBooking): void {
    // Its own savepoint inside the pull: a refused booking leaves nothing of itself (not even its driver) behind.
    this.core.store.change(() => this.placeHeadOffice(change));
  }

  private placeHeadOffice(change: HeadOfficeBooking): void {
    const existing = this.repo.byRef(change.ref);
    if (change.cancelled) {
      if (existing?.status === 'booked') {
        this.repo.hold(existing, -1);
        this.repo.setStatus(existing.id, 'cancelled', this.core.now());
        this.recorded(existing.id, 'booking.cancelled', 'headoffice', { reason: 'cancelled online', feeMinor: 0, refundedMinor: 0 });
      }
      return;
    }
    if (change.currency !== this.core.layout().site.currency) throw conflict(`booking ${change.ref} is in ${change.currency}, the site takes ${this.core.layout().site.currency}`);
    const target = this.checks.checkedTarget({ ...change, spaceType: change.spaceType as SpaceType, spaceId: null });
    const driver = this.drivers.fromHeadOffice(change.driver);
    if (existing) {
      if (existing.status !== 'booked') throw conflict(`booking ${change.ref} is ${existing.status} at the site: head office's change comes too late`);
      this.repo.hold(existing, -1);
      this.checks.claim({ ...target, origin: 'headoffice', exceptId: existing.id });
      this.repo.update(existing.id, { ...target, priceMinor: change.paidMinor }, this.core.now());
      this.repo.hold(this.repo.get(existing.id)!, 1);
      this.recorded(existing.id, 'booking.modified', 'headoffice', { priceMinor: change.paidMinor });
      return;
    }
    this.checks.claim({ ...target, origin: 'headoffice', exceptId: null });
    const created = this.repo.insert({ ref: change.ref, origin: 'headoffice', driverId: driver.id, ...target, payMode: 'prepaid', priceMinor: change.paidMinor, currency: change.currency, createdBy: 'headoffice', createdAt: this.core.now() });
    this.repo.hold(created, 1);
    if (change.paidMinor > 0) {
      this.repo.insertMoney({ bookingId: created.id, idempotencyKey: `${change.ref}-online`, kind: 'charge', method: 'card', amountMinor: change.paidMinor, walletId: null, shiftId: null, at: this.core.now(), by: 'headoffice' });
      this.repo.addPaid(created.id, change.paidMinor);
    }
    this.recorded(created.id, 'booking.created', 'headoffice', { priceMinor: change.paidMinor, payment: 'online' });
    this.messages.confirmed(this.repo.get(created.id)!, driver);
  }

  /** Bookings whose car did not come within the grace stop holding their place; the no-show fee applies. */
  releaseNoShows(): number {
    const now = this.core.now();
    const policy = this.repo.policy();
    const due = this.repo.overdue(now, 500).filter((b) => noShowAt(policy, b) <= now);
    for (const booking of due) {
      const fee = Math.min(policy.noShowFeeMinor, booking.priceMinor);
      this.core.store.change(() => {
        if (this.repo.get(booking.id)!.status !== 'booked') return;
        const refundedMinor = this.ledger.release(booking, 'no_show', fee, `no-show-${booking.ref}`, null);
        this.recorded(booking.id, 'booking.no_show', 'system', { feeMinor: fee, refundedMinor });
      });
    }
    if (due.length > 0) this.core.bus.emit('lot.changed', { reason: 'booking', sessionId: null });
    return due.length;
  }

  get(id: number): { booking: Booking; money: BookingMoney[] } {
    const booking = this.repo.get(id);
    if (!booking) throw notFound(`booking ${id}`);
    return { booking, money: this.repo.money(id) };
  }

  /** Per zone/type and site-local day from `from`, the most held in any hour: the day/week view. */
  calendar(from: number, to: number): { bookings: Booking[]; held: { zoneId: string; spaceType: SpaceType; dayStart: number; held: number; capacity: number }[] } {
    const held = [];
    for (let dayStart = from; dayStart < to; dayStart += 86_400_000) {
      const day = { startsAt: dayStart, endsAt: Math.min(to, dayStart + 86_400_000) };
      for (const { zoneId, spaceType, capacity } of this.repo.capacities()) {
        const inDay = this.repo.heldIn(zoneId, spaceType, day);
        held.push({ zoneId, spaceType, dayStart, held: inDay.site + inDay.ho, capacity });
      }
    }
    return { bookings: this.repo.liveBetween(from, to, 500), held };
  }

  // ---- inside the transactions ----

  private recorded(id: number, action: BookingAction, actor: string, detail: Record<string, unknown>): void {
    recordBookingChange(this.core, this.repo, id, action, actor, detail);
  }

  // ---- checks before the transaction ----

  private requireBooked(id: number): Booking {
    const booking = this.repo.get(id);
    if (!booking) throw notFound(`booking ${id}`);
    if (booking.status !== 'booked') throw conflict(`booking ${booking.ref} is ${booking.status.replace('_', '-')}: only a booking not arrived yet can change`);
    return booking;
  }
}


/** What head office hears of a booking: everything but the money's detail (sent as its own rows). */
export const bookingRecord = (b: Booking): BookingView => ({ ...b });

/**
 * Audit and outbox rows of a booking change, inside its transaction. The audit names the booking by reference and
 * never its plate or driver's details; the outbox carries the booking as it now is, keyed by its version.
 */
/** A booking's audited changes: each writes its booking's status and version beside the detail. */
type BookingAction = Extract<AuditAction, `booking.${string}`>;

export function recordBookingChange(core: Core, repo: BookingsRepo, id: number, action: BookingAction, actor: string, detail: Record<string, unknown>): void {
  const booking = repo.get(id)!;
  audit(core, { actor, action, subject: `booking:${booking.ref}`, detail: { ...detail, status: booking.status, version: booking.version } });
  core.store.outbox.append('booking', `booking:${booking.ref}:v${booking.version}`, bookingRecord(booking), core.now());
}
